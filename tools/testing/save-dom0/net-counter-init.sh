#!/bin/busybox sh
# SPDX-License-Identifier: GPL-2.0
# /init of the migrate bench's guest: counter-init.sh with a network, its
# vif (xen-netfront) at migrate.guest_ip=ADDR/24, so that a ping from the
# other host follows it across migrations.
/bin/busybox mkdir -p /bin /sbin /usr/bin /usr/sbin /proc /sys /dev /tmp
/bin/busybox --install -s
export PATH=/bin:/sbin:/usr/bin:/usr/sbin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev 2>/dev/null
moddir=/lib/modules/$(uname -r)
[ -e "$moddir/load-order" ] &&
	for m in $(cat "$moddir/load-order"); do insmod "$moddir/${m%.ko}.ko" 2>/dev/null; done
ip=
for w in $(cat /proc/cmdline); do
	case $w in migrate.guest_ip=*) ip=${w#*=} ;; esac
done
i=0
while [ $i -lt 50 ] && ! ip link show eth0 >/dev/null 2>&1; do sleep 0.2; i=$((i + 1)); done
ip link set lo up
[ -z "$ip" ] || { ip link set eth0 up && ip addr add "$ip/24" dev eth0; }
trap 'poweroff -f' USR2 TERM
echo "counter guest: up, $(uname -r), eth0 $(ip -4 addr show eth0 2>/dev/null | sed -n 's/.*inet \([^ ]*\).*/\1/p')"
i=0
while :; do
	i=$((i + 1))
	echo "counter $i"
	sleep 1
done
