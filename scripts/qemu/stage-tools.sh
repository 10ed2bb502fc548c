#!/bin/sh
# Install xen-tools into STAGE as in a domain 0 (prefix /usr, /etc), with
# the programs of each DIR as well (test programs: bindir
# /usr/lib/xen/tests), and copy in the host's shared libraries they load
# (found with ldd) and the dynamic loader, so that STAGE can become the
# root of a Debian Linux domain 0's initramfs (mkinitramfs-dom0.py --tree).
# Builds in BUILD.  Exit status 1 with the reason on stderr.
#
#	scripts/qemu/stage-tools.sh BUILD STAGE [DIR...]
set -eu
src=$(cd "$(dirname "$0")/../.." && pwd)
build=$1 stage=$2
shift 2
fail() { echo "$*" >&2; exit 1; }

make -s -C "$src/tools" OUTPUT="$build/" all >&2 &&
make -s -C "$src/tools" OUTPUT="$build/" install \
	DESTDIR="$stage" prefix=/usr sysconfdir=/etc >&2 ||
	fail "make -C tools install failed"
for d; do
	make -s -C "$src/$d" OUTPUT="$build/$d/" install DESTDIR="$stage" \
		prefix=/usr bindir=/usr/lib/xen/tests >&2 ||
		fail "make -C $d install failed"
done
rm -rf "$stage/usr/include"	# not needed at run time
for f in $(find "$stage" -type f -perm -u+x) $(find "$stage" -name "lib*.so*" -type f); do
	[ "$(head -c 4 "$f" | od -An -c | tr -d ' ')" = '177ELF' ] || continue
	LD_LIBRARY_PATH=$stage/usr/lib ldd "$f" 2>/dev/null |
		sed -n 's/.*=> \(\/[^ ]*\) .*/\1/p; s/^[[:space:]]*\(\/[^ ]*\) .*/\1/p'
done | sort -u > "$build/host-libs"
while read -r lib; do
	case $lib in "$stage"/*) continue ;; esac
	mkdir -p "$stage$(dirname "$lib")"
	cp -L "$lib" "$stage$lib" || fail "cannot copy $lib"
done < "$build/host-libs"
