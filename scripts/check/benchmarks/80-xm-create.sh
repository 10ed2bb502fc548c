# The toolstack's figures in Debian's Linux domain 0 (issue 14's bar),
# under QEMU TCG, 2 CPUs, 1 GiB, domain 0 512 MiB:
#   - QEMU's start to domain 0's /init (Debian's bzImage, the same
#     initramfs), each boot: ours against Xen 4.17 (goal: ours <= 0.5x);
#   - "create -c" to the guest's first console line, kernel-xen (32 MiB)
#     and Debian's kernel (128 MiB, busybox initramfs), median of 3: our
#     xm on our hypervisor against Debian's Xen 4.17 xl (xen-utils-4.17)
#     on Xen 4.17 (goal: ours <= 0.5x), and the crossed pairs when they run
#     (xl on ours against xl on Xen 4.17: the hypervisors alone);
#   - "create" without a console to its return, the toolstack's and the
#     builder's part (the guest, destroyed right after, is mid-boot: a
#     diagnostic, noisier than the figure above);
#   - "save" and "restore" of a running 256 MiB Debian guest (its image in
#     domain 0's memory) to their return, median of bench.runs: xm on ours
#     against xl on Xen 4.17 (issue 16's goal: ours <= 0.5x each);
#   - xend's, xenstored's and xenconsoled's RSS with ten kernel-xen guests
#     running (goal: <= 8 MiB together), and Xen 4.17's daemons (with its
#     per-domain xl processes) beside them;
#   - the hundred create/destroy cycles of check-domains-cycles (make
#     check may run fewer within its time bound) and what they leaked.
# Each boot runs tools/testing/xm-dom0/bench-init.sh as domain 0's /init;
# its serial log is kept in $BENCH_OUT/xm-create/.
#
#	XM_BENCH_BOOTS	which "hypervisor:toolstack" boots (default
#			"ours:xm xen417:xl ours:xl xen417:xm")
#	XM_BENCH_RUNS	runs of each create -c figure (default 3)
#	XM_BENCH_CYCLES	create/destroy cycles after the figures (default 100; 0: none)
# Xen 4.17's toolstack comes from scripts/qemu/xen-tools-4.17.sh (or a
# root tree named by XEN_TOOLS_417); without it, no xl column.
set -e
out=$BENCH_OUT/xm-create
dir=$out/build
mkdir -p "$out"
. "$SRC/scripts/check/bench-lib.sh"
bench_build "$dir" xen-syms vmlinuz-xen
bench_linux || exit 0
MODULES="xenfs xen-privcmd xen-evtchn xen-gntdev xen-gntalloc"
tests=usr/lib/xen/tests

# guests STAGE: kernel-xen, Debian's kernel and its initramfs in STAGE's tests.
guests() {
	mkdir -p "$1/$tests"
	cp "$dir/vmlinuz-xen" "$1/$tests/vmlinuz-xen"
	cp "$bzimage" "$1/$tests/vmlinuz-linux"
	python3 "$SRC/scripts/qemu/mkinitramfs-dom0.py" "$modules" "$busybox" \
		"$SRC/scripts/qemu/guest-init.sh" "$1/$tests/initrd-guest.img" loop >/dev/null
}

# Ours: the tools and the xm-dom0 programs (ptyexpect, check-domains-cycles).
rm -rf "$out/stage-xm" "$out/stage-xl"
"$SRC/scripts/qemu/stage-tools.sh" "$out/tools" "$out/stage-xm" tools/testing/xm-dom0 \
	>"$out/stage.log" 2>&1 || { echo "   staging the tools failed ($out/stage.log)"; exit 0; }
guests "$out/stage-xm"
python3 "$SRC/scripts/qemu/mkinitramfs-dom0.py" --tree "$out/stage-xm" "$modules" "$busybox" \
	"$SRC/tools/testing/xm-dom0/bench-init.sh" "$out/initrd-xm.cpio" $MODULES >/dev/null

