#!/bin/busybox sh
# /init of the toolstack system test (scripts/check/tests/linux-tools.sh;
# the initramfs is made by scripts/qemu/mkinitramfs-dom0.py --tree with
# the tools installed into it).  It loads the Xen device modules, mounts
# xenfs, then runs every executable /usr/lib/xen/tests/check-* in name
# order.  Each prints one line per case, "CASE: ok|fail|skip[: detail]";
# this script prefixes them with "dom0-tools: CHECK: " for the host, ends
# with "dom0-tools: done" and powers the machine off.  A check that
# exits without a line for a case leaves that case "no result" on the host.
/bin/busybox mkdir -p /bin /sbin /usr/bin /usr/sbin /proc /sys /dev /tmp /run /var/run
/bin/busybox --install -s
export PATH=/usr/sbin:/usr/bin:/sbin:/bin
export LD_LIBRARY_PATH=/usr/lib:/usr/local/lib
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev 2>/dev/null
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

# dom0tools.skip=NAME/CASE,...: cases not to run (each check is given
# its own in $DOM0_TOOLS_SKIP, space-separated).  dom0tools.only=NAME,...
# and dom0tools.except=NAME,...: the checks to run, or not to run, when
# the host splits them between boots.
skip= only= except=
for w in $(cat /proc/cmdline); do
	case $w in
	dom0tools.skip=*) skip=$(echo "${w#*=}" | tr , ' ') ;;
	dom0tools.only=*) only=" $(echo "${w#*=}" | tr , ' ') " ;;
	dom0tools.except=*) except=" $(echo "${w#*=}" | tr , ' ') " ;;
	esac
done
chosen() {	# NAME
	case "$only" in "" | *" $1 "*) ;; *) return 1 ;; esac
	case "$except" in *" $1 "*) return 1 ;; esac
}

# Each check runs bounded, so one that hangs cannot stall the others.
anyfail=
# check-libs first: its VIRQ_DOM_EXC case binds the VIRQ, which the
# xenstored the later checks start (and keep, as a booted system does)
# holds for good.
for c in /usr/lib/xen/tests/check-libs $(ls /usr/lib/xen/tests/check-* | grep -v /check-libs$); do
	[ -x "$c" ] || continue
	name=${c##*/check-}
	chosen "$name" || continue
	start=$(cut -d. -f1 /proc/uptime)
	DOM0_TOOLS_SKIP=$(for s in $skip; do
		case $s in "$name"/*) printf '%s ' "${s#*/}" ;; esac
	done)
	export DOM0_TOOLS_SKIP
	# Into a file, not a pipe: a daemon a check leaves running (xenstored)
	# would hold the pipe open, and the runner would wait for good.
	# A check may ask for longer: "# dom0-timeout: SECONDS" near its top.
	t=$(head -5 "$c" | sed -n 's/^# dom0-timeout: \([0-9]*\)$/\1/p')
	timeout "${t:-180}" "$c" > "/tmp/$name.out" 2>&1
	sed "s/^/dom0-tools: $name: /" "/tmp/$name.out"
	echo "dom0-tools-time: $name: $(($(cut -d. -f1 /proc/uptime) - start)) s"
	! grep -q '^[^ ]*: fail' "/tmp/$name.out" || anyfail=1
done
# A failure's story is in the kernel's messages: the last ones.
[ -z "$anyfail" ] || dmesg | tail -n 40 | sed 's/^/dom0-dmesg: /'
echo "dom0-tools: done"
poweroff -f
