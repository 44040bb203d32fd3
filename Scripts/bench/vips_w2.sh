#!/usr/bin/env bash
# Peer for W2: one `vips conv` per photo and kernel (decode + integer 3×3 convolution + JPEG q90 save).
#   Scripts/bench/vips_w2.sh OUT_DIR MASK_DIR PHOTO…   (MASK_DIR holds blur/sharpen/outline/emboss.mat)
set -euo pipefail
out=$1 masks=$2
shift 2
for photo in "$@"; do
  for kernel in blur sharpen outline emboss; do
    vips conv "$photo" "$out/$(basename "$photo" .jpg)-$kernel.jpg[Q=90]" "$masks/$kernel.mat" --precision integer
  done
done
