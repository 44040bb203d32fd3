"""Writes reference kernels for FilterBank's parametric kernels (Fixtures/kernels/goldens.json).

Every reference comes from the real library: cv2.getGaussianKernel (1-D Gaussians and the 2-D outer
product cv2.GaussianBlur applies), cv2.getDerivKernels (Sobel of every odd size, Scharr), and
scipy.ndimage (gaussian_laplace and prewitt applied to an impulse). Where a family is a combination of
those (difference of Gaussians, unsharp mask, a derivative steered to an angle) the combination is done
here in float64 from the library's own values. A few sigmas are drawn from a seeded generator so the
set is not only round numbers. The script also checks cv2 against scipy where both define the same
kernel (the sampled normalised Gaussian, the Sobel pair), so a change in either shows up here.

Run it through Scripts/make-kernel-goldens, which provides numpy, scipy and opencv when missing.
"""

import argparse
import json
import math
import os

import cv2
import numpy as np
import scipy
import scipy.ndimage as ndi

SEED = 20261201


def default_size(sigma, sigmas=3):
    return 2 * math.ceil(sigmas * sigma) + 1


def gaussian_1d(size, sigma):
    return cv2.getGaussianKernel(size, sigma, ktype=cv2.CV_64F).ravel()


def gaussian_2d(size, sigma):
    g = gaussian_1d(size, sigma)
    return np.outer(g, g)


