# xenconsoled's and xenconsole's logic on the host: the bounded output
# buffer, the console ring (with corrupt indices), ptys, and the client
# against a private xenstored under a terminal of its own (relay, Ctrl-]
# detach restoring the terminal, a restarted daemon, a domain that goes).
# Serving real guests is checked in domain 0 (linux-tools).
. "$(dirname "$0")/../lib.sh"
make -s -C "$SRC/tools/xenstore" OUTPUT="$CHECK_OUT/tools/xenstore/" all || exit 1
# No host test may skip: each runs on any build host.
expect_skips 0 "none: every host test runs here" make -s -C "$SRC/tools/console" OUTPUT="$CHECK_OUT/tools/console/" run_tests
