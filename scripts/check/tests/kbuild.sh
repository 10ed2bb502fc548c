# The kbuild behaviours users rely on: nothing is rebuilt when nothing
# changed, a changed option rebuilds only the objects that use it, V=1
# shows command lines, W=1 and C=2 (sparse) are clean, make help lists the
# defconfigs, savedefconfig round-trips, clean keeps the configuration and
# mrproper removes it, allnoconfig and allyesconfig build, an O= build refuses an unclean source tree,
# and kernel-xen builds with the hypervisor's include directories gone.
. "$(dirname "$0")/../lib.sh"
plan 14
out=$CHECK_OUT/kbuild
rm -rf "$out"
mkdir -p "$out"
log=$out/make.log

kmake O="$out/b" x86_64_defconfig >&2 && kmake O="$out/b" -j"$JOBS" >&2

kmake O="$out/b" > "$log" 2>&1
if grep -Eq '^  (CC|AS|LD|AR) ' "$log"; then
	cat "$log" >&2; not_ok "no-op rebuild compiles nothing"
else ok "no-op rebuild compiles nothing"; fi

# CONFIG_NS16550_BAUD is used by drivers/char/ns16550.c only.
sed -i 's/^CONFIG_NS16550_BAUD=.*/CONFIG_NS16550_BAUD=9600/' "$out/b/.config"
kmake O="$out/b" > "$log" 2>&1
compiled=$(grep -E '^  CC ' "$log" | awk '{print $2}' | sort | tr '\n' ' ')
if [ "$compiled" = "drivers/char/ns16550.o " ] && grep -q '^  LD      xen-syms' "$log"; then
	ok "changed option rebuilds only its users"
else
	echo "compiled: $compiled" >&2; cat "$log" >&2
	not_ok "changed option rebuilds only its users"
fi

touch "$SRC/lib/string.c"
kmake O="$out/b" V=1 > "$log" 2>&1
expect_in "V=1 shows full command lines" "$log" 'gcc .*-c -o lib/string.o'

check "W=1 builds clean" sh -c "make -C '$SRC' O='$out/w' x86_64_defconfig >/dev/null &&
	make -C '$SRC' O='$out/w' W=1 -j$JOBS"
for port in x86_64 x86_32_pae; do
	check "C=2 (sparse) clean on $port" sh -c "make -C '$SRC' O='$out/c-$port' ${port}_defconfig >/dev/null &&
		make -C '$SRC' O='$out/c-$port' C=2 -j$JOBS 2>&1 | tee '$out/sparse-$port.log' &&
		! grep -E 'warning|error' '$out/sparse-$port.log'"
done

for c in allnoconfig allyesconfig; do
	check "$c builds" sh -c "make -C '$SRC' O='$out/$c' $c >/dev/null &&
		make -C '$SRC' O='$out/$c' -j$JOBS"
done

kmake help > "$log" 2>&1
n=$(grep -cE '^  (x86_64|x86_32|x86_32_pae|ia64)_defconfig' "$log")
if [ "$n" = 4 ]; then ok "make help lists the four defconfigs"; else
	cat "$log" >&2; not_ok "make help lists the four defconfigs"; fi

kmake O="$out/s" x86_32_pae_defconfig >&2 && kmake O="$out/s" savedefconfig >&2
if diff -u "$SRC/arch/x86/configs/x86_32_pae_defconfig" "$out/s/defconfig" >&2; then
	ok "savedefconfig reproduces x86_32_pae_defconfig"
else not_ok "savedefconfig reproduces x86_32_pae_defconfig"; fi

kmake O="$out/b" clean >&2
if [ -f "$out/b/.config" ] && [ ! -e "$out/b/xen-syms" ] &&
   [ -z "$(find "$out/b" -name '*.o')" ]; then ok "clean keeps .config, removes objects"
else not_ok "clean keeps .config, removes objects"; fi

kmake O="$out/b" mrproper >&2
if [ ! -e "$out/b/.config" ] && [ ! -d "$out/b/include/config" ]; then
	ok "mrproper removes the configuration"
else not_ok "mrproper removes the configuration"; fi

# kernel-xen sees include/public/ and include/lib/, never the hypervisor's
# headers: it builds from a copy of the tree without them.
fenced=$out/fenced-src
mkdir -p "$fenced" && cp -a "$SRC/." "$fenced/" && rm -rf "$fenced/out" "$fenced/include/xen" "$fenced"/include/asm-*
check "kernel-xen builds without include/xen and include/asm-*" sh -c "make -C '$fenced' O='$out/f' x86_64_defconfig >/dev/null &&
	make -C '$fenced' O='$out/f' -j$JOBS vmlinuz-xen"
rm -rf "$fenced"

# A copy of the tree with an in-tree .config: O= must refuse it.
dirty=$out/dirty-src
mkdir -p "$dirty" && cp -a "$SRC/." "$dirty/" && rm -rf "$dirty/out"
make -C "$dirty" x86_64_defconfig >&2
if make -C "$dirty" O="$out/d" x86_64_defconfig > "$log" 2>&1; then
	not_ok "O= refuses an unclean source tree"
else expect_in "O= refuses an unclean source tree" "$log" "is not clean, please run 'make mrproper'"; fi
rm -rf "$dirty"
finish
