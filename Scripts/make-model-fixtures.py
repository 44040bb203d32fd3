"""Model fixtures and goldens for the Models tests, the lab and the docs (fixture time only).

Writes, all seeded and small:
  Fixtures/models/digits.keras            a small CNN trained on scikit-learn's bundled 8x8 digits,
                                          upsampled to 32x32 (its test accuracy is printed)
  Fixtures/digits/<label>-<i>.png         a few test digits as 32x32 gray PNGs
  Fixtures/models/digits-golden/          Keras outputs for those PNGs (every layer, the batch of all)
  Fixtures/models/zoo.keras, zoo-k3.h5    one functional model with every supported layer kind (Keras 3)
  Fixtures/models/zoo-k2.h5               the same architecture and weights from tf.keras 2 (kernel:0 names)
  Fixtures/models/zoo-golden-k3/, zoo-golden-k2/   input.npy and <layer>.npy for every layer
  Fixtures/models/seq-k2.h5 (+ golden)    a tf.keras 2 Sequential model
  Fixtures/models/lambda.keras (+ golden) a model with a Lambda layer after a supported one
  Fixtures/models/declared-huge.h5       seq-k2.h5 with a 64M-value weight that stores no data
  Fixtures/models/gelu-approximate.npy    x and gelu(x, approximate=True) for the activation unit test
  Fixtures/models/block.keras (+ golden)  a CIFAR-style block (convolutions followed by BatchNormalization
                                          and activation layers, a residual Add, two heads) for the
                                          folded and fused forward paths, on a batch of 7
"""
import argparse
import json
import os
import shutil
import sys

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")

import numpy as np


def seeded_weights(model, seed):
    """Replaces every weight with seeded random values (BN variances positive) so goldens test real numbers."""
    rng = np.random.default_rng(seed)
    for layer in model.layers:
        weights = layer.get_weights()
        if not weights:
            continue
        fresh = []
        for index, w in enumerate(weights):
            values = rng.uniform(-1, 1, size=w.shape).astype(np.float32)
            if type(layer).__name__ == "BatchNormalization" and index == len(weights) - 1:
                values = np.abs(values) + 0.3
            fresh.append(values)
        layer.set_weights(fresh)


