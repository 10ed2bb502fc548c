# Guests' virtual network and disk figures (issue 15's bar), under QEMU
# TCG, 2 CPUs, 1 GiB, Debian's Linux as domain 0 (512 MiB) and as the
# guest (128 MiB), the same kernels and QEMU on our hypervisor and on
# Debian's Xen 4.17: TCP throughput guest -> domain 0 and domain 0 ->
# guest (iperf3 over the vif on xenbr0, 5 s each) and the guest's disk
# write and read MB/s (dd of 32 MiB, 1 MiB blocks) on a file: disk and
# on a phy: logical volume, each the median of 5 runs in one boot (the
# runs are printed too).  Goal:
# ours at least Xen's (>= 1.0x).  Domain 0 runs
# tools/testing/devices-dom0/bench-devices, the guest guest-init.sh's
# devtest.bench; the serial logs are kept in $BENCH_OUT/devices/.
set -e
out=$BENCH_OUT/devices
dir=$out/build
mkdir -p "$out"
. "$SRC/scripts/check/bench-lib.sh"
bench_build "$dir" xen-syms
bench_linux || exit 0

# Domain 0's tree: the tools, bench-devices, iperf3, lvm, the guest's kernel
# (the gzipped ELF: the builder unpacks it in seconds) and its initramfs
# with iperf3 too.
stage=$out/root guest=$out/guest-root
rm -rf "$stage" "$guest"
fail() { echo "   $*: no figures"; exit 0; }
"$SRC/scripts/qemu/stage-tools.sh" "$out/tools" "$stage" tools/testing/devices-dom0 \
	>"$out/stage.log" 2>&1 || fail "staging the tools failed ($out/stage.log)"
for s in "$stage" "$guest"; do
	why=$("$SRC/scripts/qemu/stage-host.sh" "$s" /usr/bin/iperf3) || fail "$why"
done
why=$("$SRC/scripts/qemu/stage-lvm.sh" "$stage") || fail "$why"
mkdir -p "$stage/boot"
cp "$elf" "$stage/boot/vmlinux-$(basename "$modules").gz"
python3 "$SRC/scripts/qemu/mkinitramfs-dom0.py" --tree "$guest" "$modules" "$busybox" \
	"$SRC/tools/testing/devices-dom0/guest-init.sh" "$stage/boot/initrd-devtest.img" \
	xen-netfront xen-blkfront ext4 >/dev/null
python3 "$SRC/scripts/qemu/mkinitramfs-dom0.py" --tree "$stage" "$modules" "$busybox" \
	"$SRC/tools/testing/devices-dom0/init.sh" "$out/initrd.cpio" +dm_mod >/dev/null

if xen417=$("$SRC/scripts/qemu/xen-4.17.sh" 2>/dev/null); then :; else
	xen417=
	echo "   cannot fetch Debian's Xen 4.17 (scripts/qemu/xen-4.17.sh): no Xen 4.17 column"
fi
# DEVICES_BENCH_HV: which columns to run (default both).
for hv in ${DEVICES_BENCH_HV:-ours xen417}; do
	case $hv in
	ours) image=$dir/xen-syms ;;
	*) image=$xen417 ;;
	esac
	[ -n "$image" ] || continue
	log=$out/$hv.serial
	python3 "$SRC/scripts/qemu/run.py" --kernel "$image" \
		--append "console=com1 loglvl=all guest_loglvl=all noreboot dom0_mem=512M,max:512M" \
		--tcg-thread single \
		--module "$bzimage console=hvc0 loglevel=3 devtest.prog=bench-devices devtest.timeout=1200" \
		--module "$out/initrd.cpio" --smp 2 --mem 1G --cpu qemu64 --timeout 1500 \
		--extra "-netdev hubport,id=n0,hubid=0 -device e1000,netdev=n0" \
		--log "$log" --stop-on "dom0-tools: done|Hardware Dom0 (crashed|halted)[^\n]*\n|Kernel panic - not syncing" \
		>/dev/null 2>&1 || true
	tr -d '\r' < "$log" | sed -n 's/^dom0-tools: devices: bench: //p' > "$out/$hv.figures"
	[ -s "$out/$hv.figures" ] || echo "   $hv: no figures ($log)"
done

python3 - "$out" <<'PY'
import os, sys
out = sys.argv[1]
figs, runs, errors = {}, {}, []
NAMES = ("tcp-guest-to-dom0", "tcp-dom0-to-guest", "file-disk-write", "file-disk-read",
         "phy-disk-write", "phy-disk-read")
for hv in ("ours", "xen417"):
    path = os.path.join(out, hv + ".figures")
    for line in open(path) if os.path.exists(path) else []:
        w = line.split()
        if w and w[0] in ("error:", "note:"):
            errors.append(f"{hv}: {line.strip()}")
        elif len(w) >= 3:
            figs.setdefault(w[0], {})[hv] = (float(w[1]), w[2])
            if len(w) > 3 and w[3].startswith("runs="):
                runs.setdefault(w[0], {})[hv] = w[3][5:]
print("   guest network and disk, medians (QEMU TCG; goal: ours / Xen 4.17 >= 1.0):")
for name in NAMES:
    row = figs.get(name, {})
    o, x = row.get("ours"), row.get("xen417")
    unit = (o or x or (0, ""))[1]
    ratio = f"{o[0] / x[0]:.2f}x" if o and x and x[0] else "-"
    cell = lambda v: f"{v[0]:9.1f}" if v else f"{'none':>9}"
    print(f"     {name:18s} ours {cell(o)}  Xen 4.17 {cell(x)} {unit:8s} {ratio}")
for name in NAMES:
    for hv, r in sorted(runs.get(name, {}).items()):
        print(f"       runs {name} {hv}: {r}")
for e in errors:
    print("     " + e)
PY
