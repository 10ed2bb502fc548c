# 32-bit PV guests (issue 17, Documentation/x86-32-pv.rst): the x86_32 PAE
# and 2-level hypervisors build domain 0 from the 32-bit kernel-xen of
# their paging mode (xen-3.0-x86_32p, xen-3.0-x86_32) and run it in ring
# 1 with int $0x82 hypercalls through its hypercall page, on 2 vCPUs
# (VCPUOP_initialise of a 32-bit context), its traps and events bounced
# in 32-bit frames and returned from with iret; its suites pass (KTAP on
# COM1): the arch-neutral ones, the MMU's (mmu, memory, grant_table,
# grant_v2: 64-bit v2 frames on a 32-bit guest, multicall), exceptions bounced in 32-bit frames (exceptions: the flat
# segments' limits read back with lsl where QEMU does not fault past
# them), software interrupts (softint), callback_op (callbacks: Xen
# 4.17's answers to a 32-bit guest), user mode in ring 3 (user_mode: int
# \$0x80 through a DPL-3 gate, iret back to ring 3, traps on the
# stack_switch stack, supervisor pages out of reach), the failsafe
# callback (failsafe), lazy FPU switching (fpu), the descriptor tables'
# checks (descriptors: DPL 1, limits cut at the M2P's end, gates into the
# guest only), LDTs (ldt: loaded through a TI=1 selector, the page kept
# read-only while in use, an unsafe one the guest's #PF, one per vCPU),
# the attacks (hostile, hostile_ro), the emulated privileged instructions
# and MSRs (privop: EFER on the PAE CPU with NX, #GP on the 2-level one
# without it; ioport, its user case included) and the memory
# audit after them; domain 0's shutdown powers the machine off; beside
# it, two boot-time domains; and on 6 GiB, PAE36's frames above 4 GiB in
# a guest's hands and an L3 there refused; the PAE hypervisor refuses
# the 2-level kernel.  The domctl and fuzz suites
# and the frontends are not yet: listed as a skip.
. "$(dirname "$0")/../lib.sh"
plan 7
suites=xen_version,console_io,sched_op,vm_assist,event_channels,evtchn_fifo,time,vcpu_op
suites=$suites,exceptions,softint,callbacks,user_mode,failsafe,fpu,descriptors,ldt,multicall,mmu,memory
suites=$suites,grant_table,grant_v2,hostile,hostile_ro,privop,ioport,mm_audit
# Expected skips on both ports: nothing typed on the console; no
# dom0_mem max: for hostile to populate beyond (as dom0.sh on x86_64);
# no non-canonical address on x86_32 (for the trap table, for a callback).
# 2-level also: entries of 32 bits (no bits 52-62), no L3 (PSE there,
# a linear entry in the table between the root and L1).
skips_both="test_read_typed: nothing typed; test_populate_beyond_max: no dom0_mem max:; test_trap_table_noncanonical, test_register_noncanonical: x86_32"
skips_2level="; 2-level: no bits 52-62, no L3 (test_high_software_bits, test_pse_in_l3, test_writable_recursive_l3)"
for port in x86_32_pae:x86_32p:qemu32,+pae,+nx x86_32:x86_32:qemu32; do
	name=${port%%:*}; rest=${port#*:}; tag=${rest%%:*}; cpu=${rest#*:}
	dir=$(port_dir $name)
	nskips=4 skips=$skips_both
	[ $name = x86_32 ] && nskips=7 skips="$skips_both$skips_2level"
	if [ ! -s "$dir/xen-syms" ] || [ ! -s "$dir/vmlinuz-xen" ]; then
		not_ok "kernel-xen as domain 0 on $name" "no build in $dir"
		continue
	fi
	check "kernel-xen as domain 0 on $name ($suites)" qemu_run --arch i386 \
		--cpu $cpu --smp 2 --mem 512M --kernel "$dir/xen-syms" \
		--append "console=com1 loglvl=all guest_loglvl=all noreboot" \
		--module "$dir/vmlinuz-xen console=hvc0 selftest=$suites" \
		--timeout 300 --ktap --expect-skips $nskips "$skips" \
		--log "$CHECK_OUT/logs/x86_32-guests-$name-dom0.serial" \
		--expect "dom0: kernel-xen .* pages" \
		--expect "\\($tag\\) starting on xen-3.0-$tag\\b" \
		--expect "kernel-xen: 2 of 2 vCPUs up" \
		--expect "Hardware Dom0 shutdown \(reason 0\)"
done
# Two boot-time domains beside domain 0 on each port, each unprivileged
# with its console ring served on the serial line as "(name)": alpha (2
# vCPUs) runs its suites and powers off, beta crashes itself after its
# own and stops alone.
both_down='(?s)(?=.*alpha\): shut down \(poweroff\)\r?\n)(?=.*beta\): shut down \(crash\)\r?\n)'
# alpha, unprivileged, also runs the MMU suites, user mode, the
# callbacks and the attacks; its skips are the x86_64 domU's: what only
# domain 0 may do (the command line, the machine's memory map, grants to
# its own domid, sysctl, port I/O) and no non-canonical address.
domu_skips="alpha: test_commandline, test_machine_memory_map, 3 grant cases of hostile, test_sysctl_into_readonly, test_string_io_into_readonly (domain 0's), test_trap_table_noncanonical, test_register_noncanonical (x86_32); beta: test_ipi_across_vcpus (one vCPU)"
for port in x86_32_pae:qemu32,+pae x86_32:qemu32; do
	name=${port%%:*}; cpu=${port#*:}
	dir=$(port_dir $name)
	nskips=10 skips=$domu_skips
	[ $name = x86_32 ] && nskips=13 skips="$domu_skips$skips_2level"
	log=$CHECK_OUT/logs/x86_32-guests-$name-domus.serial
	check "two boot-time domains beside domain 0 on $name, one crashing alone" \
		qemu_run --arch i386 --cpu $cpu --smp 2 --mem 512M --kernel "$dir/xen-syms" \
		--append "console=com1 loglvl=all guest_loglvl=all noreboot domU=alpha,module=1,mem=32M,vcpus=2 domU=beta,module=2,mem=24M" \
		--module "$dir/vmlinuz-xen console=hvc0 shutdown=none" \
		--module "$dir/vmlinuz-xen selftest=xen_version,event_channels,vcpu_op,time,exceptions,softint,callbacks,user_mode,failsafe,fpu,descriptors,ldt,multicall,mmu,memory,hostile,hostile_ro,privop" \
		--module "$dir/vmlinuz-xen selftest=event_channels shutdown=crash" \
		--timeout 300 --log "$log" --stop-on "$both_down" \
		--ktap --expect-skips $nskips "$skips" \
		--expect "domU alpha: domain 1, 2 vCPUs, 32 MiB" \
		--expect "domU beta: domain 2, 1 vCPU, 24 MiB" \
		--expect "^\(alpha\) kernel-xen: 2 of 2 vCPUs up" \
		--expect "^\(alpha\) # Totals: pass:[1-9][0-9]* fail:0 " \
		--expect "^\(beta\) # Totals: pass:[1-9][0-9]* fail:0 " \
		--expect "kernel-xen: staying up \(shutdown=none\)"
done
# PAE36: on 6 GiB, domain 0 (2 GiB of it) is given frames above 4 GiB
# and writes and reads them back through 36-bit entries (the highmem
# suite); its root table stays below 4 GiB, where cr3 reaches, and an
# L3 in a frame above 4 GiB is refused (pin, new base pointer), as Xen
# 3.0 refuses one without pae_extended_cr3; the memory audit after.
dir=$(port_dir x86_32_pae)
check "x86_32 PAE, 6 GiB: domain 0's frames above 4 GiB written and read back" \
	qemu_run --arch i386 --cpu qemu32,+pae,+pse36 --smp 2 --mem 6G --kernel "$dir/xen-syms" \
	--append "console=com1 loglvl=all guest_loglvl=all noreboot dom0_mem=2G" \
	--module "$dir/vmlinuz-xen console=hvc0 selftest=xen_version,highmem,mm_audit" \
	--timeout 300 --ktap --log "$CHECK_OUT/logs/x86_32-guests-pae-6g.serial" \
	--expect "# [1-9][0-9]* frames above 4 GiB, [1-9][0-9]* written and read back" \
	--expect "  ok 2 test_l3_above_4g_refused" \
	--expect "Hardware Dom0 shutdown \(reason 0\)"
# Each paging mode's hypervisor refuses the other's kernel (both EM_386:
# the PAE_MODE note tells them apart), before building anything.
dir2=$(port_dir x86_32)
check "the PAE hypervisor refuses the 2-level kernel-xen, naming both guest types" \
	qemu_run --arch i386 --cpu qemu32,+pae,+nx --smp 1 --mem 512M --kernel "$dir/xen-syms" \
	--append "console=com1 loglvl=all guest_loglvl=all noreboot" \
	--module "$dir2/vmlinuz-xen console=hvc0" --timeout 120 \
	--log "$CHECK_OUT/logs/x86_32-guests-pae-refuses-2level.serial" \
	--expect "^dom0: kernel image refused: a xen-3.0-x86_32 guest \(32-bit, 2-level paging\); this hypervisor runs xen-3.0-x86_32p\$" \
	--expect "No domain 0 to run: powering off"
skip "kernel-xen's other suites as domain 0 on x86_32" \
	"not yet: the domctl and fuzz suites, the frontends"
finish
