# 32-bit PAE PV guests on a 64-bit hypervisor (compat; issue 17's fourth
# item, Documentation/x86-pv.rst "32-bit PAE guests on x86_64").  Without
# pv=32 the x86_64 hypervisor tells the 32-bit PAE kernel-xen
# (xen-3.0-x86_32p) from its own kind and refuses it, as domain 0 and as
# a boot-time domU, naming both guest types, and nothing else changes: a
# 64-bit domU beside the refused one runs its suites.  The compat
# page-table rules validate a PAE tree in a domain marked 32-bit (the
# hypervisor's compat_paging self test, with the memory audit's).  With
# pv=32 the same kernel runs its suites as domain 0, and as a boot-time
# domU beside a 64-bit domU.  Debian's Xen 4.17, the reference, is built
# without CONFIG_PV32 and refuses it; that case is a skip naming the
# reason, and becomes a run of the suites on a Xen that has PV32
# (XEN_IMAGE=...).
. "$(dirname "$0")/../lib.sh"
plan 7
dir64=$(port_dir x86_64)
dirpae=$(port_dir x86_32_pae)
refusal="kernel image refused: a xen-3.0-x86_32p guest \(32-bit PAE\); this hypervisor runs xen-3.0-x86_64\$"
# The suites of the x86_32-guests check.  Expected skips: no dom0_mem
# max:, no non-canonical address for 32-bit code (2), a call gate
# (compat: refused, not yet emulated), and the failsafe cases that need
# x86_32's reload of the selectors at every return (3).
suites=xen_version,event_channels,vcpu_op,time,exceptions,softint,callbacks,user_mode,failsafe,fpu,descriptors,ldt,multicall,mmu,memory,grant_table,grant_v2,hostile,hostile_ro,privop,ioport,mm_audit
dom0_skips="test_populate_beyond_max, test_trap_table_noncanonical, test_register_noncanonical, test_set_gdt_gate_to_guest, 3 failsafe cases"
if ! port_build x86_64 || ! port_build x86_32_pae vmlinuz-xen; then
	for n in "page-table rules" "domain 0 refused" "boot-time domU refused" "Xen 4.17" \
		"suites as domain 0" "6 GiB" "suites as a domU"; do
		not_ok "compat: $n" "the x86_64 or x86_32_pae build failed"
	done
	finish
fi

check "compat page-table rules and layouts: a PAE tree validated, each refusal, the compat L4, start_info, events and descriptors, the audit clean" \
	qemu_run --kernel "$dir64/xen-syms" --cpu qemu64 --smp 1 --mem 256M \
	--append "console=com1 selftest=compat_paging,compat_abi,mm_audit" --timeout 120 --ktap \
	--log "$CHECK_OUT/logs/compat-guests-paging.serial" \
	--expect "^ +ok [0-9]+ test_compat_tree_validated\r?$" \
	--expect "^ +ok [0-9]+ test_compat_l3_refused\r?$" \
	--expect "^ok [0-9]+ compat_abi\r?$" --expect "Self tests done"

check "x86_64 refuses the 32-bit PAE kernel-xen as domain 0, naming both guest types" \
	qemu_run --kernel "$dir64/xen-syms" --cpu qemu64 --smp 2 --mem 512M \
	--append "console=com1 loglvl=all guest_loglvl=all noreboot" \
	--module "$dirpae/vmlinuz-xen console=hvc0 selftest=xen_version" \
	--timeout 120 --log "$CHECK_OUT/logs/compat-guests-dom0-refused.serial" \
	--expect "^dom0: $refusal" --expect "^dom0: not built" \
	--expect "No domain 0 to run: powering off"

