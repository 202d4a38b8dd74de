"""The NumPy backend: our own reverse-mode engine (dltui.backend.numpy_engine) behind `Backend`.

Each op is the engine's function itself (a staticmethod: no wrapper on the hot path), so what
runs is greppable from here: `B.tanh` is `numpy_engine.ops.tanh`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from .base import Array, BackendInfo, DType
from .numpy_engine import attention as attn
from .numpy_engine import conv, nn, ops, recurrent
from .numpy_engine.tensor import Tensor, data_of, grad_of
from .tree import flatten

_DTYPES = {None: np.float32, "float32": np.float32, "float64": np.float64, "int32": np.int32}


def array(x: Any, /, dtype: DType = None) -> np.ndarray:
    if dtype is None and np.asarray(x).dtype.kind in "iub":
        return np.asarray(x)
    return np.asarray(x, dtype=_DTYPES[dtype])


def zeros(shape: int | Sequence[int], /, dtype: DType = None) -> np.ndarray:
    return np.zeros(shape, _DTYPES[dtype])


def ones(shape: int | Sequence[int], /, dtype: DType = None) -> np.ndarray:
    return np.ones(shape, _DTYPES[dtype])


def to_numpy(x: Array, /) -> np.ndarray:
    return np.asarray(data_of(x))


def value_and_grad(fn: Callable[..., Any], /) -> Callable[..., tuple[Any, Any]]:
    """Like mx.value_and_grad(fn): gradients with respect to the first argument (a pytree).

    If `fn` returns a tuple, the gradient is of its first element and the whole tuple is returned.
    """

    def wrapped(params: Any, *args: Any, **kwargs: Any) -> tuple[Any, Any]:
        leaves, rebuild = flatten(params)
        tensors = [Tensor(np.asarray(leaf)) for leaf in leaves]
        out = fn(rebuild(tensors), *args, **kwargs)
        loss = out[0] if isinstance(out, tuple) else out
        if isinstance(loss, Tensor):
            grads = grad_of(loss, tensors)
        else:
            grads = [np.zeros_like(t.data) for t in tensors]
        value = tuple(data_of(o) for o in out) if isinstance(out, tuple) else data_of(out)
        return value, rebuild(grads)

    return wrapped


def _eval(*trees: Any) -> None:
    """NumPy computes eagerly: nothing to force."""


def _seed(n: int, /) -> None:
    """The engine draws no random numbers of its own (labs draw from ctx.rng): nothing to seed."""


class NumpyBackend:
    """Our autodiff engine on NumPy: always available, on the CPU."""

    name = "numpy"

    def __init__(self, reason: str = "") -> None:
        self.info = BackendInfo("numpy", "cpu", reason)

    def __repr__(self) -> str:
        return f"NumpyBackend({self.info.reason!r})"

    # creation and conversion (ours)
    array = staticmethod(array)
    zeros = staticmethod(zeros)
    ones = staticmethod(ones)
    to_numpy = staticmethod(to_numpy)
    eval = staticmethod(_eval)
    # elementwise
    add = staticmethod(ops.add)
    subtract = staticmethod(ops.subtract)
    multiply = staticmethod(ops.multiply)
    divide = staticmethod(ops.divide)
    maximum = staticmethod(ops.maximum)
    minimum = staticmethod(ops.minimum)
    where = staticmethod(ops.where)
    negative = staticmethod(ops.negative)
    power = staticmethod(ops.power)
    square = staticmethod(ops.square)
    sqrt = staticmethod(ops.sqrt)
    exp = staticmethod(ops.exp)
    log = staticmethod(ops.log)
    abs = staticmethod(ops.abs)
    tanh = staticmethod(ops.tanh)
    sigmoid = staticmethod(ops.sigmoid)
    clip = staticmethod(ops.clip)
    # activations
    relu = staticmethod(ops.relu)
    leaky_relu = staticmethod(nn.leaky_relu)
    elu = staticmethod(nn.elu)
    softplus = staticmethod(nn.softplus)
    silu = staticmethod(nn.silu)
    gelu = staticmethod(nn.gelu)
    # reductions and shapes
    sum = staticmethod(ops.sum)
    mean = staticmethod(ops.mean)
    max = staticmethod(ops.max)
    logsumexp = staticmethod(ops.logsumexp)
    reshape = staticmethod(ops.reshape)
    transpose = staticmethod(ops.transpose)
    swapaxes = staticmethod(ops.swapaxes)
    expand_dims = staticmethod(ops.expand_dims)
    concatenate = staticmethod(ops.concatenate)
    stack = staticmethod(ops.stack)
    matmul = staticmethod(ops.matmul)
    # fused primitives
    softmax = staticmethod(nn.softmax)
    log_softmax = staticmethod(nn.log_softmax)
    cross_entropy = staticmethod(nn.cross_entropy)
    binary_cross_entropy = staticmethod(nn.binary_cross_entropy)
    conv2d = staticmethod(conv.conv2d)
    max_pool2d = staticmethod(conv.max_pool2d)
    avg_pool2d = staticmethod(conv.avg_pool2d)
    rnn = staticmethod(recurrent.rnn)
    lstm = staticmethod(recurrent.lstm)
    gru = staticmethod(recurrent.gru)
    attention = staticmethod(attn.attention)
    layer_norm = staticmethod(attn.layer_norm)
    # autodiff and randomness
    value_and_grad = staticmethod(value_and_grad)
    seed = staticmethod(_seed)


if TYPE_CHECKING:
    from .base import Backend

    _conforms: Backend = NumpyBackend()
