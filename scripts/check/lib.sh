# Helpers for the test scripts in scripts/check/tests/: each script prints
# TAP on stdout (plan, then one line per result); details go to stderr,
# which the runner keeps in the script's log.
#
#	. "$(dirname "$0")/../lib.sh"
#	plan 2
#	check "builds" make -C ... 
#	skip "ia64 build" "no ia64-linux-gnu-gcc"

# The sources under test: the snapshot run-all made.
SRC=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
CHECK_OUT=${CHECK_OUT:-$SRC/out/check}
BUILD=$CHECK_OUT/build
JOBS=${JOBS:-$(nproc)}
mkdir -p "$BUILD"
__n=0
__failed=0

plan() { echo "TAP version 13"; echo "1..$1"; }

ok() { __n=$((__n + 1)); echo "ok $__n $1"; }

not_ok() {
	__n=$((__n + 1))
	__failed=1
	echo "not ok $__n $1${2:+ # $2}"
}

skip() { __n=$((__n + 1)); echo "ok $__n $1 # SKIP $2"; }

diag() { echo "# $*"; }

# check NAME CMD...: run CMD (output to the log), ok if it exits 0.  The
# KTAP results of the QEMU runs in CMD (scripts/qemu/run.py --ktap writes
# them to $CHECK_KTAP) are printed as the subtests of that ok or not ok,
# so that the runner counts every case that ran in the machine.
check() {
	local name=$1 rc=0 nested
	shift
	echo "### $name: $*" >&2
	nested=$(mktemp "${TMPDIR:-/tmp}/check-ktap.XXXXXX") || exit 1
	CHECK_KTAP=$nested "$@" >&2 || rc=1
	if [ -s "$nested" ]; then
		echo "  KTAP version 1"
		echo "  1..$(grep -cE '^(not )?ok ' "$nested")"
		sed 's/^/  /' "$nested"
	fi
	rm -f "$nested"
	if [ $rc = 0 ]; then ok "$name"; else not_ok "$name"; fi
}

# check_tap NAME CMD...: CMD prints a TAP document on stdout, which is
# printed as the subtests of NAME; ok if CMD exits 0.
check_tap() {
	local name=$1 rc=0 nested
	shift
	echo "### $name: $*" >&2
	nested=$(mktemp "${TMPDIR:-/tmp}/check-tap.XXXXXX") || exit 1
	"$@" > "$nested" || rc=1
	sed 's/^/  /' "$nested"
	rm -f "$nested"
	if [ $rc = 0 ]; then ok "$name"; else not_ok "$name"; fi
}

# expect_skips N REASON CMD...: run CMD, which prints a TAP document on
# stdout, and pass that through; exit 1 (the runner counts it failed) if
# the document does not hold exactly N skips (XFAILs included), which
# REASON explains, else with CMD's status.  A skip nobody expected is a
# test that did not run.
expect_skips() {
	local n=$1 reason=$2 out msg rc=0
	shift 2
	out=$(mktemp "${TMPDIR:-/tmp}/check-tap.XXXXXX") || exit 1
	"$@" > "$out" || rc=$?
	cat "$out"
	msg=$(python3 "$SRC/scripts/ktap.py" --expect-skips "$n" "$reason" "$out") || rc=1
	[ -z "$msg" ] || printf '%s\n' "$msg" | sed 's/^/# /'
	rm -f "$out"
	return $rc
}

# have_libfuzzer: clang here builds and links a libFuzzer target (the
# only reason a fuzz target may be skipped is that it does not).
have_libfuzzer() {
	local d rc
	d=$(mktemp -d "${TMPDIR:-/tmp}/libfuzzer.XXXXXX") || return 1
	printf 'int LLVMFuzzerTestOneInput(const unsigned char *d, unsigned long n)\n{ return 0; }\n' \
		> "$d/probe.c"
	"${CLANG:-clang}" -fsanitize=fuzzer,address -o "$d/probe" "$d/probe.c" >&2 2>&1
	rc=$?
	rm -rf "$d"
	return $rc
}

