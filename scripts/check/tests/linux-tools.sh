# The toolstack in domain 0: Debian's stock Linux 6.1 (scripts/qemu/
# linux-dom0.sh) boots as domain 0 with dom0_mem=512M on a 1 GiB machine
# with 2 CPUs, its initramfs holding the tools (make -C tools install),
# the checks of tools/testing/dom0 (installed in /usr/lib/xen/tests), the
# host's shared libraries they need (found with ldd) and Debian's Xen
# device modules.  Its /init (tools/testing/dom0/init.sh) runs every
# /usr/lib/xen/tests/check-NAME, each printing "CASE: ok|fail|skip[: why]"
# lines; each case is one TAP result "linux-tools: GROUP: NAME: CASE".
# The cases are listed on the host (check-NAME --list) for the plan.
# One boot on our hypervisor, one on Debian's Xen 4.17 (the reference, on
# which every case must pass); tools/testing/dom0/README says how to add a
# check.
#
# On our hypervisor, a case named in KNOWN_GAPS below ("NAME/CASE:
# feature") is reported as "ok ... # SKIP not yet: FEATURE" whatever it
# printed (what it printed is in the reason); every other case must pass.
# Remove an entry when its feature lands.
#
# What it cannot tell apart: a case that fails on Xen 4.17 too is a test,
# library or QEMU problem, not the hypervisor's; each boot's serial log is
# kept (logs/linux-tools-*.serial) with the kernel's last messages when a
# case fails.
. "$(dirname "$0")/../lib.sh"

# Our hypervisor's known gaps: "check/case: the missing hypervisor feature".
KNOWN_GAPS="
"
# Known gaps not even run on ours (dom0tools.skip=): cases that would
# crash domain 0 there, which would lose every later case.
NORUN=""
# More directories whose Makefile installs check-* programs (README).
DOM0_DIRS="tools/testing/dom0 tools/libs/guest/dom0 tools/testing/daemons-dom0
	tools/testing/xm-dom0 tools/testing/frontends-dom0 tools/testing/save-dom0
	tools/testing/faults-dom0"
# Checks not run on Xen 4.17, and why: each becomes a declared skip there.
OURS_ONLY="faults-disk faults-host faults-kill faults-kill-save faults-kill-store"
OURS_ONLY_WHY="ours only: the daemons' fault matrix tests our xend, xenconsoled and
	xenstored, the same programs in both boots; what it asks of the hypervisor
	(create, destroy, save, resume) Xen 4.17's boot checks in domains-* and save-*"
GROUPS_="ours xen417"
# bridge: faults-host's bridge-removed makes and deletes a bridge.
MODULES="xenfs xen-privcmd xen-evtchn xen-gntdev xen-gntalloc xen-netback xen-blkback loop bridge"

group_name() { case $1 in ours) echo ours ;; *) echo "Xen 4.17" ;; esac; }

work=$CHECK_OUT/linux-tools
stage=$work/root
rm -rf "$work"
mkdir -p "$work" "$CHECK_OUT/logs"

# stage: the tools and the checks installed as in domain 0, and the host
# libraries they load.  Prints why not on failure.
stage_tools() {
	"$SRC/scripts/qemu/stage-tools.sh" "$work/build" "$stage" $DOM0_DIRS >&2 ||
		{ echo "staging the tools failed (scripts/qemu/stage-tools.sh, in the log)"; return 1; }
	# kernel-xen, the guest that tools/libs/guest/dom0/check-pv-build builds.
	local kx=$(port_dir x86_64)
	port_build x86_64 vmlinuz-xen ||
		true
	[ ! -s "$kx/vmlinuz-xen" ] || cp "$kx/vmlinuz-xen" "$stage/usr/lib/xen/tests/" ||
		{ echo "cannot copy vmlinuz-xen"; return 1; }
	# Debian's kernel with a busybox initramfs: make qemu's guest, for
	# tools/testing/xm-dom0/check-domains-journey.
	cp "$(echo "$paths" | sed -n 's/^bzimage //p')" "$stage/usr/lib/xen/tests/vmlinuz-linux" &&
	python3 "$SRC/scripts/qemu/mkinitramfs-dom0.py" "$(echo "$paths" | sed -n 's/^modules //p')" \
		"$(echo "$paths" | sed -n 's/^busybox //p')" "$SRC/scripts/qemu/guest-init.sh" \
		"$stage/usr/lib/xen/tests/initrd-guest.img" loop >&2 ||
		{ echo "cannot stage Debian's kernel as a guest"; return 1; }
	# A counting /init for that kernel: the guest check-save-linux saves.
	python3 "$SRC/scripts/qemu/mkinitramfs-dom0.py" "$(echo "$paths" | sed -n 's/^modules //p')" \
		"$(echo "$paths" | sed -n 's/^busybox //p')" "$SRC/tools/testing/save-dom0/counter-init.sh" \
		"$stage/usr/lib/xen/tests/initrd-counter.img" >&2 ||
		{ echo "cannot stage the Linux guest of check-save-linux"; return 1; }
}

# The cases of each check, "NAME/CASE" a line.
list_cases() {
	local c
	for c in "$stage"/usr/lib/xen/tests/check-*; do
		[ -x "$c" ] || continue
		LD_LIBRARY_PATH=$stage/usr/lib "$c" --list | sed "s|^|${c##*/check-}/|"
	done
}

why=
if ! paths=$("$SRC/scripts/qemu/linux-dom0.sh" --all 2>&1); then
	why="cannot fetch Debian's kernel or busybox: $(echo "$paths" | tail -1 | sed 's/^linux-dom0.sh: //')"