# alpha (32-bit PAE) is refused and builds nothing; beta (64-bit) is built
# after it and runs its suites; domain 0 stays up (shutdown=none).
check "x86_64 refuses a 32-bit PAE boot-time domU; a 64-bit domU beside it runs" \
	qemu_run --kernel "$dir64/xen-syms" --cpu qemu64 --smp 2 --mem 512M \
	--append "console=com1 loglvl=all guest_loglvl=all noreboot domU=alpha,module=1,mem=32M domU=beta,module=2,mem=32M,vcpus=2" \
	--module "$dir64/vmlinuz-xen console=hvc0 shutdown=none" \
	--module "$dirpae/vmlinuz-xen selftest=xen_version" \
	--module "$dir64/vmlinuz-xen selftest=xen_version,event_channels,vcpu_op,mmu" \
	--timeout 300 --log "$CHECK_OUT/logs/compat-guests-domu-refused.serial" \
	--stop-on "beta\): shut down \(poweroff\)" \
	--ktap --expect-skips 1 "beta: test_commandline (not domain 0)" \
	--expect "^alpha: $refusal" --expect "^alpha: not built" \
	--expect "^beta: kernel-xen .* pages .*, xen-3.0-x86_64\$" \
	--expect "^\(beta\) kernel-xen: 2 of 2 vCPUs up" \
	--expect "^\(beta\) # Totals: pass:[1-9][0-9]* fail:0 "

# Debian's Xen 4.17: its .config (/boot/xen-4.17-amd64.config in the
# package) says "# CONFIG_PV32 is not set", so its dom0 builder stops at
# the kernel's ELF class.  Probe, then skip with that reason, or run the
# suites where the hypervisor has PV32.
xen=${XEN_IMAGE:-}
why=""
[ -n "$xen" ] || xen=$("$SRC/scripts/qemu/xen-4.17.sh") ||
	why="cannot fetch Debian's xen-hypervisor-4.17-amd64"
probe=$CHECK_OUT/logs/compat-guests-xen417-probe.serial
pv32_missing="Found 32-bit PV kernel, but CONFIG_PV32 missing"
end="Hardware Dom0 (halted: halting machine|shutdown: rebooting machine|crashed: .*not rebooting)"
if [ -z "$why" ]; then
	qemu_run --kernel "$xen" --cpu qemu64 --smp 2 --mem 512M \
		--append "console=com1 loglvl=all guest_loglvl=all noreboot dom0_mem=256M,max:256M" \
		--module "$dirpae/vmlinuz-xen console=hvc0 selftest=xen_version" \
		--timeout 120 --log "$probe" --stop-on "$pv32_missing|$end" >&2
	grep -q "$pv32_missing" "$probe" &&
		why="Debian's Xen 4.17 is built without CONFIG_PV32: '$pv32_missing'"
fi
if [ -n "$why" ]; then
	skip "32-bit PAE kernel-xen as domain 0 on Xen 4.17" "$why"
else
	# A Xen with PV32: its console must show the guest's suites, which
	# nobody has seen pass yet, so they are judged, never assumed.
	check "32-bit PAE kernel-xen as domain 0 on Xen 4.17 (PV32)" \
		qemu_run --kernel "$xen" --cpu qemu64 --smp 2 --mem 512M \
		--append "console=com1 loglvl=all guest_loglvl=all noreboot dom0_mem=256M,max:256M" \
		--module "$dirpae/vmlinuz-xen console=hvc0 selftest=xen_version,sched_op,event_channels,time,vcpu_op,multicall,mmu,memory" \
		--timeout 300 --log "$CHECK_OUT/logs/compat-guests-xen417.serial" \
		--stop-on "$end" --ktap \
		--expect "\\(x86_32p\\) starting on xen-3.0-x86_64" \
		--expect "^# Totals: pass:[1-9][0-9]* fail:0 " \
		--expect "Hardware Dom0 halted: halting machine"
