"""The MLX backend: mlx.core behind the OPS API. Imported only when MLX is asked for.

Thread rule (measured, see design.md): build, evaluate and train MLX arrays inside the worker
thread that owns the run; hand the UI floats or NumPy copies only.
"""

from __future__ import annotations

from types import SimpleNamespace

import mlx.core as mx
import mlx.nn as nn
import numpy as np

from . import mlx_conv, mlx_recurrent
from .base import OPS, BackendInfo

_DTYPES = {None: mx.float32, "float32": mx.float32, "float64": mx.float64, "int32": mx.int32}


def array(x, dtype: str | None = None):
    x = np.asarray(x)
    if dtype is None and x.dtype.kind in "iub":
        return mx.array(x.astype(np.int32))
    return mx.array(
        x.astype(np.float64 if dtype == "float64" else np.float32), dtype=_DTYPES[dtype]
    )


def to_numpy(x) -> np.ndarray:
    return np.array(x)


def log_softmax(x, axis: int = -1):
    return x - mx.logsumexp(x, axis=axis, keepdims=True)


def cross_entropy(logits, targets, reduction: str = "mean"):
    return nn.losses.cross_entropy(logits, targets, reduction=reduction)


def binary_cross_entropy(logits, targets, reduction: str = "mean"):
    return nn.losses.binary_cross_entropy(logits, targets, with_logits=True, reduction=reduction)


def device_has_gpu() -> bool:
    metal = getattr(mx, "metal", None)
    cuda = getattr(mx, "cuda", None)
    return bool(
        (metal is not None and metal.is_available()) or (cuda is not None and cuda.is_available())
    )


def make_backend(reason: str = "") -> SimpleNamespace:
    funcs = {
        "array": array,
        "zeros": lambda shape, dtype=None: mx.zeros(shape, _DTYPES[dtype]),
        "ones": lambda shape, dtype=None: mx.ones(shape, _DTYPES[dtype]),
        "to_numpy": to_numpy,
        "eval": mx.eval,
        "value_and_grad": mx.value_and_grad,
        "relu": nn.relu,
        "leaky_relu": lambda x, slope=0.01: nn.leaky_relu(x, slope),
        "elu": lambda x, alpha=1.0: nn.elu(x, alpha),
        "softplus": nn.softplus,
        "silu": nn.silu,
        "gelu": nn.gelu_approx,
        "log_softmax": log_softmax,
        "cross_entropy": cross_entropy,
        "binary_cross_entropy": binary_cross_entropy,
        "max": mx.max,
    }
    for module in (mlx_conv, mlx_recurrent, mx):
        for name in OPS:
            if name not in funcs and hasattr(module, name):
                funcs[name] = getattr(module, name)
    device = "gpu" if device_has_gpu() else "cpu"
    return SimpleNamespace(info=BackendInfo("mlx", device, reason), name="mlx", **funcs)
