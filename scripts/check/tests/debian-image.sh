# The bar of Documentation/packaging.rst: a Debian 12 system made with
# mmdebstrap from Debian's packages (linux-image-amd64, grub-pc, systemd),
# our packages installed in it with "apt-get install ./*.deb", boots under
# QEMU (TCG) from its disk through GRUB's "with Xen hypervisor" entry into
# our hypervisor, Debian's kernel as domain 0, and systemd starts the
# daemons; then "apt-get purge" leaves nothing of ours but logs.
#
# Two boots of the disk image: the first, Debian's kernel alone (QEMU
# -kernel), runs grub-install and update-grub inside the system, as an
# administrator would (a chroot cannot: grub-probe needs the real disk);
# the second boots from the disk's MBR.  A oneshot unit in the image
# (image-check) does each step and prints IMAGE-* lines on the console.
#
# The base system is downloaded once and cached as a tarball keyed by its
# package list ($DEBIAN_IMAGE_CACHE, default ~/.cache/debian-image): the
# download is setup, not the test.  Without mmdebstrap, root, or the
# mirror, every result is a SKIP with the reason.  xenconsoled, xend and
# xm are checked only once they are more than stubs on this tree: until
# then "daemons" and "xm-list" are the two expected skips.
. "$(dirname "$0")/../lib.sh"
plan 7
dir=$(port_dir x86_64)
out=$CHECK_OUT/debian-image
cache=${DEBIAN_IMAGE_CACHE:-$HOME/.cache/debian-image}
mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
names="image update-grub boot xenstored daemons xm-list purge"

skip_all() {
	for n in $names; do skip "debian-image: $n" "$1"; done
	finish; exit 0
}

command -v mmdebstrap >/dev/null || skip_all "mmdebstrap is not installed (scripts/install-deps.sh check)"
[ "$(id -u)" = 0 ] || skip_all "needs root (chroot, mounts)"
command -v mke2fs >/dev/null && command -v sfdisk >/dev/null ||
	skip_all "needs mke2fs (e2fsprogs) and sfdisk (fdisk)"

