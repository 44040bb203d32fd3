"""Broken PNG and JPEG files and what each must fail on, written when imported.
"""

from codec_fixtures_common import *  # noqa: F401,F403
from codec_fixtures_png import *  # noqa: F401,F403
from codec_fixtures_jpeg import *  # noqa: F401,F403

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
