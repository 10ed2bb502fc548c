#!/bin/sh
# Stage lvm2's lvm of this (Debian) host into STAGE, a root tree for a
# Linux domain 0's initramfs (mkinitramfs-dom0.py --tree; its kernel
# needs dm_mod), with the configuration of a system without udev: lvm
# makes the /dev nodes itself.  Exit status 1 with the reason on stdout.
#
#	scripts/qemu/stage-lvm.sh STAGE
stage=$1
"$(dirname "$0")/stage-host.sh" "$stage" /usr/sbin/lvm || exit 1
mkdir -p "$stage/etc/lvm" || exit 1
cat > "$stage/etc/lvm/lvm.conf" <<CONF
devices { obtain_device_list_from_udev = 0 }
activation { udev_sync = 0 udev_rules = 0 monitoring = 0 }
CONF
