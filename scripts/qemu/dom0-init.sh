#!/bin/busybox sh
# /init of the Linux domain 0 system test (scripts/check/tests/linux-dom0.sh;
# the initramfs is made by scripts/qemu/mkinitramfs-dom0.py).  It loads the
# modules, runs named checks and prints one line for each on the console:
#
#	dom0-check: NAME: ok[: detail]
#	dom0-check: NAME: fail: WHY
#	dom0-check: NAME: skip: WHY
#
# then "dom0-check: done" and powers the machine off (poweroff -f: domain 0
# shuts down).  When a check failed, the kernel's last messages follow the
# results as "dom0-dmesg: " lines.  The same checks run on any hypervisor;
# which results are expected is the host's business.  Kernel command line:
#
#	dom0test.cpus=N		the vCPUs domain 0 should have
#	dom0test.skip=A,B	do not run checks A and B (for a check that
#				would hang where a feature is missing)
#	dom0test=interactive	run the console check: after the others,
#				print "dom0-check: console: waiting for input"
#				and start a shell on hvc0, in which the typed
#				command "console-check WORDS" prints the
#				console check's result and "poweroff -f"
#				ends the run
#	dom0test=qemu		make qemu: after the checks, when xen-tools
#				are in the initramfs (scripts/qemu/make-qemu),
#				start xenstored, xenconsoled and xend as a
#				booted domain 0 would, "xm create -c" the
#				guest /etc/xen/iSCSI1 (Ctrl-] comes back),
#				then a shell on hvc0
/bin/busybox mkdir -p /bin /sbin /usr/bin /usr/sbin /proc /sys /dev /tmp /mnt /run
/bin/busybox --install -s
export PATH=/bin:/sbin:/usr/bin:/usr/sbin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev 2>/dev/null
read -r up _ < /proc/uptime
echo "dom0 init: up at $up s, $(uname -r)"

arg() {
	for w in $(cat /proc/cmdline); do
		case $w in "$1="*) echo "${w#*=}"; return ;; esac
	done
}
SKIP=",$(arg dom0test.skip),"
CPUS=$(arg dom0test.cpus)
MODE=$(arg dom0test)

FAILED=
result() {
	echo "dom0-check: $1: $2${3:+: $3}"
	[ "$2" != fail ] || FAILED="$FAILED $1"
}
# want NAME: false (and says so) when NAME is in dom0test.skip.
want() {
	case $SKIP in *,"$1",*) result "$1" skip "dom0test.skip"; return 1 ;; esac
	return 0
}

# Kernel messages would cut the check lines: only errors on the console from
# here on (dmesg keeps everything).
echo 3 > /proc/sys/kernel/printk

# modules: every module of the list loads (dependencies first).
moddir=/lib/modules/$(uname -r)
failed=
n=0
printf "dom0 init: insmod"
for m in $(cat "$moddir/load-order"); do
	n=$((n + 1))
	m=${m%.ko}
	printf " %s" "${m##*/}"
	out=$(insmod "$moddir/$m.ko" 2>&1) || failed="$failed ${m##*/}(${out##*: })"
done
echo
if [ -z "$failed" ]; then result modules ok "$n loaded"; else result modules fail "$failed"; fi
# Let the device drivers probe and udev-less /dev settle.
sleep 2

# sse: busybox's awk computes in SSE registers on x86_64.
if grep -qw sse2 /proc/cpuinfo && awk 'BEGIN { x = 1.5; exit !(x * 4 == 6) }'; then
	result sse ok
else
	result sse fail "no sse2 flag or floating point wrong"
fi

if [ -n "$CPUS" ]; then
	n=$(grep -c '^processor' /proc/cpuinfo)
	if [ "$n" = "$CPUS" ]; then result vcpus ok "$n"; else result vcpus fail "$n vCPUs, not $CPUS"; fi
fi

# memory: dom0_mem=512M,max:512M gives domain 0 512 MiB of the machine's
# 2 GiB (Linux 6.1 shows about 390 MiB of it as MemTotal on Xen 4.17).
kb=$(awk '/^MemTotal:/ { print $2 }' /proc/meminfo)
if [ "$kb" -gt 262144 ] && [ "$kb" -le 524288 ]; then
	result memory ok "MemTotal $kb kB"
else
	result memory fail "MemTotal $kb kB, not in (256, 512] MiB"
fi

if dmesg | grep -q "Grant table initialized"; then result grant-table ok; else
	result grant-table fail "no 'Grant table initialized' in dmesg"; fi

# no-enosys: no hypercall Linux made was unknown to the hypervisor.
n=$(dmesg | grep -cE -- '-38\b|ENOSYS')
if [ "$n" = 0 ]; then result no-enosys ok; else
	result no-enosys fail "$n dmesg lines with -38, first: $(dmesg | grep -m1 -E -- '-38\b|ENOSYS' | sed 's/^\[[ 0-9.]*\] //')"
