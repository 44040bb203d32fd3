"""Makes Fixtures/images/metadata/: small PNG and JPEG files carrying ICC profiles, EXIF and XMP, the
blocks themselves as separate files (what a decoder must return byte for byte), and the EXIF/XMP a
writer must produce once the pixels are upright (orientation 1, no thumbnail), worked out here
independently of FilterBank. Deterministic: a fixed seed, fixed dates, no timestamps from the clock.

    python3 Scripts/make_metadata_fixtures.py Fixtures/images/metadata

Pillow writes the JPEGs (it splits a large ICC profile into numbered APP2 segments itself) and the
8-bit PNGs; 16-bit colour PNGs, which Pillow cannot write, are written by `png_bytes` below and read
back with `read_png` to check them. Every file is read back with Pillow before the script ends.
"""
import io
import json
import random
import struct
import sys
import zlib
from pathlib import Path

from PIL import ExifTags, Image, ImageCms, PngImagePlugin

SEED = 20261201


# ---- ICC profiles (ICC.1 v2.1, built field by field) -------------------------------------------------

def s15(value):
    return struct.pack(">i", round(value * 65536))


def xyz_tag(x, y, z):
    return b"XYZ " + b"\0" * 4 + s15(x) + s15(y) + s15(z)


def curve_tag(entries):
    return b"curv" + b"\0" * 4 + struct.pack(">I", len(entries)) + b"".join(struct.pack(">H", e) for e in entries)


def text_description(text):
    ascii_bytes = text.encode("ascii") + b"\0"
    # textDescriptionType: ASCII part, empty Unicode and ScriptCode parts (67 bytes of the latter).
    return (b"desc" + b"\0" * 4 + struct.pack(">I", len(ascii_bytes)) + ascii_bytes
            + struct.pack(">II", 0, 0) + struct.pack(">HB", 0, 0) + b"\0" * 67)


def icc_profile(space, description, tags):
    """A display profile of colour space `space` ("RGB " or "GRAY") with XYZ as its PCS."""
    tags = [(b"desc", text_description(description)),
            (b"cprt", b"text" + b"\0" * 4 + b"No copyright: FilterBank test fixture\0")] + tags
    table_size = 4 + 12 * len(tags)
    offset = 128 + table_size
    entries, data = [], b""
    for signature, body in tags:
        while (offset + len(data)) % 4:
            data += b"\0"
        entries.append((signature, offset + len(data), len(body)))
        data += body
    size = 128 + table_size + len(data)
    header = struct.pack(">I", size) + b"FBNK" + struct.pack(">I", 0x02100000) + b"mntr" + space.encode() + b"XYZ "
    header += struct.pack(">6H", 2026, 12, 1, 0, 0, 0) + b"acsp" + b"APPL" + b"\0" * 4 + b"\0" * 8 + b"\0" * 8
    header += struct.pack(">I", 0)                                  # perceptual
    header += struct.pack(">iii", 0xF6D6, 0x10000, 0xD32D)          # D50, as s15Fixed16
    header += b"FBNK" + b"\0" * 16 + b"\0" * 28
    assert len(header) == 128
    table = struct.pack(">I", len(tags)) + b"".join(s + struct.pack(">II", o, n) for s, o, n in entries)
    return header + table + data


def large_rgb_profile():
    """Adobe RGB (1998) primaries (D50-adapted) and its 2.2 gamma sampled at 11 000 points per channel,
    so the profile (~66 KB) needs two JPEG APP2 segments, as real printer and camera profiles do."""
    gamma = 563 / 256
    n = 11000
    curve = [round(65535 * (i / (n - 1)) ** gamma) for i in range(n)]
    return icc_profile("RGB ", "FilterBank Adobe-RGB-like test profile", [
        (b"wtpt", xyz_tag(0.9642, 1.0, 0.8249)),
        (b"rXYZ", xyz_tag(0.6097, 0.3111, 0.0195)),
        (b"gXYZ", xyz_tag(0.2053, 0.6257, 0.0609)),
        (b"bXYZ", xyz_tag(0.1492, 0.0632, 0.7446)),
        (b"rTRC", curve_tag(curve)), (b"gTRC", curve_tag(curve)), (b"bTRC", curve_tag(curve))])


def gray_profile():
    return icc_profile("GRAY", "FilterBank gray gamma 2.2 test profile", [
        (b"wtpt", xyz_tag(0.9642, 1.0, 0.8249)),
        (b"kTRC", b"curv" + b"\0" * 4 + struct.pack(">IH", 1, 0x0233))])