version=$(kmake -s kernelversion)
rm -f "$dir"/*.deb
kmake O="$dir" deb-pkg >&2 || skip_all "make deb-pkg failed (see packaging)"
debs=$(ls "$dir"/*_"$version"_amd64.deb)

# The base: what the system needs, and what our packages depend on, so
# that apt-get install ./*.deb needs no download.
ourdeps=$(for d in $debs; do dpkg-deb -f "$d" Depends; done | tr ',|' '\n\n' |
	sed 's/(.*)//; s/ //g' | grep . | sort -u)
pkgs=$(printf '%s\n' linux-image-amd64 grub-pc systemd-sysv udev kmod \
	$ourdeps | sort -u | tr '\n' ',' | sed 's/,$//')
key=$(echo "bookworm $pkgs" | sha256sum | cut -c1-16)
base=$cache/base-$key.tar
mkdir -p "$cache" "$out"
if [ ! -s "$base" ]; then
	diag "debian-image: building the base ($pkgs) into $base"
	if ! nice mmdebstrap --variant=minbase --include="$pkgs" bookworm \
		"$base.tmp" "$mirror" > "$out/mmdebstrap.log" 2>&1; then
		tail -5 "$out/mmdebstrap.log" >&2
		rm -f "$base.tmp"
		skip_all "mmdebstrap failed (no network to $mirror?): $(tail -1 "$out/mmdebstrap.log")"
	fi
	mv "$base.tmp" "$base"
fi

root=$out/root
umount_all() {
	for m in dev/pts dev proc sys; do
		mountpoint -q "$root/$m" 2>/dev/null && umount "$root/$m"
	done
	return 0
}
trap umount_all EXIT
umount_all
rm -rf "$root" && mkdir -p "$root"
tar -C "$root" -xf "$base"
mount -t proc proc "$root/proc" && mount --bind /dev "$root/dev" &&
	mount --bind /dev/pts "$root/dev/pts" && mount -t sysfs sys "$root/sys" ||
	skip_all "cannot mount /proc, /dev, /sys in the chroot"

# What is there before: the purge must come back to it.
snapshot() {
	(cd "$root" && find . -xdev \( -path ./proc -o -path ./sys -o -path ./dev \
		-o -path ./tmp -o -path ./var/cache -o -path ./var/lib/dpkg \
		-o -path ./var/lib/apt -o -path ./var/log -o -path ./run \) -prune \
		-o -print) | sort
}
snapshot > "$out/before"

mkdir -p "$root/tmp/debs" && cp $debs "$root/tmp/debs/"
if ! chroot "$root" env DEBIAN_FRONTEND=noninteractive apt-get install -y \
	--no-install-recommends $(cd "$root" && ls tmp/debs/*.deb | sed 's|^|./|') \
	> "$out/apt-install.log" 2>&1; then
	cat "$out/apt-install.log" >&2
	not_ok "debian-image: image"
	for n in update-grub boot xenstored daemons xm-list purge; do
		skip "debian-image: $n" "the packages did not install"; done
	finish; exit 0
fi
ok "debian-image: image"

# The system's settings for the test: serial consoles, the Xen entry by
# default (the package's own switch), the root filesystem, the check unit.
uuid=$(cat /proc/sys/kernel/random/uuid)
sed -i 's/^XEN_OVERRIDE_GRUB_DEFAULT=0/XEN_OVERRIDE_GRUB_DEFAULT=1/' \
	"$root/etc/default/grub.d/xen.cfg"
cat > "$root/etc/default/grub.d/zz-image-check.cfg" <<EOT
GRUB_TIMEOUT=1
GRUB_TERMINAL=serial
GRUB_SERIAL_COMMAND="serial --unit=0 --speed=115200"
GRUB_CMDLINE_LINUX="console=ttyS0"
GRUB_CMDLINE_LINUX_XEN_REPLACE="console=hvc0"
GRUB_CMDLINE_XEN_DEFAULT="\$GRUB_CMDLINE_XEN_DEFAULT console=com1 com1=115200,8n1 loglvl=all guest_loglvl=all noreboot"
GRUB_DISABLE_OS_PROBER=true
EOT
echo "UUID=$uuid / ext4 errors=remount-ro 0 0" > "$root/etc/fstab"
echo debian-image > "$root/etc/hostname"
chroot "$root" passwd -d root >/dev/null
cat > "$root/usr/local/sbin/image-check" <<'EOT'
#!/bin/sh
exec > /dev/console 2>&1
if grep -q image-check=grub /proc/cmdline; then
	grub-install /dev/vda && update-grub
	echo "IMAGE-GRUB rc=$?"
	grep -E "menuentry|multiboot2|module2" /boot/grub/grub.cfg | sed 's/^/IMAGE-CFG /'
else
	echo "IMAGE-HV $(cat /sys/hypervisor/type 2>/dev/null) $(cat /proc/xen/capabilities 2>/dev/null)"
	for u in xenstored xenconsoled xend; do
		echo "IMAGE-UNIT $u $(systemctl is-active $u.service)"
		/usr/sbin/$u --help 2>&1 | grep -q "cannot run it yet" && echo "IMAGE-STUB $u"
	done
	xm list 2>&1 | sed 's/^/IMAGE-XM /'
fi
# What grub-install and update-grub wrote must reach the disk image
# before the machine goes.
sync
echo IMAGE-DONE
systemctl poweroff
EOT
chmod 755 "$root/usr/local/sbin/image-check"
cat > "$root/etc/systemd/system/image-check.service" <<'EOT'
[Unit]
Description=debian-image check
After=multi-user.target xenstored.service xenconsoled.service xend.service
[Service]
Type=oneshot
ExecStart=/usr/local/sbin/image-check
[Install]
WantedBy=multi-user.target
EOT
ln -sf /etc/systemd/system/image-check.service \
	"$root/etc/systemd/system/multi-user.target.wants/image-check.service"

# The purge, in a copy of the tree (the disk is made from the installed one).
purge_ok=
if chroot "$root" env DEBIAN_FRONTEND=noninteractive apt-get purge -y \
	xen kernel-xen xen-xm-tools > "$out/apt-purge.log" 2>&1; then
	snapshot > "$out/after"
	if diff "$out/before" "$out/after" | grep '^[<>]' |
	   grep -v 'image-check\|zz-image-check\|etc/fstab\|etc/hostname\|usr/local/sbin' > "$out/purge.diff"; then
		:
	fi
	[ -s "$out/purge.diff" ] || purge_ok=1
fi
# Reinstall for the boot.
chroot "$root" env DEBIAN_FRONTEND=noninteractive apt-get install -y \
	--no-install-recommends $(cd "$root" && ls tmp/debs/*.deb | sed 's|^|./|') >&2
sed -i 's/^XEN_OVERRIDE_GRUB_DEFAULT=0/XEN_OVERRIDE_GRUB_DEFAULT=1/' \
	"$root/etc/default/grub.d/xen.cfg"
umount_all

disk=$out/disk.img
rm -f "$disk" && truncate -s 4G "$disk"
echo 'start=2048, type=83, bootable' | sfdisk -q "$disk" >&2
mke2fs -q -F -t ext4 -U "$uuid" -E offset=1048576 -d "$root" "$disk" 4193280k >&2

vmlinuz=$(ls "$root"/boot/vmlinuz-* | tail -1)
initrd=$(ls "$root"/boot/initrd.img-* | tail -1)
qemu_run --kernel "$vmlinuz" --module "$initrd" \
	--append "root=UUID=$uuid ro console=ttyS0 image-check=grub" \
	--extra "-drive file=$disk,format=raw,if=virtio" --mem 1G --smp 2 \
	--timeout 900 --log "$CHECK_OUT/logs/debian-image-grub.serial" >&2
# Not stopped at IMAGE-DONE: killing QEMU could lose the guest's last
# writes (the MBR came out without GRUB that way); the guest powers off.
log1=$CHECK_OUT/logs/debian-image-grub.serial
# boot.img in the MBR says "GRUB" (its error messages).
if grep -q "IMAGE-GRUB rc=0" "$log1" &&
   dd if="$disk" bs=512 count=1 2>/dev/null | grep -aq GRUB && grep -q "IMAGE-CFG.*multiboot2.*/xen-$version.gz" "$log1" &&
   grep -q "IMAGE-CFG.*module2.*vmlinuz" "$log1"; then
	ok "debian-image: update-grub"
