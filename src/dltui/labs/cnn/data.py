"""The cnn lab's digits: vendored MNIST at 28×28 (padded to 32×32 as LeNet-5 takes them) and the
8×8 digits for quick runs. Images are float32 in [0, 1] (up to a dither of ±½ grey level, see `_images`), (N, H, W, 1),
the backends' layout.

Nothing is downloaded: `assets/mnist.npz` (8,000 MNIST digits, 6,500 train / 1,500 test, balanced;
see assets/README.md) and `assets/digits8x8.npz` ship with the package.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources

import numpy as np

from ... import data as vendored
from ...engine.i18n import tr
from ...engine.numfmt import thousands

INPUTS = ("32x32", "28x28", "8x8")
DIGIT_NAMES = ("0", "1", "2", "3", "4", "5", "6", "7", "8", "9")
TEST_8X8 = 360  # the 8×8 set has no split of its own: 360 digits drawn with a fixed seed test


@dataclass(frozen=True)
class Digits:
    x_train: np.ndarray  # (N, H, W, 1) float32 in [0, 1]
    y_train: np.ndarray  # (N,) int64
    x_test: np.ndarray
    y_test: np.ndarray

    @property
    def side(self) -> int:
        return self.x_train.shape[1]

    @property
    def source(self) -> str:
        """One line for the screen, in the interface's language."""
        n, m = len(self.y_train), len(self.y_test)
        if self.side == 8:
            return tr("8×8 digits: {n} train, {m} test", n=thousands(n), m=thousands(m))
        if self.side == 32:
            return tr("MNIST padded to 32×32: {n} train, {m} test", n=thousands(n), m=thousands(m))
        return tr("MNIST 28×28: {n} train, {m} test", n=thousands(n), m=thousands(m))


@cache
def _mnist() -> dict[str, np.ndarray]:
    with (resources.files("dltui._assets") / "mnist.npz").open("rb") as f:
        z = np.load(f)
        return {k: z[k] for k in z.files}


def _images(x: np.ndarray, levels: float, pad: int, seed: int) -> np.ndarray:
    """uint8 (N, H, W) with grey levels 0..levels -> float32 (N, H + 2·pad, W + 2·pad, 1), in
    [0, 1] up to a fixed dither of ±½ grey level (uniform dequantization).

    Why the dither: a thick stroke is a plateau of pixels at exactly 255, so neighbouring conv
    windows inside it give mathematically equal outputs, and a max-pool window then holds a
    tie. Its gradient is split evenly on both backends, but only if both compute the tie
    exactly; float32 rounding that differs between NumPy's GEMM and MLX's convolution makes
    one of the values win on one backend and not on the other, and the two backends' gradients
    part ways (by ~1 % after one step). Half a grey level of fixed noise, invisible, removes
    the exact plateaus. The padding ring stays exactly 0 (the same on every backend).
    """
    noise = np.random.default_rng(seed).random(x.shape, dtype=np.float32) - np.float32(0.5)
    out = (x.astype(np.float32) + noise) / np.float32(levels)
    if pad:
        out = np.pad(out, ((0, 0), (pad, pad), (pad, pad)))
    return np.ascontiguousarray(out[..., None])


@cache
def load(input_size: str) -> Digits:
    """The digits for an `input` choice: '32x32' (MNIST padded by 2, as LeNet-5 takes it),
    '28x28' (MNIST as it is) or '8x8' (the small UCI digits, 0..16 grey levels)."""
    if input_size == "8x8":
        images, labels = vendored.digits()
        order = np.random.default_rng(8).permutation(len(images))  # a fixed split
        x, y = _images(images[order], 16.0, 0, seed=1), labels[order]
        n = len(x) - TEST_8X8
        return Digits(x[:n], y[:n], x[n:], y[n:])
    if input_size not in ("32x32", "28x28"):
        raise ValueError(f"input: {input_size!r} is not one of {', '.join(INPUTS)}")
    z = _mnist()
    pad = 2 if input_size == "32x32" else 0
    x_train = _images(z["x_train"], 255.0, pad, seed=2)
    x_test = _images(z["x_test"], 255.0, pad, seed=3)
    return Digits(x_train, z["y_train"].astype(np.int64), x_test, z["y_test"].astype(np.int64))


def side_of(input_size: str) -> int:
    return int(input_size.split("x")[0])
