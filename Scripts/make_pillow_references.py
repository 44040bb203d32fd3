"""Writes, for each Pillow test image in FOLDER, `<name>.means.png`: the 8 x 8 block means of Pillow's
decoding (stored orientation, the file's own mode), rounded, so a decoder can be compared with Pillow
without committing full-size references. Files Pillow refuses are decoded with LOAD_TRUNCATED_IMAGES;
files it cannot decode at all get no reference. Also writes `references.json`: per file, Pillow's mode,
size and whether it needed LOAD_TRUNCATED_IMAGES.

    python3 Scripts/make_pillow_references.py FOLDER NAME...
"""
import json
import sys
from pathlib import Path

import numpy as np
from PIL import Image, ImageFile


def block_means(array, block=8):
    h, w = array.shape[:2]
    out = np.zeros(((h + block - 1) // block, (w + block - 1) // block) + array.shape[2:], dtype=np.float64)
    for by in range(out.shape[0]):
        for bx in range(out.shape[1]):
            out[by, bx] = array[by * block:(by + 1) * block, bx * block:(bx + 1) * block].mean(axis=(0, 1))
    return np.rint(out).astype(np.uint8)


def decode(path):
    for truncated in (False, True):
        ImageFile.LOAD_TRUNCATED_IMAGES = truncated
        try:
            with Image.open(path) as image:
                image.load()
                return np.asarray(image), image.mode, truncated
        except OSError:
            continue
        finally:
            ImageFile.LOAD_TRUNCATED_IMAGES = False
    return None, None, None


def main(folder, names):
    folder = Path(folder)
    facts = {}
    for name in names:
        array, mode, truncated = decode(folder / name)
        if array is None:
            facts[name] = {"pillow": "refused"}
            continue
        Image.fromarray(block_means(array)).save(folder / (name + ".means.png"))
        facts[name] = {"pillow": "decoded", "mode": mode, "width": int(array.shape[1]), "height": int(array.shape[0]),
                       "loadTruncated": truncated}
    (folder / "references.json").write_text(json.dumps(facts, indent=1, sort_keys=True) + "\n")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2:])
