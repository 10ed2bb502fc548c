# libxenctrl (tools/libs/ctrl) on the host: its operations linked against
# a fake /dev/xen/privcmd layer (tools/testing/selftests/xenctrl) that
# plays the hypervisor: bad arguments refused before any hypercall, the
# structs Xen 4.17 expects, results and errors back, no buffer leaks.
# The libraries against real hypervisors: linux-tools.
. "$(dirname "$0")/../lib.sh"
# No host test may skip: each runs on any build host.
expect_skips 0 "none: every host test runs here" make -s -C "$SRC/tools/libs/ctrl" OUTPUT="$CHECK_OUT/tools/libs/ctrl/" run_tests
