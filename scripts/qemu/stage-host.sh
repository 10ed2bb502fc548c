#!/bin/sh
# Copy a program of this (Debian) host into STAGE, a root tree for a
# Linux domain 0's or guest's initramfs (mkinitramfs-dom0.py --tree), at
# its own path or at AS, with the shared libraries it loads (found with
# ldd) that STAGE lacks.  Exit status 1 with the reason on stdout.
#
#	scripts/qemu/stage-host.sh STAGE PROGRAM [AS]
stage=$1 prog=$2 to=$1${3:-$2}
[ -x "$prog" ] || { echo "$prog is missing (scripts/install-deps.sh installs its package)"; exit 1; }
mkdir -p "$(dirname "$to")" && cp -L "$prog" "$to" || { echo "cannot copy $prog"; exit 1; }
for lib in $(ldd "$prog" | sed -n 's/.*=> \(\/[^ ]*\) .*/\1/p; s/^[[:space:]]*\(\/[^ ]*\) .*/\1/p'); do
	[ -e "$stage$lib" ] && continue
	mkdir -p "$stage$(dirname "$lib")" && cp -L "$lib" "$stage$lib" ||
		{ echo "cannot copy $lib"; exit 1; }
done
exit 0
