"""Finite-difference gradient checking shared by the backend tests."""

from __future__ import annotations

import numpy as np

from dltui.backend import get_backend


def numeric_grad(f, x: np.ndarray, eps: float = 1e-6) -> np.ndarray:
    """Central differences of the scalar f at x (float64)."""
    g = np.zeros_like(x)
    for i in np.ndindex(x.shape):
        old = x[i]
        x[i] = old + eps
        up = f(x)
        x[i] = old - eps
        down = f(x)
        x[i] = old
        g[i] = (up - down) / (2 * eps)
    return g


def check_op(fn, *shapes, seed: int = 0, positive: bool = False, rtol: float = 1e-5, atol=1e-7):
    """Check the NumPy engine's gradient of sum(fn(*inputs) * weights) against central differences."""
    B = get_backend("numpy")
    rng = np.random.default_rng(seed)
    inputs = [rng.normal(size=s) for s in shapes]
    if positive:
        inputs = [np.abs(x) + 0.5 for x in inputs]
    out = B.to_numpy(fn(B, *inputs))
    weights = rng.normal(size=out.shape)

    def loss(params):
        return B.sum(fn(B, *params) * weights)

    _, grads = B.value_and_grad(loss)(list(inputs))
    for k, x in enumerate(inputs):

        def f(xk, k=k):
            args = list(inputs)
            args[k] = xk
            return float(np.sum(B.to_numpy(fn(B, *args)) * weights))

        expected = numeric_grad(f, x.copy())
        np.testing.assert_allclose(grads[k], expected, rtol=rtol, atol=atol, err_msg=f"input {k}")
