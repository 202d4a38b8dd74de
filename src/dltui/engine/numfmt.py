"""Numbers as text, written once for the whole app (core layer: no textual, no rich).

- `fmt_width(x, width)`: the most precise form of `x` that fits in `width` characters, for cells
  and labels of fixed width. It picks positional or scientific notation, whichever shows more
  significant digits; it never returns a string that reads as another number once cut (no
  "-1.107" for -1.107e-04: when nothing fits, it returns `#` × width, like a spreadsheet).
- `compact(x, sig)`: short labels with ~3 significant digits (plots, tables).
- `nice_ticks`, `log_ticks`, `tick_labels`: round axis ticks and labels that read differently.
- `fmt`, `par`: numbers in worked arithmetic (true minus signs, negative factors bracketed).
- `num`, `factor`: a value as a learner writes it by hand (4, -1, 3.25, 0.1111).
"""

from __future__ import annotations

import math
from numbers import Integral

#: significant digits `fmt_width` shows at most (more is noise in a terminal cell)
MAX_SIG = 6


def _sci(v: float, decimals: int) -> str:
    """Scientific notation with a short exponent: 1.5e-4, -2e7, 3.25e12."""
    mantissa, exp = f"{v:.{decimals}e}".split("e")
    if "." in mantissa:
        mantissa = mantissa.rstrip("0").rstrip(".")
    e = int(exp)
    return f"{mantissa}e{e}"


def _positional(v: float, decimals: int) -> str:
    text = f"{v:.{decimals}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def fmt_width(x: float, width: int, *, max_sig: int = MAX_SIG) -> str:
    """`x` in at most `width` characters, as precise as fits (up to `max_sig` digits).

    Integers stay integers (`12`, not `12.0`) while they fit; nan, inf and -inf are shown as
    such. Between a positional and a scientific form, the one with more significant digits
    wins; on a tie, positional in [0.001, 1e6) (0.25, not 2.5e-1), scientific outside
    (2.5e-7, not 0.00000025). A form that rounds a nonzero value to zero is never chosen. If no form fits, the result is `#` repeated `width` times.
    """
    width = int(width)
    if width < 1:
        return ""
    overflow = "#" * width
    if isinstance(x, bool):
        x = int(x)
    if isinstance(x, Integral):
        text = str(int(x))
        if len(text) <= width:
            return text
        x = float(x)
    v = float(x)
    if not math.isfinite(v):
        text = "nan" if math.isnan(v) else ("inf" if v > 0 else "-inf")
        return text if len(text) <= width else overflow
    if v == 0:
        return "0"
    v += 0.0  # no "-0"
    exp10 = math.floor(math.log10(abs(v)))
    pos, pos_sig = overflow, 0
    # Positional: d decimals cover exp10 + 1 + d significant digits (at least one).
    if exp10 < 16:
        for d in range(max(0, max_sig - exp10 - 1), max(-1, -exp10 - 1), -1):
            text = _positional(v, d)
            if len(text) <= width:
                pos, pos_sig = text, min(exp10 + 1 + d, max_sig)
                break
    sci, sci_sig = overflow, 0
    # Scientific: m mantissa decimals show m + 1 significant digits.
    for m in range(max_sig - 1, -1, -1):
        text = _sci(v, m)
        if len(text) <= width:
            sci, sci_sig = text, m + 1
            break
    if pos_sig != sci_sig:
        return pos if pos_sig > sci_sig else sci
    # As precise either way: positional where it reads easily (0.25, 1200), else 2.5e-7.
    return pos if -3 <= exp10 < 6 else sci


def compact(value: float, sig: int = 3) -> str:
    """Short human-readable form of a number: ~`sig` significant digits, switching to
    scientific notation outside [1e-3, 1e5): 1.2e-05, 350, 0.25."""
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


def fmt(v: float) -> str:
    """Worked arithmetic: four decimals at most, trailing zeros dropped; scientific below
    0.001; true minus signs (−)."""
    v = float(v)
    if v == 0:
        return "0"
    if abs(v) < 1e-3:
        text = f"{v:.2e}"
    else:
        text = f"{v:.4f}".rstrip("0").rstrip(".")
        if text in ("-0", "0"):
            text = f"{v:.2e}"
    return text.replace("-", "−")


def par(v: float) -> str:
    """fmt(v), in brackets if negative: the right-hand factor of a product, `0.5·(−1.2)`."""
    text = fmt(v)
    return f"({text})" if text.startswith("−") else text


def num(v: float) -> str:
    """A value as a learner would write it by hand: 4, -1, 3.25, 0.1111 (4 significant)."""
    v = float(v)
    if v == round(v) and abs(v) < 1e9:
        return str(int(round(v)))
    return f"{v:.4g}"


def factor(v: float) -> str:
    """num(v) as a factor in a product: negatives in parentheses so 2·(-1) reads unambiguously."""
    return f"({num(v)})" if v < 0 else num(v)


def thousands(n: int) -> str:
    """A whole number with its thousands set apart: 100,000 in English; in French a narrow
    no-break space (100 000), since a comma there reads as a decimal point."""
    from .i18n import NNBSP, language

    text = f"{int(n):,}"
    return text.replace(",", NNBSP) if language() == "fr" else text
