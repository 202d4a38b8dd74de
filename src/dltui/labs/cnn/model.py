"""The cnn lab's networks: the layer stack, its Keras-style summary, and the model code.

`build` turns the knobs into an `Arch` (every layer's output shape and parameter count, as
Keras' `model.summary()` lists them) and refuses a stack that cannot work, naming the layer and
the shapes. LeNet-5 as the course writes it (32×32×1, conv 6@5×5 → pool 2 → conv 16@5×5 →
pool 2 → dense 120 → 84 → 10) has 156 + 2,416 + 48,120 + 10,164 + 850 = 61,706 parameters.

The model code is written once against the backend API (`B.conv2d`, `B.max_pool2d`, …), so it
trains on NumPy and MLX alike. Weights are drawn in NumPy (Glorot uniform, Keras' default for
Conv2D and Dense; biases zero) and dropout masks too, so both backends see the same numbers.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from ...backend.base import Backend
from ...engine.i18n import tr
from ...engine.numfmt import thousands
from ...engine.params import ParamError

ACTIVATIONS = ("relu", "tanh", "sigmoid", "elu", "leaky-relu", "gelu")
MONOTONE = frozenset(ACTIVATIONS) - {"gelu"}  # non-decreasing: max-pooling commutes with them
POOLINGS = ("max", "avg")
PADDINGS = ("valid", "same")


@dataclass(frozen=True)
class Layer:
    name: str  # "conv 1", "pool 1", "flatten", "dense 1", "output"
    kind: str  # the Keras layer type: Conv2D, MaxPooling2D, Flatten, Dropout, Dense
    what: str  # its settings: "6@5×5", "2×2", "120"
    shape: tuple[int, ...]  # output shape, without the batch axis
    params: int


@dataclass(frozen=True)
class Arch:
    input_shape: tuple[int, int, int]  # (H, W, C)
    convs: tuple[tuple[int, int], ...]  # (filters, kernel) per conv layer
    padding: str
    pool: str
    pool_size: int
    dense: tuple[int, ...]  # hidden dense layers
    classes: int
    layers: tuple[Layer, ...]

    @property
    def n_params(self) -> int:
        return sum(layer.params for layer in self.layers)

    @property
    def conv_params(self) -> int:
        return sum(layer.params for layer in self.layers if layer.kind == "Conv2D")

    def pad(self, kernel: int) -> int:
        """Zero rings around a conv layer's input: none ('valid'), or (k − 1)/2 ('same')."""
        return 0 if self.padding == "valid" else (kernel - 1) // 2

    def conv_shapes(self) -> list[tuple[int, int, int]]:
        """Each conv layer's output (H, W, C): the feature maps the screen shows."""
        return [layer.shape for layer in self.layers if layer.kind == "Conv2D"]  # type: ignore[misc]


def _shape(s: Sequence[int]) -> str:
    return "×".join(str(v) for v in s)


def build(
    input_shape: tuple[int, int, int],
    filters: Sequence[int],
    kernel: int | Sequence[int],
    dense: Sequence[int],
    *,
    padding: str = "valid",
    pool: str = "max",
    pool_size: int = 2,
    dropout: float = 0.0,
    classes: int = 10,
) -> Arch:
    """The layer stack for these knobs, or ParamError naming the layer that cannot be built.

    `filters` empty is the MLP (flatten, then dense). `kernel` is one size for every conv layer
    or one per layer.
    """
    kernels = [kernel] * len(filters) if isinstance(kernel, int) else list(kernel)
    h, w, c = input_shape
    layers: list[Layer] = []
    pool_kind = "MaxPooling2D" if pool == "max" else "AveragePooling2D"
    for i, (f, k) in enumerate(zip(filters, kernels, strict=True), start=1):
        if k < 1:
            raise ParamError(tr("kernel: conv {i} has a {k}×{k} kernel; it must be ≥ 1", i=i, k=k))
        if padding == "same" and k % 2 == 0:
            raise ParamError(
                tr(
                    "kernel: 'same' padding keeps the size only with an odd kernel; "
                    "conv {i} has {k}×{k}",
                    i=i,
                    k=k,
                )
            )
        if padding == "valid" and (k > h or k > w):
            if i == 1:
                where = tr("the {shape} input", shape=_shape(input_shape))
            else:
                where = tr("after pool {n}", n=i - 1)
            raise ParamError(
                tr(
                    "kernel: conv {i}'s {k}×{k} kernel is larger than its {shape} input "
                    "({where}); use a smaller kernel, 'same' padding or fewer conv layers",
                    i=i,
                    k=k,
                    shape=_shape((h, w, c)),
                    where=where,
                )
            )
        if padding == "valid":
            h, w = h - k + 1, w - k + 1
        if f < 1:
            raise ParamError(
                tr(
                    "filters: conv {i} has {f} filters, so its output would be {shape}: "
                    "nothing for the next layer to see; every conv layer needs ≥ 1",
                    i=i,
                    f=f,
                    shape=_shape((h, w, f)),
                )
            )
        layers.append(Layer(f"conv {i}", "Conv2D", f"{f}@{k}×{k}", (h, w, f), k * k * c * f + f))
        c = f
        if h < pool_size or w < pool_size:
            raise ParamError(
                tr(
                    "filters: pool {i} ({p}×{p}) would shrink conv {i}'s {shape} output to "
                    "nothing; use fewer conv layers, a smaller kernel or 'same' padding",
                    i=i,
                    p=pool_size,
                    shape=_shape((h, w, c)),
                )
            )
        h, w = h // pool_size, w // pool_size
        layers.append(Layer(f"pool {i}", pool_kind, f"{pool_size}×{pool_size}", (h, w, c), 0))
    n = h * w * c
    layers.append(Layer("flatten", "Flatten", "", (n,), 0))
    for j, units in enumerate(dense, start=1):
        if units < 1:
            raise ParamError(
                tr("dense: dense {j} has {units} units; every layer needs ≥ 1", j=j, units=units)
            )
        layers.append(Layer(f"dense {j}", "Dense", str(units), (units,), n * units + units))
        if dropout > 0:
            layers.append(Layer(f"dropout {j}", "Dropout", f"{dropout:g}", (units,), 0))
        n = units
    layers.append(
        Layer("output", "Dense", f"{classes}, softmax", (classes,), n * classes + classes)
    )
    return Arch(
        input_shape,
        tuple(zip(filters, kernels, strict=True)),
        padding,
        pool,
        pool_size,
        tuple(dense),
        classes,
        tuple(layers),
    )


