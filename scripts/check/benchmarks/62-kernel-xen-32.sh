# kernel-xen's figures on the 32-bit ports and as a compat guest, beside
# the 64-bit ones, under QEMU TCG, from inside domain 0 (TSC, scaled by
# the PV clock; xen/arch/x86/x86_32/bench.c, xen/arch/x86/mm_bench.c,
# xen/kernel/bench_events.c): a null hypercall through the hypercall
# page, an int $0x80 bounce, mmu_update per entry, update_va_mapping, an
# event sent to itself through to its handler, an IPI round trip.
#
# Columns: x86_64 (the 64-bit kernel on the x86_64 hypervisor), compat
# (the 32-bit PAE kernel on the same hypervisor with pv=32), x86_32p and
# x86_32 (each 32-bit kernel on its own hypervisor, qemu-system-i386).
# Two vCPUs, the median of KERNEL_XEN32_BENCH_RUNS runs (default 3).
set -e
out=$BENCH_OUT/kernel-xen-32
runs=${KERNEL_XEN32_BENCH_RUNS:-3}
for port in x86_64 x86_32_pae x86_32; do
	dir=$out/build-$port
	[ -s "$dir/.config" ] || {
		make -s -C "$SRC" O="$dir" ${port}_defconfig >/dev/null
		# The hypervisor and kernel only: no i386 tools needed here.
		sed -i 's/^CONFIG_TOOLS=y$/# CONFIG_TOOLS is not set/' "$dir/.config"
		make -s -C "$SRC" O="$dir" olddefconfig >/dev/null
	}
	make -s -C "$SRC" O="$dir" -j"$(nproc)" vmlinuz-xen xen-syms >/dev/null
done
python3 - "$out" "$runs" <<'PY'
import os, re, statistics, subprocess, sys, time
out, runs = sys.argv[1], int(sys.argv[2])
FIGURES = [("null_hypercall_page", "null hypercall, hypercall page"),
           ("int80_bounce", "int $0x80 bounce to the guest and back"),
           ("mmu_update_batch1", "mmu_update per entry, batch of 1"),
           ("mmu_update_batch64", "mmu_update per entry, batch of 64"),
           ("mmu_update_batch512", "mmu_update per entry, batch of 512"),
           ("update_va_mapping", "update_va_mapping (UVMF_INVLPG)"),
           ("evtchn_send_self", "event send to self through to the handler"),
           ("ipi_call_roundtrip", "IPI call to vCPU 1 and its answer")]
END = re.compile(rb"Hardware Dom0 (halted|shutdown|crashed)")
b = lambda p: os.path.join(out, "build-" + p)
COLUMNS = [
    ("x86_64", "qemu-system-x86_64", "qemu64", b("x86_64") + "/xen-syms", "", b("x86_64")),
    ("compat", "qemu-system-x86_64", "qemu64", b("x86_64") + "/xen-syms", " pv=32", b("x86_32_pae")),
    ("x86_32p", "qemu-system-i386", "qemu32,+pae,+nx", b("x86_32_pae") + "/xen-syms", "", b("x86_32_pae")),
    ("x86_32", "qemu-system-i386", "qemu32", b("x86_32") + "/xen-syms", "", b("x86_32")),
]

def one_run(qemu, cpu, image, extra, guest, log):
    cmd = [qemu, "-M", "pc", "-accel", "tcg", "-m", "512M", "-smp", "2", "-cpu", cpu,
           "-display", "none", "-vga", "none", "-serial", "stdio", "-monitor", "none",
           "-no-reboot", "-kernel", image,
           "-append", "console=com1 noreboot dom0_mem=256M,max:256M" + extra,
           "-initrd", guest + "/vmlinuz-xen console=hvc0 bench"]
    start = time.monotonic()
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stdin=subprocess.DEVNULL)
    buf = b""
    while time.monotonic() - start < 300:
        chunk = os.read(p.stdout.fileno(), 4096)
        if not chunk:
            break
        buf += chunk
        if END.search(buf):
            break
    p.kill()
    p.wait()
    with open(log, "wb") as f:
        f.write(buf)
    return {k.decode(): float(v) for k, v in
            re.findall(rb"# bench (\w+): \d+ cycles (\d+) ns per op", buf)}

cols = []
for label, qemu, cpu, image, extra, guest in COLUMNS:
    rs = [one_run(qemu, cpu, image, extra, guest, os.path.join(out, f"{label}-{i}.serial"))
          for i in range(runs)]
    col = {}
    for key, _ in FIGURES:
        vals = [r[key] for r in rs if key in r]
        col[key] = statistics.median(vals) if vals else None
    cols.append((label, col))
print("   %-42s" % ("kernel-xen as dom0, ns (median of %d)" % runs) +
      "".join("%12s" % l for l, _ in cols) + "%14s" % "compat/64")
for key, title in FIGURES:
    cells = ["-" if c[key] is None else "%.0f" % c[key] for _, c in cols]
    a, n = dict(cols)["compat"][key], dict(cols)["x86_64"][key]
    ratio = "%.2f" % (a / n) if a is not None and n else "-"
    print("   %-42s" % title + "".join("%12s" % c for c in cells) + "%14s" % ratio)
PY
