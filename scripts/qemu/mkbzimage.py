#!/usr/bin/env python3
"""Build a bzImage-shaped file around a kernel payload, as Linux's x86 build
lays one out (Documentation/arch/x86/boot.rst): a boot sector and setup
sectors carrying the setup header (boot flag 0xaa55 at 0x1fe, "HdrS" at
0x202, boot protocol 2.15, setup_sects, payload_offset and payload_length),
then the protected-mode code, inside which the payload sits, compressed,
followed by its decompressed size as a little-endian 32-bit word (but for
gzip, whose own trailer says it).  The setup and decompressor code are not
real: this is for loaders that take the payload, as a PV domain builder
does, not for booting on hardware.

    mkbzimage.py FORMAT KERNEL OUT [--level N]

FORMAT is gzip, xz, lz4, zstd or none; KERNEL is an ELF vmlinux or a
bzImage, whose payload is then decompressed with the host's tools and
packed again: Debian's kernel re-packed with another compression.  The
compressors run with the options Linux's build gives them."""
import argparse
import os
import struct
import subprocess
import sys

SETUP_SECTS = 4
PAYLOAD_OFFSET = 0x100
VERSION = 0x020F

COMPRESS = {
    "gzip": ["gzip", "-n", "-c"],
    "xz": ["xz", "-c", "--check=crc32", "--x86", "--lzma2=dict=32MiB"],
    "lz4": ["lz4", "-l", "--favor-decSpeed", "-c"],
    "zstd": ["zstd", "-q", "-c"],
}
LEVEL = {"gzip": 9, "xz": 6, "lz4": 12, "zstd": 19}
DECOMPRESS = [  # magic, command, whether Linux appended the size word
    (b"\x1f\x8b", ["gzip", "-dc"], False),
    (b"\xfd7zXZ\x00", ["xz", "-dc"], True),
    (b"\x02\x21\x4c\x18", ["lz4", "-dc"], True),
    (b"\x28\xb5\x2f\xfd", ["zstd", "-q", "-dc"], True),
]


def payload_of(image):
    """The payload of a bzImage, as its header places it."""
    if len(image) < 0x250 or image[0x202:0x206] != b"HdrS":
        return None
    setup = (image[0x1F1] or 4) + 1
    off, length = struct.unpack_from("<II", image, 0x248)
    start = setup * 512 + off
    return image[start:start + length]


def vmlinux_of(kernel):
    """An ELF vmlinux: the kernel itself, or unpacked from a bzImage."""
    payload = payload_of(kernel)
    if payload is None or payload[:4] == b"\x7fELF":
        return kernel if payload is None else payload
    for magic, cmd, sized in DECOMPRESS:
        if payload.startswith(magic):
            stream = payload[:-4] if sized else payload
            return subprocess.run(cmd, input=stream, stdout=subprocess.PIPE,
                                  check=True).stdout
    sys.exit("mkbzimage.py: the bzImage's payload is in no format known here")


def pack(fmt, vmlinux, level):
    if fmt == "none":
        return vmlinux
    cmd = COMPRESS[fmt] + [f"-{level or LEVEL[fmt]}"]
    if fmt == "zstd" and (level or LEVEL[fmt]) > 19:
        cmd.append("--ultra")
    out = subprocess.run(cmd, input=vmlinux, stdout=subprocess.PIPE, check=True).stdout
    return out if fmt == "gzip" else out + struct.pack("<I", len(vmlinux))


def bzimage(payload):
    setup = bytearray(b"\0" * ((SETUP_SECTS + 1) * 512))
    setup[0x1F1] = SETUP_SECTS
    struct.pack_into("<H", setup, 0x1FE, 0xAA55)
    setup[0x200:0x202] = b"\xeb\x66"           # the jump over the header
    setup[0x202:0x206] = b"HdrS"
    struct.pack_into("<H", setup, 0x206, VERSION)
    struct.pack_into("<II", setup, 0x248, PAYLOAD_OFFSET, len(payload))
    code = b"\x90" * PAYLOAD_OFFSET + payload + b"\xcc" * 64   # decompressor stand-in
    return bytes(setup) + code


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("format", choices=["gzip", "xz", "lz4", "zstd", "none"])
    ap.add_argument("kernel")
    ap.add_argument("out")
    ap.add_argument("--level", type=int, default=0)
    args = ap.parse_args()
    with open(args.kernel, "rb") as f:
        vmlinux = vmlinux_of(f.read())
    if vmlinux[:4] != b"\x7fELF":
        sys.exit(f"mkbzimage.py: {args.kernel} is neither an ELF nor a bzImage of one")
    with open(args.out + ".tmp", "wb") as f:
        f.write(bzimage(pack(args.format, vmlinux, args.level)))
    os.replace(args.out + ".tmp", args.out)


if __name__ == "__main__":
    main()
