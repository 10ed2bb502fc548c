#!/usr/bin/env python3
"""Make an initramfs (newc cpio) holding /dev/console and /init.

    mkinitramfs.py INIT OUTPUT

Written here rather than with cpio(1), which a fresh machine may lack, and
because a device node needs no root to describe in the archive.
"""
import sys


def entry(name, mode, data=b"", rdev=(0, 0), ino=[0]):
    ino[0] += 1
    fields = [ino[0], mode, 0, 0, 1, 0, len(data), 0, 0, rdev[0], rdev[1],
              len(name) + 1, 0]
    out = b"070701" + "".join("%08x" % f for f in fields).encode()
    out += name.encode() + b"\0"
    out += b"\0" * (-len(out) % 4)
    return out + data + b"\0" * (-len(data) % 4)


def main():
    init = open(sys.argv[1], "rb").read()
    archive = entry("dev", 0o040755)
    archive += entry("dev/console", 0o020600, rdev=(5, 1))
    archive += entry("init", 0o100755, init)
    archive += entry("TRAILER!!!", 0)
    open(sys.argv[2], "wb").write(archive)


if __name__ == "__main__":
    main()
