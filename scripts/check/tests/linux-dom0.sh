# Debian's stock Linux 6.1 (linux-image-amd64, fetched by
# scripts/qemu/linux-dom0.sh) as domain 0, with dom0_mem=512M,max:512M on a
# 2 GiB machine with 2 CPUs (pc) and with 4 (q35), an e1000 and a virtio-net NIC on
# one emulated hub, a virtio-blk and an AHCI disk: its /init
# (scripts/qemu/dom0-init.sh, in an initramfs of busybox and the modules
# by scripts/qemu/mkinitramfs-dom0.py) loads the Xen, backend, NIC, disk,
# ext4, bridge and loop modules and runs named checks, each printing
# "dom0-check: NAME: ok|fail|skip[: why]"; each is one TAP result here.
# The same boot runs on Debian's Xen 4.17 (scripts/qemu/xen-4.17.sh, the
# bzImage as Debian ships it; 2 and 4 CPUs) as a second group of
# results: the reference, on which every check must pass.  One more boot
# on each tells Linux to use grant tables v2 (grant_table.version=2):
# it must initialise them and make no call the hypervisor does not know.
#
# On our hypervisor, a check named in KNOWN_GAPS below is reported as
# "ok ... # SKIP not yet: FEATURE" whatever it printed (what it printed is
# in the reason); every other check must pass.  Remove an entry when its
# feature lands and the check counts.  "console" only runs when it is not
# a known gap (it waits for typed input), and "bzimage" decides which
# image our hypervisor gets: the ELF extracted on the host while it is a
# gap, else Debian's bzImage.
#
# What it cannot tell apart: a check that fails on Xen 4.17 too is a
# test or QEMU problem, not ours; each boot's serial log is kept
# (linux-dom0-*.serial) with the kernel's last messages when a check fails.
. "$(dirname "$0")/../lib.sh"

# Our hypervisor's known gaps: "check: the missing hypervisor feature".
KNOWN_GAPS="
"

# Every check dom0-init.sh runs, in its order (bzimage is ours, on the host).
CHECKS="modules sse vcpus memory grant-table no-enosys pcpu-info mcelog swiotlb irqs pci xenfs
dev-privcmd dev-evtchn dev-gntdev dev-gntalloc dev-xenbus backends bridge loop
disk-virtio disk-ahci nic msi console"
# The CPU counts of the boots on ours and on Xen 4.17.  (Xen 4.17 with 4
# CPUs used to stall here for minutes while Linux loaded its modules: the
# same multi-threaded TCG trouble as the crashes, gone with one thread.)
CPUS=${LINUX_DOM0_CPUS:-2 4}
REF_CPUS=${LINUX_DOM0_REF_CPUS:-2 4}
# The boots with these CPU counts run on QEMU's q35 machine (PCI Express:
# ACPI's MCFG lists an MMCONFIG area, which Linux reports with
# PHYSDEVOP_pci_mmcfg_reserved), the others on pc.
Q35_CPUS=${LINUX_DOM0_Q35_CPUS:-4}
ncheck=$(echo $CHECKS | wc -w)
nboots=$(echo $CPUS $REF_CPUS | wc -w)
# Per boot: "boot" and each check; ours also "bzimage" once; the boot
# with grant tables v2 on each hypervisor.
plan $((nboots * (ncheck + 1) + 1 + 2))

gap() { echo "$KNOWN_GAPS" | sed -n "s/^$1: //p"; }

# skip_all GROUP CPUS WHY: the results of a group that cannot run.
skip_all() {
	local why=$3
	for smp in $2; do
		for c in boot $CHECKS; do skip "linux-dom0: $1, $smp CPUs: $c" "$why"; done
	done
}

dir=$(port_dir x86_64)
xen=$dir/xen-syms
why=
if ! paths=$("$SRC/scripts/qemu/linux-dom0.sh" --all 2>&1); then
	why="cannot fetch Debian's kernel or busybox: $(echo "$paths" | tail -1 | sed 's/^linux-dom0.sh: //')"
fi
if [ -n "$why" ]; then
	skip "linux-dom0: ours: bzimage" "$why"
	skip_all ours "$CPUS" "$why"
	skip_all "Xen 4.17" "$REF_CPUS" "$why"
	skip "linux-dom0: ours, grant tables v2" "$why"
	skip "linux-dom0: Xen 4.17, grant tables v2" "$why"
	finish
fi
bzimage=$(echo "$paths" | sed -n 's/^bzimage //p')
elf=$(echo "$paths" | sed -n 's/^elf //p')
modules=$(echo "$paths" | sed -n 's/^modules //p')
busybox=$(echo "$paths" | sed -n 's/^busybox //p')
diag "$(cat "$(dirname "$bzimage")"/*.version | tr '\n' ' ')"

