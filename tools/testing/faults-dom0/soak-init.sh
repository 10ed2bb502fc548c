#!/bin/busybox sh
# SPDX-License-Identifier: GPL-2.0
# /init of make soak (scripts/check/soak), in Debian's Linux domain 0:
# xenstored, xenconsoled and xend started as a booted system starts them,
# then the long counts of issue 20 item 4, without the 180 s bound of
# make check's hook:
#   check-domains-cycles   xmcycles=N create/destroy cycles of kernel-xen
#   check-faults-soak      faults.soak=N save/restore rounds
# each comparing free memory, xenstore nodes, event channels, mappings,
# ptys and open files before and after.  Lines "soak: CHECK: CASE: ..."
# for the host, then "soak: done" and the machine powers off.
/bin/busybox mkdir -p /bin /sbin /usr/bin /usr/sbin /proc /sys /dev /tmp /run /var/run \
	/var/run/xen /var/lib/xen /var/log/xen/console
/bin/busybox --install -s
export PATH=/usr/sbin:/usr/bin:/sbin:/bin
export LD_LIBRARY_PATH=/usr/lib:/usr/local/lib
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev 2>/dev/null
mkdir -p /dev/pts
mount -t devpts devpts /dev/pts
echo "dom0 init: up, $(uname -r)"
echo 3 > /proc/sys/kernel/printk
moddir=/lib/modules/$(uname -r)
for m in $(cat "$moddir/load-order"); do insmod "$moddir/${m%.ko}.ko" 2>/dev/null; done
mkdir -p /proc/xen
mount -t xenfs xenfs /proc/xen 2>/dev/null
tests=/usr/lib/xen/tests

xenstored --pid-file /var/run/xenstored.pid
xenconsoled --log=guest --pid-file /var/run/xenconsoled.pid
xend start || echo "soak: xend did not start: $(tail -2 /var/log/xen/xend.log)"
sleep 1
t0=$(date +%s)
$tests/check-domains-cycles | sed 's/^/soak: domains-cycles: /'
echo "soak: domains-cycles: took $(($(date +%s) - t0)) s"
# check-faults-soak starts its own xenconsoled and xend.
timeout 30 xend stop
kill "$(cat /var/run/xenconsoled.pid)" 2>/dev/null
sleep 2
t0=$(date +%s)
$tests/check-faults-soak | sed 's/^/soak: faults-soak: /'
echo "soak: faults-soak: took $(($(date +%s) - t0)) s"
echo "soak: done"
poweroff -f
