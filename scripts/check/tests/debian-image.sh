# The bar of issue 18 (Documentation/packaging.rst): a Debian 12 system
# made with mmdebstrap from Debian's packages (linux-image-amd64, grub-pc,
# systemd) gets GRUB in its disk's MBR and our three packages installed
# with "apt-get install ./*.deb" (apt resolves their dependencies from
# the base, no network), purged leaving nothing but logs and installed
# again, the xen package's update-grub adding GRUB's "Xen" entry
# (multiboot2 of our hypervisor, module2 of Debian's kernel and initrd).
# All that runs in a chroot of the disk on the host, at native speed, the
# disk seen as the machine sees it (scripts/check/debian-image-chroot.sh),
# with policy-rc.d refusing service starts as in any chroot.  Then one
# QEMU boot (TCG) from the disk's MBR: GRUB's Xen entry, our hypervisor,
# Debian's kernel as domain 0; systemd starts xenstored, xenconsoled and
# xend, "xm list" shows Domain-0 and "xm create -c" of /etc/xen/xmexample1
# (edited to Debian's kernel and a busybox ramdisk) boots a guest whose
# console says it is up; udev (not xend) runs the hotplug scripts of a
# guest with a vif and a file: disk.  A oneshot unit in the system
# (image-check) does that and prints IMAGE-* lines on the console, the
# serial line.
#
# The base tarball (mmdebstrap, downloaded once) is cached in
# $DEBIAN_IMAGE_CACHE (default ~/.cache/debian-image), keyed by the
# package list; the disk is made from it at each run.  Without
# mmdebstrap, root or the mirror, every result is a SKIP with the reason.
. "$(dirname "$0")/../lib.sh"
names="image grub-install purge update-grub boot xenstored daemons xm-list xm-create udev-hotplug"
plan 10
dir=$(port_dir x86_64)
out=$CHECK_OUT/debian-image
logs=$CHECK_OUT/logs
cache=${DEBIAN_IMAGE_CACHE:-$HOME/.cache/debian-image}
mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
chroot_run=$SRC/scripts/check/debian-image-chroot.sh

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
[ "$(id -u)" = 0 ] || skip_all "needs root (loop devices, mounts, chroot)"
command -v mke2fs >/dev/null && command -v sfdisk >/dev/null ||
	skip_all "needs mke2fs (e2fsprogs) and sfdisk (fdisk)"
command -v unshare >/dev/null && command -v losetup >/dev/null ||
	skip_all "needs unshare and losetup (util-linux)"
busybox=$("$SRC/scripts/qemu/linux-dom0.sh" --busybox) ||
	skip_all "no static busybox for the guest's ramdisk (scripts/qemu/linux-dom0.sh)"

t0=$(date +%s)
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
t1=$(date +%s)
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
t2=$(date +%s)
diag "debian-image: deb-pkg $((t1 - t0)) s, base $((t2 - t1)) s"

root=$out/root
umount_root() {
	mountpoint -q "$root" 2>/dev/null && umount "$root"
	return 0
}
trap umount_root EXIT
umount_root
mkdir -p "$root"

# The disk: one partition at 1 MiB, ext4 with a UUID, the base in it.
disk=$out/disk.img
uuid=$(cat /proc/sys/kernel/random/uuid)
rm -f "$disk" && truncate -s 4G "$disk"
echo 'start=2048, type=83, bootable' | sfdisk -q "$disk" >&2
mke2fs -q -F -t ext4 -U "$uuid" -E offset=1048576 "$disk" 4193280k >&2
mount -o loop,offset=1048576 "$disk" "$root" || fail_all "cannot loop-mount $disk"
tar -C "$root" -xf "$base" || fail_all "cannot unpack $base"

