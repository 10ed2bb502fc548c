#!/bin/busybox sh
# /init of the Linux guest of scripts/check/tests/linux-xl.sh (Debian's
# kernel as a PV domU made by Xen 4.17's "xl create", busybox in its
# initramfs).  It says it is up on its console (hvc0, which xl console
# shows) and then does what udev does in a full system: a vCPU that
# "xl vcpu-set" makes present (Linux's xen cpu_hotplug marks it so) is
# brought online.  "xl shutdown" reaches it as Linux's poweroff, which
# signals init (USR2, TERM), as busybox's init would be.
/bin/busybox mkdir -p /bin /sbin /usr/bin /usr/sbin /proc /sys /dev /tmp
/bin/busybox --install -s
export PATH=/bin:/sbin:/usr/bin:/usr/sbin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev 2>/dev/null
trap 'poweroff -f' USR2 TERM
trap 'reboot -f' INT
echo "guest: up, $(uname -r), $(grep -c ^processor /proc/cpuinfo) vCPUs"
while :; do
	for f in /sys/devices/system/cpu/cpu[0-9]*/online; do
		[ -f "$f" ] && [ "$(cat "$f")" = 0 ] || continue
		echo 1 > "$f" && echo "guest: ${f%/online} online"
	done
	sleep 1 &
	wait $!
done
