#!/usr/bin/env python3
"""Print the VGA text screen that a QEMU run dumped with
'--monitor-at "REGEX=>xp /4000xb 0xb8000"': the character bytes of the
80x25 cells, one line per row.  Usage: vgatext.py SERIAL_LOG"""
import re
import sys

data = []
for line in open(sys.argv[1], errors="replace"):
    m = re.match(r"# monitor: [0-9a-f]+: (.*)", line)
    if m:
        data += [int(x, 16) for x in m.group(1).split()]
chars = data[0::2]
for row in range(0, len(chars), 80):
    print("".join(chr(c) if 32 <= c < 127 else " " for c in chars[row:row + 80]).rstrip())
