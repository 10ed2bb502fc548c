#!/bin/sh
# Run test programs and nest each one's TAP under a result line of its
# own (KTAP style, two spaces of indentation), so that one parser counts
# every test point.  Each program gets TEST_TIMEOUT seconds of CPU time
# (default 120: its own, so that a busy host does not fail it) and ten
# times as long on the wall clock (a hang that does not spin).
# Usage: run_kselftest.sh PROG...
echo "TAP version 13"
echo "1..$#"
n=0
status=0
for prog in "$@"; do
	n=$((n + 1))
	name=$(basename "$prog")
	out=$(mktemp)
	limit=${TEST_TIMEOUT:-120}
	(ulimit -t "$limit" && KSFT_TAP_LEVEL=1 exec timeout $((limit * 10)) "$prog") \
		> "$out" 2>&1
	rc=$?
	echo "  TAP version 13"
	sed 's/^/  /' "$out"
	rm -f "$out"
	case $rc in
	0) echo "ok $n $name" ;;
	4) echo "ok $n $name # SKIP" ;;
	124) echo "not ok $n $name # TIMEOUT (wall clock)"; status=1 ;;
	152) echo "not ok $n $name # TIMEOUT (CPU time)"; status=1 ;;
	*) echo "not ok $n $name"; status=1 ;;
	esac
done
exit $status
