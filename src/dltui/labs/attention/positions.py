"""Sinusoidal positional encodings, in the two layouts the course shows.

interleaved (the paper's formula, on the course's slide):
    PE(pos, 2i) = sin(pos / 10000^(2i/d)),  PE(pos, 2i+1) = cos(pos / 10000^(2i/d))
concatenated (tensor2tensor's, used by the blog figures the course reproduces): the d/2 sines
first, then the d/2 cosines, with frequencies 10000^(−j/(d/2 − 1)), j = 0 … d/2 − 1 (so the
slowest is exactly 1/10000).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

import numpy as np

from ...engine import views as V
from ...engine.i18n import tr
from ...engine.lab import Record, RunContext
from ..common.interactive import redraw_on_change

LAYOUTS = ("interleaved", "concatenated")


def frequencies(d: int, layout: str) -> np.ndarray:
    half = d // 2
    if layout == "interleaved":
        return 1.0 / 10000.0 ** (2 * np.arange(half) / d)
    step = np.log(10000.0) / max(half - 1, 1)
    return np.exp(-step * np.arange(half))


def encoding(n: int, d: int, layout: str = "interleaved") -> np.ndarray:
    """(n, d) float64: the encodings of positions 0 … n − 1 (d even)."""
    angles = np.arange(n)[:, None] * frequencies(d, layout)[None, :]  # (n, d/2)
    if layout == "interleaved":
        pe = np.empty((n, d))
        pe[:, 0::2], pe[:, 1::2] = np.sin(angles), np.cos(angles)
        return pe
    return np.concatenate([np.sin(angles), np.cos(angles)], axis=1)


# --- part `positions` ------------------------------------------------------------------------

N_POSITIONS = 64  # rows of the heatmaps
LAYOUT_NAMES = {
    "interleaved": "interleaved sin, cos, sin, cos… (the paper's formula, the course's slide)",
    "concatenated": "concatenated sines | cosines (tensor2tensor; the course's figures)",
}


def run_positions(ctx: RunContext) -> Iterator[Record]:
    def render(v: dict, step: int) -> Record:
        d, p, layout = v["d"], v["position"], v["layout"]
        pes = {name: encoding(N_POSITIONS, d, name) for name in LAYOUTS}
        pe = pes[layout]
        ks = np.arange(-p, N_POSITIONS - p)
        sim = pe[p + ks] @ pe[p]  # PE(p)·PE(p+k), k from −p to the last position
        extent = np.array([-0.5, d - 0.5, N_POSITIONS - 0.5, -0.5])  # position 0 on top
        tensors = {
            "pe": pe,
            "pe_interleaved_map": pes["interleaved"][::-1],
            "pe_concatenated_map": pes["concatenated"][::-1],
            "pe_extent": extent,
            "cursor_x": np.array([-0.5, d - 0.5]),
            "cursor_y": np.array([p, p], np.float64),
            "pe_vlim": np.array([-1.0, 1.0]),
            "k": ks.astype(np.float64),
            "similarity": sim,
        }
        metrics = {f"pe_{i}": float(x) for i, x in enumerate(pe[p])}
        metrics["k0"] = 0.0
        return Record(step, metrics, tensors, {"work": _work(pes, d, p, layout, sim, ks)})

    return redraw_on_change(ctx, render)


def _vec(x: np.ndarray) -> str:
    shown = ", ".join(f"{v:.4f}" for v in x[:8])
    return f"[{shown}{', …' if len(x) > 8 else ''}]"


def _work(pes: dict, d: int, p: int, layout: str, sim: np.ndarray, ks: np.ndarray) -> str:
    near = {k: sim[ks == k][0] for k in (1, 2, 5, 10) if (ks == k).any()}
    if layout == "interleaved":
        uses = tr("`pe` and the similarity line use: interleaved")
    else:
        uses = tr("`pe` and the similarity line use: concatenated")
    return "\n".join(
        [
            tr("position {p}, d = {d}", p=p, d=d),
            tr("interleaved  PE({p}) = {pe}", p=p, pe=_vec(pes["interleaved"][p])),
            "  PE(pos, 2i) = sin(pos/10000^(2i/d)), PE(pos, 2i+1) = cos(…)",
            tr("concatenated PE({p}) = {pe}", p=p, pe=_vec(pes["concatenated"][p])),
            tr("  sines first, then cosines; frequencies 10000^(−j/(d/2 − 1))"),
            uses,
            "",
            tr(
                "PE(p)·PE(p+k): {near} (k=0: {half:g} = d/2)",
                near=", ".join(f"k={k}: {v:.2f}" for k, v in near.items()),
                half=d / 2,
            ),
            tr(
                "Nearby positions have similar codes; the similarity depends on k,\n"
                "not on p: attention can learn 'look k places away'."
            ),
        ]
    )


def positions_views(config: Mapping[str, Any]) -> list:
    maps = tuple(
        V.Heatmap(
            f"{name}: position ↓ × dimension →",
            f"pe_{name}_map",
            extent="pe_extent",
            path=("cursor_x", "cursor_y"),
            path_label="position p (← →)",
            path_end=False,
            palette="diverging",
            vlim="pe_vlim",
            clabel="PE value",
        )
        for name in LAYOUTS
    )
    return [
        V.Row(maps, weight=2),
        V.Row(
            (
                V.Lines(
                    "PE(p)·PE(p+k) (y) over the offset k (x)",
                    (("similarity", "k", "similarity", "line"),),
                    vline="k0",
                ),
                V.Text("the vectors", "work"),
            )
        ),
    ]
