# libxenguest (tools/libs/guest), the PV domain builder, on the host: the
# builder runs on an in-memory domain (tools/testing/selftests/
# libxenguest) and its layout, page tables, p2m/m2p, start_info, grants
# and vCPU context are checked word by word for a synthetic kernel (as an
# ELF, gzipped, and in bzImages with gzip, XZ, LZ4 and zstd payloads made
# by scripts/qemu/mkbzimage.py), for kernel-xen and for Debian's Linux
# bzImage (scripts/qemu/linux-dom0.sh); every refused input gets its
# errno and message and leaves the domain untouched.  The same builder
# runs kernel-xen in a real domain in linux-tools.sh (check-pv-build).
. "$(dirname "$0")/../lib.sh"
dir=$(port_dir x86_64)
kernel=$dir/vmlinuz-xen
skips=0
why=
port_build x86_64 vmlinuz-xen ||
	{ kernel=; skips=$((skips + 1)); why="kernel-xen does not build"; }
if ! bz=$("$SRC/scripts/qemu/linux-dom0.sh" 2>/dev/null) || [ ! -s "$bz" ]; then
	bz=
	skips=$((skips + 1))
	why="${why:+$why; }cannot fetch Debian's kernel"
fi
# As i386 programs (tools_host_tests): the 32-bit guests' builder (PAE
# and 2-level: layout, page tables, p2m, start_info, vCPU 0's x86_32
# context and cr3) for synthetic kernels and kernel-xen of x86_32_pae and
# x86_32, the save/restore hooks and the image checks of 32-bit guests'
# shapes (test_xenguest32).
# kernel-xen of both 32-bit ports is built by it too.
i386=$(i386_tools_unavailable)
[ -z "$i386" ] || { skips=$((skips + 1)); why="${why:+$why; }$i386"; }
pae=$(port_dir x86_32_pae)/vmlinuz-xen
twolevel=$(port_dir x86_32)/vmlinuz-xen
if [ -z "$i386" ]; then
	port_build x86_32_pae vmlinuz-xen ||
		{ pae=; skips=$((skips + 1)); why="${why:+$why; }x86_32_pae's kernel-xen does not build"; }
	port_build x86_32 vmlinuz-xen ||
		{ twolevel=; skips=$((skips + 1)); why="${why:+$why; }x86_32's kernel-xen does not build"; }
fi
expect_skips $skips "${why:-none: every test runs here}" \
	tools_host_tests libs/guest KERNEL_XEN="$kernel" LINUX_BZIMAGE="$bz" \
	KERNEL_XEN_PAE="$pae" KERNEL_XEN_2LEVEL="$twolevel"
