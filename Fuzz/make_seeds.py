#!/usr/bin/env python3
"""Writes small seed files for Scripts/fuzz into the folder given: PNGs in the colour types and chunks
libpng branches on, .npy arrays in every dtype and header version NPYFile reads, and bank files in each
format. Standard library only, deterministic, so every run of the fuzzer starts from the same seeds."""
import json
import struct
import sys
import zlib

folder = sys.argv[1]


def write(name: str, data: bytes) -> None:
    with open(f"{folder}/{name}", "wb") as f:
        f.write(data)


def chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png(name, w, h, color, channels, depth=8, extra=b""):
    levels = 16 if color == 3 else 1 << depth
    sample = ">H" if depth == 16 else "B"
    rows = b"".join(
        b"\0" + b"".join(struct.pack(sample, (x * 37 + y * 11 + c * 5) % levels) for x in range(w) for c in range(channels))
        for y in range(h))
    data = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, depth, color, 0, 0, 0)) + extra
    write(name, data + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


png("gray.png", 5, 4, 0, 1)
png("gray16.png", 3, 3, 0, 1, depth=16)
png("rgba.png", 4, 3, 6, 4)
png("rgb16.png", 2, 2, 2, 3, depth=16)
png("palette.png", 4, 4, 3, 1, extra=chunk(b"PLTE", bytes(range(48))) + chunk(b"tRNS", b"\x80"))
png("exif-text.png", 3, 2, 2, 3, extra=chunk(b"tEXt", b"Comment\0seed") + chunk(b"eXIf", b"MM\0*\0\0\0\x08\0\x01\x01\x12\0\x03\0\0\0\x01\0\x06\0\0"))


def npy(name, shape, values, descr="<f4", version=(1, 0)):
    header = "{'descr': '%s', 'fortran_order': False, 'shape': %s, }" % (descr, repr(tuple(shape)))
    size = 2 if version[0] == 1 else 4
    while (6 + 2 + size + len(header) + 1) % 64:
        header += " "
    header += "\n"
    fmt = {"<f4": "<f", "<f8": "<d", "|u1": "B", "<u2": "<H", "<i4": "<i"}[descr]
    body = b"".join(struct.pack(fmt, v) for v in values)
    length = struct.pack("<H" if size == 2 else "<I", len(header))
    write(name, b"\x93NUMPY" + bytes(version) + length + header.encode("latin-1") + body)


npy("k2d.npy", (3, 3), [1, 0, -1, 2, 0, -2, 1, 0, -1])
npy("k3d-f8.npy", (2, 2, 2), [0.5, -1, 2, 0.25, 1, 1, -3, 4], descr="<f8")
npy("hwio-u1.npy", (1, 1, 2, 3), [1, 2, 3, 4, 5, 6], descr="|u1")
npy("bias-i4-v2.npy", (3,), [-1, 0, 7], descr="<i4", version=(2, 0))
npy("tensor-u2-v3.npy", (1, 2, 2, 1), [0, 65535, 3, 9], descr="<u2", version=(3, 0))
npy("scalar.npy", (), [42])

write("bank.json", json.dumps({"filters": [
    {"name": "edge", "kernel": [[1, 0, -1], [2, 0, -2], [1, 0, -1]], "scale": 0.5, "bias": 10},
    {"kernel": [[0, 1, 0], [1, -4, 1], [0, 1, 0]]}]}).encode())
write("bank3d.json", json.dumps({"filters": [{"name": "rgb", "kernel": [[[1, 0, 0], [0, 1, 0]], [[0, 0, 1], [1, 1, 1]]]}]}).encode())
write("scaled.mat", b"3 3 16 128 comment\n1 2 1\n2 4 2\n1 2 1\n")
write("kernels.txt", b"# two kernels\n3x3: 1,1,1 0,0,0 -1,-1,-1;\n5x1: 1 4 6 4 1; 0 1 0 1 -4 1 0 1 0\n")
