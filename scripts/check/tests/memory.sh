# The hypervisor's memory on every x86 port, booted with more RAM than
# the plain boot test gives it: the allocator self tests pass in KTAP
# (orders, coalescing, exhaustion, refused frees, xmalloc; on x86_64 the
# PV memory audit finds damage done to a test domain's tables; three test
# domains copy through a transitive grant, gnttab), and the
# boot's free-page count is exactly the firmware map's usable pages less
# the frame table and page tables, recomputed here from the map the log
# prints (memory_check.py).  PAE with 6 GiB uses RAM above 4 GiB and
# writes a frame there through map_domain_page(); with a CPU that cannot
# address it (QEMU's qemu32 has 32 physical address bits) that RAM is
# ignored, said so, and the rest still works.  GRUB's Multiboot2 path,
# whose modules and RSDP copy lie elsewhere, is counted exactly too.
. "$(dirname "$0")/../lib.sh"
plan 6
tests="selftest=page_alloc,xmalloc,mm_audit,gnttab"

# boot_mem NAME ARCH PORT PAGE_INFO_SIZE MEM EXTRA_RUN_ARGS... -- EXPECTS...
boot_mem() {
	local name=$1 arch=$2 port=$3 pis=$4 mem=$5 log
	shift 5
	log=$CHECK_OUT/logs/memory-$name.serial
	qemu_run --arch "$arch" --kernel "$(port_dir "$port")/xen-syms" --mem "$mem" \
		--append "console=com1 loglvl=all $tests" \
		--module "$(port_dir "$port")/vmlinuz-xen dom0" \
		--timeout 240 --ktap --log "$log" --expect "Self tests done" "$@" &&
		python3 "$SRC/scripts/check/tests/memory_check.py" "$log" \
			--page-info-size "$pis" --min-free-mib 100
}

one="test_map_above_4g: no RAM above 4 GiB"
check "x86_64, 2 GiB: self tests and exact free count" boot_mem x86_64-2g x86_64 \
	x86_64 32 2G --expect "Memory: [0-9]+ MiB free of 2047 MiB" --expect-skips 1 "$one" \
	--expect "kept for a boot module"
check "x86_32, 1 GiB: self tests and exact free count" boot_mem x86_32-1g i386 \
	x86_32 20 1G --expect "Memory: [0-9]+ MiB free of 1023 MiB" --expect-skips 1 "$one" \
	--expect "kept for a boot module"
check "x86_32 PAE, 6 GiB: RAM above 4 GiB in use" boot_mem x86_32_pae-6g i386 \
	x86_32_pae 20 6G --cpu qemu32,+pse36 \
	--expect "Memory: 6[0-9]{3} MiB free of 6143 MiB; max_page 0x1c0000" \
	--expect "^  ok [0-9]+ test_map_above_4g$" \
	--expect "wrote frame 0x1[0-9a-f]{5} .* through map_domain_page"
check "x86_32 PAE, 6 GiB, 32-bit CPU: RAM above 4 GiB ignored" boot_mem \
	x86_32_pae-6g-32bit i386 x86_32_pae 20 6G \
	--expect "RAM above 4096 MiB ignored: the CPU addresses 32 bits" \
	--expect "test_map_above_4g # SKIP" --expect-skips 1 "$one: the CPU cannot address it"
check "x86_32, 256 MiB: the xenheap and the frame table share the directmap" \
	boot_mem x86_32-256m i386 x86_32 20 256M \
	--expect "Memory: [0-9]+ MiB free of 255 MiB" --expect-skips 1 "$one"

# GRUB, Multiboot2: modules where GRUB puts them, the RSDP copy kept.
dir=$(port_dir x86_64)
iso=$CHECK_OUT/memory-x86_64.iso
log=$CHECK_OUT/logs/memory-x86_64-grub.serial
if "$SRC/scripts/qemu/mkiso.sh" "$iso" "$dir/xen.gz" "console=com1 loglvl=all $tests" \
	"$dir/vmlinuz-xen" "dom0" >&2; then
	check "x86_64 via GRUB: exact free count with its modules" sh -c "
		python3 '$SRC/scripts/qemu/run.py' --arch x86_64 --iso '$iso' --mem 512M \
			--timeout 240 --ktap --log '$log' --expect 'Self tests done' \
			--expect-skips 1 'test_map_above_4g: 512 MiB, no RAM above 4 GiB' \
			--expect 'kept for the RSDP copy' --expect 'kept for a boot module' &&
		python3 '$SRC/scripts/check/tests/memory_check.py' '$log' --page-info-size 32"
else
	not_ok "x86_64 via GRUB: exact free count with its modules" "grub-mkrescue failed"
fi
finish
