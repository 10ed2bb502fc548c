#!/usr/bin/env python3
"""Boot an image under QEMU (TCG, never KVM) with a timeout, keep its serial
log, and tell how the run ended.

  run.py --arch x86_64 --kernel xen-syms [--append "..."]
         [--module "FILE ARGS"]... [--iso ISO | --disk IMG] [--smp N] [--mem SIZE]
         [--timeout SECONDS] --log FILE [--tee] [--expect REGEX]...
         [--ktap [--expect-skips N REASON] [--crashes NAME]...]
         [--icount] [--stop-on REGEX] [--send "REGEX=>KEYS"]... [--extra "qemu args"]

--kernel boots through QEMU's Multiboot 1 loader; --iso boots a GRUB ISO
(scripts/qemu/mkiso.sh).  The machine ends itself by ACPI power off, which
makes QEMU exit; -no-reboot turns a reset into an exit too, and the
isa-debug-exit device is there for code that wants to give a status.

--icount runs the machine on instruction-counted time (QEMU's -icount
shift=4,sleep=off: one instruction is 16 ns, an idle machine skips to its
next timer): its clocks (TSC, HPET, PIT, local APIC) then follow the work
it did, not the host's wall clock, so time the host's scheduler takes
from QEMU is not seen by the machine as time it ran.  Checks that judge
the machine's time (the scheduler's shares, a timer against the HPET)
use it; it is no use for a machine that waits for --send input.

With --ktap, every KTAP document on the console is a result: the
hypervisor's own lines, and each domain's (the lines it prefixes with
"(name) ") apart.  They are printed as KTAP, one result per document named
after the log, nested as the subtests of the check that ran QEMU: appended
to the file $CHECK_KTAP when it is set (scripts/check/lib.sh's check sets
it, and numbers them), else on stdout.  Skips must be declared:
--expect-skips N REASON says how many the run's KTAP holds and why, and
any other count (0 without it) fails the run.  --crashes NAME names a
domain whose self tests are meant to die mid-way (the crash suite): its
KTAP is not counted, --expect judges it.

Exit status: 0 when QEMU exited by itself and every --expect matched (and,
with --ktap, the KTAP on the console passed with the skips declared); 1
when an expectation or a test failed; 124 on timeout (the log says
"# TIMEOUT"); 2 on usage errors.
"""

import argparse
import os
import re
import selectors
import shutil
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import ktap  # noqa: E402

QEMU = {"x86_64": "qemu-system-x86_64", "i386": "qemu-system-i386"}


def build_cmd(a):
    accel = "tcg" if a.tcg_thread == "multi" else "tcg,thread=single"
    cmd = [QEMU[a.arch], "-M", a.machine, "-accel", accel, "-m", a.mem,
           "-smp", str(a.smp), "-display", "none", "-vga", "none",
           "-serial", "stdio",
           "-device", "isa-debug-exit,iobase=0xf4,iosize=0x04"]
    if not a.reboot:
        cmd += ["-no-reboot"]
    if a.monitor_at:
        cmd += ["-chardev", f"socket,id=mon,path={a.log}.monitor,server=on,wait=off",
                "-mon", "chardev=mon,mode=readline"]
    else:
        cmd += ["-monitor", "none"]
    if a.cpu:
        cmd += ["-cpu", a.cpu]
    if a.iso:
        cmd += ["-cdrom", a.iso, "-boot", "d"]
    elif a.disk:
        # The machine's own boot loader, from the disk's MBR.
        cmd += ["-drive", f"file={a.disk},format=raw,if=virtio", "-boot", "c"]
    else:
        cmd += ["-kernel", a.kernel, "-append", a.append]
        if a.module:
            # QEMU separates modules with commas; a comma inside one is ",,".
            cmd += ["-initrd", ",".join(m.replace(",", ",,") for m in a.module)]
    if a.icount:
        cmd += ["-icount", "shift=4,sleep=off"]
    if a.extra:
        cmd += a.extra.split()
    return cmd