# The system's settings: serial consoles for GRUB and both kernels (hvc0
# under Xen), root by UUID; the Xen entry the default once update-grub
# makes it (what the xen package's XEN_OVERRIDE_GRUB_DEFAULT=1 does; set
# here, so that the package's own update-grub makes the entry boot); no
# recovery entries, which nobody boots here.
cat > "$root/etc/default/grub.d/zz-image-check.cfg" <<EOT
GRUB_TIMEOUT=1
GRUB_TERMINAL=serial
GRUB_SERIAL_COMMAND="serial --unit=0 --speed=115200"
GRUB_CMDLINE_LINUX="console=ttyS0"
GRUB_CMDLINE_LINUX_XEN_REPLACE="console=hvc0"
GRUB_CMDLINE_XEN_DEFAULT="\$GRUB_CMDLINE_XEN_DEFAULT console=com1 com1=115200,8n1 loglvl=all guest_loglvl=all noreboot"
GRUB_DISABLE_OS_PROBER=true
GRUB_DEFAULT="Debian GNU/Linux, with Xen hypervisor"
GRUB_DISABLE_RECOVERY=true
EOT
echo "UUID=$uuid / ext4 errors=remount-ro 0 0" > "$root/etc/fstab"
echo debian-image > "$root/etc/hostname"
chroot "$root" passwd -d root >/dev/null
# Nothing starts services in a chroot (invoke-rc.d, deb-systemd-invoke):
# the packages' postinsts enable their units; they start at the boot.
printf '#!/bin/sh\nexit 101\n' > "$root/usr/sbin/policy-rc.d"
chmod 755 "$root/usr/sbin/policy-rc.d"

# What the test brings: our packages, the guest's busybox ramdisk (its
# modules from the system's own kernel), and the checks.
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

# In the chroot: GRUB into the MBR as the administrator does, then the
# packages installed, purged and installed again; IMAGE-* lines on stdout.
cat > "$root/root/image-install" <<'EOT'
#!/bin/sh
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

echo "grub-pc grub-pc/install_devices multiselect /dev/vda" | debconf-set-selections
grub-install --target=i386-pc /dev/vda > $state/grub-install.log 2>&1 &&
	update-grub >> $state/grub-install.log 2>&1
echo "IMAGE-GRUB rc=$?"
sed 's/^/IMAGE-GRUBLOG /' $state/grub-install.log
snapshot > $state/before
(cd /root/debs && aptget install -y --no-install-recommends $debs) \
	> $state/install.log 2>&1
rc=$?
echo "IMAGE-INSTALL rc=$rc"
[ $rc = 0 ] || sed 's/^/IMAGE-APT1 /' $state/install.log
# What the purge must take away again: the snapshot sees the packages'
# files (a snapshot that saw nothing would find nothing left).
snapshot > $state/installed
echo "IMAGE-ADDED $(comm -13 $state/before $state/installed | grep -cx /usr/sbin/xm) $(comm -13 $state/before $state/installed | wc -l)"
aptget purge -y xen kernel-xen xen-xm-tools > $state/purge.log 2>&1
echo "IMAGE-PURGE rc=$?"
snapshot > $state/after
diff $state/before $state/after | sed -n 's/^[<>] /IMAGE-LEFT /p'
# Installed again, for good: its update-grub makes the Xen entry.
(cd /root/debs && aptget install -y --no-install-recommends $debs) \
	> $state/install2.log 2>&1
echo "IMAGE-INSTALL2 rc=$?"
sed 's/^/IMAGE-APT /' $state/install2.log
grep -E "menuentry|multiboot2|module2" /boot/grub/grub.cfg | sed 's/^/IMAGE-CFG /'
grep "^set default" /boot/grub/grub.cfg | sed 's/^/IMAGE-DEFAULT /'
systemctl is-enabled xenstored xenconsoled xend | sed 's/^/IMAGE-ENABLED /'
EOT
chmod 755 "$root/root/image-install"

