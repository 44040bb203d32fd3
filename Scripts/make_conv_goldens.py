"""Writes TensorFlow golden outputs for FilterBank's convolution tests.

For each case in CASES it draws a small random input and filter (fixed seed), runs TensorFlow's
tf.nn.conv2d (or tf.nn.depthwise_conv2d, plus tf.nn.bias_add when the case has a bias) and writes

    <output>/golden/<case>/input.npy     [N, H, W, C]        float32
    <output>/golden/<case>/filter.npy    [fh, fw, in, out]   float32 (depthwise: [fh, fw, C, multiplier])
    <output>/golden/<case>/bias.npy      [out]               float32 (only when the case has a bias)
    <output>/golden/<case>/expected.npy  TF's output         float32
    <output>/golden/cases.json           geometry of every case + the TF/numpy versions

It also writes <output>/lecture-image.npy ([1,4,4,1]) and <output>/lecture-kernel.npy ([3,3,1,1]),
the lecture's worked example used by the README quick start.

Run it through Scripts/make-conv-goldens, which provides a throwaway venv with TensorFlow.
"""

import argparse
import os
import shutil

import numpy as np

from golden_manifest import save, write_manifest
import tensorflow as tf

SEED = 20230222  # the lecture's date

LECTURE_IMAGE = [[2, 0, 1, 3], [7, 1, 1, 0], [0, 2, 5, 0], [0, 5, 1, 4]]
HORIZONTAL_EDGE = [[1, 1, 1], [0, 0, 0], [-1, -1, -1]]
SOBEL_IMAGE = [[2, 0, 3, 1], [1, 1, 0, 0], [1, 0, 2, 0], [1, 0, 1, 2]]
SOBEL_X = [[1, 0, -1], [2, 0, -2], [1, 0, -1]]


def case(name, input_shape, filter_shape, strides=(1, 1), padding="SAME", dilations=(1, 1),
         bias=False, op="conv2d", input_values=None, filter_values=None):
    return dict(name=name, input_shape=list(input_shape), filter_shape=list(filter_shape),
                strides=list(strides), padding=padding, dilations=list(dilations), bias=bias, op=op,
                input_values=input_values, filter_values=filter_values)


def lecture(name, image, kernel, padding):
    return case(name, [1, 4, 4, 1], [3, 3, 1, 1], padding=padding,
                input_values=np.array(image, np.float32).reshape(1, 4, 4, 1),
                filter_values=np.array(kernel, np.float32).reshape(3, 3, 1, 1))


