# Debian's Linux kernels as their packages ship them, bzImages, loaded by
# the hypervisor, which opens the bzImage and decompresses its payload
# itself (arch/x86/bzimage.c, common/compress/): the generic kernel of
# linux-image-amd64 (XZ payload; scripts/qemu/linux-dom0.sh) and the
# cloud kernel (LZ4; scripts/qemu/linux-pv.sh), and the cloud kernel's
# ELF re-packed with zstd and with XZ (scripts/qemu/mkbzimage.py).  Each
# boots as a boot-time unprivileged domain until Linux prints its
# version, which says the image was unpacked, parsed and entered; the
# hypervisor says how long decompressing took.  (The cloud kernel's full
# boot is linux-domU.sh's.)  A truncated bzImage and one whose payload is
# damaged are refused as domain 0's kernel, each with a message naming
# what is wrong, and the machine powers off.  An initrd as big as a
# distribution's (64 MiB, most of it a file under a checksummed cpio
# header) reaches the cloud kernel whole: it unpacks it and runs init.
. "$(dirname "$0")/../lib.sh"
plan 8
dir=$(port_dir x86_64)
xen=$dir/xen-syms
img=$dir/vmlinuz-xen
port_build x86_64 ||
	{ for i in 1 2 3 4 5 6 7 8; do not_ok "linux-bzimage $i" "x86_64 does not build"; done; finish; }

# boots NAME FORMAT KERNEL LOG: it comes up as domain 1 as far as its version.
boots() {
	local log=$CHECK_OUT/logs/linux-bzimage-$4.serial

	check "linux-bzimage: $1 ($2 payload) boots as a domU" \
		qemu_run --kernel "$xen" --smp 2 --mem 1G --cpu qemu64 --timeout 300 \
		--log "$log" \
		--append "console=com1 loglvl=all guest_loglvl=all noreboot domU=linux,module=1,mem=256M,vcpus=2" \
		--module "$img console=hvc0 shutdown=none" \
		--module "$3 console=hvc0 loglevel=7" \
		--stop-on "(Linux version 6\.|domain 1 \(linux\): shut down)" \
		--expect "linux: bzImage, $2 payload: [0-9]+ bytes decompressed to [0-9]+ in [0-9]+ ms" \
		--expect "^\(linux\) \[ *[0-9.]+\] Linux version 6\."
	grep -a -o "linux: bzImage, $2 payload: .*" "$log" |
		sed 's/^/# /' >&2
}

# refused NAME MODULE REGEX LOG: as domain 0's kernel it is refused; the machine goes off.
refused() {
	check "linux-bzimage: $1 is refused, the machine powers off" \
		qemu_run --kernel "$xen" --smp 2 --mem 512M --cpu qemu64 --timeout 120 \
		--log "$CHECK_OUT/logs/linux-bzimage-$4.serial" \
		--append "console=com1 loglvl=all guest_loglvl=all noreboot" \
		--module "$2 console=hvc0" \
		--expect "dom0: kernel image refused: $3" --expect "No domain 0 to run: powering off"
}

if generic=$("$SRC/scripts/qemu/linux-dom0.sh"); then
	echo "# $(cat "$(dirname "$generic")/vmlinuz.version" 2>/dev/null)" >&2
	boots "Debian's generic kernel" XZ "$generic" generic
else
	skip "linux-bzimage: Debian's generic kernel boots" "linux-image-amd64 cannot be fetched"
fi

if ! cloud=$("$SRC/scripts/qemu/linux-pv.sh"); then
	for i in 2 3 4 5 6 7 8; do
		skip "linux-bzimage $i" "Debian's linux-image-*-cloud-amd64 cannot be fetched"
	done
	finish
fi
echo "# $(cat "$(dirname "$cloud")/vmlinux.version" 2>/dev/null)" >&2
boots "Debian's cloud kernel" LZ4 "$cloud" cloud
# Re-packed once per kernel (a minute each): kept beside it.
for fmt in zstd xz; do
	repack=$(dirname "$cloud")/vmlinuz-$fmt
	if [ ! -s "$repack" ] || [ "$cloud" -nt "$repack" ]; then
		python3 "$SRC/scripts/qemu/mkbzimage.py" "$fmt" "$cloud" "$repack" >&2 ||
			rm -f "$repack"
	fi
done
cache=$(dirname "$cloud")
boots "the cloud kernel re-packed" zstd "$cache/vmlinuz-zstd" zstd
boots "the cloud kernel re-packed" XZ "$cache/vmlinuz-xz" xz

bad=$CHECK_OUT/vmlinuz.truncated
head -c 4000000 "$cloud" > "$bad"
refused "a truncated bzImage" "$bad" "bzImage payload lies beyond the end of the image" truncated
bad=$CHECK_OUT/vmlinuz-zstd.damaged
cp "$cache/vmlinuz-zstd" "$bad"
printf 'damage' | dd of="$bad" bs=1 seek=3000000 conv=notrunc 2>/dev/null
refused "a bzImage with a damaged zstd payload" "$bad" "its zstd payload is damaged" damaged

# A big initrd: our init, then a second archive (070702: the kernel checks
# its sum) holding 64 MiB of random bytes.
initrd=$CHECK_OUT/linux-initramfs-big.cpio
ulog=$CHECK_OUT/logs/linux-bzimage-initrd.serial
if gcc -static -nostdlib -ffreestanding -fno-pie -no-pie -O2 -o "$CHECK_OUT/linux-init" \
	"$SRC/scripts/qemu/linux-init.c" >&2 &&
   python3 "$SRC/scripts/qemu/mkinitramfs.py" "$CHECK_OUT/linux-init" "$initrd" >&2 &&
   python3 - "$initrd" >&2 <<'PY'
import os, sys
data = os.urandom(64 << 20)
def entry(name, mode, data=b"", ino=[100]):
    ino[0] += 1
    fields = [ino[0], mode, 0, 0, 1, 0, len(data), 0, 0, 0, 0, len(name) + 1,
              sum(data) & 0xffffffff]
    out = b"070702" + "".join("%08x" % f for f in fields).encode() + name.encode() + b"\0"
    out += b"\0" * (-len(out) % 4)
    return out + data + b"\0" * (-len(data) % 4)
with open(sys.argv[1], "ab") as f:
    f.write(entry("big", 0o100644, data) + entry("TRAILER!!!", 0))
PY
then
	check "linux-bzimage: a 64 MiB initrd reaches Linux whole and its init runs" \
		qemu_run --kernel "$xen" --smp 2 --mem 1G --cpu qemu64 --timeout 300 --log "$ulog" \
		--append "console=com1 loglvl=all guest_loglvl=all noreboot domU=linux,module=1,initrd=2,mem=256M,vcpus=2" \
		--module "$img console=hvc0 shutdown=none" \
		--module "$cloud console=hvc0 loglevel=4" --module "$initrd" \
		--stop-on "domain 1 \(linux\): shut down \([a-z]+\)\r?\n" \
		--expect "^\(linux\) hello from Linux user space on our hypervisor"
	if grep -a -i "initramfs unpacking failed\|bad checksum" "$ulog" >&2; then
		not_ok "linux-bzimage: the big initrd unpacks without error (checksums hold)"
	else
		ok "linux-bzimage: the big initrd unpacks without error (checksums hold)"
	fi
else
	not_ok "linux-bzimage: a 64 MiB initrd reaches Linux whole and its init runs" \
		"the initramfs was not made"
	not_ok "linux-bzimage: the big initrd unpacks without error (checksums hold)" \
		"the initramfs was not made"
fi
finish