# At the boot, on Xen: IMAGE-* lines on the console, then power off.
cat > "$root/usr/local/sbin/image-check" <<'EOT'
#!/bin/sh
state=/var/lib/image-check
xen_boot() {
	echo "IMAGE-TIME up $(date +%T) $(cut -d' ' -f1 /proc/uptime) s"
	echo "IMAGE-HV $(cat /sys/hypervisor/type) $(cat /proc/xen/capabilities)"
	for u in xenstored xenconsoled xend; do
		echo "IMAGE-UNIT $u $(systemctl is-active $u.service)"
	done
	# What once took a #GP on rep ins/outs: qemu_fw_cfg's port reads and
	# the IDE CD-ROM (ata_piix); both there, domain 0 unharmed.
	echo "IMAGE-DEV fw_cfg $(ls /sys/firmware/qemu_fw_cfg/rev 2>&1) cdrom $(ls /sys/block | grep sr)"
	dmesg | grep -iE "general protection|Oops|BUG:" | sed 's/^/IMAGE-OOPS /'
	# A unit waiting for what never comes costs its timeout (90 s) under
	# TCG: say so if one did.
	journalctl -b --no-pager | grep -iE "timed out|timeout" | sed 's/^/IMAGE-SLOW /'
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
	udev_hotplug
}

# udev runs the hotplug scripts on a system that has it, through our
# rules (xen-backend.rules), as in Xen 3; xend runs them only where udev
# does not.  A paused guest with a vif on a bridge and a file: disk: both
# connected, the disk on one loop device (a second runner would make
# two); destroyed: the loop device and the vif gone.
udev_hotplug() {
	local img=/var/lib/xen/udev-disk.img id out rc j
	echo "IMAGE-UDEVD $(systemctl is-active systemd-udevd) $(ls /lib/udev/rules.d/xen-backend.rules 2>&1)"
	ip link add xenbrU type bridge && ip link set xenbrU up
	mkdir -p /var/lib/xen && truncate -s 16M $img
	grep -E '^(kernel|ramdisk|memory) = ' /etc/xen/xmexample1 > /etc/xen/udevtest
	cat >> /etc/xen/udevtest <<-EOF
	name = "udevtest"
	vif = [ 'mac=aa:cc:10:00:00:b1, bridge=xenbrU' ]
	disk = [ 'file:$img,xvda,w' ]
	EOF
	out=$(timeout 300 xm create -p /etc/xen/udevtest 2>&1)
	rc=$?
	echo "IMAGE-UDEV create rc=$rc $(echo "$out" | tr '\n' ' ')"
	id=$(xm domid udevtest 2>/dev/null)
	echo "IMAGE-UDEV status vif=$(xenstore-read /local/domain/0/backend/vif/$id/0/hotplug-status 2>&1)" \
		"vbd=$(xenstore-read /local/domain/0/backend/vbd/$id/51712/hotplug-status 2>&1)"
	echo "IMAGE-UDEV bridge $(ls /sys/class/net/xenbrU/brif | tr '\n' ' ')loops $(losetup -j $img | wc -l)"
	xm destroy udevtest
	j=0
	while [ $j -lt 30 ] && { losetup -j $img | grep -q . || ls /sys/class/net | grep -q '^vif'; }; do
		sleep 1
		j=$((j + 1))
	done
	echo "IMAGE-UDEV after loops $(losetup -j $img | wc -l) vifs $(ls /sys/class/net | grep -c '^vif')"
}

exec > /dev/console 2>&1
if [ "$(cat /sys/hypervisor/type 2>/dev/null)" = xen ]; then
	xen_boot
else
	echo "IMAGE-HV none: GRUB's default entry did not boot Xen"
fi
echo IMAGE-DONE
sync
systemctl --no-block poweroff || poweroff -f
EOT
chmod 755 "$root/usr/local/sbin/image-check"
cat > "$root/etc/systemd/system/image-check.service" <<-EOT
[Unit]
Description=debian-image check
After=multi-user.target xenstored.service xenconsoled.service xend.service
[Service]
Type=oneshot
ExecStart=/usr/local/sbin/image-check
StandardOutput=journal+console
[Install]
WantedBy=multi-user.target
EOT
ln -sf /etc/systemd/system/image-check.service \
	"$root/etc/systemd/system/multi-user.target.wants/image-check.service"
umount_root

