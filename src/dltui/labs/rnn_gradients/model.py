"""The rnn-gradients lab's model and task, written once against the backend API.

Task ("remember the first symbol"): a sequence of T random symbols out of C, one-hot, with a
marker channel that is 1 on step 1 only; the label is the FIRST symbol, read from the LAST hidden
state through a linear layer. Everything after step 1 is noise, so a cell can only score above
chance (1/C) if information — and, during training, gradient — survives T − 1 steps. The marker
tells a gate *when* to write; it does not shorten the distance, so it helps the LSTM and GRU learn
fast and does nothing for the simple RNN's vanishing gradient.

Inputs enter through Wx ~ N(0, 1): each symbol's row of Wx is its embedding, initialised like
PyTorch's nn.Embedding. Inputs that strong push a tanh unit towards saturation, as real data does.

Shared with the benchmark (benchmarks/cases_rnn_gradients.py) so both measure the same model.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ...backend.base import Backend

CELLS = ("rnn", "lstm", "gru")
CELL_NAMES = {"rnn": "SimpleRNN", "lstm": "LSTM", "gru": "GRU"}
BLOCKS = {"rnn": 1, "lstm": 4, "gru": 3}  # weight blocks (gates) per cell
INITS = ("orthogonal", "normal", "identity")
SYMBOLS = 4  # C: chance is 1/4
INPUTS = SYMBOLS + 1  # D: one-hot symbol + the "remember this one" marker


def recurrent_block(H: int, init: str, rng: np.random.Generator) -> np.ndarray:
    """One (H, H) recurrent matrix before scaling.

    orthogonal: every singular value 1, so Wh alone neither shrinks nor grows a vector (Keras'
    default); normal: N(0, 1/H), singular values spread from ~0 to ~2; identity: the IRNN trick.
    """
    if init == "orthogonal":
        q, r = np.linalg.qr(rng.normal(size=(H, H)))
        return q * np.sign(np.diag(r))  # sign fix: uniform over orthogonal matrices
    if init == "normal":
        return rng.normal(0.0, 1.0 / np.sqrt(H), (H, H))
    if init == "identity":
        return np.eye(H)
    raise ValueError(f"unknown init {init!r}; choose one of {', '.join(INITS)}")


def glorot(n_in: int, n_out: int, rng: np.random.Generator) -> np.ndarray:
    limit = np.sqrt(6.0 / (n_in + n_out))  # Keras' glorot_uniform, its default kernel init
    return rng.uniform(-limit, limit, (n_in, n_out))


def init_params(
    cell: str,
    D: int,
    H: int,
    C: int,
    rng: np.random.Generator,
    *,
    init: str = "orthogonal",
    scale: float = 1.0,
    memory_bias: float = 4.0,
) -> dict[str, np.ndarray]:
    """NumPy parameters (float32) for one cell and its readout: same numbers on both backends.

    Gate blocks get their own recurrent matrix (× `scale`). `memory_bias` starts the gate that
    keeps the old state — the LSTM's forget gate f, the GRU's update gate z — open: σ(4) ≈ 0.98,
    a memory of ~1/(1 − f) ≈ 55 steps (Keras starts f at σ(1) and the GRU's z at σ(0)).
    """
    k = BLOCKS[cell]
    p = {
        "Wx": rng.normal(size=(D, k * H)),  # (D, kH): one embedding row per input channel
        "Wh": scale * np.concatenate([recurrent_block(H, init, rng) for _ in range(k)], 1),
        "Wo": glorot(H, C, rng),  # (H, C)
        "bo": np.zeros(C),
    }
    if cell == "gru":  # reset_after: an input bias and a recurrent bias
        p["bx"], p["bh"] = np.zeros(k * H), np.zeros(k * H)
        p["bx"][:H] = memory_bias  # gate order [z, r, n]
    else:
        p["b"] = np.zeros(k * H)
        if cell == "lstm":
            p["b"][H : 2 * H] = memory_bias  # gate order [i, f, g, o]
    return {name: v.astype(np.float32) for name, v in p.items()}


def count_params(cell: str, D: int, H: int, *, reset_after: bool = True) -> int:
    """Trainable numbers in one recurrent layer (no readout), from the shapes we build.

    reset_after=False is the older Keras GRU the course's table used: one bias per gate instead
    of two, so 3H fewer numbers.
    """
    shapes = init_params(cell, D, H, 1, np.random.default_rng(0))
    n = sum(v.size for name, v in shapes.items() if name not in ("Wo", "bo"))
    return n - BLOCKS[cell] * H if cell == "gru" and not reset_after else n


def hidden_states(B: Backend, cell: str, p: dict, x: Any, probe: Any = None) -> Any:
    """All hidden states (N, T, H) from zero initial states."""
    N, H = x.shape[0], p["Wh"].shape[0]
    h0 = B.zeros((N, H))
    if cell == "rnn":
        return B.rnn(x, h0, p["Wx"], p["Wh"], p["b"], probe=probe)
    if cell == "lstm":
        return B.lstm(x, h0, B.zeros((N, H)), p["Wx"], p["Wh"], p["b"], probe=probe)
    return B.gru(x, h0, p["Wx"], p["Wh"], p["bx"], p["bh"], probe=probe)


def make_loss(B: Backend, cell: str):
    """loss(tree, x, y) → (loss, logits); tree = {"p": params, "probe": (N, T, H) zeros}.

    Differentiating with respect to the probe as well yields ∂L/∂hₜ for every t in the same pass.
    """

    def loss(tree, x, y):
        p = tree["p"]
        hs = hidden_states(B, cell, p, x, tree["probe"])  # (N, T, H)
        logits = B.matmul(hs[:, -1, :], p["Wo"]) + p["bo"]  # (N, C)
        return B.cross_entropy(logits, y), logits

    return loss


def batch(rng: np.random.Generator, N: int, T: int, C: int = SYMBOLS):
    """N sequences (N, T, C + 1) float32: one-hot symbols and the marker; labels (N,): symbol 1."""
    symbols = rng.integers(0, C, (N, T))
    x = np.eye(C, dtype=np.float32)[symbols]  # (N, T, C)
    marker = np.zeros((N, T, 1), np.float32)
    marker[:, 0] = 1
    return np.concatenate([x, marker], axis=2), symbols[:, 0].astype(np.int32)  # (N, T, D)


def lstm_gates(B: Backend, p: dict, x: Any) -> Any:
    """Forward-only readout of the LSTM's gates along a sequence: (N, T, 3, H) as [f, i, o].

    The same recurrence as the primitive, step by step with backend ops, keeping the gates the
    primitive (rightly) throws away.
    """
    N, T = x.shape[0], x.shape[1]
    H = p["Wh"].shape[0]
    a = B.matmul(x, p["Wx"]) + p["b"]  # (N, T, 4H)
    h, c = B.zeros((N, H)), B.zeros((N, H))
    rows = []
    for t in range(T):
        z = a[:, t, :] + B.matmul(h, p["Wh"])  # (N, 4H)
        i, f = B.sigmoid(z[:, :H]), B.sigmoid(z[:, H : 2 * H])
        g, o = B.tanh(z[:, 2 * H : 3 * H]), B.sigmoid(z[:, 3 * H :])
        c = f * c + i * g
        h = o * B.tanh(c)
        rows.append(B.stack([f, i, o], axis=1))  # (N, 3, H)
    return B.stack(rows, axis=1)  # (N, T, 3, H)
