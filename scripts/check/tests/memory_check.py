#!/usr/bin/env python3
"""Check a boot log's memory figures against its own firmware map.

Recomputes, independently of common/memmap.c, the pages the hypervisor
may use: RAM entries of the printed map, less every non-RAM entry and
every "kept for" range, rounded inwards to pages, below the CPU's
address limit when the log says RAM above it was ignored.  Then checks
the boot's summary line: usable pages as computed, free = usable - boot
use, and the boot use is the frame table (max_page entries of
--page-info-size bytes) plus at most --max-pagetables page tables.

Usage: memory_check.py LOG --page-info-size N [--max-pagetables N]
       [--min-free-mib N]
Exit 0 if every check holds; else prints what differs and exits 1.
"""
import argparse
import re
import sys

PAGE = 4096


def subtract(ranges, hole):
    hs, he = hole
    out = []
    for s, e in ranges:
        if he <= s or hs >= e:
            out.append((s, e))
            continue
        if s < hs:
            out.append((s, hs))
        if he < e:
            out.append((he, e))
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("log")
    ap.add_argument("--page-info-size", type=int, required=True)
    ap.add_argument("--max-pagetables", type=int, default=64)
    ap.add_argument("--min-free-mib", type=int, default=0)
    a = ap.parse_args()
    text = open(a.log, errors="replace").read()

    fw = [(int(s, 16), int(e, 16), t) for s, e, t in
          re.findall(r"Memory map: \[([0-9a-f]+), ([0-9a-f]+)\) (.+)", text)]
    kept = [(int(s, 16), int(e, 16)) for s, e in
            re.findall(r"Memory: \[([0-9a-f]+), ([0-9a-f]+)\) kept for", text)]
    m = re.search(r"Memory: (\d+) pages free = (\d+) usable - (\d+) for", text)
    mp = re.search(r"max_page (0x[0-9a-f]+)", text)
    mib = re.search(r"Memory: (\d+) MiB free of (\d+) MiB", text)
    if not (fw and m and mp and mib):
        print("memory_check: no memory map or summary in the log")
        return 1
    free, usable, boot = map(int, m.groups())
    max_page = int(mp.group(1), 16)
    limit = 1 << 64
    lim = re.search(r"RAM above (\d+) MiB ignored: the CPU", text)
    if lim:
        limit = int(lim.group(1)) << 20

    ram = sorted((s, min(e, limit)) for s, e, t in fw if t.strip() == "RAM" and s < limit)
    for s, e, t in fw:
        if t.strip() != "RAM":
            ram = subtract(ram, (s, e))
    for k in kept:
        ram = subtract(ram, k)
    pages = 0
    top = 0
    for s, e in ram:
        s = (s + PAGE - 1) // PAGE
        e = e // PAGE
        if e > s:
            pages += e - s
            top = max(top, e)

    errors = []
    if pages != usable:
        errors.append(f"usable pages: log says {usable}, the map gives {pages}")
    if top != max_page:
        errors.append(f"max_page: log says {max_page:#x}, the map gives {top:#x}")
    if free != usable - boot:
        errors.append(f"free {free} != usable {usable} - boot {boot}")
    ft = (max_page * a.page_info_size + PAGE - 1) // PAGE
    if not ft <= boot <= ft + a.max_pagetables:
        errors.append(f"boot used {boot} pages; the frame table alone is {ft}, "
                      f"page tables at most {a.max_pagetables}")
    if int(mib.group(1)) != free >> 8:
        errors.append(f"summary says {mib.group(1)} MiB free, the count {free >> 8}")
    if int(mib.group(1)) < a.min_free_mib:
        errors.append(f"only {mib.group(1)} MiB free, expected >= {a.min_free_mib}")
    for e in errors:
        print("memory_check:", e)
    if not errors:
        print(f"memory_check: {free} pages free = {usable} usable - {boot} boot "
              f"(frame table {ft}); max_page {max_page:#x}")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
