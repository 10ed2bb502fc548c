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

# check NAME CMD...: run CMD (output to the log), ok if it exits 0.
check() {
	local name=$1
	shift
	echo "### $name: $*" >&2
	if "$@" >&2; then ok "$name"; else not_ok "$name"; fi
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

# make in the source tree with an output directory.
kmake() { make -C "$SRC" --no-print-directory "$@"; }

qemu_run() { python3 "$SRC/scripts/qemu/run.py" "$@"; }

have_ia64_cc() {
	PATH=$("$SRC/scripts/build-ia64-cross.sh" --print-prefix)/bin:$PATH \
		command -v ia64-linux-gnu-gcc >/dev/null 2>&1
}

finish() { exit $__failed; }
