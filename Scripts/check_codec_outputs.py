"""Checks, with Pillow, the files FilterBank writes from the metadata fixtures (made by
`codec-bench reencode`, see Scripts/check-codec-outputs): every output carries the source's ICC profile
(or none when its colour model changed), its XMP with orientation 1, its EXIF with orientation 1 and no
thumbnail, and the source's pixels (exactly for PNG, 16-bit included; within JPEG loss otherwise).

    python3 Scripts/check_codec_outputs.py FIXTURES_DIR OUTPUT_DIR
"""
import io
import json
import struct
import sys
from pathlib import Path

from PIL import ExifTags, Image, ImageOps

sys.path.insert(0, str(Path(__file__).parent))
from make_metadata_fixtures import read_png  # noqa: E402

failures = []


def expect(condition, what):
    if not condition:
        failures.append(what)


def exif_of(image):
    raw = image.info.get("exif")
    if raw is None:
        return None
    return raw[6:] if raw.startswith(b"Exif\0\0") else raw


def xmp_of(image, path):
    if path.suffix == ".jpg":
        return image.info.get("xmp")
    text = image.info.get("XML:com.adobe.xmp")
    return text.encode("utf-8") if text is not None else None


def mean_difference(a, b):
    x, y = a.tobytes(), b.tobytes()
    return sum(abs(p - q) for p, q in zip(x, y)) / len(x)


def jpeg_round_trip(image):
    """What Pillow writes at FilterBank's settings for `reencode`: quality 92, 4:4:4 (quality >= 90)."""
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=92, subsampling=0)
    with Image.open(buffer) as decoded:
        decoded.load()
        return decoded.copy()


def main(fixtures, outputs):
    fixtures, outputs = Path(fixtures), Path(outputs)
    manifest = json.loads((fixtures / "manifest.json").read_text())
    checked = 0
    for entry in manifest:
        source = fixtures / entry["file"]
        stem = source.stem
        icc = (fixtures / entry["icc"]).read_bytes() if entry["icc"] else None
        exif_upright = (fixtures / entry["exifUpright"]).read_bytes() if entry.get("exifUpright") else None
        xmp_upright = (fixtures / entry["xmpUpright"]).read_bytes() if entry.get("xmpUpright") else None
        with Image.open(source) as original:
            upright = ImageOps.exif_transpose(original)
            upright.load()
        for out in sorted(outputs.glob(stem + ".*")):
            gray = out.stem.endswith(".gray")
            what = f"{entry['file']} -> {out.name}"
            with Image.open(out) as image:
                image.load()
                expect(image.size == upright.size, f"{what}: size {image.size}, expected {upright.size}")
                colour_changed = gray and entry["channels"] >= 3
                expect(image.info.get("icc_profile") == (None if colour_changed else icc), f"{what}: ICC profile")
                expect(exif_of(image) == exif_upright, f"{what}: EXIF is not the upright block")
                if exif_upright is not None:
                    exif = image.getexif()
                    expect(exif.get(0x0112) in (None, 1), f"{what}: orientation {exif.get(0x0112)}")
                    expect(not exif.get_ifd(ExifTags.IFD.IFD1), f"{what}: thumbnail IFD1 still present")
                    expect(exif.get(0x0110) == "Seeded Camera 1", f"{what}: camera model lost")
                expect(xmp_of(image, out) == xmp_upright, f"{what}: XMP")
                if entry["bitDepth"] == 16 and out.suffix == ".png" and not gray:
                    samples = read_png(out.read_bytes())["samples"]
                    raw = (fixtures / entry["samples"]).read_bytes()
                    expect(samples == list(struct.unpack(">%dH" % (len(raw) // 2), raw)), f"{what}: 16-bit samples differ")
                elif not gray:
                    reference = upright.convert(image.mode) if upright.mode != image.mode else upright
                    if out.suffix == ".png" and entry["bitDepth"] == 8:
                        expect(image.tobytes() == reference.tobytes(), f"{what}: PNG pixels differ")
                    elif out.suffix == ".jpg":
                        # No worse than Pillow's own JPEG of the same pixels at the same settings.
                        ours = mean_difference(image, reference)
                        pillow = mean_difference(jpeg_round_trip(reference), reference)
                        expect(ours <= pillow + 0.25, f"{what}: JPEG error {ours:.2f}, Pillow's {pillow:.2f}")
            checked += 1
    expect(checked >= 2 * len(manifest), f"only {checked} outputs found in {outputs}")
    for failure in failures:
        print("FAIL", failure)
    print(f"{checked} outputs checked, {len(failures)} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
