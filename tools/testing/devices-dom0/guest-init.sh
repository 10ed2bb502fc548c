#!/bin/busybox sh
# SPDX-License-Identifier: GPL-2.0
# /init of the guest check-devices boots (Debian's Linux as a PV domU, a
# busybox initramfs with xen-netfront, xen-blkfront and ext4).  It does
# what Debian's initramfs does with the ip= that xm puts on the command
# line (the kernel has no IP autoconfiguration), then the test's part,
# reporting on its console ("devtest: ..." lines, which xenconsoled logs
# in domain 0):
#   devtest.net=DEV/ADDR/PEER[/default][,...]  a routed or NAT vif's side:
#                      ADDR/32 on DEV, a route to PEER (domain 0's end)
#                      through it, and the default route too if asked
#   devtest.ping=ADDR[,ADDR...]  ping each ("ping ADDR ok|failed")
#   devtest.disk=DEV[,DEV...]  mount each DEV (ext4); if it holds
#                      devtest.token, print it ("read TOKEN on DEV"), else
#                      write one ("wrote TOKEN on DEV")
#   devtest.watch=SECS  after "ready", every SECS the disks (mounted
#                      read-only, the page cache dropped each time) read
#                      again: "tick N TOKEN..." (or "tick N error"), so
#                      that domain 0 sees them work across a save,
#                      restore or migration
#   devtest.bench=ADDR devtest.benchdisk=DEV=KIND[,DEV=KIND...]  make
#                      bench's figures (bench-devices in domain 0):
#                      iperf3 against ADDR both ways, dd to and from each
#                      DEV (KIND names it: file, phy), each
#                      devtest.benchruns= times (default 5); "bench NAME
#                      MEDIAN UNIT runs=V,..." lines, then "bench done"
# and then waits to be shut down or rebooted (xm shutdown, xm reboot).
/bin/busybox mkdir -p /bin /sbin /usr/bin /usr/sbin /proc /sys /dev /tmp /mnt
/bin/busybox --install -s
export PATH=/bin:/sbin:/usr/bin:/usr/sbin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev 2>/dev/null
# Linux's xenbus runs /sbin/reboot or /sbin/poweroff, which signal init
# as busybox's init: TERM reboots, USR2 powers off, USR1 halts.
trap 'sync; reboot -f' TERM
trap 'sync; poweroff -f' USR1 USR2
say() { echo "devtest: $*"; }

moddir=/lib/modules/$(uname -r)
for m in $(cat "$moddir/load-order" 2>/dev/null); do
	insmod "$moddir/${m%.ko}.ko" 2>/dev/null
done
say "up $(uname -r)"

ipspec= ping= disk= nets= bench= benchdisk= benchruns=5 watch=
for w in $(cat /proc/cmdline); do
	case $w in
	ip=*) ipspec=${w#ip=} ;;
	devtest.ping=*) ping=${w#*=} ;;
	devtest.disk=*) disk=${w#*=} ;;
	devtest.net=*) nets=${w#*=} ;;
	devtest.bench=*) bench=${w#*=} ;;
	devtest.benchdisk=*) benchdisk=${w#*=} ;;
	devtest.benchruns=*) benchruns=${w#*=} ;;
	devtest.watch=*) watch=${w#*=} ;;
	esac
done

# udhcpc's hook: configure the interface from what the server said.
cat > /tmp/udhcpc.sh <<'HOOK'
#!/bin/sh
case $1 in
bound|renew)
	ip addr flush dev "$interface"
	ip addr add "$ip/${mask:-24}" dev "$interface"
	[ -z "$router" ] || ip route replace default via "${router%% *}"
	echo "$ip" > /tmp/ip.$interface
	;;
esac
HOOK
chmod +x /tmp/udhcpc.sh

