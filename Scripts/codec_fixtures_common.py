"""What every part of the codec fixture corpus shares: the output folder, the one seeded RNG (the parts
run in a fixed order, so the files are the same on every run), the manifest lists, a tiny PNG writer and
the reference helpers. See make_codec_fixtures.py.
"""



import io
import json
import os
import shutil
import struct
import subprocess
import sys
import tempfile
import zlib

import cv2
import numpy as np
from PIL import Image, ImageOps

OUT = sys.argv[1] if len(sys.argv) > 1 else "Fixtures/images"
RNG = np.random.RandomState(20261125)

good = []      # manifest entries for good files
broken = []    # manifest entries for broken files
readme = []    # (file, how it was made)


# ---------------------------------------------------------------- PNG writer

def chunk(kind, data):
    body = kind + data
    return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)


def pack_row(row, bit_depth):
    """One scanline of integer samples (already interleaved) to bytes."""
    if bit_depth == 16:
        return b"".join(struct.pack(">H", int(v)) for v in row)
    if bit_depth == 8:
        return bytes(int(v) for v in row)
    per_byte = 8 // bit_depth
    out = bytearray()
    for i in range(0, len(row), per_byte):
        byte = 0
        group = list(row[i:i + per_byte]) + [0] * (per_byte - len(row[i:i + per_byte]))
        for v in group:
            byte = (byte << bit_depth) | int(v)
        out.append(byte)
    return bytes(out)


def paeth(a, b, c):
    p = a + b - c
    pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
    if pa <= pb and pa <= pc:
        return a
    return b if pb <= pc else c


def filter_rows(rows, bpp):
    """Filters each row with type (row index mod 5): None, Sub, Up, Average, Paeth, so the decoder
    meets every filter."""
    out = bytearray()
    prev = bytes(len(rows[0])) if rows else b""
    for index, raw in enumerate(rows):
        kind = index % 5
        line = bytearray()
        for i, x in enumerate(raw):
            a = raw[i - bpp] if i >= bpp else 0
            b = prev[i]
            c = prev[i - bpp] if i >= bpp else 0
            predictor = [0, a, b, (a + b) // 2, paeth(a, b, c)][kind]
            line.append((x - predictor) & 0xFF)
        out += bytes([kind]) + line
        prev = raw
    return bytes(out)


def png_bytes(samples, bit_depth, color_type, interlace=False, palette=None, trns=None, exif=None):
    """samples: uint array [H, W, C] of stored values (palette indices for colour type 3)."""
    h, w, c = samples.shape
    bits_per_pixel = bit_depth * c
    bpp = max(1, bits_per_pixel // 8)
    if interlace:
        passes = [(0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2)]
    else:
        passes = [(0, 0, 1, 1)]
    raw = b""
    for x0, y0, dx, dy in passes:
        sub = samples[y0::dy, x0::dx]
        if sub.shape[0] == 0 or sub.shape[1] == 0:
            continue  # empty Adam7 passes have no scanlines at all
        rows = [pack_row(sub[y].reshape(-1), bit_depth) for y in range(sub.shape[0])]
        raw += filter_rows(rows, bpp)
    data = b"\x89PNG\r\n\x1a\n"
    data += chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, bit_depth, color_type, 0, 0, 1 if interlace else 0))
    if exif is not None:
        data += chunk(b"eXIf", exif)
    if palette is not None:
        data += chunk(b"PLTE", bytes(np.asarray(palette, dtype=np.uint8).reshape(-1)))
    if trns is not None:
        data += chunk(b"tRNS", trns)
    compressed = zlib.compress(raw, 9)
    # Two IDAT chunks, so the decoder must join them.
    half = len(compressed) // 2
    data += chunk(b"IDAT", compressed[:half]) + chunk(b"IDAT", compressed[half:])
    data += chunk(b"IEND", b"")
    return data


# ---------------------------------------------------------------- helpers

def write(rel, data):
    path = os.path.join(OUT, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data)
    return path


def save_reference(name, array):
    array = np.ascontiguousarray(array)
    if array.ndim == 2:
        array = array[:, :, None]
    assert array.dtype in (np.uint8, np.uint16), array.dtype
    rel = f"reference/{name}.npy"
    path = os.path.join(OUT, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    np.save(path, array)
    return rel


def texture(h, w, c, maximum, seed_shift=0):
    """Gradients plus noise: every sample distinct enough that a wrong pixel or channel shows."""
    y, x = np.mgrid[0:h, 0:w]
    planes = []
    for k in range(c):
        base = (x * (k + 3) * 7 + y * (k + 5) * 11 + seed_shift * 13) % (maximum + 1)
        noise = RNG.randint(0, maximum + 1, size=(h, w))
        planes.append(np.where((x + y + k) % 3 == 0, noise, base))
    out = np.stack(planes, axis=-1)
    # Make sure both extremes occur.
    out[0, 0, :] = 0
    out[-1, -1, :] = maximum
    return out


def pillow_array(path):
    with Image.open(path) as im:
        im.load()
        return np.array(im)


def opencv_unchanged(path):
    """OpenCV IMREAD_UNCHANGED, reordered from BGR(A) to RGB(A)."""
    a = cv2.imread(path, cv2.IMREAD_UNCHANGED)
    assert a is not None, path
    if a.ndim == 3 and a.shape[2] == 3:
        a = a[:, :, ::-1]
    elif a.ndim == 3 and a.shape[2] == 4:
        a = a[:, :, [2, 1, 0, 3]]
    return a


def add_good(rel, ref, rule, fmt, w, h, channels, bit_depth, interlaced, orientation, how,
             stored_ref=None, color=""):
    entry = dict(file=rel, reference=ref, rule=rule, format=fmt, width=w, height=h, channels=channels,
                 bitDepth=bit_depth, interlaced=interlaced, orientation=orientation, colorModel=color)
    if stored_ref is not None:
        entry["storedReference"] = stored_ref
    good.append(entry)
    readme.append((rel, how))
