# A guest nobody here wrote: Debian's stock Linux 6.1 kernel (the cloud
# flavour, fetched by scripts/qemu/linux-pv.sh) boots unmodified as a
# boot-time unprivileged PV domain with two vCPUs beside domain 0.  It
# goes through its early console and the console ring (shown as
# "(linux)"), its own page tables (INIT_P2M, NX, the validated PV MMU),
# the PV clock, event channels and its second vCPU, up to looking for a
# root filesystem, of which it is given none: the panic that follows
# crashes that domain alone.  Given an initramfs, its user space runs: a
# static init says hello and powers the domain off.
. "$(dirname "$0")/../lib.sh"
plan 6
dir=$(port_dir x86_64)
xen=$dir/xen-syms
img=$dir/vmlinuz-xen
port_build x86_64 ||
	{ for i in 1 2 3 4 5 6; do not_ok "linux-domU $i" "x86_64 does not build"; done; finish; }
if ! linux=$("$SRC/scripts/qemu/linux-pv.sh"); then
	for i in 1 2 3 4 5 6; do
		skip "linux-domU $i" "Debian's linux-image-*-cloud-amd64 cannot be fetched"
	done
	finish
fi
log=$CHECK_OUT/logs/linux-domU.serial
echo "# $(cat "$(dirname "$linux")/vmlinux.version" 2>/dev/null)" >&2
check "linux-domU: Debian's Linux boots as a 2-vCPU unprivileged domain" \
	qemu_run --kernel "$xen" --smp 2 --mem 1G --cpu qemu64 --timeout 300 --log "$log" \
	--append "console=com1 loglvl=all guest_loglvl=all noreboot domU=linux,module=1,mem=256M,vcpus=2" \
	--module "$img console=hvc0 shutdown=none" \
	--module "$linux console=hvc0 loglevel=7" \
	--stop-on "domain 1 \(linux\): shut down \([a-z]+\)\r?\n" \
	--expect "^\(linux\) \[ *[0-9.]+\] Linux version 6\." \
	--expect "^\(linux\) \[ *[0-9.]+\] Booting kernel on Xen" \
	--expect "^\(linux\) \[ *[0-9.]+\] smp: Brought up 1 node, 2 CPUs"
expect_in "linux-domU: it runs to the root filesystem it was not given" "$log" \
	"^\(linux\) \[ *[0-9.]+\] Kernel panic - not syncing: VFS: Unable to mount root fs"
expect_in "linux-domU: its panic crashes that domain alone" "$log" \
	"^domain 1 \(linux\): shut down \(crash\)"
if grep -a "^\(linux\)" "$log" | grep -E "general protection|BUG:|Oops|WARNING:" >&2; then
	not_ok "linux-domU: no fault, BUG or warning on the way"
else
	ok "linux-domU: no fault, BUG or warning on the way"
fi

# User space: an initramfs with a static init of ours (system calls by hand).
initrd=$CHECK_OUT/linux-initramfs.cpio
ulog=$CHECK_OUT/logs/linux-domU-init.serial
if gcc -static -nostdlib -ffreestanding -fno-pie -no-pie -O2 -o "$CHECK_OUT/linux-init" \
	"$SRC/scripts/qemu/linux-init.c" >&2 &&
   python3 "$SRC/scripts/qemu/mkinitramfs.py" "$CHECK_OUT/linux-init" "$initrd" >&2; then
	check "linux-domU: its user space runs from an initramfs" \
		qemu_run --kernel "$xen" --smp 2 --mem 1G --cpu qemu64 --timeout 300 --log "$ulog" \
		--append "console=com1 loglvl=all guest_loglvl=all noreboot domU=linux,module=1,initrd=2,mem=256M,vcpus=2" \
		--module "$img console=hvc0 shutdown=none" \
		--module "$linux console=hvc0 loglevel=4" --module "$initrd" \
		--stop-on "domain 1 \(linux\): shut down \([a-z]+\)\r?\n" \
		--expect "^\(linux\) hello from Linux user space on our hypervisor"
	expect_in "linux-domU: init powers the domain off (reboot(2))" "$ulog" \
		"^domain 1 \(linux\): shut down \(poweroff\)"
else
	not_ok "linux-domU: its user space runs from an initramfs" "the initramfs was not made"
	not_ok "linux-domU: init powers the domain off (reboot(2))" "the initramfs was not made"
fi
finish
