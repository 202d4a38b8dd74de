"""The NumPy backend: our own reverse-mode engine (dltui.backend.numpy_engine) behind the OPS API."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np

from .base import OPS, BackendInfo
from .numpy_engine import conv, nn, ops, recurrent
from .numpy_engine.tensor import Tensor, data_of, grad_of
from .tree import flatten

_DTYPES = {None: np.float32, "float32": np.float32, "float64": np.float64, "int32": np.int32}


def array(x, dtype: str | None = None) -> np.ndarray:
    if dtype is None and np.asarray(x).dtype.kind in "iub":
        return np.asarray(x)
    return np.asarray(x, dtype=_DTYPES[dtype])


def to_numpy(x) -> np.ndarray:
    return np.asarray(data_of(x))


def value_and_grad(fn):
    """Like mx.value_and_grad(fn): gradients with respect to the first argument (a pytree).

    If `fn` returns a tuple, the gradient is of its first element and the whole tuple is returned.
    """

    def wrapped(params, *args, **kwargs):
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


def _eval(*_trees) -> None:
    """NumPy computes eagerly: nothing to force."""


def make_backend() -> SimpleNamespace:
    funcs = {
        "array": array,
        "zeros": lambda shape, dtype=None: np.zeros(shape, _DTYPES[dtype]),
        "ones": lambda shape, dtype=None: np.ones(shape, _DTYPES[dtype]),
        "to_numpy": to_numpy,
        "eval": _eval,
        "value_and_grad": value_and_grad,
    }
    for module in (ops, nn, conv, recurrent):
        for name in OPS:
            if name not in funcs and hasattr(module, name):
                funcs[name] = getattr(module, name)
    info = BackendInfo("numpy", "cpu", "")
    return SimpleNamespace(info=info, name="numpy", **funcs)
