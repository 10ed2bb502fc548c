# xend and xm on the host, against xend's in-memory hypervisor and store
# (tools/xend/xend_fake.c): xend-config.sxp checks, create undone at each
# failing step, on_poweroff/on_crash actions, ballooning domain 0, xend
# finding the domains again after a restart, the real store (xenstored on
# the host), the protocol's replies to bad
# requests, and xm's Xen 3.0.0 output formats and one-line errors.
. "$(dirname "$0")/../lib.sh"
# No host test may skip: each runs on any build host.
expect_skips 0 "none: every host test runs here" make -s -C "$SRC/tools/xend" OUTPUT="$CHECK_OUT/tools/xend/" run_tests
