# Scheduling real PV domains on SMP, with each scheduler: under -smp 4,
# domain 0 (idle) and three kernel-xen domains of 2 vCPUs each, all
# spinning (spin=<ms>,all,keep: CPU-bound for ever once they report),
# one of them pinned by cpus=3.  More runnable vCPUs than CPUs: each
# scheduler must move the unpinned ones between CPUs, and keep the
# pinned ones on CPU 3.  The 'q' key, once every domain reported, shows
# each vCPU's affinity, the CPUs it ran on and how often it moved.
# Also: malformed cpus= lists are refused, naming the option.
#
# What this cannot tell apart: a vCPU that moved once at start from one
# that moves all along (the shares are make bench's, 70-sched-fairness).
. "$(dirname "$0")/../lib.sh"
plan 4
dir=$(port_dir x86_64)
xen=$dir/xen-syms
img=$dir/vmlinuz-xen
port_build x86_64 ||
	{ for i in 1 2 3 4; do not_ok "sched-smp $i" "x86_64 does not build"; done; finish; }
hv_args="console=com1 loglvl=all guest_loglvl=all noreboot"
reported='(?s)(?=.*\(a\) kernel-xen: spin: vCPU 1 ran)(?=.*\(b\) kernel-xen: spin: vCPU 1 ran)(?=.*\(c\) kernel-xen: spin: vCPU 1 ran)'

# vcpus_in LOG: from the last 'q' dump, "domain vcpu affinity ran_on migrations".
vcpus_in() {
	python3 - "$1" <<'PY'
import re, sys
text = open(sys.argv[1], errors="replace").read().replace("\r", "")
dump = text[text.rfind("dumping domain info"):]
dom = None
for line in dump.splitlines():
    m = re.match(r"VCPU information for domain (\d+):", line)
    if m:
        dom = m.group(1)
    m = re.search(r"cpu_hard_affinity=\{([^}]*)\} ran_on=\{([^}]*)\} migrations=(\d+)", line)
    if m and dom is not None:
        print(dom, *m.groups())
PY
}

# run_sched SCHED: the run, then its 'q' dump judged.
run_sched() {
	local log=$CHECK_OUT/logs/sched-smp-$1.serial
	qemu_run --kernel "$xen" --smp 4 --mem 512M --cpu qemu64 --timeout 240 --log "$log" \
		--append "$hv_args sched=$1 domU=a,module=1,mem=16M,vcpus=2 domU=b,module=2,mem=16M,vcpus=2,cpus=3 domU=c,module=3,mem=16M,vcpus=2" \
		--module "$img console=hvc0 shutdown=none" \
		--module "$img spin=1500,all,keep" --module "$img spin=1000,all,keep" \
		--module "$img spin=1500,all,keep" \
		--send "$reported=>\\x01\\x01\\x01q" \
		--stop-on '(?s)VCPU information for domain 3:(.*?migrations=\d+\r?\n){2}' \
		--expect "domU b: domain 2, 2 vCPUs" \
		--expect "^\(a\) kernel-xen: 2 of 2 vCPUs up" \
		--expect "^\(b\) kernel-xen: spin: vCPU 1 ran [0-9]+ ms" || return 1
	vcpus_in "$log" >"$log.vcpus"
	cat "$log.vcpus" >&2
	# Pinned: both of b's vCPUs on CPU 3 only.
	[ "$(grep -c '^2 3 3 ' "$log.vcpus")" = 2 ] ||
		{ echo "### domain 2's vCPUs are not pinned to CPU 3" >&2; return 1; }
	# Unpinned: some vCPU of a or c ran on more than one CPU.
	grep -Eq '^[13] [^ ]+ [^ ]*[-,][^ ]* ' "$log.vcpus" ||
		{ echo "### no vCPU of domains 1 and 3 moved between CPUs" >&2; return 1; }
}
for s in credit sedf rr; do
	check "sched-smp: sched=$s moves vCPUs between CPUs and keeps cpus= pins" run_sched $s
done

check "sched-smp: malformed cpus= lists are refused" \
	qemu_run --kernel "$xen" --smp 2 --mem 512M --cpu qemu64 --timeout 120 \
	--log "$CHECK_OUT/logs/sched-smp-refused.serial" \
	--append "$hv_args domU=far,module=1,cpus=2 domU=back,module=1,cpus=1-0 domU=word,module=1,cpus=one domU=tail,module=1,cpus=0,1-,mem=16M domU=good,module=1,mem=16M,cpus=0-1,vcpus=2" \
	--module "$img console=hvc0 shutdown=none" --module "$img" \
	--stop-on "domain 1 \(good\): shut down \(poweroff\)\r?\n" \
	--expect "domU far: cpus= names a CPU that is not online: not built" \
	--expect "domU=back,module=1,cpus=1-0: bad option 'cpus=1-0': not built" \
	--expect "domU=word,module=1,cpus=one: bad option 'cpus=one': not built" \
	--expect "domU=tail,module=1,cpus=0,1-,mem=16M: bad option '1-': not built" \
	--expect "domU good: domain 1, 2 vCPUs, 16 MiB" \
	--expect "^\(good\) kernel-xen: init exited with 0"
finish