# ip=CLIENT:SERVER:GATEWAY:NETMASK:HOSTNAME:DEVICE:AUTOCONF (Xen 3's xm
# writes it from ip, gateway, netmask, hostname and dhcp).
net_up() {
	local client server gw mask host dev auto n=0
	IFS=: read -r client server gw mask host dev auto <<SPEC
$1
SPEC
	dev=${dev:-eth0}
	while [ ! -e "/sys/class/net/$dev" ] && [ $n -lt 60 ]; do
		sleep 1
		n=$((n + 1))
	done
	[ -e "/sys/class/net/$dev" ] || { say "net: no $dev"; return 1; }
	[ -z "$host" ] || hostname "$host"
	ip link set dev "$dev" up
	case $auto in
	dhcp|on|any)
		udhcpc -i "$dev" -s /tmp/udhcpc.sh -n -q -t 20 -T 2 >/dev/null 2>&1 ||
			{ say "net: no DHCP answer on $dev"; return 1; }
		;;
	*)
		[ -n "$client" ] || return 0
		ip addr add "$client/${mask:-255.255.255.0}" dev "$dev"
		[ -z "$gw" ] || ip route replace default via "$gw"
		;;
	esac
	say "ip $dev $(ip -4 -o addr show dev "$dev" | awk '{ sub("/.*", "", $4); print $4 }')"
}

# The point-to-point side of a routed (vif-route) or NAT (vif-nat) vif.
net_static() {
	local dev addr peer dflt n=0
	IFS=/ read -r dev addr peer dflt <<SPEC
$1
SPEC
	while [ ! -e "/sys/class/net/$dev" ] && [ $n -lt 60 ]; do
		sleep 1
		n=$((n + 1))
	done
	[ -e "/sys/class/net/$dev" ] || { say "net: no $dev"; return 1; }
	ip link set dev "$dev" up
	ip addr add "$addr/32" dev "$dev"
	ip route replace "$peer/32" dev "$dev"
	[ "$dflt" != default ] || ip route replace default via "$peer" dev "$dev"
	say "ip $dev $addr via $peer${dflt:+ (default)}"
}

