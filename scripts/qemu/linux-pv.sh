#!/bin/sh
# Fetch Debian's stock Linux kernel (the cloud flavour, built with Xen PV
# support), a guest nobody here wrote, into a cache once, and print the
# path of its kernel as a PV domain builder loads it: the ELF inside the
# bzImage, gzip-compressed.  The package is downloaded and unpacked, never
# installed.  (Xen's own loader also takes the bzImage and its LZ4
# payload; ours takes ELF, plain or gzip: the unpacking is done here.)
#
#	scripts/qemu/linux-pv.sh [CACHE_DIR]
#
# CACHE_DIR defaults to $LINUX_PV_CACHE, else ~/.cache/linux-pv.  The
# package's name and version are kept next to the image (vmlinux.version).
# Exit status 2 if the kernel cannot be fetched or unpacked.
set -eu
cache=${1:-${LINUX_PV_CACHE:-$HOME/.cache/linux-pv}}
img=$cache/vmlinux.gz
if [ -s "$img" ]; then
	echo "$img"
	exit 0
fi
for tool in apt-get apt-cache dpkg-deb lz4 python3; do
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
# The bzImage's payload: setup_sects at 0x1f1, payload_offset/length at 0x248.
python3 - "$tmp"/x/boot/vmlinuz-* "$tmp/payload" <<'PY'
import struct, sys
d = open(sys.argv[1], "rb").read()
setup = (d[0x1f1] or 4) + 1
off, length = struct.unpack_from("<II", d, 0x248)
open(sys.argv[2], "wb").write(d[setup * 512 + off:setup * 512 + off + length])
PY
# The kernel's LZ4 stream ends with its size, which lz4 calls trailing
# garbage (exit status 1): what counts is an ELF image out.
lz4 -dc "$tmp/payload" > "$tmp/vmlinux" 2>/dev/null || true
if [ "$(head -c 4 "$tmp/vmlinux" | od -An -c | tr -d ' ')" != '177ELF' ]; then
	echo "linux-pv.sh: the payload of $pkg did not unpack to an ELF image" >&2
	exit 2
fi
gzip -6c "$tmp/vmlinux" > "$img.tmp"
echo "$pkg $(dpkg-deb -f "$deb" Version)" > "$cache/vmlinux.version"
mv "$img.tmp" "$img"
echo "$img"
