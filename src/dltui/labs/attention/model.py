"""The tiny transformer, written once against the backend API (runs on MLX and the NumPy engine).

Encoder-style (the model reads the whole input, predicts every answer token at once), pre-norm:

    h⁰ = onehot(x)·E + P                              E (V, d), P (T, d): positions
    for each layer:  h ← h + MHA(LN(h)),  h ← h + FFN(LN(h))
    logits = LN(h)·W_out + b_out                      (T, V) per sequence

MHA: Q = aW^Q, K = aW^K, V = aW^V split into `heads` heads of d_k = d/heads, each
softmax(QKᵀ/√d_k + mask)·V, concatenated, ·W^O. The four projections have no bias, like the
course's count (4·d² weights per layer). FFN: relu(a·W₁ + b₁)·W₂ + b₂ with 4d hidden units, the
paper's ratio (2048 = 4·512). Positions are sinusoidal (the paper's interleaved formula, fixed)
or learned (a trained (T, d) table). The causal mask hides keys after the query.

Linear layers work on (N·T, d) rows so each is one 2-D matmul; only attention sees (N, H, T, d_k).
Shared with the benchmark (benchmarks/cases_attention.py).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ...backend.base import Backend
from .positions import encoding

FF_RATIO = 4


def init_params(
    V: int, T: int, d: int, layers: int, positions: str, rng: np.random.Generator
) -> dict[str, Any]:
    """NumPy float32 parameters: the same numbers on both backends."""

    def normal(shape, std):
        return rng.normal(0.0, std, shape).astype(np.float32)

    def ones(n):
        return np.ones(n, np.float32)

    def zeros(n):
        return np.zeros(n, np.float32)

    ff = FF_RATIO * d
    p: dict[str, Any] = {"E": normal((V, d), 1.0)}
    if positions == "learned":
        p["P"] = normal((T, d), 1.0)
    p["layers"] = [
        {
            "ln1_w": ones(d), "ln1_b": zeros(d),
            "Wq": normal((d, d), d**-0.5), "Wk": normal((d, d), d**-0.5),
            "Wv": normal((d, d), d**-0.5), "Wo": normal((d, d), d**-0.5),
            "ln2_w": ones(d), "ln2_b": zeros(d),
            "W1": normal((d, ff), d**-0.5), "b1": zeros(ff),
            "W2": normal((ff, d), ff**-0.5), "b2": zeros(d),
        }
        for _ in range(layers)
    ]  # fmt: skip
    p |= {"lnf_w": ones(d), "lnf_b": zeros(d), "W_out": normal((d, V), d**-0.5), "b_out": zeros(V)}
    return p


def count_params(V: int, T: int, d: int, layers: int, positions: str) -> dict[str, int]:
    """Parameters by block, counted from the shapes init_params builds."""
    p = init_params(V, T, d, layers, positions, np.random.default_rng(0))
    per_layer = {k: int(v.size) for k, v in p["layers"][0].items()} if layers else {}
    attn = sum(per_layer.get(k, 0) for k in ("Wq", "Wk", "Wv", "Wo"))
    out = {
        "embedding": int(p["E"].size),
        "positions": int(p["P"].size) if "P" in p else 0,
        "attention": attn * layers,
        "feed-forward": sum(per_layer.get(k, 0) for k in ("W1", "b1", "W2", "b2")) * layers,
        "layer norms": sum(per_layer.get(k, 0) for k in ("ln1_w", "ln1_b", "ln2_w", "ln2_b"))
        * layers
        + 2 * d,
        "output": int(p["W_out"].size + p["b_out"].size),
    }
    out["total"] = sum(out.values())
    return out


def causal_mask(T: int) -> np.ndarray:
    """Additive (T, T): 0 on and below the diagonal, −inf above (keys after the query)."""
    return np.triu(np.full((T, T), -np.inf, np.float32), k=1)


class Transformer:
    """The forward pass for one configuration: `loss` to train, `forward(maps=True)` to read."""

    def __init__(
        self, B: Backend, V: int, T: int, d: int, heads: int, causal: bool, positions: str
    ):
        self.B, self.V, self.T, self.d, self.heads = B, V, T, d, heads
        self.dk = d // heads
        self.mask = B.array(causal_mask(T)) if causal else None
        self.learned = positions == "learned"
        self._pe = encoding(T, d, "interleaved").astype(np.float32)
        self._eye = np.eye(V, dtype=np.float32)
        self._eye_d = B.array(np.eye(d, dtype=np.float32))  # passes the sinusoidal columns

    def onehot(self, x: np.ndarray):
        """The input rows (N·T, V + T): token one-hot, then (learned positions) position one-hot,
        so one matmul with [E; P] embeds and positions every token; sinusoidal codes are appended
        as constant columns after the one-hot, multiplied by an identity block."""
        N, T = x.shape
        tokens = self._eye[x.reshape(-1)]
        pos = np.eye(T, dtype=np.float32) if self.learned else self._pe
        return self.B.array(np.concatenate([tokens, np.tile(pos, (N, 1))], axis=1))

    def _heads(self, a, W, N: int):
        B = self.B
        return B.transpose(B.reshape(a @ W, (N, self.T, self.heads, self.dk)), (0, 2, 1, 3))

    def forward(self, p, xo, maps: bool = False):
        """logits (N·T, V) and, if `maps`, the attention weights of every layer (N, H, T, T)."""
        B, T, d = self.B, self.T, self.d
        N = xo.shape[0] // T
        h = B.matmul(xo, B.concatenate([p["E"], p["P"] if self.learned else self._eye_d], axis=0))
        weights = []
        for lp in p["layers"]:
            a = B.layer_norm(h, lp["ln1_w"], lp["ln1_b"])
            q, k, v = (self._heads(a, lp[w], N) for w in ("Wq", "Wk", "Wv"))
            if maps:
                s = B.matmul(q, B.swapaxes(k, -1, -2)) * (self.dk**-0.5)
                weights.append(B.softmax(s if self.mask is None else s + self.mask, axis=-1))
            z = B.attention(q, k, v, mask=self.mask, scale=self.dk**-0.5)  # (N, H, T, dk)
            z = B.reshape(B.transpose(z, (0, 2, 1, 3)), (N * T, d))
            h = h + z @ lp["Wo"]
            a = B.layer_norm(h, lp["ln2_w"], lp["ln2_b"])
            h = h + B.relu(a @ lp["W1"] + lp["b1"]) @ lp["W2"] + lp["b2"]
        logits = B.layer_norm(h, p["lnf_w"], p["lnf_b"]) @ p["W_out"] + p["b_out"]
        return logits, weights

    def loss(self, p, xo, y):
        """Mean cross-entropy over every answer token; returns (loss, logits)."""
        logits, _ = self.forward(p, xo)
        return self.B.cross_entropy(logits, y), logits
