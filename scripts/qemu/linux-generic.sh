#!/bin/sh
# Fetch Debian's generic Linux kernel, the one linux-image-amd64 depends
# on and a Debian domain 0 runs, into a cache once, and print the path of
# its bzImage as the package ships it (its payload XZ-compressed).  The
# package's modules tree is unpacked beside it (lib/modules/<version>/),
# for an initramfs that needs them.  Downloaded and unpacked, never
# installed.
#
#	scripts/qemu/linux-generic.sh [CACHE_DIR]
#
# CACHE_DIR defaults to $LINUX_GENERIC_CACHE, else ~/.cache/linux-generic.  The
# package's name and version are kept next to the image (vmlinuz.version).
# Exit status 2 if the kernel cannot be fetched or unpacked.
set -eu
cache=${1:-${LINUX_GENERIC_CACHE:-$HOME/.cache/linux-generic}}
img=$cache/vmlinuz
if [ -s "$img" ]; then
	echo "$img"
	exit 0
fi
for tool in apt-get apt-cache dpkg-deb; do
	command -v "$tool" >/dev/null || {
		echo "linux-generic.sh: $tool is needed to fetch and unpack the kernel" >&2
		exit 2
	}
done
# linux-image-amd64 is a metapackage: the kernel is what it depends on.
pkg=$(apt-cache depends linux-image-amd64 2>/dev/null |
	sed -n 's/^ *Depends: \(linux-image-[0-9.]*-[0-9]*-amd64\)$/\1/p' | head -1)
if [ -z "$pkg" ]; then
	echo "linux-generic.sh: linux-image-amd64 names no kernel (apt-get update?)" >&2
	exit 2
fi
mkdir -p "$cache"
tmp=$(mktemp -d "$cache/fetch.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
if ! (cd "$tmp" && apt-get download "$pkg") >&2; then
	echo "linux-generic.sh: cannot download $pkg (network?)" >&2
	exit 2
fi
deb=$(ls "$tmp"/${pkg}_*.deb)
dpkg-deb -x "$deb" "$tmp/x"
set -- "$tmp"/x/boot/vmlinuz-*
if [ ! -s "$1" ] || [ "$(od -An -c -j 514 -N 4 "$1" | tr -d ' ')" != "HdrS" ]; then
	echo "linux-generic.sh: $pkg has no bzImage in /boot" >&2
	exit 2
fi
rm -rf "$cache/lib"
mv "$tmp/x/lib" "$cache/lib"
cp "$1" "$img.tmp"
echo "$pkg $(dpkg-deb -f "$deb" Version)" > "$cache/vmlinuz.version"
mv "$img.tmp" "$img"
echo "$img"
