"""Makes the codec fixture corpus: good PNG/JPEG files with independent references, and broken files.

Run through Scripts/make-codec-fixtures (throwaway venv with Pillow, NumPy, OpenCV; cjpeg on PATH).
PNG files come from the tiny writer below (exact control over bit depth, colour type, filters, Adam7,
chunks); every PNG is decoded back with Pillow or OpenCV and must equal the samples it was written from,
so the stored reference is checked twice. JPEG files come from Pillow and cjpeg; their references are
Pillow's decode. References are .npy arrays [H, W, C] at full stored precision (uint8 or uint16, low bit
depths as stored 0 … 2^b − 1); the Swift tests apply the scaling rule named in manifest.json.
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


# ---------------------------------------------------------------- good PNG files

def png_case(name, samples, bit_depth, color_type, how, interlace=False):
    """A gray/gray+alpha/RGB/RGBA PNG whose reference is an independent decode equal to `samples`."""
    rel = f"good/{name}.png"
    path = write(rel, png_bytes(samples, bit_depth, color_type, interlace))
    h, w, c = samples.shape
    if bit_depth == 16:
        decoded = opencv_unchanged(path)                     # Pillow reduces 16-bit colour to 8 bits
        if c == 2 and decoded.ndim == 3 and decoded.shape[2] == 4:
            # OpenCV expands gray+alpha to RGBA; its three colour planes must agree.
            assert np.array_equal(decoded[:, :, 0], decoded[:, :, 1]) and np.array_equal(decoded[:, :, 0], decoded[:, :, 2])
            decoded = decoded[:, :, [0, 3]]
    elif bit_depth < 8:
        decoded = pillow_array(path).astype(np.uint16)
        if decoded.dtype == bool or decoded.max() > (1 << bit_depth) - 1:
            # Pillow scales 1/2/4-bit gray to 0…255 by bit replication; undo it exactly to store as stored.
            factor = 255 // ((1 << bit_depth) - 1)
            assert np.all(decoded % factor == 0)
            decoded = decoded // factor
        decoded = decoded.astype(np.uint8)
    else:
        decoded = pillow_array(path)
    decoded = decoded.reshape(h, w, c) if decoded.ndim == 2 else decoded
    assert decoded.shape == samples.shape and np.array_equal(decoded.astype(np.int64), samples.astype(np.int64)), name
    ref = save_reference(name, decoded.astype(np.uint16 if bit_depth == 16 else np.uint8))
    rule = {1: "bits1", 2: "bits2", 4: "bits4", 8: "exact8", 16: "exact16"}[bit_depth]
    model = {0: "gray", 4: "gray+alpha", 2: "RGB", 6: "RGBA"}[color_type]
    add_good(rel, ref, rule, "png", w, h, c, bit_depth, interlace, 1,
             f"{w}×{h} {model} {bit_depth}-bit{' Adam7' if interlace else ''}, pure-Python writer, "
             f"filters cycling None/Sub/Up/Avg/Paeth, two IDAT chunks; reference = "
             f"{'OpenCV' if bit_depth == 16 else 'Pillow'} decode (equal to the written samples). {how}")


for depth in (1, 2, 4, 8, 16):
    png_case(f"png-gray{depth}", texture(13, 17, 1, (1 << depth) - 1), depth, 0, "")
png_case("png-gray-alpha8", texture(13, 17, 2, 255), 8, 4, "")
png_case("png-gray-alpha16", texture(13, 17, 2, 65535), 16, 4, "")
png_case("png-rgb8", texture(24, 32, 3, 255), 8, 2, "")
png_case("png-rgb16", texture(13, 17, 3, 65535), 16, 2, "")
png_case("png-rgba8", texture(13, 17, 4, 255), 8, 6, "")
png_case("png-rgba16", texture(13, 17, 4, 65535), 16, 6, "")
png_case("png-gray1-adam7", texture(13, 17, 1, 1), 1, 0, "", interlace=True)
png_case("png-gray4-adam7", texture(13, 17, 1, 15), 4, 0, "", interlace=True)
png_case("png-gray16-adam7", texture(13, 17, 1, 65535), 16, 0, "", interlace=True)
png_case("png-gray-alpha8-adam7", texture(13, 17, 2, 255), 8, 4, "", interlace=True)
png_case("png-rgb8-adam7", texture(13, 17, 3, 255), 8, 2, "", interlace=True)
png_case("png-rgb8-adam7-5x3", texture(3, 5, 3, 255), 8, 2, "Passes 3, 5 and 7 of 7 are partly or wholly empty.",
         interlace=True)
png_case("png-rgba16-adam7", texture(13, 17, 4, 65535), 16, 6, "", interlace=True)


def palette_case(name, depth, with_trns, interlace=False):
    h, w = 13, 17
    entries = 1 << depth
    palette = RNG.randint(0, 256, size=(entries, 3)).astype(np.uint8)
    palette[0] = (0, 0, 0)
    palette[-1] = (255, 255, 255)
    indices = texture(h, w, 1, entries - 1)
    trns = None
    if with_trns:
        # tRNS shorter than the palette (when it can be): the remaining entries are opaque.
        count = max(1, entries - 2) if entries > 2 else entries
        alpha = RNG.randint(0, 256, size=count).astype(np.uint8)
        alpha[0] = 0
        trns = bytes(alpha)
    rel = f"good/{name}.png"
    path = write(rel, png_bytes(indices, depth, 3, interlace, palette=palette, trns=trns))
    with Image.open(path) as im:
        im.load()
        rgb = np.array(im.convert("RGBA" if with_trns else "RGB"))
    full_alpha = np.full(entries, 255, dtype=np.uint8)
    if trns is not None:
        full_alpha[:len(trns)] = np.frombuffer(trns, dtype=np.uint8)
    expected = palette[indices[:, :, 0]]
    if with_trns:
        expected = np.concatenate([expected, full_alpha[indices[:, :, 0]][:, :, None]], axis=-1)
    assert np.array_equal(rgb, expected), name
    ref = save_reference(name, rgb)
    c = 4 if with_trns else 3
    add_good(rel, ref, "exact8", "png", w, h, c, depth, interlace, 1,
             f"{w}×{h} palette {depth}-bit ({entries} entries){', tRNS ' + str(len(trns)) + ' entries' if trns else ''}"
             f"{' Adam7' if interlace else ''}; reference = Pillow convert('{'RGBA' if with_trns else 'RGB'}'), "
             f"equal to the palette lookup", color="palette" + ("+tRNS" if with_trns else ""))


for depth in (1, 2, 4, 8):
    palette_case(f"png-palette{depth}", depth, False)
    palette_case(f"png-palette{depth}-trns", depth, True)
palette_case("png-palette4-trns-adam7", 4, True, interlace=True)

# Gray and RGB with a tRNS colour key: the key colour becomes alpha 0, every other pixel alpha 255.
gray = texture(13, 17, 1, 255)
key = int(gray[3, 4, 0])
rel = "good/png-gray8-trns.png"
path = write(rel, png_bytes(gray, 8, 0, trns=struct.pack(">H", key)))
with Image.open(path) as im:
    la = np.array(im.convert("LA"))
assert np.array_equal(la[:, :, 0], gray[:, :, 0]) and np.array_equal(la[:, :, 1] == 0, gray[:, :, 0] == key)
add_good(rel, save_reference("png-gray8-trns", la), "exact8", "png", 17, 13, 2, 8, False, 1,
         f"17×13 gray 8-bit with tRNS key {key}; reference = Pillow convert('LA') (key → alpha 0)",
         color="gray+tRNS")
rgb = texture(13, 17, 3, 255)
key3 = tuple(int(v) for v in rgb[5, 6])
rel = "good/png-rgb8-trns.png"
path = write(rel, png_bytes(rgb, 8, 2, trns=struct.pack(">HHH", *key3)))
with Image.open(path) as im:
    rgba = np.array(im.convert("RGBA"))
assert np.array_equal(rgba[:, :, :3], rgb) and np.array_equal(rgba[:, :, 3] == 0, np.all(rgb == key3, axis=-1))
add_good(rel, save_reference("png-rgb8-trns", rgba), "exact8", "png", 17, 13, 4, 8, False, 1,
         f"17×13 RGB 8-bit with tRNS key {key3}; reference = Pillow convert('RGBA')", color="RGB+tRNS")


# 16-bit gray with a tRNS key. Neither Pillow (no 16-bit LA) nor OpenCV (drops the key) gives the alpha, so
# the reference is made by hand: OpenCV's gray plane (checked equal to the samples) plus alpha 0 at the key
# and 65535 elsewhere.
gray16 = texture(13, 17, 1, 65535)
key16 = int(gray16[7, 2, 0])
rel = "good/png-gray16-trns.png"
path = write(rel, png_bytes(gray16, 16, 0, trns=struct.pack(">H", key16)))
plane = opencv_unchanged(path)
assert np.array_equal(plane, gray16[:, :, 0])
alpha16 = np.where(plane == key16, 0, 65535).astype(np.uint16)
add_good(rel, save_reference("png-gray16-trns", np.stack([plane, alpha16], axis=-1)), "exact16", "png", 17, 13, 2,
         16, False, 1, f"17×13 gray 16-bit with tRNS key {key16}; reference by hand = OpenCV gray plane + alpha "
         "(0 at the key, 65535 elsewhere)", color="gray+tRNS")

# A zTXt "bomb": 30 MiB of text compressed to ≈ 30 KB. Metadata over the decoder's bound must not be
# inflated; the pixels still decode (reference = Pillow, equal to the samples).
bomb_rgb = texture(13, 17, 3, 255)
bomb_png = bytearray(png_bytes(bomb_rgb, 8, 2))
bomb_png[33:33] = chunk(b"zTXt", b"Comment\x00\x00" + zlib.compress(b"FilterBank " * (3 << 20), 9))
rel = "good/png-ztxt-bomb.png"
path = write(rel, bytes(bomb_png))
plane = opencv_unchanged(path)
assert np.array_equal(plane, bomb_rgb)
add_good(rel, save_reference("png-ztxt-bomb", plane), "exact8", "png", 17, 13, 3, 8, False, 1,
         f"17×13 RGB 8-bit with a zTXt chunk of {len(bomb_png) // 1024} KB inflating to 33 MB: decodes without "
         "inflating it; reference = OpenCV decode (equal to the samples)", color="RGB")


# gAMA 0.5, cHRM and sBIT present: the samples are still the stored ones (no gamma correction).
plain_rgb = texture(13, 17, 3, 255)
gama_png = bytearray(png_bytes(plain_rgb, 8, 2))
extra = (chunk(b"gAMA", struct.pack(">I", 50000)) + chunk(b"sBIT", bytes([8, 8, 8]))
         + chunk(b"cHRM", struct.pack(">8I", 31270, 32900, 64000, 33000, 30000, 60000, 15000, 6000)))
gama_png[8 + 25:8 + 25] = extra
rel = "good/png-rgb8-gama.png"
path = write(rel, bytes(gama_png))
decoded = pillow_array(path)
assert np.array_equal(decoded, plain_rgb)
add_good(rel, save_reference("png-rgb8-gama", decoded), "exact8", "png", 17, 13, 3, 8, False, 1,
         "17×13 RGB 8-bit with gAMA 0.5, sBIT and cHRM chunks: samples must come out as stored (no gamma "
         "correction); reference = Pillow decode", color="RGB")


def exif_tiff(orientation):
    exif = Image.Exif()
    exif[0x0112] = orientation
    data = exif.tobytes()          # starts with "Exif\0\0" for JPEG APP1
    assert data.startswith(b"Exif\x00\x00")
    return data


# PNG eXIf orientations: exact references from ImageOps.exif_transpose.
base = texture(13, 17, 3, 255)
for o in range(1, 9):
    name = f"png-exif{o}"
    rel = f"good/{name}.png"
    path = write(rel, png_bytes(base, 8, 2, exif=exif_tiff(o)[6:]))
    with Image.open(path) as im:
        im.load()
        stored = np.array(im)
        assert im.getexif().get(0x0112) == o
        upright = np.array(ImageOps.exif_transpose(im))
    assert np.array_equal(stored, base)
    add_good(rel, save_reference(name, upright), "exact8", "png", 17, 13, 3, 8, False, o,
             f"17×13 RGB 8-bit with an eXIf chunk (orientation {o}) before IDAT; reference = Pillow "
             f"ImageOps.exif_transpose", stored_ref=save_reference(f"{name}-stored", stored), color="RGB")

# ---------------------------------------------------------------- good JPEG files


def photo(h, w, channels=3):
    """Smooth shapes plus mild noise: photo-like content that still shows a wrong pixel."""
    y, x = np.mgrid[0:h, 0:w].astype(np.float64)
    r = 128 + 100 * np.sin(x / 3.0) * np.cos(y / 5.0)
    g = 255 * x / max(1, w - 1)
    b = 255 * y / max(1, h - 1)
    disc = ((x - w * 0.3) ** 2 + (y - h * 0.6) ** 2) < (min(h, w) * 0.25) ** 2
    r = np.where(disc, 30, r)
    planes = np.stack([r, g, b], axis=-1) + RNG.normal(0, 6, size=(h, w, 3))
    out = np.clip(np.round(planes), 0, 255).astype(np.uint8)
    if channels == 1:
        return out[:, :, 0]
    return out


def jpeg_reference(name, path, mode):
    with Image.open(path) as im:
        im.load()
        assert im.mode == mode, (name, im.mode)
        return save_reference(name, np.array(im))


def jpeg_case(name, image, how, interlaced=False, color="", **save):
    rel = f"good/{name}.jpg"
    path = os.path.join(OUT, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    image.save(path, "JPEG", **save)
    c = len(image.getbands())
    ref = jpeg_reference(name, path, image.mode)
    add_good(rel, ref, "jpeg", "jpeg", image.width, image.height, c, 8, interlaced, 1,
             f"{image.width}×{image.height} {how}; reference = Pillow decode", color=color)
    return path


rgb_photo = Image.fromarray(photo(24, 32))
jpeg_case("jpeg-444", rgb_photo, "baseline 4:4:4, Pillow quality 90", quality=90, subsampling=0, color="YCbCr 4:4:4")
jpeg_case("jpeg-422", rgb_photo, "baseline 4:2:2, Pillow quality 90", quality=90, subsampling=1, color="YCbCr 4:2:2")
jpeg_case("jpeg-420", rgb_photo, "baseline 4:2:0, Pillow quality 90", quality=90, subsampling=2, color="YCbCr 4:2:0")
jpeg_case("jpeg-420-odd", Image.fromarray(photo(25, 33)), "baseline 4:2:0 with partial MCUs, Pillow quality 85",
          quality=85, subsampling=2, color="YCbCr 4:2:0")
jpeg_case("jpeg-gray", Image.fromarray(photo(24, 32, 1)), "grayscale baseline, Pillow quality 90", quality=90,
          color="gray")
progressive_path = jpeg_case("jpeg-progressive", rgb_photo, "progressive 4:2:0, Pillow quality 90", interlaced=True,
                             quality=90, subsampling=2, progressive=True, color="YCbCr 4:2:0")
jpeg_case("jpeg-progressive-gray", Image.fromarray(photo(24, 32, 1)), "progressive grayscale, Pillow quality 90",
          interlaced=True, quality=90, progressive=True, color="gray")

with tempfile.TemporaryDirectory() as tmp:
    ppm = os.path.join(tmp, "photo.ppm")
    rgb_photo.save(ppm)
    for name, flags, how, interlaced in [
        ("jpeg-restart", ["-restart", "1B"], "cjpeg -restart 1B (a restart marker after every MCU), 4:2:0", False),
        ("jpeg-restart-rows", ["-restart", "1", "-sample", "1x1"], "cjpeg -restart 1 (every MCU row), 4:4:4", False),
        ("jpeg-arithmetic", ["-arithmetic"], "cjpeg -arithmetic (arithmetic-coded baseline), 4:2:0", False),
        ("jpeg-arithmetic-progressive", ["-arithmetic", "-progressive"],
         "cjpeg -arithmetic -progressive, 4:2:0", True),
        ("jpeg-440", ["-sample", "1x2,1x1,1x1"], "cjpeg -sample 1x2 (4:4:0, chroma halved vertically)", False),
        ("jpeg-411", ["-sample", "4x1,1x1,1x1"], "cjpeg -sample 4x1 (4:1:1)", False),
        ("jpeg-rgb", ["-rgb", "-sample", "1x1"], "cjpeg -rgb: RGB colour space, no YCbCr transform (Adobe transform 0)",
         False),
    ]:
        rel = f"good/{name}.jpg"
        path = os.path.join(OUT, rel)
        subprocess.run(["cjpeg", "-quality", "90", *flags, "-outfile", path, ppm], check=True)
        add_good(rel, jpeg_reference(name, path, "RGB"), "jpeg", "jpeg", 32, 24, 3, 8, interlaced, 1,
                 f"32×24 {how}; reference = Pillow decode", color="")

# CMYK: Pillow writes Adobe-convention (inverted) CMYK with an Adobe APP14 marker, transform 0, and
# de-inverts on read, so the reference holds true ink values (0 = no ink). The test converts them with
# the formula libjpeg users apply to the stored (inverted) values: R = C'·K'/255 with C' = 255 − C.
cmyk_true = np.concatenate([photo(24, 32), photo(24, 32, 1)[:, :, None] // 3], axis=-1)
cmyk_img = Image.fromarray(cmyk_true, mode="CMYK")
rel = "good/jpeg-cmyk.jpg"
path = os.path.join(OUT, rel)
cmyk_img.save(path, "JPEG", quality=95, subsampling=0)
with open(path, "rb") as f:
    cmyk_bytes = f.read()
adobe = cmyk_bytes.find(b"\xff\xeeAdobe"[:2] + b"\x00\x0eAdobe")
assert adobe > 0, "Pillow CMYK JPEG without Adobe marker"
assert cmyk_bytes[adobe + 4 + 11] == 0, "expected Adobe transform 0 (CMYK)"
with Image.open(path) as im:
    im.load()
    assert im.mode == "CMYK"
    cmyk_back = np.array(im)
# Pillow returns values close to what was saved (not their inverses): it de-inverts on read.
assert np.abs(cmyk_back.astype(int) - cmyk_true.astype(int)).mean() < 6
add_good(rel, save_reference("jpeg-cmyk", cmyk_back), "cmyk-adobe", "jpeg", 32, 24, 4, 8, False, 1,
         "32×24 CMYK, Pillow quality 95 4:4:4 (Adobe APP14 transform 0, inverted samples); reference = Pillow's "
         "de-inverted CMYK values (test: R = (255−C)(255−K)/255, …)", color="CMYK (Adobe)")

# YCCK: libjpeg's YCCK → CMYK step outputs C′ = 255 − R(Y, Cb, Cr) (likewise M′, Y′) and K′ = K as stored,
# so to get the jpeg-cmyk stored planes C′ = 255 − C back, the YCC planes must encode R = C, G = M, B = Y
# (true ink values) by the JFIF formula, with K stored inverted. Written through Pillow's CMYK path (which
# inverts, so we pre-invert), then the Adobe transform byte set to 2.
# Pillow reads it through libjpeg's YCCK → CMYK step and de-inverts, so its values are ink CMYK as for
# jpeg-cmyk, with the same `cmyk-adobe` rule.
ink = cmyk_true.astype(np.float64)
r, g, b = ink[:, :, 0], ink[:, :, 1], ink[:, :, 2]
yy = 0.299 * r + 0.587 * g + 0.114 * b
cb = -0.168735892 * r - 0.331264108 * g + 0.5 * b + 128
cr = 0.5 * r - 0.418687589 * g - 0.081312411 * b + 128
ycck_stored = np.clip(np.round(np.stack([yy, cb, cr, 255 - ink[:, :, 3]], axis=-1)), 0, 255).astype(np.uint8)
rel = "good/jpeg-ycck.jpg"
path = os.path.join(OUT, rel)
buffer = io.BytesIO()
Image.fromarray(255 - ycck_stored, mode="CMYK").save(buffer, "JPEG", quality=95, subsampling=0)
ycck_bytes = bytearray(buffer.getvalue())
adobe = ycck_bytes.find(b"\xff\xee\x00\x0eAdobe")
assert adobe > 0
ycck_bytes[adobe + 4 + 11] = 2
with open(path, "wb") as f:
    f.write(ycck_bytes)
with Image.open(path) as im:
    im.load()
    assert im.mode == "CMYK" and im.info.get("adobe_transform") == 2
    ycck_ink = np.array(im)
# Same planes, coded differently: close to what was written (a wrong YCCK reading is ≈ 100 off).
assert np.abs(ycck_ink.astype(int) - cmyk_true.astype(int)).mean() < 6, "YCCK did not decode to the CMYK planes"
# Cross-checks of the CMYK → RGB formula against OpenCV's own conversion (integer, within 2 levels).
cmyk_formula = np.stack([(255 - cmyk_back[:, :, i].astype(float)) * (255 - cmyk_back[:, :, 3]) / 255
                         for i in range(3)], axis=-1)
opencv_cmyk = cv2.imread(os.path.join(OUT, "good/jpeg-cmyk.jpg"), cv2.IMREAD_COLOR)[:, :, ::-1]
assert np.abs(opencv_cmyk - cmyk_formula).max() <= 2, "the CMYK formula disagrees with OpenCV"
ycck_formula = np.stack([(255 - ycck_ink[:, :, i].astype(float))
                         * (255 - ycck_ink[:, :, 3]) / 255 for i in range(3)], axis=-1)
opencv_ycck = cv2.imread(path, cv2.IMREAD_COLOR)[:, :, ::-1]
assert np.abs(opencv_ycck - ycck_formula).max() <= 3, "the YCCK reference disagrees with OpenCV"
add_good(rel, save_reference("jpeg-ycck", ycck_ink), "cmyk-adobe", "jpeg", 32, 24, 4, 8, False, 1,
         "32×24 Adobe YCCK: the jpeg-cmyk planes (ink C, M, Y → YCbCr by the JFIF formula, K inverted) saved "
         "through Pillow's CMYK path, Adobe transform byte patched 0 → 2; reference = Pillow's de-inverted "
         "CMYK (libjpeg converts YCCK → CMYK), checked to be within a few levels of the written ink planes and, "
         "through the formula, within 3 levels of OpenCV's RGB", color="YCCK (Adobe)")

# EXIF orientations 1–8 on a non-square photo.
orient_photo = Image.fromarray(photo(16, 24))
for o in range(1, 9):
    name = f"jpeg-orient{o}"
    rel = f"good/{name}.jpg"
    path = os.path.join(OUT, rel)
    orient_photo.save(path, "JPEG", quality=92, subsampling=0, exif=exif_tiff(o))
    with Image.open(path) as im:
        im.load()
        assert im.getexif().get(0x0112) == o
        stored_a = np.array(im)
        upright = np.array(ImageOps.exif_transpose(im))
    add_good(rel, save_reference(name, upright), "jpeg", "jpeg", 24, 16, 3, 8, False, o,
             f"24×16 baseline 4:4:4 with EXIF orientation {o} (Pillow exif=); reference = Pillow "
             "ImageOps.exif_transpose", stored_ref=save_reference(f"{name}-stored", stored_a),
             color="YCbCr 4:4:4")


def with_app1(jpeg, payload):
    """Inserts an APP1 segment right after SOI."""
    segment = b"\xff\xe1" + struct.pack(">H", len(payload) + 2) + payload
    return jpeg[:2] + segment + jpeg[2:]


# EXIF layouts real cameras write: big-endian TIFF, several tags before the orientation, an XMP APP1
# segment before the EXIF one.
def big_endian_exif(orientation):
    make = b"FilterBank\x00"
    entries = [(0x010F, 2, len(make), None), (0x0112, 3, 1, orientation), (0x011A, 5, 1, None)]
    ifd_size = 2 + 12 * len(entries) + 4
    data_at = 8 + ifd_size
    tail = b""
    body = struct.pack(">H", len(entries))
    for tag, kind, count, value in entries:
        if tag == 0x010F:
            body += struct.pack(">HHII", tag, kind, count, data_at + len(tail)); tail += make
        elif tag == 0x0112:
            body += struct.pack(">HHIHH", tag, kind, count, value, 0)
        else:
            body += struct.pack(">HHII", tag, kind, count, data_at + len(tail)); tail += struct.pack(">II", 72, 1)
    return b"Exif\x00\x00" + b"MM\x00*" + struct.pack(">I", 8) + body + struct.pack(">I", 0) + tail


xmp = (b"http://ns.adobe.com/xap/1.0/\x00" + b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf='
       b'"http://www.w3.org/1999/02/22-rdf-syntax-ns#"/></x:xmpmeta>')
for name, payloads, o, how in [
    ("jpeg-orient8-bigendian", [big_endian_exif(8)], 8,
     "big-endian (MM) EXIF written by hand: Make (offset value), Orientation 8, XResolution (offset value)"),
    ("jpeg-orient3-after-xmp", [xmp, big_endian_exif(3)], 3,
     "an XMP APP1 segment first, then a big-endian EXIF APP1 with Orientation 3"),
]:
    rel = f"good/{name}.jpg"
    buffer = io.BytesIO()
    orient_photo.save(buffer, "JPEG", quality=92, subsampling=0)
    data = buffer.getvalue()
    for payload in reversed(payloads):
        data = data[:2] + b"\xff\xe1" + struct.pack(">H", len(payload) + 2) + payload + data[2:]
    path = write(rel, data)
    with Image.open(path) as im:
        im.load()
        assert im.getexif().get(0x0112) == o, name
        stored_a = np.array(im)
        upright = np.array(ImageOps.exif_transpose(im))
    add_good(rel, save_reference(name, upright), "jpeg", "jpeg", 24, 16, 3, 8, False, o,
             f"24×16 baseline 4:4:4 with {how}; reference = Pillow ImageOps.exif_transpose",
             stored_ref=save_reference(f"{name}-stored", stored_a), color="YCbCr 4:4:4")


plain = io.BytesIO()
orient_photo.save(plain, "JPEG", quality=92, subsampling=0)
plain = plain.getvalue()
bad_exifs = [
    ("jpeg-exif-bad-offset", b"Exif\x00\x00" + b"II*\x00" + struct.pack("<I", 0x7FFFFF00) + b"\x00" * 16,
     "APP1 EXIF whose IFD offset points 2 GB past the block"),
    ("jpeg-exif-truncated", b"Exif\x00\x00" + b"MM\x00*" + struct.pack(">I", 8) + struct.pack(">H", 40)
     + struct.pack(">HHI", 0x0112, 3, 1) + b"\x00",
     "APP1 EXIF (big-endian) whose IFD claims 40 entries and ends inside the orientation entry"),
    ("jpeg-exif-bad-value", b"Exif\x00\x00" + b"II*\x00" + struct.pack("<I", 8) + struct.pack("<H", 1)
     + struct.pack("<HHIHH", 0x0112, 3, 1, 9, 0) + struct.pack("<I", 0),
     "APP1 EXIF with orientation 9 (out of range)"),
]
for name, payload, how in bad_exifs:
    rel = f"good/{name}.jpg"
    path = write(rel, with_app1(plain, payload))
    add_good(rel, jpeg_reference(name, path, "RGB"), "jpeg", "jpeg", 24, 16, 3, 8, False, 1,
             f"24×16 baseline 4:4:4 with a malformed {how}: must be ignored (orientation 1); reference = Pillow "
             "decode without transpose", color="YCbCr 4:4:4")

# Wrong extensions: the format comes from the magic bytes.
shutil.copy(os.path.join(OUT, "good/jpeg-444.jpg"), os.path.join(OUT, "good/jpeg-named.png"))
entry = dict(next(e for e in good if e["file"] == "good/jpeg-444.jpg"), file="good/jpeg-named.png")
good.append(entry)
readme.append(("good/jpeg-named.png", "copy of good/jpeg-444.jpg named .png; reference shared with it"))
shutil.copy(os.path.join(OUT, "good/png-rgb8.png"), os.path.join(OUT, "good/png-named.jpg"))
entry = dict(next(e for e in good if e["file"] == "good/png-rgb8.png"), file="good/png-named.jpg")
good.append(entry)
readme.append(("good/png-named.jpg", "copy of good/png-rgb8.png named .jpg; reference shared with it"))

# ---------------------------------------------------------------- broken files


def add_broken(rel, data, how, expect="any"):
    write(rel, data)
    broken.append(dict(file=rel, expect=expect))
    readme.append((rel, how))


good_png = png_bytes(texture(13, 17, 3, 255), 8, 2)
ihdr_end = 8 + 8 + 13 + 4
first_idat = good_png.find(b"IDAT") - 4

add_broken("broken/empty.png", b"", "empty file")
add_broken("broken/text.png", b"This is not an image, just text named .png.\n", "a text file named .png")
sig = bytearray(good_png)
sig[1] = ord("Q")
add_broken("broken/bad-signature.png", bytes(sig), "good PNG with signature byte 1 changed 'P' → 'Q'")
bad = bytearray(good_png)
bad[ihdr_end - 1] ^= 0xFF
add_broken("broken/bad-ihdr-crc.png", bytes(bad), "good PNG with the IHDR CRC's last byte flipped")
bad = bytearray(good_png)
idat_length = struct.unpack(">I", good_png[first_idat:first_idat + 4])[0]
bad[first_idat + 8 + idat_length] ^= 0xFF
add_broken("broken/bad-idat-crc.png", bytes(bad), "good PNG with the first IDAT CRC's first byte flipped")


def with_ihdr(data, w, h, depth, color):
    ihdr = chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, depth, color, 0, 0, 0))
    return data[:8] + ihdr + data[ihdr_end:]


add_broken("broken/bad-color-type.png", with_ihdr(good_png, 17, 13, 8, 5),
           "IHDR colour type 5 (undefined), valid CRC")
add_broken("broken/bad-bit-depth.png", with_ihdr(good_png, 17, 13, 4, 2),
           "IHDR RGB with bit depth 4 (not allowed for RGB), valid CRC")
add_broken("broken/no-idat.png", good_png[:ihdr_end] + chunk(b"IEND", b""), "signature, IHDR, IEND: no IDAT")
add_broken("broken/truncated.png", good_png[:first_idat + 8 + idat_length // 2],
           "good PNG cut in the middle of the first IDAT")
huge_png = (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 100000, 100000, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"\x00" * 301)) + chunk(b"IEND", b""))
add_broken("broken/huge.png", huge_png, "IHDR claiming 100 000 × 100 000 RGB 8-bit (10 gigapixels), valid CRCs, "
           "one tiny IDAT: must fail on the pixel limit before allocating", expect="limit")


bad = bytearray(good_png)
idat_data = first_idat + 8
bad[idat_data + 20:idat_data + 28] = b"\x00\xff" * 4
crc = zlib.crc32(bytes(bad[first_idat + 4:idat_data + idat_length])) & 0xFFFFFFFF
bad[idat_data + idat_length:idat_data + idat_length + 4] = struct.pack(">I", crc)
add_broken("broken/bad-zlib.png", bytes(bad),
           "good PNG with 8 bytes of the first IDAT's zlib stream overwritten, CRC recomputed (valid chunk, bad data)")
short_rows = filter_rows([pack_row(r.reshape(-1), 8) for r in texture(6, 17, 3, 255)], 3)
add_broken("broken/short-idat.png", good_png[:ihdr_end] + chunk(b"IDAT", zlib.compress(short_rows))
           + chunk(b"IEND", b""), "IHDR 17×13 RGB but the (valid) zlib stream holds only 6 rows")
for kind in (b"tEXt", b"iTXt"):
    add_broken(f"broken/huge-{kind.decode().lower()}-chunk.png",
               good_png[:ihdr_end] + struct.pack(">I", 0x7FFFFFF0) + kind + b"Comment\x00abc",
               f"IHDR, then a {kind.decode()} chunk claiming 2 147 483 632 bytes in a {ihdr_end + 18}-byte file "
               "(libpng 1.6.39 would allocate the claimed length): must be refused without allocating it")
add_broken("broken/zero-width.png", with_ihdr(good_png, 0, 13, 8, 2), "IHDR width 0, valid CRC")
zero = bytearray(open(os.path.join(OUT, "good/jpeg-420.jpg"), "rb").read())
sof0 = zero.find(b"\xff\xc0")
zero[sof0 + 5:sof0 + 7] = struct.pack(">H", 0)
add_broken("broken/zero-height.jpg", bytes(zero), "good/jpeg-420.jpg with SOF0 height 0")

# A valid progressive JPEG with more scans than any real file (cjpeg allows at most 100, so it is written
# here): an 8×8 mid-gray image, 3 components, all AC coefficients zero. After one interleaved DC scan, each
# AC coefficient of each component gets its own band, coded by successive approximation one bit at a time
# (Al 13, then refinements down to 0). With every coefficient zero each scan's data is one Huffman code (DC
# difference 0, or end-of-band) padded to a byte, so single-symbol Huffman tables suffice. 1 200 scans kept.
def segment(marker, payload):
    return bytes([0xFF, marker]) + struct.pack(">H", len(payload) + 2) + payload


def scan_bomb(count):
    out = b"\xff\xd8"
    out += segment(0xDB, bytes([0]) + bytes([1] * 64))                                    # DQT 0: all ones
    out += segment(0xC2, struct.pack(">BHHB", 8, 8, 8, 3) + b"".join(bytes([c, 0x11, 0]) for c in (1, 2, 3)))
    one_symbol = bytes([1] + [0] * 15) + bytes([0])                                      # code "0" → symbol 0
    out += segment(0xC4, bytes([0x00]) + one_symbol + bytes([0x10]) + one_symbol)          # DC 0 and AC 0
    scans = [segment(0xDA, bytes([3, 1, 0, 2, 0, 3, 0, 0, 0, 0])) + b"\x1f"]               # DC: three "0" bits
    for component in (1, 2, 3):
        for k in range(1, 64):
            for ah, al in [(0, 13)] + [(bit + 1, bit) for bit in range(12, -1, -1)]:
                scans.append(segment(0xDA, bytes([1, component, 0, k, k, ah << 4 | al])) + b"\x7f")  # end of band
    return out + b"".join(scans[:count]) + b"\xff\xd9", min(count, len(scans))


bomb_bytes, bomb_scans = scan_bomb(1200)
with tempfile.TemporaryDirectory() as tmp:
    bomb = os.path.join(tmp, "bomb.jpg")
    with open(bomb, "wb") as f:
        f.write(bomb_bytes)
    # A valid file: libjpeg-turbo's own djpeg decodes it even in -strict mode, and Pillow reads it as gray 128.
    subprocess.run(["djpeg", "-strict", "-outfile", os.devnull, bomb], check=True)
    assert np.all(pillow_array(bomb) == 128)
add_broken("broken/scan-bomb.jpg", bomb_bytes,
           f"valid 8×8 progressive JPEG with {bomb_scans} scans, written by the script (one AC coefficient of one "
           "component and one bit per scan, all zero): must fail on the scan bound", expect="scans")


def strict_djpeg_refuses(path):
    """libjpeg-turbo's own djpeg in -strict mode must refuse the file too (independent check)."""
    result = subprocess.run(["djpeg", "-strict", "-outfile", os.devnull, path], capture_output=True)
    return result.returncode != 0


