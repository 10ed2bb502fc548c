#!/bin/busybox sh
# SPDX-License-Identifier: GPL-2.0
# /init of make bench's toolstack figures (scripts/check/benchmarks/
# 80-xm-create.sh), in Debian's Linux domain 0.  bench.stack= on the
# kernel's command line says which toolstack the initramfs holds:
#   xm   ours: xenstored, xenconsoled, xend; "xm create -c"
#   xl   Debian's Xen 4.17 (xen-utils-4.17): xenstored, xen-init-dom0,
#        xenconsoled; "xl create -c"
# Figures, one line each, for the host:
#   bench: first-line STACK KERNEL MS...   from starting "create -c" on a
#          pty (ptyexpect) to the guest's first console line, per run
#   bench: create STACK KERNEL MS...       from starting "create" (no -c)
#          to its return: the toolstack's and builder's part
#   bench: rss STACK NAME KIB              each daemon's VmRSS with ten
#          kernel-xen guests running (xl: its per-domain xl processes
#          summed as "xl-monitors")
#   bench: save STACK linux256 MS...      "save" of a running 256 MiB
#          Debian guest to its return, per run; "restore" likewise
#   bench: cycles ...                      xm only: the hundred create/
#          destroy cycles of check-domains-cycles, and what leaked
# then "bench: done" and the machine powers off.
/bin/busybox mkdir -p /bin /sbin /usr/bin /usr/sbin /proc /sys /dev /tmp /run /var/run \
	/var/run/xen /var/run/xenstored /var/lib/xen /var/lib/xenstored /var/log/xen/console \
	/var/lock
/bin/busybox --install -s
# ptyexpect is in the tests' directory.
export PATH=/usr/lib/xen-4.17/bin:/usr/sbin:/usr/bin:/sbin:/bin:/usr/lib/xen/tests
export LD_LIBRARY_PATH=/usr/lib:/usr/local/lib
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev 2>/dev/null
# Both xenconsoleds give each guest a pty: devpts.
mkdir -p /dev/pts
mount -t devpts devpts /dev/pts
echo "dom0 init: up, $(uname -r)"
echo 3 > /proc/sys/kernel/printk
moddir=/lib/modules/$(uname -r)
for m in $(cat "$moddir/load-order"); do insmod "$moddir/${m%.ko}.ko" 2>/dev/null; done
mkdir -p /proc/xen
mount -t xenfs xenfs /proc/xen 2>/dev/null
stack=xm runs=3 cycles=100
for w in $(cat /proc/cmdline); do
	case $w in
	bench.stack=*) stack=${w#*=} ;;
	bench.runs=*) runs=${w#*=} ;;
	xmcycles=*) cycles=${w#*=} ;;
	esac
done
tests=/usr/lib/xen/tests
say() { echo "bench: $*"; }

case $stack in
xm)
	xenstored --pid-file /var/run/xenstored.pid
	xenconsoled --pid-file /var/run/xenconsoled.pid
	xend start || say "xend did not start: $(tail -2 /var/log/xen/xend.log)"
	daemons="xend:/var/run/xend.pid xenstored:/var/run/xenstored.pid xenconsoled:/var/run/xenconsoled.pid"
	type=
	;;
xl)
	timeout 30 xenstored --pid-file /var/run/xenstored.pid
	timeout 60 xen-init-dom0 >/dev/null
	timeout 30 xenconsoled --pid-file=/var/run/xenconsoled.pid
	daemons="xenstored:/var/run/xenstored.pid xenconsoled:/var/run/xenconsoled.pid"
	type='type = "pv"'
	;;
esac
sleep 1

# cfg FILE NAME KERNEL MEMORY EXTRA [RAMDISK]
cfg() {
	{
		echo "name = \"$2\""
		[ -z "$type" ] || echo "$type"
		echo "kernel = \"$3\""
		echo "memory = $4"
		echo "extra = \"$5\""
		[ -z "$6" ] || echo "ramdisk = \"$6\""
	} > "$1"
}
cfg /tmp/kx.cfg kx $tests/vmlinuz-xen 32 "console=hvc0 shutdown=none"
cfg /tmp/linux.cfg linux $tests/vmlinuz-linux 128 "console=hvc0" $tests/initrd-guest.img

