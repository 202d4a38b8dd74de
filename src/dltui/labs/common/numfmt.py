"""Numbers as a learner reads them in worked steps: short, true minus signs, negatives bracketed
when they are a factor (`0.5·(−1.2)`), so a line of arithmetic can be checked by hand."""

from __future__ import annotations


def fmt(v: float) -> str:
    """Four decimals at most, trailing zeros dropped; scientific below 0.001."""
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
    """fmt(v), in brackets if negative: the right-hand factor of a product."""
    text = fmt(v)
    return f"({text})" if text.startswith("−") else text