else not_ok "debian-image: update-grub"; fi

log2=$CHECK_OUT/logs/debian-image-xen.serial
qemu_run --disk "$disk" --mem 2G --smp 2 --timeout 1200 --stop-on IMAGE-DONE \
	--log "$log2" >&2
if grep -q "IMAGE-HV xen control_d" "$log2"; then ok "debian-image: boot"
else not_ok "debian-image: boot"; fi
if grep -q "IMAGE-UNIT xenstored active" "$log2"; then ok "debian-image: xenstored"
else not_ok "debian-image: xenstored"; fi
stubs=$(sed -n 's/.*IMAGE-STUB //p' "$log2" | tr -d '\r' | tr '\n' ' ')
if echo "$stubs" | grep -q 'xenconsoled\|xend'; then
	skip "debian-image: daemons" "not yet: stub on this tree: $stubs"
elif grep -q "IMAGE-UNIT xenconsoled active" "$log2" && grep -q "IMAGE-UNIT xend active" "$log2"; then
	ok "debian-image: daemons"
else not_ok "debian-image: daemons"; fi
if echo "$stubs" | grep -q 'xend' || grep -q "IMAGE-XM.*not there yet" "$log2"; then
	skip "debian-image: xm-list" "not yet: xm and xend are stubs on this tree"
elif grep -q "IMAGE-XM Domain-0 *0 " "$log2"; then ok "debian-image: xm-list"
else not_ok "debian-image: xm-list"; fi
if [ -n "$purge_ok" ]; then ok "debian-image: purge"
else cat "$out/apt-purge.log" "$out/purge.diff" >&2 2>/dev/null; not_ok "debian-image: purge"; fi
rm -f "$disk"
finish