baseline = open(os.path.join(OUT, "good/jpeg-420.jpg"), "rb").read()
progressive = open(progressive_path, "rb").read()
sos = baseline.find(b"\xff\xda")
sos_length = struct.unpack(">H", baseline[sos + 2:sos + 4])[0]
scan_start = sos + 2 + sos_length
add_broken("broken/truncated-baseline.jpg", baseline[:scan_start + (len(baseline) - scan_start) // 2],
           "good/jpeg-420.jpg cut halfway through the entropy-coded data")
last_sos = progressive.rfind(b"\xff\xda")
add_broken("broken/truncated-progressive.jpg", progressive[:(progressive.find(b"\xff\xda") + last_sos) // 2],
           "good/jpeg-progressive.jpg cut between its first and last scans")
corrupt = bytearray(baseline)
middle = scan_start + (len(baseline) - scan_start) // 3
# 0xFF 0xD4 is a restart marker RST4 where none belongs; the bytes around it are garbage.
corrupt[middle:middle + 12] = bytes([0x13, 0x57, 0x9B, 0xDF, 0xFF, 0xD4, 0x02, 0x46, 0x8A, 0xCE, 0xFF, 0x00])
add_broken("broken/corrupt-entropy.jpg", bytes(corrupt),
           "good/jpeg-420.jpg with 12 bytes a third into the scan overwritten (stray RST4 marker + garbage)")
huge_jpeg = bytearray(baseline)
sof = huge_jpeg.find(b"\xff\xc0")
huge_jpeg[sof + 5:sof + 9] = struct.pack(">HH", 65500, 65500)
add_broken("broken/huge.jpg", bytes(huge_jpeg),
           "good/jpeg-420.jpg with SOF0 claiming 65 500 × 65 500 (libjpeg's maximum, 4.3 gigapixels; "
           "100 000 does not fit in the 16-bit SOF fields): must fail on the pixel limit before allocating", expect="limit")
twelve = bytearray(baseline)
sof = twelve.find(b"\xff\xc0")
twelve[sof + 1] = 0xC1
twelve[sof + 4] = 12
add_broken("broken/precision12.jpg", bytes(twelve),
           "good/jpeg-420.jpg with SOF0 turned into SOF1 claiming 12-bit samples (libjpeg's 8-bit build refuses it)")
add_broken("broken/huge-text-chunk-cut.png", good_png[:ihdr_end] + struct.pack(">I", 0x7FFFFFF0) + b"tEXtabc",
           f"IHDR, then a tEXt chunk header claiming 2 147 483 632 bytes with only 3 bytes after it (a {ihdr_end + 11}-byte "
           "file, shorter than a whole chunk header + CRC): must be refused without allocating the claim")
for entry in broken:
    if entry["file"].endswith(".jpg") and entry["expect"] == "any":
        assert strict_djpeg_refuses(os.path.join(OUT, entry["file"])), entry["file"]

# ---------------------------------------------------------------- manifest and README

with open(os.path.join(OUT, "manifest.json"), "w") as f:
    json.dump(dict(good=good, broken=broken), f, indent=1)

lines = [
    "# Codec fixtures",
    "",
    "Made by `Scripts/make-codec-fixtures` (which runs `Scripts/make_codec_fixtures.py` in a throwaway venv",
    "with Pillow, NumPy and OpenCV, plus `cjpeg`/`djpeg` from libjpeg-turbo-progs). Do not edit by hand: rerun",
    "the script. `manifest.json` lists every good file with its reference, scaling rule and header facts, and",
    "every broken file with what it must fail on; `Tests/ImageCodecsTests` reads it.",
    "",
    "## References (`reference/*.npy`)",
    "",
    "Arrays `[H, W, C]` from an independent decoder (Pillow, or OpenCV `IMREAD_UNCHANGED` reordered BGR → RGB",
    "for 16-bit PNG, which Pillow reduces to 8 bits), at full stored precision. Every PNG reference was also",
    "checked in the script to equal the samples the file was written from. Scaling rules the tests apply:",
    "",
    "- `exact8`: uint8, must equal the decoded tensor exactly (palette files: already expanded through PLTE and",
    "  tRNS; gray/RGB with a tRNS key: alpha channel added, key colour → 0).",
    "- `exact16`: uint16, decoded = value / 257 (|Δ| ≤ 0.001, far below one 16-bit step of 0.0039).",
    "- `bits1`, `bits2`, `bits4`: stored values 0 … 2^b − 1, decoded = value · 255 / (2^b − 1) (bit replication).",
    "- `jpeg`: uint8 Pillow decode; max |Δ| ≤ 2 and mean |Δ| ≤ 0.5 (IDCT/upsampling differences).",
    "- `cmyk-adobe`: Pillow's CMYK values. Pillow writes Adobe-convention CMYK JPEGs with *inverted* samples",
    "  (stored = 255 − ink) and de-inverts on read (rawmode `CMYK;I`), so the reference holds true ink values",
    "  (checked in the script: they are within a few levels of the planes that were saved, not their inverses).",
    "  The tests expect R = (255 − C)(255 − K)/255, G = (255 − M)(255 − K)/255, B = (255 − Y)(255 − K)/255,",
    "  i.e. R = C′·K′/255 on the stored inverted values C′, K′; tolerance as `jpeg`.",
    "- Files with an orientation have `reference` = `ImageOps.exif_transpose` (upright, the default decode) and",
    "  `storedReference` = the pixels as stored (`applyOrientation: false`).",
    "",
    "## Files",
    "",
    "| file | how it was made | reference(s) |",
    "| --- | --- | --- |",
]
references = {e["file"]: [e["reference"]] + ([e["storedReference"]] if "storedReference" in e else []) for e in good}
expectations = {e["file"]: f"refused ({e['expect']})" for e in broken}
for rel, how in readme:
    refs = ", ".join(f"`{r}`" for r in references.get(rel, [])) or expectations.get(rel, "")
    lines.append(f"| `{rel}` | {how.strip()} | {refs} |")
lines += [
    "",
    "Every broken JPEG except the scan bomb (a valid file refused by policy) is also refused by `djpeg -strict`",
    "(checked by the script). YCCK is produced by rewriting the Adobe transform byte because neither Pillow nor",
    "cjpeg writes YCCK directly. OpenCV expands 16-bit gray+alpha to RGBA; the script checks the three colour",
    "planes agree and keeps gray + alpha. A tRNS colour key on gray or RGB is expected to add an alpha channel",
    "(`keep` gives 2 or 4 channels), as libpng's tRNS → alpha expansion and Pillow's `LA`/`RGBA` conversion do.",
    "JPEG sizes are 16-bit fields and libjpeg refuses sides over 65 500, so `broken/huge.jpg` claims",
    "65 500 × 65 500 rather than 100 000 × 100 000.",
    "",
]
with open(os.path.join(OUT, "README.md"), "w") as f:
    f.write("\n".join(lines))

total = 0
for root, _, files in os.walk(OUT):
    total += sum(os.path.getsize(os.path.join(root, name)) for name in files)
print(f"{len(good)} good, {len(broken)} broken files, {total} bytes in {OUT}")