def impulse(size):
    # An impulse with `size` zeros of margin, so mode='constant' never reaches the border.
    field = np.zeros((3 * size, 3 * size))
    field[field.shape[0] // 2, field.shape[1] // 2] = 1
    return field


def crop(response, height, width):
    cy, cx = response.shape[0] // 2, response.shape[1] // 2
    return response[cy - height // 2: cy + height // 2 + 1, cx - width // 2: cx + width // 2 + 1]


def scipy_gaussian(size, sigma):
    radius = size // 2
    return crop(ndi.gaussian_filter(impulse(size), sigma, mode="constant", radius=radius), size, size)


def log_kernel(size, sigma):
    radius = size // 2
    response = crop(ndi.gaussian_laplace(impulse(size), sigma, mode="constant", radius=radius), size, size)
    negated = -response
    return negated - negated.mean()


def sobel_parts(size):
    # cv2.getDerivKernels(dx=1, dy=0): kx the derivative, ky the smoothing (ksize -1 = Scharr).
    kx, ky = cv2.getDerivKernels(1, 0, size, ktype=cv2.CV_64F)
    kx, ky = kx.ravel(), ky.ravel()
    gx = np.outer(ky, kx)            # s[m]·d[n]: right minus left
    gy = -np.outer(kx, ky)           # −d[m]·s[n]: top minus bottom
    return gx, gy


def steered(size, degrees):
    gx, gy = sobel_parts(size)
    table = {0: (1, 0), 90: (0, 1), 180: (-1, 0), 270: (0, -1)}
    c, s = table.get(degrees % 360, (math.cos(math.radians(degrees)), math.sin(math.radians(degrees))))
    if degrees % 360 in (45, 135, 225, 315):
        h = math.sqrt(0.5)
        c, s = {45: (h, h), 135: (-h, h), 225: (-h, -h), 315: (h, -h)}[degrees % 360]
    return c * gx + s * gy


def prewitt(axis):
    response = crop(ndi.prewitt(impulse(3), axis=axis, mode="constant"), 3, 3)
    # The impulse response of a correlation is the kernel flipped: axis 1 gives −Gx, axis 0 gives Gy.
    return -response if axis == 1 else response


def entry(spec, source, kernel):
    kernel = np.asarray(kernel, dtype=np.float64)
    return {"spec": spec, "source": source, "height": int(kernel.shape[0]), "width": int(kernel.shape[1]),
            "values": [float(v) for v in kernel.ravel()]}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--output", required=True)
    args = parser.parse_args()
    rng = np.random.default_rng(SEED)
    drawn = sorted(round(float(s), 3) for s in rng.uniform(0.3, 4.0, size=4))

    gaussian_cases = [(3, 0.5), (5, 1.0), (7, 1.3), (13, 2.0), (31, 5.0), (9, 0.8), (61, 10.0)]
    gaussian_cases += [(default_size(s), s) for s in drawn]
    gaussians = []
    for size, sigma in gaussian_cases:
        g = gaussian_1d(size, sigma)
        assert np.allclose(np.outer(g, g), scipy_gaussian(size, sigma), rtol=0, atol=1e-13), (size, sigma)
        gaussians.append({"size": size, "sigma": sigma, "values": [float(v) for v in g]})

    fixed = [{"size": n, "values": [float(v) for v in gaussian_1d(n, 0)]} for n in (1, 3, 5, 7)]

    derivs = []
    for size in [3, 5, 7, 9, 15, 31, -1]:
        kx, ky = cv2.getDerivKernels(1, 0, size, ktype=cv2.CV_64F)
        derivs.append({"size": size, "difference": [float(v) for v in kx.ravel()],
                       "smoothing": [float(v) for v in ky.ravel()]})
    sobel_x = crop(ndi.sobel(impulse(3), axis=1, mode="constant"), 3, 3)
    assert np.array_equal(-sobel_x, sobel_parts(3)[0])

    kernels = [
        entry("gaussian", "np.outer of cv2.getGaussianKernel(3, 0) (the fixed table)", gaussian_2d(3, 0)),
        entry("gaussian5", "np.outer of cv2.getGaussianKernel(5, 0) (the fixed table)", gaussian_2d(5, 0)),
        entry("sobel-right", "cv2.getDerivKernels(1, 0, 3): np.outer(ky, kx)", sobel_parts(3)[0]),
        entry("sobel-top", "cv2.getDerivKernels(1, 0, 3): -np.outer(kx, ky)", sobel_parts(3)[1]),
    ]
    for sigma, size in [(1.0, None), (0.8, 5), (2.0, None), (1.5, 11)] + [(s, None) for s in drawn[:2]]:
        n = size or default_size(sigma)
        spec = f"gaussian:{sigma:g}" + (f",{size}" if size else "")
        kernels.append(entry(spec, f"np.outer of cv2.getGaussianKernel({n}, {sigma:g})", gaussian_2d(n, sigma)))
    for sigma, size in [(1.0, None), (1.5, 9), (0.7, None)] + [(s, None) for s in drawn[2:]]:
        n = size or default_size(sigma, 4)
        spec = f"log:{sigma:g}" + (f",{size}" if size else "")
        kernels.append(entry(spec, f"-scipy.ndimage.gaussian_laplace(impulse, {sigma:g}, radius={n // 2}), minus its mean",
                             log_kernel(n, sigma)))
    for s1, s2, size in [(1.0, 2.0, None), (2.0, 1.2, 11), (0.6, 1.6, None)]:
        n = size or default_size(max(s1, s2))
        spec = f"dog:{s1:g},{s2:g}" + (f",{size}" if size else "")
        kernels.append(entry(spec, f"cv2 Gaussians {n}×{n}: outer(σ={s1:g}) − outer(σ={s2:g})",
                             gaussian_2d(n, s1) - gaussian_2d(n, s2)))
    for sigma, amount, size in [(1.0, 0.5, None), (2.0, 1.5, 9)]:
        n = size or default_size(sigma)
        delta = np.zeros((n, n))
        delta[n // 2, n // 2] = 1
        spec = f"unsharp:{sigma:g},{amount:g}" + (f",{size}" if size else "")
        kernels.append(entry(spec, f"(1 + {amount:g})·δ − {amount:g}·outer(cv2.getGaussianKernel({n}, {sigma:g}))",
                             (1 + amount) * delta - amount * gaussian_2d(n, sigma)))
    for degrees, size in [(0, 3), (90, 3), (180, 5), (270, 7), (30, 5), (45, 3), (-60, 9)]:
        spec = f"sobel:{degrees}" + (f",{size}" if size != 3 else "")
        kernels.append(entry(spec, f"cos·Gx + sin·Gy from cv2.getDerivKernels(1, 0, {size})", steered(size, degrees)))
    for degrees in [0, 90, 135]:
        kernels.append(entry(f"scharr:{degrees}", "cos·Gx + sin·Gy from cv2.getDerivKernels(1, 0, FILTER_SCHARR)",
                             steered(-1, degrees)))
    kernels.append(entry("prewitt:0", "-(scipy.ndimage.prewitt(impulse, axis=1)) (correlation: flipped)", prewitt(1)))
    kernels.append(entry("prewitt:90", "scipy.ndimage.prewitt(impulse, axis=0) (correlation: flipped)", prewitt(0)))
    kernels.append(entry("prewitt:45", "(prewitt:0 + prewitt:90)·√½ from scipy.ndimage.prewitt",
                         math.sqrt(0.5) * (prewitt(1) + prewitt(0))))

    document = {
        "generator": "Scripts/make-kernel-goldens",
        "versions": {"opencv": cv2.__version__, "numpy": np.__version__, "scipy": scipy.__version__},
        "seed": SEED,
        "gaussian1d": gaussians,
        "fixedTables": fixed,
        "derivKernels": derivs,
        "kernels": kernels,
    }
    os.makedirs(args.output, exist_ok=True)
    path = os.path.join(args.output, "goldens.json")
    with open(path, "w") as handle:
        json.dump(document, handle, indent=1)
        handle.write("\n")
    print(f"wrote {path}: {len(gaussians)} 1-D Gaussians, {len(derivs)} derivative pairs, {len(kernels)} kernels")


if __name__ == "__main__":
    main()
