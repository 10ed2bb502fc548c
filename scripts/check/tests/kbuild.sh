# The kbuild behaviours users rely on: nothing is rebuilt when nothing
# changed, a changed option rebuilds only the objects that use it, V=1
# shows command lines, W=1 and C=2 (sparse) are clean, make help lists the
# defconfigs, savedefconfig round-trips, clean keeps the configuration and
# mrproper removes it, allnoconfig and allyesconfig build, an O= build refuses an unclean source tree,
# and kernel-xen builds with the hypervisor's include directories gone.
# Also C=1 checks only what is recompiled, tar-pkg works on its own, and
# a missing cross compiler says how to get one.
. "$(dirname "$0")/../lib.sh"
plan 18
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

kmake O="$out/b" tar-pkg > "$log" 2>&1
if tar -tf "$out/b/xen-$(kmake -s kernelversion)-x86.tar" 2>/dev/null | grep -q '^\./boot/xen-.*\.gz$'; then
	ok "tar-pkg on its own makes the tarball"
else cat "$log" >&2; not_ok "tar-pkg on its own makes the tarball"; fi

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

# C=1 after a full build: sparse sees the one recompiled file only (lib/
# is built for both images, so it is checked once for each).
touch "$SRC/lib/string.c"
kmake O="$out/c-x86_64" C=1 > "$log" 2>&1
checked=$(grep -E '^  CHECK ' "$log" | awk '{print $2}' | sort -u | tr '\n' ' ')
case "$checked" in
*/lib/string.c\ ) [ "$(echo $checked | wc -w)" = 1 ] && ok "C=1 checks only the recompiled file" ||
	{ echo "checked: $checked" >&2; not_ok "C=1 checks only the recompiled file"; } ;;
*) echo "checked: $checked" >&2; not_ok "C=1 checks only the recompiled file" ;;
esac

kmake O="$out/ia" ARCH=ia64 CROSS_COMPILE="$out/none/ia64-linux-gnu-" ia64_defconfig >&2
if kmake O="$out/ia" ARCH=ia64 CROSS_COMPILE="$out/none/ia64-linux-gnu-" > "$log" 2>&1; then
	not_ok "a missing cross compiler says how to get one"
else expect_in "a missing cross compiler says how to get one" "$log" 'not found: .*make cross-ia64'; fi

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
# A build target too, at once (it used to loop on ".config not found").
if timeout 60 make -C "$dirty" O="$out/d2" > "$log" 2>&1; then
	not_ok "O= build over an unclean source tree is refused at once"
else expect_in "O= build over an unclean source tree is refused at once" "$log" "is not clean, please run 'make mrproper'"; fi
rm -rf "$dirty"
finish
