#!/bin/busybox sh
# SPDX-License-Identifier: GPL-2.0
# /init of make soak (scripts/check/soak), in Debian's Linux domain 0:
# xenstored, xenconsoled and xend started as a booted system starts them,
# then the long counts of issue 20 item 4, without the 180 s bound of
# make check's hook:
#   check-domains-cycles   xmcycles=N create/destroy cycles of kernel-xen
#   check-faults-soak      faults.soak=N save/restore rounds, then
#                          faults.migrations=N live migrations to this host
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

# What the soak must give back, "name=value ...": the hypervisor's free
# memory (MiB), domain 0's event channels, the daemons' grant and foreign
# mappings, xenstore's nodes, the ptys.
resources() {
	local d p g=0 f=0 n
	for d in xend xenstored xenconsoled; do
		p=$(cat /var/run/$d.pid 2>/dev/null)
		[ -n "$p" ] && [ -d /proc/$p ] || continue
		n=$(grep -c /dev/xen/gntdev /proc/$p/maps)
		g=$((g + n))
		n=$(grep -c /dev/xen/privcmd /proc/$p/maps)
		f=$((f + n))
	done
	echo "free=$(xm info | sed -n 's/^free_memory *: //p') evtchns=$(grep -c xen /proc/interrupts)" \
	     "grants=$g foreign=$f nodes=$(xenstore-ls / | wc -l) ptys=$(ls /dev/pts | wc -l)"
}

xenstored --pid-file /var/run/xenstored.pid
xenconsoled --log=guest --pid-file /var/run/xenconsoled.pid
xend start || echo "soak: xend did not start: $(tail -2 /var/log/xen/xend.log)"
sleep 1
echo "soak: counts: $(sed -n 's/.*xmcycles=\([0-9]*\).*/\1/p' /proc/cmdline) create/destroy cycles," \
	"$(sed -n 's/.*faults.soak=\([0-9]*\).*/\1/p' /proc/cmdline) save/restore rounds," \
	"$(sed -n 's/.*faults.migrations=\([0-9]*\).*/\1/p' /proc/cmdline) live migrations"
echo "soak: resources before: $(resources)"
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
# check-faults-soak stopped its xenconsoled and xend: the same daemons as
# at the start, for the same counts.
xenconsoled --log=guest --pid-file /var/run/xenconsoled.pid
xend start >/dev/null 2>&1
sleep 2
echo "soak: resources after: $(resources)"
echo "soak: done"
poweroff -f
