"""Peer for W1: OpenCV decode, cv2.filter2D per input channel (BORDER_CONSTANT, i.e. zero padding as
tf.nn.conv2d SAME for odd kernels), sum over channels, min-max normalise, PNG at compression 1."""
import sys
from pathlib import Path

import cv2
import numpy as np

bank_path, out_dir, *photos = sys.argv[1:]
bank = np.load(bank_path).astype(np.float32)  # HWIO [3, 3, 3, 8]
out = Path(out_dir)
for photo in photos:
    image = cv2.imread(photo, cv2.IMREAD_COLOR)[:, :, ::-1].astype(np.float32)  # BGR → RGB, as TF sees it
    folder = out / Path(photo).stem
    folder.mkdir(parents=True, exist_ok=True)
    for o in range(bank.shape[3]):
        acc = np.zeros(image.shape[:2], np.float32)
        for c in range(bank.shape[2]):
            acc += cv2.filter2D(image[:, :, c], cv2.CV_32F, bank[:, :, c, o], borderType=cv2.BORDER_CONSTANT)
        lo, hi = float(acc.min()), float(acc.max())
        scaled = np.zeros_like(acc) if hi == lo else (acc - lo) * (255.0 / (hi - lo))
        cv2.imwrite(str(folder / f"f{o}.png"), np.rint(scaled).astype(np.uint8), [cv2.IMWRITE_PNG_COMPRESSION, 1])
