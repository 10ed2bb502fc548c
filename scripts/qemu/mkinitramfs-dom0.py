#!/usr/bin/env python3
"""Make the initramfs of the Linux domain 0 system test.

    mkinitramfs-dom0.py [--tree DIR] MODULES_DIR BUSYBOX INIT OUTPUT [MODULE]...

MODULES_DIR is a kernel's /lib/modules/<version> (scripts/qemu/linux-dom0.sh
prints it), BUSYBOX a static busybox, INIT the /init script
(scripts/qemu/dom0-init.sh).  The archive holds /bin/busybox (init makes
the applet links at boot with "busybox --install -s"), /init, and the
MODULEs named (default: the list below; a MODULE written +NAME adds NAME
to that list) with every module they depend on,
uncompressed, in lib/modules/<version>/ with a modules.dep of their own and
lib/modules/<version>/load-order: one module a line, dependencies first,
for insmod.

A Debian package ships no modules.dep (depmod makes it when the package is
installed), so the dependencies are read here from each module's .modinfo
section: "depends=" (hard) and "softdep=pre: ..." (ext4 and libcrc32c
want a crc32c implementation: the generic one, which needs no SSE4.2).
Modules compressed with xz are decompressed here: busybox's insmod reads
plain ELF only.

--tree DIR adds the tree under DIR at the archive's root (symbolic links
kept): the toolstack installed with DESTDIR=DIR and the host's shared
libraries it needs (scripts/check/tests/linux-tools.sh makes it).
"""
import lzma
import os
import struct
import subprocess
import sys

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import mkinitramfs  # noqa: E402

# What the checks of dom0-init.sh need: the Xen drivers a toolstack uses,
# the backends, two NICs, two disk controllers, a filesystem, bridge, loop.
DEFAULT = """
    xenfs xen-privcmd xen-evtchn xen-gntdev xen-gntalloc xen-netback xen-blkback
    e1000 virtio_pci virtio_net virtio_blk ahci sd_mod ext4 bridge loop
""".split()


def modinfo(data):
    """The key=value strings of an ELF64 module's .modinfo section."""
    if data[:4] != b"\x7fELF" or data[4] != 2:
        raise ValueError("not an ELF64 object")
    shoff, = struct.unpack_from("<Q", data, 0x28)
    shentsize, shnum, shstrndx = struct.unpack_from("<HHH", data, 0x3a)

    def section(i):
        name, _, _, _, off, size = struct.unpack_from("<IIQQQQ", data, shoff + i * shentsize)
        return name, off, size
    _, stroff, _ = section(shstrndx)
    for i in range(shnum):
        name, off, size = section(i)
        if data[stroff + name:data.index(b"\0", stroff + name)] == b".modinfo":
            return [s.decode() for s in data[off:off + size].split(b"\0") if s]
    return []


def read_module(path):
    if path.endswith(".xz"):
        return lzma.decompress(open(path, "rb").read())
    if path.endswith(".zst"):
        return subprocess.run(["zstd", "-dc", path], check=True, capture_output=True).stdout
    return open(path, "rb").read()


def canon(name):
    return name.replace("-", "_")


def index(moddir):
    """name -> (path relative to moddir, .modinfo fields) for every module."""
    mods = {}
    for root, _, files in os.walk(os.path.join(moddir, "kernel")):
        for f in files:
            for ext in (".ko", ".ko.xz", ".ko.zst"):
                if f.endswith(ext):
                    rel = os.path.relpath(os.path.join(root, f), moddir)
                    mods[canon(f[:-len(ext)])] = rel
    return mods