fi

# dmesg_lacks NAME TEXT: ok if the kernel never said TEXT.
dmesg_lacks() {
	if dmesg | grep -qF "$2"; then result "$1" fail "dmesg says '$2'"; else
		result "$1" ok; fi
}
# pcpu-info: platform_op XENPF_get_cpuinfo answered.
dmesg_lacks pcpu-info "Failed to sync pcpu info"
# mcelog: mca's physcpuinfo answered, so xen-mcelog took /dev/mcelog.
if dmesg | grep -q "/dev/mcelog registered by Xen"; then result mcelog ok; else
	result mcelog fail "$(dmesg | grep -m1 -iE 'mcelog|mce:' | sed 's/^\[[ 0-9.]*\] //')"
fi
# swiotlb: XENMEM_exchange gave swiotlb-xen its buffer below 4 GiB.
dmesg_lacks swiotlb "software IO TLB: No low mem"

# irqs: the keyboard controller and the RTC got their interrupts.
if want irqs; then
	missing=
	for dev in i8042 rtc0; do
		grep -qw "$dev" /proc/interrupts || missing="$missing $dev"
	done
	if [ -z "$missing" ]; then result irqs ok; else
		result irqs fail "not in /proc/interrupts:$missing"; fi
fi

# pci: the hypervisor took every PCI function Linux found and reported
# (PHYSDEVOP_pci_device_add; Linux says "Failed to add" when refused).
if want pci; then
	n=$(ls /sys/bus/pci/devices | wc -l)
	if [ "$n" = 0 ]; then result pci fail "no PCI function found"
	elif dmesg | grep -qF "Failed to add - passthrough"; then
		result pci fail "dmesg: $(dmesg | grep -m1 -F 'Failed to add' | sed 's/^\[[ 0-9.]*\] //')"
	else result pci ok; fi
fi

mkdir -p /proc/xen
if mount -t xenfs xenfs /proc/xen 2>/dev/null; then
	caps=$(cat /proc/xen/capabilities)
	if [ "$caps" = control_d ]; then result xenfs ok; else
		result xenfs fail "capabilities '$caps', not control_d"; fi
else
	result xenfs fail "mount -t xenfs failed"
fi

for dev in privcmd evtchn gntdev gntalloc xenbus; do
	if [ -c /dev/xen/$dev ]; then result "dev-$dev" ok; else
		result "dev-$dev" fail "no character device /dev/xen/$dev"; fi
done

missing=
for drv in vif vbd; do
	[ -d /sys/bus/xen-backend/drivers/$drv ] || missing="$missing $drv"
done
if [ -z "$missing" ]; then result backends ok "vif vbd"; else
	result backends fail "not in /sys/bus/xen-backend/drivers:$missing"; fi

if ip link add dom0br type bridge 2>/dev/null && ip link set dom0br up &&
	[ -d /sys/class/net/dom0br/bridge ]; then
	result bridge ok
	ip link del dom0br
else
	result bridge fail "cannot add a bridge"
fi

# fs_roundtrip DEV DIR: ext2 made by busybox, mounted by ext4, a file
# written, unmounted, mounted again and read back.
fs_roundtrip() {
	mke2fs -q -F "$1" >/dev/null 2>&1 || { echo "mke2fs $1 failed"; return 1; }
	mkdir -p "$2"
	mount -t ext4 "$1" "$2" || { echo "mount $1 failed"; return 1; }
	dd if=/dev/urandom of="$2/data" bs=4096 count=256 2>/dev/null
	sum=$(sha256sum "$2/data" | cut -d' ' -f1)
	sync
	umount "$2" || { echo "umount $1 failed"; return 1; }
	echo 3 > /proc/sys/vm/drop_caches
	mount -t ext4 "$1" "$2" || { echo "second mount of $1 failed"; return 1; }
	again=$(sha256sum "$2/data" | cut -d' ' -f1)
	umount "$2"
	[ "$sum" = "$again" ] || { echo "read back $again, wrote $sum"; return 1; }
	echo "1 MiB written and read back"
}

check_fs() {
	if why=$(fs_roundtrip "$2" "/mnt/$1"); then result "$1" ok "$why"; else
		result "$1" fail "$why"; fi
}

# loop: the filesystem path without any hardware under it.
if dd if=/dev/zero of=/tmp/loop.img bs=1M count=8 2>/dev/null &&
	losetup /dev/loop0 /tmp/loop.img 2>/dev/null; then
	check_fs loop /dev/loop0
	losetup -d /dev/loop0
else
	result loop fail "losetup /dev/loop0 failed"
fi

# The disks whose device's driver (in sysfs) is $1, by their /dev names.
disk_of() {
	for b in /sys/block/*; do
		case $(readlink -f "$b/device/driver" 2>/dev/null) in
		*/"$1") echo "/dev/${b##*/}" ;;
		esac
	done
}

