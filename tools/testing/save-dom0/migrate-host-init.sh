#!/bin/busybox sh
# SPDX-License-Identifier: GPL-2.0
# /init of domain 0 on each of the two QEMU hosts of make bench's migrate
# scenario (scripts/check/benchmarks/90-migrate.sh): Debian's Linux with
# our tools, the hosts joined by a QEMU socket network (eth0, e1000),
# each with a bridge xenbr0 over eth0 (A 10.0.2.1, B 10.0.2.2).
#
#   migrate.role=a   creates the guest (Debian's Linux, 96 MiB, a vif on
#                    xenbr0 at 10.0.2.10, counting on its console), waits
#                    for B, migrates it live to B, waits for it to come
#                    back, then N times more there and back
#   migrate.role=b   pings the guest from the start to the end (its losses
#                    are a figure), takes it in, migrates it live back
#
# Each migration's result line ("Migrated ...: downtime N ms (its parts),
# total S s, M MB sent in R rounds") is printed as "migrate-bench: HOST:
# ..."; the end is "migrate-bench: HOST: done".  Every wait is bounded.
/bin/busybox mkdir -p /bin /sbin /usr/bin /usr/sbin /proc /sys /dev /tmp /run /var/run
/bin/busybox --install -s
export PATH=/usr/sbin:/usr/bin:/sbin:/bin
export LD_LIBRARY_PATH=/usr/lib:/usr/local/lib
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev 2>/dev/null
echo 3 > /proc/sys/kernel/printk
moddir=/lib/modules/$(uname -r)
for m in $(cat "$moddir/load-order"); do insmod "$moddir/${m%.ko}.ko" 2>/dev/null; done
mkdir -p /proc/xen /dev/pts /var/log/xen/console
mount -t xenfs xenfs /proc/xen 2>/dev/null
mount -t devpts devpts /dev/pts 2>/dev/null

role=a
rounds=1
for w in $(cat /proc/cmdline); do
	case $w in
	migrate.role=*) role=${w#*=} ;;
	migrate.rounds=*) rounds=${w#*=} ;;
	esac
done
me=A peer=10.0.2.2 ip=10.0.2.1
[ "$role" = b ] && me=B peer=10.0.2.1 ip=10.0.2.2
say() { echo "migrate-bench: $me: $*"; }
end() { say "$*"; say done; sleep 1; poweroff -f; }
tests=/usr/lib/xen/tests

ip link set lo up
brctl addbr xenbr0 && brctl addif xenbr0 eth0 &&
	ip link set eth0 up && ip link set xenbr0 up && ip addr add "$ip/24" dev xenbr0 ||
	end "no network: $(ip link 2>&1 | tr '\n' ' ')"
xenstored --pid-file /var/run/xenstored.pid
i=0
while [ $i -lt 50 ] && ! xenstore-ls / >/dev/null 2>&1; do sleep 0.1; i=$((i + 1)); done
xenconsoled --log=guest --pid-file /var/run/xenconsoled.pid 2>/dev/null
cat >/tmp/xend.sxp <<SXP
(xend-relocation-server yes)
(xend-relocation-port 8002)
(xend-relocation-address '')
(xend-relocation-hosts-allow '^10\\.0\\.2\\.')
(dom0-min-mem 0)
SXP
xend start --config /tmp/xend.sxp || end "xend did not start: $(tail -3 /var/log/xen/xend.log)"
log=/var/log/xen/console/guest-lxnet.log
last() { sed -n 's/^counter \([0-9]*\).*/\1/p' "$log" 2>/dev/null | tail -1; }
# here SECONDS: wait until the guest runs here.
here() {
	local j=0
	while [ $j -lt "$1" ] && ! xm list lxnet >/dev/null 2>&1; do sleep 1; j=$((j + 1)); done
	xm list lxnet >/dev/null 2>&1
}
# gone SECONDS: wait until it left.
gone() {
	local j=0
	while [ $j -lt "$1" ] && xm list lxnet >/dev/null 2>&1; do sleep 1; j=$((j + 1)); done
	! xm list lxnet >/dev/null 2>&1
}
move() {	# migrate the guest to the peer; print the result line
	local out
	out=$(timeout 900 xm migrate --live lxnet "$peer" 2>&1) || end "migration to $peer failed: $out"
	say "$out"
}

if [ "$role" = a ]; then
	# The peer's xend answers: its relocation server greets.
	i=0
	while [ $i -lt 600 ] && ! echo | timeout 5 nc "$peer" 8002 2>/dev/null | grep -q "xend-relocation"; do
		sleep 2; i=$((i + 2))
	done
	cat >/tmp/lxnet.cfg <<CFG
kernel = "$tests/vmlinuz-linux"
ramdisk = "$tests/initrd-net.img"
memory = 96
name = "lxnet"
vcpus = 1
vif = [ "mac=00:16:3e:00:02:0a,bridge=xenbr0" ]
extra = "console=hvc0 migrate.guest_ip=10.0.2.10"
CFG
	out=$(xm create /tmp/lxnet.cfg 2>&1) || end "xm create: $out"
	i=0
	while [ $i -lt 120 ] && [ "$(last)" = "" ]; do sleep 1; i=$((i + 1)); done
	sleep 5
	say "guest up: $(tail -2 "$log" | tr '\n' ' ')"
	n=0
	while [ $n -lt "$rounds" ]; do
		move
		here 900 || end "the guest did not come back"
		n=$((n + 1))
		sleep 5
	done
	before=$(last)
	sleep 3
	say "counter $before -> $(last) after $rounds round trips; $(sed -n 's/^counter \([0-9]*\).*/\1/p' "$log" | awk 'NR > 1 && $1 <= p {bad = $1} {p = $1} END {print bad ? "started again at " bad : "never started again"}')"
	xm destroy lxnet
	end "free memory $(xm info | sed -n 's/^free_memory *: //p') MiB"
else
	# Ping the guest all along; each round trip: take it in, send it back.
	here 1200 || end "the guest never came"
	ping -i 0.2 10.0.2.10 >/tmp/ping.out 2>&1 &
	pingpid=$!
	n=0
	while :; do
		sleep 5
		move
		n=$((n + 1))
		[ $n -ge "$rounds" ] && break
		here 900 || end "the guest did not come back"
	done
	sleep 5
	kill -INT $pingpid
	sleep 1
	say "ping from B: $(tail -2 /tmp/ping.out | head -1)"
	end "free memory $(xm info | sed -n 's/^free_memory *: //p') MiB"
fi