# Xen 4.17's: Debian's packages unpacked, the host libraries they load.
xl_tree=${XEN_TOOLS_417:-}
if [ -z "$xl_tree" ] && [ -x "$SRC/scripts/qemu/xen-tools-4.17.sh" ]; then
	xl_tree=$("$SRC/scripts/qemu/xen-tools-4.17.sh" 2>/dev/null | tail -1) || xl_tree=
fi
if [ -n "$xl_tree" ] && [ -x "$xl_tree/usr/lib/xen-4.17/bin/xl" ]; then
	s=$out/stage-xl
	cp -a "$xl_tree" "$s"
	rm -rf "$s/usr/share"
	mkdir -p "$s/$tests"
	cp "$out/stage-xm/$tests/ptyexpect" "$s/$tests/"
	for f in $(find "$s" -type f -perm -u+x) $(find "$s" -name "lib*.so*" -type f); do
		[ "$(head -c 4 "$f" | od -An -c | tr -d ' ')" = '177ELF' ] || continue
		LD_LIBRARY_PATH=$s/usr/lib/x86_64-linux-gnu:$s/lib/x86_64-linux-gnu ldd "$f" 2>/dev/null |
			sed -n 's/.*=> \(\/[^ ]*\) .*/\1/p; s/^[[:space:]]*\(\/[^ ]*\) .*/\1/p'
	done | sort -u | while read -r f; do
		case $f in "$s"/*) continue ;; esac
		[ -e "$s$f" ] || { mkdir -p "$s$(dirname "$f")" && cp -L "$f" "$s$f"; }
	done
	# glibc dlopen()s libgcc_s for pthread_cancel, which xl's monitor
	# uses: ldd does not list it.
	g=$(ldconfig -p | sed -n 's/.*libgcc_s.so.1 (libc6,x86-64) => //p' | head -1)
	[ -z "$g" ] || [ -e "$s$g" ] || { mkdir -p "$s$(dirname "$g")" && cp -L "$g" "$s$g"; }
	guests "$s"
	python3 "$SRC/scripts/qemu/mkinitramfs-dom0.py" --tree "$s" "$modules" "$busybox" \
		"$SRC/tools/testing/xm-dom0/bench-init.sh" "$out/initrd-xl.cpio" $MODULES >/dev/null
else
	echo "   no Xen 4.17 toolstack (scripts/qemu/xen-tools-4.17.sh, or XEN_TOOLS_417=root): no xl column"
fi
if xen417=$("$SRC/scripts/qemu/xen-4.17.sh" 2>/dev/null); then :; else
	xen417=
	echo "   cannot fetch Debian's Xen 4.17 (scripts/qemu/xen-4.17.sh): no Xen 4.17 rows"
fi

for b in ${XM_BENCH_BOOTS:-ours:xm xen417:xl ours:xl xen417:xm}; do
	hv=${b%%:*} stack=${b#*:}
	[ -s "$out/initrd-$stack.cpio" ] || continue
	case $hv in
	ours) image=$dir/xen-syms ;;
	*) image=$xen417 ;;
	esac
	[ -n "$image" ] || continue
	log=$out/$hv-$stack.serial
	python3 "$SRC/scripts/qemu/run.py" --kernel "$image" \
		--append "console=com1 loglvl=all guest_loglvl=all noreboot dom0_mem=512M,max:512M" \
		--tcg-thread single \
		--module "$bzimage console=hvc0 loglevel=3 bench.stack=$stack bench.runs=${XM_BENCH_RUNS:-3} xmcycles=${XM_BENCH_CYCLES:-100} xmcycles.budget=3000" \
		--module "$out/initrd-$stack.cpio" --smp 2 --mem 1G --cpu qemu64 --timeout 1800 \
		--log "$log" --stop-on "bench: done|Hardware Dom0 (crashed|halted)[^\n]*\n|Kernel panic - not syncing" \
		--mark "^dom0 init: up" >/dev/null 2>&1 || true
	tr -d '\r' < "$log" | grep -a '^bench: ' | grep -v '^bench: done' |
		sed "s/^bench: /$hv /" > "$out/$hv-$stack.figures"
	sed -n 's|^# mark /^dom0 init: up/ at \([0-9.]*\) s$|\1|p' "$log" |
		awk -v b="$hv $stack" '{ printf "%s dom0-init %d\n", b, $1 * 1000 }' >> "$out/$hv-$stack.figures"
	grep -aq '^bench: done' "$log" || echo "   $hv $stack: did not finish ($log)"
done

python3 - "$out" <<'PY'
import glob, os, re, statistics, sys
out = sys.argv[1]
first, create, rss, init, other = {}, {}, {}, {}, []
saves = {"save": {}, "restore": {}}
for f in sorted(glob.glob(os.path.join(out, "*.figures"))):
    for line in open(f):
        w = line.split()
        if len(w) == 4 and w[2] == "dom0-init":
            init.setdefault(w[0], []).append((w[1], int(w[3])))
        elif len(w) >= 4 and w[1] in ("first-line", "create"):
            ms = [int(x) for x in w[4:] if x.isdigit()]
            (first if w[1] == "first-line" else create)[(w[0], w[2], w[3])] = ms
        elif len(w) >= 4 and w[1] in saves:
            saves[w[1]][(w[0], w[2], w[3])] = [int(x) for x in w[4:] if x.isdigit()]
            if "none" in w[4:]:
                other.append(f"{w[1]} {w[2]} on {w[0]} failed in a run: {' '.join(w[4:])}")
        elif len(w) >= 5 and w[1] == "rss":
            rss.setdefault((w[0], w[2]), []).append((w[3], w[4], " ".join(w[5:])))
        else:
            other.append(line.rstrip())
def med(table, k):
    ms = table.get(k)
    return statistics.median(ms) if ms else None
print("   QEMU start to domain 0's /init (ms, each boot):")
for hv, boots in sorted(init.items()):
    print(f"     {hv:7s} " + ", ".join(f"{ms} ({stack} initramfs)" for stack, ms in boots))
for stack in sorted({s for boots in init.values() for s, _ in boots}):
    a = [ms for s, ms in init.get("ours", []) if s == stack]
    b = [ms for s, ms in init.get("xen417", []) if s == stack]
    if a and b:
        print(f"     {stack} initramfs: ours / Xen 4.17 = {a[0] / b[0]:.2f} (goal <= 0.5)")
for title, table in (("create -c to the guest's first console line", first),
                     ("create (no console) to its return: toolstack and builder", create)):
    print(f"   {title} (median ms, runs):")
    for (hv, stack, guest), ms in sorted(table.items()):
        m = med(table, (hv, stack, guest))
        print(f"     {stack} on {hv:7s} {guest:6s} {m if m is not None else 'none':>8} ms  {ms}")
for guest in ("kx", "linux"):
    a, b = med(first, ("ours", "xm", guest)), med(first, ("xen417", "xl", guest))
    if a and b:
        print(f"     {guest}: xm on ours / xl on Xen 4.17 = {a / b:.2f} (goal <= 0.5)")
    a = med(first, ("ours", "xl", guest))
    if a and b:
        print(f"     {guest}: xl on ours / xl on Xen 4.17 = {a / b:.2f} (the hypervisors alone)")
print("   save and restore of a running 256 MiB Debian guest, to its return (median ms, runs):")
for what, table in saves.items():
    for (hv, stack, guest), ms in sorted(table.items()):
        m = med(table, (hv, stack, guest))
        print(f"     {what:7s} {stack} on {hv:7s} {m if m is not None else 'none':>8} ms  {ms}")
    a, b = med(table, ("ours", "xm", "linux256")), med(table, ("xen417", "xl", "linux256"))
    if a and b:
        print(f"     {what}: xm on ours / xl on Xen 4.17 = {a / b:.2f} (goal <= 0.5)")
print("   daemons' RSS with ten kernel-xen guests (KiB):")
for (hv, stack), rows in sorted(rss.items()):
    total = sum(int(k) for _, k, _ in rows if k.isdigit())
    parts = ", ".join(f"{n} {k}{(' ' + x) if x else ''}" for n, k, x in rows)
    print(f"     {stack} on {hv:7s} {parts}; together {total} KiB ({total / 1024:.1f} MiB)")
for line in other:
    print("   " + line)
PY
