# Every port builds from its defconfig, out of tree, with warnings as
# errors: xen-syms, xen.gz, vmlinuz-xen and the tools (x86_64 only: the
# 32-bit ports have none yet, tools/Kconfig).  IA64 needs the
# cross compiler (scripts/build-ia64-cross.sh) and is skipped without it.
. "$(dirname "$0")/../lib.sh"
plan 4
for port in x86_64 x86_32 x86_32_pae; do
	out=$(port_dir $port)
	rm -rf "$out"
	check "build $port" sh -c "make -C '$SRC' O='$out' ${port}_defconfig &&
		make -C '$SRC' O='$out' -j$JOBS &&
		test -s '$out/xen.gz' -a -s '$out/xen-syms' -a -s '$out/vmlinuz-xen' &&
		if [ $port = x86_64 ]; then test -x '$out/tools/xm/xm'; else ! test -e '$out/tools/xm/xm'; fi"
done
if have_ia64_cc; then
	out=$(port_dir ia64)
	rm -rf "$out"
	check "build ia64" sh -c "make -C '$SRC' O='$out' ia64_defconfig &&
		make -C '$SRC' O='$out' -j$JOBS &&
		file '$out/xen-syms' | grep -q 'IA-64'"
else
	skip "build ia64" "no ia64-linux-gnu-gcc: run scripts/build-ia64-cross.sh (about 17 minutes)"
fi
finish