initrd=$CHECK_OUT/linux-dom0.cpio
python3 "$SRC/scripts/qemu/mkinitramfs-dom0.py" "$modules" "$busybox" \
	"$SRC/scripts/qemu/dom0-init.sh" "$initrd" >&2 || {
	why="the initramfs was not made"
	not_ok "linux-dom0: ours: bzimage" "$why"
	for smp in $CPUS; do for c in boot $CHECKS; do
		not_ok "linux-dom0: ours, $smp CPUs: $c" "$why"
	done; done
	for smp in $REF_CPUS; do for c in boot $CHECKS; do
		not_ok "linux-dom0: Xen 4.17, $smp CPUs: $c" "$why"
	done; done
	not_ok "linux-dom0: ours, grant tables v2" "$why"
	not_ok "linux-dom0: Xen 4.17, grant tables v2" "$why"
	finish
}

hv_args="console=com1 loglvl=all guest_loglvl=all noreboot dom0_mem=512M,max:512M"
# Two NICs on one hub (no network outside the machine) and two disks.
devices() {
	local img=$CHECK_OUT/linux-dom0-$1
	rm -f "$img-vd.img" "$img-sd.img"
	truncate -s 32M "$img-vd.img" "$img-sd.img"
	echo "-netdev hubport,id=n0,hubid=0 -device e1000,netdev=n0" \
		"-netdev hubport,id=n1,hubid=0 -device virtio-net-pci,netdev=n1" \
		"-drive file=$img-vd.img,if=none,id=d0,format=raw -device virtio-blk-pci,drive=d0" \
		"-drive file=$img-sd.img,if=none,id=d1,format=raw" \
		"-device ahci,id=ahci -device ide-hd,drive=d1,bus=ahci.0"
}

# boot NAME HYPERVISOR KERNEL SMP INTERACTIVE [ARGS]: one boot, its log
# in $CHECK_OUT/logs/linux-dom0-NAME.serial, ARGS more for Linux.  Domain
# 0 powers the machine off (ours: QEMU exits; Xen 4.17: ACPI S5); a
# crash ends the run too.
boot() {
	local name=$1 hv=$2 kernel=$3 smp=$4 interactive=$5 args=${6:-} send=() machine=pc
	case " $Q35_CPUS " in *" $smp "*) machine=q35 ;; esac
	if [ "$interactive" = yes ]; then
		args="$args dom0test=interactive"
		send=(--send "dom0-check: console: waiting for input=>console-check typed on the serial line\r"
			--send "dom0-check: console: ok[^\n]*\n=>poweroff -f\r")
	fi
	# One TCG thread for all vCPUs: QEMU 7.2's multi-threaded TCG
	# segfaults now and then (memory_region_dispatch_write() on a NULL
	# region, seen in dmesg) while Linux sizes the PCI BARs of these
	# devices; on a fast machine, at every boot.
	qemu_run --kernel "$hv" --append "$hv_args" --tcg-thread single --machine $machine \
		--module "$kernel console=hvc0 loglevel=6 dom0test.cpus=$smp $args" \
		--module "$initrd" --smp "$smp" --mem 2G --cpu qemu64 --timeout 900 \
		--log "$CHECK_OUT/logs/linux-dom0-$name.serial" --extra "$(devices "$name")" \
		--stop-on "Hardware Dom0 (crashed|halted)[^\n]*\n|Kernel panic - not syncing" \
		"${send[@]}" >&2
}

# report GROUP SMP LOG OURS: one TAP result per check from a boot's log.
report() {
	local group=$1 smp=$2 log=$3 ours=$4 line secs
	secs=$(sed -n 's/^# qemu exit status .*, \([0-9.]*\) s$/\1/p' "$log" | tail -1)
	diag "$group, $smp CPUs: boot took ${secs:-?} s ($log)"
	if grep -aqE "^# qemu exit status -([0-8]|[1-9][0-9])," "$log"; then
		diag "QEMU itself died of a signal: $(grep -a '^# qemu exit status' "$log" | tail -1)"
	fi
	if ! grep -aq "^dom0 init: up" "$log"; then
		not_ok "linux-dom0: $group, $smp CPUs: boot" "Linux did not reach /init"
		# What it said last: a CI machine keeps no logs.
		tr -d '\r' < "$log" | grep -av '^[[:space:]]*$' | tail -25 |
			while IFS= read -r line; do diag "  $line"; done
	elif ! grep -aq "reboot: Power down" "$log"; then
		not_ok "linux-dom0: $group, $smp CPUs: boot" "domain 0 did not power off"
	else
		ok "linux-dom0: $group, $smp CPUs: boot"
	fi
	guest_cases "linux-dom0: $group, $smp CPUs" "$log" "dom0-check: " "$ours" skip $CHECKS
	# What the hypervisor listed (debug lines, the same on both).
	diag "$group, $smp CPUs: $(grep -ac 'PCI add device' "$log") PCI functions reported to the hypervisor"
	grep -a "MCFG: " "$log" | tr -d '\r' | while IFS= read -r line; do diag "$group, $smp CPUs: $line"; done
}

