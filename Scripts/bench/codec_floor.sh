#!/usr/bin/env bash
# The codec floor of W2: what libjpeg-turbo alone spends on 4 decodes and 16 encodes at Q90, two at a
# time (this machine's cores), with the pixels handed over in memory (a tmpfs), no filtering at all.
#   Scripts/bench/codec_floor.sh OUT_DIR PHOTO…
set -euo pipefail
out=$1
shift
scratch=$(mktemp -d /dev/shm/filterbank-floor.XXXXXX)
trap 'rm -rf "$scratch"' EXIT
printf '%s\n' "$@" | xargs -P 2 -I{} sh -c 'djpeg -rgb "{}" > "'"$scratch"'/$(basename "{}" .jpg).ppm"'
for ppm in "$scratch"/*.ppm; do for kernel in blur sharpen outline emboss; do echo "$ppm $kernel"; done; done |
  xargs -P 2 -n 2 sh -c 'cjpeg -quality 90 -sample 1x1 "$0" > "'"$out"'/$(basename "$0" .ppm)-$1.jpg"'
