# Our include/public/ headers (domctl and sysctl too, with -D__XEN_TOOLS__ for
# Xen's, which hide them otherwise) give the same sizes, offsets and numbers as
# Xen's own public headers (Debian's libxen-dev), on x86_64 and x86_32:
# tools/testing/abi/probe.c is compiled against each set and the numbers
# compared.  Each public header also compiles on its own, first in its
# file (no other header of the tree before it), for both.  The compat
# twins of the guest's layouts (scripts/compat-headers.py: the x86_32
# layouts as a 64-bit hypervisor sees a 32-bit PAE guest's arguments)
# compile with -m64, their x86_32 assertions holding, and give the
# numbers of Xen's headers built with -m32.
. "$(dirname "$0")/../lib.sh"
plan 6
out=$CHECK_OUT/abi
mkdir -p "$out"
probe=$SRC/tools/testing/abi/probe.c
dump() {	# dump <object> <text file>
	objcopy -O binary --only-section=.data.probe "$1" "$1.bin" &&
	od -An -v -tu4 -w4 "$1.bin" | awk '{print NR ": " $1}' > "$2"
}
for m in 64 32; do
	flags="-m$m -ffreestanding -std=gnu11 -c -w"
	if [ ! -f /usr/include/xen/xen.h ]; then
		skip "layouts match Xen's headers (-m$m)" "libxen-dev is not installed"
	elif gcc $flags -I"$SRC/include" -o "$out/ours$m.o" "$probe" >&2 &&
	     gcc $flags -DXEN_REAL_HEADERS -D__XEN_TOOLS__ -D__XEN_INTERFACE_VERSION__=0x00040e00 -o "$out/xen$m.o" "$probe" >&2 &&
	     dump "$out/ours$m.o" "$out/ours$m.txt" && dump "$out/xen$m.o" "$out/xen$m.txt" &&
	     diff -u "$out/xen$m.txt" "$out/ours$m.txt" >&2; then
		ok "layouts match Xen's headers (-m$m)"
	else
		echo "line N of the diff is the Nth entry of probe[] in $probe" >&2
		not_ok "layouts match Xen's headers (-m$m)"
	fi
	bad=""
	# First in its file, with only the C types it expects (<stdint.h>);
	# twice, for its include guard.  A subarchitecture's half of
	# arch-x86/ compiles for that subarchitecture only.
	for h in $(cd "$SRC/include" && find public -name '*.h' | sort); do
		case "$m:$h" in 64:*/xen-x86_32.h|32:*/xen-x86_64.h) continue;; esac
		printf '#include <stdint.h>\n#include <%s>\n#include <%s>\n' "$h" "$h" |
			gcc -m$m -ffreestanding -std=gnu11 -Wall -Werror -fsyntax-only \
			-I"$SRC/include" -x c - >&2 || bad="$bad $h"
	done
	if [ -z "$bad" ]; then ok "each public header compiles alone (-m$m)"; else
		not_ok "each public header compiles alone (-m$m)" "$bad"; fi
done
compat=$out/compat-xen.h
if python3 "$SRC/scripts/compat-headers.py" "$SRC" "$compat" >&2 &&
   printf '#include <stdint.h>\n#include <public/xen.h>\n#include "%s"\n#include "%s"\n' \
	"$compat" "$compat" | gcc -m64 -ffreestanding -std=gnu11 -Wall -Werror -fsyntax-only \
	-I"$SRC/include" -x c - >&2; then
	ok "compat layouts generated; they compile beside the native ones (-m64)"
else
	not_ok "compat layouts generated; they compile beside the native ones (-m64)"
fi
if [ ! -f /usr/include/xen/xen.h ]; then
	skip "compat layouts (-m64) match Xen's x86_32 headers (-m32)" "libxen-dev is not installed"
elif [ -s "$compat" ] &&
     gcc -m64 -ffreestanding -std=gnu11 -c -w -DCOMPAT_PROBE -include stdint.h \
	-include "$compat" -I"$SRC/include" -o "$out/compat64.o" "$probe" >&2 &&
     gcc -m32 -ffreestanding -std=gnu11 -c -w -DGUEST_ABI_ONLY -DXEN_REAL_HEADERS \
	-D__XEN_TOOLS__ -D__XEN_INTERFACE_VERSION__=0x00040e00 -o "$out/xenguest32.o" "$probe" >&2 &&
     dump "$out/compat64.o" "$out/compat64.txt" && dump "$out/xenguest32.o" "$out/xenguest32.txt" &&
     diff -u "$out/xenguest32.txt" "$out/compat64.txt" >&2; then
	ok "compat layouts (-m64) match Xen's x86_32 headers (-m32)"
else
	echo "line N of the diff is the Nth entry of probe[] in $probe (GUEST_ABI_ONLY)" >&2
	not_ok "compat layouts (-m64) match Xen's x86_32 headers (-m32)"
fi
finish
