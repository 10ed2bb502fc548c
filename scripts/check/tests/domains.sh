# Many domains without tools: the hypervisor builds boot-time domains from
# extra boot modules (domU= on its command line) beside domain 0, each
# unprivileged, with its console served on the serial line as "(name)".
# Two run kernel-xen's suites at once (events, time, vCPUs, multicalls, the
# PV MMU, memory, grants, the hostile suite) while domain 0 stays up; one
# crashes and the other goes on; malformed domU= entries are refused with
# a message and the rest still run.
. "$(dirname "$0")/../lib.sh"
plan 4
dir=$(port_dir x86_64)
xen=$dir/xen-syms
img=$dir/vmlinuz-xen
if [ ! -s "$xen" ] || [ ! -s "$img" ]; then
	{ kmake O="$dir" x86_64_defconfig && kmake O="$dir" -j"$JOBS"; } >&2 ||
		{ for i in 1 2 3 4; do not_ok "domains $i" "x86_64 does not build"; done; finish; }
fi
hv_args="console=com1 loglvl=all guest_loglvl=all noreboot"
# Whole lines: the run stops as soon as the console shows them.
both_down='(?s)(?=.*alpha\): shut down \(poweroff\)\r?\n)(?=.*beta\): shut down \(crash\)\r?\n)'

# no_failures LOG: every suite of every domain passed (a prefixed line too).
no_failures() {
	if grep -a "not ok" "$1" >&2; then
		echo "### failures above, in $1" >&2
		return 1
	fi
}

run_two() {
	local log=$CHECK_OUT/logs/domains-two.serial
	qemu_run --kernel "$xen" --smp 2 --mem 512M --cpu qemu64 --timeout 240 --log "$log" \
		--append "$hv_args domU=alpha,module=1,mem=32M,vcpus=2 domU=beta,module=2,mem=24M" \
		--module "$img console=hvc0 shutdown=none" \
		--module "$img selftest=event_channels,vcpu_op,multicall,time,mmu,memory,grant_table,hostile" \
		--module "$img selftest=time,event_channels shutdown=crash" \
		--stop-on "$both_down" \
		--expect "domU alpha: domain 1, 2 vCPUs, 32 MiB" \
		--expect "domU beta: domain 2, 1 vCPU, 24 MiB" \
		--expect "kernel-xen: staying up \(shutdown=none\)" \
		--expect "^\(alpha\)   domain U, 8192 pages" \
		--expect "^\(alpha\) kernel-xen: 2 of 2 vCPUs up" \
		--expect "^\(alpha\) 1\.\.8$" \
		--expect "^\(alpha\) # Totals: pass:[1-9][0-9]* fail:0 " \
		--expect "^\(beta\) # Totals: pass:[1-9][0-9]* fail:0 " &&
	no_failures "$log"
}
check "domains: two boot-time domains run their suites beside domain 0" run_two
expect_in "domains: a domain that crashes stops alone, the others go on" \
	"$CHECK_OUT/logs/domains-two.serial" "^domain 2 \(beta\): shut down \(crash\)"
expect_in "domains: a domain's poweroff shuts down that domain only" \
	"$CHECK_OUT/logs/domains-two.serial" "^domain 1 \(alpha\): shut down \(poweroff\)"

# Refusals: a bad name, a missing module, a weight out of range, a module
# taken twice; each named, none built, and the good one still runs as
# domain 1 (refused entries take no id).
check "domains: malformed domU= entries are refused, the rest run" \
	qemu_run --kernel "$xen" --smp 2 --mem 512M --cpu qemu64 --timeout 120 \
	--log "$CHECK_OUT/logs/domains-refused.serial" \
	--append "$hv_args domU=bad!name,module=1 domU=nomod,module=9 domU=heavy,module=1,weight=0 domU=good,module=1,mem=16M domU=twice,module=1 domU=odd,module=1,colour=blue" \
	--module "$img console=hvc0 shutdown=none" --module "$img" \
	--stop-on "domain 1 \(good\): shut down \(poweroff\)\r?\n" \
	--expect "domU=bad!name,module=1: needs <name>,module=<n>.*: not built" \
	--expect "domU nomod: module= names no extra boot module: not built" \
	--expect "domU heavy: weight= out of range \(1-65535\): not built" \
	--expect "domU twice: a module is already another domain's: not built" \
	--expect "domU=odd,module=1,colour=blue: bad option 'colour=blue': not built" \
	--expect "domU good: domain 1, 1 vCPU, 16 MiB" \
	--expect "^\(good\) kernel-xen: init exited with 0" \
	--expect "^domain 1 \(good\): shut down \(poweroff\)"
finish
