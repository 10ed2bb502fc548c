#!/usr/bin/env python3
"""Parse TAP 13 and KTAP v1 as they appear on a console or a pipe.

The hypervisor and kernel-xen print KTAP on a serial line that also carries
boot messages, so lines that are not TAP are ignored (KTAP allows that).
Nested KTAP (two spaces of indentation per level) is read as a tree; a
parent's result line closes its children.  A console may carry several
documents one after the other (the hypervisor's self tests, then domain
0's): each "KTAP version 1" at the outer level after results starts a new
one.

One vocabulary for every layer: pass, fail, skip (with a reason), xfail,
error (the test or its environment is broken), timeout.  Counting:

- a tree is counted by its leaves; a parent's own "not ok" counts as one
  failure more when none of its leaves failed (the parent saw something
  its children did not report);
- a plan that promises more results than arrive means the run ended
  early: the missing ones count as errors ("crash"), and a suite whose
  result line never came is an error holding the results it printed;
- XFAIL, however written ("ok ... # XFAIL" as kselftest prints it, "not
  ok ... # XFAIL", TAP's "not ok ... # TODO"), is a known failure: it is
  counted with the skips, never as a pass.  An expected failure that
  passed ("# XPASS", "ok ... # TODO") is a failure: the expectation is
  stale.

As a command:  ktap.py FILE...  prints one line per top-level result and
the counts, and exits 1 if anything failed or erred.
ktap.py --expect-skips N REASON FILE  lists FILE's skipped leaves and exits
1 unless there are exactly N (the check's declared skips, for REASON).
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
SUBTEST_RE = re.compile(r"^(?P<indent>(?:  )*)# Subtest: (?P<name>.*\S)\s*$")
# A domain's console line as the hypervisor forwards it: "(name) text".
PREFIX_RE = re.compile(r"^\((?P<name>[A-Za-z0-9_.:-]+)\) ?(?P<text>.*)$")

PASS, FAIL, SKIP, XFAIL, ERROR, TIMEOUT = "pass", "fail", "skip", "xfail", "error", "timeout"
STATUSES = (PASS, FAIL, SKIP, XFAIL, ERROR, TIMEOUT)
BAD = (FAIL, ERROR, TIMEOUT)


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
    name: str = ""


def _status(ok: str, directive: Optional[str]) -> str:
    d = (directive or "").upper()
    if d == "SKIP":
        return SKIP
    if d == "TIMEOUT":
        return TIMEOUT
    if d == "ERROR":
        return ERROR
    if d == "XFAIL":
        return XFAIL
    if d == "XPASS":
        return FAIL
    if d == "TODO":
        return XFAIL if ok == "not ok" else FAIL
    return PASS if ok == "ok" else FAIL


def strip_console_noise(line: str) -> str:
    """Drop carriage returns and terminal escapes (GRUB writes some)."""
    line = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", line)
    return line.replace("\r", "").rstrip("\n")


def _close_to(stack, level: int) -> None:
    """Close every open suite deeper than level whose result line never
    came: each becomes an error holding the results it printed."""
    while len(stack) > 1 and stack[-1][0] > level:
        _, suite = stack.pop()
        stack[-1][1].results.append(Result(
            name=suite.name or "suite", status=ERROR,
            reason="no result line: crashed or ended early", children=finish(suite)))


def parse_documents(text: str) -> List[Suite]:
    """Every document on the console, in order; each is a Suite."""
    docs = [Suite()]
    # stack of (indent level, Suite) for nested KTAP blocks
    stack = [(0, docs[0])]
    pending_name = {}          # level -> "# Subtest:" name not yet used
    for raw in text.splitlines():
        line = strip_console_noise(raw)
        m = VERSION_RE.match(line)
        if m:
            level = len(m.group("indent")) // 2
            if level == 0:
                _close_to(stack, 0)
                top = stack[0][1]
                if top.results or top.plan is not None:
                    docs.append(Suite())
                    stack = [(0, docs[-1])]
                pending_name.clear()
            elif level > stack[-1][0]:
                stack.append((level, Suite(name=pending_name.pop(level, ""))))
            continue
        m = SUBTEST_RE.match(line)
        if m:
            level = len(m.group("indent")) // 2
            if stack[-1][0] == level and not stack[-1][1].name and level:
                stack[-1][1].name = m.group("name")
            else:
                pending_name[level] = m.group("name")
            continue
        m = PLAN_RE.match(line)
        if m:
            level = len(m.group("indent")) // 2
            _close_to(stack, level)
            if level > stack[-1][0]:
                stack.append((level, Suite(name=pending_name.pop(level, ""))))
            suite = stack[-1][1]
            if level == 0 and suite.plan is not None and suite.results:
                docs.append(Suite())   # a second bare plan: another document
                stack = [(0, docs[-1])]
                suite = docs[-1]
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
            stack.append((level, Suite(name=pending_name.pop(level, ""))))
        pending_name.pop(level + 1, None)
        status = _status(m.group("ok"), m.group("directive"))
        if status == PASS and any(c.status in BAD for c in children):
            status = FAIL
        stack[-1][1].results.append(Result(
            name=(m.group("desc") or "").strip() or f"test {m.group('num')}",
            status=status, reason=(m.group("reason") or "").strip(),
            children=children))
    _close_to(stack, 0)
    return [d for d in docs if d.results or d.plan is not None] or [docs[0]]


def parse(text: str) -> Suite:
    """Parse every result.  One document is returned as it is; several
    are returned as one suite with a result per document."""
    docs = parse_documents(text)
    if len(docs) == 1:
        return docs[0]
    return Suite(plan=len(docs), results=[
        as_result(d, f"document {i}") for i, d in enumerate(docs, 1)])


def finish(suite: Suite) -> List[Result]:
    """A suite's results, with an error for each result its plan promised."""
    results = list(suite.results)
    if suite.plan is not None and len(results) < suite.plan:
        for i in range(len(results), suite.plan):
            results.append(Result(name=f"test {i + 1}", status=ERROR,
                                  reason="no result: crashed or ended early"))
    return results


