# Our hypervisor builds domain 0 from its first module and runs it: kernel-xen's
# KTAP self tests pass as domain 0 with two CPUs, through QEMU's -kernel
# (multiboot 1) and through GRUB (multiboot 2), with hypercalls through
# the page and through syscall, from a gzip-compressed image too, and the
# machine powers off by itself (QEMU exits) when domain 0 shuts down;
# dom0_mem= is honoured; a truncated or non-ELF module is refused with a
# message naming the problem and the machine still powers off cleanly;
# shutdown=reboot and shutdown=crash reach the hypervisor.  Serial input
# goes to domain 0 once it runs (CONSOLEIO_read), CTRL-a three times
# switches it to the debug keys and back, with Xen's messages ('o' runs the
# memory audit).  The memory suites pass with 1 and with 4 vCPUs, the
# memory audit finds nothing after each hostile case and at the end, and
# every page they took is back in the free pool (mm_audit).  The command
# line is the one the Xen 4.17 reference run uses.
. "$(dirname "$0")/../lib.sh"
plan 15
dir=$(port_dir x86_64)
xen=$dir/xen-syms
img=$dir/vmlinuz-xen
port_build x86_64 ||
	{ for i in 1 2 3 4 5 6 7 8 9; do not_ok "dom0 $i" "x86_64 does not build"; done; finish; }
hv_args="console=com1 loglvl=all guest_loglvl=all noreboot"
# The image's GNU build id, which xen_version's test_build_id prints.
build_id=$(readelf -n "$xen" 2>/dev/null | awk '/Build ID/ {print $3}')

# The suites of the PV parts this hypervisor has (issue 4: entry, the PV
# CPU, console, version, shutdown; issue 5: events, time, vCPUs,
# multicalls; issue 6: the MMU, memory_op, grant tables and the hostile
# guest), each also passing on Xen 4.17 (kernel-xen-on-xen417.sh).
suites=xen_version,console_io,sched_op,pin_override,vm_assist,hypercall_entry,exceptions
suites=$suites,softint,callbacks,descriptors,ldt,segment_base,fpu,privop,ioport,user_mode
suites=$suites,event_channels,time,multicall,vcpu_op
suites=$suites,mmu,memory,memory_hvm,grant_table,grant_ops,grant_v2,hostile,hostile_ro,iomem,pirq,platform_op,mm_audit,domctl
suites=$suites,foreign,logdirty
suites=$suites,debugreg,claim_pages,pci_inventory
# Every suite named must run: the KTAP plan is their number.
nsuites=$(echo "$suites" | tr ',' '\n' | grep -c .)
# What they skip with two vCPUs and nothing typed.
all_skips="console_io: nothing typed; hostile: no dom0_mem max: to populate beyond; pirq: the refusals are an unprivileged domain's"

run() {
	local name=$1 module=$2
	shift 2
	qemu_run --kernel "$xen" --append "$hv_args" --module "$module" --smp 2 \
		--mem 512M --cpu qemu64 --timeout 120 \
		--log "$CHECK_OUT/logs/dom0-$name.serial" "$@"
}

check "dom0: kernel-xen self tests via -kernel, 2 CPUs" \
	run selftest "$img console=hvc0 selftest=$suites" --ktap --expect "^1\.\.$nsuites\$" \
	--expect-skips 3 "$all_skips" --expect "build-id: ${build_id:-none}" \
	--expect "# build-id ${build_id:-none}\$" \
	--expect "^# Totals: pass:[1-9]" --expect "Hardware Dom0 shutdown.*powering off"

# The calls Xen 4.17 has that Linux seldom makes (issue 13 item 11), with a
# PCI function that has MSI-X (QEMU's virtio-net-pci): prepare_msix makes
# its table read-only and release lifts it; the I/O bitmap cases.  A run
# of their own: the main run's console ring is nearly full when domctl's
# readconsole case looks for the boot banner in it, and naming one suite
# more on the command line (printed twice) pushed the banner out.
check "dom0: rare calls with an MSI-X function (virtio-net-pci)" \
	run rare-calls "$img console=hvc0 selftest=rare_calls,ioport" --ktap \
	--extra "-device virtio-net-pci,netdev=n0 -netdev user,id=n0" \
	--expect "^ +ok [0-9]+ test_prepare_msix$" --expect "^ +ok [0-9]+ test_iobitmap_user$" \
	--expect "^# Totals: pass:[1-9][0-9]* fail:0 xfail:0 xpass:0 skip:0"

# More vCPUs than CPUs: vCPUs share and move between CPUs, each with its
# own FPU state; IPIs, timers and up/down cycles on every vCPU.
check "dom0: 4 vCPUs on 2 CPUs (dom0_max_vcpus=4)" \
	qemu_run --kernel "$xen" --append "$hv_args dom0_max_vcpus=4" \
	--module "$img console=hvc0 selftest=fpu,event_channels,time,vcpu_op,multicall" \
	--smp 2 --mem 512M --cpu qemu64 --timeout 180 --log "$CHECK_OUT/logs/dom0-4vcpus.serial" \
	--ktap --expect "kernel-xen: 4 of 4 vCPUs up" --expect "^1\.\.5$" \
	--expect "^# Totals: pass:[1-9][0-9]* fail:0 xfail:0 xpass:0 skip:0"

# One vCPU on one CPU: events, timers, multicalls without a second vCPU
# to lean on (the cases that need one skip, and say so).
check "dom0: 1 vCPU on 1 CPU (events, time, vCPUs, multicalls)" \
	qemu_run --kernel "$xen" --append "$hv_args" \
	--module "$img console=hvc0 selftest=fpu,event_channels,time,vcpu_op,multicall" \
	--smp 1 --mem 512M --cpu qemu64 --timeout 180 --log "$CHECK_OUT/logs/dom0-1vcpu.serial" \
	--ktap --expect "kernel-xen: 1 of 1 vCPUs up" --expect "^1\.\.5$" \
	--expect "^# Totals: pass:[1-9][0-9]* fail:0 " \
	--expect-skips 3 "IPIs, the torn-read writer and up/down cycles need a second vCPU"

