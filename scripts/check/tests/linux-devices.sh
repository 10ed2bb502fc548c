# Guests' virtual network and disks (issue 15): Debian's stock Linux 6.1
# as domain 0 (dom0_mem=512M of a 1 GiB machine, 2 CPUs, an e1000 NIC on
# a QEMU hub of its own, so nothing leaves the machine), the tools
# installed in its initramfs with the hotplug scripts, and Debian's Linux
# as the guest (its initramfs: tools/testing/devices-dom0/guest-init.sh
# with xen-netfront, xen-blkfront and ext4) with ext4 images made here:
# one for g1's file: disk, one nbd-server serves to a second guest and one
# copied into a logical volume for it (nbd-server, nbd-client, lvm2,
# iptables and iproute2 come from this host's Debian packages).
# /init (tools/testing/devices-dom0/init.sh) runs check-devices, whose
# "CASE: ok|fail|skip" lines each become one TAP result "linux-devices:
# GROUP: CASE".  One boot on our hypervisor, one on Debian's Xen 4.17,
# the reference, on which every case must pass: a case failing on both
# is the test's or the tools', one failing on ours alone the hypervisor's.
# Each boot's serial log is kept (logs/linux-devices-*.serial), with
# domain 0's last kernel messages and xend's log when a case fails.
. "$(dirname "$0")/../lib.sh"

# Our hypervisor's known gaps: "case: the missing hypervisor feature".
KNOWN_GAPS="
"
GROUPS_="ours xen417"
CASES=$(sh "$SRC/tools/testing/devices-dom0/check-devices" --list
	sh "$SRC/tools/testing/devices-dom0/check-devices-migrate" --list)

group_name() { case $1 in ours) echo ours ;; *) echo "Xen 4.17" ;; esac; }

work=$CHECK_OUT/linux-devices
stage=$work/root
rm -rf "$work"
mkdir -p "$work" "$CHECK_OUT/logs"

# The tools, the check, the guest's kernel and initramfs and its image.
stage_all() {
	"$SRC/scripts/qemu/stage-tools.sh" "$work/build" "$stage" \
		tools/testing/devices-dom0 >&2 ||
		{ echo "staging the tools failed (scripts/qemu/stage-tools.sh, in the log)"; return 1; }
	mkdir -p "$stage/boot" "$stage/var/lib/xen/images"
	# The guest's kernel: the gzipped ELF, which the builder unpacks in
	# seconds where the bzImage's xz takes a minute under TCG.
	cp "$elf" "$stage/boot/vmlinux-$(basename "$modules").gz" ||
		{ echo "cannot copy $elf"; return 1; }
	python3 "$SRC/scripts/qemu/mkinitramfs-dom0.py" "$modules" "$busybox" \
		"$SRC/tools/testing/devices-dom0/guest-init.sh" \
		"$stage/boot/initrd-devtest.img" xen-netfront xen-blkfront ext4 >&2 ||
		{ echo "the guest's initramfs was not made"; return 1; }
	for i in devtest:16M nbd:8M lv:8M; do
		truncate -s "${i#*:}" "$stage/var/lib/xen/images/${i%:*}.img" &&
			mkfs.ext4 -q -F "$stage/var/lib/xen/images/${i%:*}.img" >&2 ||
			{ echo "mkfs.ext4 of the guest's image failed (e2fsprogs)"; return 1; }
	done
	stage_debian || return 1
}

# Debian's programs the nbd:, phy: VG/LV and NAT cases run in domain 0
# (scripts/install-deps.sh installs them here), with the libraries they
# load: nbd-server and nbd-client, lvm2's lvm, iptables (the legacy one:
# its modules are the iptable_nat the initramfs has) with the matches it
# loads, iproute2's ip as ip-full (busybox's ip has no netns), and
# strace for a failing case's diagnosis.
stage_debian() {
	local x=/usr/lib/x86_64-linux-gnu/xtables f
	for f in /usr/bin/nbd-server /usr/sbin/nbd-client \
		/usr/sbin/xtables-legacy-multi "/usr/bin/ip /usr/lib/xen/tests/ip-full" \
		/usr/bin/strace; do
		"$SRC/scripts/qemu/stage-host.sh" "$stage" $f || return 1
	done
	ln -sf xtables-legacy-multi "$stage/usr/sbin/iptables"
	mkdir -p "$stage$x"
	for f in libxt_standard libxt_MASQUERADE libipt_icmp; do
		cp "$x/$f.so" "$stage$x/" || { echo "no $x/$f.so (iptables)"; return 1; }
	done
	"$SRC/scripts/qemu/stage-lvm.sh" "$stage"
}

