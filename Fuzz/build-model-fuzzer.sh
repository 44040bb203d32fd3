#!/usr/bin/env bash
# Builds .build/fuzz/fuzz-model (Fuzz/ModelLoadFuzzer.swift) with libFuzzer + AddressSanitizer, the way
# Scripts/fuzz builds the image targets; Scripts/fuzz runs it with seeds from Fixtures/models/*.keras|*.h5.
#   Fuzz/build-model-fuzzer.sh            (run from the repository root after `swift package resolve`)
set -euo pipefail
cd "$(dirname "$0")/.."
out=.build/fuzz
mkdir -p "$out/obj" "$out/modules"
zip_sources=.build/checkouts/ZIPFoundation/Sources
[[ -d $zip_sources ]] || swift package resolve >&2
flags=(-O -g -parse-as-library -sanitize=fuzzer,address -I "$out/modules" -I "$zip_sources/CZLib"
       -Xcc -fmodule-map-file="$out/modules/CHDF5Shims.modulemap")
cat > "$out/modules/CHDF5Shims.modulemap" <<MAP
module CHDF5Shims {
    umbrella header "$(pwd)/Sources/CHDF5Shims/include/hdf5_shim.h"
    export *
}
MAP
clang -O1 -g -fsanitize=fuzzer-no-link,address $(pkg-config --cflags hdf5) -I Sources/CHDF5Shims/include \
  -c Sources/CHDF5Shims/hdf5_shim.c -o "$out/obj/hdf5_shim.o"
clang -O1 -g -fsanitize=fuzzer-no-link,address -I Sources/CHDF5Shims/include \
  -c Sources/CHDF5Shims/hdf5_watchdog.c -o "$out/obj/hdf5_watchdog.o"
module() { # name sources...
  local name=$1; shift
  swiftc "${flags[@]}" -module-name "$name" -emit-module -emit-module-path "$out/modules/$name.swiftmodule" \
    -emit-library -static -o "$out/obj/lib$name.a" "$@"
}
module Essentials Sources/Essentials/*.swift
module Convolution Sources/Convolution/*.swift
module ZIPFoundation -Xcc -D_GNU_SOURCE=1 "$zip_sources"/ZIPFoundation/*.swift
module Models Sources/Models/*.swift
swiftc "${flags[@]}" -module-name fuzz_model Fuzz/ModelLoadFuzzer.swift \
  "$out/obj/libModels.a" "$out/obj/libZIPFoundation.a" "$out/obj/libConvolution.a" "$out/obj/libEssentials.a" \
  "$out/obj/hdf5_shim.o" "$out/obj/hdf5_watchdog.o" $(pkg-config --libs hdf5) -lz -o "$out/fuzz-model" 2>&1 | grep -v "Cannot export local symbol" >&2 || true
[[ -x $out/fuzz-model ]]
echo "$out/fuzz-model"
