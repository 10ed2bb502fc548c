#!/bin/sh
# Install the Debian packages the build and the tests need, if missing.
# Usage: install-deps.sh [build|qemu|check]   (default: check, everything)
#
# Run as root (apt-get); as another user it only reports what is missing.
set -e

build="gcc make binutils libc6-dev kconfig-frontends python3 gzip libtdb-dev uuid-dev
	zlib1g-dev liblzma-dev liblz4-dev libzstd-dev libjson-c-dev libncurses-dev"
qemu="qemu-system-x86 grub-pc-bin grub-common xorriso mtools"
check="sparse tmux python3-kconfiglib dpkg-dev file clang libclang-rt-14-dev libtdb-dev
	tdb-tools uuid-dev xenstore-utils libxen-dev zlib1g-dev lz4 xz-utils zstd
	lintian man-db mmdebstrap fdisk e2fsprogs
	nbd-server nbd-client lvm2 iptables iproute2 iperf3 strace"

case "${1:-check}" in
build) pkgs="$build" ;;
qemu) pkgs="$build $qemu" ;;
check) pkgs="$build $qemu $check" ;;
*) echo "usage: $0 [build|qemu|check]" >&2; exit 2 ;;
esac

missing=""
for p in $pkgs; do
	dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q 'install ok installed' ||
		missing="$missing $p"
done
[ -z "$missing" ] && exit 0

if [ "$(id -u)" != 0 ]; then
	echo "missing Debian packages:$missing (run as root to install them)" >&2
	exit 0
fi
echo "installing:$missing"
export DEBIAN_FRONTEND=noninteractive
apt-get update -q >/dev/null
# No recommends: kconfig-frontends would pull in the whole Qt5 SDK.
apt-get install -y -q --no-install-recommends $missing >/dev/null
