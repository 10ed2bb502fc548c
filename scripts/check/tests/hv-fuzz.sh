# The hypercall fuzzer (kernel-xen's fuzz suites, Documentation/dev-tools/
# fuzzing.rst) for a bounded time: as domain 0 (auditing after every
# batch) beside a victim domain, and as an unprivileged domain beside the
# same victim while domain 0 audits every 100 ms.  A hypervisor crash or
# hang, a failed audit or a change in the victim's memory fails; the
# seed and batch are in the log.  FUZZ_ITERS (default 100000) and
# FUZZ_SEED (default 1) choose the run; `make fuzz` is the long one.
. "$(dirname "$0")/../lib.sh"
plan 2
dir=$(port_dir x86_64)
xen=$dir/xen-syms
img=$dir/vmlinuz-xen
iters=${FUZZ_ITERS:-100000}
seed=${FUZZ_SEED:-1}
timeout=${FUZZ_TIMEOUT:-600}
port_build x86_64 ||
	{ not_ok "hv-fuzz: domain 0" "x86_64 does not build"; not_ok "hv-fuzz: domU" "x86_64 does not build"; finish; }
hv_args="console=com1 loglvl=all guest_loglvl=all noreboot dom0_mem=128M,max:128M"
rates() { grep -a "# fuzz: seed" "$1" | tail -1 >&2; }

# Domain 0 fuzzes and audits after every batch; domain 1, the victim,
# checks its memory when domain 0 is done (and whenever a fuzzed event
# reaches it).
run_dom0() {
	local log=$CHECK_OUT/logs/hv-fuzz-dom0.serial
	qemu_run --kernel "$xen" --smp 2 --mem 512M --cpu qemu64 --timeout "$timeout" --log "$log" \
		--append "$hv_args domU=victim,module=1,mem=16M" \
		--module "$img console=hvc0 selftest=fuzz fuzz.seed=$seed fuzz.iters=$iters fuzz.victim=1" \
		--module "$img selftest=fuzz_victim" \
		--ktap --expect "^  ok 1 test_fuzz" --expect "^\(victim\)   ok 1 test_fuzz_victim"
	local rc=$?
	rates "$log"
	return $rc
}
check "hv-fuzz: domain 0, $iters iterations of seed $seed, victim intact, audits clean" run_dom0

# Domain 1 fuzzes unprivileged, domain 2 is the victim, domain 0 watches.
run_domu() {
	local log=$CHECK_OUT/logs/hv-fuzz-domu.serial
	qemu_run --kernel "$xen" --smp 2 --mem 512M --cpu qemu64 --timeout "$timeout" --log "$log" \
		--append "$hv_args domU=attacker,module=1,mem=32M domU=victim,module=2,mem=16M" \
		--module "$img console=hvc0 selftest=fuzz_watch fuzz.attacker=1 fuzz.victim=2" \
		--module "$img selftest=fuzz fuzz.seed=$seed fuzz.iters=$iters fuzz.victim=2" \
		--module "$img selftest=fuzz_victim" \
		--stop-on "(?s)(?=.*\n# Totals: [^\n]*\r?\n)(?=.*\(victim\) # Totals: [^\n]*\r?\n)" \
		--ktap --expect "^  ok 1 test_fuzz_watch" --expect "^\(attacker\)   ok 1 test_fuzz" \
		--expect "^\(victim\)   ok 1 test_fuzz_victim"
	local rc=$?
	rates "$log"
	return $rc
}
check "hv-fuzz: an unprivileged domain, $iters iterations of seed $seed, victim intact, audits clean" run_domu
finish
