#!/bin/busybox sh
# /init of the Linux guest check-save-linux saves and restores: it counts,
# a line a second on its console (hvc0), from 1 on, and never starts
# again from 1: after a restore the lines go on from where they were.
/bin/busybox mkdir -p /bin /sbin /usr/bin /usr/sbin /proc /sys /dev /tmp
/bin/busybox --install -s
export PATH=/bin:/sbin:/usr/bin:/usr/sbin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev 2>/dev/null
trap 'poweroff -f' USR2 TERM
echo "counter guest: up, $(uname -r)"
i=0
while :; do
	i=$((i + 1))
	echo "counter $i"
	sleep 1
done
