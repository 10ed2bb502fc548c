#!/bin/sh
# Fetch Debian's generic Linux kernel, the one linux-image-amd64 depends
# on and a Debian domain 0 runs, and busybox-static, into a cache once,
# and print the path of the bzImage as the package ships it (its payload
# XZ-compressed).  The package's modules tree is unpacked beside it
# (lib/modules/<version>/).  Downloaded and unpacked, never installed.
#
#	scripts/qemu/linux-dom0.sh [--elf|--modules|--busybox|--all] [CACHE_DIR]
#
#	--elf		print instead the ELF inside the bzImage, gzip-compressed,
#			for a hypervisor that loads ELF only (XZ unpacked here)
#	--modules	the modules tree, .../lib/modules/<version>
#	--busybox	the static busybox (busybox-static's /bin/busybox)
#	--all		four lines: "bzimage PATH", "elf PATH", "modules PATH",
#			"busybox PATH"
#
# CACHE_DIR defaults to $LINUX_DOM0_CACHE, else ~/.cache/linux-dom0.  The
# packages' names and versions are kept next to them (vmlinuz.version,
# busybox.version).  Each piece is fetched only when missing.  Exit status
# 2, with the reason on stderr, if one cannot be fetched or unpacked.
set -eu
what=bzimage
case ${1:-} in
--elf|--modules|--busybox|--all) what=${1#--}; shift ;;
-*) echo "usage: $0 [--elf|--modules|--busybox|--all] [CACHE_DIR]" >&2; exit 2 ;;
esac
cache=${1:-${LINUX_DOM0_CACHE:-$HOME/.cache/linux-dom0}}
img=$cache/vmlinuz
elf=$cache/vmlinux.gz
bb=$cache/busybox

fail() { echo "linux-dom0.sh: $*" >&2; exit 2; }

need() {
	for tool; do
		command -v "$tool" >/dev/null || fail "$tool is needed to fetch and unpack the packages"
	done
}

tmp=
scratch() {
	if [ -z "$tmp" ]; then
		mkdir -p "$cache"
		tmp=$(mktemp -d "$cache/fetch.XXXXXX")
		trap 'rm -rf "$tmp"' EXIT
	fi
}

# download PACKAGE: into $tmp/PACKAGE.deb, unpacked in $tmp/PACKAGE/.
download() {
	scratch
	mkdir -p "$tmp/$1"
	(cd "$tmp/$1" && apt-get download "$1") >&2 || fail "cannot download $1 (network?)"
	mv "$tmp/$1"/"$1"_*.deb "$tmp/$1.deb"
	dpkg-deb -x "$tmp/$1.deb" "$tmp/$1" || fail "cannot unpack $1"
}

if [ ! -s "$img" ] || [ ! -d "$cache/lib/modules" ]; then
	need apt-get apt-cache dpkg-deb
	# linux-image-amd64 is a metapackage: the kernel is what it depends on.
	pkg=$(apt-cache depends linux-image-amd64 2>/dev/null |
		sed -n 's/^ *Depends: \(linux-image-[0-9.]*-[0-9]*-amd64\)$/\1/p' | head -1)
	[ -n "$pkg" ] || fail "linux-image-amd64 names no kernel (apt-get update?)"
	download "$pkg"
	set -- "$tmp/$pkg"/boot/vmlinuz-*
	if [ ! -s "$1" ] || [ "$(od -An -c -j 514 -N 4 "$1" | tr -d ' ')" != "HdrS" ]; then
		fail "$pkg has no bzImage in /boot"
	fi
	rm -rf "${cache:?}/lib" "$elf"
	mv "$tmp/$pkg/lib" "$cache/lib"
	cp "$1" "$img.tmp"
	echo "$pkg $(dpkg-deb -f "$tmp/$pkg.deb" Version)" > "$cache/vmlinuz.version"
	mv "$img.tmp" "$img"
fi

if [ "$what" = elf ] || [ "$what" = all ] && [ ! -s "$elf" ]; then
	need python3 xz gzip
	scratch
	# The bzImage's payload: setup_sects at 0x1f1, payload_offset/length
	# at 0x248.  The XZ stream is followed by the decompressed size,
	# hence --single-stream.
	python3 - "$img" "$tmp/payload" <<-'PY'
	import struct, sys
	d = open(sys.argv[1], "rb").read()
	setup = (d[0x1f1] or 4) + 1
	off, length = struct.unpack_from("<II", d, 0x248)
	open(sys.argv[2], "wb").write(d[setup * 512 + off:setup * 512 + off + length])
	PY
	xz -dc --single-stream "$tmp/payload" > "$tmp/vmlinux" 2>/dev/null || true
	[ "$(head -c 4 "$tmp/vmlinux" | od -An -c | tr -d ' ')" = '177ELF' ] ||
		fail "the payload of $img did not unpack to an ELF image (not XZ?)"
	gzip -6c "$tmp/vmlinux" > "$elf.tmp"
	mv "$elf.tmp" "$elf"
fi

if [ "$what" = busybox ] || [ "$what" = all ] && [ ! -x "$bb" ]; then
	need apt-get dpkg-deb
	download busybox-static
	[ -x "$tmp/busybox-static/bin/busybox" ] || fail "busybox-static has no /bin/busybox"
	cp "$tmp/busybox-static/bin/busybox" "$bb.tmp"
	echo "busybox-static $(dpkg-deb -f "$tmp/busybox-static.deb" Version)" > "$bb.version"
	mv "$bb.tmp" "$bb"
fi

modules=$(ls -d "$cache"/lib/modules/*/ | head -1)
modules=${modules%/}
case $what in
bzimage) echo "$img" ;;
elf) echo "$elf" ;;
modules) echo "$modules" ;;
busybox) echo "$bb" ;;
all) printf 'bzimage %s\nelf %s\nmodules %s\nbusybox %s\n' "$img" "$elf" "$modules" "$bb" ;;
esac
