# Every port builds from its defconfig, out of tree, with warnings as
# errors: xen-syms, xen.gz, vmlinuz-xen and the tools, which are the
# port's programs: x86-64 ELF on x86_64, i386 ELF (gcc -m32, Debian's
# i386 multiarch libraries) on x86_32 and x86_32_pae, or a SKIP naming
# the i386 libraries missing, the port then built without its tools.
# IA64 needs the cross compiler (scripts/build-ia64-cross.sh) and is
# skipped without it.
. "$(dirname "$0")/../lib.sh"
plan 6
i386=$(i386_tools_unavailable)
for port in x86_64 x86_32 x86_32_pae; do
	out=$(port_dir $port)
	rm -rf "$out"
	port_defconfig $port "$out" >&2
	check "build $port" sh -c "make -C '$SRC' O='$out' -j$JOBS &&
		test -s '$out/xen.gz' -a -s '$out/xen-syms' -a -s '$out/vmlinuz-xen' &&
		if [ $port = x86_64 ]; then file -b '$out/tools/xm/xm' | grep -q x86-64; fi"
	[ $port = x86_64 ] && continue
	name="$port tools: xm, xend, xenstored, xenconsoled and the libraries, every ELF i386"
	if [ -n "$i386" ]; then
		skip "$name" "$i386"
		continue
	fi
	elfs=$(find "$out/tools" -path '*/selftests' -prune -o -type f -perm -u+x -print \
		-o -name '*.so.*' -type f -print 2>/dev/null)
	wrong=$(for f in $elfs; do file -b "$f" | grep -q '^ELF' &&
		{ file -b "$f" | grep -q '^ELF 32-bit LSB .* Intel 80386' || echo "$f"; }; done)
	if [ -x "$out/tools/xm/xm" ] && [ -x "$out/tools/xend/xend" ] &&
	   [ -x "$out/tools/xenstore/xenstored" ] && [ -x "$out/tools/console/xenconsoled" ] &&
	   [ -z "$wrong" ]; then
		ok "$name"
	else
		echo "not i386: $wrong" >&2
		not_ok "$name"
	fi
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
