"""Makes the codec fixture corpus: good PNG/JPEG files with independent references, and broken files.

Run through Scripts/make-codec-fixtures (throwaway venv with Pillow, NumPy, OpenCV; cjpeg on PATH).
PNG files come from the tiny writer below (exact control over bit depth, colour type, filters, Adam7,
chunks); every PNG is decoded back with Pillow or OpenCV and must equal the samples it was written from,
so the stored reference is checked twice. JPEG files come from Pillow and cjpeg; their references are
Pillow's decode. References are .npy arrays [H, W, C] at full stored precision (uint8 or uint16, low bit
depths as stored 0 … 2^b − 1); the Swift tests apply the scaling rule named in manifest.json.
"""

from codec_fixtures_common import *  # noqa: F401,F403
# Each part writes its files when imported, in this order: they share one seeded RNG.
import codec_fixtures_png  # noqa: F401,E402
import codec_fixtures_jpeg  # noqa: F401,E402
import codec_fixtures_broken  # noqa: F401,E402


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
