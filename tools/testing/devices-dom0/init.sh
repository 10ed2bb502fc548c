#!/bin/busybox sh
# SPDX-License-Identifier: GPL-2.0
# /init of the devices system test (scripts/check/tests/linux-devices.sh):
# as tools/testing/dom0/init.sh, but it runs only check-devices (or, with
# devtest.prog=bench-devices, make bench's figures), bounded
# by devtest.timeout= (its guests boot twice under TCG, longer than
# init.sh's 180 s a check), with the same "dom0-tools: devices: CASE: ..."
# lines and "dom0-tools: done" for the host.
/bin/busybox mkdir -p /bin /sbin /usr/bin /usr/sbin /proc /sys /dev /tmp /run /var/run
/bin/busybox --install -s
export PATH=/usr/sbin:/usr/bin:/sbin:/bin
export LD_LIBRARY_PATH=/usr/lib:/usr/local/lib
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev 2>/dev/null
# xenconsoled gives each guest's console a pty.
mkdir -p /dev/pts
mount -t devpts devpts /dev/pts 2>/dev/null
echo "dom0 init: up, $(uname -r)"
echo 3 > /proc/sys/kernel/printk

moddir=/lib/modules/$(uname -r)
failed=
for m in $(cat "$moddir/load-order"); do
	out=$(insmod "$moddir/${m%.ko}.ko" 2>&1) || failed="$failed ${m##*/}(${out##*: })"
done
echo "dom0-tools: modules: ${failed:-all loaded}"
mkdir -p /proc/xen
mount -t xenfs xenfs /proc/xen 2>/dev/null
sleep 1

bound=900
prog=check-devices
for w in $(cat /proc/cmdline); do
	case $w in
	devtest.timeout=*) bound=${w#*=} ;;
	# make bench's figures (scripts/check/benchmarks/85-devices.sh).
	devtest.prog=bench-devices) prog=bench-devices ;;
	# Save, restore and migration with devices alone (issue 16).
	devtest.prog=check-devices-migrate) prog=check-devices-migrate ;;
	esac
done
c=/usr/lib/xen/tests/$prog
# After check-devices: save, restore and migration with devices.
run() {
	timeout "$bound" "$c"
	[ "$prog" != check-devices ] || timeout 1200 /usr/lib/xen/tests/check-devices-migrate
}
# Lines as they come (the host sees progress), from a file, not a pipe:
# the daemons the check leaves running would hold a pipe open.
run > /tmp/devices.out 2>&1 &
pid=$!
n=0
while kill -0 $pid 2>/dev/null; do
	sleep 2
	total=$(wc -l < /tmp/devices.out)
	[ "$total" -le "$n" ] || { sed -n "$((n + 1)),${total}p" /tmp/devices.out | sed 's/^/dom0-tools: devices: /'; n=$total; }
done
sed -n "$((n + 1)),\$p" /tmp/devices.out | sed 's/^/dom0-tools: devices: /'
if grep -q '^[^ ]*: fail' /tmp/devices.out; then
	dmesg | tail -n 60 | sed 's/^/dom0-dmesg: /'
	tail -n 30 /var/log/xen/xend.log 2>/dev/null | sed 's/^/dom0-xend: /'
fi
echo "dom0-tools: done"
poweroff -f
