#!/usr/bin/env python3
"""Print the Xen ELF notes of a kernel image, one per line:

    <type number> <name> <value>

Numbers are printed in hex, strings as they are.  Reads ELF32 and ELF64,
little endian, from the PT_NOTE segments.  Exit status 1 if the file is
not such an ELF or has no Xen note.
"""
import struct
import sys

NAMES = {1: "ENTRY", 2: "HYPERCALL_PAGE", 3: "VIRT_BASE", 4: "PADDR_OFFSET",
         5: "XEN_VERSION", 6: "GUEST_OS", 7: "GUEST_VERSION", 8: "LOADER",
         9: "PAE_MODE", 10: "FEATURES", 11: "BSD_SYMTAB", 12: "HV_START_LOW",
         13: "L1_MFN_VALID", 14: "SUSPEND_CANCEL", 15: "INIT_P2M",
         16: "MOD_START_PFN", 17: "SUPPORTED_FEATURES", 18: "PHYS32_ENTRY"}
STRINGS = {5, 6, 7, 8, 9, 10, 11}


def notes(data):
    if data[:4] != b"\x7fELF" or data[5] != 1:
        raise ValueError("not a little-endian ELF file")
    is64 = data[4] == 2
    if is64:
        entry, phoff = struct.unpack_from("<QQ", data, 24)
        phentsize, phnum = struct.unpack_from("<HH", data, 54)
    else:
        entry, phoff = struct.unpack_from("<II", data, 24)
        phentsize, phnum = struct.unpack_from("<HH", data, 42)
    for i in range(phnum):
        off = phoff + i * phentsize
        p_type = struct.unpack_from("<I", data, off)[0]
        if p_type != 4:         # PT_NOTE
            continue
        if is64:
            p_offset, p_filesz = struct.unpack_from("<Q", data, off + 8)[0], \
                struct.unpack_from("<Q", data, off + 32)[0]
        else:
            p_offset, p_filesz = struct.unpack_from("<I", data, off + 4)[0], \
                struct.unpack_from("<I", data, off + 16)[0]
        pos, end = p_offset, p_offset + p_filesz
        while pos + 12 <= end:
            namesz, descsz, ntype = struct.unpack_from("<III", data, pos)
            name = data[pos + 12:pos + 12 + namesz].rstrip(b"\0")
            dpos = pos + 12 + ((namesz + 3) & ~3)
            desc = data[dpos:dpos + descsz]
            pos = dpos + ((descsz + 3) & ~3)
            if name == b"Xen":
                yield ntype, desc
    yield "e_entry", entry


def main():
    with open(sys.argv[1], "rb") as f:
        data = f.read()
    found = False
    for ntype, desc in notes(data):
        if ntype == "e_entry":
            print(f"e_entry - {desc:#x}")
            continue
        found = True
        if ntype in STRINGS:
            value = desc.rstrip(b"\0").decode("ascii", "replace")
        else:
            value = hex(int.from_bytes(desc[:8], "little"))
        print(f"{ntype} {NAMES.get(ntype, '?')} {value}")
    return 0 if found else 1


if __name__ == "__main__":
    sys.exit(main())
