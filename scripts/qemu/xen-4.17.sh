#!/bin/sh
# Fetch Debian's Xen 4.17 hypervisor, the reference our hypervisor must
# match, into a cache once, and print the path of its uncompressed image
# (QEMU's -kernel cannot decompress xen.gz).  The package is downloaded
# and unpacked, never installed.
#
#	scripts/qemu/xen-4.17.sh [CACHE_DIR]
#
# CACHE_DIR defaults to $XEN_REF_CACHE, else ~/.cache/xen-ref.  The
# package's version is kept next to the image (xen-4.17.version).
# Exit status 2 if the package cannot be fetched (no network, no apt).
set -eu
cache=${1:-${XEN_REF_CACHE:-$HOME/.cache/xen-ref}}
pkg=xen-hypervisor-4.17-amd64
img=$cache/xen-4.17
if [ -s "$img" ]; then
	echo "$img"
	exit 0
fi
command -v apt-get >/dev/null && command -v dpkg-deb >/dev/null || {
	echo "xen-4.17.sh: apt-get and dpkg-deb are needed to fetch $pkg" >&2
	exit 2
}
mkdir -p "$cache"
tmp=$(mktemp -d "$cache/fetch.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
if ! (cd "$tmp" && apt-get download "$pkg") >&2; then
	echo "xen-4.17.sh: cannot download $pkg (apt-get update? network?)" >&2
	exit 2
fi
deb=$(ls "$tmp"/${pkg}_*.deb)
dpkg-deb -x "$deb" "$tmp/x"
zcat "$tmp/x/boot/xen-4.17-amd64.gz" > "$img.tmp"
dpkg-deb -f "$deb" Version > "$img.version"
mv "$img.tmp" "$img"
echo "$img"