why=
if ! paths=$("$SRC/scripts/qemu/linux-dom0.sh" --all 2>&1); then
	why="cannot fetch Debian's kernel or busybox: $(echo "$paths" | tail -1 | sed 's/^linux-dom0.sh: //')"
fi
bzimage=$(echo "$paths" | sed -n 's/^bzimage //p')
elf=$(echo "$paths" | sed -n 's/^elf //p')
modules=$(echo "$paths" | sed -n 's/^modules //p')
busybox=$(echo "$paths" | sed -n 's/^busybox //p')
[ -n "$why" ] || why=$(stage_all) || true
initrd=$work/initrd.cpio
# The default modules and those of nbd:, VG/LV, routed and NAT guests.
[ -n "$why" ] || python3 "$SRC/scripts/qemu/mkinitramfs-dom0.py" --tree "$stage" \
	"$modules" "$busybox" "$SRC/tools/testing/devices-dom0/init.sh" "$initrd" \
	+nbd +dm_mod +veth +ip_tables +iptable_nat +xt_MASQUERADE >&2 ||
	why="the initramfs was not made"
plan $((2 * ($(echo $CASES | wc -w) + 1)))

all_results() {
	local res=$1 g=$2 why=$3 c
	$res "linux-devices: $(group_name $g): boot" "$why"
	for c in $CASES; do $res "linux-devices: $(group_name $g): $c" "$why"; done
}

hv_args="console=com1 loglvl=all guest_loglvl=all noreboot dom0_mem=512M,max:512M"
boot() {	# HYPERVISOR LOG
	# One TCG thread: see linux-dom0.sh (QEMU 7.2's multi-threaded TCG).
	qemu_run --kernel "$1" --append "$hv_args" --tcg-thread single \
		--module "$bzimage console=hvc0 loglevel=6 devtest.timeout=1800" \
		--module "$initrd" --smp 2 --mem 1G --cpu qemu64 --timeout 3000 \
		--extra "-netdev hubport,id=n0,hubid=0 -device e1000,netdev=n0" \
		--log "$2" \
		--stop-on "dom0-tools: done|Hardware Dom0 (crashed|halted)[^\n]*\n|Kernel panic - not syncing" >&2
}

report() {	# GROUP LOG
	local title="linux-devices: $(group_name "$1")"

	linux_boot_result "$title" "$2" "dom0-tools: done"
	guest_cases "$title" "$2" "dom0-tools: devices: " "$([ "$1" = ours ] && echo yes)" \
		skip $CASES
}

later=		# "GROUP:LOG" of each boot, reported after boot_wait

dir=$(port_dir x86_64)
xen=$dir/xen-syms
if [ -z "$why" ] && ! port_build x86_64 xen-syms; then
	why="x86_64 does not build"
fi
if [ -n "$why" ]; then
	all_results not_ok ours "$why"
else
	log=$CHECK_OUT/logs/linux-devices-ours.serial
	boot_bg boot "$xen" "$log"
	later="$later ours:$log"
fi

if [ -n "$why" ]; then
	all_results not_ok xen417 "$why"
elif ! ref=$("$SRC/scripts/qemu/xen-4.17.sh" 2>/dev/null); then
	all_results skip xen417 "cannot fetch Debian's xen-hypervisor-4.17-amd64"
else
	log=$CHECK_OUT/logs/linux-devices-xen417.serial
	boot_bg boot "$ref" "$log"
	later="$later xen417:$log"
fi
boot_wait
for r in $later; do report "${r%%:*}" "${r#*:}"; done
finish
