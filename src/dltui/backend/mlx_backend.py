"""The MLX backend: mlx.core (and a few mlx.nn functions) behind `Backend`. Imported only when
MLX is asked for, or where `auto` must check for a GPU (see `dltui.backend.mlx_status`).

Thread rule (measured, see design.md): build, evaluate and train MLX arrays inside the worker
thread that owns the run; hand the UI floats or NumPy copies only.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import mlx.core as mx
import mlx.nn as nn
import numpy as np

from . import mlx_attention, mlx_conv, mlx_recurrent
from .base import Array, BackendInfo, DType, Reduction

_DTYPES = {None: mx.float32, "float32": mx.float32, "float64": mx.float64, "int32": mx.int32}


def array(x: Any, /, dtype: DType = None) -> mx.array:
    x = np.asarray(x)
    if dtype is None and x.dtype.kind in "iub":
        return mx.array(x.astype(np.int32))
    return mx.array(
        x.astype(np.float64 if dtype == "float64" else np.float32), dtype=_DTYPES[dtype]
    )


def zeros(shape: int | Sequence[int], /, dtype: DType = None) -> mx.array:
    return mx.zeros(shape, _DTYPES[dtype])


def ones(shape: int | Sequence[int], /, dtype: DType = None) -> mx.array:
    return mx.ones(shape, _DTYPES[dtype])


def to_numpy(x: Array, /) -> np.ndarray:
    return np.array(x)


def leaky_relu(x: mx.array, /, slope: float = 0.01) -> mx.array:
    return nn.leaky_relu(x, slope)


def elu(x: mx.array, /, alpha: float = 1.0) -> mx.array:
    return nn.elu(x, alpha)


def log_softmax(x: mx.array, /, axis: int = -1) -> mx.array:
    return x - mx.logsumexp(x, axis=axis, keepdims=True)


def cross_entropy(
    logits: mx.array, targets: mx.array, /, reduction: Reduction = "mean"
) -> mx.array:
    return nn.losses.cross_entropy(logits, targets, reduction=reduction)


def binary_cross_entropy(
    logits: mx.array, targets: mx.array, /, reduction: Reduction = "mean"
) -> mx.array:
    return nn.losses.binary_cross_entropy(logits, targets, with_logits=True, reduction=reduction)


def device_has_gpu() -> bool:
    metal = getattr(mx, "metal", None)
    cuda = getattr(mx, "cuda", None)
    return bool(
        (metal is not None and metal.is_available()) or (cuda is not None and cuda.is_available())
    )


class MlxBackend:
    """mlx.core on its default device (the GPU where there is one)."""

    name = "mlx"

    def __init__(self, reason: str = "") -> None:
        self.info = BackendInfo("mlx", "gpu" if device_has_gpu() else "cpu", reason)

    def __repr__(self) -> str:
        return f"MlxBackend({self.info.reason!r})"

    # creation and conversion (ours)
    array = staticmethod(array)
    zeros = staticmethod(zeros)
    ones = staticmethod(ones)
    to_numpy = staticmethod(to_numpy)
    eval = staticmethod(mx.eval)
    # elementwise (mlx.core)
    add = staticmethod(mx.add)
    subtract = staticmethod(mx.subtract)
    multiply = staticmethod(mx.multiply)
    divide = staticmethod(mx.divide)
    maximum = staticmethod(mx.maximum)
    minimum = staticmethod(mx.minimum)
    where = staticmethod(mx.where)
    negative = staticmethod(mx.negative)
    power = staticmethod(mx.power)
    square = staticmethod(mx.square)
    sqrt = staticmethod(mx.sqrt)
    exp = staticmethod(mx.exp)
    log = staticmethod(mx.log)
    abs = staticmethod(mx.abs)
    tanh = staticmethod(mx.tanh)
    sigmoid = staticmethod(mx.sigmoid)
    clip = staticmethod(mx.clip)
    # activations (mlx.nn)
    relu = staticmethod(nn.relu)
    leaky_relu = staticmethod(leaky_relu)
    elu = staticmethod(elu)
    softplus = staticmethod(nn.softplus)
    silu = staticmethod(nn.silu)
    gelu = staticmethod(nn.gelu_approx)
    # reductions and shapes (mlx.core)
    sum = staticmethod(mx.sum)
    mean = staticmethod(mx.mean)
    max = staticmethod(mx.max)
    logsumexp = staticmethod(mx.logsumexp)
    reshape = staticmethod(mx.reshape)
    transpose = staticmethod(mx.transpose)
    swapaxes = staticmethod(mx.swapaxes)
    expand_dims = staticmethod(mx.expand_dims)
    concatenate = staticmethod(mx.concatenate)
    stack = staticmethod(mx.stack)
    matmul = staticmethod(mx.matmul)
    # fused primitives
    softmax = staticmethod(mx.softmax)
    log_softmax = staticmethod(log_softmax)  # ours
    cross_entropy = staticmethod(cross_entropy)  # mlx.nn.losses
    binary_cross_entropy = staticmethod(binary_cross_entropy)  # mlx.nn.losses
    conv2d = staticmethod(mlx_conv.conv2d)  # mx.conv2d behind the engine's shape checks
    max_pool2d = staticmethod(mlx_conv.max_pool2d)  # ours
    avg_pool2d = staticmethod(mlx_conv.avg_pool2d)  # ours
    rnn = staticmethod(mlx_recurrent.rnn)  # ours
    lstm = staticmethod(mlx_recurrent.lstm)  # ours
    gru = staticmethod(mlx_recurrent.gru)  # ours
    attention = staticmethod(mlx_attention.attention)
    layer_norm = staticmethod(mlx_attention.layer_norm)
    # autodiff and randomness (mlx.core)
    value_and_grad = staticmethod(mx.value_and_grad)
    seed = staticmethod(mx.random.seed)


if TYPE_CHECKING:
    from .base import Backend

    _conforms: Backend = MlxBackend()
