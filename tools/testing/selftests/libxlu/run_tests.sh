#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Run each test program as one TAP 13 test, kselftest-runner style: the
# program's own TAP lines are passed through as "# " comments, and its
# exit status (0 pass, 4 skip, else fail) gives the result line.
# Every program runs under a timeout (TEST_TIMEOUT, default 50 s).
echo "TAP version 13"
echo "1..$#"
n=0
failed=0
out=$(mktemp) || exit 1
trap 'rm -f "$out"' EXIT
for t in "$@"; do
	n=$((n + 1))
	name=$(basename "$t")
	KSFT_TAP_LEVEL=1 timeout -k 5 "${TEST_TIMEOUT:-50}" "$t" >"$out" 2>&1
	rc=$?
	sed 's/^/# /' "$out"
	case $rc in
	0) echo "ok $n $name" ;;
	4) echo "ok $n $name # SKIP" ;;
	124|137) echo "not ok $n $name # TIMEOUT"; failed=1 ;;
	*) echo "not ok $n $name # exit status $rc"; failed=1 ;;
	esac
done
exit $failed
