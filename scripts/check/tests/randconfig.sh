# A fixed set of randconfig seeds builds.  Each seed gets a port in turn
# (KCONFIG_ALLCONFIG pins it), so every x86 port is covered; IA64 only
# when its cross compiler is present.
. "$(dirname "$0")/../lib.sh"
seeds="0x1 0x2 0x3 0x4 0x5 0x6 0x7 0x8 0x9 0xa 0xb 0xc"
ports="X86_64 X86_32 X86_32_PAE"
have_ia64_cc && ports="$ports IA64"
set -- $ports
plan 12
i=0
for seed in $seeds; do
	port=$(echo $ports | cut -d' ' -f$((i % $# + 1)))
	i=$((i + 1))
	out=$CHECK_OUT/randconfig/$seed
	rm -rf "$out" && mkdir -p "$out"
	echo "CONFIG_TARGET_$port=y" > "$out/pin.config"
	check "randconfig seed $seed ($port)" sh -c "
		KCONFIG_SEED=$seed KCONFIG_ALLCONFIG='$out/pin.config' \
			make -C '$SRC' O='$out' randconfig >/dev/null 2>&1 &&
		make -C '$SRC' O='$out' -j$JOBS"
	rm -rf "$out"/*/ 2>/dev/null
done
finish
