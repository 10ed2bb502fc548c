# xend and xm on the host, against xend's in-memory hypervisor and store
# (tools/xend/xend_fake.c): xend-config.sxp checks, create undone at each
# failing step, on_poweroff/on_crash actions, ballooning domain 0, xend
# finding the domains again after a restart, the real store (xenstored on
# the host), the protocol's replies to bad
# requests, and xm's Xen 3.0.0 output formats and one-line errors.
# Then again as i386 programs (gcc -m32: the 32-bit ports' tools), or one
# SKIP naming the Debian i386 libraries missing (scripts/install-deps.sh).
. "$(dirname "$0")/../lib.sh"
# No host test may skip: each runs on any build host (the i386 run needs
# Debian's i386 libraries).
i386=$(i386_tools_unavailable)
expect_skips $((${#i386} > 0)) "${i386:-none: every host test runs here, as x86_64 and as i386 programs}" \
	tools_host_tests xend
