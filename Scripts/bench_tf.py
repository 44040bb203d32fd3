#!/usr/bin/env python3
"""TensorFlow side of Scripts/bench-conv: times tf.nn.conv2d (CPU, 2 intra-op threads, SAME) on random
float32 NHWC tensors, the same work `filterbank bench` times, and prints one JSON object per case.

Usage: bench_tf.py [--repeat N] CASE...   where CASE is "NxHxWxC FHxFWxCINxCOUT STRIDE" (stride S or SH,SW).
Runs only in a throwaway venv (see Scripts/bench-conv); never part of the build or the tests.
"""
import argparse
import json
import os
import statistics
import time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402

tf.config.threading.set_intra_op_parallelism_threads(2)
tf.config.threading.set_inter_op_parallelism_threads(1)


def shape(text):
    return [int(v) for v in text.lower().split("x")]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("cases", nargs="+")
    args = parser.parse_args()
    rng = np.random.default_rng(2)
    for case in args.cases:
        input_text, filter_text, stride_text = case.split()
        strides = [int(v) for v in stride_text.split(",")]
        sh, sw = (strides[0], strides[-1])
        x = tf.constant(rng.uniform(0, 255, shape(input_text)).astype(np.float32))
        w = tf.constant(rng.uniform(-1, 1, shape(filter_text)).astype(np.float32))
        conv = tf.function(lambda a, b: tf.nn.conv2d(a, b, strides=[1, sh, sw, 1], padding="SAME"))
        y = conv(x, w)  # trace + warm-up
        _ = y.numpy().shape
        seconds = []
        cpu_start = time.process_time()  # all threads of this process
        for _ in range(args.repeat):
            start = time.perf_counter()
            y = conv(x, w)
            _ = y.shape  # the result stays a tensor in memory, like filterbank's
            seconds.append(time.perf_counter() - start)
        cpu_per_run = (time.process_time() - cpu_start) / args.repeat
        fh, fw, cin, cout = shape(filter_text)
        n, oh, ow, _ = y.shape
        flops = 2.0 * n * oh * ow * fh * fw * cin * cout
        median = statistics.median(seconds)
        print(json.dumps({"input": shape(input_text), "filter": shape(filter_text), "strides": [sh, sw],
                          "output": list(y.shape), "seconds_median": median, "seconds_min": min(seconds),
                          "gflops": flops / median / 1e9,
                          "cpu_seconds_per_run": cpu_per_run, "tensorflow": tf.__version__}), flush=True)


if __name__ == "__main__":
    main()
