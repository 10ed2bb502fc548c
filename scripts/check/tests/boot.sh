# Each x86 port's hypervisor boots under QEMU (TCG), through QEMU's
# Multiboot 1 -kernel and through a GRUB Multiboot2 ISO with modules,
# prints its banner with version and port on COM1, and powers the machine
# off by itself (QEMU exits before the timeout).
. "$(dirname "$0")/../lib.sh"
plan 14
version=$(make -s -C "$SRC" kernelversion 2>/dev/null)
for port in x86_64:x86_64:x86_64 x86_32:i386:x86_32 x86_32_pae:i386:x86_32p; do
	name=${port%%:*}; rest=${port#*:}; arch=${rest%%:*}; tag=${rest#*:}
	dir=$(port_dir $name)
	if [ ! -s "$dir/xen-syms" ]; then
		not_ok "boot $name via -kernel" "no build in $dir"
		not_ok "boot $name via GRUB" "no build in $dir"
		continue
	fi
	check "boot $name via -kernel" qemu_run --arch $arch --kernel "$dir/xen-syms" \
		--append "console=com1 loglvl=all" --module "$dir/vmlinuz-xen dom0 args" \
		--timeout 60 --log "$CHECK_OUT/logs/boot-$name-kernel.serial" \
		--expect "^Xen version $version \($tag\)" --expect "Module 0: .*'dom0 args'" \
		--expect "powering off"
	iso=$CHECK_OUT/boot-$name.iso
	if "$SRC/scripts/qemu/mkiso.sh" "$iso" "$dir/xen.gz" "console=com1 loglvl=all" \
		"$dir/vmlinuz-xen" "dom0 root=/dev/xvda1" >&2; then
		check "boot $name via GRUB" qemu_run --arch $arch --iso "$iso" --timeout 90 \
			--log "$CHECK_OUT/logs/boot-$name-grub.serial" \
			--expect "^Xen version $version \($tag\)" --expect "Boot loader: GRUB" \
			--expect "Module 0: .*'dom0 root=/dev/xvda1'" --expect "powering off"
	else
		not_ok "boot $name via GRUB" "grub-mkrescue failed"
	fi
done
# The in-hypervisor self tests (KTAP on COM1) pass on every x86 port, and
# the machine powers off after them.  They judge time (the scheduler's
# shares, the TSC against the HPET): the machine runs on instruction-
# counted time (--icount), so a busy host cannot skew what they measure.
for port in x86_64:x86_64 x86_32:i386 x86_32_pae:i386; do
	name=${port%%:*}; arch=${port#*:}
	check "self tests on $name" qemu_run --arch $arch --kernel "$(port_dir $name)/xen-syms" \
		--append "console=com1 selftest" --timeout 120 --ktap --icount \
		--expect-skips 1 "test_map_above_4g: 256 MiB, no RAM above 4 GiB" \
		--log "$CHECK_OUT/logs/selftest-$name.serial" --expect "Self tests done"
done

# Debug keys on the serial line while the machine is busy with self tests:
# 'h' lists the handlers, 'm' dumps the heap.
dir=$(port_dir x86_64)
check "debug keys h and m" qemu_run --kernel "$dir/xen-syms" --smp 2 \
	--append "console=com1 selftest=sched" --timeout 120 \
	--log "$CHECK_OUT/logs/boot-debugkeys.serial" \
	--send "Using scheduler=>h" --send "dump memory=>m" \
	--expect "'m' .*dump memory" --expect "Heap: [0-9]+ pages free"
check "an unbound debug key is named" qemu_run --kernel "$dir/xen-syms" \
	--append "console=com1 selftest=sched" --timeout 120 \
	--log "$CHECK_OUT/logs/boot-debugkey-none.serial" \
	--send "Using scheduler=>Z" --expect "'Z' pressed: no handler"

# console=com1,vga also writes the log on the VGA text screen: read the
# screen's memory through QEMU's monitor while the machine runs.
vga_log=$CHECK_OUT/logs/boot-vga.serial
if qemu_run --kernel "$dir/xen-syms" --smp 2 --extra "-vga std" \
	--append "console=com1,vga selftest=sched" --timeout 120 --log "$vga_log" \
	--monitor-at "Using scheduler=>xp /4000xb 0xb8000" >&2 &&
   python3 "$SRC/scripts/qemu/vgatext.py" "$vga_log" > "$vga_log.screen" &&
   grep -q "Using scheduler" "$vga_log.screen"; then
	ok "the VGA console shows the log"
else
	cat "$vga_log.screen" >&2; not_ok "the VGA console shows the log"
fi

# The command line: unknown options and malformed values are reported and
# ignored; the boot goes on.
dir=$(port_dir x86_64)
check "bad command-line options are reported" qemu_run --kernel "$dir/xen-syms" \
	--append "console=com1 bogus=1 com1=fast loglvl=x noreboot=maybe" --timeout 120 \
	--log "$CHECK_OUT/logs/boot-cmdline.serial" \
	--expect "unknown option 'bogus' ignored" --expect "bad value 'fast' for 'com1'" \
	--expect "bad value 'x' for 'loglvl'" --expect "bad value 'maybe' for 'noreboot'" \
	--expect "powering off"
check "acpi=off is honoured" qemu_run --kernel "$dir/xen-syms" \
	--append "console=com1 acpi=off" --timeout 120 \
	--log "$CHECK_OUT/logs/boot-acpi-off.serial" --expect "ACPI: disabled by acpi=off" \
	--stop-on "Power off failed: halting"
finish
