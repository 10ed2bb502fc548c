# The schedulers inside the hypervisor, under QEMU (TCG), on the port
# builds of build-ports:
# - boot says which scheduler runs: the default (credit), or the one
#   sched= names; an unknown name falls back to the default, saying so;
# - the 'r' debug key dumps the settings and every CPU's run queue;
# - the sched self tests pass for each scheduler, with the real clock and
#   timers and two CPUs: two CPU-bound test vCPUs share the boot CPU 2:1
#   (credit weights 512:256, SEDF slices 40:20 of 100 ms) or 1:1 (rr)
#   within 5%, and credit's vCPU capped at 25% stays at its cap;
# - the same on the 32-bit ports, whose 64-bit arithmetic is div64's.
# The shares are measured on instruction-counted time (run.py --icount):
# what QEMU's vCPU threads lose to a busy host is not charged to the test
# vCPUs as time they ran, so the bars hold with every host core busy.
. "$(dirname "$0")/../lib.sh"
plan 6
log=$CHECK_OUT/logs

dir=$(port_dir x86_64)
check "x86_64 sched=credit (the default): self tests, the 'r' key" \
	qemu_run --kernel "$dir/xen-syms" --append "console=com1 selftest=sched" \
	--smp 2 --timeout 120 --ktap --icount --log "$log/sched-credit.serial" \
	--send "ok 3 test_two_cpu_bound_vcpus[\s\S]*measuring for 4000 ms=>r" \
	--expect '^Using scheduler: SMP Credit Scheduler \(credit\)$' \
	--expect "'r' pressed -> dumping run queues" \
	--expect "^ +d32512: weight 256 cap 25," --expect "^CPU1: running idle1$" \
	--expect '^ok 1 sched$' --expect "Self tests done"
check "x86_64 sched=sedf: self tests" \
	qemu_run --kernel "$dir/xen-syms" --append "console=com1 sched=sedf selftest=sched" \
	--smp 2 --timeout 120 --ktap --icount --log "$log/sched-sedf.serial" \
	--expect-skips 1 "test_capped_vcpu: caps are the credit scheduler's" \
	--expect '^Using scheduler: Simple EDF Scheduler \(sedf\)$' \
	--expect '^ok 1 sched$' --expect "Self tests done"
check "x86_64 sched=rr: self tests" \
	qemu_run --kernel "$dir/xen-syms" --append "console=com1 sched=rr selftest=sched" \
	--smp 2 --timeout 120 --ktap --icount --log "$log/sched-rr.serial" \
	--expect-skips 1 "test_capped_vcpu: caps are the credit scheduler's" \
	--expect '^Using scheduler: Round-Robin Scheduler \(rr\)$' \
	--expect '^ok 1 sched$' --expect "Self tests done"
check "x86_64 an unknown sched= falls back to the default" \
	qemu_run --kernel "$dir/xen-syms" --append "console=com1 sched=bfs" \
	--timeout 60 --log "$log/sched-unknown.serial" \
	--expect "^sched: scheduler 'bfs' is not built in, using 'credit'$" \
	--expect '^Using scheduler: SMP Credit Scheduler \(credit\)$' \
	--expect "powering off"
for port in x86_32 x86_32_pae; do
	check "$port sched self tests" \
		qemu_run --arch i386 --kernel "$(port_dir $port)/xen-syms" \
		--append "console=com1 selftest=sched" --smp 2 --timeout 120 --ktap --icount \
		--log "$log/sched-$port.serial" \
		--expect '^Using scheduler: SMP Credit Scheduler \(credit\)$' \
		--expect '^ok 1 sched$' --expect "Self tests done"
done
finish