# The memory suites with one vCPU and with four, each on as many CPUs:
# the audit after each hostile case and at the end, the free pages back.
mm_suites=memory,grant_table,grant_ops,grant_v2,hostile,hostile_ro,foreign,logdirty,mm_audit
for n in 1 4; do
	check "dom0: memory suites, audit and free pages, $n vCPU(s) on $n CPU(s)" \
		qemu_run --kernel "$xen" --append "$hv_args dom0_max_vcpus=$n" \
		--module "$img console=hvc0 selftest=$mm_suites" --smp $n --mem 512M \
		--cpu qemu64 --timeout 120 --log "$CHECK_OUT/logs/dom0-mm-smp$n.serial" --ktap \
		--expect-skips 1 "hostile: no dom0_mem max: to populate beyond" \
		--expect "kernel-xen: $n of $n vCPUs up" --expect "^1\.\.9$" \
		--expect "^ +ok [0-9]+ test_audit_consistent$" \
		--expect "^ +ok [0-9]+ test_free_pages_back$" \
		--expect "^# Totals: pass:[1-9][0-9]* fail:0"
done

iso=$CHECK_OUT/dom0.iso
if "$SRC/scripts/qemu/mkiso.sh" "$iso" "$dir/xen.gz" "$hv_args" "$img" \
	"console=hvc0 selftest=$suites" >&2; then
	check "dom0: kernel-xen self tests via GRUB, 2 CPUs" \
		qemu_run --iso "$iso" --smp 2 --mem 512M --cpu qemu64 --timeout 150 \
		--log "$CHECK_OUT/logs/dom0-grub.serial" --ktap --expect-skips 3 "$all_skips" \
		--expect "Boot loader: GRUB" --expect "^# Totals: pass:[1-9]" \
		--expect "Hardware Dom0 shutdown.*powering off"
else
	not_ok "dom0: kernel-xen self tests via GRUB, 2 CPUs" "grub-mkrescue failed"
fi

check "dom0: self tests with hypercall=syscall" \
	run syscall "$img console=hvc0 selftest=$suites hypercall=syscall" --ktap \
	--expect-skips 3 "$all_skips" \
	--expect "hypercalls through syscall" --expect "^# Totals: pass:[1-9]"

# The console_io suite waits for a typed line: CTRL-a x3 hands the serial
# line to the debug keys ('h'; 'q' dumps domain 0 and its vCPUs; 'o'
# audits the memory manager and finds it consistent), CTRL-a x3 back to
# domain 0, then a line.
check "dom0: serial input reaches domain 0; CTRL-a x3 switches to Xen and back" \
	run input "$img console=hvc0 selftest=console_io" --ktap \
	--send 'waiting for typed input=>\x01\x01\x01hqo\x01\x01\x01hello dom0\r' \
	--expect "Serial input to DOM0 \\(type 'CTRL-a' three times to switch input\\)" \
	--expect "Serial input to Xen \\(type 'CTRL-a' three times to switch input\\)" \
	--expect "'h' pressed -> showing installed handlers" \
	--expect "'q' pressed -> dumping domain info" \
	--expect "General information for domain 0:" --expect "VCPU1: CPU[0-9]+ \\[has=[TF]\\]" \
	--expect "'o' pressed -> auditing the PV memory manager" \
	--expect "mm audit: 1 domains, [0-9]+ frames, [0-9]+ tables, [0-9]+ entries: 0 errors" \
	--expect "# console_io: read 'hello dom0'" --expect "^ +ok [0-9]+ test_read_typed$" \
	--expect "^# Totals: pass:[1-9][0-9]* fail:0"

gz=$CHECK_OUT/vmlinuz-xen.gz
gzip -9c "$img" > "$gz"
check "dom0: a gzip-compressed kernel boots" \
	run gzip "$gz console=hvc0" --expect "init exited with 0" \
	--expect "Hardware Dom0 shutdown.*powering off"

check "dom0: dom0_mem=64M is honoured" \
	qemu_run --kernel "$xen" --append "$hv_args dom0_mem=64M" \
	--module "$img console=hvc0" --mem 512M --cpu qemu64 --timeout 60 \
	--log "$CHECK_OUT/logs/dom0-mem.serial" \
	--expect "domain 0, 16384 pages" --expect "powering off"

bad=$CHECK_OUT/vmlinuz-xen.truncated
head -c 3000 "$img" > "$bad"
check "dom0: a truncated kernel is refused, the machine powers off" \
	run truncated "$bad console=hvc0" \
	--expect "dom0: kernel image refused: .+" --expect "No domain 0 to run: powering off"

notelf=$CHECK_OUT/not-an-elf
printf 'this is not a kernel\n%.0s' $(seq 200) > "$notelf"
check "dom0: a module that is not ELF is refused, the machine powers off" \
	run notelf "$notelf console=hvc0" \
	--expect "dom0: kernel image refused: .+" --expect "No domain 0 to run: powering off"

check "dom0: shutdown=reboot reboots the machine" \
	run reboot "$img console=hvc0 shutdown=reboot" \
	--expect "init exited with 0" --expect "Hardware Dom0 shutdown: rebooting machine"

check "dom0: shutdown=crash is reported" \
	run crash "$img console=hvc0 shutdown=crash" --expect "Hardware Dom0 crashed"
finish
