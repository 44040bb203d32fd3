"""Writes OpenCV golden outputs for FilterBank's border modes (zero, replicate, reflect, wrap).

For each geometry in CASES it draws a small random input and filter (fixed seed) and computes, for
every border, what FilterBank must give: the image padded with cv2.copyMakeBorder by exactly the pads
of the TensorFlow geometry (SAME: total = max(0, (out - 1)*s + eff - in), before = total // 2;
explicit: as given; VALID: none), then cv2.filter2D on the padded image with the dilated kernel, the
VALID region, subsampled by the strides (conv2d sums the input channels of a filter's group;
depthwise keeps channel c*M + m). For stride-1 odd kernels under SAME it also computes plain
cv2.filter2D with the border type on the unpadded image (OpenCV has no BORDER_WRAP there) and checks
that both agree. It writes

    <output>/<case>/input.npy            [N, H, W, C]       float32
    <output>/<case>/filter.npy           [fh, fw, in, out]  float32 (depthwise: [fh, fw, C, multiplier])
    <output>/<case>/expected-<border>.npy                   float32
    <output>/cases.json                  geometry of every case + the OpenCV/numpy versions

Run it through Scripts/make-border-goldens, which provides a throwaway venv with OpenCV.
"""

import argparse
import os
import shutil

import cv2
import numpy as np

from golden_manifest import save, write_manifest

SEED = 20260101

BORDERS = {
    "zero": cv2.BORDER_CONSTANT,
    "replicate": cv2.BORDER_REPLICATE,
    "reflect": cv2.BORDER_REFLECT_101,
    "wrap": cv2.BORDER_WRAP,
}


def case(name, input_shape, filter_shape, strides=(1, 1), padding="SAME", dilations=(1, 1), op="conv2d"):
    return dict(name=name, op=op, input_shape=list(input_shape), filter_shape=list(filter_shape),
                strides=list(strides), padding=padding, dilations=list(dilations))


def depthwise(name, input_shape, filter_shape, **kw):
    return case(name, input_shape, filter_shape, op="depthwise_conv2d", **kw)


# Padding is "SAME", "VALID" or [top, bottom, left, right] (explicit).
CASES = [
    # Odd, even, 1xN and Nx1 kernels, one and several channels.
    case("k3_same_c1", [1, 7, 9, 1], [3, 3, 1, 1]),
    case("k3_same_c3_o4", [1, 7, 9, 3], [3, 3, 3, 4]),
    case("k2_same_even_c2_o3", [1, 6, 7, 2], [2, 2, 2, 3]),
    case("k4x2_same_even", [1, 8, 7, 1], [4, 2, 1, 2]),
    case("k1x5_same_c2", [1, 6, 9, 2], [1, 5, 2, 2]),
    case("k5x1_same", [1, 9, 6, 1], [5, 1, 1, 1]),
    case("k3_valid_c3", [1, 7, 9, 3], [3, 3, 3, 2], padding="VALID"),
    # Strides and dilations.
    case("k3_same_s2_batch2", [2, 9, 8, 3], [3, 3, 3, 5], strides=(2, 2)),
    case("k5x3_same_s3x1", [1, 10, 7, 2], [5, 3, 2, 4], strides=(3, 1)),
    case("k7_same_s2_c3", [1, 12, 13, 3], [7, 7, 3, 4], strides=(2, 2)),
    case("k3_same_d2", [1, 9, 9, 2], [3, 3, 2, 3], dilations=(2, 2)),
    case("k2x3_explicit_d3x1", [1, 9, 8, 1], [2, 3, 1, 2], padding=[1, 1, 2, 0], dilations=(3, 1)),
    case("k3_explicit_s2x3", [1, 9, 10, 2], [3, 3, 2, 2], strides=(2, 3), padding=[2, 0, 1, 3]),
    # Grouped.
    case("grouped_2_c4_o6", [1, 6, 7, 4], [3, 3, 2, 6]),
    # Padding larger than the image: reflect and wrap fold back more than once; one-pixel axes.
    case("explicit_pad_bigger_than_image", [1, 4, 5, 3], [3, 3, 3, 2], padding=[4, 3, 2, 5]),
    case("kernel_bigger_than_input_same", [1, 2, 3, 1], [7, 7, 1, 2]),
    case("one_pixel_k5", [1, 1, 1, 2], [5, 5, 2, 1]),
    case("one_row_k3", [1, 1, 6, 1], [3, 3, 1, 1]),
    case("one_column_k3x5_s2", [1, 7, 1, 2], [3, 5, 2, 2], strides=(2, 1)),
    # Depthwise: multiplier 1 (the photo path) and more, strides, dilations, explicit padding.
    depthwise("dw_k3_same_c3", [1, 7, 9, 3], [3, 3, 3, 1]),
    depthwise("dw_k5_same_c3", [1, 8, 11, 3], [5, 5, 3, 1]),
    depthwise("dw_k1x7_same_c3", [1, 5, 12, 3], [1, 7, 3, 1]),
    depthwise("dw_k3_same_s2_m2", [1, 8, 8, 2], [3, 3, 2, 2], strides=(2, 2)),
    depthwise("dw_k3_same_d2_c4_batch2", [2, 9, 9, 4], [3, 3, 4, 1], dilations=(2, 2)),
    depthwise("dw_k4x2_same_m3", [1, 6, 7, 1], [4, 2, 1, 3]),
    depthwise("dw_k2_explicit", [1, 5, 6, 2], [2, 2, 2, 1], padding=[1, 0, 2, 1]),
    depthwise("dw_k7_same_tiny_image", [1, 2, 3, 3], [7, 7, 3, 1]),
]