# fuzz_tap FILE: the TAP streams of run_fuzz.sh runs in FILE as one TAP
# document, renumbered.  With libFuzzer present (have_libfuzzer), a
# target that did not build is a failure whatever run_fuzz.sh says: its
# "SKIP ... unavailable" guess cannot tell a missing runtime from an
# error in the target's own source.
fuzz_tap() {
	local present=0
	have_libfuzzer && present=1
	python3 - "$1" "$present" <<'PY'
import re, sys
lines = open(sys.argv[1], errors="replace").read().splitlines()
present = sys.argv[2] == "1"
results = [l for l in lines if re.match(r"^(not )?ok \d+", l)]
print("TAP version 13")
print(f"1..{len(results)}")
n = 0
for l in lines:
    m = re.match(r"^(not ok|ok) \d+ (\S+)(.*)$", l)
    if m:
        n += 1
        if present and re.match(r"\s*#\s*SKIP", m.group(3)):
            print(f"not ok {n} {m.group(2)} # build failed, though clang's libFuzzer "
                  f"works here: build it by hand to see why")
        else:
            print(f"{m.group(1)} {n} {m.group(2)}{m.group(3)}")
    elif l.startswith("#"):
        print(l)
PY
}

# expect_file NAME FILE REGEX: ok if the file has a line matching REGEX.
expect_in() {
	if grep -Eq -- "$3" "$2"; then ok "$1"; else
		echo "### $1: /$3/ not found in $2" >&2
		not_ok "$1"
	fi
}

# The output directory of a port's defconfig build (tests/10-build-ports.sh).
port_dir() { echo "$BUILD/$1"; }

# port_build PORT [TARGET...]: make TARGETs (all by default) in PORT's
# build directory, configured from PORT_defconfig the first time.  make
# runs every time: it is incremental, and a reused CHECK_OUT so never
# boots an image older than the source.
port_build() {
	local port=$1 dir
	dir=$(port_dir "$1")
	shift
	{ [ -s "$dir/.config" ] || port_defconfig "$port" "$dir"; } &&
		kmake O="$dir" -j"$JOBS" "$@"
} >&2

# port_defconfig PORT DIR: PORT_defconfig in DIR; a 32-bit port's tools
# (i386 programs) are configured out where Debian's i386 libraries are
# missing (i386_tools_unavailable says which), so that its hypervisor and
# kernel-xen still build; build-ports reports that as a SKIP.
port_defconfig() {
	local why
	kmake O="$2" "${1}_defconfig" || return
	case $1 in x86_32*) ;; *) return 0 ;; esac
	why=$(i386_tools_unavailable)
	[ -z "$why" ] && return 0
	echo "# $1: no tools (CONFIG_TOOLS=n): $why" >&2
	sed -i 's/^CONFIG_TOOLS=y$/# CONFIG_TOOLS is not set/' "$2/.config" &&
		kmake O="$2" olddefconfig
}

# make in the source tree with an output directory.
kmake() { make -C "$SRC" --no-print-directory "$@"; }

qemu_run() { python3 "$SRC/scripts/qemu/run.py" "$@"; }

have_ia64_cc() {
	PATH=$("$SRC/scripts/build-ia64-cross.sh" --print-prefix)/bin:$PATH \
		command -v ia64-linux-gnu-gcc >/dev/null 2>&1
}

