"""Elementwise, reduction, shape and linear-algebra ops of the NumPy engine, with gradients.

Each op computes on raw arrays and, when any input is a Tensor, links a backward closure.
Names and signatures follow mlx.core so lab code reads the same on both backends.
"""

from __future__ import annotations

import sys

import numpy as np

from .tensor import Tensor, bind_ops, data_of, make, unbroadcast


def _binary(a, b, out, ga, gb):
    A, B = data_of(a), data_of(b)
    sa, sb = np.shape(A), np.shape(B)
    return make(out, (a, b), lambda g: (unbroadcast(ga(g), sa), unbroadcast(gb(g), sb)))


def add(a, b):
    return _binary(a, b, data_of(a) + data_of(b), lambda g: g, lambda g: g)


def subtract(a, b):
    return _binary(a, b, data_of(a) - data_of(b), lambda g: g, lambda g: -g)


def multiply(a, b):
    A, B = data_of(a), data_of(b)
    return _binary(a, b, A * B, lambda g: g * B, lambda g: g * A)


def divide(a, b):
    A, B = data_of(a), data_of(b)
    out = A / B
    return _binary(a, b, out, lambda g: g / B, lambda g: -g * out / B)


def maximum(a, b):
    A, B = data_of(a), data_of(b)
    pick_a = A >= B
    return _binary(a, b, np.maximum(A, B), lambda g: g * pick_a, lambda g: g * ~pick_a)


def minimum(a, b):
    A, B = data_of(a), data_of(b)
    pick_a = A <= B
    return _binary(a, b, np.minimum(A, B), lambda g: g * pick_a, lambda g: g * ~pick_a)


def where(cond, a, b):
    C, A, B = data_of(cond), data_of(a), data_of(b)
    out = np.where(C, A, B)
    zero = np.zeros((), dtype=out.dtype)
    return make(
        out,
        (None, a, b),
        lambda g: (
            None,
            unbroadcast(np.where(C, g, zero), np.shape(A)),
            unbroadcast(np.where(C, zero, g), np.shape(B)),
        ),
    )


def negative(a):
    return make(-data_of(a), (a,), lambda g: (-g,))


def power(a, p: float):
    A = data_of(a)
    return make(A**p, (a,), lambda g: (g * p * A ** (p - 1),))


def square(a):
    A = data_of(a)
    return make(A * A, (a,), lambda g: (2 * g * A,))


def sqrt(a):
    out = np.sqrt(data_of(a))
    return make(out, (a,), lambda g: (g / (2 * out),))


def exp(a):
    out = np.exp(data_of(a))
    return make(out, (a,), lambda g: (g * out,))


def log(a):
    A = data_of(a)
    return make(np.log(A), (a,), lambda g: (g / A,))


def abs(a):  # noqa: A001  (mirrors mx.abs)
    A = data_of(a)
    return make(np.abs(A), (a,), lambda g: (g * np.sign(A),))


def tanh(a):
    out = np.tanh(data_of(a))

    def backward(g):
        d = out * out  # one temporary, updated in place: (1 − out²)·g
        np.subtract(1, d, out=d)
        d *= g
        return (d,)

    return make(out, (a,), backward)


def sigmoid(a):
    A = data_of(a)
    out = 0.5 * (1 + np.tanh(0.5 * A))  # overflow-free logistic
    return make(out, (a,), lambda g: (g * out * (1 - out),))


def relu(a):
    A = data_of(a)
    return make(np.maximum(A, 0), (a,), lambda g: (g * (A > 0),))


def clip(a, lo, hi):
    A = data_of(a)
    inside = (A >= lo) & (A <= hi)
    return make(np.clip(A, lo, hi), (a,), lambda g: (g * inside,))


