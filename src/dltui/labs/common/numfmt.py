"""Numbers as a learner reads them in worked steps (short, true minus signs, negatives bracketed
when they are a factor: `0.5·(−1.2)`). Written once in `dltui.engine.numfmt`; re-exported here
for the labs."""

from __future__ import annotations

from dltui.engine.numfmt import factor, fmt, fmt_width, num, par

__all__ = ["factor", "fmt", "fmt_width", "num", "par"]
