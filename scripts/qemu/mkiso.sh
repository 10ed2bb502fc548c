#!/bin/sh
# Make a GRUB rescue ISO that boots the hypervisor with Multiboot2, the way
# a user's GRUB entry would:
#	multiboot2 /boot/xen.gz <cmdline>
#	module2 /boot/<module> <args>	(for each module)
#
# Usage: mkiso.sh <out.iso> <xen.gz> "<cmdline>" [<module> "<args>"]...
set -e
[ $# -ge 3 ] || { echo "usage: $0 out.iso xen.gz cmdline [module args]..." >&2; exit 2; }
out=$1 xen=$2 cmdline=$3
shift 3
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
mkdir -p "$stage/boot/grub"
cp "$xen" "$stage/boot/xen.gz"
{
	echo 'set timeout=0'
	echo 'set default=0'
	echo 'serial --unit=0 --speed=115200'
	echo 'terminal_output serial console'
	echo 'menuentry "Xen" {'
	echo "	multiboot2 /boot/xen.gz $cmdline"
	n=0
	while [ $# -ge 2 ]; do
		cp "$1" "$stage/boot/module$n"
		echo "	module2 /boot/module$n $2"
		n=$((n + 1))
		shift 2
	done
	echo '}'
} > "$stage/boot/grub/grub.cfg"
grub-mkrescue --install-modules="multiboot2 normal serial terminal configfile iso9660 biosdisk gzio" \
	--locales= --fonts= --themes= -o "$out" "$stage" >/dev/null 2>&1 ||
	{ echo "grub-mkrescue failed" >&2; exit 1; }
