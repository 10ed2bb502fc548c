#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Before xen-tools build: can CC link the libraries they use, for the
# port's Debian architecture?  Each missing one is named with the Debian
# package that provides it, so that a 32-bit port on an amd64 machine
# says how to get Debian's i386 multiarch libraries instead of failing
# deep in a link, or building amd64 programs for an i386 package.
#
# Usage: tools-libs.sh "<cc and its flags>" <debian architecture>
# Exit 0 when all link; 1, with the packages to install, otherwise.
cc=$1
arch=$2
[ -n "$cc" ] && [ -n "$arch" ] || {
	echo "usage: tools-libs.sh \"CC FLAGS\" DEBIAN-ARCH" >&2; exit 2; }

# -l<name>:<Debian package>: what tools/*/Makefile link (LIB_LDLIBS,
# <prog>-ldlibs); "c" is the C library itself.
libs="c:libc6-dev tdb:libtdb-dev json-c:libjson-c-dev ncurses:libncurses-dev
	uuid:uuid-dev z:zlib1g-dev lzma:liblzma-dev lz4:liblz4-dev
	zstd:libzstd-dev"

tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
echo 'int main(void) { return 0; }' > "$tmp/t.c"
host=$(dpkg --print-architecture 2>/dev/null)
missing=""
for l in $libs; do
	name=${l%%:*} pkg=${l#*:}
	[ "$name" = c ] && flag="" || flag=-l$name
	# shellcheck disable=SC2086 # cc is a command and its flags
	$cc -o "$tmp/t" "$tmp/t.c" $flag >/dev/null 2>&1 && continue
	[ -z "$host" ] || [ "$host" = "$arch" ] || pkg=$pkg:$arch
	missing="$missing $pkg"
done
[ -z "$missing" ] && exit 0

echo "xen-tools for $arch: '$cc' cannot link the libraries of:$missing" >&2
if [ -n "$host" ] && [ "$host" != "$arch" ]; then
	echo "  Debian's $arch multiarch libraries:" \
		"dpkg --add-architecture $arch && apt-get update &&" \
		"apt-get install$missing (scripts/install-deps.sh build does)," >&2
	echo "  or build in a $arch system, or without the tools (CONFIG_TOOLS=n)." >&2
else
	echo "  apt-get install$missing (scripts/install-deps.sh build)" >&2
fi
exit 1
