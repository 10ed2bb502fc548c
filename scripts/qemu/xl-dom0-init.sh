#!/bin/busybox sh
# /init of the check of Xen 4.17's own toolstack in domain 0
# (scripts/check/tests/linux-xl.sh): Debian's xenstored, xenconsoled,
# xen-init-dom0 and xl, unmodified, drive the hypervisor under them the
# way Debian's boot scripts and an administrator would.  Each step prints
# one line "xl-case: NAME: ok[: detail]" or "xl-case: NAME: fail: why"
# (a step that cannot run because an earlier one failed: "skip: why");
# the host turns each into a TAP result.  Ends with "xl-case: done" and
# powers the machine off.
#
# The guests (staged by linux-xl.sh): kernel-xen staying up
# (/etc/xen/kx.cfg) and Debian's kernel with a busybox initramfs
# (/etc/xen/linux.cfg, scripts/qemu/xl-guest-init.sh).
/bin/busybox mkdir -p /bin /sbin /usr/bin /usr/sbin /proc /sys /dev /tmp /run \
	/var/run/xen /var/run/xenstored /var/lib/xen /var/lib/xenstored \
	/var/log/xen /var/lock
/bin/busybox --install -s
export PATH=/usr/lib/xen-4.17/bin:/usr/sbin:/usr/bin:/sbin:/bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev 2>/dev/null
# xenconsoled gives each guest's console a pty (its path goes in xenstore,
# where xl create waits for it).
mkdir -p /dev/pts
mount -t devpts devpts /dev/pts
echo "dom0 init: up, $(uname -r)"
echo 3 > /proc/sys/kernel/printk

# case NAME ok|fail|skip [DETAIL]
case_() {
	echo "xl-case: $1: $2${3:+: $3}"
}
# run NAME TIMEOUT CMD...: one case, ok if CMD exits 0 within TIMEOUT
# seconds; its output is kept in /tmp/NAME.out, its last line the
# failure's reason.
run() {
	name=$1 t=$2
	shift 2
	timeout "$t" "$@" > "/tmp/$name.out" 2>&1
	rc=$?
	if [ $rc = 0 ]; then
		case_ "$name" ok
		return 0
	fi
	case_ "$name" fail "exit $rc: $(grep -v '^Parsing config' "/tmp/$name.out" | head -n 3 | tr '\n' ' ')"
	sed "s/^/xl-out: $name: /" "/tmp/$name.out" | tail -n 20
	return 1
}
# wait_for NAME SECONDS CMD...: ok once CMD succeeds, polled each second
# until SECONDS have passed (each poll may take a while under TCG).
wait_for() {
	name=$1 end=$(($(date +%s) + $2))
	shift 2
	while :; do
		"$@" > /dev/null 2>&1 && { case_ "$name" ok; return 0; }
		[ "$(date +%s)" -lt "$end" ] || break
		sleep 1
	done
	case_ "$name" fail "not within the time allowed"
	return 1
}

moddir=/lib/modules/$(uname -r)
failed=
for m in $(cat "$moddir/load-order"); do
	out=$(insmod "$moddir/${m%.ko}.ko" 2>&1) || failed="$failed ${m##*/}(${out##*: })"
done
if [ -z "$failed" ]; then case_ modules ok; else case_ modules fail "$failed"; fi
mkdir -p /proc/xen
mount -t xenfs xenfs /proc/xen

# As Debian's /etc/init.d/xen starts the daemons.
run xenstored 30 xenstored --pid-file /var/run/xenstored.pid
run xen-init-dom0 60 xen-init-dom0
run xenconsoled 30 xenconsoled --pid-file=/var/run/xenconsoled.pid
sleep 1
run info 60 xl info && grep -q '^xen_major' /tmp/info.out &&
	sed -n 's/^\(xen_version\|total_memory\|free_memory\|nr_cpus\|hw_caps\|virt_caps\) *: /xl-info: \1 /p' /tmp/info.out
