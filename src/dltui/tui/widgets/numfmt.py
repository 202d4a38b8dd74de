"""Compact number formatting and "nice" axis ticks for the plot widgets.

Written once in `dltui.engine.numfmt` (the core layer, shared with the labs); this module keeps
the widgets' names. Terminal plots have a few cells for a label, so numbers are shown with ~3
significant digits, switching to scientific notation outside [1e-3, 1e5): 1.2e-05, 350, 0.25;
`fmt_width` fits a number to a given number of cells.
"""

from __future__ import annotations

from dltui.engine.numfmt import compact, fmt_width, log_ticks, nice_ticks, tick_labels

__all__ = ["compact", "fmt_width", "log_ticks", "nice_ticks", "tick_labels"]
