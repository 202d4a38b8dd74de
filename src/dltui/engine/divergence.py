"""When a run has blown up, and how to say so: one policy for the runner and every lab.

The rule: a loss that is not finite, or that grew `factor`× its reference value (the first loss,
or the smallest early one) while above `floor`, means the run diverged. The floor keeps a loss
that starts near zero from "diverging" at 1e-8 → 1e-4.

- The runner watches the metric `loss` of every lab with `GROWTH` (10⁴×) and says so in
  `overflow_text` / `growth_text`: the safety net, so no lab runs on with a blown-up loss.
- A lab that can explain its own blow-up better (the learning rate above 2/λmax, the gradient norm
  through time) watches earlier, with `EARLY_GROWTH` (10³×), so its explanation comes first, and
  raises `engine.lab.Diverged(message, record)` with the record of the step that blew up.
- A lab that trains several copies side by side (a learning-rate sweep) freezes a copy by the
  same rule and ends the run only when every copy has blown up.
- Where the loss cannot tell (weights overflow before the loss does, or one update moves the
  weights by many times their own size), a lab checks `finite` on what it has and says why.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

from .i18n import tr

GROWTH = 1e4  # the runner: a loss this many times its first value means the run blew up
EARLY_GROWTH = 1e3  # a lab with its own explanation watches earlier than the runner
FLOOR = 1.0  # below this a loss has not blown up, whatever its growth
TINY = 1e-12  # reference losses are at least this (a loss of exactly 0 still has a scale)
UPDATE_RATIO = 10.0  # one update moving the weights more than this × their own size: exploded


def reference(loss: float) -> float:
    """The scale a later loss is compared with: |loss|, at least TINY."""
    return max(abs(loss), TINY)


def blown(loss: float, ref: float, factor: float = GROWTH, floor: float = FLOOR) -> bool:
    """True when `loss` is not finite, or grew more than `factor`× `ref` and is above `floor`."""
    return not math.isfinite(loss) or (loss > factor * ref and loss > floor)


def finite(values: Iterable[float]) -> bool:
    """True when every value is finite (weights, gradient norms: what a loss may hide)."""
    return all(math.isfinite(float(v)) for v in values)


def overflow_text(name: str, value: float, step: int) -> str:
    """The runner's explanation of a non-finite loss."""
    return tr(
        "{name} became {value} at step {step}: the updates overflowed. The learning rate is "
        "too high for this model; lower it and restart.",
        name=name,
        value=value,
        step=step,
    )


def growth_text(name: str, ref: float, value: float, step: int, factor: float = GROWTH) -> str:
    """The runner's explanation of a loss that grew `factor`× its first value."""
    return tr(
        "{name} grew from {ref:.4g} to {value:.4g} by step {step} (over {factor:g}×): each "
        "update overshoots the minimum by more than the last. Lower the learning rate and restart.",
        name=name,
        ref=ref,
        value=value,
        step=step,
        factor=factor,
    )