t3=$(date +%s)
chlog=$logs/debian-image-chroot.log
timeout 900 "$chroot_run" "$disk" "$root" /root/image-install > "$chlog" 2>&1
diag "debian-image: chroot exit status $?"
t4=$(date +%s)
con=$out/chroot
grep -a "^IMAGE-" "$chlog" > "$con"
mount -o loop,offset=1048576 "$disk" "$root" || fail_all "cannot loop-mount $disk"
rm -f "$root/usr/sbin/policy-rc.d"
umount_root
diag "debian-image: disk and chroot $((t4 - t2)) s (the chroot $((t4 - t3)) s)"

if grep -q "IMAGE-INSTALL rc=0" "$con"; then ok "debian-image: image"
else not_ok "debian-image: image"; fi
# boot.img in the MBR says "GRUB" (its error messages); core.img follows
# it in the gap before the partition.
if grep -q "IMAGE-GRUB rc=0" "$con" &&
   dd if="$disk" bs=512 count=1 2>/dev/null | grep -aq GRUB &&
   [ -n "$(dd if="$disk" bs=512 skip=1 count=1 2>/dev/null | tr -d '\0')" ]; then
	ok "debian-image: grub-install"
else grep "IMAGE-GRUB" "$con" >&2; not_ok "debian-image: grub-install"; fi
if grep -q "IMAGE-PURGE rc=0" "$con" && grep -q "IMAGE-ADDED 1 [1-9]" "$con" &&
   ! grep -q "IMAGE-LEFT" "$con"; then
	ok "debian-image: purge"
else grep "IMAGE-LEFT" "$con" >&2; not_ok "debian-image: purge"; fi
if grep -q "IMAGE-INSTALL2 rc=0" "$con" && ! grep -q "IMAGE-APT.*update-grub failed" "$con" &&
   grep -q "IMAGE-CFG.*multiboot2.*/xen-$version.gz" "$con" &&
   grep -q "IMAGE-CFG.*module2.*vmlinuz.*root=UUID=$uuid" "$con" &&
   grep -q "IMAGE-CFG.*module2.*initrd" "$con"; then
	ok "debian-image: update-grub"
else not_ok "debian-image: update-grub"; fi

# Without GRUB in the MBR or the Xen entry there is nothing to boot: say
# so rather than wait out QEMU's timeout.
if ! grep -q "IMAGE-GRUB rc=0" "$con" || ! grep -q "IMAGE-INSTALL2 rc=0" "$con"; then
	for n in boot xenstored daemons xm-list xm-create udev-hotplug; do
		not_ok "debian-image: $n" "not booted: GRUB or the packages did not install ($chlog)"
	done
	finish
fi

# QEMU's default devices stay: domain 0's qemu_fw_cfg reads the firmware
# configuration port and ata_piix the IDE CD-ROM with rep ins/outs, which
# the hypervisor emulates for a PV domain 0 as Xen does.
log=$logs/debian-image.serial
qemu_run --disk "$disk" --mem 2G --smp 2 --tcg-thread single \
	--timeout 1800 --stop-on IMAGE-DONE --log "$log" >&2
t5=$(date +%s)
diag "debian-image: the boot $((t5 - t4)) s, in all $((t5 - t0)) s"
tr -d '\r' < "$log" > "$out/console"
con=$out/console

grep "IMAGE-DEV\|IMAGE-OOPS\|IMAGE-TIME\|IMAGE-SLOW" "$con" >&2
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
grep "IMAGE-UDEV" "$con" >&2
if grep -q "IMAGE-UDEVD active /lib/udev/rules.d/xen-backend.rules" "$con" &&
   grep -q "IMAGE-UDEV create rc=0" "$con" &&
   grep -q "IMAGE-UDEV status vif=connected vbd=connected" "$con" &&
   grep -q "IMAGE-UDEV bridge vif[0-9]*\.0 loops 1$" "$con" &&
   grep -q "IMAGE-UDEV after loops 0 vifs 0" "$con"; then
	ok "debian-image: udev-hotplug"
else not_ok "debian-image: udev-hotplug"; fi
# A failed run keeps its disk for a look inside (mount -o loop,offset=1048576).
[ "$__failed" = 1 ] || rm -f "$disk"
finish