class Resolver:
    def __init__(self, moddir):
        self.moddir = moddir
        self.paths = index(moddir)
        self.info = {}
        self.order = []
        self.deps = {}

    def fields(self, name, key):
        if name not in self.info:
            data = read_module(os.path.join(self.moddir, self.paths[name]))
            self.info[name] = (data, modinfo(data))
        prefix = key + "="
        return [f[len(prefix):] for f in self.info[name][1] if f.startswith(prefix)]

    def by_alias(self, alias):
        """A module for a softdep name: itself, else the generic one among
        those that carry that alias (crc32c: crc32c_generic)."""
        if canon(alias) in self.paths:
            return canon(alias)
        known = sorted(n for n in self.info if alias in self.fields(n, "alias"))
        if not known:
            known = sorted(n for n in self.paths if "generic" in n and
                           alias in self.fields(n, "alias"))
        return known[0] if known else None

    def add(self, name, stack=()):
        name = canon(name)
        if name in self.deps:
            return
        if name not in self.paths:
            raise SystemExit(f"mkinitramfs-dom0.py: no module {name} in {self.moddir}")
        if name in stack:
            raise SystemExit(f"mkinitramfs-dom0.py: dependency loop at {name}")
        deps = [canon(d) for f in self.fields(name, "depends") for d in f.split(",") if d]
        for soft in self.fields(name, "softdep"):
            words = soft.split()
            if words and words[0] == "pre:":
                for w in words[1:]:
                    if w.endswith(":"):
                        break
                    m = self.by_alias(w)
                    if m:
                        deps.append(m)
        for d in deps:
            self.add(d, stack + (name,))
        self.deps[name] = deps
        self.order.append(name)

    def dest(self, name):
        rel = self.paths[name]
        for ext in (".xz", ".zst"):
            if rel.endswith(ext):
                rel = rel[:-len(ext)]
        return rel


def main():
    args = sys.argv[1:]
    tree = None
    if args[:1] == ["--tree"] and len(args) > 1:
        tree = args[1]
        args = args[2:]
    if len(args) < 4:
        sys.exit(__doc__)
    moddir, busybox, init, output = args[:4]
    wanted = args[4:] or DEFAULT
    if wanted and all(w.startswith("+") for w in wanted):
        wanted = DEFAULT + [w[1:] for w in wanted]
    moddir = moddir.rstrip("/")
    version = os.path.basename(moddir)
    r = Resolver(moddir)
    for name in wanted:
        r.add(name)

    a = mkinitramfs.Archive()
    a.mkdirs("dev/")
    a.data += mkinitramfs.entry("dev/console", 0o020600, rdev=(5, 1))
    with open(init, "rb") as f:
        a.data += mkinitramfs.entry("init", 0o100755, f.read())
    a.add_file("bin/busybox", busybox)
    if tree:
        a.add_tree("", tree.rstrip("/") + "/")
    base = f"lib/modules/{version}/"
    dep_lines = []
    for name in r.order:
        a.mkdirs(base + r.dest(name))
        a.data += mkinitramfs.entry(base + r.dest(name), 0o100644, r.info[name][0])
        # modules.dep lists every module needed, nearest first, as depmod does.
        closure, todo = [], list(r.deps[name])
        while todo:
            d = todo.pop(0)
            if d not in closure:
                closure.append(d)
                todo += r.deps[d]
        dep_lines.append(f"{r.dest(name)}: " + " ".join(r.dest(d) for d in closure))
    text = "\n".join(dep_lines) + "\n"
    a.data += mkinitramfs.entry(base + "modules.dep", 0o100644, text.encode())
    order = "\n".join(r.dest(n) for n in r.order) + "\n"
    a.data += mkinitramfs.entry(base + "load-order", 0o100644, order.encode())
    for f in ("modules.builtin", "modules.order"):
        if os.path.exists(os.path.join(moddir, f)):
            a.add_file(base + f, os.path.join(moddir, f))
    a.data += mkinitramfs.entry("TRAILER!!!", 0)
    with open(output, "wb") as f:
        f.write(a.data)
    print(f"{output}: {len(r.order)} modules: {' '.join(r.order)}")


if __name__ == "__main__":
    main()
