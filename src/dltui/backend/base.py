"""The one array API lab model code is written against, mirroring the subset of mlx.core it uses.

A backend is an object whose attributes are these functions. Model code never imports NumPy or
MLX for its math; it calls `B.tanh(x @ p["W"] + p["b"])` and runs on either. Parameter
initialisation and data shuffling use NumPy generators on the lab side, so both backends start
from the same numbers (that is what makes the parity tests meaningful).
"""

from __future__ import annotations

from dataclasses import dataclass

# Every backend must provide each of these (a test checks it).
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
    # autodiff
    "value_and_grad",
)  # fmt: skip


class BackendError(RuntimeError):
    """A backend was asked for that cannot be used here (the message says why)."""


@dataclass(frozen=True)
class BackendInfo:
    name: str  # "numpy" | "mlx"
    device: str  # "cpu" | "gpu"
    reason: str  # why this backend was chosen, shown in the status line

    def label(self) -> str:
        return f"{self.name} ({self.device})"
