# The Kconfig files stay in the language subset that python3-kconfiglib
# also parses: for every defconfig, Kconfiglib and kconfig-frontends give
# the same set of CONFIG_ defines.
. "$(dirname "$0")/../lib.sh"
plan 4
py=/usr/bin/python3
for port in x86_64 x86_32 x86_32_pae ia64; do
	arch=x86; [ $port = ia64 ] && arch=ia64
	# prepare compiles nothing, but the build stops before it starts
	# when the port's compiler is missing (ia64's on a fresh machine):
	# the host's gcc stands in.
	cc=; [ $port = ia64 ] && cc="CROSS_COMPILE="
	out=$CHECK_OUT/kconfiglib/$port
	rm -rf "$out" && mkdir -p "$out/include/config" "$out/include/generated"
	if ! $py -c 'import kconfiglib' 2>/dev/null; then
		skip "kconfiglib agrees on $port" "python3-kconfiglib is not installed"
		continue
	fi
	check "kconfiglib agrees on $port" sh -c "
		make -C '$SRC' O='$out/fe' ${port}_defconfig >/dev/null &&
		make -C '$SRC' O='$out/fe' $cc prepare >/dev/null &&
		cd '$SRC' && KCONFIG_CONFIG='$out/kl.config' $py -m defconfig --kconfig Kconfig \
			arch/$arch/configs/${port}_defconfig >/dev/null &&
		KCONFIG_CONFIG='$out/kl.config' $py -m genconfig \
			--header-path '$out/kl-autoconf.h' Kconfig &&
		grep '^#define' '$out/fe/include/generated/autoconf.h' | sort > '$out/fe.defs' &&
		grep '^#define' '$out/kl-autoconf.h' | sort > '$out/kl.defs' &&
		diff -u '$out/fe.defs' '$out/kl.defs'"
done
finish
