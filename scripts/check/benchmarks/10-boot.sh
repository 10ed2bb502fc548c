# Time from QEMU's start to the end of the hypervisor's boot, per x86 port:
# the wall time until the console says it has nothing more to run (the
# last boot line), median of 5 runs under TCG.
set -e
out=$BENCH_OUT/boot
for port in x86_64:x86_64 x86_32:i386 x86_32_pae:i386; do
	name=${port%%:*}; arch=${port#*:}
	dir=$out/$name
	if [ ! -s "$dir/xen-syms" ]; then
		make -s -C "$SRC" O="$dir" ${name}_defconfig >/dev/null
		make -s -C "$SRC" O="$dir" -j"$(nproc)" >/dev/null
	fi
	python3 - "$SRC" "$arch" "$dir/xen-syms" "$name" <<'PY'
import os, re, statistics, subprocess, sys, time
src, arch, image, name = sys.argv[1:]
qemu = {"x86_64": "qemu-system-x86_64", "i386": "qemu-system-i386"}[arch]
times = []
for _ in range(5):
    start = time.monotonic()
    p = subprocess.Popen([qemu, "-M", "pc", "-accel", "tcg", "-m", "512M", "-smp", "2",
                          "-display", "none", "-vga", "none", "-serial", "stdio",
                          "-monitor", "none", "-no-reboot", "-kernel", image,
                          "-append", "console=com1"], stdout=subprocess.PIPE,
                         stdin=subprocess.DEVNULL)
    buf = b""
    while True:
        chunk = os.read(p.stdout.fileno(), 4096)
        if not chunk:
            break
        buf += chunk
        if re.search(rb"(Nothing more to run|Self tests done)", buf):
            times.append(time.monotonic() - start)
            break
    p.kill(); p.wait()
if times:
    print(f"   {name:12s} QEMU start to end of boot: median {statistics.median(times)*1000:.0f} ms "
          f"(min {min(times)*1000:.0f}, max {max(times)*1000:.0f}, {len(times)} runs)")
else:
    print(f"   {name:12s} did not reach the end of boot")
PY
done