def zoo(K, keras2):
    """Every supported layer kind in one functional graph; returns the model and {name: first-call output}."""
    L = K.layers
    out = {}

    def keep(tensor, name):
        out[name] = tensor
        return tensor

    inp = L.Input((12, 11, 3), name="inp")
    r = keep(L.Rescaling(0.5, offset=-0.25, name="rescale")(inp), "rescale")
    c1 = keep(L.Conv2D(4, 3, strides=2, padding="same", activation="relu", name="conv_s2")(r), "conv_s2")
    c2 = keep(L.Conv2D(4, (3, 2), padding="valid", dilation_rate=(2, 1), use_bias=False, activation="elu",
                       name="conv_dilated")(r), "conv_dilated")
    cg = keep(L.Conv2D(6, 3, padding="same", groups=2, activation="swish", name="conv_groups")(c1), "conv_groups")
    dw = keep(L.DepthwiseConv2D(3, depth_multiplier=2, padding="same", activation="relu6", name="depthwise")(c1), "depthwise")
    keep(L.DepthwiseConv2D(2, strides=2, padding="valid", use_bias=False, name="depthwise_s2")(c2), "depthwise_s2")
    sep = keep(L.SeparableConv2D(5, 3, depth_multiplier=2, padding="same", activation="tanh", name="separable")(c1), "separable")
    sep2 = keep(L.SeparableConv2D(3, 3, strides=2, padding="valid", use_bias=False, name="separable_s2")(r), "separable_s2")
    bn = keep(L.BatchNormalization(epsilon=1e-2, name="bn")(dw), "bn")
    keep(L.BatchNormalization(center=False, scale=False, name="bn_plain")(cg), "bn_plain")
    functions = ["linear", "relu", "relu6", "sigmoid", "hard_sigmoid", "tanh", "elu", "selu", "softplus",
                 "softsign", "swish", "gelu", "softmax"] + ([] if keras2 else ["silu"])
    for name in functions:
        keep(L.Activation(name, name="act_" + name)(bn), "act_" + name)
    keep(L.ReLU(max_value=1.5, negative_slope=0.1, threshold=0.2, name="relu_options")(bn), "relu_options")
    keep(L.ReLU(max_value=6.0, name="relu_max6")(bn), "relu_max6")
    keep(L.ReLU(negative_slope=0.05, threshold=0.3, name="relu_threshold")(bn), "relu_threshold")
    keep((L.LeakyReLU(alpha=0.2, name="leaky") if keras2 else L.LeakyReLU(negative_slope=0.2, name="leaky"))(bn), "leaky")
    keep(L.ELU(alpha=0.7, name="elu_layer")(bn), "elu_layer")
    keep(L.Softmax(name="softmax_layer")(bn), "softmax_layer")
    mp = keep(L.MaxPooling2D(2, name="max_valid")(c2), "max_valid")
    keep(L.MaxPooling2D(3, strides=2, padding="same", name="max_same")(c2), "max_same")
    keep(L.AveragePooling2D(2, name="avg_valid")(c2), "avg_valid")
    aps = keep(L.AveragePooling2D(3, strides=2, padding="same", name="avg_same")(c2), "avg_same")
    zp = keep(L.ZeroPadding2D(((1, 2), (0, 1)), name="zero_pad")(c1), "zero_pad")
    keep(L.Cropping2D(((1, 0), (2, 1)), name="crop")(zp), "crop")
    drop = keep(L.Dropout(0.5, name="dropout")(bn), "dropout")
    keep(L.SpatialDropout2D(0.5, name="spatial_dropout")(bn), "spatial_dropout")
    keep(L.Add(name="add")([dw, bn, drop]), "add")
    keep(L.Subtract(name="subtract")([dw, bn]), "subtract")
    keep(L.Multiply(name="multiply")([dw, bn]), "multiply")
    keep(L.Average(name="average")([dw, bn]), "average")
    keep(L.Maximum(name="maximum")([dw, bn]), "maximum")
    keep(L.Minimum(name="minimum")([dw, bn]), "minimum")
    cat = keep(L.Concatenate(name="concat")([dw, sep, cg]), "concat")
    keep(L.Concatenate(axis=1, name="concat_rows")([bn, dw]), "concat_rows")
    shared = L.Conv2D(3, 1, name="shared_1x1")
    a1 = keep(shared(mp), "shared_1x1")
    a2 = shared(aps)
    keep(L.Add(name="shared_add")([a1, a2]), "shared_add")
    gap = keep(L.GlobalAveragePooling2D(name="gap")(cat), "gap")
    keep(L.GlobalMaxPooling2D(keepdims=True, name="gmp_keep")(cat), "gmp_keep")
    flat = keep(L.Flatten(name="flatten")(sep2), "flatten")
    resh = keep(L.Reshape((5, 15), name="reshape")(flat), "reshape")
    keep(L.Dense(4, activation="relu", name="dense_rank3")(resh), "dense_rank3")
    d1 = keep(L.Dense(7, activation="sigmoid", name="dense1")(gap), "dense1")
    keep(L.Dense(3, activation="softmax", name="dense_softmax")(d1), "dense_softmax")
    names = list(out)
    model = K.Model(inp, [out[n] for n in names], name="zoo")
    return model, names


def write_golden(folder, model, names, x):
    shutil.rmtree(folder, ignore_errors=True)
    os.makedirs(folder)
    np.save(os.path.join(folder, "input.npy"), x.astype(np.float32))
    outputs = model.predict(x, verbose=0)
    if len(names) == 1:
        outputs = [outputs]
    for name, value in zip(names, outputs):
        np.save(os.path.join(folder, name + ".npy"), np.asarray(value, dtype=np.float32))


