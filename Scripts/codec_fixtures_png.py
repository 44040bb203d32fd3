"""Good PNG files (every colour type, bit depth, Adam7, tRNS, ancillary chunks, orientations), written
when imported.
"""

from codec_fixtures_common import *  # noqa: F401,F403

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
