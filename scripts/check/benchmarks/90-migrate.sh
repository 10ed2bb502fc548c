# Live migration between two hosts (issue 16's bar): two QEMU machines
# (TCG, 2 CPUs, 1 GiB each), each our hypervisor with Debian's Linux as
# domain 0 (512 MiB) and our tools, joined by a QEMU socket network
# (-netdev socket, listen= on A, connect= on B, over the host's loopback
# only); each domain 0 bridges its eth0 (xenbr0, A 10.0.2.1, B 10.0.2.2).
# Domain 0's /init is tools/testing/save-dom0/migrate-host-init.sh.
#
# The guest: Debian's Linux, 96 MiB, an idle busybox counting a line a
# second, its vif on xenbr0 at 10.0.2.10.  A migrates it live to B, B
# back to A, MIGRATE_ROUNDS times (default 1), while B pings it all along.
# Figures: each migration's downtime (the suspend request to the copy
# running there), total time, MB sent and rounds; the ping's losses; the
# counter going on; free memory at the end.  Logs in $BENCH_OUT/migrate/.
# Two Linux domain 0s under TCG at once are slow: the bound is generous
# (MIGRATE_TIMEOUT, default 3000 s).
set -e
out=$BENCH_OUT/migrate
dir=$out/build
rounds=${MIGRATE_ROUNDS:-1}
mkdir -p "$out"
. "$SRC/scripts/check/bench-lib.sh"
bench_build "$dir" xen-syms
bench_linux || exit 0
tests=usr/lib/xen/tests
stage=$out/stage
rm -rf "$stage"
"$SRC/scripts/qemu/stage-tools.sh" "$out/tools" "$stage" >"$out/stage.log" 2>&1 ||
	{ echo "   staging the tools failed ($out/stage.log)"; exit 0; }
mkdir -p "$stage/$tests"
cp "$bzimage" "$stage/$tests/vmlinuz-linux"
python3 "$SRC/scripts/qemu/mkinitramfs-dom0.py" "$modules" "$busybox" \
	"$SRC/tools/testing/save-dom0/net-counter-init.sh" "$stage/$tests/initrd-net.img" \
	xen-netfront >/dev/null
python3 "$SRC/scripts/qemu/mkinitramfs-dom0.py" --tree "$stage" "$modules" "$busybox" \
	"$SRC/tools/testing/save-dom0/migrate-host-init.sh" "$out/initrd.cpio" \
	xenfs xen-privcmd xen-evtchn xen-gntdev xen-gntalloc xen-netback e1000 bridge >/dev/null

port=$((20000 + $$ % 20000))
host() {	# host ROLE NETDEV MAC
	python3 "$SRC/scripts/qemu/run.py" --kernel "$dir/xen-syms" --tcg-thread single \
		--append "console=com1 loglvl=all guest_loglvl=all noreboot dom0_mem=512M,max:512M" \
		--module "$bzimage console=hvc0 loglevel=4 migrate.role=$1 migrate.rounds=$rounds" \
		--module "$out/initrd.cpio" --smp 2 --mem 1G --cpu qemu64 \
		--timeout "${MIGRATE_TIMEOUT:-3000}" --log "$out/host-$1.serial" \
		--extra "-netdev socket,id=n0,$2 -device e1000,netdev=n0,mac=$3" \
		--stop-on "migrate-bench: [AB]: done|Kernel panic - not syncing" >/dev/null 2>&1 || true
}
host a "listen=127.0.0.1:$port" 52:54:00:12:34:01 &
a=$!
sleep 3
host b "connect=127.0.0.1:$port" 52:54:00:12:34:02
wait $a
for h in a b; do
	grep -a "migrate-bench:" "$out/host-$h.serial" | grep -v ": done" | sed 's/^migrate-bench: /   /' ||
		echo "   host $h: no figures (its log: $out/host-$h.serial)"
done
# The reference has none to set beside them: Xen 4.17's PV log-dirty mode
# needs shadow paging, which Debian's build leaves out, so xl migrate
# --live fails there before the first round.
echo "   Xen 4.17 (Debian's): no live migration figure: its PV log-dirty mode needs shadow paging, which Debian's build leaves out"