# Padding is "SAME", "VALID" or [top, bottom, left, right] (explicit).
CASES = [
    # The lecture's examples, so the slide answers are checked against TF itself.
    lecture("lecture_edge_valid", LECTURE_IMAGE, HORIZONTAL_EDGE, "VALID"),
    lecture("lecture_sobel_valid", SOBEL_IMAGE, SOBEL_X, "VALID"),
    lecture("lecture_sobel_same", SOBEL_IMAGE, SOBEL_X, "SAME"),
    # Odd and even kernels, SAME and VALID, stride 1.
    case("k3_same_c1_o1", [1, 7, 9, 1], [3, 3, 1, 1]),
    case("k3_valid_c3_o4", [1, 7, 9, 3], [3, 3, 3, 4], padding="VALID"),
    case("k2_same_even_c2_o3", [1, 7, 9, 2], [2, 2, 2, 3]),
    case("k4x2_valid_even", [1, 8, 7, 2], [4, 2, 2, 2], padding="VALID"),
    case("k1_same_c4_o5", [1, 7, 9, 4], [1, 1, 4, 5]),
    # Strides 1–4, different per axis.
    case("k4_same_s2_batch2", [2, 9, 8, 3], [4, 4, 3, 5], strides=(2, 2)),
    case("k5x3_same_s3x1", [1, 10, 7, 2], [5, 3, 2, 4], strides=(3, 1)),
    case("k3_valid_s1x4_c4_o6", [1, 8, 13, 4], [3, 3, 4, 6], strides=(1, 4), padding="VALID"),
    case("k2x5_same_s4x3", [1, 11, 10, 3], [2, 5, 3, 2], strides=(4, 3)),
    case("k3_valid_s2x3_odd_sizes", [1, 9, 10, 1], [3, 3, 1, 7], strides=(2, 3), padding="VALID"),
    case("k1_valid_s2", [1, 7, 9, 4], [1, 1, 4, 5], strides=(2, 2), padding="VALID"),
    case("k6x4_same_s4", [1, 9, 7, 2], [6, 4, 2, 3], strides=(4, 4)),
    # Explicit padding (t, b, l, r).
    case("k3_explicit_1_2_0_3", [1, 6, 7, 2], [3, 3, 2, 3], padding=[1, 2, 0, 3]),
    case("k4x2_explicit_s2x3", [1, 9, 8, 1], [4, 2, 1, 8], strides=(2, 3), padding=[2, 0, 1, 1]),
    case("k3_explicit_big_pad", [1, 4, 5, 3], [3, 3, 3, 2], padding=[4, 3, 2, 5]),
    # Dilations (TF's CPU conv2d wants stride 1 when dilating).
    case("k3_same_d2", [1, 9, 9, 2], [3, 3, 2, 3], dilations=(2, 2)),
    case("k3x2_valid_d2x3", [1, 10, 11, 3], [3, 2, 3, 4], padding="VALID", dilations=(2, 3)),
    case("k2x3_explicit_d3x1", [1, 9, 8, 1], [2, 3, 1, 2], padding=[1, 1, 2, 0], dilations=(3, 1)),
    case("k4_same_d2_even", [1, 8, 9, 1], [4, 4, 1, 2], dilations=(2, 2)),
    # Batches and channel counts 1/2/3/4/16 in, 1…64 out.
    case("batch3_c3_o16", [3, 6, 5, 3], [3, 3, 3, 16]),
    case("k1_c16_o64_batch2", [2, 5, 4, 16], [1, 1, 16, 64]),
    case("k3_c16_o32_s2", [1, 7, 9, 16], [3, 3, 16, 32], strides=(2, 2)),
    case("k3_c2_o1_valid", [2, 6, 7, 2], [3, 3, 2, 1], padding="VALID"),
    # Kernels larger than the input under SAME.
    case("kernel_bigger_than_input_same", [1, 3, 4, 2], [5, 7, 2, 3]),
    case("kernel_bigger_than_input_same_s2", [1, 4, 3, 1], [6, 5, 1, 2], strides=(2, 2)),
    # The lecture's MNIST and CIFAR layers (small batches).
    case("mnist_5x5x1x16_s2_same", [2, 28, 28, 1], [5, 5, 1, 16], strides=(2, 2)),
    case("cifar_5x5x3x16_s2_same", [2, 32, 32, 3], [5, 5, 3, 16], strides=(2, 2)),
    # Grouped convolution: input channels a multiple of the filter's in-channels.
    case("grouped_2_c4_o6", [1, 6, 7, 4], [3, 3, 2, 6]),
    case("grouped_4_c16_o8_valid", [1, 5, 6, 16], [3, 3, 4, 8], padding="VALID"),
    case("grouped_3_c3_o3_k1", [1, 5, 5, 3], [1, 1, 1, 3]),
    case("grouped_2_c4_o4_s2", [2, 7, 6, 4], [3, 2, 2, 4], strides=(2, 1)),
    # With bias (tf.nn.bias_add).
    case("bias_k3_c3_o4", [1, 7, 9, 3], [3, 3, 3, 4], bias=True),
    case("bias_k3_c16_o64_s2", [2, 6, 6, 16], [3, 3, 16, 64], strides=(2, 2), bias=True),
    case("bias_k2_explicit_o1", [1, 5, 6, 1], [2, 2, 1, 1], padding=[0, 1, 1, 0], bias=True),
    # Depthwise (tf.nn.depthwise_conv2d): filter [fh, fw, C, multiplier]; TF needs equal strides.
    case("depthwise_k3_same_c3", [1, 7, 9, 3], [3, 3, 3, 1], op="depthwise_conv2d"),
    case("depthwise_k3_valid_s2_m2", [1, 8, 8, 2], [3, 3, 2, 2], strides=(2, 2), padding="VALID", op="depthwise_conv2d"),
    case("depthwise_k3_same_d2_c4", [2, 9, 9, 4], [3, 3, 4, 1], dilations=(2, 2), op="depthwise_conv2d"),
    case("depthwise_k4x2_same_m3", [1, 6, 7, 1], [4, 2, 1, 3], op="depthwise_conv2d"),
    case("depthwise_k2_explicit", [1, 5, 6, 2], [2, 2, 2, 1], padding=[1, 0, 2, 1], op="depthwise_conv2d"),
]


