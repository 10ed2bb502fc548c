# The credit scheduler's fairness between real PV domains, under QEMU
# TCG with -smp 3: domain 0 idle (shutdown=none) and three kernel-xen
# domains spinning CPU-bound (spin=<ms>), each share measured from inside
# the guest: its runstate's running time over its own runnable time
# (running + runnable) over the same window, as the hypervisor counts them.
#
# (a) heavy (weight 512) and light (weight 256), both pinned to CPU 1
#     (cpus=1), each until it ran 10 s of its own time.  heavy keeps
#     spinning after its report (spin=...,keep), so that light competes
#     over its whole window too; both windows start together, when the
#     domains start.  Bar: heavy/light within 2% of 2.
# (b) capped (cap=25) alone on CPU 2 until it ran 7.5 s.  Bar: at most 25.5%.
#     A cap is a share of the CPU's time, and a vCPU parked at its cap is
#     paused (offline, as Xen's credit parks it), not runnable: this share
#     is against the system time.
#
# Figures, not pass/fail: the bars are printed beside them.
#
# A busy host: the machine runs on instruction-counted time (run.py
# --icount), because no share measured inside it can see the host.  When
# the host takes QEMU's CPU away, the machine's clocks go on, and the
# hypervisor charges that time as running to whichever vCPU was current:
# the domain's own runnable time contains it just as the wall time does
# (a CPU-bound vCPU is never blocked, so its running + runnable time is
# its wall time), and a share against it is no truer.  The scheduler
# then balances charged time, not work done.  On icount time the host's
# preemption is invisible, and the shares are the scheduler's own.
# FAIRNESS_CLOCK=host runs on the host's clock instead, to see the
# difference.
set -e
out=$BENCH_OUT/sched-fairness
dir=$BENCH_OUT/kernel-xen/build
# Built (incrementally) on every run: the figures of a stale build mislead.
[ -s "$dir/.config" ] || make -s -C "$SRC" O="$dir" x86_64_defconfig >/dev/null
make -s -C "$SRC" O="$dir" -j"$(nproc)" vmlinuz-xen xen-syms >/dev/null
mkdir -p "$out"
log=$out/credit.serial
icount=--icount
[ "${FAIRNESS_CLOCK:-icount}" = icount ] || icount=
img=$dir/vmlinuz-xen
python3 "$SRC/scripts/qemu/run.py" --kernel "$dir/xen-syms" --smp 3 --mem 512M --cpu qemu64 \
	--timeout 600 $icount --log "$log" \
	--append "console=com1 loglvl=all guest_loglvl=all noreboot sched=credit domU=heavy,module=1,mem=16M,weight=512,cpus=1 domU=light,module=2,mem=16M,weight=256,cpus=1 domU=capped,module=3,mem=16M,cap=25,cpus=2" \
	--module "$img console=hvc0 shutdown=none" \
	--module "$img spin=10000,keep" --module "$img spin=10000" --module "$img spin=7500" \
	--stop-on '(?s)(?=.*\(light\) kernel-xen: spin: vCPU 0 ran)(?=.*\(capped\) kernel-xen: spin: vCPU 0 ran \d+ ms in \d+ ms of system time)(?=.*\(light\) kernel-xen: spin: vCPU 0 ran \d+ ms in \d+ ms of system time)' \
	>/dev/null || { echo "   the run did not finish: see $log"; exit 1; }
python3 - "$log" <<'PY'
import re, sys
text = open(sys.argv[1], errors="replace").read()
# name: (ran, ran + waited: its own runnable time, system time), ms
spins = {m[0]: (int(m[1]), int(m[1]) + int(m[3]), int(m[2])) for m in
         re.findall(r"\((\w+)\) kernel-xen: spin: vCPU 0 ran (\d+) ms in (\d+) ms of system time, waited (\d+) ms", text)}
ran = {k: v[:2] for k, v in spins.items()}
def share(name):
    if name not in ran or not ran[name][1]:
        return None
    r, t = ran[name]
    return 100.0 * r / t
# The cap is a share of the CPU's time, and a vCPU parked at its cap is
# paused (offline), not runnable: its share is against the system time.
if "capped" in spins:
    ran["capped"] = (spins["capped"][0], spins["capped"][2])
h, l, c = share("heavy"), share("light"), share("capped")
print("   %-52s %s" % ("credit, pinned to one CPU, 10 s of own time each", "share"))
for name, s in (("heavy, weight 512", h), ("light, weight 256", l)):
    print("   %-52s %s" % (name, "-" if s is None else "%.2f%%  (ran %d ms of %d ms runnable)" %
                           (s, *ran[name.split(",")[0]])))
if h and l:
    r = h / l
    print("   %-52s %.3f  (bar: 1.960-2.040, off by %+.2f%%)" % ("ratio heavy/light", r, (r / 2 - 1) * 100))
print("   %-52s %s" % ("capped at 25%, alone on a CPU, 7.5 s of own time",
                       "-" if c is None else "%.2f%%  (bar: at most 25.5%%; ran %d ms in %d ms of system time)" % (c, *ran["capped"])))
PY
