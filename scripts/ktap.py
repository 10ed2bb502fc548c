#!/usr/bin/env python3
"""Parse TAP 13 and KTAP v1 as they appear on a console or a pipe.

The hypervisor and kernel-xen print KTAP on a serial line that also carries
boot messages, so lines that are not TAP are ignored (KTAP allows that).
Nested KTAP (two spaces of indentation per level) is read as a tree; a
parent's result line closes its children.

One vocabulary for every layer: pass, fail, skip (with a reason), error
(the test or its environment is broken), timeout.  A plan that promises
more results than arrive means the run ended early: the missing ones count
as errors ("crash").

As a command:  ktap.py FILE...  prints one line per top-level result and
the counts, and exits 1 if anything failed or erred.
"""

import re
import sys
from dataclasses import dataclass, field
from typing import List, Optional

RESULT_RE = re.compile(
    r"^(?P<indent>(?:  )*)(?P<ok>ok|not ok)(?: (?P<num>\d+))?"
    r"(?: -)?(?: (?P<desc>[^#]*?))?\s*(?:#\s*(?P<directive>[A-Za-z]+)\b\s*(?P<reason>.*))?$")
PLAN_RE = re.compile(r"^(?P<indent>(?:  )*)1\.\.(?P<count>\d+)(?:\s*#\s*(?P<directive>\w+)\s*(?P<reason>.*))?$")
VERSION_RE = re.compile(r"^(?P<indent>(?:  )*)(?:KTAP version 1|TAP version 1[34])\s*$")

PASS, FAIL, SKIP, ERROR, TIMEOUT = "pass", "fail", "skip", "error", "timeout"


@dataclass
class Result:
    name: str
    status: str
    reason: str = ""
    children: List["Result"] = field(default_factory=list)


@dataclass
class Suite:
    plan: Optional[int] = None
    results: List[Result] = field(default_factory=list)
    plan_skip_reason: Optional[str] = None


def _status(ok: str, directive: Optional[str]) -> str:
    d = (directive or "").upper()
    if d == "SKIP":
        return SKIP
    if d == "TIMEOUT":
        return TIMEOUT
    if d == "ERROR":
        return ERROR
    if d in ("TODO", "XFAIL"):
        return PASS if ok == "not ok" else FAIL
    return PASS if ok == "ok" else FAIL


def strip_console_noise(line: str) -> str:
    """Drop carriage returns and terminal escapes (GRUB writes some)."""
    line = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", line)
    return line.replace("\r", "").rstrip("\n")


def parse(text: str) -> Suite:
    """Parse every result; the outermost level is the returned Suite."""
    top = Suite()
    # stack of (indent level, Suite) for nested KTAP blocks
    stack = [(0, top)]
    for raw in text.splitlines():
        line = strip_console_noise(raw)
        m = VERSION_RE.match(line)
        if m:
            level = len(m.group("indent")) // 2
            if level > stack[-1][0]:
                stack.append((level, Suite()))
            continue
        m = PLAN_RE.match(line)
        if m:
            level = len(m.group("indent")) // 2
            while len(stack) > 1 and stack[-1][0] > level:
                stack.pop()
            if level > stack[-1][0]:
                stack.append((level, Suite()))
            suite = stack[-1][1]
            suite.plan = int(m.group("count"))
            if suite.plan == 0 and (m.group("directive") or "").upper() == "SKIP":
                suite.plan_skip_reason = m.group("reason") or ""
            continue
        m = RESULT_RE.match(line)
        if not m:
            continue
        level = len(m.group("indent")) // 2
        # A result at this level closes every deeper block: they are its children.
        children = []
        while len(stack) > 1 and stack[-1][0] > level:
            _, closed = stack.pop()
            children = finish(closed)
        if level > stack[-1][0]:
            stack.append((level, Suite()))
        status = _status(m.group("ok"), m.group("directive"))
        if status == PASS and any(c.status in (FAIL, ERROR, TIMEOUT) for c in children):
            status = FAIL
        stack[-1][1].results.append(Result(
            name=(m.group("desc") or "").strip() or f"test {m.group('num')}",
            status=status, reason=(m.group("reason") or "").strip(),
            children=children))
    return top


def finish(suite: Suite) -> List[Result]:
    """A suite's results, with an error for each result its plan promised."""
    results = list(suite.results)
    if suite.plan is not None and len(results) < suite.plan:
        for i in range(len(results), suite.plan):
            results.append(Result(name=f"test {i + 1}", status=ERROR,
                                  reason="no result: crashed or ended early"))
    return results


def leaves(results: List[Result]):
    """Every leaf result: a parent with children is counted by them."""
    for r in results:
        if r.children:
            yield from leaves(r.children)
        else:
            yield r


def count(suite: Suite) -> dict:
    c = {PASS: 0, FAIL: 0, SKIP: 0, ERROR: 0, TIMEOUT: 0}
    if suite.plan == 0 and suite.plan_skip_reason is not None:
        c[SKIP] += 1
        return c
    results = finish(suite)
    if suite.plan is None and not results:
        c[ERROR] += 1      # no plan and no result: nothing ran
        return c
    for r in leaves(results):
        c[r.status] += 1
    return c


def main(argv):
    if len(argv) < 2:
        print(__doc__.strip().splitlines()[0])
        print("usage: ktap.py FILE...", file=sys.stderr)
        return 2
    bad = 0
    for path in argv[1:]:
        with open(path, errors="replace") as f:
            suite = parse(f.read())
        for r in finish(suite):
            extra = f" # {r.status.upper()} {r.reason}" if r.status != PASS else ""
            print(f"{path}: {r.name}: {r.status}{extra}")
        c = count(suite)
        print(f"{path}: {c[PASS]} passed, {c[FAIL]} failed, {c[SKIP]} skipped, "
              f"{c[ERROR]} errors, {c[TIMEOUT]} timeouts")
        bad += c[FAIL] + c[ERROR] + c[TIMEOUT]
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