fi
check "pv=32: the 32-bit PAE kernel-xen's suites as domain 0 on x86_64" \
	qemu_run --kernel "$dir64/xen-syms" --cpu qemu64 --smp 2 --mem 512M \
	--append "console=com1 loglvl=all guest_loglvl=all noreboot pv=32" \
	--module "$dirpae/vmlinuz-xen console=hvc0 selftest=$suites" \
	--timeout 400 --ktap --expect-skips 7 "$dom0_skips" \
	--log "$CHECK_OUT/logs/compat-guests-dom0.serial" \
	--expect "^dom0: kernel-xen .* pages .*, xen-3.0-x86_32p\$" \
	--expect "\\(x86_32p\\) starting on xen-3.0-x86_32p\\b" \
	--expect "kernel-xen: 2 of 2 vCPUs up" \
	--expect "Hardware Dom0 shutdown \(reason 0\)"

# With 6 GiB domain 0 has frames above 4 GiB: it writes and reads them
# back, and an L3 there is refused (its cr3 holds 32 bits, as Xen's
# alloc_l3_table() has it); the MMU suite runs over them.
check "pv=32, 6 GiB: a compat domain 0's frames above 4 GiB written and read back, an L3 there refused" \
	qemu_run --kernel "$dir64/xen-syms" --cpu qemu64 --smp 2 --mem 6G \
	--append "console=com1 loglvl=all guest_loglvl=all noreboot pv=32" \
	--module "$dirpae/vmlinuz-xen console=hvc0 selftest=xen_version,highmem,mmu,mm_audit" \
	--timeout 300 --ktap --log "$CHECK_OUT/logs/compat-guests-6g.serial" \
	--expect "^ +ok [0-9]+ test_frames_above_4g\r?$" \
	--expect "^ +ok [0-9]+ test_l3_above_4g_refused\r?$" \
	--expect "Hardware Dom0 shutdown \(reason 0\)"

# alpha (32-bit PAE, 2 vCPUs) and beta (64-bit) run their suites at once
# beside a 64-bit domain 0 that stays up; alpha's skips are an
# unprivileged domain's (the command line, the machine's memory map,
# grants to its own domid, the audit and physinfo) and the compat ones.
both_down='(?s)(?=.*alpha\): shut down \(poweroff\)\r?\n)(?=.*beta\): shut down \(poweroff\)\r?\n)'
domu_skips="alpha: test_commandline, test_machine_memory_map, 3 grant cases of hostile, test_audit_consistent, test_free_pages_back (domain 0's), test_trap_table_noncanonical, test_register_noncanonical, test_set_gdt_gate_to_guest (compat); beta: test_commandline"
check "pv=32: a 32-bit PAE domU runs its suites beside a 64-bit domU on x86_64" \
	qemu_run --kernel "$dir64/xen-syms" --cpu qemu64 --smp 2 --mem 512M \
	--append "console=com1 loglvl=all guest_loglvl=all noreboot pv=32 domU=alpha,module=1,mem=32M,vcpus=2 domU=beta,module=2,mem=32M,vcpus=2" \
	--module "$dir64/vmlinuz-xen console=hvc0 shutdown=none" \
	--module "$dirpae/vmlinuz-xen selftest=xen_version,event_channels,vcpu_op,time,exceptions,softint,callbacks,user_mode,fpu,descriptors,ldt,multicall,mmu,memory,hostile,mm_audit" \
	--module "$dir64/vmlinuz-xen selftest=xen_version,event_channels,vcpu_op,mmu" \
	--timeout 400 --log "$CHECK_OUT/logs/compat-guests-domus.serial" --stop-on "$both_down" \
	--ktap --expect-skips 11 "$domu_skips" \
	--expect "^alpha: kernel-xen .* pages .*, xen-3.0-x86_32p\$" \
	--expect "^beta: kernel-xen .* pages .*, xen-3.0-x86_64\$" \
	--expect "^\\(alpha\\) kernel-xen: 2 of 2 vCPUs up" \
	--expect "^\\(alpha\\) # Totals: pass:[1-9][0-9]* fail:0 " \
	--expect "^\\(beta\\) # Totals: pass:[1-9][0-9]* fail:0 "
finish