def effective(k, d):
    return (k - 1) * d + 1


def pads(spec):
    """(top, bottom, left, right) as TensorFlow places them."""
    padding = spec["padding"]
    if padding == "VALID":
        return (0, 0, 0, 0)
    if padding != "SAME":
        return tuple(padding)
    result = []
    for axis in (0, 1):
        size = spec["input_shape"][1 + axis]
        stride = spec["strides"][axis]
        eff = effective(spec["filter_shape"][axis], spec["dilations"][axis])
        out = -(-size // stride)
        total = max(0, (out - 1) * stride + eff - size)
        result += [total // 2, total - total // 2]
    return tuple(result)


def dilated(kernel, dh, dw):
    kh, kw = kernel.shape
    out = np.zeros((effective(kh, dh), effective(kw, dw)), np.float64)
    out[::dh, ::dw] = kernel
    return out


def pairs(spec):
    """(output channel, input channel, 2-D kernel index (c, o)) of every filter2D the op sums."""
    c_in, k_out = spec["filter_shape"][2], spec["filter_shape"][3]
    channels = spec["input_shape"][3]
    if spec["op"] == "depthwise_conv2d":
        return [(c * k_out + m, [(c, (c, m))]) for c in range(channels) for m in range(k_out)]
    groups = channels // c_in
    per_group = k_out // groups
    return [(o, [((o // per_group) * c_in + c, (c, o)) for c in range(c_in)]) for o in range(k_out)]


def by_padding(x, w, spec, border):
    """copyMakeBorder with the TF pads, filter2D (anchor 0, 0), VALID region, strides."""
    top, bottom, left, right = pads(spec)
    sh, sw = spec["strides"]
    dh, dw = spec["dilations"]
    eh, ew = effective(w.shape[0], dh), effective(w.shape[1], dw)
    outputs = []
    for image in x.astype(np.float64):
        padded = [cv2.copyMakeBorder(image[:, :, c], top, bottom, left, right, BORDERS[border], value=0)
                  for c in range(image.shape[2])]
        ph, pw = padded[0].shape
        maps = []
        for _, terms in pairs(spec):
            total = np.zeros((ph - eh + 1, pw - ew + 1))
            for c, (fc, fo) in terms:
                full = cv2.filter2D(padded[c], cv2.CV_64F, dilated(w[:, :, fc, fo].astype(np.float64), dh, dw),
                                    anchor=(0, 0), borderType=cv2.BORDER_CONSTANT)
                total += full[:ph - eh + 1, :pw - ew + 1]
            maps.append(total[::sh, ::sw])
        outputs.append(np.stack(maps, -1))
    return np.stack(outputs).astype(np.float32)


def plain_filter2d_applies(spec, border):
    odd = all(effective(spec["filter_shape"][a], spec["dilations"][a]) % 2 == 1 for a in (0, 1))
    return border != "wrap" and spec["padding"] == "SAME" and spec["strides"] == [1, 1] and odd


def by_plain_filter2d(x, w, spec, border):
    """cv2.filter2D on the unpadded image with the border type (centred anchor = TF's SAME at stride 1)."""
    dh, dw = spec["dilations"]
    outputs = []
    for image in x.astype(np.float64):
        maps = []
        for _, terms in pairs(spec):
            maps.append(sum(cv2.filter2D(image[:, :, c], cv2.CV_64F, dilated(w[:, :, fc, fo].astype(np.float64), dh, dw),
                                         borderType=BORDERS[border]) for c, (fc, fo) in terms))
        outputs.append(np.stack(maps, -1))
    return np.stack(outputs).astype(np.float32)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", default="Fixtures/conv/border")
    args = parser.parse_args()

    rng = np.random.default_rng(SEED)
    shutil.rmtree(args.output, ignore_errors=True)
    os.makedirs(args.output)
    records = []
    for spec in CASES:
        x = rng.uniform(-1, 1, spec["input_shape"]).astype(np.float32)
        w = rng.uniform(-1, 1, spec["filter_shape"]).astype(np.float32)
        folder = os.path.join(args.output, spec["name"])
        os.makedirs(folder)
        save(os.path.join(folder, "input.npy"), x)
        save(os.path.join(folder, "filter.npy"), w)
        expected, checked = {}, []
        for border in BORDERS:
            y = by_padding(x, w, spec, border)
            if plain_filter2d_applies(spec, border):
                plain = by_plain_filter2d(x, w, spec, border)
                assert plain.shape == y.shape and np.allclose(plain, y, atol=1e-5), (spec["name"], border)
                checked.append(border)
            file = f"expected-{border}.npy"
            save(os.path.join(folder, file), y)
            expected[border] = file
        records.append(dict(
            name=spec["name"], op=spec["op"], input_shape=list(x.shape), filter_shape=list(w.shape),
            output_shape=list(y.shape), strides=spec["strides"], padding=spec["padding"],
            dilations=spec["dilations"], bias=False, pads=list(pads(spec)), expected=expected,
            plain_filter2d=checked))
        print(f"{spec['name']}: {list(x.shape)} * {list(w.shape)} -> {list(y.shape)}, pads {pads(spec)}"
              + (f", plain filter2D agrees for {checked}" if checked else ""))

    manifest = dict(
        generator="Scripts/make-border-goldens (make_border_goldens.py)",
        opencv=cv2.__version__, numpy=np.__version__, seed=SEED,
        borders={name: f"cv2 border type {value}" for name, value in BORDERS.items()},
        padding_note="SAME | VALID | [top, bottom, left, right]; pads = the TF geometry's [top, bottom, left, right]",
    )
    write_manifest(os.path.join(args.output, "cases.json"), manifest, records)


if __name__ == "__main__":
    main()
