# The CPU side of the hypervisor core, under QEMU (TCG):
# - a fatal fault prints the registers, the faulting function by name and
#   a call trace with symbols from the image, then halts (noreboot);
# - a double fault is reported from its own stack on every x86 port.
. "$(dirname "$0")/../lib.sh"
plan 3
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
finish
