#!/bin/busybox sh
# /init of the Linux guest check-save-linux saves and restores: it counts,
# a line a second on its console (hvc0), from 1 on, and never starts
# again from 1: after a restore the lines go on from where they were.
# Where the guest has a CPU 1 (vcpus = 2), a second counter bound to it
# (busybox taskset) prints "cpu1 counter N on cpu C online LIST" a
# second: C is where the line was made (a child of the bound shell,
# bound as it is; the kernel moves it off a CPU that went offline), LIST
# the guest's /sys/devices/system/cpu/online.
/bin/busybox mkdir -p /bin /sbin /usr/bin /usr/sbin /proc /sys /dev /tmp
/bin/busybox --install -s
export PATH=/bin:/sbin:/usr/bin:/usr/sbin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev 2>/dev/null
trap 'poweroff -f' USR2 TERM
echo "counter guest: up, $(uname -r)"
if [ -d /sys/devices/system/cpu/cpu1 ]; then
	taskset -c 1 sh -c 'j=0
		while :; do
			j=$((j + 1))
			echo "cpu1 counter $j on cpu $(cut -d" " -f39 /proc/self/stat)" \
				"online $(cat /sys/devices/system/cpu/online)"
			sleep 1
		done' &
fi
i=0
while :; do
	i=$((i + 1))
	echo "counter $i"
	sleep 1
done