def monitor_command(path, command):
    """Run one QEMU monitor command; returns what it printed."""
    import socket
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
        sock.settimeout(10)
        sock.connect(path)
        buf = b""
        while not buf.endswith(b"(qemu) "):
            buf += sock.recv(4096)
        sock.sendall(command.encode() + b"\n")
        buf = b""
        while not buf.endswith(b"(qemu) "):
            buf += sock.recv(65536)
    text = re.sub(r"\x1b\[[0-9;]*[A-Za-z]", "", buf.decode("utf-8", "replace"))
    return text.replace("\r", "").rsplit("(qemu) ", 1)[0]


def run(a):
    cmd = build_cmd(a)
    if not shutil.which(cmd[0]):
        print(f"# SKIP {cmd[0]} is not installed", file=sys.stderr)
        return 4, ""
    os.makedirs(os.path.dirname(os.path.abspath(a.log)), exist_ok=True)
    start = time.monotonic()
    out = []
    with open(a.log, "w", errors="replace") as log:
        log.write("# " + " ".join(cmd) + "\n")
        # Typed input goes to the serial line through QEMU's stdin: ours
        # (--send), or the terminal's (--interactive, make qemu).
        stdin = subprocess.PIPE if a.send else None if a.interactive else subprocess.DEVNULL
        proc = subprocess.Popen(cmd, stdin=stdin,
                                stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        pending = [tuple(x.split("=>", 1)) for x in a.send]
        monitor = [tuple(x.split("=>", 1)) for x in a.monitor_at]
        marks = list(a.mark)
        sel = selectors.DefaultSelector()
        sel.register(proc.stdout, selectors.EVENT_READ)
        timed_out = stopped = False
        while True:
            left = a.timeout - (time.monotonic() - start)
            if left <= 0:
                timed_out = True
                break
            if not sel.select(timeout=min(left, 1.0)):
                if proc.poll() is not None:
                    break
                continue
            chunk = os.read(proc.stdout.fileno(), 65536)
            if not chunk:
                break
            text = chunk.decode("utf-8", "replace")
            out.append(text)
            log.write(text)
            log.flush()
            if a.tee:
                sys.stdout.write(text)
                sys.stdout.flush()
            while pending and re.search(pending[0][0], "".join(out)):
                keys = pending.pop(0)[1].encode().decode("unicode_escape")
                log.write(f"\n# typed {keys!r}\n")
                proc.stdin.write(keys.encode())
                proc.stdin.flush()
            while monitor and re.search(monitor[0][0], "".join(out)):
                command = monitor.pop(0)[1]
                reply = monitor_command(a.log + ".monitor", command)
                reply = "".join(f"# monitor: {l}\n" for l in reply.splitlines())
                log.write(f"\n# monitor command {command!r}\n{reply}")
                out.append("\n" + reply)
            for regex in [m for m in marks if re.search(m, "".join(out), re.M)]:
                marks.remove(regex)
                log.write(f"\n# mark /{regex}/ at {time.monotonic() - start:.3f} s\n")
            if a.stop_on and re.search(a.stop_on, "".join(out)):
                stopped = True
                break
        if timed_out or stopped:
            proc.kill()
        if timed_out:
            log.write(f"\n# TIMEOUT after {a.timeout} s\n")
        if stopped:
            log.write(f"\n# stopped: /{a.stop_on}/ seen\n")
        rc = proc.wait()
        elapsed = time.monotonic() - start
        log.write(f"\n# qemu exit status {rc}, {elapsed:.2f} s\n")
    return (124 if timed_out else 0 if stopped else rc), "".join(out)


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--arch", choices=sorted(QEMU), default="x86_64")
    p.add_argument("--machine", default="pc")
    p.add_argument("--cpu")
    p.add_argument("--kernel")
    p.add_argument("--append", default="")
    p.add_argument("--module", action="append", default=[])
    p.add_argument("--iso")
    p.add_argument("--disk", help="boot this raw disk image (virtio) with its own boot loader")
    p.add_argument("--reboot", action="store_true",
                   help="a reset restarts the machine (from its disk) instead of ending the run")
    p.add_argument("--smp", type=int, default=1)
    p.add_argument("--mem", default="256M")
    p.add_argument("--timeout", type=float, default=60)
    p.add_argument("--log", required=True)
    p.add_argument("--tee", action="store_true", help="also copy the console here")
    p.add_argument("--tcg-thread", choices=("multi", "single"), default="multi",
                   help="one host thread per vCPU (default), or one for all: "
                   "QEMU 7.2's multi-threaded TCG can crash in "
                   "memory_region_dispatch_write() while a guest moves PCI BARs")
    p.add_argument("--interactive", action="store_true",
                   help="the terminal's input goes to the serial line")
    p.add_argument("--expect", action="append", default=[])
    p.add_argument("--ktap", action="store_true",
                   help="judge and report the KTAP on the console")
    p.add_argument("--expect-skips", nargs=2, metavar=("N", "REASON"),
                   help="the KTAP holds exactly N skips (XFAILs included), for REASON")
    p.add_argument("--crashes", action="append", default=[], metavar="NAME",
                   help="domain NAME's self tests end in a crash by design: not counted")
    p.add_argument("--icount", action="store_true",
                   help="instruction-counted time: the host's load is not the machine's")
    p.add_argument("--mark", action="append", default=[], metavar="REGEX",
                   help="log '# mark /REGEX/ at S s' (since QEMU's start) when it first appears")
    p.add_argument("--stop-on", metavar="REGEX",
                   help="end the run when the console shows this (a halted machine)")
    p.add_argument("--send", action="append", default=[], metavar="REGEX=>KEYS",
                   help="type KEYS on the serial line once the console shows REGEX "
                        "(in order; \\n and \\xNN escapes allowed)")
    p.add_argument("--monitor-at", action="append", default=[], metavar="REGEX=>COMMAND",
                   help="run a QEMU monitor command once the console shows REGEX; "
                        "its output joins the console as '# monitor: ' lines")
    p.add_argument("--extra")
    a = p.parse_args()
    if not a.kernel and not a.iso and not a.disk:
        p.error("one of --kernel, --iso or --disk is needed")

    expected_skips = 0
    if a.expect_skips:
        if not a.ktap or not a.expect_skips[0].isdigit() or not a.expect_skips[1].strip():
            p.error("--expect-skips N REASON needs --ktap, a count and a reason")
        expected_skips = int(a.expect_skips[0])

    rc, out = run(a)
    if rc == 4 and not out:
        return 4
    clean = "\n".join(ktap.strip_console_noise(l) for l in out.splitlines())
    failed = False
    if a.ktap:
        failed = not report_ktap(a, clean, expected_skips)
    if rc == 124:
        print(f"# TIMEOUT after {a.timeout} s; log: {a.log}")
        return 124
    for regex in a.expect:
        if not re.search(regex, clean, re.M):
            print(f"# expected /{regex}/ on the console; log: {a.log}")
            failed = True
    return 1 if failed else 0


def report_ktap(a, console, expected_skips):
    """Print the console's KTAP as results (see the top); True if it passed."""
    name = os.path.basename(a.log)
    kept = "\n".join(l for l in console.splitlines()
                     if not any(l.startswith(f"({c}) ") for c in a.crashes))
    results = ktap.console_results(kept, name)
    if not results:
        results = [ktap.Result(name=name, status=ktap.ERROR, reason="no KTAP on the console")]
    dest = os.environ.get("CHECK_KTAP")
    first = 1
    if dest and os.path.exists(dest):
        with open(dest, errors="replace") as f:
            first += sum(1 for l in f if re.match(r"^(not )?ok ", l))
    lines = []
    for i, r in enumerate(results, first):
        if r.children:
            lines += ktap.emit(r.children, "  ")
        lines.append(ktap.result_line(i, r))
    if dest:
        with open(dest, "a") as f:
            f.write("".join(l + "\n" for l in lines))
    else:
        print("\n".join(lines))
    c = ktap.count_results(results)
    print(f"# KTAP: {c['pass']} passed, {c['fail']} failed, {c['skip']} skipped, "
          f"{c['xfail']} xfail, {c['error']} errors, {c['timeout']} timeouts")
    skips = ktap.skipped(results)
    ok = not (c["fail"] or c["error"] or c["timeout"])
    if len(skips) != expected_skips:
        why = f" ({a.expect_skips[1]})" if a.expect_skips else ""
        print(f"# expected {expected_skips} skipped{why}, found {len(skips)}; log: {a.log}")
        ok = False
    for r in skips:
        print(f"#   {r.status}: {r.name}: {r.reason}")
    return ok


if __name__ == "__main__":
    sys.exit(main())
