# Every tool answers --help (exit 0, a usage line) and --version (exit 0,
# the tree's version), and refuses an unknown option or command.
. "$(dirname "$0")/../lib.sh"
tools="xm/xm xend/xend console/xenconsoled"
plan 7
dir=$(port_dir x86_64)/tools
version=$(kmake -s kernelversion)
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
finish
