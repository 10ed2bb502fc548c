# Host-side unit tests of hypervisor code (lib/, the command line),
# compiled from the real sources against the kselftest harness.
. "$(dirname "$0")/../lib.sh"
# No host test may skip: each runs on any build host.
expect_skips 0 "none: every host test runs here" make -s -C "$SRC/tools/testing/selftests" OUTPUT="$CHECK_OUT/selftests/" run_tests
