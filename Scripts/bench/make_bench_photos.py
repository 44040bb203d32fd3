"""Makes the 4 × 12-megapixel JPEG (q90) photos the end-to-end benchmark runs on.

They are built from scikit-image's bundled, redistributable samples (chelsea and coffee: CC0;
astronaut and rocket: public domain), enlarged to 4000×3000 with Lanczos and given mild sensor-like
noise so that they compress like real camera photos rather than like smooth upscales.
"""
import sys
from pathlib import Path

import numpy as np
from PIL import Image
from skimage import data

out = Path(sys.argv[1])
out.mkdir(parents=True, exist_ok=True)
rng = np.random.default_rng(1470)
samples = {"astronaut": data.astronaut(), "coffee": data.coffee(), "chelsea": data.chelsea(), "rocket": data.rocket()}
for name, pixels in samples.items():
    target = out / f"{name}.jpg"
    if target.exists():
        continue
    big = np.asarray(Image.fromarray(pixels).convert("RGB").resize((4000, 3000), Image.LANCZOS), dtype=np.float32)
    big += rng.normal(0.0, 4.0, big.shape).astype(np.float32)
    Image.fromarray(np.clip(big, 0, 255).astype(np.uint8)).save(target, quality=90)
    print(f"wrote {target}")