run list 60 xl list && grep -q '^Domain-0 ' /tmp/list.out && cat /tmp/list.out
run dmesg 60 xl dmesg

# guest_up NAME PATTERN SECONDS: its console (xl console, kept running in
# the background into /tmp/NAME.con) shows PATTERN.
console_pid=
guest_console() {
	(sleep 600 | xl console "$1" > "/tmp/$1.con" 2>&1) &
	console_pid=$!
}
con_has() { grep -q "$2" "/tmp/$1.con"; }
in_list() { xl list "$1" > /dev/null 2>&1; }
not_in_list() { ! in_list "$1"; }

# kernel-xen: create, console, destroy.
if run create-kx 120 xl create /etc/xen/kx.cfg; then
	guest_console kx
	wait_for console-kx 120 con_has kx "kernel-xen: staying up"
	# libxl's memory map (maxmem 48 MiB), as the guest read it.
	map=$(tr -d '\r' < /tmp/kx.con | sed -n 's/^ *# memory_map //p')
	case $map in
	"0: 0-0x3000000 type 1" | "0: 0x0-0x3000000 type 1") case_ memory-map-kx ok "$map" ;;
	*) case_ memory-map-kx fail "expected 0: 0-0x3000000 type 1, the guest said: $(echo $map)" ;;
	esac
	run vcpu-list-kx 30 xl vcpu-list kx
	run destroy-kx 60 xl destroy kx && wait_for gone-kx 30 not_in_list kx
	kill $console_pid 2>/dev/null
else
	for c in console-kx memory-map-kx vcpu-list-kx destroy-kx gone-kx; do
		case_ $c skip "xl create failed"
	done
fi

# vcpus_online NAME N: xl list's VCPUs column (online vCPUs) is N.
vcpus_online() { xl list "$1" | awk -v n="$2" 'NR == 2 { exit !($4 == n) }'; }
# mem_is NAME MIB: xl list's Mem column is MIB.
mem_is() { xl list "$1" | awk -v m="$2" 'NR == 2 { exit !($3 == m) }'; }
paused() { xl list "$1" | awk 'NR == 2 { exit !($5 ~ /p/) }'; }
running() { xl list "$1" | awk 'NR == 2 { exit ($5 ~ /p/) }'; }

# Debian's Linux: create, console, vcpu-list, mem-set, pause, unpause,
# vcpu-set, shutdown.
if run create-linux 180 xl create /etc/xen/linux.cfg; then
	guest_console linux
	wait_for console-linux 300 con_has linux "up, 6"
	run vcpu-list-linux 30 xl vcpu-list linux && cat /tmp/vcpu-list-linux.out
	run mem-set 30 xl mem-set linux 96m && wait_for mem-set-target 120 mem_is linux 96
	run pause 30 xl pause linux && wait_for paused 10 paused linux
	run unpause 30 xl unpause linux && wait_for running 10 running linux
	run vcpu-set 30 xl vcpu-set linux 2 && wait_for vcpu-set-online 90 vcpus_online linux 2 ||
		xl vcpu-list linux
	run shutdown 180 xl shutdown -w linux && wait_for gone-linux 30 not_in_list linux
	kill $console_pid 2>/dev/null
	grep -a . /tmp/linux.con | tail -n 150 | sed "s/^/xl-guest: /"
else
	for c in console-linux vcpu-list-linux vcpu-set vcpu-set-online mem-set \
		mem-set-target pause paused unpause running shutdown gone-linux; do
		case_ $c skip "xl create failed"
	done
fi
xl destroy linux > /dev/null 2>&1
run list-end 60 xl list && cat /tmp/list-end.out
left=$(xl list 2>/dev/null | awk 'NR > 1 && $1 != "Domain-0" { printf "%s ", $1 }')
if [ -z "$left" ]; then
	case_ only-dom0 ok
else
	case_ only-dom0 fail "domains left: $left"
fi
echo "xl-case: done"
poweroff -f