# The boots on ours, one after the other (they run beside the reference's):
# the first tells whether the bzImage was taken.
ours_boots() {
	local smp
	for smp in $CPUS; do
		boot "ours-smp$smp" "$xen" "$kernel" "$smp" $interactive
	done
}

ours_reports() {
	local smp log
	for smp in $CPUS; do
		log=$CHECK_OUT/logs/linux-dom0-ours-smp$smp.serial
		if [ -z "$feature" ]; then
			feature=checked
			if grep -aq "^dom0 init: up" "$log"; then ok "linux-dom0: ours: bzimage"
			else not_ok "linux-dom0: ours: bzimage" "Linux did not reach /init"; fi
		fi
		report ours "$smp" "$log" yes
	done
}

ref_boots() {
	local smp
	for smp in $REF_CPUS; do
		boot "xen417-smp$smp" "$ref" "$bzimage" "$smp" yes
	done
}

# v2_boot NAME HYPERVISOR KERNEL: Linux told to use grant tables v2 (as it
# does by itself where machine addresses need more than 44 bits): it sets
# version 2, maps its status frames (get_status_frames) and initialises
# them, and no call it makes is unknown.  One boot, 2 CPUs.
v2_boot() {
	local log=$CHECK_OUT/logs/linux-dom0-$1-gntv2.serial
	# loglevel=7: Linux says which layout it took at KERN_INFO.
	boot "$1-gntv2" "$2" "$3" 2 no "grant_table.version=2 loglevel=7"
	grep -aq "Grant tables using version 2 layout" "$log" &&
		grep -aq "^dom0-check: grant-table: ok" "$log" &&
		grep -aq "^dom0-check: no-enosys: ok" "$log" &&
		grep -aq "^dom0-check: dev-gntdev: ok" "$log" &&
		grep -aq "reboot: Power down" "$log"
}

# Our hypervisor.
port_build x86_64 xen-syms || why="x86_64 does not build"
interactive=yes
[ -z "$(gap console)" ] || interactive=no
if [ -n "$why" ]; then
	not_ok "linux-dom0: ours: bzimage" "$why"
	for smp in $CPUS; do for c in boot $CHECKS; do
		not_ok "linux-dom0: ours, $smp CPUs: $c" "$why"
	done; done
else
	feature=$(gap bzimage)
	if [ -n "$feature" ]; then
		# Does our hypervisor take the bzImage yet?  Linux's first line
		# says so; no initramfs, so nothing runs on.
		log=$CHECK_OUT/logs/linux-dom0-ours-bzimage.serial
		qemu_run --kernel "$xen" --append "$hv_args" --module "$bzimage console=hvc0" \
			--mem 2G --cpu qemu64 --timeout 300 --log "$log" \
			--stop-on "\] Linux version 6|No domain 0 to run" >&2
		res=$(tr -d '\r' < "$log" | grep -a -m1 -o "dom0: kernel image refused: .*")
		if grep -aq "^\[ *[0-9.]*\] Linux version 6" "$log"; then
			res="now ok: Linux starts from it: drop it from KNOWN_GAPS"
		fi
		skip "linux-dom0: ours: bzimage" "not yet: $feature (${res:-no result})"
		kernel=$elf
	else
		kernel=$bzimage
	fi
	boot_bg ours_boots
fi

# The reference: Debian's Xen 4.17 under the same QEMU.
if ! ref=$("$SRC/scripts/qemu/xen-4.17.sh" 2>/dev/null); then
	boot_wait
	[ -n "$why" ] || ours_reports
	skip_all "Xen 4.17" "$REF_CPUS" "cannot fetch Debian's xen-hypervisor-4.17-amd64"
	if [ -n "$why" ]; then not_ok "linux-dom0: ours, grant tables v2" "$why"
	else check "linux-dom0: ours, grant tables v2" v2_boot ours "$xen" "$kernel"; fi
	skip "linux-dom0: Xen 4.17, grant tables v2" "cannot fetch Debian's xen-hypervisor-4.17-amd64"
	finish
fi
diag "reference: $ref ($(cat "$ref.version" 2>/dev/null))"
boot_bg ref_boots
boot_wait
[ -n "$why" ] || ours_reports
for smp in $REF_CPUS; do
	report "Xen 4.17" "$smp" "$CHECK_OUT/logs/linux-dom0-xen417-smp$smp.serial" no
done
if [ -n "$why" ]; then not_ok "linux-dom0: ours, grant tables v2" "$why"
else check "linux-dom0: ours, grant tables v2" v2_boot ours "$xen" "$kernel"; fi
check "linux-dom0: Xen 4.17, grant tables v2" v2_boot xen417 "$ref" "$bzimage"
finish
