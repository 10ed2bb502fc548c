# The macro benchmark, lmbench-style, as the Xen paper measured it: one
# static program of ours (tools/testing/lmbench-lite) inside Debian's
# stock Linux 6.1 (linux-image-amd64's kernel, the one the linux-dom0
# check boots, scripts/qemu/linux-dom0.sh) on three platforms under the
# same QEMU TCG machine, one vCPU: Linux booted directly by QEMU
# (native), Linux as PV domain 0 on Debian's Xen 4.17, and on ours.  The
# initramfs is busybox, the program and its /init (tools/testing/
# lmbench-lite/init.sh); the program prints the median of 5 runs of each
# figure, and the table here sets them side by side with each
# hypervisor's cost over native (time / native time), ours over Xen's
# (ours / Xen), and our overhead over Xen's ((ours - native) / (Xen -
# native): the issue's bar is at most 0.5 on getppid, pipe and fork).
# The workload is busybox's shell running a loop of fork+exec; a compile
# (Debian's tcc, with its headers, crt files and C library staged into
# the initramfs beside it: it is not static) is not yet.
#
# The machine runs on instruction-counted time (run.py --icount: 16 ns an
# instruction), so the host's load (seven other QEMUs on two cores) does
# not show in the figures and the runs agree to a fraction of a percent;
# what this clock cannot see is what an instruction costs beyond itself
# (TLB misses and flushes, caches), which TCG does not model anyway.
# LMBENCH_CLOCK=host runs on the host's clock instead (noisy under load).
#
#	LMBENCH_PLATFORMS	which columns to run (default "native xen-4.17 ours")
#	LMBENCH_RUNS		runs per figure (default 5)
#
# Each boot is bounded (900 s) and its serial log kept in
# $BENCH_OUT/lmbench/<platform>.serial.
set -e
out=$BENCH_OUT/lmbench
dir=$BENCH_OUT/kernel-xen/build
mkdir -p "$out"
# Built (incrementally) on every run: the figures of a stale build mislead.
[ -s "$dir/.config" ] || make -s -C "$SRC" O="$dir" x86_64_defconfig >/dev/null
make -s -C "$SRC" O="$dir" -j"$(nproc)" xen-syms >/dev/null
make -s -C "$SRC/tools/testing/lmbench-lite" OUTPUT="$out/" all
if ! paths=$("$SRC/scripts/qemu/linux-dom0.sh" --all 2>&1); then
	echo "   cannot fetch Debian's kernel or busybox: $(echo "$paths" | tail -1)"
	exit 1
fi
bzimage=$(echo "$paths" | sed -n 's/^bzimage //p')
busybox=$(echo "$paths" | sed -n 's/^busybox //p')
python3 "$SRC/scripts/qemu/mkinitramfs.py" "$SRC/tools/testing/lmbench-lite/init.sh" \
	"$out/initrd.cpio" bin/busybox="$busybox" bin/lmbench-lite="$out/lmbench-lite"
xen=
xen=$("$SRC/scripts/qemu/xen-4.17.sh" 2>/dev/null) ||
	echo "   cannot fetch Debian's Xen 4.17 (scripts/qemu/xen-4.17.sh): no Xen column"
python3 - "$SRC" "$out" "$bzimage" "$xen" "$dir/xen-syms" \
	"$(cat "$(dirname "$bzimage")/vmlinuz.version" 2>/dev/null)" <<'PY'
import os, re, subprocess, sys
src, out, bzimage, xen, ours, version = sys.argv[1:]
platforms = os.environ.get("LMBENCH_PLATFORMS", "native xen-4.17 ours").split()
runs = os.environ.get("LMBENCH_RUNS", "5")
FIGURES = [("getppid", "getppid() system call", 1),
           ("pipe", "pipe round trip, two processes", 1),
           ("fork", "fork + exit + wait", 1000),
           ("exec", "fork + exec (static) + wait", 1000),
           ("pagefault", "page fault, fresh anonymous page", 1),
           ("mmap", "mmap 1 MiB, touch 256 pages, munmap", 1000),
           ("ctxsw", "context switch, two processes", 1),
           ("shell", "busybox sh loop of 25 echo|cat", 1000000)]
UNIT = {1: "ns", 1000: "us", 1000000: "ms"}
STOP = (r"lmbench: done|lmbench: failed|Kernel panic - not syncing|"
        r"Hardware Dom0 (crashed|halted|shutdown)|reboot: Power down")
run = [sys.executable, os.path.join(src, "scripts/qemu/run.py"), "--cpu", "qemu64",
       "--smp", "1", "--tcg-thread", "single", "--timeout", "900", "--stop-on", STOP]
if os.environ.get("LMBENCH_CLOCK", "icount") == "icount":
    run.append("--icount")
guest = "loglevel=4 lmbench.runs=" + runs
hv = "console=com1 noreboot dom0_mem=512M,max:512M"
initrd = os.path.join(out, "initrd.cpio")

def boot(name):
    log = os.path.join(out, name + ".serial")
    if name == "native":
        args = ["--kernel", bzimage, "--append", "console=ttyS0 " + guest,
                "--module", initrd, "--mem", "512M"]
    else:
        image = xen if name == "xen-4.17" else ours
        if not image:
            return None, "no hypervisor image"
        args = ["--kernel", image, "--append", hv, "--mem", "1G",
                "--module", bzimage + " console=hvc0 " + guest, "--module", initrd]
    subprocess.run(run + args + ["--log", log], stdout=subprocess.DEVNULL)
    text = open(log, errors="replace").read()
    figs = {m[0]: int(m[1]) for m in re.findall(r"lmbench: (\w+): (\d+) ns \(runs", text)}
    up = re.search(r"lmbench: up: ([^\r\n]*)", text)
    why = None if "lmbench: done" in text else "did not finish: see " + log
    return (figs, up.group(1) if up else None), why

cols = []
for p in platforms:
    res, why = boot(p)
    print("   %-9s %s" % (p, why or res[1]), flush=True)
    cols.append((p, res[0] if res else {}))
cols = dict(cols)

def cell(v, div):
    if v is None:
        return "-"
    v = v / div
    return ("%.0f " if v >= 100 else "%.1f " if v >= 10 else "%.2f ") % v + UNIT[div]

def ratio(a, b):
    return "%.2f" % (a / b) if a is not None and b else "-"

n, x, o = (cols.get(k, {}) for k in ("native", "xen-4.17", "ours"))
print("   Debian's Linux %s, one vCPU, median of %s runs" % (version or "?", runs))
print("   %-38s%11s%11s%11s%9s%9s%9s%9s" % ("", "native", "Xen 4.17", "ours",
      "Xen/nat", "ours/nat", "ours/Xen", "ovh o/X"))
for key, title, div in FIGURES:
    a, b, c = n.get(key), x.get(key), o.get(key)
    ovh = "-"
    if None not in (a, b, c) and b != a:
        ovh = "%.2f" % ((c - a) / (b - a))
    print("   %-38s%11s%11s%11s%9s%9s%9s%9s" % (title, cell(a, div), cell(b, div),
          cell(c, div), ratio(b, a), ratio(c, a), ratio(c, b), ovh))
PY
