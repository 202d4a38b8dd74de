"""Modes covered and good samples, as the literature measures them, and the collapse verdict.

On 2,500 generated samples (fixed noise, so the number moves only when G does): a sample is good
when within 3σ of its nearest mode; a mode is covered when at least one good sample falls to it
(Srivastava et al. 2017; Lin et al. 2018). Collapse is declared (after a warm-up) when G's samples
cover at most half of the modes while they are either mostly good (G sits on a few modes) or
bunched together (their spread, the RMS distance to their centroid, under half the data's): G
has found a few places D accepts and puts everything there.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ...engine.i18n import tr
from .data import Target

EVAL_SAMPLES = 2500
WARMUP_G_STEPS = 300  # before this, a low coverage means "not learned yet", not collapse
COLLAPSE_GOOD = 0.5  # …with at least this share of good samples
COLLAPSE_SPREAD = 0.5  # …or a spread under this share of the data's


@dataclass(frozen=True)
class Coverage:
    covered: int
    total: int
    good: float  # share of good samples
    per_mode: np.ndarray  # (M,) good samples per mode
    spread: float  # RMS distance of the samples to their centroid, over the data's

    def collapsed(self, g_steps: int) -> bool:
        bunched = self.good >= COLLAPSE_GOOD or self.spread < COLLAPSE_SPREAD
        return g_steps >= WARMUP_G_STEPS and self.covered <= self.total // 2 and bunched


def spread(x: np.ndarray) -> float:
    return float(np.sqrt(((x - x.mean(0)) ** 2).sum(1).mean()))


def measure(target: Target, fake: np.ndarray, real_spread: float) -> Coverage:
    good, mode = target.assign(fake)
    per_mode = np.bincount(mode[good], minlength=target.modes)
    covered = int((per_mode > 0).sum())
    return Coverage(covered, target.modes, float(good.mean()), per_mode, spread(fake) / real_spread)


def verdict(cov: Coverage, g_steps: int, best: int) -> str:
    """One line for the screen: collapse named when it happens, else where the run stands."""
    if cov.collapsed(g_steps):
        return tr(
            "[b]MODE COLLAPSE[/b]: G's samples cover only {covered} of {total} modes "
            "(best so far {best}), bunched to {spread:.0%} of the data's spread, "
            "{good:.0%} good: G puts everything where D is fooled now",
            covered=cov.covered,
            total=cov.total,
            best=best,
            spread=cov.spread,
            good=cov.good,
        )
    if cov.covered < best - 1 and g_steps >= WARMUP_G_STEPS:
        return tr(
            "modes lost: {covered} of {total} covered, {best} at best so far",
            covered=cov.covered,
            total=cov.total,
            best=best,
        )
    if cov.covered == cov.total and cov.good >= 0.8:
        return tr(
            "all {total} modes covered, {good:.0%} good samples", total=cov.total, good=cov.good
        )
    return tr(
        "{covered} of {total} modes covered, {good:.0%} good samples",
        covered=cov.covered,
        total=cov.total,
        good=cov.good,
    )
