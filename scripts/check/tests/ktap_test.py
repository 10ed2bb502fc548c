#!/usr/bin/env python3
"""The KTAP/TAP parser (scripts/ktap.py) on console-like input: boot noise
is ignored, nested suites are counted by their leaves, a failing child
fails its parent and a parent's own "not ok" counts even when its
children pass, SKIP/TIMEOUT/ERROR directives are kept, XFAIL is a known
failure counted with the skips and XPASS a failure, a plan that promises
more results than arrive counts the missing ones as errors and a suite cut
short keeps the results it printed, terminal escapes (GRUB's) do not hide
results, a console carrying several documents (the hypervisor's, then
domain 0's) and several domains' interleaved "(name) " lines counts each,
and the KTAP that run.py prints back for a console counts the same."""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
import ktap  # noqa: E402

CASES = [
    ("noise and a flat plan",
     "boot\nKTAP version 1\n1..2\nok 1 a\nxen: hello\nok 2 b\n",
     dict(pass_=2)),
    ("nested, a failing child fails its parent",
     "KTAP version 1\n1..2\n  KTAP version 1\n  1..2\n  ok 1 x\n  not ok 2 y\nok 1 s1\nok 2 s2\n",
     dict(pass_=2, fail=1)),
    ("a parent's own not ok counts, its children passing",
     "KTAP version 1\n1..2\n  KTAP version 1\n  1..2\n  ok 1 x\n  ok 2 y\nnot ok 1 s1\nok 2 s2\n",
     dict(pass_=3, fail=1)),
    ("a parent's not ok is not counted twice when a child failed",
     "1..1\n  1..2\n  ok 1 x\n  not ok 2 y\nnot ok 1 s1\n",
     dict(pass_=1, fail=1)),
    ("a parent's own not ok counts, three levels down",
     "1..1\n  1..1\n    1..1\n    ok 1 leaf\n  not ok 1 mid\nok 1 top\n",
     dict(pass_=1, fail=1)),
    ("skip and timeout directives",
     "TAP version 13\n1..3\nok 1 a # SKIP no hw\nnot ok 2 b # TIMEOUT 30s\nok 3 c\n",
     dict(pass_=1, skip=1, timeout=1)),
    ("a crash leaves results missing",
     "KTAP version 1\n1..4\nok 1 a\nok 2 b\n(panic)\n",
     dict(pass_=2, error=2)),
    ("a suite cut short keeps what it printed, and is an error",
     "KTAP version 1\n1..2\n  KTAP version 1\n  # Subtest: s1\n  1..3\n  ok 1 a\n  ok 2 b\nPANIC\n",
     dict(pass_=2, error=2)),
    ("nothing at all is an error",
     "just boot messages\n",
     dict(error=1)),
    ("a skipped plan",
     "1..0 # SKIP not configured\n",
     dict(skip=1)),
    ("escapes and carriage returns",
     "\x1b[2J\x1b[1;1HKTAP version 1\r\n1..1\r\nok 1 a\r\n",
     dict(pass_=1)),
    ("XFAIL, as kselftest and as TAP write it, is counted apart; ERROR is an error",
     "1..4\nok 1 known # XFAIL bug 1\nnot ok 2 known too # XFAIL bug 2\n"
     "not ok 3 todo # TODO bug 3\nnot ok 4 env # ERROR no disk\n",
     dict(xfail=3, error=1)),
    ("an expected failure that passes (XPASS, or ok with TODO) is a failure",
     "1..2\nok 1 fixed # XPASS\nok 2 fixed too # TODO bug 3\n",
     dict(fail=2)),
    ("two documents on one console: the hypervisor's, then domain 0's",
     "KTAP version 1\n1..1\nok 1 hv\n# Totals\nxen: starting dom0\n"
     "KTAP version 1\n1..2\nok 1 g1\nok 2 g2 # SKIP one vCPU\n",
     dict(pass_=2, skip=1)),
]

# Consoles with several domains: (text, expected counts of console_results).
CONSOLES = [
    ("two domains' lines interleaved, and the hypervisor's",
     "KTAP version 1\n1..1\nok 1 hv\n"
     "(a) KTAP version 1\n(b) KTAP version 1\n(a) 1..2\n(b) 1..1\n"
     "(a)   1..1\n(b) ok 1 b1 # SKIP why\n(a)   ok 1 a1\n(a) ok 1 as\n(a) ok 2 a2\n",
     dict(pass_=3, skip=1)),
    ("a domain that crashed mid-suite",
     "(a) KTAP version 1\n(a) 1..2\n(a)   1..2\n(a)   ok 1 x\n(d) crashed\n",
     dict(pass_=1, error=2)),
]


def want(d):
    return {"pass": d.get("pass_", 0), "fail": d.get("fail", 0), "skip": d.get("skip", 0),
            "xfail": d.get("xfail", 0), "error": d.get("error", 0),
            "timeout": d.get("timeout", 0)}


def main():
    checks = []
    for name, text, exp in CASES:
        checks.append((name, ktap.count(ktap.parse(text)), want(exp)))
    for name, text, exp in CONSOLES:
        results = ktap.console_results(text, "serial")
        checks.append((name, ktap.count_results(results), want(exp)))
        # What run.py prints for it, parsed again as a check's subtests.
        again = ktap.count(ktap.parse("\n".join(ktap.emit(results))))
        checks.append((name + ": counted the same once printed", again, want(exp)))
    print("TAP version 13")
    print(f"1..{len(checks)}")
    failed = 0
    for i, (name, got, exp) in enumerate(checks, 1):
        if got == exp:
            print(f"ok {i} {name}")
        else:
            failed += 1
            print(f"# expected {exp}, got {got}")
            print(f"not ok {i} {name}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