def make_zoo(root, seed):
    import keras
    import tf_keras
    x = np.random.default_rng(seed).uniform(-2, 3, size=(2, 12, 11, 3)).astype(np.float32)
    model3, names3 = zoo(keras, keras2=False)
    seeded_weights(model3, seed)
    model3.save(os.path.join(root, "zoo.keras"))
    model3.save(os.path.join(root, "zoo-k3.h5"))
    write_golden(os.path.join(root, "zoo-golden-k3"), model3, names3, x)
    model2, names2 = zoo(tf_keras, keras2=True)
    seeded_weights(model2, seed)
    model2.save(os.path.join(root, "zoo-k2.h5"), save_format="h5")
    write_golden(os.path.join(root, "zoo-golden-k2"), model2, names2, x)
    print(f"zoo: {len(names3)} layers (Keras {keras.__version__}), {len(names2)} layers (tf.keras {tf_keras.__version__})")

    # A tf.keras 2 Sequential model (its config has no inbound nodes; weights under kernel:0 names).
    L = tf_keras.layers
    seq = tf_keras.Sequential([L.InputLayer((7, 7, 2), name="seq_input"), L.Conv2D(3, 3, activation="hard_sigmoid", name="seq_conv"),
                               L.AveragePooling2D(2, padding="same", name="seq_pool"), L.Flatten(name="seq_flat"),
                               L.Dense(4, name="seq_dense")], name="seq")
    seeded_weights(seq, seed + 1)
    seq.save(os.path.join(root, "seq-k2.h5"), save_format="h5")
    xs = np.random.default_rng(seed + 1).uniform(-1, 1, size=(3, 7, 7, 2)).astype(np.float32)
    probe = tf_keras.Model(seq.inputs, [l.output for l in seq.layers])
    write_golden(os.path.join(root, "seq-golden-k2"), probe, [l.name for l in seq.layers], xs)

    # A Lambda layer: refused when it has to run, fine when only the layers before it are asked for.
    L = keras.layers
    keras.config.enable_unsafe_deserialization()
    i = L.Input((6, 6, 1), name="lam_input")
    c = L.Conv2D(2, 3, name="before")(i)
    lam = L.Lambda(lambda t: t * 2.0, name="double")(c)
    m = keras.Model(i, L.Conv2D(1, 1, name="after")(lam))
    seeded_weights(m, seed + 2)
    m.save(os.path.join(root, "lambda.keras"))
    xl = np.random.default_rng(seed + 2).uniform(-1, 1, size=(1, 6, 6, 1)).astype(np.float32)
    write_golden(os.path.join(root, "lambda-golden"), keras.Model(i, [c]), ["before"], xl)

    # A weight whose declared shape (64M values) has no data behind it: refused before allocating.
    import h5py
    hostile = os.path.join(root, "declared-huge.h5")
    shutil.copyfile(os.path.join(root, "seq-k2.h5"), hostile)
    with h5py.File(hostile, "r+") as f:
        del f["model_weights/seq_dense/seq_dense/kernel:0"]
        f.create_dataset("model_weights/seq_dense/seq_dense/kernel:0", shape=(1 << 20, 64), dtype="f4", chunks=(1024, 64))

    g = np.linspace(-6, 6, 97, dtype=np.float32)
    approx = keras.ops.convert_to_numpy(keras.activations.gelu(g, approximate=True))
    np.save(os.path.join(root, "gelu-approximate.npy"), np.stack([g, approx]).astype(np.float32))


def make_block(root, seed):
    """Every convolution kind followed by BatchNormalization (with and without bias, center, scale) and
    activation layers, plus chains that must not be fused: a value read twice, a convolution with its
    own non-linear activation before its BatchNormalization."""
    import keras
    L = keras.layers
    i = L.Input((9, 10, 3), name="image")
    x = L.Conv2D(8, 3, strides=2, padding="same", name="stem")(i)
    x = L.BatchNormalization(name="stem_bn")(x)
    a = L.ReLU(6.0, name="stem_relu6")(x)
    y = L.DepthwiseConv2D(3, depth_multiplier=2, padding="same", use_bias=False, name="dw")(a)
    y = L.BatchNormalization(epsilon=1e-2, name="dw_bn")(y)
    y = L.Activation("swish", name="dw_swish")(y)
    y = L.Activation("relu", name="dw_relu")(y)
    y = L.SeparableConv2D(8, 3, padding="same", name="sep")(y)
    y = L.BatchNormalization(center=False, name="sep_bn")(y)
    y = L.Add(name="add")([a, y])
    p = L.MaxPooling2D(2, name="pool")(y)
    p = L.Conv2D(6, 1, use_bias=False, name="project")(p)
    p = L.BatchNormalization(scale=False, name="project_bn")(p)
    s = L.Conv2D(4, 1, activation="relu", name="side")(y)
    s = L.BatchNormalization(name="side_bn")(s)
    s = L.LeakyReLU(negative_slope=0.1, name="side_leaky")(s)
    model = keras.Model(i, [p, s], name="block")
    seeded_weights(model, seed + 3)
    model.save(os.path.join(root, "block.keras"))
    names = [l.name for l in model.layers if l.name != "image"]
    probe = keras.Model(i, [model.get_layer(n).output for n in names])
    x = np.random.default_rng(seed + 3).uniform(-1, 2, size=(7, 9, 10, 3)).astype(np.float32)
    write_golden(os.path.join(root, "block-golden"), probe, names, x)
    print(f"block: {len(names)} layers, batch {x.shape[0]}")


