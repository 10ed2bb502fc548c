# xenstored, its client library and commands: the wire format, the ring
# transport, the store's core (permissions, quotas, transactions,
# watches), and the daemon against our clients and Debian's xenstore-utils.
. "$(dirname "$0")/../lib.sh"
exec make -s -C "$SRC/tools/xenstore" OUTPUT="$CHECK_OUT/tools/xenstore/" run_tests
