# 32-bit PV guests (issue 17, Documentation/x86-32-pv.rst): the x86_32 PAE
# hypervisor builds domain 0 from the 32-bit PAE kernel-xen (xen-3.0-
# x86_32p), runs it in ring 1 with int $0x82 hypercalls through its
# hypercall page, and its arch-neutral suites pass (KTAP on COM1); domain
# 0's shutdown powers the machine off.  The suites that need traps,
# events, time and the MMU from the guest's side (kernel-xen's 32-bit
# build has none of them yet) and the 2-level port are not yet: listed as
# skips.
. "$(dirname "$0")/../lib.sh"
plan 3
dir=$(port_dir x86_32_pae)
suites=xen_version,console_io,sched_op,vm_assist
if [ ! -s "$dir/xen-syms" ] || [ ! -s "$dir/vmlinuz-xen" ]; then
	not_ok "kernel-xen as domain 0 on x86_32 PAE" "no build in $dir"
else
	check "kernel-xen as domain 0 on x86_32 PAE ($suites)" qemu_run --arch i386 \
		--cpu qemu32,+pae --smp 2 --mem 512M --kernel "$dir/xen-syms" \
		--append "console=com1 loglvl=all guest_loglvl=all noreboot" \
		--module "$dir/vmlinuz-xen console=hvc0 selftest=$suites" \
		--timeout 180 --ktap --expect-skips 1 "test_read_typed: nothing typed" \
		--log "$CHECK_OUT/logs/x86_32-guests-pae-dom0.serial" \
		--expect "dom0: kernel-xen .* pages" \
		--expect "kernel-xen .* starting on xen-3.0-x86_32p" \
		--expect "Hardware Dom0 shutdown \(reason 0\)"
fi
skip "kernel-xen's other suites as domain 0 on x86_32 PAE" \
	"not yet: kernel-xen's 32-bit build has no traps, events, time or MMU code"
skip "kernel-xen as domain 0 on x86_32 (2-level)" \
	"not yet: the 2-level port is built without PV guests"
finish
