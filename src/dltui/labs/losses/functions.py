"""The losses, written once against the backend API, and the course's example vectors.

Every loss takes an output vector (or batch) and a target and returns the mean over classes
(MSE, MAE: (1/K)·Σ over the K outputs, as the course computes them) or the natural-log
cross-entropy of the true class. Huber is quadratic within δ of the target and linear beyond.
"""

from __future__ import annotations

import numpy as np

from ...backend.base import Backend

K = 10  # classes of the course's example
COURSE_TARGET = 2
COURSE_A = (0.0, 0.1, 0.4, 0.0, 0.0, 0.2, 0.1, 0.0, 0.2, 0.0)
COURSE_B = (0.12, 0.12, 0.88, 0.12, 0.12, 0.12, 0.12, 0.12, 0.12, 0.12)  # as the deck prints it
KERAS_EPS = 1e-7  # Keras clips probabilities to [ε, 1 − ε] before the log


def one_hot(target: int, k: int = K) -> np.ndarray:
    y = np.zeros(k)
    y[target] = 1.0
    return y


def mse(B: Backend, p, y):
    return B.mean(B.square(p - y), axis=-1)


def mae(B: Backend, p, y):
    return B.mean(B.abs(p - y), axis=-1)


def cross_entropy(B: Backend, p, y):
    """−Σ y·ln p (natural log) for probability outputs p."""
    return -B.sum(y * B.log(p), axis=-1)


def huber(B: Backend, r, delta: float):
    """Elementwise Huber of residuals r: ½r² within δ, δ(|r| − ½δ) beyond, written with a min
    so it stays differentiable through the backend: ½·m² + δ·(|r| − m), m = min(|r|, δ)."""
    a = B.abs(r)
    m = B.minimum(a, delta)
    return 0.5 * m * m + delta * (a - m)


def logistic(p: float, y: int, clip: bool = False) -> float:
    """Binary cross-entropy of one output p for label y (natural log), optionally clipped as
    Keras does."""
    if clip:
        p = min(max(p, KERAS_EPS), 1 - KERAS_EPS)
    return float(-np.log(p) if y == 1 else -np.log(1 - p))


def gaussian_nll(e: float, sigma: float) -> float:
    """−ln N(e; 0, σ²) = ½ln(2πσ²) + e²/(2σ²): MSE, up to constants, is this likelihood."""
    return float(0.5 * np.log(2 * np.pi * sigma**2) + e**2 / (2 * sigma**2))