# One disk: its token read back, or one written.
disk_check() {
	local disk=$1 end token
	# blkfront connects once the backend has its device: by the clock.
	end=$(($(date +%s) + 90))
	while [ ! -b "$disk" ] && [ "$(date +%s)" -lt "$end" ]; do sleep 1; done
	# Named otherwise than asked (the frontend's own naming): the one
	# xvd disk there is, said so in the report.
	if ! [ -b "$disk" ] && [ "$2" = only ]; then
		set -- $(ls /sys/block | grep '^xvd')
		[ $# -ne 1 ] || { say "note: $disk is /dev/$1 here"; disk=/dev/$1; }
	fi
	if ! [ -b "$disk" ]; then
		say "disk: no $disk; /sys/block: $(ls /sys/block | tr '\n' ' ')"
	elif ! mount -t ext4 "$disk" /mnt 2>/tmp/mount.err; then
		say "disk: mount $disk failed: $(cat /tmp/mount.err)"
	elif [ -s /mnt/devtest.token ]; then
		say "read $(cat /mnt/devtest.token) on $disk"
		umount /mnt
	else
		token=token-$(cat /proc/sys/kernel/random/uuid 2>/dev/null || date +%s)
		echo "$token" > /mnt/devtest.token && sync && umount /mnt &&
			say "wrote $token on $disk" || say "disk: writing $disk failed"
	fi
}

[ -z "$ipspec" ] || net_up "$ipspec"
for n in $(echo "$nets" | tr , ' '); do net_static "$n"; done
for a in $(echo "$ping" | tr , ' '); do
	if ping -c 3 -W 3 "$a" >/dev/null 2>&1; then say "ping $a ok"
	else say "ping $a failed"; fi
done
only=
case $disk in *,*) ;; *) only=only ;; esac
for d in $(echo "$disk" | tr , ' '); do disk_check "$d" $only; done
# Seconds since boot, to the hundredth.
now() { cut -d' ' -f1 /proc/uptime; }
# median V...: the middle one of the values (the lower middle of an even count).
median() { echo "$@" | tr ' ' '\n' | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
# bench_fail WHY: the error, and the guest's last kernel messages (a
# frontend says there why a request failed).
bench_fail() {
	say "bench error: $*"
	dmesg | tail -n 12 | sed 's/^/devtest: bench note: /'
}
# dd_rate DD-ARGS...: MB/s of 32 MiB moved by dd, on stdout.
dd_rate() {
	local t0 t1
	t0=$(now)
	dd bs=1M count=32 "$@" 2>/tmp/dd.err || return 1
	t1=$(now)
	awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", 32 * 1.048576 / (b - a) }'
}
# bench_line NAME UNIT V...: "bench NAME MEDIAN UNIT runs=V,V,V".
bench_line() {
	local name=$1 unit=$2
	shift 2
	say "bench $name $(median "$@") $unit runs=$(echo "$@" | tr ' ' ,)"
}
# Each figure a median of $benchruns runs (devtest.benchruns=, default 5):
# iperf3 for 5 s each way, dd of 32 MiB each way (the page cache dropped
# before each read).  The disk first: a network fault leaves its figures.
bench_net() {
	local dir out i runs
	command -v iperf3 >/dev/null || { bench_fail "no iperf3 in the guest"; return 1; }
	for dir in guest-to-dom0 dom0-to-guest; do
		runs=
		for i in $(seq "$benchruns"); do
			out=$(iperf3 -c "$bench" -t 5 -f m $([ $dir = guest-to-dom0 ] || echo -R) 2>&1)
			out=$(echo "$out" | awk '/receiver/ { print $(NF - 2) }')
			[ -n "$out" ] || { bench_fail "iperf3 -c $bench failed"; return 1; }
			runs="$runs $out"
		done
		bench_line tcp-$dir Mbit/s $runs
	done
}
# bench_disk DEV KIND: KIND-disk-write and KIND-disk-read.
bench_disk() {
	local dev=$1 kind=$2 out i runs
	[ -b "$dev" ] || { bench_fail "no $dev"; return 1; }
	runs=
	for i in $(seq "$benchruns"); do
		out=$(dd_rate if=/dev/zero of="$dev" conv=fsync) ||
			{ bench_fail "dd to $dev: $(tail -1 /tmp/dd.err)"; return 1; }
		runs="$runs $out"
	done
	bench_line $kind-disk-write MB/s $runs
	runs=
	for i in $(seq "$benchruns"); do
		sync
		echo 3 > /proc/sys/vm/drop_caches
		out=$(dd_rate if="$dev" of=/dev/null) ||
			{ bench_fail "dd from $dev: $(tail -1 /tmp/dd.err)"; return 1; }
		runs="$runs $out"
	done
	bench_line $kind-disk-read MB/s $runs
}
bench_run() {
	local d
	for d in $(echo "$benchdisk" | tr , ' '); do bench_disk "${d%%=*}" "${d#*=}"; done
	bench_net || return
	say "bench done"
}
[ -z "$bench" ] || bench_run
say ready
# The disks read again and again, from the disk itself each time.
watch_disks() {
	local n=0 i=0 d out t
	for d in $(echo "$disk" | tr , ' '); do
		mkdir -p /mnt/w$n && mount -t ext4 -o ro "$d" /mnt/w$n 2>/dev/null ||
			say "watch: mount $d failed"
		n=$((n + 1))
	done
	while :; do
		i=$((i + 1))
		echo 3 > /proc/sys/vm/drop_caches
		out=
		for d in /mnt/w*; do
			t=$(cat "$d/devtest.token" 2>/dev/null) || t=error
			out="$out ${t:-error}"
		done
		say "tick $i$out"
		sleep "$watch"
	done
}
[ -z "$watch" ] || watch_disks
while :; do sleep 1; done
