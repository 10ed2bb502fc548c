#!/bin/busybox sh
# /init of the guest make qemu creates with "xm create -c" from domain 0
# (Debian's Linux as a PV domU, busybox in its initramfs): a shell on its
# console, hvc0, which xenconsoled relays to domain 0's "xm console".
/bin/busybox mkdir -p /bin /sbin /usr/bin /usr/sbin /proc /sys /dev /tmp
/bin/busybox --install -s
export PATH=/bin:/sbin:/usr/bin:/usr/sbin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev 2>/dev/null
echo "$(hostname 2>/dev/null || echo guest): up, $(uname -r), $(grep -c ^processor /proc/cpuinfo) vCPUs"
echo "A shell in the guest; Ctrl-] goes back to domain 0, \"poweroff -f\" stops the guest."
# xm shutdown: Linux's xenbus runs /sbin/poweroff (or reboot), which
# signals init, this script, as busybox's init would be (USR2, TERM).
trap 'poweroff -f' USR2 TERM
trap 'reboot -f' INT
setsid cttyhack sh -i &
wait
poweroff -f