# first_line CFG NAME PATTERN: ms from "STACK create -c" to PATTERN, per run.
first_line() {
	local i=0 ms all=
	while [ $i -lt $runs ]; do
		ms=$(printf 'expect %s\nsend \\x1d\ntimeout 10\neof\n' "$3" |
			ptyexpect -t 180 $stack create -c "$1" 2>&1 |
			sed -n 's/^ptyexpect: saw .* after \([0-9]*\) ms.*/\1/p' | head -1)
		all="$all ${ms:-none}"
		timeout 30 $stack destroy "$2" >/dev/null 2>&1
		sleep 2
		i=$((i + 1))
	done
	say "first-line $stack $2$all"
}
# create CFG NAME: ms from "STACK create" (no console) to its return.
create() {
	local i=0 ms all=
	while [ $i -lt $runs ]; do
		ms=$(echo eof | ptyexpect -t 180 $stack create "$1" 2>&1 |
			sed -n 's/^ptyexpect: exited, status 0, after \([0-9]*\) ms.*/\1/p')
		all="$all ${ms:-none}"
		timeout 30 $stack destroy "$2" >/dev/null 2>&1
		sleep 2
		i=$((i + 1))
	done
	say "create $stack $2$all"
}
# save_restore: a 256 MiB Debian guest, booted, then saved to domain 0's
# memory and restored, runs times: ms from "STACK save" (or restore) to
# its return, each run; the guest must be running after each restore.
save_restore() {
	local i=0 ms save= restore= img=/var/lib/xen/save/save256.img
	# The initramfs's own tmpfs is half of domain 0's 512 MiB: too small.
	mkdir -p /var/lib/xen/save
	mount -t tmpfs -o size=300m tmpfs /var/lib/xen/save
	cfg /tmp/save.cfg save256 $tests/vmlinuz-linux 256 "console=hvc0" $tests/initrd-guest.img
	printf 'expect %s\nsend \\x1d\ntimeout 10\neof\n' ": up," |
		ptyexpect -t 300 $stack create -c /tmp/save.cfg >/tmp/save-create.log 2>&1 ||
		say "save-error $stack create: $(tail -3 /tmp/save-create.log | tr '\n' ' ')"
	sleep 3
	while [ $i -lt $runs ]; do
		out=$(echo eof | ptyexpect -t 300 $stack save save256 $img 2>&1)
		ms=$(echo "$out" | sed -n 's/^ptyexpect: exited, status 0, after \([0-9]*\) ms.*/\1/p')
		save="$save ${ms:-none}"
		[ -n "$ms" ] || { say "save-error $stack $(echo "$out" | tail -3 | tr '\n' ' ')"; break; }
		out=$(echo eof | ptyexpect -t 300 $stack restore $img 2>&1)
		ms=$(echo "$out" | sed -n 's/^ptyexpect: exited, status 0, after \([0-9]*\) ms.*/\1/p')
		rm -f $img
		$stack list save256 >/dev/null 2>&1 || ms=
		restore="$restore ${ms:-none}"
		[ -n "$ms" ] || { say "restore-error $stack $(echo "$out" | tail -3 | tr '\n' ' ')"; break; }
		sleep 2
		i=$((i + 1))
	done
	timeout 30 $stack destroy save256 >/dev/null 2>&1
	rm -f $img
	umount /var/lib/xen/save
	say "save $stack linux256$save"
	say "restore $stack linux256$restore"
}
first_line /tmp/kx.cfg kx "starting on"
first_line /tmp/linux.cfg linux "Linux version"
create /tmp/kx.cfg kx
create /tmp/linux.cfg linux
save_restore

# Ten guests running: the daemons' memory.
i=1
while [ $i -le 10 ]; do
	cfg /tmp/g$i.cfg g$i $tests/vmlinuz-xen 16 "console=hvc0 shutdown=none"
	out=$(timeout 60 $stack create /tmp/g$i.cfg 2>&1) ||
		say "create g$i failed: $(echo "$out" | tail -2 | tr '\n' ' ')"
	i=$((i + 1))
done
sleep 3
say "guests $($stack list | grep -c '^g[0-9]')"
rss() { awk '/^VmRSS:/ {print $2}' /proc/$1/status; }
for d in $daemons; do
	pid=$(cat ${d#*:} 2>/dev/null)
	say "rss $stack ${d%%:*} $(rss $pid 2>/dev/null || echo none)"
done
if [ $stack = xl ]; then
	kb=0 n=0
	for p in $(pidof xl); do kb=$((kb + $(rss $p))); n=$((n + 1)); done
	say "rss xl xl-monitors $kb ($n processes)"
fi
i=1
while [ $i -le 10 ]; do timeout 30 $stack destroy g$i >/dev/null 2>&1; i=$((i + 1)); done

# The full hundred create/destroy cycles (check-domains-cycles).
if [ $stack = xm ] && [ "$cycles" != 0 ] && [ -x $tests/check-domains-cycles ]; then
	sleep 2
	$tests/check-domains-cycles | sed 's/^/bench: cycles /'
fi
say done
poweroff -f
