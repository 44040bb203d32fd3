"""Bank files for the large-kernel benchmark, written as plain matrices (FilterBank must find their
structure from the numbers): a 31×31 Gaussian (σ 5, cv2.getGaussianKernel outer product), a dense
random 63×63 kernel (seeded, normalised to Σ|w| = 1 so outputs stay in range), each as a bank JSON
for FilterBank and a .npy for OpenCV; and a 5×5 bank of four kernels for the small-kernel check."""
import json
import sys
from pathlib import Path

import cv2
import numpy as np

out = Path(sys.argv[1])
out.mkdir(parents=True, exist_ok=True)
g = cv2.getGaussianKernel(31, 5)
kernels = {"g31": (g @ g.T).astype(np.float32)}
r = np.random.default_rng(63).normal(0, 1, (63, 63))
kernels["r63"] = (r / np.abs(r).sum()).astype(np.float32)
for name, k in kernels.items():
    np.save(out / f"{name}.npy", k)
    json.dump({"filters": [{"name": name, "kernel": k.tolist()}]}, open(out / f"{name}.json", "w"))
rng = np.random.default_rng(5)
small = [{"name": f"k5-{i}", "kernel": (rng.normal(0, 1, (5, 5)) / 10 + np.pad([[1.0]], 2)).astype(np.float32).tolist()} for i in range(4)]
json.dump({"filters": small}, open(out / "bank5x5.json", "w"))
