# The harness itself: the KTAP parser every layer's results go through
# (ktap_test.py), and the rules that make "make check"'s last line honest,
# each driven through the real runner (runner.py) on a small manifest:
# - a parent's own "not ok" fails the run even when all its children pass;
# - a QEMU run's KTAP (the hypervisor's and each domain's, "(name) "
#   lines) is nested under its check and counted leaf by leaf, its skips
#   included (a stand-in qemu-system-x86_64 prints the console);
# - a skip that the check did not declare (run.py --expect-skips) fails it;
# - a fuzz target that does not compile fails, where clang's libFuzzer
#   works; only a missing clang is a skip.
. "$(dirname "$0")/../lib.sh"
plan 6
here=$(cd "$(dirname "$0")" && pwd)
work=$CHECK_OUT/ktap-selftest
rm -rf "$work"
mkdir -p "$work/bin" "$work/t"

check_tap "the KTAP parser's cases (ktap_test.py)" python3 "$here/ktap_test.py"

# run_manifest NAME SCRIPT-TEXT: a one-test manifest through runner.py;
# prints the runner's last line (its exit status in $work/NAME.rc).
run_manifest() {
	local name=$1
	printf '%s\n' ". '$SRC/scripts/check/lib.sh'" "$2" > "$work/t/$name.sh"
	printf '%s 120 %s\n' "$name" "$work/t/$name.sh" > "$work/t/$name.cfg"
	CHECK_OUT=$work/out-$name PATH=$work/bin:$PATH \
		python3 "$SRC/scripts/check/runner.py" "$work/t/$name.cfg" > "$work/$name.out" 2>&1
	echo $? > "$work/$name.rc"
	cat "$work/$name.out" >&2
	tail -n 1 "$work/$name.out"
}

# want NAME EXPECTED-LAST-LINE EXPECTED-STATUS
want() {
	local got rc
	got=$(tail -n 1 "$work/$1.out")
	rc=$(cat "$work/$1.rc")
	[ "$got" = "$2" ] && [ "$rc" = "$3" ] && return 0
	echo "### $1: got '$got' (exit $rc), want '$2' (exit $3)" >&2
	return 1
}

run_manifest parent "plan 1
echo '  KTAP version 1'; echo '  1..2'; echo '  ok 1 a'; echo '  ok 2 b'
not_ok 'a parent whose children passed'
finish" >/dev/null
check "a parent's own not ok fails make check, its children passing" \
	want parent "2 passed, 1 failed, 0 skipped" 1

# A console as our hypervisor prints it: its own self tests, then two
# domains' interleaved, one with a skip.
cat > "$work/console" <<'CON'
Xen version 4.17 booting
KTAP version 1
1..2
  KTAP version 1
  # Subtest: timer
  1..2
  ok 1 test_a
  ok 2 test_b
ok 1 timer
  KTAP version 1
  # Subtest: lib
  1..1
  ok 1 test_c
ok 2 lib
# Totals: pass:3 fail:0 xfail:0 xpass:0 skip:0 error:0
(alpha) KTAP version 1
(alpha) 1..1
(beta) KTAP version 1
(alpha)   KTAP version 1
(beta) 1..1
(alpha)   1..2
(beta)   KTAP version 1
(beta)   1..1
(alpha)   ok 1 test_d
(beta)   ok 1 test_e # SKIP one vCPU
(alpha)   ok 2 test_f
(beta) ok 1 time
(alpha) ok 1 events
CON
printf '#!/bin/sh\ncat "%s"\n' "$work/console" > "$work/bin/qemu-system-x86_64"
chmod +x "$work/bin/qemu-system-x86_64"
runq="qemu_run --kernel /dev/null --timeout 30 --log $work/q.serial --ktap"
run_manifest qemu "plan 2
check 'a QEMU run' $runq --expect-skips 1 'beta has one vCPU'
check 'another' $runq --expect-skips 1 'beta has one vCPU' --expect 'Xen version'
finish" >/dev/null
check "a QEMU run's KTAP is counted leaf by leaf, each domain's too, skips included" \
	want qemu "10 passed, 0 failed, 2 skipped" 0
run_manifest undeclared "plan 1
check 'a QEMU run' $runq
finish" >/dev/null
check "a skip the check did not declare (--expect-skips) fails it" \
	want undeclared "5 passed, 1 failed, 1 skipped" 1

# Fuzz targets through the real run_fuzz.sh and fuzz.sh's fuzz_tap.
mkdir -p "$work/fuzz"
printf 'int LLVMFuzzerTestOneInput(const unsigned char *d, unsigned long n)\n{ return 0 }\n' \
	> "$work/fuzz/fuzz_broken.c"
printf 'CLANG ?= clang\n%%: %%.c\n\t$(CLANG) -fsanitize=fuzzer,address -o $@ $<\n' \
	> "$work/fuzz/Makefile"
fuzz_script="sh '$SRC/tools/testing/selftests/run_fuzz.sh' 'make -C $work/fuzz' $work/fuzz/fuzz_broken > $work/fuzz/tap 2>&1
fuzz_tap $work/fuzz/tap"
if have_libfuzzer 2>/dev/null; then
	run_manifest fuzz "$fuzz_script" >/dev/null
	check "a fuzz target that does not compile fails make check" \
		want fuzz "0 passed, 1 failed, 0 skipped" 1
else
	skip "a fuzz target that does not compile fails make check" \
		"clang's libFuzzer does not build here: nothing to tell apart"
fi
run_manifest noclang "CLANG=/nonexistent/clang; export CLANG
$fuzz_script" >/dev/null
check "without clang a fuzz target is a skip" want noclang "0 passed, 0 failed, 1 skipped" 0
finish
