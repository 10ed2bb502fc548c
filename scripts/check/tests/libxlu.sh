# libxlutil (tools/libs/util): the domain configuration language, the device
# specs and xend-config.sxp:
# the sample configurations parse to the expected values, and every bad
# input gets its exact error message.
# Then again as i386 programs (gcc -m32: the 32-bit ports' tools), or one
# SKIP naming the Debian i386 libraries missing (scripts/install-deps.sh).
. "$(dirname "$0")/../lib.sh"
# No host test may skip: each runs on any build host (the i386 run needs
# Debian's i386 libraries).
i386=$(i386_tools_unavailable)
expect_skips $((${#i386} > 0)) "${i386:-none: every host test runs here, as x86_64 and as i386 programs}" \
	tools_host_tests libs/util
