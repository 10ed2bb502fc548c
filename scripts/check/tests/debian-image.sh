# The bar of issue 18 (Documentation/packaging.rst): a Debian 12 system
# made with mmdebstrap from Debian's packages (linux-image-amd64, grub-pc,
# systemd) boots under QEMU (TCG) from its disk's MBR; there our three
# packages install with "apt-get install ./*.deb" (apt resolves their
# dependencies from the base, no network), purge leaving nothing but
# logs, and install again, the xen package's update-grub adding GRUB's
# "Xen" entry (multiboot2 of our hypervisor, module2 of Debian's kernel
# and initrd); the machine reboots through that entry into our
# hypervisor with Debian's kernel as domain 0, systemd starts xenstored,
# xenconsoled and xend, "xm list" shows Domain-0 and "xm create -c" of
# /etc/xen/xmexample1 (edited to Debian's kernel and a busybox ramdisk)
# boots a guest whose console says it is up.  One QEMU run, two boots:
# a oneshot unit in the system (image-check) does each step and prints
# IMAGE-* lines on the console, which is the serial line in both boots.
#
# Setup, not the test, cached in $DEBIAN_IMAGE_CACHE (default
# ~/.cache/debian-image), keyed by the package list: the base tarball
# (mmdebstrap, downloaded once), and the disk made from it on which GRUB
# is installed (grub-install from inside the system, as an administrator
# does: booted once on Debian's kernel alone; a chroot cannot, grub-probe
# needs the real disk).  Without mmdebstrap, root or the mirror, every
# result is a SKIP with the reason.
. "$(dirname "$0")/../lib.sh"
names="image purge update-grub boot xenstored daemons xm-list xm-create"
plan 8
dir=$(port_dir x86_64)
out=$CHECK_OUT/debian-image
logs=$CHECK_OUT/logs
cache=${DEBIAN_IMAGE_CACHE:-$HOME/.cache/debian-image}
mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
# The disk's layout and GRUB settings below: a change makes a new disk.
disk_rev=2

skip_all() {
	for n in $names; do skip "debian-image: $n" "$1"; done
	finish; exit 0
}
fail_all() {
	echo "$1" >&2
	for n in $names; do not_ok "debian-image: $n" "$1"; done
	finish; exit 0
}

command -v mmdebstrap >/dev/null || skip_all "mmdebstrap is not installed (scripts/install-deps.sh check)"
[ "$(id -u)" = 0 ] || skip_all "needs root (loop mounts)"
command -v mke2fs >/dev/null && command -v sfdisk >/dev/null ||
	skip_all "needs mke2fs (e2fsprogs) and sfdisk (fdisk)"
busybox=$("$SRC/scripts/qemu/linux-dom0.sh" --busybox) ||
	skip_all "no static busybox for the guest's ramdisk (scripts/qemu/linux-dom0.sh)"

