"""A CIFAR-style functional block on a 512x32x32x3 batch: filterbank activations (whole process) against
in-process Keras predict of the same layer, interleaved, several repetitions (bench time only).

Block: conv 3x3 stride 2 (32) -> BN -> ReLU6 -> depthwise 3x3 -> BN -> ReLU6 -> separable 3x3 (32)
-> Add with the block input -> max pool 2 -> 1x1 conv (64). The measured layer is the last one.
"""
import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
import numpy as np


def block(keras):
    L = keras.layers
    i = L.Input((32, 32, 3), name="image")
    x = L.Conv2D(32, 3, strides=2, padding="same", name="stem")(i)
    x = L.BatchNormalization(name="stem_bn")(x)
    a = L.ReLU(6.0, name="stem_relu6")(x)
    y = L.DepthwiseConv2D(3, padding="same", name="dw")(a)
    y = L.BatchNormalization(name="dw_bn")(y)
    y = L.ReLU(6.0, name="dw_relu6")(y)
    y = L.SeparableConv2D(32, 3, padding="same", name="sep")(y)
    y = L.Add(name="add")([a, y])
    y = L.MaxPooling2D(2, name="pool")(y)
    y = L.Conv2D(64, 1, name="project")(y)
    return keras.Model(i, y)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", default=".build/release/filterbank")
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--batch", type=int, default=512)
    args = parser.parse_args()
    import keras
    rng = np.random.default_rng(3)
    model = block(keras)
    for layer in model.layers:
        weights = layer.get_weights()
        if weights:
            fresh = [rng.uniform(-0.5, 0.5, w.shape).astype(np.float32) for w in weights]
            if type(layer).__name__ == "BatchNormalization":
                fresh[-1] = np.abs(fresh[-1]) + 0.5
            layer.set_weights(fresh)
    # Outputs go to a RAM disk when there is one, so disk write-back does not decide the result.
    folder = tempfile.mkdtemp(prefix="bench-models-", dir="/dev/shm" if os.path.isdir("/dev/shm") else None)
    model_path = os.path.join(folder, "block.keras")
    model.save(model_path)
    x = rng.uniform(0, 1, (args.batch, 32, 32, 3)).astype(np.float32)
    input_path = os.path.join(folder, "batch.npy")
    np.save(input_path, x)
    probe = keras.Model(model.inputs, model.get_layer("project").output)
    probe.predict(x, batch_size=args.batch, verbose=0)  # warm-up: graph tracing is not counted
    command = [args.binary, "activations", model_path, input_path, "-o", os.path.join(folder, "out"),
               "--format", "npy", "--layer", "project"]
    subprocess.run(command, check=True, capture_output=True)
    ours, theirs, ours_cpu, theirs_cpu = [], [], [], []
    for _ in range(args.repeats):
        start, children = time.perf_counter(), os.times()
        subprocess.run(command, check=True, capture_output=True)
        ours.append(time.perf_counter() - start)
        after = os.times()
        ours_cpu.append(after.children_user + after.children_system - children.children_user - children.children_system)
        start, cpu = time.perf_counter(), time.process_time()
        expected = probe.predict(x, batch_size=args.batch, verbose=0)
        theirs.append(time.perf_counter() - start)
        theirs_cpu.append(time.process_time() - cpu)
    got = np.load(os.path.join(folder, "out", "batch", "project.npy"))
    error = float(np.max(np.abs(got - expected)) / np.max(np.abs(expected)))
    a, b = statistics.median(ours), statistics.median(theirs)
    print(f"batch {args.batch}x32x32x3, {args.repeats} interleaved repetitions (medians)")
    print(f"filterbank activations (whole process, load + run + write .npy): {a:.3f} s  runs {['%.3f' % t for t in ours]}")
    print(f"keras {keras.__version__} predict (in process, warmed up):        {b:.3f} s  runs {['%.3f' % t for t in theirs]}")
    print(f"speed-up {b / a:.2f}x (wall); CPU seconds: filterbank {statistics.median(ours_cpu):.3f}, "
          f"keras {statistics.median(theirs_cpu):.3f} ({statistics.median(theirs_cpu) / statistics.median(ours_cpu):.2f}x); "
          f"max relative difference {error:.2e}")


if __name__ == "__main__":
    sys.exit(main())
