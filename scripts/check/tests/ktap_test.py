#!/usr/bin/env python3
"""The KTAP/TAP parser (scripts/ktap.py) on console-like input: boot noise
is ignored, nested suites are counted by their leaves, a failing child
fails its parent, SKIP/TIMEOUT/ERROR directives are kept, a plan that
promises more results than arrive counts the missing ones as errors, and
terminal escapes (GRUB's) do not hide results."""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
import ktap  # noqa: E402

CASES = [
    ("noise and a flat plan",
     "boot\nKTAP version 1\n1..2\nok 1 a\nxen: hello\nok 2 b\n",
     dict(pass_=2, fail=0, skip=0, error=0)),
    ("nested, a failing child fails its parent",
     "KTAP version 1\n1..2\n  KTAP version 1\n  1..2\n  ok 1 x\n  not ok 2 y\nok 1 s1\nok 2 s2\n",
     dict(pass_=2, fail=1, skip=0, error=0)),
    ("skip and timeout directives",
     "TAP version 13\n1..3\nok 1 a # SKIP no hw\nnot ok 2 b # TIMEOUT 30s\nok 3 c\n",
     dict(pass_=1, fail=0, skip=1, error=0, timeout=1)),
    ("a crash leaves results missing",
     "KTAP version 1\n1..4\nok 1 a\nok 2 b\n(panic)\n",
     dict(pass_=2, fail=0, skip=0, error=2)),
    ("nothing at all is an error",
     "just boot messages\n",
     dict(pass_=0, fail=0, skip=0, error=1)),
    ("a skipped plan",
     "1..0 # SKIP not configured\n",
     dict(pass_=0, fail=0, skip=1, error=0)),
    ("escapes and carriage returns",
     "\x1b[2J\x1b[1;1HKTAP version 1\r\n1..1\r\nok 1 a\r\n",
     dict(pass_=1, fail=0, skip=0, error=0)),
    ("XFAIL counts as a pass, error directive as an error",
     "1..2\nnot ok 1 known # XFAIL bug 1\nnot ok 2 env # ERROR no disk\n",
     dict(pass_=1, fail=0, skip=0, error=1)),
]


def main():
    print("TAP version 13")
    print(f"1..{len(CASES)}")
    failed = 0
    for i, (name, text, want) in enumerate(CASES, 1):
        got = ktap.count(ktap.parse(text))
        exp = {"pass": want["pass_"], "fail": want["fail"], "skip": want["skip"],
               "error": want["error"], "timeout": want.get("timeout", 0)}
        if got == exp:
            print(f"ok {i} {name}")
        else:
            failed += 1
            print(f"# expected {exp}, got {got}")
            print(f"not ok {i} {name}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
