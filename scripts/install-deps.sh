#!/bin/sh
# Install the Debian packages the build and the tests need, if missing,
# and the i386 ones of the 32-bit ports' tools (adding Debian's i386
# architecture for them).
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

# The 32-bit ports' tools are i386 programs: gcc -m32 on Debian's i386
# multiarch libraries (what tools/ links: scripts/tools-libs.sh), for
# every set (make and make deb-pkg of x86_32 and x86_32_pae need them).
i386="gcc-multilib libc6-dev:i386 libtdb-dev:i386 uuid-dev:i386 zlib1g-dev:i386
	liblzma-dev:i386 liblz4-dev:i386 libzstd-dev:i386 libjson-c-dev:i386
	libncurses-dev:i386"

case "${1:-check}" in
build) pkgs="$build" ;;
qemu) pkgs="$build $qemu" ;;
check) pkgs="$build $qemu $check" ;;
*) echo "usage: $0 [build|qemu|check]" >&2; exit 2 ;;
esac

# missing_of <packages>: those not installed.
missing_of() {
	for p in "$@"; do
		dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q 'install ok installed' ||
			printf ' %s' "$p"
	done
}
# shellcheck disable=SC2086 # word lists
missing=$(missing_of $pkgs)
# shellcheck disable=SC2086
missing_i386=$(missing_of $i386)
[ -z "$missing$missing_i386" ] && exit 0

if [ "$(id -u)" != 0 ]; then
	echo "missing Debian packages:$missing$missing_i386 (run as root to install them)" >&2
	[ -z "$missing_i386" ] ||
		echo "  (the :i386 ones after dpkg --add-architecture i386 && apt-get update)" >&2
	exit 0
fi
export DEBIAN_FRONTEND=noninteractive
if [ -n "$missing" ]; then
	echo "installing:$missing"
	apt-get update -q >/dev/null
	# No recommends: kconfig-frontends would pull in the whole Qt5 SDK.
	# shellcheck disable=SC2086
	apt-get install -y -q --no-install-recommends $missing >/dev/null
fi
[ -z "$missing_i386" ] && exit 0

# Without them the 32-bit ports build no tools and the checks say so
# (a SKIP naming the packages): a failure here is reported, not fatal.
echo "installing (the 32-bit ports' i386 tools):$missing_i386"
if ! dpkg --print-foreign-architectures | grep -qx i386; then
	dpkg --add-architecture i386 || {
		echo "install-deps: dpkg --add-architecture i386 failed: the 32-bit ports" \
			"build no tools here" >&2; exit 0; }
	apt-get update -q >/dev/null || true
fi
# shellcheck disable=SC2086
apt-get install -y -q --no-install-recommends $missing_i386 >/dev/null ||
	echo "install-deps: could not install$missing_i386: the 32-bit ports build no" \
		"tools here (their checks SKIP, naming them)" >&2
