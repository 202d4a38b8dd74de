"""The one array API lab model code is written against: the `Backend` protocol.

Model code never imports NumPy or MLX for its math; it calls `B.tanh(x @ p["W"] + p["b"])` and
runs on either backend (`numpy_backend.NumpyBackend`, our own autodiff engine; or
`mlx_backend.MlxBackend`). Parameter initialisation and data shuffling use NumPy generators on the
lab side (`ctx.rng`), so both backends start from the same numbers (that is what makes the parity
tests meaningful).

Where each op comes from — the protocol is honest about it, so a reader knows what to look up:

- **mlx.core**: names, argument order and semantics follow `mx.<op>` (on MLX it IS `mx.<op>`):
  zeros, ones, eval, the elementwise ops, sigmoid, the reductions, shapes, matmul, softmax,
  conv2d (behind shared shape checks), value_and_grad, seed (`mx.random.seed`).
- **mlx.nn**: relu, leaky_relu, elu, softplus, silu, gelu (the tanh approximation, `gelu_approx`),
  cross_entropy and binary_cross_entropy (`mlx.nn.losses`; ours always take logits).
- **ours** (no core MLX op with this meaning): `array` and the dtype names ("float32", "float64",
  "int32" — so lab code names no library's dtype), `to_numpy`, log_softmax, max_pool2d,
  avg_pool2d, the whole-sequence recurrences rnn / lstm / gru (with their `probe`), `info`, `name`.
  Other primitives (attention, layer_norm, …) are added by their own modules, one per backend.

Arrays are typed `Array` (= Any): a backend's arrays are np.ndarray or the engine's Tensor on
NumPy and mx.array on MLX, which share no nominal type. What mypy checks through this protocol is
the API itself: every op exists on both backends, with the same arity and option names. Data
arguments are positional-only (mlx.core's are); options (axis, keepdims, dtype, stride, …) may be
passed by keyword.

Adding a primitive: its two implementations in their own modules (numpy_engine/<name>.py and
mlx_<name>.py), then four lines: the name in `OPS`, a method on `Backend` (its signature and where
it comes from), and one `staticmethod` line each in `NumpyBackend` and `MlxBackend`. The tests
check that OPS, the protocol and both backends agree; mypy checks the signatures.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Literal, Protocol, TypeAlias, runtime_checkable

import numpy as np

Array: TypeAlias = Any  # np.ndarray | numpy_engine.Tensor on NumPy, mx.array on MLX
Axis: TypeAlias = int | Sequence[int] | None
IntPair: TypeAlias = int | tuple[int, int]
DType: TypeAlias = str | None  # None, "float32", "float64", "int32"
Reduction: TypeAlias = Literal["none", "mean", "sum"]

# Every backend must provide each of these (tests check them against the protocol below).
OPS: tuple[str, ...] = (
    # creation and conversion
    "array", "zeros", "ones", "to_numpy", "eval",
    # elementwise
    "add", "subtract", "multiply", "divide", "maximum", "minimum", "where", "negative", "power",
    "square", "sqrt", "exp", "log", "abs", "tanh", "sigmoid", "relu", "clip",
    "leaky_relu", "elu", "softplus", "silu", "gelu",
    # reductions and shapes
    "sum", "mean", "max", "logsumexp", "reshape", "transpose", "swapaxes", "expand_dims",
    "concatenate", "stack", "matmul",
    # fused primitives
    "softmax", "log_softmax", "cross_entropy", "binary_cross_entropy",
    "conv2d", "max_pool2d", "avg_pool2d", "rnn", "lstm", "gru",
    "attention", "layer_norm",
    # autodiff and randomness
    "value_and_grad", "seed",
)  # fmt: skip


class BackendError(RuntimeError):
    """A backend was asked for that cannot be used here (the message says why).

    The backend imports nothing of the engine, so its messages stay English: the error keeps its
    template and values (`msgid`, `values`) for the front end to translate (`tr(msgid, ...)`).
    """

    def __init__(self, msgid: str, /, **values: str):
        super().__init__(msgid.format(**values))
        self.msgid, self.values = msgid, values

    def __reduce__(self):  # pickled as its template and values (a run's child may raise it)
        return _backend_error, (self.msgid, self.values)


def _backend_error(msgid: str, values: dict[str, str]) -> BackendError:
    return BackendError(msgid, **values)


@dataclass(frozen=True)
class BackendInfo:
    name: str  # "numpy" | "mlx"
    device: str  # "cpu" | "gpu"
    reason: str  # why this backend was chosen, shown in the status line

    def label(self) -> str:
        return f"{self.name} ({self.device})"


@runtime_checkable
class Backend(Protocol):
    """The array API every backend implements; see the module docstring for each op's origin."""

    @property
    def name(self) -> str:
        """ "numpy" or "mlx"."""
        ...

    @property
    def info(self) -> BackendInfo:
        """Name, device and why it was chosen (ours)."""
        ...

    # creation and conversion --------------------------------------------------------------
    def array(self, x: Any, /, dtype: DType = None) -> Array:
        """Ours: like mx.array, but the dtype is named by a string; floats default to float32,
        integers and booleans keep an integer dtype."""
        ...

    def zeros(self, shape: int | Sequence[int], /, dtype: DType = None) -> Array: ...
    def ones(self, shape: int | Sequence[int], /, dtype: DType = None) -> Array: ...

    def to_numpy(self, x: Array, /) -> np.ndarray:
        """Ours: a NumPy copy (or view) of a backend array, for the UI and the records."""
        ...

    def eval(self, *trees: Any) -> None:
        """mx.eval: force lazy arrays (MLX); nothing to do on NumPy, which computes eagerly."""
        ...

    # elementwise (mlx.core) ------------------------------------------------------------------
    def add(self, a: Array, b: Array, /) -> Array: ...
    def subtract(self, a: Array, b: Array, /) -> Array: ...
    def multiply(self, a: Array, b: Array, /) -> Array: ...
    def divide(self, a: Array, b: Array, /) -> Array: ...
    def maximum(self, a: Array, b: Array, /) -> Array: ...
    def minimum(self, a: Array, b: Array, /) -> Array: ...
    def where(self, condition: Array, x: Array, y: Array, /) -> Array: ...
    def negative(self, a: Array, /) -> Array: ...
    def power(self, a: Array, b: Any, /) -> Array: ...
    def square(self, a: Array, /) -> Array: ...
    def sqrt(self, a: Array, /) -> Array: ...
    def exp(self, a: Array, /) -> Array: ...
    def log(self, a: Array, /) -> Array: ...
    def abs(self, a: Array, /) -> Array: ...
    def tanh(self, a: Array, /) -> Array: ...
    def sigmoid(self, a: Array, /) -> Array: ...
    def clip(self, a: Array, a_min: Any, a_max: Any, /) -> Array: ...

    # activations (mlx.nn) --------------------------------------------------------------------
    def relu(self, a: Array, /) -> Array: ...
    def leaky_relu(self, a: Array, /, slope: float = 0.01) -> Array: ...
    def elu(self, a: Array, /, alpha: float = 1.0) -> Array: ...
    def softplus(self, a: Array, /) -> Array: ...
    def silu(self, a: Array, /) -> Array: ...

    def gelu(self, a: Array, /) -> Array:
        """mlx.nn.gelu_approx: the tanh approximation."""
        ...

    # reductions and shapes (mlx.core) --------------------------------------------------------
    def sum(self, a: Array, /, axis: Axis = None, keepdims: bool = False) -> Array: ...
    def mean(self, a: Array, /, axis: Axis = None, keepdims: bool = False) -> Array: ...
    def max(self, a: Array, /, axis: Axis = None, keepdims: bool = False) -> Array: ...
    def logsumexp(self, a: Array, /, axis: Axis = None, keepdims: bool = False) -> Array: ...
    def reshape(self, a: Array, shape: Sequence[int], /) -> Array: ...
    def transpose(self, a: Array, /, axes: Sequence[int] | None = None) -> Array: ...
    def swapaxes(self, a: Array, axis1: int, axis2: int, /) -> Array: ...
    def expand_dims(self, a: Array, axis: int | Sequence[int], /) -> Array: ...
    def concatenate(self, arrays: list[Array], /, axis: int = 0) -> Array: ...
    def stack(self, arrays: list[Array], /, axis: int = 0) -> Array: ...
    def matmul(self, a: Array, b: Array, /) -> Array: ...

    # fused primitives --------------------------------------------------------------------------
    def softmax(self, a: Array, /, axis: int = -1) -> Array:
        """mx.softmax; pass `axis` (mx's default, None, means every axis; ours means the last)."""
        ...

    def log_softmax(self, a: Array, /, axis: int = -1) -> Array:
        """Ours (mx has logsumexp, not log_softmax)."""
        ...

    def cross_entropy(
        self, logits: Array, targets: Array, /, reduction: Reduction = "mean"
    ) -> Array:
        """mlx.nn.losses.cross_entropy: softmax cross-entropy of (N, C) logits, int targets (N,)."""
        ...

    def binary_cross_entropy(
        self, logits: Array, targets: Array, /, reduction: Reduction = "mean"
    ) -> Array:
        """mlx.nn.losses.binary_cross_entropy with logits: raw scores (N,), 0/1 targets."""
        ...

    def conv2d(self, x: Array, w: Array, /, stride: IntPair = 1, padding: IntPair = 0) -> Array:
        """mx.conv2d: x (N, H, W, C_in) ⋆ w (C_out, KH, KW, C_in), a cross-correlation."""
        ...

    def max_pool2d(self, x: Array, /, size: IntPair = 2, stride: IntPair | None = None) -> Array:
        """Ours: (N, H, W, C) → (N, OH, OW, C); the stride defaults to the window size."""
        ...

    def avg_pool2d(self, x: Array, /, size: IntPair = 2, stride: IntPair | None = None) -> Array:
        """Ours, like max_pool2d."""
        ...

    def rnn(
        self, x: Array, h0: Array, Wx: Array, Wh: Array, b: Array, /, probe: Array | None = None
    ) -> Array:
        """Ours: Elman RNN over a whole sequence, x (B, T, D) → hs (B, T, H); `probe` (B, T, H)
        is added to each hₜ, so its gradient is the total ∂L/∂hₜ through time."""
        ...

    def lstm(
        self,
        x: Array,
        h0: Array,
        c0: Array,
        Wx: Array,
        Wh: Array,
        b: Array,
        /,
        probe: Array | None = None,
    ) -> Array:
        """Ours: LSTM, gates [i, f, g, o] along 4H → hs (B, T, H)."""
        ...

    def gru(
        self,
        x: Array,
        h0: Array,
        Wx: Array,
        Wh: Array,
        bx: Array,
        bh: Array,
        /,
        probe: Array | None = None,
    ) -> Array:
        """Ours: GRU (Keras reset_after), gates [z, r, n] along 3H → hs (B, T, H)."""
        ...

    def attention(
        self,
        q: Array,
        k: Array,
        v: Array,
        /,
        mask: Array | None = None,
        scale: float | None = None,
    ) -> Array:
        """Ours: softmax(q·kᵀ·scale + mask)·v; the mask is additive (0 keeps, −inf hides)."""
        ...

    def layer_norm(
        self, x: Array, /, weight: Array | None = None, bias: Array | None = None, eps: float = 1e-5
    ) -> Array:
        """mx.fast.layer_norm over the last axis (biased variance)."""
        ...

    # autodiff and randomness -------------------------------------------------------------------
    def value_and_grad(self, fn: Callable[..., Any], /) -> Callable[..., tuple[Any, Any]]:
        """mx.value_and_grad: gradients with respect to fn's first argument (a pytree); if fn
        returns a tuple, the gradient is of its first element and the whole tuple is returned."""
        ...

    def seed(self, n: int, /) -> None:
        """mx.random.seed. The runner calls it in the thread that runs the lab; the NumPy engine
        draws no random numbers of its own (labs draw from ctx.rng), so there it does nothing."""
        ...
