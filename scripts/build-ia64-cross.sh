#!/usr/bin/env bash
# Build a C-only, freestanding ia64-linux-gnu-gcc from Debian's gcc-12-source
# into a per-machine cache, once.  Debian 12 ships ia64 binutils but no ia64
# compiler; GCC 12 still carries the back end.  About 17 minutes on 2 cores.
#
# Usage: scripts/build-ia64-cross.sh [--print-prefix]
#   XEN_CROSS_CACHE   cache root (default: $HOME/.cache/xen-cross)
set -euo pipefail

cache=${XEN_CROSS_CACHE:-${HOME:-/root}/.cache/xen-cross}
prefix=$cache/ia64
target=ia64-linux-gnu

if [ "${1:-}" = "--print-prefix" ]; then
	echo "$prefix"
	exit 0
fi

if "$prefix/bin/$target-gcc" --version >/dev/null 2>&1; then
	echo "ia64 cross compiler already present in $prefix"
	exit 0
fi

need_pkgs="gcc-12-source binutils-ia64-linux-gnu libgmp-dev libmpfr-dev libmpc-dev flex bison xz-utils patch"
missing=$(for p in $need_pkgs; do dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null |
		grep -q 'install ok installed' || echo "$p"; done)
if [ -n "$missing" ]; then
	apt-get update -q
	DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $missing
fi

src_tar=$(ls /usr/src/gcc-12/gcc-*.tar.xz | head -n 1)
gfdl_patch=/usr/src/gcc-12/debian/patches/gcc-gfdl-build.diff
work=$(mktemp -d "${TMPDIR:-/tmp}/ia64-gcc.XXXXXX")
trap 'rm -rf "$work"' EXIT

echo "building $target-gcc from $src_tar in $work (about 17 minutes on 2 cores)"
tar -C "$work" -xf "$src_tar"
srcdir=$(echo "$work"/gcc-*)
# The DFSG tarball lacks the GFDL manuals; without Debian's patch the build
# stops at s-tm-texi ("No place specified to document hook").
(cd "$srcdir" && patch -s -p2 < "$gfdl_patch")

mkdir "$work/build"
cd "$work/build"
MAKEINFO=/nonexistent/makeinfo "$srcdir/configure" --target=$target \
	--prefix="$prefix.tmp" \
	--with-as=/usr/bin/$target-as --with-ld=/usr/bin/$target-ld \
	--enable-languages=c --without-headers --with-newlib \
	--disable-shared --disable-threads --disable-multilib --disable-nls \
	--disable-bootstrap --disable-libssp --disable-libgomp \
	--disable-libquadmath --disable-libatomic --disable-libsanitizer \
	--disable-libvtv --disable-libitm --disable-libstdcxx --disable-lto \
	--disable-plugin > configure.log
jobs=$(nproc)
make -j"$jobs" all-gcc > build-gcc.log 2>&1 || { tail -40 build-gcc.log; exit 1; }
make install-gcc > install-gcc.log
make -j"$jobs" all-target-libgcc > build-libgcc.log 2>&1 || { tail -40 build-libgcc.log; exit 1; }
make install-target-libgcc > install-libgcc.log
# Debian's binutils live in /usr/bin; link them beside the compiler so one
# PATH entry gives the whole toolchain.
for t in as ld ar nm objcopy objdump readelf strip ranlib; do
	ln -sf /usr/bin/$target-$t "$prefix.tmp/bin/$target-$t"
done
rm -rf "$prefix"
mv "$prefix.tmp" "$prefix"
"$prefix/bin/$target-gcc" --version | head -n 1