def matmul(a, b):
    A, B = data_of(a), data_of(b)
    a_needs, b_needs = isinstance(a, Tensor), isinstance(b, Tensor)

    def backward(g):
        if A.ndim == 1 or B.ndim == 1:
            raise NotImplementedError("matmul gradient needs 2-D (or batched) operands")
        # A constant operand (the data fed to a first layer) needs no gradient: skip its GEMM.
        ga = unbroadcast(g @ np.swapaxes(B, -1, -2), A.shape) if a_needs else None
        gb = unbroadcast(np.swapaxes(A, -1, -2) @ g, B.shape) if b_needs else None
        return ga, gb

    return make(A @ B, (a, b), backward)


def _norm_axis(axis, ndim):
    if axis is None:
        return tuple(range(ndim))
    axes = (axis,) if isinstance(axis, int) else tuple(axis)
    return tuple(ax % ndim for ax in axes)


def sum(a, axis=None, keepdims=False):  # noqa: A001
    A = data_of(a)
    axes = _norm_axis(axis, A.ndim)

    def backward(g):
        if not keepdims:
            g = np.expand_dims(g, axes)
        return (np.broadcast_to(g, A.shape),)

    return make(np.sum(A, axis=axes, keepdims=keepdims), (a,), backward)


def mean(a, axis=None, keepdims=False):
    A = data_of(a)
    axes = _norm_axis(axis, A.ndim)
    count = int(np.prod([A.shape[ax] for ax in axes])) if axes else 1
    return multiply(sum(a, axes, keepdims), np.asarray(1.0 / count, dtype=A.dtype))


def max(a, axis=None, keepdims=False):  # noqa: A001
    A = data_of(a)
    axes = _norm_axis(axis, A.ndim)
    out = np.max(A, axis=axes, keepdims=True)
    mask = A == out
    mask = mask / mask.sum(axis=axes, keepdims=True)  # split ties evenly
    result = out if keepdims else np.squeeze(out, axes)
    return make(result, (a,), lambda g: (mask * (g if keepdims else np.expand_dims(g, axes)),))


def logsumexp(a, axis=None, keepdims=False):
    A = data_of(a)
    axes = _norm_axis(axis, A.ndim)
    m = np.max(A, axis=axes, keepdims=True)
    e = np.exp(A - m)
    s = e.sum(axis=axes, keepdims=True)
    out = np.log(s) + m
    soft = e / s
    result = out if keepdims else np.squeeze(out, axes)
    return make(result, (a,), lambda g: (soft * (g if keepdims else np.expand_dims(g, axes)),))


def reshape(a, shape):
    A = data_of(a)
    return make(A.reshape(shape), (a,), lambda g: (g.reshape(A.shape),))


def transpose(a, axes=None):
    A = data_of(a)
    inverse = None if axes is None else np.argsort(axes)
    return make(np.transpose(A, axes), (a,), lambda g: (np.transpose(g, inverse),))


def swapaxes(a, i, j):
    return make(np.swapaxes(data_of(a), i, j), (a,), lambda g: (np.swapaxes(g, i, j),))


def expand_dims(a, axis):
    A = data_of(a)
    return make(np.expand_dims(A, axis), (a,), lambda g: (g.reshape(A.shape),))


def take(a, idx):
    """Basic and advanced indexing (`a[idx]`); the gradient scatters back with add.at."""
    A = data_of(a)
    idx = data_of(idx) if isinstance(idx, Tensor) else idx

    def backward(g):
        full = np.zeros_like(A)
        np.add.at(full, idx, g)
        return (full,)

    return make(A[idx], (a,), backward)


def concatenate(arrays, axis=0):
    datas = [data_of(x) for x in arrays]
    cuts = np.cumsum([d.shape[axis] for d in datas])[:-1]
    return make(
        np.concatenate(datas, axis=axis), tuple(arrays), lambda g: np.split(g, cuts, axis=axis)
    )


def stack(arrays, axis=0):
    datas = [data_of(x) for x in arrays]
    return make(
        np.stack(datas, axis=axis),
        tuple(arrays),
        lambda g: [np.take(g, i, axis=axis) for i in range(len(datas))],
    )


bind_ops(sys.modules[__name__])  # Tensor's operators call these functions
