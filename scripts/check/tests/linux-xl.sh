# Xen 4.17's own toolstack in domain 0: Debian's xen-utils-4.17 (xl,
# xenstored, xenconsoled, xen-init-dom0, libxenlight and the libraries
# under it; scripts/qemu/xen-tools-4.17.sh downloads and unpacks them,
# nothing is installed on the host), unmodified, in the initramfs of
# Debian's stock Linux 6.1 booted as domain 0 (dom0_mem=512M on a 1 GiB
# machine, 2 CPUs).  Its /init (scripts/qemu/xl-dom0-init.sh) starts the
# daemons as Debian's boot scripts do and runs xl as an administrator
# would: info, list, dmesg; create, console, vcpu-list and destroy of a
# kernel-xen guest; create, console, vcpu-list, vcpu-set, mem-set, pause,
# unpause and shutdown of Debian's kernel as a PV guest with a busybox
# initramfs (scripts/qemu/xl-guest-init.sh).  Each step is one TAP result
# "linux-xl: ours|Xen 4.17: CASE".  One boot on our hypervisor, one on
# Debian's Xen 4.17, on which every case must pass (that proves the rig).
#
# On our hypervisor, a case named in KNOWN_GAPS ("CASE: feature") is
# reported "ok ... # SKIP not yet: FEATURE" whatever it printed; every
# other case must pass.  The hypervisor's loglvl=all lines naming each
# refused call ("(XEN) d0: ... refused") are repeated as diagnostics.
#
# LINUX_XL_ONLY=ours|xen417 boots one of the two (the other's results
# are skips); LINUX_XL_XEN=IMAGE boots that image as ours.
#
# What it cannot tell apart: a case that also fails on Xen 4.17 is a rig,
# library or QEMU problem, not the hypervisor's; both serial logs are
# kept (logs/linux-xl-*.serial).
. "$(dirname "$0")/../lib.sh"

CASES="modules xenstored xen-init-dom0 xenconsoled info list dmesg
	create-kx console-kx memory-map-kx vcpu-list-kx destroy-kx gone-kx
	create-linux console-linux vcpu-list-linux mem-set mem-set-target
	pause paused unpause running vcpu-set vcpu-set-online shutdown gone-linux
	list-end only-dom0"
# Our hypervisor's known gaps: "case: the missing hypervisor feature".
KNOWN_GAPS="
"
GROUPS_="ours xen417"
MODULES="xenfs xen-privcmd xen-evtchn xen-gntdev xen-gntalloc"

group_name() { case $1 in ours) echo ours ;; *) echo "Xen 4.17" ;; esac; }

work=$CHECK_OUT/linux-xl
stage=$work/root
rm -rf "$work"
mkdir -p "$work" "$CHECK_OUT/logs"