def summary(arch: Arch, title: str) -> str:
    """The stack as Keras' model.summary() prints it, with the totals; the batch axis (Keras'
    'None') is left out so the table fits a panel beside another (~34 columns)."""
    short = {"MaxPooling2D": "MaxPool", "AveragePooling2D": "AvgPool"}
    labels = [f"{short.get(layer.kind, layer.kind)} {layer.what}".strip() for layer in arch.layers]
    labels[-1] = f"Dense {arch.classes}"  # the softmax is said in the title row
    shapes = [
        f"({', '.join(str(v) for v in layer.shape)}{',' * (len(layer.shape) == 1)})"
        for layer in arch.layers
    ]
    layer_h, shape_h, param_h = tr("Layer (type)"), tr("Output shape"), tr("Param #")
    lw = max(map(len, labels)) + 1
    sw = max(len(shape_h), *map(len, shapes)) + 2
    pw = max(len(param_h), len(thousands(arch.n_params)))
    rule = "─" * (lw + sw + pw)
    out = [title, f"{layer_h:<{lw}}{shape_h:<{sw}}{param_h:>{pw}}", rule]
    for label, shape, layer in zip(labels, shapes, arch.layers, strict=True):
        out.append(f"{label:<{lw}}{shape:<{sw}}{thousands(layer.params):>{pw}}")
    out += ["═" * len(rule), tr("Total params: {n}", n=thousands(arch.n_params))]
    total, conv = arch.n_params, arch.conv_params
    if conv:
        out.append(tr("convolutions {n} = {pct:.1f} %", n=thousands(conv), pct=100 * conv / total))
        dense = total - conv
        out.append(tr("dense {n} = {pct:.1f} %", n=thousands(dense), pct=100 * dense / total))
    return "\n".join(out)


# --- the model, on any backend -------------------------------------------------------------


def activation(B: Backend, name: str) -> Callable[[Any], Any]:
    return {
        "relu": B.relu,
        "tanh": B.tanh,
        "sigmoid": B.sigmoid,
        "elu": B.elu,
        "leaky-relu": lambda z: B.leaky_relu(z, 0.01),
        "gelu": B.gelu,
    }[name]


def init_params(arch: Arch, rng: np.random.Generator) -> dict[str, list[np.ndarray]]:
    """Glorot-uniform weights (fan in + fan out as Keras counts them), zero biases; NumPy float32.

    Conv kernels are (C_out, KH, KW, C_in), dense weights (n_in, n_out).
    """

    def glorot(shape: tuple[int, ...], fan_in: int, fan_out: int) -> np.ndarray:
        limit = np.sqrt(6.0 / (fan_in + fan_out))
        return rng.uniform(-limit, limit, shape).astype(np.float32)

    params: dict[str, list[np.ndarray]] = {"conv_w": [], "conv_b": [], "W": [], "b": []}
    c = arch.input_shape[2]
    for f, k in arch.convs:
        params["conv_w"].append(glorot((f, k, k, c), k * k * c, k * k * f))
        params["conv_b"].append(np.zeros(f, np.float32))
        c = f
    n = next(layer.shape[0] for layer in arch.layers if layer.kind == "Flatten")
    for units in (*arch.dense, arch.classes):
        params["W"].append(glorot((n, units), n, units))
        params["b"].append(np.zeros(units, np.float32))
        n = units
    return params


