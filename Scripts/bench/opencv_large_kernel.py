"""Peer for the large-kernel benchmark: one OpenCV process per photo, as a Python user writes it
(cv2.imread, one filter over every channel, cv2.imwrite at JPEG quality 90, 4:4:4 like FilterBank's
default at that quality), on 2 threads. BORDER_REPLICATE, FilterBank `filter`'s border.
  opencv_large_kernel.py filter2d KERNEL.npy IN.jpg OUT.jpg     (cv2.filter2D; its DFT path for big kernels)
  opencv_large_kernel.py gaussian SIZE SIGMA IN.jpg OUT.jpg     (cv2.GaussianBlur)
"""
import sys

import cv2
import numpy as np

cv2.setNumThreads(2)
mode = sys.argv[1]
jpeg = [cv2.IMWRITE_JPEG_QUALITY, 90, cv2.IMWRITE_JPEG_SAMPLING_FACTOR, cv2.IMWRITE_JPEG_SAMPLING_FACTOR_444]
if mode == "filter2d":
    kernel = np.load(sys.argv[2]).astype(np.float32)
    image = cv2.imread(sys.argv[3], cv2.IMREAD_COLOR)
    cv2.imwrite(sys.argv[4], cv2.filter2D(image, -1, kernel, borderType=cv2.BORDER_REPLICATE), jpeg)
elif mode == "gaussian":
    size, sigma = int(sys.argv[2]), float(sys.argv[3])
    image = cv2.imread(sys.argv[4], cv2.IMREAD_COLOR)
    cv2.imwrite(sys.argv[5], cv2.GaussianBlur(image, (size, size), sigma, borderType=cv2.BORDER_REPLICATE), jpeg)
else:
    sys.exit(f"unknown mode {mode}")