# ---- EXIF (TIFF built by hand: Pillow does not write IFD1 thumbnails) --------------------------------

TYPES = {"BYTE": (1, 1), "ASCII": (2, 1), "SHORT": (3, 2), "LONG": (4, 4), "RATIONAL": (5, 8), "UNDEFINED": (7, 1)}


class Tiff:
    """Lays out IFDs one after another, each followed by its out-of-line values."""

    def __init__(self, endian):
        self.e = endian
        self.data = bytearray((b"II*\0" if endian == "<" else b"MM\0*") + struct.pack(endian + "I", 8))
        self.marks = {}

    def pack(self, fmt, *values):
        return struct.pack(self.e + fmt, *values)

    def value_bytes(self, kind, value):
        if kind == "ASCII":
            return value.encode("ascii") + b"\0"
        if kind in ("BYTE", "UNDEFINED"):
            return bytes(value)
        if kind == "SHORT":
            return b"".join(self.pack("H", v) for v in value)
        if kind == "LONG":
            return b"".join(self.pack("I", v) for v in value)
        return b"".join(self.pack("II", n, d) for n, d in value)

    def ifd(self, name, entries):
        """Writes an IFD at the end; `entries` are (tag, kind, value); returns where each value field is."""
        start = len(self.data)
        self.marks[name] = start
        entries = sorted(entries)
        values_at = start + 2 + 12 * len(entries) + 4
        table, values, fields = self.pack("H", len(entries)), b"", {}
        for tag, kind, value in entries:
            raw = self.value_bytes(kind, value)
            code, size = TYPES[kind]
            count = len(raw) // size
            if len(raw) <= 4:
                field = raw + b"\0" * (4 - len(raw))
            else:
                if (values_at + len(values)) % 2:
                    values += b"\0"
                field = self.pack("I", values_at + len(values))
                values += raw
            fields[tag] = start + len(table) + 8
            table += self.pack("HHI", tag, code, count) + field
        self.data += table + self.pack("I", 0) + values
        return start, fields

    def set_long(self, at, value):
        self.data[at:at + 4] = self.pack("I", value)


def exif_block(endian, orientation, thumbnail):
    """IFD0 (camera, orientation, date, Exif and GPS pointers), the Exif IFD with a maker note, the GPS
    IFD, then IFD1 and its JPEG thumbnail at the very end: the usual camera layout. Returns the TIFF
    bytes, the bytes after orientation 1 and thumbnail removal, and facts for the manifest."""
    rng = random.Random(SEED + orientation)
    t = Tiff(endian)
    ifd0, fields0 = t.ifd("ifd0", [
        (0x010F, "ASCII", "FilterBank"), (0x0110, "ASCII", "Seeded Camera 1"),
        (0x0112, "SHORT", [orientation]), (0x0132, "ASCII", "2026:12:01 10:20:30"),
        (0x8769, "LONG", [0]), (0x8825, "LONG", [0])])
    exif_ifd, _ = t.ifd("exif", [
        (0x829A, "RATIONAL", [(1, 125)]), (0x9003, "ASCII", "2026:12:01 10:20:30"),
        (0x927C, "UNDEFINED", [rng.randrange(256) for _ in range(40)])])
    t.set_long(fields0[0x8769], exif_ifd)
    gps_ifd, _ = t.ifd("gps", [(0x0000, "BYTE", [2, 3, 0, 0]), (0x0001, "ASCII", "N"),
                               (0x0002, "RATIONAL", [(48, 1), (51, 1), (2400, 100)])])
    t.set_long(fields0[0x8825], gps_ifd)
    next_link = ifd0 + 2 + 12 * 6
    if thumbnail is not None:
        ifd1, fields1 = t.ifd("ifd1", [(0x0103, "SHORT", [6]), (0x0201, "LONG", [0]), (0x0202, "LONG", [len(thumbnail)])])
        t.set_long(fields1[0x0201], len(t.data))
        t.data += thumbnail
        t.set_long(next_link, ifd1)
    stored = bytes(t.data)
    # What a writer must produce: orientation 1, IFD1 unlinked and cut off with its thumbnail.
    upright = bytearray(stored)
    upright[fields0[0x0112]:fields0[0x0112] + 2] = t.pack("H", 1)
    upright[next_link:next_link + 4] = t.pack("I", 0)
    if thumbnail is not None:
        upright = upright[:t.marks["ifd1"]]
    facts = {"endian": "little" if endian == "<" else "big", "ifd1": t.marks.get("ifd1"),
             "thumbnailBytes": len(thumbnail) if thumbnail else 0}
    return stored, bytes(upright), facts


