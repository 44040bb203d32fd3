"""Good JPEG files (subsamplings, progressive, gray, CMYK/YCCK, restarts, arithmetic, EXIF), written
when imported.
"""

from codec_fixtures_common import *  # noqa: F401,F403
from codec_fixtures_png import *  # noqa: F401,F403

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
