"""Peer for W2 in one libvips process: each photo decoded once, the four 3×3 kernels applied with
`conv` in integer precision, each result saved with `jpegsave` at Q=90 (libvips's own threads).
    pyvips_w2.py OUT_DIR MASK_DIR PHOTO…   (MASK_DIR holds blur/sharpen/outline/emboss.mat)
"""
import os
import sys

import pyvips

out, masks, photos = sys.argv[1], sys.argv[2], sys.argv[3:]
kernels = {name: pyvips.Image.matrixload(os.path.join(masks, f"{name}.mat")) for name in ("blur", "sharpen", "outline", "emboss")}
for photo in photos:
    # Random access: the photo is decoded once and shared by the four pipelines.
    image = pyvips.Image.new_from_file(photo, access="random").copy_memory()
    stem = os.path.splitext(os.path.basename(photo))[0]
    for name, kernel in kernels.items():
        image.conv(kernel, precision="integer").jpegsave(os.path.join(out, f"{stem}-{name}.jpg"), Q=90)