# stage: Debian's tools tree, the host libraries it loads, the guests and
# their configurations.  Prints why not on failure.
stage_tools() {
	local tools=$1 bzimage=$2 modules=$3 busybox=$4 kx f version
	cp -a "$tools" "$stage" || { echo "cannot copy $tools"; return 1; }
	rm -rf "$stage/usr/share"
	for f in $(find "$stage" -type f -perm -u+x) $(find "$stage" -name "lib*.so*" -type f); do
		[ "$(head -c 4 "$f" | od -An -c | tr -d ' ')" = '177ELF' ] || continue
		LD_LIBRARY_PATH=$stage/usr/lib/x86_64-linux-gnu:$stage/lib/x86_64-linux-gnu \
			ldd "$f" 2>/dev/null |
			sed -n 's/.*=> \(\/[^ ]*\) .*/\1/p; s/^[[:space:]]*\(\/[^ ]*\) .*/\1/p'
	done | sort -u > "$work/host-libs"
	while read -r f; do
		case $f in "$stage"/*) continue ;; esac
		[ -e "$stage$f" ] && continue
		mkdir -p "$stage$(dirname "$f")"
		cp -L "$f" "$stage$f" || { echo "cannot copy $f"; return 1; }
	done < "$work/host-libs"
	# glibc loads it itself (dlopen) when a thread is cancelled (libxl's).
	f=$(ldconfig -p | sed -n 's/^[[:space:]]*libgcc_s.so.1 (libc6,x86-64) => //p' | head -1)
	[ -n "$f" ] && mkdir -p "$stage$(dirname "$f")" && cp -L "$f" "$stage$f" ||
		{ echo "no libgcc_s.so.1 on the host"; return 1; }
	# The guests: kernel-xen, and Debian's kernel with a busybox initramfs.
	kx=$(port_dir x86_64)
	port_build x86_64 vmlinuz-xen ||
		{ echo "kernel-xen does not build"; return 1; }
	mkdir -p "$stage/boot" "$stage/etc/xen"
	cp "$kx/vmlinuz-xen" "$stage/boot/" || { echo "cannot copy vmlinuz-xen"; return 1; }
	version=$(basename "$modules")
	cp "$bzimage" "$stage/boot/vmlinuz-$version" || { echo "cannot copy $bzimage"; return 1; }
	python3 "$SRC/scripts/qemu/mkinitramfs-dom0.py" "$modules" "$busybox" \
		"$SRC/scripts/qemu/xl-guest-init.sh" "$stage/boot/initrd-guest.img" loop >&2 ||
		{ echo "the guest's initramfs was not made"; return 1; }
	cat > "$stage/etc/xen/kx.cfg" <<-EOT
	name = "kx"
	type = "pv"
	kernel = "/boot/vmlinuz-xen"
	extra = "shutdown=none selftest=memory_map"
	memory = 32
	maxmem = 48
	EOT
	cat > "$stage/etc/xen/linux.cfg" <<-EOT
	name = "linux"
	type = "pv"
	kernel = "/boot/vmlinuz-$version"
	ramdisk = "/boot/initrd-guest.img"
	extra = "console=hvc0"
	memory = 128
	vcpus = 1
	maxvcpus = 2
	EOT
}

why=
if ! paths=$("$SRC/scripts/qemu/linux-dom0.sh" --all 2>&1); then
	why="cannot fetch Debian's kernel or busybox: $(echo "$paths" | tail -1 | sed 's/^linux-dom0.sh: //')"
elif ! tools=$("$SRC/scripts/qemu/xen-tools-4.17.sh" 2>&1); then
	why="cannot fetch Debian's xen-utils-4.17: $(echo "$tools" | tail -1)"
fi
bzimage=$(echo "$paths" | sed -n 's/^bzimage //p')
modules=$(echo "$paths" | sed -n 's/^modules //p')
busybox=$(echo "$paths" | sed -n 's/^busybox //p')
tools=$(echo "$tools" | tail -1)
[ -n "$why" ] || why=$(stage_tools "$tools" "$bzimage" "$modules" "$busybox") || true
initrd=$work/initrd.cpio
[ -n "$why" ] ||
	python3 "$SRC/scripts/qemu/mkinitramfs-dom0.py" --tree "$stage" "$modules" "$busybox" \
		"$SRC/scripts/qemu/xl-dom0-init.sh" "$initrd" $MODULES >&2 ||
	why="the initramfs was not made"

ncases=$(echo $CASES | wc -w)
plan $((2 * (ncases + 1)))

all_results() {
	local res=$1 g=$2 why=$3 c
	$res "linux-xl: $(group_name $g): boot" "$why"
	for c in $CASES; do $res "linux-xl: $(group_name $g): $c" "$why"; done
}

hv_args="console=com1 loglvl=all guest_loglvl=all noreboot dom0_mem=512M,max:512M"
# boot HYPERVISOR LOG
boot() {
	# One TCG thread: see linux-dom0.sh (QEMU 7.2's multi-threaded TCG).
	qemu_run --kernel "$1" --append "$hv_args" --tcg-thread single \
		--module "$bzimage console=hvc0 loglevel=6" --module "$initrd" \
		--smp 2 --mem 1G --cpu qemu64 --timeout 1500 --log "$2" \
		--stop-on "xl-case: done|Hardware Dom0 (crashed|halted)[^\n]*\n|Kernel panic - not syncing" >&2
}

report() {	# GROUP LOG
	local title="linux-xl: $(group_name "$1")"

	# The calls the hypervisor refused, as it logged them.
	tr -d '\r' < "$2" | grep -a "refused\|not implemented" | sort | uniq -c | sort -rn |
		head -n 20 | while read -r line; do diag "$(group_name "$1"): $line"; done
	linux_boot_result "$title" "$2" "xl-case: done"
	# Every case of xl's must run: a skip is a failure here.
	guest_cases "$title" "$2" "xl-case: " "$([ "$1" = ours ] && echo yes)" fail $CASES
}

later=		# "GROUP:LOG" of each boot, reported after boot_wait

# Our hypervisor.
# LINUX_XL_XEN=IMAGE: another build of ours (another branch's, say).
dir=$(port_dir x86_64)
xen=${LINUX_XL_XEN:-$dir/xen-syms}
if [ -z "$why" ] && ! port_build x86_64 xen-syms; then
	why="x86_64 does not build"
fi
if [ -n "$why" ]; then
	all_results not_ok ours "$why"
elif [ "${LINUX_XL_ONLY:-}" = xen417 ]; then
	all_results skip ours "LINUX_XL_ONLY=xen417"
else
	log=$CHECK_OUT/logs/linux-xl-ours.serial
	boot_bg boot "$xen" "$log"
	later="$later ours:$log"
fi

# The reference: Debian's Xen 4.17 under the same QEMU.
if [ -n "$why" ]; then
	all_results not_ok xen417 "$why"
elif [ "${LINUX_XL_ONLY:-}" = ours ]; then
	all_results skip xen417 "LINUX_XL_ONLY=ours"
elif ! ref=$("$SRC/scripts/qemu/xen-4.17.sh" 2>/dev/null); then
	all_results skip xen417 "cannot fetch Debian's xen-hypervisor-4.17-amd64"
else
	log=$CHECK_OUT/logs/linux-xl-xen417.serial
	boot_bg boot "$ref" "$log"
	later="$later xen417:$log"
fi
boot_wait
for r in $later; do report "${r%%:*}" "${r#*:}"; done
finish
