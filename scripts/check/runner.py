#!/usr/bin/env python3
"""Run the test manifest and print one nested TAP report and the summary.

  runner.py MANIFEST [--only NAME]...

The manifest (scripts/check/tests.cfg) lists one test script a line:

  <name>  <timeout in seconds>  <script, relative to scripts/check/tests/>

Each script prints TAP (or KTAP) on its stdout; its whole output is kept
in $CHECK_OUT/logs/<name>.log and echoed indented under the script's own
result line.  A script that times out is "not ok ... # TIMEOUT"; one that
exits non-zero without reporting a failure is an error.  The last line is
the count of every leaf result, the cases that ran inside the hypervisor
and the guests included (a check nests its QEMU runs' KTAP): "N passed,
N failed, N skipped".  Errors, timeouts and a parent's own "not ok" count
as failed; XFAILs (known failures) count as skipped (scripts/ktap.py).
"""

import argparse
import os
import signal
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
import ktap  # noqa: E402


def read_manifest(path):
    tests = []
    with open(path) as f:
        for lineno, line in enumerate(f, 1):
            line = line.split("#", 1)[0].strip()
            if not line:
                continue
            parts = line.split()
            if len(parts) != 3 or not parts[1].isdigit():
                sys.exit(f"{path}:{lineno}: expected '<name> <timeout> <script>', "
                         f"found '{line}'")
            tests.append((parts[0], int(parts[1]), parts[2]))
    return tests


def run_one(name, timeout, script, logdir):
    log_path = os.path.join(logdir, name + ".log")
    start = time.monotonic()
    with open(log_path, "w") as log:
        proc = subprocess.Popen(["bash", os.path.join(HERE, "tests", script)],
                                stdout=subprocess.PIPE, stderr=log,
                                stdin=subprocess.DEVNULL, start_new_session=True,
                                text=True, errors="replace")
        try:
            out, _ = proc.communicate(timeout=timeout)
            timed_out = False
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            out, _ = proc.communicate()
            timed_out = True
        log.write("\n# stdout:\n" + out)
    return out, proc.returncode, timed_out, time.monotonic() - start, log_path


def main():
    p = argparse.ArgumentParser()
    p.add_argument("manifest")
    p.add_argument("--only", action="append", default=[])
    a = p.parse_args()

    out_dir = os.environ.setdefault("CHECK_OUT", os.path.abspath("out/check"))
    logdir = os.path.join(out_dir, "logs")
    os.makedirs(logdir, exist_ok=True)
    tests = [t for t in read_manifest(a.manifest) if not a.only or t[0] in a.only]

    totals = dict.fromkeys(ktap.STATUSES, 0)
    print("TAP version 13")
    print(f"1..{len(tests)}")
    sys.stdout.flush()
    for i, (name, timeout, script) in enumerate(tests, 1):
        out, rc, timed_out, secs, log_path = run_one(name, timeout, script, logdir)
        for line in out.splitlines():
            print("  " + line)
        suite = ktap.parse(out)
        c = ktap.count(suite)
        if timed_out:
            c[ktap.TIMEOUT] += 1
            status = f"not ok {i} {name} # TIMEOUT after {timeout} s"
        elif c[ktap.FAIL] or c[ktap.ERROR] or c[ktap.TIMEOUT]:
            status = f"not ok {i} {name}"
        elif rc != 0:
            c[ktap.ERROR] += 1
            status = f"not ok {i} {name} # ERROR exit status {rc} with no failure reported"
        elif c[ktap.PASS] == 0 and (c[ktap.SKIP] or c[ktap.XFAIL]):
            status = f"ok {i} {name} # SKIP"
        else:
            status = f"ok {i} {name}"
        print(f"{status}  ({secs:.1f} s, log {os.path.relpath(log_path)})")
        sys.stdout.flush()
        for k in totals:
            totals[k] += c[k]

    failed = totals[ktap.FAIL] + totals[ktap.ERROR] + totals[ktap.TIMEOUT]
    print(f"# Totals: pass:{totals[ktap.PASS]} fail:{totals[ktap.FAIL]} "
          f"xfail:{totals[ktap.XFAIL]} xpass:0 skip:{totals[ktap.SKIP]} "
          f"error:{totals[ktap.ERROR] + totals[ktap.TIMEOUT]}")
    print(f"{totals[ktap.PASS]} passed, {failed} failed, "
          f"{totals[ktap.SKIP] + totals[ktap.XFAIL]} skipped")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
