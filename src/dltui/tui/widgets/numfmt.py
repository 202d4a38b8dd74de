"""Compact number formatting and "nice" axis ticks for the plot widgets.

Written once in `dltui.engine.numfmt` (the core layer, shared with the labs); this module keeps
the widgets' names. Terminal plots have a few cells for a label, so numbers are shown with ~3
significant digits, switching to scientific notation outside [1e-3, 1e5): 1.2e-05, 350, 0.25;
`fmt_width` fits a number to a given number of cells.
"""

from __future__ import annotations

import math

from dltui.engine.numfmt import compact, fmt_width, log_ticks, nice_ticks, thousands, tick_labels

__all__ = [
    "LABEL_WIDTH",
    "axis_labels",
    "short",
    "compact",
    "fmt_width",
    "int_ticks",
    "log_ticks",
    "nice_ticks",
    "tick_labels",
]

#: the most cells an axis label takes (a longer one goes scientific, never cut)
LABEL_WIDTH = 8


def int_ticks(lo: float, hi: float, max_ticks: int = 5) -> list[float]:
    """Whole-number ticks (steps of 1, 2, 5 × 10^k) inside [lo, hi], at most max_ticks: an
    axis of steps or epochs never reads "0.9 0.95 1 1.05"."""
    if not (math.isfinite(lo) and math.isfinite(hi)) or max_ticks < 1:
        return []
    first, last = math.ceil(lo - 1e-9), math.floor(hi + 1e-9)
    if last < first:
        return []
    if last == first or max_ticks == 1:
        return [float(first)]
    raw = max((hi - lo) / (max_ticks - 1), 1.0)
    base = 10 ** max(0, math.floor(math.log10(raw)))
    for mult in (1, 2, 5, 10, 20, 50):
        step = mult * base
        k0, k1 = math.ceil(lo / step - 1e-9), math.floor(hi / step + 1e-9)
        if k1 - k0 + 1 <= max_ticks:
            return [float(k * step) for k in range(k0, k1 + 1)]
    return [float(first), float(last)]


def axis_labels(ticks: list[float], *, flat: bool = False, width: int = LABEL_WIDTH) -> list[str]:
    """Tick labels that read differently from their neighbours, at most `width` cells each
    (`fmt_width`: a long label goes scientific rather than being cut). A flat series' single
    tick gets its value at four significant digits, not "21.8002759"."""
    if flat:
        return [fmt_width(float(f"{t:.4g}"), width) for t in ticks]
    labels = tick_labels(ticks)
    if any(len(label) > width for label in labels):
        labels = [fmt_width(t, width) for t in ticks]
    return labels


def short(value: float, width: int = LABEL_WIDTH, sig: int = 3) -> str:
    """A readout of ~`sig` significant digits in at most `width` cells (`fmt_width` when the
    compact form is too long): colour-bar ends, bar values."""
    text = compact(value, sig)
    return text if len(text) <= width else fmt_width(value, width, max_sig=sig)


def grouped(n: int) -> str:
    """A count as the text beside it writes it: thousands set apart from 10,000 on (24,704; in
    French 24 704), shorter counts as they are (2048)."""
    return thousands(n) if abs(n) >= 10_000 else str(n)
