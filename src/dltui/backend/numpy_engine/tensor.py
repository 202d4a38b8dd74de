"""A reverse-mode autodiff tensor over NumPy arrays, small enough to read in one sitting.

A `Tensor` wraps an ndarray and remembers how it was made: its parents and a `backward`
closure that maps the gradient of the output to the gradients of the parents. `grad_of`
walks the graph once, in reverse topological order. Operations on plain ndarrays stay plain
ndarrays (no graph), so model code runs unchanged for inference.

Coarse primitives (softmax cross-entropy, convolution, whole-sequence recurrences) live in
sibling modules and build on `make`, with backward passes written by hand for speed.

This module imports none of them: the ops build on it. A Tensor's operators (`+`, `@`, `[]`,
`.sum()`, …) call the ops module that `ops.py` hands over with `bind_ops` as it loads (the
package's `__init__` imports ops, so a Tensor never exists without them).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from types import ModuleType
from typing import Any

import numpy as np

Backward = Callable[[np.ndarray], Sequence[np.ndarray | None]]

_ops: Any = None  # the ops module, handed over by `bind_ops` (ops.py builds on this module)


def bind_ops(module: ModuleType) -> None:
    """Called once by ops.py: the module whose functions Tensor's operators call."""
    global _ops
    _ops = module


class Tensor:
    __slots__ = ("data", "parents", "backward")
    __array_ufunc__ = None  # make ndarray OP Tensor defer to Tensor's reflected operators

    def __init__(
        self, data, parents: tuple[Tensor | None, ...] = (), backward: Backward | None = None
    ):
        self.data = data if isinstance(data, np.ndarray) else np.asarray(data, dtype=np.float32)
        self.parents = parents
        self.backward = backward

    shape = property(lambda self: self.data.shape)
    ndim = property(lambda self: self.data.ndim)
    dtype = property(lambda self: self.data.dtype)
    size = property(lambda self: self.data.size)

    def __len__(self) -> int:
        return len(self.data)

    def __repr__(self) -> str:
        return f"Tensor({self.data!r})"

    def item(self) -> float:
        return self.data.item()

    # Operators delegate to the ops module (see bind_ops).
    def __add__(self, o):
        return _ops.add(self, o)

    def __radd__(self, o):
        return _ops.add(o, self)

    def __sub__(self, o):
        return _ops.subtract(self, o)

    def __rsub__(self, o):
        return _ops.subtract(o, self)

    def __mul__(self, o):
        return _ops.multiply(self, o)

    def __rmul__(self, o):
        return _ops.multiply(o, self)

    def __truediv__(self, o):
        return _ops.divide(self, o)

    def __rtruediv__(self, o):
        return _ops.divide(o, self)

    def __neg__(self):
        return _ops.negative(self)

    def __pow__(self, p):
        return _ops.power(self, p)

    def __matmul__(self, o):
        return _ops.matmul(self, o)

    def __rmatmul__(self, o):
        return _ops.matmul(o, self)

    def __getitem__(self, idx):
        return _ops.take(self, idx)

    @property
    def T(self):
        return _ops.transpose(self)

    def sum(self, axis=None, keepdims=False):
        return _ops.sum(self, axis, keepdims)

    def mean(self, axis=None, keepdims=False):
        return _ops.mean(self, axis, keepdims)

    def reshape(self, *shape):
        return _ops.reshape(self, shape[0] if len(shape) == 1 else shape)

    def transpose(self, *axes):
        return _ops.transpose(self, axes or None)


def data_of(x) -> np.ndarray:
    return x.data if isinstance(x, Tensor) else x


def make(out: np.ndarray, inputs: Sequence, backward: Backward) -> Tensor | np.ndarray:
    """Wrap `out` in a Tensor linked to the Tensor inputs, or return it bare if none is one.

    `backward(g)` must return one gradient per entry of `inputs` (None where not needed).
    """
    if not any(isinstance(x, Tensor) for x in inputs):
        return out
    parents = tuple(x if isinstance(x, Tensor) else None for x in inputs)
    return Tensor(out, parents, backward)


def unbroadcast(g: np.ndarray, shape: tuple[int, ...]) -> np.ndarray:
    """Sum a broadcast gradient back to the operand's shape."""
    if g.shape == shape:
        return g
    extra = g.ndim - len(shape)
    if extra:
        g = g.sum(axis=tuple(range(extra)))
    axes = tuple(i for i, n in enumerate(shape) if n == 1 and g.shape[i] != 1)
    return g.sum(axis=axes, keepdims=True) if axes else g


def grad_of(output: Tensor, leaves: Sequence[Tensor]) -> list[np.ndarray]:
    """Gradients of the scalar `output` with respect to each leaf (zeros if unreachable)."""
    order: list[Tensor] = []
    seen: set[int] = set()
    stack: list[tuple[Tensor, bool]] = [(output, False)]
    while stack:  # iterative post-order DFS: deep recurrences would overflow recursion
        node, expanded = stack.pop()
        if expanded:
            order.append(node)
            continue
        if id(node) in seen:
            continue
        seen.add(id(node))
        stack.append((node, True))
        stack.extend((p, False) for p in node.parents if p is not None and id(p) not in seen)
    grads: dict[int, np.ndarray] = {id(output): np.ones_like(output.data)}
    for node in reversed(order):
        g = grads.pop(id(node), None)
        if g is None or node.backward is None:
            if g is not None:
                grads[id(node)] = g  # a leaf: keep its gradient
            continue
        for parent, pg in zip(node.parents, node.backward(g), strict=True):
            if parent is None or pg is None:
                continue
            key = id(parent)
            grads[key] = grads[key] + pg if key in grads else pg
    return [grads.get(id(leaf), np.zeros_like(leaf.data)) for leaf in leaves]
