# libxenctrl (tools/libs/ctrl) on the host: its operations linked against
# a fake /dev/xen/privcmd layer (tools/testing/selftests/xenctrl) that
# plays the hypervisor: bad arguments refused before any hypercall, the
# structs Xen 4.17 expects, results and errors back, no buffer leaks.
# The libraries against real hypervisors: linux-tools.
# Then again as i386 programs (gcc -m32: the 32-bit ports' tools), or one
# SKIP naming the Debian i386 libraries missing (scripts/install-deps.sh).
. "$(dirname "$0")/../lib.sh"
# No host test may skip: each runs on any build host (the i386 run needs
# Debian's i386 libraries).
i386=$(i386_tools_unavailable)
expect_skips $((${#i386} > 0)) "${i386:-none: every host test runs here, as x86_64 and as i386 programs}" \
	tools_host_tests libs/ctrl
