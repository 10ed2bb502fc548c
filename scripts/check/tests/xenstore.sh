# xenstored, its client library and commands: the wire format, the ring
# transport, the store's core (permissions, quotas, transactions,
# watches), and the daemon against our clients and Debian's xenstore-utils.
. "$(dirname "$0")/../lib.sh"
# No host test may skip: each runs on any build host.
expect_skips 0 "none: every host test runs here" make -s -C "$SRC/tools/xenstore" OUTPUT="$CHECK_OUT/tools/xenstore/" run_tests
