# Every tool answers --help (exit 0, a usage line) and --version (exit 0,
# the tree's version), and refuses an unknown option or command.  Every
# shared library of tools/libs/ carries its soname and exports only what
# its version script lists, and the programs link the shared libraries.
. "$(dirname "$0")/../lib.sh"
tools="xm/xm xend/xend console/xenconsoled"
dir=$(port_dir x86_64)/tools
# Built by build-ports before; here too when run on its own (--only tools).
port_build x86_64 tools || true
libs=$(find "$dir"/libs -name "lib*.so.*" -type f | sort)	# the files, not the links
plan $((9 + $(echo $libs | wc -w)))
version=$(kmake -s kernelversion)
# Run from the build tree, the programs find the libraries here.
LD_LIBRARY_PATH=$(ls -d "$dir"/libs/*/ | tr '\n' :)
export LD_LIBRARY_PATH
for t in $tools; do
	bin=$dir/$t
	if "$bin" --help 2>&1 | grep -qi usage && "$bin" --version | grep -q " $version$"; then
		ok "$(basename $t) --help and --version"
	else
		"$bin" --help >&2; "$bin" --version >&2
		not_ok "$(basename $t) --help and --version"
	fi
done
for t in $tools; do
	if "$dir/$t" --no-such-option >/dev/null 2>&1; then
		not_ok "$(basename $t) refuses an unknown option"
	else ok "$(basename $t) refuses an unknown option"; fi
done
if "$dir/xm/xm" frobnicate 2>&1 | grep -q "unknown command 'frobnicate'"; then
	ok "xm names an unknown command"
else not_ok "xm names an unknown command"; fi
for so in $libs; do
	file=$(basename "$so")
	soname=${file%.*}	# libxenstore.so.3.0.0 -> libxenstore.so.3.0
	leaked=$(nm -D --defined-only "$so" | awk '$2 != "A" && $3 !~ /@@VERS_/ {print $3}')
	if readelf -d "$so" | grep -q "Library soname: \[$soname\]" &&
	   [ -z "$leaked" ] && [ -n "$(nm -D --defined-only "$so" | grep '@@VERS_')" ]; then
		ok "$soname: soname, exports only its version script"
	else
		readelf -d "$so" >&2; echo "exported outside the version script: $leaked" >&2
		not_ok "$soname: soname, exports only its version script"
	fi
done
if readelf -d "$dir/xenstore/xenstored" | grep -q 'NEEDED.*\[libxenstore\.so\.3\.0\]' &&
   readelf -d "$dir/xenstore/xenstore" | grep -q 'NEEDED.*\[libxenstore\.so\.3\.0\]'; then
	ok "xenstored and xenstore link libxenstore.so.3.0"
else not_ok "xenstored and xenstore link libxenstore.so.3.0"; fi
# make bench's macro benchmark program: static, every figure measured once
# at a hundredth of its loop on this host (the benchmark is not run here).
lm=$CHECK_OUT/lmbench-lite/
mkdir -p "$lm"
if make -s -C "$SRC/tools/testing/lmbench-lite" OUTPUT="$lm" smoke >&2 &&
   ! readelf -l "$lm/lmbench-lite" | grep -q INTERP; then
	ok "lmbench-lite: static, measures every figure (-q)"
else not_ok "lmbench-lite: static, measures every figure (-q)"; fi
finish
