#!/bin/busybox sh
# /init of the macro benchmark's initramfs (scripts/check/benchmarks/
# 90-lmbench.sh): the same on bare QEMU and in a domain 0.  It prints the
# kernel, its clock source and CPU count, runs /bin/lmbench-lite with the
# runs and scale named on the kernel command line (lmbench.runs=N,
# lmbench.scale=N), then powers the machine off.  Kernel messages are kept
# off the console while it runs (dmesg -n 1): they would cut its lines.
/bin/busybox mkdir -p /bin /sbin /usr/bin /usr/sbin /proc /sys /dev /tmp
/bin/busybox --install -s
export PATH=/bin:/sbin:/usr/bin:/usr/sbin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev 2>/dev/null
dmesg -n 1

arg() {
	for w in $(cat /proc/cmdline); do
		case $w in "$1="*) echo "${w#*=}"; return ;; esac
	done
	echo "$2"
}
cs=$(cat /sys/devices/system/clocksource/clocksource0/current_clocksource 2>/dev/null)
echo "lmbench: up: $(uname -r), clocksource ${cs:-?}, $(nproc) CPUs," \
	"$(sed -n 's/^MemTotal: *//p' /proc/meminfo)"
# What the kernel chose against CPU vulnerabilities: it differs with the
# CPUID a hypervisor shows, and it costs on every system call.
for f in /sys/devices/system/cpu/vulnerabilities/*; do
	[ -r "$f" ] && echo "lmbench: cpu: ${f##*/}: $(cat "$f")"
done
/bin/lmbench-lite -r "$(arg lmbench.runs 7)" -s "$(arg lmbench.scale 1)" ||
	echo "lmbench: failed: exit status $?"
sync
poweroff -f
