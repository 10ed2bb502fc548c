# Shared by the benchmarks in scripts/check/benchmarks/ (sourced; SRC set
# by scripts/check/bench).

# bench_build DIR TARGET...: the x86_64 defconfig in DIR, brought up to
# date (a second make bench must not measure the first one's images).
bench_build() {
	local dir=$1
	shift
	[ -s "$dir/.config" ] || make -s -C "$SRC" O="$dir" x86_64_defconfig >/dev/null
	make -s -C "$SRC" O="$dir" -j"$(nproc)" "$@" >/dev/null
}

# bench_linux: Debian's kernel and busybox (scripts/qemu/linux-dom0.sh) in
# $bzimage, $elf, $modules and $busybox; false, having said so, if they
# cannot be had.
bench_linux() {
	local paths
	if ! paths=$("$SRC/scripts/qemu/linux-dom0.sh" --all 2>/dev/null); then
		echo "   cannot fetch Debian's kernel and busybox (scripts/qemu/linux-dom0.sh): no figures"
		return 1
	fi
	bzimage=$(echo "$paths" | sed -n 's/^bzimage //p')
	elf=$(echo "$paths" | sed -n 's/^elf //p')
	modules=$(echo "$paths" | sed -n 's/^modules //p')
	busybox=$(echo "$paths" | sed -n 's/^busybox //p')
}