# Results a program inside a QEMU guest printed on its console, one line
# "PREFIX NAME: CASE: ok|skip: why|fail: why" each (NAME: and a slash in
# CASE when a case is NAME/CASE), become the TAP results "TITLE: CASE".
# With GAPS=yes a case named in $KNOWN_GAPS ("CASE: the missing feature")
# is a skip "not yet: ..." whatever it printed, and says to drop the entry
# when it passed.  SKIPS=fail makes a printed skip a failure.
#
#	guest_cases TITLE LOG PREFIX GAPS SKIPS CASE...
guest_cases() {
	local title=$1 log=$2 prefix=$3 gaps=$4 skips=$5 text c key res detail feature
	shift 5
	text=$(tr -d '\r' < "$log")
	for c; do
		case $c in */*) key="${c%%/*}: ${c#*/}" ;; *) key=$c ;; esac
		res=$(printf '%s\n' "$text" | grep -a "^$prefix$key: " | tail -1)
		res=${res#"$prefix$key: "}
		res=${res:-no result}
		detail=$(echo "$res" | tr '#' ' ')
		feature=
		[ "$gaps" != yes ] || feature=$(echo "$KNOWN_GAPS" | sed -n "s|^$c: ||p")
		if [ -n "$feature" ]; then
			case $res in ok*) detail="now $detail: drop it from KNOWN_GAPS" ;; esac
			skip "$title: $c" "not yet: $feature ($detail)"
			continue
		fi
		case $res in
		ok*) ok "$title: $c${detail#ok}" ;;
		skip*) if [ "$skips" = fail ]; then not_ok "$title: $c" "${detail#skip: }"
		       else skip "$title: $c" "${detail#skip: }"; fi ;;
		*) not_ok "$title: $c" "$detail" ;;
		esac
	done
}

# The boot of a Linux domain 0 whose /init says "dom0 init: up" and, at
# its end, DONE: one TAP result "TITLE: boot", after its time.
linux_boot_result() {	# TITLE LOG DONE
	local secs
	secs=$(sed -n 's/^# qemu exit status .*, \([0-9.]*\) s$/\1/p' "$2" | tail -1)
	diag "${1#*: }: boot took ${secs:-?} s ($2)"
	if ! grep -aq "^dom0 init: up" "$2"; then
		not_ok "$1: boot" "Linux did not reach /init"
	elif ! grep -aq "^$3" "$2"; then
		not_ok "$1: boot" "/init did not finish"
	else
		ok "$1: boot"
	fi
}

# A Linux boot runs one TCG thread, so a check's boot on ours and its boot
# on Xen 4.17 run side by side, one per host core: boot_bg starts a boot
# (a function and its arguments) in the background, boot_wait waits for
# every one started.  Results come from the logs after boot_wait, so the
# TAP numbering stays in this shell.
boot_bg() { "$@" & __boot_pids="$__boot_pids $!"; }
boot_wait() {
	local p
	for p in $__boot_pids; do wait "$p" || true; done
	__boot_pids=
}

# The 32-bit ports' tools are i386 programs (gcc -m32 on Debian's i386
# multiarch libraries, which scripts/install-deps.sh installs): empty if
# they build here, else why not (the packages missing), for a SKIP.
i386_tools_unavailable() {
	local why
	why=$(sh "$SRC/scripts/tools-libs.sh" "gcc -m32" i386 2>&1 >/dev/null) && return 0
	echo "${why%%$'\n'*}" | sed 's/^xen-tools for i386: //'
}

# tools_host_tests DIR [MAKE ARGS...]: the host tests of tools/DIR
# (make run_tests: TAP documents on stdout), then the same built and run
# as i386 programs, which an x86_64 Debian runs natively, for the 32-bit
# ports' code paths; or, without the i386 libraries, one SKIP that says
# so (i386_tools_unavailable, which the caller counts in expect_skips).
tools_host_tests() {
	local d=$1 rc=0 why
	shift
	make -s -C "$SRC/tools/$d" OUTPUT="$CHECK_OUT/tools/$d/" "$@" run_tests || rc=1
	why=$(i386_tools_unavailable)
	if [ -n "$why" ]; then
		printf 'TAP version 13\n1..1\nok 1 tools/%s as i386 programs # SKIP %s\n' \
			"$d" "$why"
	else
		make -s -C "$SRC/tools/$d" OUTPUT="$CHECK_OUT/tools-i386/$d/" HOSTCC="gcc -m32" \
			"$@" run_tests || rc=1
	fi
	return $rc
}

finish() { exit $__failed; }