def to_backend(B: Backend, params: dict[str, list[np.ndarray]]) -> dict[str, list[Any]]:
    return {k: [B.array(a) for a in v] for k, v in params.items()}


def forward(
    B: Backend,
    arch: Arch,
    act_name: str,
    params: dict[str, list[Any]],
    x: Any,
    masks: Sequence[Any] | None = None,
    maps: list | None = None,
) -> Any:
    """Logits (N, classes) of images x (N, H, W, C).

    conv → activation → pool per conv layer, flatten, dense → activation (→ dropout mask) per
    hidden layer, dense output. `masks` are dropout's scaled keep-masks, one per hidden dense
    layer (training only); `maps`, if given, collects each conv layer's activations.

    With max pooling and a non-decreasing activation, pool(φ(z + b)) = φ(pool(z) + b) exactly
    (a max commutes with adding a per-channel constant and with a non-decreasing function), and
    so do the gradients, up to ties; training pools first, so the bias, the activation and
    their gradients cost a quarter (measured: ~10 % of a LeNet-5 step on NumPy).
    """
    act = activation(B, act_name)
    pool = B.max_pool2d if arch.pool == "max" else B.avg_pool2d
    pool_first = maps is None and arch.pool == "max" and act_name in MONOTONE
    h = x
    for (_, k), w, b in zip(arch.convs, params["conv_w"], params["conv_b"], strict=True):
        z = B.conv2d(h, w, 1, arch.pad(k))  # (N, H', W', filters)
        if pool_first:
            h = act(pool(z, arch.pool_size) + b)  # (N, H'/2, W'/2, filters)
            continue
        a = act(z + b)
        if maps is not None:
            maps.append(a)
        h = pool(a, arch.pool_size)  # (N, H'/2, W'/2, filters)
    h = B.reshape(h, (h.shape[0], -1))  # (N, n)
    last = len(params["W"]) - 1
    for i, (W, b) in enumerate(zip(params["W"], params["b"], strict=True)):
        h = B.matmul(h, W) + b
        if i < last:
            h = act(h)
            if masks is not None:
                h = B.multiply(h, masks[i])
    return h


def l2_penalty(B: Backend, params: dict[str, list[Any]]) -> Any:
    """½·Σ w² over conv kernels and dense weights (not biases): weight decay λ·w in the gradient."""
    total = 0.0
    for w in (*params["conv_w"], *params["W"]):
        total = total + B.sum(B.square(w))
    return 0.5 * total


def make_loss(B: Backend, arch: Arch, act_name: str) -> Callable[..., Any]:
    """loss(params, x, y, masks, l2) → (cross-entropy + l2·½Σw², logits)."""

    def loss(params, x, y, masks, l2: float):
        logits = forward(B, arch, act_name, params, x, masks)  # (N, classes)
        data = B.cross_entropy(logits, y)
        return (data + l2 * l2_penalty(B, params) if l2 > 0 else data), logits

    return loss


def dropout_masks(
    arch: Arch, batch: int, rate: float, rng: np.random.Generator
) -> list[np.ndarray] | None:
    """Inverted dropout: keep each hidden unit with probability 1 − rate, scaled by 1/(1 − rate)."""
    if rate <= 0:
        return None
    keep = 1.0 - rate
    return [
        (rng.random((batch, units)) < keep).astype(np.float32) / np.float32(keep)
        for units in arch.dense
    ]


def predict(B: Backend, arch: Arch, act_name: str, params, x: np.ndarray, chunk: int = 200):
    """Softmax probabilities (N, classes) as NumPy float64, in chunks (no gradient tape)."""
    out = []
    for i in range(0, len(x), chunk):
        z = B.to_numpy(forward(B, arch, act_name, params, B.array(x[i : i + chunk]))).astype(
            np.float64
        )
        z -= z.max(axis=1, keepdims=True)
        p = np.exp(z)
        out.append(p / p.sum(axis=1, keepdims=True))
    return np.concatenate(out)


def feature_maps(
    B: Backend, arch: Arch, act_name: str, params, image: np.ndarray
) -> list[np.ndarray]:
    """Each conv layer's activations for one image (H, W, C): [(H', W', filters), ...]."""
    maps: list = []
    forward(B, arch, act_name, params, B.array(image[None]), maps=maps)
    return [B.to_numpy(m)[0] for m in maps]
