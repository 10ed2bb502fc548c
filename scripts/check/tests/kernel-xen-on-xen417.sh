# kernel-xen as domain 0 on Debian's Xen 4.17, the reference hypervisor
# (fetched once by scripts/qemu/xen-4.17.sh), under QEMU TCG: its KTAP
# self tests pass with 1, 2 and 4 vCPUs (domain 0 gets one per QEMU CPU;
# the event, timer and vCPU suites bring them all up), with hypercalls through the
# hypercall page and through syscall (as Linux 6.1), and it powers off; with
# shutdown=reboot and shutdown=crash, Xen acts on the reason the guest
# gave.  The memory suites (memory, grant_table, grant_ops, grant_v2, hostile, mm_audit: every
# page they took is back in Xen's free pool) pass with 1 and 4 vCPUs.
# When our hypervisor runs guests, the same runs are its
# acceptance test (XEN_IMAGE=... runs them on another hypervisor image).
. "$(dirname "$0")/../lib.sh"
plan 9
img=$(port_dir x86_64)/vmlinuz-xen
xen=${XEN_IMAGE:-}
why=""
if [ -z "$xen" ]; then
	xen=$("$SRC/scripts/qemu/xen-4.17.sh") || why="cannot fetch Debian's xen-hypervisor-4.17-amd64"
fi
if [ -z "$why" ] && ! port_build x86_64 vmlinuz-xen; then
	why="kernel-xen x86_64 does not build"
fi
if [ -n "$why" ]; then
	for n in "self tests, 1 vCPU(s)" "self tests, 2 vCPU(s)" "self tests, 4 vCPU(s)" \
		"self tests, hypercall=syscall" \
		"memory suites, 1 vCPU(s)" "memory suites, 4 vCPU(s)" \
		"shutdown=reboot" "shutdown=crash" "rare calls with an MSI-X function"; do
		skip "kernel-xen on Xen 4.17: $n" "$why"
	done
	finish
fi
diag "hypervisor: $xen ($(cat "$xen.version" 2>/dev/null || echo given))"

# Xen halts (and QEMU stays) after domain 0 powers off or crashes: end the
# run on its last message, whole (a partial line may arrive first).
# QEMU 7.2 with -cpu max breaks PV dom0 (SMAP): qemu64.  dom0_mem gives
# domain 0 a maximum reservation equal to its allocation (else it is
# unlimited), so hostile/test_populate_beyond_max has a limit to hit.
xen_args="console=com1 loglvl=all guest_loglvl=all noreboot dom0_mem=256M,max:256M"
end="Hardware Dom0 (halted: halting machine|shutdown: rebooting machine|crashed: .*not rebooting)"
xen_run() {
	local name=$1 smp=$2 args=$3
	shift 3
	qemu_run --kernel "$xen" --append "$xen_args" \
		--module "$img console=hvc0 $args" --smp "$smp" --mem 512M --cpu qemu64 \
		--timeout 120 --log "$CHECK_OUT/logs/kernel-xen-on-xen417-$name.serial" \
		--stop-on "$end" "$@"
}

# Every suite runs as domain 0, so some skip, 56 cases: the frontends'
# four suites (18: their devices are a domU's), the fuzzer's
# three suites (3: the fuzzer runs only when asked, and its watcher and
# victim need other domains), logdirty (5: no
# log-dirty mode for PV without shadow paging), the unpriv suite
# (10: domain 0 is privileged) and pirq's refusals (1), control and peer
# (10: no other domain),
# crash (it would take the machine), console input (nothing typed), the
# hypervisor's memory audit (Xen 4.17 has none), and int \$N (4: QEMU
# 7.2's TCG gives the wrong #GP error code, QEMU #1382, which Xen
# misroutes), and evtchn_fifo's port past the first page of words (1:
# Xen keeps the 1100 ports' buckets to the domain's end, which
# mm_audit's count of free pages would take for a leak), and with more
# than one CPU mca's physcpuinfo with room for one (1: Xen 4.17 writes
# past its array and panics), and rare_calls' prepare_msix (1: no PCI
# function with MSI-X; its own run below has one).  With one vCPU (one CPU: mca's case runs),
# 8 more need a second one (segment_base's per-vCPU selectors and three
# of ldt's among them).
skips="as domain 0 alone on Xen 4.17 under QEMU 7.2 (see above)"
# The image's GNU build id: Xen prints it, XENVER_build_id must give it.
build_id=$(readelf -n "$xen" 2>/dev/null | awk '/Build ID/ {print $3}')
for smp in 1 2 4; do
	check "kernel-xen on Xen 4.17: self tests, $smp vCPU(s)" \
		xen_run "selftest-smp$smp" $smp "selftest" --ktap \
		--expect-skips $([ $smp = 1 ] && echo 63 || echo 56) "$skips" \
		--expect "kernel-xen: $smp of $smp vCPUs up" \
		--expect "build-id: ${build_id:-none}" --expect "# build-id ${build_id:-none}\$" \
		--expect "^# Totals: pass:[1-9]" --expect "Hardware Dom0 halted: halting machine"
done
for smp in 1 4; do
	check "kernel-xen on Xen 4.17: memory suites, $smp vCPU(s)" \
		xen_run "mm-smp$smp" $smp "selftest=memory,grant_table,grant_ops,grant_v2,hostile,hostile_ro,foreign,mm_audit" --ktap \
		--expect-skips 1 "mm_audit: Xen 4.17 has no memory audit" \
		--expect "kernel-xen: $smp of $smp vCPUs up" \
		--expect "^ +ok [0-9]+ test_free_pages_back$" \
		--expect "^# Totals: pass:[1-9][0-9]* fail:0" \
		--expect "Hardware Dom0 halted: halting machine"
done
check "kernel-xen on Xen 4.17: self tests, hypercall=syscall" \
	xen_run selftest-syscall 1 "selftest hypercall=syscall" --ktap \
	--expect-skips 63 "$skips; one vCPU" \
	--expect "hypercalls through syscall" --expect "^# Totals: pass:[1-9]" \
	--expect "Hardware Dom0 halted: halting machine"
# The calls Xen 4.17 has that Linux seldom makes, with a PCI function
# that has MSI-X (QEMU's virtio-net-pci): the same answers as ours.
check "kernel-xen on Xen 4.17: rare calls with an MSI-X function" \
	xen_run rare-calls 2 "selftest=rare_calls,ioport" --ktap \
	--extra "-device virtio-net-pci,netdev=n0 -netdev user,id=n0" \
	--expect "^ +ok [0-9]+ test_prepare_msix$" --expect "^ +ok [0-9]+ test_iobitmap_user$" \
	--expect "^# Totals: pass:[1-9][0-9]* fail:0 xfail:0 xpass:0 skip:0" \
	--expect "Hardware Dom0 halted: halting machine"
check "kernel-xen on Xen 4.17: shutdown=reboot" xen_run reboot 1 "shutdown=reboot" \
	--expect "init exited with 0" --expect "Hardware Dom0 shutdown: rebooting machine"
check "kernel-xen on Xen 4.17: shutdown=crash" xen_run crash 1 "shutdown=crash" \
	--expect "Hardware Dom0 crashed"
finish