version=$(kmake -s kernelversion)
rm -f "$dir"/*.deb
kmake O="$dir" deb-pkg >&2 || fail_all "make deb-pkg failed (see packaging)"
debs=$(ls "$dir"/*_"$version"_amd64.deb)

# The base: what the system needs, and what our packages depend on, so
# that apt-get install ./*.deb needs no download.
ourdeps=$(for d in $debs; do dpkg-deb -f "$d" Depends; done | tr ',|' '\n\n' |
	sed 's/(.*)//; s/ //g' | grep . | sort -u)
pkgs=$(printf '%s\n' linux-image-amd64 grub-pc systemd-sysv udev kmod \
	$ourdeps | sort -u | tr '\n' ',' | sed 's/,$//')
key=$(echo "bookworm $pkgs" | sha256sum | cut -c1-16)
base=$cache/base-$key.tar
mkdir -p "$cache" "$out" "$logs"
if [ ! -s "$base" ]; then
	diag "debian-image: building the base ($pkgs) into $base"
	if ! nice mmdebstrap --variant=minbase --format=tar --include="$pkgs" bookworm \
		"$base.tmp" "$mirror" > "$out/mmdebstrap.log" 2>&1; then
		tail -5 "$out/mmdebstrap.log" >&2
		rm -f "$base.tmp"
		skip_all "mmdebstrap failed (no network to $mirror?): $(tail -1 "$out/mmdebstrap.log")"
	fi
	mv "$base.tmp" "$base"
fi

root=$out/root
umount_root() {
	mountpoint -q "$root" 2>/dev/null && umount "$root"
	return 0
}
trap umount_root EXIT
umount_root
mkdir -p "$root"

# mount_disk DISK: its first partition (at 1 MiB) on $root.
mount_disk() { mount -o loop,offset=1048576 "$1" "$root"; }

# The system's settings: serial consoles for GRUB and both kernels (hvc0
# under Xen), root by UUID.
settings() {
	cat > "$root/etc/default/grub.d/zz-image-check.cfg" <<-EOT
	GRUB_TIMEOUT=1
	GRUB_TERMINAL=serial
	GRUB_SERIAL_COMMAND="serial --unit=0 --speed=115200"
	GRUB_CMDLINE_LINUX="console=ttyS0"
	GRUB_CMDLINE_LINUX_XEN_REPLACE="console=hvc0"
	GRUB_CMDLINE_XEN_DEFAULT="\$GRUB_CMDLINE_XEN_DEFAULT console=com1 com1=115200,8n1 loglvl=all guest_loglvl=all noreboot"
	GRUB_DISABLE_OS_PROBER=true
	EOT
	echo "UUID=$1 / ext4 errors=remount-ro 0 0" > "$root/etc/fstab"
	echo debian-image > "$root/etc/hostname"
	chroot "$root" passwd -d root >/dev/null
}

# unit SCRIPT: the oneshot unit that runs SCRIPT once the system is up.
unit() {
	cat > "$root/etc/systemd/system/image-check.service" <<-EOT
	[Unit]
	Description=debian-image check
	After=multi-user.target xenstored.service xenconsoled.service xend.service
	[Service]
	Type=oneshot
	ExecStart=$1
	StandardOutput=journal+console
	[Install]
	WantedBy=multi-user.target
	EOT
	ln -sf /etc/systemd/system/image-check.service \
		"$root/etc/systemd/system/multi-user.target.wants/image-check.service"
}

# The disk with GRUB in its MBR, made once per base: Debian's kernel booted
# alone (QEMU -kernel) runs grub-install and update-grub, syncs and powers
# off (a killed QEMU could lose the last writes).
grubdisk=$cache/disk-$key-$disk_rev.img
if [ ! -s "$grubdisk" ] || [ ! -s "$grubdisk.uuid" ]; then
	diag "debian-image: installing GRUB on a disk made from the base into $grubdisk"
	uuid=$(cat /proc/sys/kernel/random/uuid)
	tmpdisk=$grubdisk.tmp
	rm -f "$tmpdisk" && truncate -s 4G "$tmpdisk"
	echo 'start=2048, type=83, bootable' | sfdisk -q "$tmpdisk" >&2
	mke2fs -q -F -t ext4 -U "$uuid" -E offset=1048576 "$tmpdisk" 4193280k >&2
	mount_disk "$tmpdisk" || fail_all "cannot loop-mount the new disk"
	tar -C "$root" -xf "$base" || fail_all "cannot unpack $base"
	settings "$uuid"
	cat > "$root/usr/local/sbin/image-grub" <<-'EOT'
	#!/bin/sh
	exec > /dev/console 2>&1
	grub-install /dev/vda && update-grub
	echo "IMAGE-GRUB rc=$?"
	systemctl disable image-check.service
	sync
	systemctl --no-block poweroff
	EOT
	chmod 755 "$root/usr/local/sbin/image-grub"
	unit /usr/local/sbin/image-grub
	vmlinuz=$(ls "$root"/boot/vmlinuz-* | tail -1)
	initrd=$(ls "$root"/boot/initrd.img-* | tail -1)
	cp "$vmlinuz" "$out/vmlinuz" && cp "$initrd" "$out/initrd"
	umount_root
	qemu_run --kernel "$out/vmlinuz" --module "$out/initrd" \
		--append "root=UUID=$uuid ro console=ttyS0" \
		--extra "-drive file=$tmpdisk,format=raw,if=virtio" --mem 1G --smp 2 \
		--tcg-thread single --timeout 1200 --log "$logs/debian-image-grub.serial" >&2
	# boot.img in the MBR says "GRUB" (its error messages).
	if grep -q "IMAGE-GRUB rc=0" "$logs/debian-image-grub.serial" &&
	   dd if="$tmpdisk" bs=512 count=1 2>/dev/null | grep -aq GRUB; then
		echo "$uuid" > "$grubdisk.uuid"
		mv "$tmpdisk" "$grubdisk"
	else
		rm -f "$tmpdisk"
		fail_all "grub-install in Debian's system failed: $logs/debian-image-grub.serial"
	fi
fi
uuid=$(cat "$grubdisk.uuid")

disk=$out/disk.img
rm -f "$disk"
cp --sparse=always "$grubdisk" "$disk"
mount_disk "$disk" || fail_all "cannot loop-mount $disk"
rm -f "$root/etc/systemd/system/multi-user.target.wants/image-check.service"

# What the test brings: our packages, the guest's busybox ramdisk (its
# modules from the system's own kernel), and the check.
kver=$(ls "$root/lib/modules" | tail -1)
mkdir -p "$root/root/debs" "$root/var/lib/image-check"
cp $debs "$root/root/debs/"
cat > "$out/guest-init" <<'EOT'
#!/bin/busybox sh
/bin/busybox mkdir -p /proc /sys
/bin/busybox mount -t proc proc /proc
/bin/busybox mount -t sysfs sysfs /sys
echo "IMAGE-GUEST up $(/bin/busybox uname -r) on $(/bin/busybox cat /sys/hypervisor/type)"
/bin/busybox poweroff -f
EOT
python3 "$SRC/scripts/qemu/mkinitramfs-dom0.py" "$root/lib/modules/$kver" \
	"$busybox" "$out/guest-init" "$root/root/guest-initrd.img" >&2 ||
	fail_all "cannot make the guest's ramdisk"

cat > "$root/usr/local/sbin/image-check" <<'EOT'
#!/bin/sh
# Run by image-check.service at each boot; IMAGE-* lines on the console.
state=/var/lib/image-check
debs=$(cd /root/debs && ls *.deb | sed 's|^|./|')

# Every file but logs and the package manager's own state (apt keeps a
# copy of its extended_states in /var/backups).
snapshot() {
	find / -xdev \( -path /proc -o -path /sys -o -path /dev -o -path /run \
		-o -path /tmp -o -path /var/cache -o -path /var/lib/dpkg \
		-o -path /var/lib/apt -o -path /var/log -o -path /root \
		-o -path /var/backups -o -path $state \) -prune -o -print | sort
}

aptget() {
	DEBIAN_FRONTEND=noninteractive apt-get "$@" </dev/null
}

first_boot() {
	echo "IMAGE-TIME up $(date +%T)"
	snapshot > $state/before
	(cd /root/debs && aptget install -y --no-install-recommends $debs) \
		> $state/install.log 2>&1
	rc=$?
	echo "IMAGE-INSTALL rc=$rc $(date +%T)"
	[ $rc = 0 ] || sed 's/^/IMAGE-APT1 /' $state/install.log
	aptget purge -y xen kernel-xen xen-xm-tools > $state/purge.log 2>&1
	echo "IMAGE-PURGE rc=$? $(date +%T)"
	snapshot > $state/after
	diff $state/before $state/after | sed -n 's/^[<>] /IMAGE-LEFT /p'
	# Installed again, for good: its update-grub makes the Xen entry.
	(cd /root/debs && aptget install -y --no-install-recommends $debs) \
		> $state/install2.log 2>&1
	echo "IMAGE-INSTALL2 rc=$? $(date +%T)"
	sed 's/^/IMAGE-APT /' $state/install2.log
	grep -E "menuentry|multiboot2|module2" /boot/grub/grub.cfg |
		sed 's/^/IMAGE-CFG /'
	grep "^set default" /boot/grub/grub.cfg | sed 's/^/IMAGE-GRUB /'
	touch $state/installed
	sync
	echo IMAGE-REBOOT
	# After apt's purge and install systemctl once found no bus to
	# systemd ("Failed to connect to bus"): then reboot at once, the
	# disk synced.
	systemctl --no-block reboot || reboot -f
}

xen_boot() {
	echo "IMAGE-TIME up $(date +%T)"
	echo "IMAGE-HV $(cat /sys/hypervisor/type) $(cat /proc/xen/capabilities)"
	for u in xenstored xenconsoled xend; do
		echo "IMAGE-UNIT $u $(systemctl is-active $u.service)"
	done
	# What once took a #GP on rep ins/outs: qemu_fw_cfg's port reads and
	# the IDE CD-ROM (ata_piix); both there, domain 0 unharmed.
	echo "IMAGE-DEV fw_cfg $(ls /sys/firmware/qemu_fw_cfg/rev 2>&1) cdrom $(ls /sys/block | grep sr)"
	dmesg | grep -iE "general protection|Oops|BUG:" | sed 's/^/IMAGE-OOPS /'
	xm list 2>&1 | sed 's/^/IMAGE-XM /'
	# The sample, edited to what this system has: Debian's kernel and
	# the test's ramdisk; no network or disk.
	sed -i -e "s|^kernel = .*|kernel = \"$(ls /boot/vmlinuz-* | tail -1)\"|" \
		-e 's|^ramdisk = .*|ramdisk = "/root/guest-initrd.img"|' \
		-e '/^vif = /d; /^disk = /d; /^root = /d' /etc/xen/xmexample1
	echo 'extra = "console=hvc0"' >> /etc/xen/xmexample1
	grep -v '^#' /etc/xen/xmexample1 | grep . | sed 's/^/IMAGE-CONFIG /'
	# xm create -c wants a terminal: script(1) gives it one, its input a
	# pipe that stays open and silent (at its end the console detaches).
	rm -f $state/in && mkfifo $state/in
	sleep 1000 > $state/in &
	keeper=$!
	timeout 900 script -qfec "xm create -c /etc/xen/xmexample1" /dev/null \
		< $state/in
	echo "IMAGE-CREATE rc=$? $(date +%T)"
	kill $keeper
	xm list 2>&1 | sed 's/^/IMAGE-XM2 /'
}

exec > /dev/console 2>&1
mkdir -p $state
if [ "$(cat /sys/hypervisor/type 2>/dev/null)" = xen ]; then
	xen_boot
elif [ -e $state/installed ]; then
	echo "IMAGE-HV none: the reboot came back without Xen"
else
	first_boot
	exit 0
fi
echo IMAGE-DONE
sync
systemctl --no-block poweroff || poweroff -f
EOT
chmod 755 "$root/usr/local/sbin/image-check"
unit /usr/local/sbin/image-check
# The Xen entry the default once update-grub makes it (what the xen
# package's XEN_OVERRIDE_GRUB_DEFAULT=1 does; set here, not there, so that
# the package's own update-grub, not one more run, makes the entry boot).
echo 'GRUB_DEFAULT="Debian GNU/Linux, with Xen hypervisor"' \
	>> "$root/etc/default/grub.d/zz-image-check.cfg"
# No recovery entries: grub-mkconfig probes the disk for each entry, and
# each probe is slow under TCG (update-grub runs three times).
echo 'GRUB_DISABLE_RECOVERY=true' >> "$root/etc/default/grub.d/zz-image-check.cfg"
umount_root

# QEMU's default devices stay: domain 0's qemu_fw_cfg reads the firmware
# configuration port and ata_piix the IDE CD-ROM with rep ins/outs, which
# the hypervisor emulates for a PV domain 0 as Xen does.
log=$logs/debian-image.serial
qemu_run --disk "$disk" --reboot --mem 2G --smp 2 --tcg-thread single \
	--timeout 4800 --stop-on IMAGE-DONE --log "$log" >&2
tr -d '\r' < "$log" > "$out/console"
con=$out/console

if grep -q "IMAGE-INSTALL rc=0" "$con"; then ok "debian-image: image"
else not_ok "debian-image: image"; fi
if grep -q "IMAGE-PURGE rc=0" "$con" && ! grep -q "IMAGE-LEFT" "$con"; then
	ok "debian-image: purge"
else grep "IMAGE-LEFT" "$con" >&2; not_ok "debian-image: purge"; fi
if grep -q "IMAGE-INSTALL2 rc=0" "$con" && ! grep -q "IMAGE-APT.*update-grub failed" "$con" &&
   grep -q "IMAGE-CFG.*multiboot2.*/xen-$version.gz" "$con" &&
   grep -q "IMAGE-CFG.*module2.*vmlinuz" "$con" && grep -q "IMAGE-CFG.*module2.*initrd" "$con"; then
	ok "debian-image: update-grub"
else not_ok "debian-image: update-grub"; fi
grep "IMAGE-DEV\|IMAGE-OOPS" "$con" >&2
if grep -q "IMAGE-HV xen control_d" "$con" && ! grep -q "IMAGE-OOPS" "$con"; then ok "debian-image: boot"
else not_ok "debian-image: boot"; fi
if grep -q "IMAGE-UNIT xenstored active" "$con"; then ok "debian-image: xenstored"
else not_ok "debian-image: xenstored"; fi
if grep -q "IMAGE-UNIT xenconsoled active" "$con" && grep -q "IMAGE-UNIT xend active" "$con"; then
	ok "debian-image: daemons"
else not_ok "debian-image: daemons"; fi
if grep -q "IMAGE-XM Domain-0 *0 " "$con"; then ok "debian-image: xm-list"
else not_ok "debian-image: xm-list"; fi
if grep -q "IMAGE-GUEST up .* on xen" "$con" && grep -q "IMAGE-CREATE rc=0" "$con"; then
	ok "debian-image: xm-create"
else not_ok "debian-image: xm-create"; fi
# A failed run keeps its disk for a look inside (mount -o loop,offset=1048576).
[ "$__failed" = 1 ] || rm -f "$disk"
finish
