"""A CIFAR-style functional block on a 512x32x32x3 batch: filterbank activations (whole process) against
in-process Keras predict of the same layer, interleaved, several repetitions (bench time only).

Block: conv 3x3 stride 2 (32) -> BN -> ReLU6 -> depthwise 3x3 -> BN -> ReLU6 -> separable 3x3 (32)
-> Add with the block input -> max pool 2 -> 1x1 conv (64). The measured layer is the last one.
With --baseline OTHER_BINARY the same command of another build runs in the same interleaved loop
(before/after comparisons), and both builds' `--version` start-up time is measured too.
"""
import argparse
import os
import shutil
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
    parser.add_argument("--baseline", help="another filterbank binary to run interleaved (before/after)")
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
    try:
        run(args, keras, probe, x, model_path, input_path, folder)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def timed(command):
    """Wall and CPU seconds of one child process."""
    start, children = time.perf_counter(), os.times()
    subprocess.run(command, check=True, capture_output=True)
    wall = time.perf_counter() - start
    after = os.times()
    return wall, after.children_user + after.children_system - children.children_user - children.children_system


def spread(values):
    """Median absolute deviation relative to the median: how noisy the runs were."""
    m = statistics.median(values)
    return statistics.median(abs(v - m) for v in values) / m if m else 0.0


def run(args, keras, probe, x, model_path, input_path, folder):
    binaries = [("filterbank", args.binary)] + ([("baseline", args.baseline)] if args.baseline else [])
    commands = {name: [binary, "activations", model_path, input_path, "-o", os.path.join(folder, name),
                       "--format", "npy", "--layer", "project"] for name, binary in binaries}
    for command in commands.values():
        subprocess.run(command, check=True, capture_output=True)
    walls = {name: [] for name, _ in binaries}
    cpus = {name: [] for name, _ in binaries}
    startup = {name: [] for name, _ in binaries}
    theirs, theirs_cpu = [], []
    load_before = os.getloadavg()[0]
    for _ in range(args.repeats):
        for name, binary in binaries:
            wall, cpu = timed(commands[name])
            walls[name].append(wall)
            cpus[name].append(cpu)
            for _ in range(3):
                startup[name].append(timed([binary, "--version"])[0])
        start, cpu = time.perf_counter(), time.process_time()
        expected = probe.predict(x, batch_size=args.batch, verbose=0)
        theirs.append(time.perf_counter() - start)
        theirs_cpu.append(time.process_time() - cpu)
    b = statistics.median(theirs)
    print(f"batch {args.batch}x32x32x3, {args.repeats} interleaved repetitions (medians; noise = median absolute "
          f"deviation / median; load average {load_before:.2f} before, {os.getloadavg()[0]:.2f} after)")
    print(f"keras {keras.__version__} predict (in process, warmed up): {b:.3f} s wall, {statistics.median(theirs_cpu):.3f} s CPU, "
          f"noise {spread(theirs):.0%}  runs {['%.3f' % t for t in theirs]}")
    for name, binary in binaries:
        got = np.load(os.path.join(folder, name, "batch", "project.npy"))
        error = float(np.max(np.abs(got - expected)) / np.max(np.abs(expected)))
        a = statistics.median(walls[name])
        print(f"{name} {binary} activations (whole process, load + run + write .npy): {a:.3f} s wall, "
              f"{statistics.median(cpus[name]):.3f} s CPU, noise {spread(walls[name]):.0%}  runs {['%.3f' % t for t in walls[name]]}")
        print(f"    speed-up over keras {b / a:.2f}x (wall); `--version` start-up {statistics.median(startup[name]) * 1000:.1f} ms; "
              f"max relative difference {error:.2e}")
    if args.baseline:
        ratio = statistics.median([o / n for o, n in zip(walls["baseline"], walls["filterbank"])])
        print(f"filterbank vs baseline: {ratio:.2f}x faster (median of the per-repetition ratios)")


if __name__ == "__main__":
    sys.exit(main())