fi
[ -n "$why" ] || why=$(stage_tools) || true
cases=
[ -n "$why" ] || cases=$(list_cases)
[ -n "$why" ] || [ -n "$cases" ] || why="no check-* in $stage/usr/lib/xen/tests"
ncases=$(echo $cases | wc -w)
# No cases known (staging failed): one result per group and boot.
if [ -n "$why" ]; then
	plan 4
	for g in $GROUPS_; do
		not_ok "linux-tools: $(group_name $g): boot" "$why"
		not_ok "linux-tools: $(group_name $g): checks" "$why"
	done
	finish
fi
# Two boots of ours side by side (the fault matrix in the second), one of
# Xen 4.17: each case is one result, and each boot one more.
plan $((2 * ncases + 3))
diag "checks: $(echo "$cases" | tr '\n' ' ')"

bzimage=$(echo "$paths" | sed -n 's/^bzimage //p')
modules=$(echo "$paths" | sed -n 's/^modules //p')
busybox=$(echo "$paths" | sed -n 's/^busybox //p')
initrd=$work/initrd.cpio
python3 "$SRC/scripts/qemu/mkinitramfs-dom0.py" --tree "$stage" "$modules" "$busybox" \
	"$SRC/tools/testing/dom0/init.sh" "$initrd" $MODULES >&2 ||
	why="the initramfs was not made"

# skip_or_fail GROUP WHY: every result of a group that could not boot.
all_results() {
	local res=$1 g=$2 why=$3 c
	$res "linux-tools: $(group_name $g): boot" "$why"
	[ "$g" != ours ] || $res "linux-tools: ours (faults): boot" "$why"
	for c in $cases; do $res "linux-tools: $(group_name $g): $c" "$why"; done
}

hv_args="console=com1 loglvl=all guest_loglvl=all noreboot dom0_mem=512M,max:512M"
# boot HYPERVISOR LOG [LINUX ARGS [HYPERVISOR ARGS]]
# Three boots side by side (ours split in two: the fault matrix apart),
# each of one TCG thread on two cores: about 500 s each on an idle host,
# under 1000 s with a CPU hog on each core: 1400 s is the bound.
boot() {
	# One TCG thread: see linux-dom0.sh (QEMU 7.2's multi-threaded TCG).
	qemu_run --kernel "$1" --append "$hv_args${4:+ $4}" --tcg-thread single \
		--module "$bzimage console=hvc0 loglevel=6 $3" --module "$initrd" \
		--smp 2 --mem 1G --cpu qemu64 --timeout 1400 --log "$2" \
		--stop-on "dom0-tools: done|Hardware Dom0 (crashed|halted)[^\n]*\n|Kernel panic - not syncing" >&2
}

# Is check/case C one of OURS_ONLY's checks?
ours_only() { case " $OURS_ONLY " in *" ${1%%/*} "*) return 0 ;; esac; return 1; }

# report GROUP LOG [PART]: the boot, then its cases.  Ours is split in two
# boots, the second (PART "faults") running OURS_ONLY's checks; their
# cases are reported under one title.
report() {
	local title="linux-tools: $(group_name "$1")" c run= times

	linux_boot_result "$title${3:+ ($3)}" "$2" "dom0-tools: done"
	times=$(sed -n 's/^dom0-tools-time: //p' "$2" | tr -d '\r' | paste -sd, - | sed 's/,/, /g')
	[ -z "$times" ] || diag "$(group_name "$1")${3:+ ($3)}: the checks took $times"
	for c in $cases; do
		if ours_only "$c"; then
			case $1:$3 in
			xen417:) skip "$title: $c" "$(echo $OURS_ONLY_WHY)" ;;
			ours:faults) run="$run $c" ;;
			esac
		else
			case $3 in faults) ;; *) run="$run $c" ;; esac
		fi
	done
	guest_cases "$title" "$2" "dom0-tools: " "$([ "$1" = ours ] && echo yes)" skip $run
}

later=		# "GROUP:LOG" of each boot, reported after boot_wait

# Our hypervisor.
dir=$(port_dir x86_64)
xen=$dir/xen-syms
if [ -z "$why" ] && ! port_build x86_64 xen-syms; then
	why="x86_64 does not build"
fi
if [ -n "$why" ]; then
	all_results not_ok ours "$why"
else
	skips=${NORUN:+dom0tools.skip=$(echo $NORUN | tr ' ' ,)}
	only=$(echo $OURS_ONLY | tr ' ' ,)
	log=$CHECK_OUT/logs/linux-tools-ours.serial
	boot_bg boot "$xen" "$log" "$skips dom0tools.except=$only"
	later="$later ours:$log:"
	log=$CHECK_OUT/logs/linux-tools-ours-faults.serial
	boot_bg boot "$xen" "$log" "$skips dom0tools.only=$only"
	later="$later ours:$log:faults"
fi

# The reference: Debian's Xen 4.17 under the same QEMU.
if [ -n "$why" ]; then
	all_results not_ok xen417 "$why"
elif ! ref=$("$SRC/scripts/qemu/xen-4.17.sh" 2>/dev/null); then
	all_results skip xen417 "cannot fetch Debian's xen-hypervisor-4.17-amd64"
else
	log=$CHECK_OUT/logs/linux-tools-xen417.serial
	# Xen 4.17 defaults to credit2; xm sched-credit (Xen 3) speaks credit.
	boot_bg boot "$ref" "$log" "dom0tools.except=$(echo $OURS_ONLY | tr ' ' ,)" sched=credit
	later="$later xen417:$log"
fi
boot_wait
for r in $later; do
	g=${r%%:*} r=${r#*:}
	report "$g" "${r%%:*}" "$(echo "$r" | sed -n 's/^[^:]*:\(.*\)$/\1/p')"
done
finish