if want disk-virtio; then
	set -- $(disk_of virtio_blk)
	dev=${1:-}
	if [ -n "$dev" ]; then check_fs disk-virtio "$dev"; else
		result disk-virtio fail "no virtio-blk disk"; fi
fi
if want disk-ahci; then
	dev=
	for d in $(disk_of sd); do
		readlink -f "/sys/block/${d#/dev/}" | grep -q /ata && dev=$d
	done
	if [ -n "$dev" ]; then check_fs disk-ahci "$dev"; else
		result disk-ahci fail "no disk on an ATA port"; fi
fi

# The network interface whose driver is $1.
nic_of() {
	for n in /sys/class/net/*; do
		case $(readlink -f "$n/device/driver" 2>/dev/null) in
		*/"$1") echo "${n##*/}"; return ;;
		esac
	done
}

# nic: the e1000 and the virtio-net NIC share an emulated hub; ARP requests
# and replies cross it both ways (arping uses a packet socket: no routing;
# both addresses are local, so the kernel must accept a local sender).
if want nic; then
	e=$(nic_of e1000)
	v=$(nic_of virtio_net)
	if [ -z "$e" ] || [ -z "$v" ]; then
		result nic fail "NICs found: e1000 '$e', virtio_net '$v'"
	else
		for k in all "$e" "$v"; do
			echo 1 > /proc/sys/net/ipv4/conf/$k/accept_local
			echo 0 > /proc/sys/net/ipv4/conf/$k/rp_filter
		done
		ip addr add 192.168.77.1/24 dev "$e"
		ip addr add 192.168.77.2/24 dev "$v"
		ip link set "$e" up
		ip link set "$v" up
		sleep 3
		why=
		arping -q -c 3 -w 5 -I "$v" 192.168.77.1 || why="$v to $e: no reply"
		arping -q -c 3 -w 5 -I "$e" 192.168.77.2 || why="$why${why:+; }$e to $v: no reply"
		if [ -z "$why" ]; then result nic ok "ARP both ways between $e (e1000) and $v (virtio)"
		else result nic fail "$why"; fi
	fi
fi

# msi: the devices that have MSI-X (virtio) and MSI (AHCI) interrupt
# through it, as pirqs the hypervisor set up (PHYSDEVOP_map_pirq of type
# MSI), and those interrupts came: "-msi-x"/"-msi" lines of xen-pirq in
# /proc/interrupts with a non-zero count (the disks and the NIC above
# made them).
msi_count() {	# NAME: the interrupts of xen-pirq lines of handler -NAME
	awk -v n="-$1" '/xen-pirq/ && $0 ~ n "[ \t]" {
		for (i = 2; i <= NF && $i ~ /^[0-9]+$/; i++) c += $i } END { print c + 0 }' /proc/interrupts
}
if want msi; then
	x=$(msi_count msi-x)
	m=$(msi_count msi)
	if [ "$x" -gt 0 ] && [ "$m" -gt 0 ]; then
		result msi ok "$x MSI-X and $m MSI interrupts"
	else
		result msi fail "MSI-X $x, MSI $m interrupts: $(grep -E 'virtio|ahci' /proc/interrupts | tr -s ' ' | tr '\n' ';')"
	fi
fi

# A failure's story is in the kernel's messages: the last ones, on the console.
[ -z "$FAILED" ] || dmesg | tail -n 60 | sed 's/^/dom0-dmesg: /'

# make qemu: the seed's journey, then domain 0's shell.
if [ "$MODE" = qemu ]; then
	if [ -x /usr/sbin/xend ]; then
		mkdir -p /dev/pts /var/run /var/log/xen /var/lib/xenstored
		mount -t devpts devpts /dev/pts 2>/dev/null
		xenstored --pid-file /var/run/xenstored.pid
		xenconsoled
		xend start
		echo "dom0: xenstored, xenconsoled and xend started"
		echo "dom0: xm create -c /etc/xen/iSCSI1 (Ctrl-] comes back here; then xm list)"
		setsid cttyhack sh -c 'xm create -c /etc/xen/iSCSI1; echo; xm list; exec sh -i'
	else
		echo "dom0: no xen-tools in this initramfs: a shell"
		setsid cttyhack sh -i
	fi
	poweroff -f
fi

# console: a command typed on the serial line reaches a shell on hvc0.
if [ "$MODE" != interactive ]; then
	result console skip "needs dom0test=interactive"
elif want console; then
	cat > /bin/console-check <<-'EOF'
	#!/bin/sh
	echo "dom0-check: console: ok: read '$*'"
	EOF
	chmod +x /bin/console-check
	echo "dom0-check: console: waiting for input"
	# A child, not PID 1, so that setsid need not fork (and init exit).
	setsid cttyhack sh -i
fi
read -r up _ < /proc/uptime
echo "dom0-check: done at $up s"
poweroff -f