def upsampled_digits():
    """scikit-learn's 8x8 digits (0..16) as 32x32 uint8 images, bilinear-enlarged with Pillow."""
    from PIL import Image
    from sklearn.datasets import load_digits
    digits = load_digits()
    images = []
    for image in digits.images:
        small = Image.fromarray(np.uint8(np.round(image * 255.0 / 16.0)))
        images.append(np.asarray(small.resize((32, 32), Image.BILINEAR), dtype=np.uint8))
    return np.stack(images)[..., None], digits.target


def make_digits(root, digits_folder, seed, epochs):
    import keras
    from PIL import Image
    from sklearn.model_selection import train_test_split
    keras.utils.set_random_seed(seed)
    images, labels = upsampled_digits()
    x_train, x_test, y_train, y_test = train_test_split(images, labels, test_size=0.25, random_state=seed, stratify=labels)
    L = keras.layers
    model = keras.Sequential([
        L.Input((32, 32, 1), name="image"),
        L.Rescaling(1 / 255.0, name="rescale"),
        L.Conv2D(8, 3, activation="relu", name="conv1"),
        L.MaxPooling2D(2, name="pool1"),
        L.Conv2D(16, 3, activation="relu", name="conv2"),
        L.MaxPooling2D(2, name="pool2"),
        L.Flatten(name="flatten"),
        L.Dropout(0.25, name="dropout"),
        L.Dense(10, activation="softmax", name="predictions"),
    ], name="digits")
    model.compile(optimizer=keras.optimizers.Adam(2e-3), loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    model.fit(x_train.astype(np.float32), y_train, epochs=epochs, batch_size=32, verbose=0, shuffle=True)
    _, accuracy = model.evaluate(x_test.astype(np.float32), y_test, verbose=0)
    path = os.path.join(root, "digits.keras")
    model.save(path)
    print(f"digits: test accuracy {accuracy:.4f} on {len(y_test)} held-out digits; {path} is {os.path.getsize(path)} bytes")

    shutil.rmtree(digits_folder, ignore_errors=True)
    os.makedirs(digits_folder)
    chosen = []
    for label in range(10):
        index = int(np.flatnonzero(y_test == label)[0])
        chosen.append(index)
        Image.fromarray(x_test[index, :, :, 0]).save(os.path.join(digits_folder, f"{label}.png"))
    batch = x_test[chosen].astype(np.float32)
    probe = keras.Model(model.inputs, [l.output for l in model.layers])
    write_golden(os.path.join(root, "digits-golden"), probe, [l.name for l in model.layers], batch)
    predicted = np.argmax(model.predict(batch, verbose=0), axis=1)
    print("digits: predictions for Fixtures/digits/0..9.png:", predicted.tolist())


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--models", default="Fixtures/models")
    parser.add_argument("--digits", default="Fixtures/digits")
    parser.add_argument("--seed", type=int, default=12)
    parser.add_argument("--epochs", type=int, default=12)
    parser.add_argument("--only", choices=["digits", "zoo", "block"], help="regenerate one group of fixtures")
    args = parser.parse_args()
    os.makedirs(args.models, exist_ok=True)
    if args.only in (None, "digits"):
        make_digits(args.models, args.digits, args.seed, args.epochs)
    if args.only in (None, "zoo"):
        make_zoo(args.models, args.seed)
    if args.only in (None, "block"):
        make_block(args.models, args.seed)
    with open(os.path.join(args.models, "README.md"), "w") as f:
        f.write("Generated by Scripts/make-model-fixtures (seeded); do not edit by hand.\n")


if __name__ == "__main__":
    sys.exit(main())
