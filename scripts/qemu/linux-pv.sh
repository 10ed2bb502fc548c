#!/bin/sh
# Fetch Debian's stock Linux kernel (the cloud flavour, built with Xen PV
# support), a guest nobody here wrote, into a cache once, and print the
# path of its kernel as the package ships it: the bzImage, its payload
# LZ4-compressed, which the hypervisor's loader opens and decompresses
# itself (arch/x86/bzimage.c).  The package is downloaded and unpacked,
# never installed.
#
#	scripts/qemu/linux-pv.sh [CACHE_DIR]
#
# CACHE_DIR defaults to $LINUX_PV_CACHE, else ~/.cache/linux-pv.  The
# package's name and version are kept next to the image (vmlinux.version).
# Exit status 2 if the kernel cannot be fetched or unpacked.
set -eu
cache=${1:-${LINUX_PV_CACHE:-$HOME/.cache/linux-pv}}
img=$cache/vmlinuz
if [ -s "$img" ]; then
	echo "$img"
	exit 0
fi
for tool in apt-get apt-cache dpkg-deb; do
	command -v "$tool" >/dev/null || {
		echo "linux-pv.sh: $tool is needed to fetch and unpack the kernel" >&2
		exit 2
	}
done
pkg=$(apt-cache search --names-only '^linux-image-[0-9.]+-[0-9]+-cloud-amd64$' |
	awk '{ print $1 }' | sort -V | tail -1)
if [ -z "$pkg" ]; then
	echo "linux-pv.sh: no linux-image-*-cloud-amd64 package known (apt-get update?)" >&2
	exit 2
fi
mkdir -p "$cache"
tmp=$(mktemp -d "$cache/fetch.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
if ! (cd "$tmp" && apt-get download "$pkg") >&2; then
	echo "linux-pv.sh: cannot download $pkg (network?)" >&2
	exit 2
fi
deb=$(ls "$tmp"/${pkg}_*.deb)
dpkg-deb -x "$deb" "$tmp/x"
set -- "$tmp"/x/boot/vmlinuz-*
# A bzImage: "HdrS" at 0x202 (the loader checks the rest).
if [ ! -s "$1" ] || [ "$(od -An -c -j 514 -N 4 "$1" | tr -d ' ')" != "HdrS" ]; then
	echo "linux-pv.sh: $pkg has no bzImage in /boot" >&2
	exit 2
fi
cp "$1" "$img.tmp"
echo "$pkg $(dpkg-deb -f "$deb" Version)" > "$cache/vmlinux.version"
mv "$img.tmp" "$img"
echo "$img"
