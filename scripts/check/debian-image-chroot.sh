#!/bin/sh
# debian-image-chroot.sh DISK ROOT CMD...: run CMD in a chroot of the
# Debian system on DISK (a raw disk image, its one partition at 1 MiB) as
# the machine that boots it sees itself: the disk is /dev/vda, its
# partition /dev/vda1 and the root file system mounted from that name.
#
# GRUB's tools read the machine from the names: grub-probe takes the root
# device from /proc/self/mountinfo and finds its disk from the name
# (/dev/vda1 on /dev/vda); Debian's 10_linux and 20_linux_xen skip a root
# on /dev/loopN (they take it for a file) and write root=UUID= only when
# /dev/disk/by-uuid has the file system.  The host's kernel may read no
# partition tables (no /dev/loopNp1; this one has no MSDOS_PARTITION), so
# two loop devices, the disk and its partition (an offset), get the
# machine's names in a tmpfs /dev of a private mount namespace, and the
# partition's start is told to grub-probe as below.  grub-install and
# update-grub then write what they write on the machine (checked: the
# same grub.cfg, root=UUID=, boot.img and core.img in the MBR and the gap
# after it).  Nothing outside this run's mount namespace sees the mounts
# and nothing of them is left on the disk; the loop devices are freed at
# the end.
#
# Used by scripts/check/tests/debian-image.sh (Documentation/packaging.rst).
set -e
[ $# -ge 3 ] || { echo "usage: $0 DISK ROOT CMD..." >&2; exit 2; }
disk=$1 root=$2
shift 2

if [ -z "$DEBIAN_IMAGE_NS" ]; then
	DEBIAN_IMAGE_NS=1 exec unshare --mount --propagation private "$0" "$disk" "$root" "$@"
fi

loopdisk=$(losetup --show -f "$disk")
looppart=$(losetup --show -f -o 1048576 "$disk") || {
	losetup -d "$loopdisk"; exit 1; }
trap 'umount -R "$root" 2>/dev/null; losetup -d "$looppart" "$loopdisk"' EXIT
node() { printf '%d %d' 0x$(stat -c %t "$1") 0x$(stat -c %T "$1"); }
dmaj_min=$(node "$loopdisk")
pmaj_min=$(node "$looppart")

# The machine's /dev: its disk, the few character devices a package
# manager uses, and the by-uuid link udev would make.
mount -t tmpfs -o mode=755 dev /dev
loopdisk=/dev/vda looppart=/dev/vda1
mknod -m 660 /dev/vda b $dmaj_min
mknod -m 660 /dev/vda1 b $pmaj_min
mknod -m 666 /dev/null c 1 3
mknod -m 666 /dev/zero c 1 5
mknod -m 666 /dev/full c 1 7
mknod -m 666 /dev/random c 1 8
mknod -m 666 /dev/urandom c 1 9
mknod -m 666 /dev/tty c 5 0
ln -s /proc/self/fd /dev/fd
ln -s /proc/self/fd/0 /dev/stdin
ln -s /proc/self/fd/1 /dev/stdout
ln -s /proc/self/fd/2 /dev/stderr
mkdir /dev/pts /dev/shm /dev/disk /dev/disk/by-uuid
uuid=$(blkid -o value -s UUID /dev/vda1)
ln -s ../../vda1 "/dev/disk/by-uuid/$uuid"

mount /dev/vda1 "$root"
mount --rbind /dev "$root/dev"
mount -t devpts -o newinstance,ptmxmode=0666 devpts "$root/dev/pts"
ln -sf pts/ptmx "$root/dev/ptmx"
mount -t proc proc "$root/proc"
mount -t sysfs sysfs "$root/sys"
mount -t tmpfs -o mode=755 run "$root/run"
# The one fact GRUB asks the kernel about a partition is where it starts:
# grub-probe reads "start" in the partition's sysfs directory, which it
# asks "udevadm info --query path" for, to find the partition in the
# disk's partition table.  The partition's loop device gets a
# partition's directory (a tmpfs over its own), its start the loop's
# offset.  udevadm refuses a directory that is not sysfs, so for that
# one question the chroot's udevadm (a copy of it in /run, not on the
# disk, mounted over it) answers what it said before; it runs as itself
# for everything else.  Over the file, not first in PATH: apt runs dpkg,
# and so update-grub, with a PATH of its own.
syspath=$(chroot "$root" udevadm info --query path --name /dev/vda1)
sysdir=$root/sys$syspath
size=$(cat "$sysdir/size")
mount -t tmpfs -o mode=755 sysfs-partition "$sysdir"
echo "$pmaj_min" | tr ' ' : > "$sysdir/dev"
echo "$size" > "$sysdir/size"
echo 1 > "$sysdir/partition"
echo 2048 > "$sysdir/start"
mkdir "$root/run/image-chroot"
cp "$root/usr/bin/udevadm" "$root/run/image-chroot/udevadm"
cat > "$root/run/image-chroot/udevadm-partition" <<EOT
#!/bin/sh
[ "\$*" != "info --query path --name /dev/vda1" ] || { echo $syspath; exit 0; }
exec /run/image-chroot/udevadm "\$@"
EOT
chmod 755 "$root/run/image-chroot/udevadm-partition"
mount --bind "$root/run/image-chroot/udevadm-partition" "$root/usr/bin/udevadm"
rc=0
chroot "$root" "$@" || rc=$?
# The trap unmounts (so the disk image is whole when QEMU boots it) and
# frees the loop devices.
exit $rc
