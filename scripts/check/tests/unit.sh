# Host-side unit tests of hypervisor code (lib/, the command line),
# compiled from the real sources against the kselftest harness.
. "$(dirname "$0")/../lib.sh"
exec make -s -C "$SRC/tools/testing/selftests" OUTPUT="$CHECK_OUT/selftests/" run_tests
