# 32-bit PV guests (issue 17, Documentation/x86-32-pv.rst): the x86_32 PAE
# hypervisor builds domain 0 from the 32-bit PAE kernel-xen (xen-3.0-
# x86_32p), runs it in ring 1 with int $0x82 hypercalls through its
# hypercall page, on 2 vCPUs (VCPUOP_initialise of a 32-bit context),
# with its traps and events bounced in 32-bit frames and returned from
# with iret, and its arch-neutral suites pass (KTAP on COM1); domain 0's
# shutdown powers the machine off.  The x86_64-only suites (kernel-xen's
# 32-bit build has no MMU, user-mode or grant code yet) and the 2-level
# port are not yet: listed as skips.
. "$(dirname "$0")/../lib.sh"
plan 3
dir=$(port_dir x86_32_pae)
suites=xen_version,console_io,sched_op,vm_assist,event_channels,time,vcpu_op
skips="test_read_typed: nothing typed; test_register_vcpu_info: not yet on x86_32"
if [ ! -s "$dir/xen-syms" ] || [ ! -s "$dir/vmlinuz-xen" ]; then
	not_ok "kernel-xen as domain 0 on x86_32 PAE" "no build in $dir"
else
	check "kernel-xen as domain 0 on x86_32 PAE ($suites)" qemu_run --arch i386 \
		--cpu qemu32,+pae --smp 2 --mem 512M --kernel "$dir/xen-syms" \
		--append "console=com1 loglvl=all guest_loglvl=all noreboot" \
		--module "$dir/vmlinuz-xen console=hvc0 selftest=$suites" \
		--timeout 240 --ktap --expect-skips 2 "$skips" \
		--log "$CHECK_OUT/logs/x86_32-guests-pae-dom0.serial" \
		--expect "dom0: kernel-xen .* pages" \
		--expect "kernel-xen .* starting on xen-3.0-x86_32p" \
		--expect "kernel-xen: 2 of 2 vCPUs up" \
		--expect "Hardware Dom0 shutdown \(reason 0\)"
fi
skip "kernel-xen's other suites as domain 0 on x86_32 PAE" \
	"not yet: kernel-xen's 32-bit build has no MMU, user-mode or grant code"
skip "kernel-xen as domain 0 on x86_32 (2-level)" \
	"not yet: the 2-level port is built without PV guests"
finish