def tf_padding(padding):
    if isinstance(padding, str):
        return padding
    top, bottom, left, right = padding
    return [[0, 0], [top, bottom], [left, right], [0, 0]]


def run_case(spec, rng):
    x = spec["input_values"]
    w = spec["filter_values"]
    if x is None:
        x = rng.uniform(-1, 1, spec["input_shape"]).astype(np.float32)
    if w is None:
        w = rng.uniform(-1, 1, spec["filter_shape"]).astype(np.float32)
    b = rng.uniform(-1, 1, [spec["filter_shape"][3]]).astype(np.float32) if spec["bias"] else None
    sh, sw = spec["strides"]
    if spec["op"] == "conv2d":
        y = tf.nn.conv2d(x, w, strides=[1, sh, sw, 1], padding=tf_padding(spec["padding"]),
                         dilations=[1] + spec["dilations"] + [1])
    else:
        y = tf.nn.depthwise_conv2d(x, w, strides=[1, sh, sw, 1], padding=tf_padding(spec["padding"]),
                                   dilations=spec["dilations"])
    if b is not None:
        y = tf.nn.bias_add(y, b)
    return x, w, b, np.asarray(y, np.float32)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", default="Fixtures/conv")
    args = parser.parse_args()

    rng = np.random.default_rng(SEED)
    golden = os.path.join(args.output, "golden")
    shutil.rmtree(golden, ignore_errors=True)
    os.makedirs(golden)
    records = []
    for spec in CASES:
        x, w, b, y = run_case(spec, rng)
        folder = os.path.join(golden, spec["name"])
        os.makedirs(folder)
        save(os.path.join(folder, "input.npy"), x)
        save(os.path.join(folder, "filter.npy"), w)
        if b is not None:
            save(os.path.join(folder, "bias.npy"), b)
        save(os.path.join(folder, "expected.npy"), y)
        records.append(dict(
            name=spec["name"], op=spec["op"], input_shape=list(x.shape), filter_shape=list(w.shape),
            output_shape=list(y.shape), strides=spec["strides"], padding=spec["padding"],
            dilations=spec["dilations"], bias=spec["bias"]))
        print(f"{spec['name']}: {list(x.shape)} * {list(w.shape)} -> {list(y.shape)}")

    manifest = dict(
        generator="Scripts/make-conv-goldens (make_conv_goldens.py)",
        tensorflow=tf.__version__, numpy=np.__version__, seed=SEED,
        padding_note="SAME | VALID | [top, bottom, left, right]",
    )
    write_manifest(os.path.join(golden, "cases.json"), manifest, records)

    save(os.path.join(args.output, "lecture-image.npy"), np.array(LECTURE_IMAGE).reshape(1, 4, 4, 1))
    save(os.path.join(args.output, "lecture-kernel.npy"), np.array(HORIZONTAL_EDGE).reshape(3, 3, 1, 1))


if __name__ == "__main__":
    main()
