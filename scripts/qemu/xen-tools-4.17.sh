#!/bin/sh
# Fetch Debian's Xen 4.17 toolstack (xen-utils-4.17: xl, xenstored,
# xenconsoled, xen-init-dom0; libxenlight, libxenctrl and the other
# libraries they load; xenstore-utils; xen-utils-common's /etc/xen/xl.conf)
# into a cache once, unpacked as a
# root tree, and print its path.  The packages are downloaded with
# apt-get download and unpacked, never installed: they are the reference
# toolstack scripts/check/tests/linux-xl.sh runs, unmodified, in a
# Debian domain 0 on our hypervisor and on Debian's Xen 4.17.
#
#	scripts/qemu/xen-tools-4.17.sh [CACHE_DIR]
#
# CACHE_DIR defaults to $XEN_REF_CACHE, else ~/.cache/xen-ref; the tree
# is CACHE_DIR/tools-4.17, the packages' versions in tools-4.17.version.
# Exit status 2, with the reason on stderr, if they cannot be fetched.
set -eu
cache=${1:-${XEN_REF_CACHE:-$HOME/.cache/xen-ref}}
root=$cache/tools-4.17
# The toolstack and the libraries its programs load (their Depends, read
# with ldd against the unpacked tree); libc, zlib, lzma, zstd and uuid
# come from the host, as for our own tools (stage-tools.sh).
PKGS="xen-utils-4.17 xen-utils-common xenstore-utils libxenmisc4.17 libxenstore4
	libxentoolcore1 libxentoollog1 libxencall1 libxenevtchn1
	libxenforeignmemory1 libxengnttab1 libxendevicemodel1 libxenhypfs1
	libyajl2"
if [ -x "$root/usr/lib/xen-4.17/bin/xl" ] && [ -f "$root/etc/xen/xl.conf" ]; then
	echo "$root"
	exit 0
fi
command -v apt-get >/dev/null && command -v dpkg-deb >/dev/null || {
	echo "xen-tools-4.17.sh: apt-get and dpkg-deb are needed to fetch xen-utils-4.17" >&2
	exit 2
}
mkdir -p "$cache"
tmp=$(mktemp -d "$cache/fetch.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
# shellcheck disable=SC2086
if ! (cd "$tmp" && apt-get download $PKGS) >&2; then
	echo "xen-tools-4.17.sh: cannot download $PKGS (apt-get update? network?)" >&2
	exit 2
fi
for deb in "$tmp"/*.deb; do
	dpkg-deb -x "$deb" "$tmp/root" || {
		echo "xen-tools-4.17.sh: cannot unpack $deb" >&2
		exit 2
	}
	echo "$(dpkg-deb -f "$deb" Package) $(dpkg-deb -f "$deb" Version)"
done > "$tmp/version"
rm -rf "$root"
mv "$tmp/version" "$root.version"
mv "$tmp/root" "$root"
echo "$root"
