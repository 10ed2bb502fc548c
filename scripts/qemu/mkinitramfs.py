#!/usr/bin/env python3
"""Make an initramfs (newc cpio) holding /dev/console, /init and more files.

    mkinitramfs.py INIT OUTPUT [DEST=SOURCE]...

Each DEST=SOURCE adds the host file SOURCE at DEST (a path inside the
archive, such as bin/busybox); its mode is kept, and the directories on
the way are made.  A DEST ending in "/" with a SOURCE directory adds the
whole tree (kernel modules, say).

Written here rather than with cpio(1), which a fresh machine may lack, and
because a device node needs no root to describe in the archive.
"""
import os
import stat
import sys


def entry(name, mode, data=b"", rdev=(0, 0), ino=[0]):
    ino[0] += 1
    fields = [ino[0], mode, 0, 0, 1, 0, len(data), 0, 0, rdev[0], rdev[1],
              len(name) + 1, 0]
    out = b"070701" + "".join("%08x" % f for f in fields).encode()
    out += name.encode() + b"\0"
    out += b"\0" * (-len(out) % 4)
    return out + data + b"\0" * (-len(data) % 4)


class Archive:
    def __init__(self):
        self.data = b""
        self.dirs = set()

    def mkdirs(self, path):
        parts = path.split("/")[:-1]
        for i in range(1, len(parts) + 1):
            d = "/".join(parts[:i])
            if d and d not in self.dirs:
                self.dirs.add(d)
                self.data += entry(d, 0o040755)

    def add_file(self, dest, src):
        self.mkdirs(dest)
        st = os.lstat(src)
        if stat.S_ISLNK(st.st_mode):
            self.data += entry(dest, 0o120777, os.readlink(src).encode())
        else:
            with open(src, "rb") as f:
                self.data += entry(dest, 0o100000 | (st.st_mode & 0o777), f.read())

    def add_tree(self, dest, src):
        for root, dirs, files in os.walk(src):
            dirs.sort()
            rel = os.path.relpath(root, src)
            for name in sorted(files):
                path = name if rel == "." else os.path.join(rel, name)
                self.add_file(dest + path, os.path.join(root, name))


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    a = Archive()
    a.mkdirs("dev/")
    a.data += entry("dev/console", 0o020600, rdev=(5, 1))
    with open(sys.argv[1], "rb") as f:
        a.data += entry("init", 0o100755, f.read())
    for arg in sys.argv[3:]:
        dest, sep, src = arg.partition("=")
        if not sep or not dest or not os.path.exists(src):
            sys.exit(f"mkinitramfs.py: '{arg}': want DEST=SOURCE with SOURCE present")
        if dest.endswith("/") and os.path.isdir(src):
            a.add_tree(dest, src)
        else:
            a.add_file(dest, src)
    a.data += entry("TRAILER!!!", 0)
    with open(sys.argv[2], "wb") as f:
        f.write(a.data)


if __name__ == "__main__":
    main()