def as_result(suite: Suite, name: str) -> Result:
    """A whole document as one result whose children are its results."""
    if suite.plan == 0 and suite.plan_skip_reason is not None:
        return Result(name=name, status=SKIP, reason=suite.plan_skip_reason)
    results = finish(suite)
    if not results:
        if suite.plan is None:
            return Result(name=name, status=ERROR, reason="no TAP: nothing ran")
        return Result(name=name, status=SKIP, reason="an empty plan: nothing to run")
    c = count_results(results)
    status = FAIL if c[FAIL] or c[ERROR] or c[TIMEOUT] else PASS
    return Result(name=name, status=status, children=results)


def leaves(results: List[Result]):
    """Every leaf result: a parent with children is counted by them."""
    for r in results:
        if r.children:
            yield from leaves(r.children)
        else:
            yield r


def count_results(results: List[Result], c: Optional[dict] = None) -> dict:
    """Count a list of results by their leaves, recursively; a parent's
    own failure counts once more if no leaf under it failed."""
    if c is None:
        c = dict.fromkeys(STATUSES, 0)
    for r in results:
        if not r.children:
            c[r.status] += 1
            continue
        sub = count_results(r.children)
        if r.status in BAD and not (sub[FAIL] or sub[ERROR] or sub[TIMEOUT]):
            sub[r.status] += 1
        for k in STATUSES:
            c[k] += sub[k]
    return c


def count(suite: Suite) -> dict:
    c = dict.fromkeys(STATUSES, 0)
    if suite.plan == 0 and suite.plan_skip_reason is not None:
        c[SKIP] += 1
        return c
    results = finish(suite)
    if suite.plan is None and not results:
        c[ERROR] += 1      # no plan and no result: nothing ran
        return c
    return count_results(results, c)


def skipped(results: List[Result]):
    """Every skipped or XFAIL leaf, for reports."""
    return [r for r in leaves(results) if r.status in (SKIP, XFAIL)]


def emit(results: List[Result], indent: str = "", version: bool = True) -> List[str]:
    """KTAP lines for results, their children nested before each."""
    lines = []
    if version:
        lines.append(indent + "KTAP version 1")
    lines.append(f"{indent}1..{len(results)}")
    for i, r in enumerate(results, 1):
        if r.children:
            lines += emit(r.children, indent + "  ")
        lines.append(indent + result_line(i, r))
    return lines


def result_line(num: int, r: Result) -> str:
    ok = "ok" if r.status in (PASS, SKIP, XFAIL) else "not ok"
    directive = {SKIP: "SKIP", XFAIL: "XFAIL", ERROR: "ERROR",
                 TIMEOUT: "TIMEOUT"}.get(r.status)
    name = r.name.replace("#", "")
    line = f"{ok} {num} {name}"
    if directive:
        line += f" # {directive}" + (f" {r.reason}" if r.reason else "")
    return line


def split_consoles(text: str) -> List[tuple]:
    """A serial log split by who wrote each line: [(name, text)], the
    hypervisor's own lines (and domain 0's) first as "", then each
    domain whose lines the hypervisor prefixes with "(name) "."""
    streams = {"": []}
    for raw in text.splitlines():
        line = strip_console_noise(raw)
        m = PREFIX_RE.match(line)
        if m:
            streams.setdefault(m.group("name"), []).append(m.group("text"))
        else:
            streams[""].append(line)
    return [(k, "\n".join(v)) for k, v in streams.items()]


def console_results(text: str, name: str) -> List[Result]:
    """One result per KTAP document found on a console, each named after
    the console (name, "name (domain)", "name #2" ...).  Streams with no
    TAP at all are not results."""
    out = []
    for who, stream in split_consoles(text):
        docs = [d for d in parse_documents(stream) if d.results or d.plan is not None]
        for i, d in enumerate(docs, 1):
            label = name + (f" ({who})" if who else "") + (f" #{i}" if i > 1 else "")
            out.append(as_result(d, label))
    return out


def expect_skips(n: int, reason: str, path: str) -> int:
    with open(path, errors="replace") as f:
        found = skipped(finish(parse(f.read())))
    for r in found:
        print(f"{r.status}: {r.name}: {r.reason}")
    if len(found) != n:
        print(f"expected {n} skipped ({reason}), found {len(found)}")
        return 1
    return 0


def main(argv):
    if len(argv) == 5 and argv[1] == "--expect-skips" and argv[2].isdigit():
        return expect_skips(int(argv[2]), argv[3], argv[4])
    if len(argv) < 2 or argv[1].startswith("-"):
        print(__doc__.strip().splitlines()[0])
        print("usage: ktap.py FILE...\n       ktap.py --expect-skips N REASON FILE",
              file=sys.stderr)
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
              f"{c[XFAIL]} xfail, {c[ERROR]} errors, {c[TIMEOUT]} timeouts")
        bad += c[FAIL] + c[ERROR] + c[TIMEOUT]
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
