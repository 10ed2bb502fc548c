# kernel-xen's figures as domain 0 on a hypervisor, under QEMU TCG:
# QEMU start to domain 0's first console line (wall time, host), and
# from inside the guest (TSC, scaled by the PV clock): a null hypercall
# round trip through the hypercall page and through `syscall`, and an
# `int $0x80` bounced to the guest's handler and back; the PV MMU's
# mmu_update per entry in batches of 1, 64 and 512, update_va_mapping,
# and a grant map + unmap and a grant copy of one of its own pages
# (x86_64/mm_bench.c); an event sent to itself through to its handler,
# an IPI call to the second vCPU and back, set_timer_op for "now" to the
# timer upcall, and a multicall of 32 null calls (kernel/bench_events.c).
# Two vCPUs, median of 3 runs.
#
# The columns are hypervisors: KERNEL_XEN_BENCH_HV="label=image ..."
# (default: Debian's Xen 4.17, fetched by scripts/qemu/xen-4.17.sh, and
# ours, built here), then the ratio ours/Xen when both ran.
set -e
out=$BENCH_OUT/kernel-xen
dir=$out/build
# Built (incrementally) on every run: the figures of a stale build mislead.
[ -s "$dir/.config" ] || make -s -C "$SRC" O="$dir" x86_64_defconfig >/dev/null
make -s -C "$SRC" O="$dir" -j"$(nproc)" vmlinuz-xen xen-syms >/dev/null
hvs=${KERNEL_XEN_BENCH_HV:-}
if [ -z "$hvs" ]; then
	if xen=$("$SRC/scripts/qemu/xen-4.17.sh" 2>/dev/null); then
		hvs="xen-4.17=$xen"
	else
		echo "   cannot fetch Debian's Xen 4.17 (scripts/qemu/xen-4.17.sh): no Xen column"
	fi
	hvs="$hvs ours=$dir/xen-syms"
fi
python3 - "$SRC" "$dir/vmlinuz-xen" "$out" $hvs <<'PY'
import os, re, statistics, subprocess, sys, time
src, guest, out, hvs = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
FIGURES = [("first_line", "QEMU start to dom0's first console line", "ms"),
           ("null_hypercall_page", "null hypercall, hypercall page", "ns"),
           ("null_hypercall_syscall", "null hypercall, direct syscall", "ns"),
           ("int80_bounce", "int $0x80 bounce to the guest and back", "ns"),
           ("mmu_update_batch1", "mmu_update per entry, batch of 1", "ns"),
           ("mmu_update_batch64", "mmu_update per entry, batch of 64", "ns"),
           ("mmu_update_batch512", "mmu_update per entry, batch of 512", "ns"),
           ("update_va_mapping", "update_va_mapping (UVMF_INVLPG)", "ns"),
           ("grant_map_unmap", "grant map + unmap of one page (self)", "ns"),
           ("grant_copy_page", "grant copy of one page (self)", "ns"),
           ("evtchn_send_self", "event send to self through to the handler", "ns"),
           ("ipi_call_roundtrip", "IPI call to vCPU 1 and its answer", "ns"),
           ("timer_upcall", "set_timer_op(now) to the timer upcall", "ns"),
           ("multicall32_null", "multicall of 32 null hypercalls", "ns")]
END = re.compile(rb"Hardware Dom0 (halted|shutdown|crashed)")

def one_run(image, log):
    cmd = ["qemu-system-x86_64", "-M", "pc", "-accel", "tcg", "-m", "512M", "-smp", "2",
           "-cpu", "qemu64", "-display", "none", "-vga", "none", "-serial", "stdio",
           "-monitor", "none", "-no-reboot", "-kernel", image,
           "-append", "console=com1 noreboot dom0_mem=256M,max:256M", "-initrd", guest + " console=hvc0 bench"]
    start = time.monotonic()
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stdin=subprocess.DEVNULL)
    buf, first = b"", None
    while time.monotonic() - start < 300:
        chunk = os.read(p.stdout.fileno(), 4096)
        if not chunk:
            break
        buf += chunk
        if first is None and re.search(rb"kernel-xen \S+ \(x86_64\) starting", buf):
            first = (time.monotonic() - start) * 1000
        if END.search(buf):
            break
    p.kill()
    p.wait()
    with open(log, "wb") as f:
        f.write(buf)
    figs = {k: float(v) for k, v in
            re.findall(rb"# bench (\w+): \d+ cycles (\d+) ns per op", buf)}
    figs = {k.decode(): v for k, v in figs.items()}
    if first is not None:
        figs["first_line"] = first
    return figs

os.makedirs(out, exist_ok=True)
columns = []
for hv in hvs:
    label, image = hv.split("=", 1)
    runs = [one_run(image, os.path.join(out, f"{label}-{i}.serial")) for i in range(3)]
    col = {}
    for key, _, _ in FIGURES:
        vals = [r[key] for r in runs if key in r]
        col[key] = statistics.median(vals) if vals else None
    columns.append((label, col))
cols = dict(columns)
ratio = "ours" in cols and "xen-4.17" in cols
print("   %-42s" % "kernel-xen as dom0 (median of 3)" +
      "".join("%22s" % l for l, _ in columns) + ("%14s" % "ours/Xen" if ratio else ""))
for key, title, unit in FIGURES:
    cells = []
    for label, col in columns:
        cells.append("-" if col[key] is None else "%.0f %s" % (col[key], unit))
    line = "   %-42s" % title + "".join("%22s" % c for c in cells)
    if ratio:
        a, b = cols["ours"][key], cols["xen-4.17"][key]
        line += "%14s" % ("%.2f" % (a / b) if a is not None and b else "-")
    print(line)
PY
