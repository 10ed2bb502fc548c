# The CPU side of the hypervisor core, under QEMU (TCG):
# - a fatal fault prints the registers, the faulting function by name and
#   a call trace with symbols from the image, then halts (noreboot);
# - a double fault is reported from its own stack on every x86 port;
# - every CPU QEMU gives comes online (MADT, INIT-SIPI-SIPI) and the self
#   tests (timers, IPIs, rendezvous, fixups) pass, through -kernel and
#   GRUB, on every x86 port; nosmp, maxcpus=, -smp 1, nolapic and acpi=off
#   (MP tables; no ACPI power off, so the machine halts) are honoured.
# The scheduler suite is left out here (selftest=-sched): its shares are
# measured in sched.sh with -smp 2, as 4 emulated CPUs on 2 host cores
# make its timing too noisy to judge.  The smp suite compares the TSC with
# the HPET: the self-test runs count time in instructions (--icount), so
# the host's load does not skew it.
. "$(dirname "$0")/../lib.sh"
plan 12
log=$CHECK_OUT/logs

dir=$(port_dir x86_64)
check "x86_64 fatal page fault: registers, symbols, call trace, halt" \
	qemu_run --kernel "$dir/xen-syms" --append "console=com1 noreboot crashtest=pf" \
	--timeout 60 --log "$log/crash-pf-x86_64.serial" \
	--expect '^RIP: +e008:\[<[0-9a-f]{16}>\] crashtest_page_fault\+0x[0-9a-f]+/0x' \
	--expect '^rax: [0-9a-f]{16}' --expect '^Xen call trace:' \
	--expect '\] S crashtest_run\+0x[0-9a-f]+/0x' --expect '\] S __start_xen\+0x' \
	--expect 'FATAL TRAP: vector = 14 \(page fault\)' \
	--expect 'Faulting linear address: 0000008000000000' \
	--stop-on 'Reboot disabled by noreboot: halting'
check "x86_64 double fault on its own stack (IST)" \
	qemu_run --kernel "$dir/xen-syms" --append "console=com1 noreboot crashtest=df" \
	--timeout 60 --log "$log/crash-df-x86_64.serial" \
	--expect '\] arch_crashtest_double_fault\+0x' \
	--expect 'FATAL TRAP: vector = 8 \(double fault\)' \
	--stop-on 'Reboot disabled by noreboot: halting'
dir=$(port_dir x86_32)
check "x86_32 double fault through its task gate" \
	qemu_run --arch i386 --kernel "$dir/xen-syms" --append "console=com1 noreboot crashtest=df" \
	--timeout 60 --log "$log/crash-df-x86_32.serial" \
	--expect '^\*\*\* DOUBLE FAULT \*\*\*' \
	--expect '^EIP: +e008:\[<[0-9a-f]{8}>\] arch_crashtest_double_fault\+0x' \
	--expect '\] S crashtest_run\+0x' --expect 'DOUBLE FAULT -- system shutdown' \
	--stop-on 'Reboot disabled by noreboot: halting'

# smp_run NAME ARCH PORT SMP CPUS APPEND [run.py args]: boots with -smp SMP,
# expects "SMP: CPUS CPUs online" and passing self tests (the skips each
# run has are declared with --expect-skips), on instruction-counted time
# unless NOICOUNT=1: the three -smp 4 runs without GRUB, whose timers on
# the other CPUs stop firing under -icount after the earlier suites, run
# on the host's clock as before.  What is known (x86_64, from stop 14 on,
# deterministic with some images): the CPU that misses its timer sits in
# the idle loop's "sti; hlt" with TIMER_SOFTIRQ pending and the
# event-check IPI sent after the bit was set; on the host's clock the
# same image passes.  A lost wakeup of QEMU's icount SMP (reported for
# x86 by others) or ours: not yet found.
smp_run() {
	local name=$1 arch=$2 port=$3 smp=$4 cpus=$5 append=$6
	shift 6
	[ "${NOICOUNT:-0}" = 1 ] || set -- --icount "$@"
	check "$name" qemu_run --arch $arch --kernel "$(port_dir $port)/xen-syms" \
		--append "console=com1 selftest=-sched $append" --smp $smp --mem 2G --timeout 240 \
		--ktap --log "$log/smp-$port-$smp-${append// /_}.serial" \
		--expect "^SMP: $cpus CPUs online" "$@"
}
one="test_map_above_4g: no RAM above 4 GiB"
NOICOUNT=1 smp_run "x86_64 -smp 4: 4 CPUs online, self tests pass" x86_64 x86_64 4 4 "" \
	--expect "Self tests done" --expect-skips 1 "$one"
NOICOUNT=1 smp_run "x86_32 -smp 4: 4 CPUs online, self tests pass" i386 x86_32 4 4 "" \
	--expect "Self tests done" --expect-skips 1 "$one"
NOICOUNT=1 smp_run "x86_32 PAE -smp 4: 4 CPUs online, self tests pass" i386 x86_32_pae 4 4 "" \
	--expect "Self tests done" --expect-skips 1 "$one"
smp_run "x86_64 -smp 1" x86_64 x86_64 1 1 "" --expect "Self tests done" \
	--expect-skips 1 "$one"
smp_run "x86_64 nosmp" x86_64 x86_64 4 1 "nosmp" --expect "SMP: nosmp: not starting" \
	--expect-skips 1 "$one"
smp_run "x86_64 maxcpus=2" x86_64 x86_64 4 2 "maxcpus=2" --expect "Self tests done" \
	--expect-skips 1 "$one"
smp_run "x86_64 nolapic: 8259 and PIT, one CPU" x86_64 x86_64 4 1 "nolapic" \
	--expect "IRQ: routed through the 8259 PIC" --expect "Self tests done" \
	--expect-skips 1 "$one"
smp_run "x86_64 acpi=off: MP tables" x86_64 x86_64 4 '[0-9]+' "acpi=off" \
	--expect "MP: no ACPI, CPUs and IO-APICs from the MP tables" \
	--expect "calibrated against the PIT" --stop-on "Power off failed: halting" \
	--expect-skips 2 "$one; test_time_against_hpet: no HPET without ACPI"
iso=$CHECK_OUT/cpu-x86_64.iso
if "$SRC/scripts/qemu/mkiso.sh" "$iso" "$(port_dir x86_64)/xen.gz" "console=com1 selftest=-sched" \
	"$(port_dir x86_64)/vmlinuz-xen" "dom0" >&2; then
	check "x86_64 via GRUB -smp 4: 4 CPUs online, self tests pass" qemu_run --iso "$iso" \
		--smp 4 --mem 2G --timeout 300 --ktap --icount --log "$log/smp-x86_64-grub.serial" \
		--expect-skips 1 "test_map_above_4g: no RAM above 4 GiB" \
		--expect "^SMP: 4 CPUs online" --expect "Self tests done"
else
	not_ok "x86_64 via GRUB -smp 4" "grub-mkrescue failed"
fi
finish
