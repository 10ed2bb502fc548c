#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Build and run libFuzzer targets for FUZZ_SECONDS each, printing TAP 13.
# Usage: run_fuzz.sh "<make command that builds a target>" TARGET...
# FUZZ_SEEDS, if set, is a directory of seed inputs (read, never written).
# A target that cannot be built because clang's libFuzzer is missing is
# skipped, not failed.
make_cmd=$1
shift
echo "TAP version 13"
echo "1..$#"
n=0
failed=0
log=$(mktemp) || exit 1
trap 'rm -f "$log"' EXIT
for t in "$@"; do
	n=$((n + 1))
	name=$(basename "$t")
	if ! command -v "${CLANG:-clang}" >/dev/null 2>&1; then
		echo "ok $n $name # SKIP ${CLANG:-clang} not found"
		continue
	fi
	if ! $make_cmd "$t" >"$log" 2>&1; then
		if grep -q -e "fuzzer" -e "libclang_rt" "$log" &&
		   ! grep -q "error:.*\.c:" "$log"; then
			echo "ok $n $name # SKIP clang libFuzzer unavailable"
		else
			sed 's/^/# /' "$log"
			echo "not ok $n $name # build failed"
			failed=1
		fi
		continue
	fi
	corpus=$(dirname "$t")/corpus-$name
	mkdir -p "$corpus"
	if timeout -k 10 $(( ${FUZZ_SECONDS:-20} + 60 )) "$t" \
		-max_total_time="${FUZZ_SECONDS:-20}" -rss_limit_mb=1024 \
		-timeout=10 -print_final_stats=1 \
		-artifact_prefix="$(dirname "$t")/" "$corpus" \
		${FUZZ_SEEDS:+"$FUZZ_SEEDS"} >"$log" 2>&1; then
		grep -E "^(#[0-9]+.*DONE|stat::number_of_executed_units)" "$log" |
			sed 's/^/# /'
		echo "ok $n $name"
	else
		tail -n 40 "$log" | sed 's/^/# /'
		echo "not ok $n $name"
		failed=1
	fi
done
exit $failed
