# libxlutil (tools/libs/util): the domain configuration language, the device
# specs and xend-config.sxp:
# the sample configurations parse to the expected values, and every bad
# input gets its exact error message.
. "$(dirname "$0")/../lib.sh"
# No host test may skip: each runs on any build host.
expect_skips 0 "none: every host test runs here" make -s -C "$SRC/tools/libs/util" OUTPUT="$CHECK_OUT/tools/libs/util/" run_tests
