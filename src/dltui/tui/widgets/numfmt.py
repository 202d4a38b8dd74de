"""Compact number formatting and "nice" axis ticks shared by the plot widgets.

Terminal plots have a few cells for a label, so numbers are shown with ~3 significant digits,
switching to scientific notation outside [1e-3, 1e5): 1.2e-05, 350, 0.25.
"""

from __future__ import annotations

import math


def compact(value: float, sig: int = 3) -> str:
    """Short human-readable form of a number."""
    v = float(value)
    if not math.isfinite(v):
        return "nan" if math.isnan(v) else ("inf" if v > 0 else "-inf")
    a = abs(v)
    if a == 0:
        return "0"
    if a >= 1e5 or a < 1e-3:
        mantissa, exp = f"{v:.{max(sig - 1, 0)}e}".split("e")
        if "." in mantissa:
            mantissa = mantissa.rstrip("0").rstrip(".")
        return f"{mantissa}e{exp}"
    if a >= 10 ** (sig - 1) or v == round(v):
        return f"{v:.0f}"
    return f"{v:.{sig}g}"


def nice_ticks(lo: float, hi: float, max_ticks: int = 5) -> list[float]:
    """Round tick values (1, 2, 2.5, 5 x 10^k steps) inside [lo, hi], at most max_ticks."""
    if not (math.isfinite(lo) and math.isfinite(hi)) or max_ticks < 1:
        return []
    if hi <= lo:
        return [lo]
    if max_ticks == 1:
        return [lo]
    raw = (hi - lo) / (max_ticks - 1)
    base = 10.0 ** math.floor(math.log10(raw))
    for mult in (1.0, 2.0, 2.5, 5.0, 10.0, 20.0):
        step = mult * base
        k0, k1 = math.ceil(lo / step - 1e-9), math.floor(hi / step + 1e-9)
        if k1 - k0 + 1 <= max_ticks:
            break
    digits = max(0, 2 - math.floor(math.log10(step)))
    return [round(float(k * step), digits) + 0.0 for k in range(k0, k1 + 1)]


def log_ticks(lo: float, hi: float, max_ticks: int = 5) -> list[float]:
    """Powers of ten inside [lo, hi] (thinned to max_ticks); linear ticks if fewer than two."""
    if lo <= 0 or hi <= lo or max_ticks < 1:
        return nice_ticks(lo, hi, max_ticks) if hi > 0 else []
    k0, k1 = math.ceil(math.log10(lo) - 1e-9), math.floor(math.log10(hi) + 1e-9)
    exps = list(range(k0, k1 + 1))
    if len(exps) < 2:
        return [t for t in nice_ticks(lo, hi, max_ticks) if t > 0]
    stride = math.ceil(len(exps) / max_ticks)
    return [10.0**k for k in exps[::stride]]


def tick_labels(ticks: list[float]) -> list[str]:
    """Compact labels with just enough digits that neighbouring ticks read differently."""
    labels = [compact(t) for t in ticks]
    for sig in range(4, 10):
        if len(set(labels)) == len(labels):
            break
        labels = [compact(t, sig) for t in ticks]
    return labels