def xmp_packet(orientation, element_form):
    value = (f"<tiff:Orientation>{orientation}</tiff:Orientation>" if element_form else "")
    attribute = "" if element_form else f' tiff:Orientation="{orientation}"'
    return ('<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>\n'
            '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
            '<rdf:Description rdf:about="" xmlns:tiff="http://ns.adobe.com/tiff/1.0/" '
            f'xmlns:dc="http://purl.org/dc/elements/1.1/"{attribute}>{value}'
            '<dc:creator><rdf:Seq><rdf:li>FilterBank fixtures</rdf:li></rdf:Seq></dc:creator>'
            '</rdf:Description></rdf:RDF></x:xmpmeta>\n<?xpacket end="w"?>').encode("utf-8")


# ---- Pixels and PNG bytes ------------------------------------------------------------------------

def pixels(width, height, channels, maximum, seed):
    """Smooth ramps plus seeded noise, every channel different, alpha a ramp when present."""
    rng = random.Random(seed)
    out = []
    for y in range(height):
        for x in range(width):
            for c in range(channels):
                base = (x * (c + 1) * 37 + y * 53 + c * 4000) / (width * 37 + height * 53 + 12000)
                if channels in (2, 4) and c == channels - 1:
                    base = x / max(1, width - 1)
                out.append(min(maximum, max(0, round(base * maximum + rng.randint(-maximum // 40, maximum // 40)))))
    return out


def chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def png_bytes(width, height, channels, bit_depth, samples, before=(), after=()):
    """A non-interlaced PNG, filter None, with extra chunks before and after IDAT."""
    color_type = {1: 0, 2: 4, 3: 2, 4: 6}[channels]
    size = bit_depth // 8
    rows = b""
    for y in range(height):
        row = samples[y * width * channels:(y + 1) * width * channels]
        rows += b"\0" + b"".join(v.to_bytes(size, "big") for v in row)
    out = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, bit_depth, color_type, 0, 0, 0))
    for kind, data in before:
        out += chunk(kind, data)
    out += chunk(b"IDAT", zlib.compress(rows, 9))
    for kind, data in after:
        out += chunk(kind, data)
    return out + chunk(b"IEND", b"")


def read_png(data):
    """Samples and chunks of a non-interlaced 8/16-bit PNG (all five filters), to check files independently
    of Pillow, which reads 16-bit colour as 8-bit."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    at, chunks, idat = 8, [], b""
    while at < len(data):
        n, kind = struct.unpack(">I4s", data[at:at + 8])
        body = data[at + 8:at + 8 + n]
        assert zlib.crc32(kind + body) & 0xFFFFFFFF == struct.unpack(">I", data[at + 8 + n:at + 12 + n])[0]
        chunks.append((kind, body))
        if kind == b"IDAT":
            idat += body
        at += 12 + n
    width, height, depth, color, _, _, interlace = struct.unpack(">IIBBBBB", chunks[0][1])
    assert interlace == 0 and depth in (8, 16)
    channels = {0: 1, 4: 2, 2: 3, 6: 4}[color]
    bpp, stride = channels * depth // 8, width * channels * depth // 8
    raw, prior, out = zlib.decompress(idat), bytearray(stride), []
    for y in range(height):
        kind, row = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            left = row[i - bpp] if i >= bpp else 0
            up, corner = prior[i], prior[i - bpp] if i >= bpp else 0
            if kind == 1: row[i] = (row[i] + left) & 255
            elif kind == 2: row[i] = (row[i] + up) & 255
            elif kind == 3: row[i] = (row[i] + (left + up) // 2) & 255
            elif kind == 4:
                p = left + up - corner
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - corner)
                row[i] = (row[i] + (left if pa <= pb and pa <= pc else up if pb <= pc else corner)) & 255
        out += list(row) if depth == 8 else [row[i] << 8 | row[i + 1] for i in range(0, stride, 2)]
        prior = row
    return {"width": width, "height": height, "channels": channels, "depth": depth, "samples": out, "chunks": chunks}


def itxt(keyword, text, compressed=False):
    body = zlib.compress(text) if compressed else text
    return keyword.encode("latin-1") + b"\0" + bytes([1 if compressed else 0, 0]) + b"\0\0" + body


def iccp(profile):
    return b"ICC profile\0\0" + zlib.compress(profile, 9)


def image_from(samples, width, height, mode):
    return Image.frombytes(mode, (width, height), bytes(samples))


# ---- The fixtures ------------------------------------------------------------------------------------

def main(out):
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    manifest = []
    rgb_icc, gray_icc = large_rgb_profile(), gray_profile()
    assert len(rgb_icc) > 65519, "the large profile must span two APP2 segments"
    for name, profile in (("icc-rgb-large.icc", rgb_icc), ("icc-gray.icc", gray_icc)):
        (out / name).write_bytes(profile)
        ImageCms.ImageCmsProfile(io.BytesIO(profile))   # littleCMS parses it

    thumb = io.BytesIO()
    image_from(pixels(16, 10, 3, 255, SEED + 1), 16, 10, "RGB").save(thumb, "JPEG", quality=75)
    exif6, exif6_upright, exif6_facts = exif_block(">", 6, thumb.getvalue())
    exif8, exif8_upright, exif8_facts = exif_block("<", 8, thumb.getvalue())
    exif1, exif1_upright, _ = exif_block("<", 1, None)
    xmp6, xmp8e = xmp_packet(6, False), xmp_packet(8, True)
    blocks = {"exif-orient6-thumb.tiff": exif6, "exif-orient6-upright.tiff": exif6_upright,
              "exif-orient8-thumb.tiff": exif8, "exif-orient8-upright.tiff": exif8_upright,
              "exif-orient1.tiff": exif1, "xmp-orient6.xml": xmp6, "xmp-orient6-upright.xml": xmp_packet(1, False),
              "xmp-orient8-element.xml": xmp8e, "xmp-orient8-element-upright.xml": xmp_packet(1, True)}
    for name, data in blocks.items():
        (out / name).write_bytes(data)

    def record(name, **facts):
        manifest.append({"file": name, **facts})

    # A JPEG as a camera and an editor leave it: 2-segment ICC profile, EXIF (orientation 6, thumbnail), XMP.
    w, h = 40, 24
    rgb = image_from(pixels(w, h, 3, 255, SEED + 2), w, h, "RGB")
    rgb.save(out / "jpeg-icc2-exif6-xmp.jpg", "JPEG", quality=92, icc_profile=rgb_icc,
             exif=b"Exif\0\0" + exif6, xmp=xmp6)
    record("jpeg-icc2-exif6-xmp.jpg", width=w, height=h, channels=3, bitDepth=8, orientation=6,
           icc="icc-rgb-large.icc", exif="exif-orient6-thumb.tiff", exifUpright="exif-orient6-upright.tiff",
           xmp="xmp-orient6.xml", xmpUpright="xmp-orient6-upright.xml", exifFacts=exif6_facts, warnings=0)

    # The same file with its two APP2 segments in reverse order: reassembled by sequence number.
    data = (out / "jpeg-icc2-exif6-xmp.jpg").read_bytes()
    segments, at = [], 2
    while data[at] == 0xFF and data[at + 1] != 0xDA:
        n = struct.unpack(">H", data[at + 2:at + 4])[0]
        segments.append((at, at + 2 + n))
        at += 2 + n
    icc_segments = [(a, b) for a, b in segments if data[a + 1] == 0xE2 and data[a + 4:a + 16] == b"ICC_PROFILE\0"]
    assert len(icc_segments) == 2 and icc_segments[0][1] == icc_segments[1][0]
    (s1, e1), (s2, e2) = icc_segments
    (out / "jpeg-icc2-reordered.jpg").write_bytes(data[:s1] + data[s2:e2] + data[s1:e1] + data[e2:])
    record("jpeg-icc2-reordered.jpg", width=w, height=h, channels=3, bitDepth=8, orientation=6,
           icc="icc-rgb-large.icc", exif="exif-orient6-thumb.tiff", exifUpright="exif-orient6-upright.tiff",
           xmp="xmp-orient6.xml", xmpUpright="xmp-orient6-upright.xml", warnings=0)
    # ... and with its second segment missing: the profile cannot be trusted and is not used.
    (out / "jpeg-icc2-missing.jpg").write_bytes(data[:s2] + data[e2:])
    record("jpeg-icc2-missing.jpg", width=w, height=h, channels=3, bitDepth=8, orientation=6, icc=None,
           exif="exif-orient6-thumb.tiff", exifUpright="exif-orient6-upright.tiff", xmp="xmp-orient6.xml",
           xmpUpright="xmp-orient6-upright.xml", warnings=1)

    # Gray JPEG with a gray profile (kept in gray outputs).
    gray = image_from(pixels(w, h, 1, 255, SEED + 3), w, h, "L")
    gray.save(out / "jpeg-gray-icc.jpg", "JPEG", quality=90, icc_profile=gray_icc)
    record("jpeg-gray-icc.jpg", width=w, height=h, channels=1, bitDepth=8, orientation=1, icc="icc-gray.icc",
           exif=None, xmp=None, warnings=0)

    # PNG with iCCP, eXIf (orientation 8, little-endian, thumbnail) and iTXt XMP, written by Pillow.
    info = PngImagePlugin.PngInfo()
    info.add_itxt("XML:com.adobe.xmp", xmp8e.decode("utf-8"))
    rgb.save(out / "png-icc-exif8-xmp.png", "PNG", icc_profile=rgb_icc, exif=exif8, pnginfo=info)
    record("png-icc-exif8-xmp.png", width=w, height=h, channels=3, bitDepth=8, orientation=8,
           icc="icc-rgb-large.icc", exif="exif-orient8-thumb.tiff", exifUpright="exif-orient8-upright.tiff",
           xmp="xmp-orient8-element.xml", xmpUpright="xmp-orient8-element-upright.xml", exifFacts=exif8_facts,
           warnings=0)

    # 16-bit RGB and RGBA with iCCP; eXIf and a compressed XMP after the image data (PNG allows both).
    for channels, name in ((3, "png-rgb16-icc.png"), (4, "png-rgba16-icc-exif-xmp.png")):
        samples = pixels(w, h, channels, 65535, SEED + 10 + channels)
        after = [(b"eXIf", exif1), (b"iTXt", itxt("XML:com.adobe.xmp", xmp6, compressed=True))] if channels == 4 else []
        (out / name).write_bytes(png_bytes(w, h, channels, 16, samples, before=[(b"iCCP", iccp(rgb_icc))], after=after))
        (out / name.replace(".png", ".u16")).write_bytes(struct.pack(">%dH" % len(samples), *samples))
        record(name, width=w, height=h, channels=channels, bitDepth=16, orientation=1, icc="icc-rgb-large.icc",
               exif="exif-orient1.tiff" if after else None, exifUpright="exif-orient1.tiff" if after else None,
               xmp="xmp-orient6.xml" if after else None, xmpUpright="xmp-orient6-upright.xml" if after else None,
               samples=name.replace(".png", ".u16"), warnings=0)

    # Gray+alpha 8-bit with a gray profile, written by Pillow ("LA").
    la = image_from(pixels(w, h, 2, 255, SEED + 20), w, h, "LA")
    la.save(out / "png-gray-alpha8-icc.png", "PNG", icc_profile=gray_icc)
    (out / "png-gray-alpha8-icc.u8").write_bytes(la.tobytes())
    record("png-gray-alpha8-icc.png", width=w, height=h, channels=2, bitDepth=8, orientation=1, icc="icc-gray.icc",
           exif=None, xmp=None, samples="png-gray-alpha8-icc.u8", warnings=0)

    check(out, manifest, blocks)
    (out / "manifest.json").write_text(json.dumps(manifest, indent=1, sort_keys=True) + "\n")


def check(out, manifest, blocks):
    """Every file read back with Pillow (and 16-bit ones with read_png): the blocks are what was written."""
    for entry in manifest:
        path = out / entry["file"]
        with Image.open(path) as image:
            image.load()
            assert image.size == (entry["width"], entry["height"]), entry
            icc = (out / entry["icc"]).read_bytes() if entry["icc"] else None
            if entry["file"] != "jpeg-icc2-reordered.jpg" and entry["file"] != "jpeg-icc2-missing.jpg":
                assert image.info.get("icc_profile") == icc, entry["file"]
            exif = image.getexif()
            if entry.get("exif"):
                assert exif.get(0x0112) == entry["orientation"], entry["file"]
                assert exif.get(0x0110) == "Seeded Camera 1"
            if entry.get("exifFacts", {}).get("ifd1"):
                assert exif.get_ifd(ExifTags.IFD.IFD1).get(0x0202) == entry["exifFacts"]["thumbnailBytes"]
            if entry.get("xmp") and path.suffix == ".jpg":
                assert image.info.get("xmp") == blocks[entry["xmp"]], entry["file"]
        if entry["bitDepth"] == 16:
            png = read_png(path.read_bytes())
            assert png["samples"] == list(struct.unpack(">%dH" % (len(png["samples"])), (out / entry["samples"]).read_bytes()))


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "Fixtures/images/metadata")
