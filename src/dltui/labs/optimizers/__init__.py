"""Lab `optimizers`: racing the optimizers (chapter 1).

Parts: `parabola` (one rule on f(x) = x², each step's numbers plugged in; Adam's two course
variants beside the standard one) and `race` (the rules on a 2-D surface, trajectories over its
heatmap, loss on a log axis, an optional fair race that tunes each rate first). The rules are in
rules.py, the surfaces in surfaces.py, each part in the module of its name.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ...engine.i18n import tr
from ...engine.lab import LabSpec, Part
from ...engine.params import Param, ParamError
from . import parabola, race
from .rules import ADAM_VARIANTS, RULES
from .surfaces import SURFACES

MAX_RACERS = len(RULES)

PARAMS = (
    Param("part", "parabola", "parabola: one rule on x² | race: the rules on a 2-D surface",
          choices=("parabola", "race")),
    Param("optimizer", "gd", "parabola: the update rule", choices=RULES),
    Param("lr", 0.1, "parabola: learning rate η", low=0, low_open=True, high=10, live=True),
    Param("start", 1.0, "parabola: the starting x", low=-100, high=100),
    Param("momentum", 0.9, "γ of momentum and Nesterov", low=0, high=0.999),
    Param("rho", 0.9, "RMSProp's γ (decay of the squared-gradient average)", low=0, high=0.999),
    Param("beta1", 0.9, "Adam's β₁", low=0, high=0.999),
    Param("beta2", 0.999, "Adam's β₂", low=0, high=0.99999),
    Param("adam_variant", "standard", "standard bias correction, or one of the course's two "
          "non-standard ones", choices=ADAM_VARIANTS),
    Param("variants", False, "parabola with adam: run the two course variants beside the "
          "standard one"),
    Param("surface", "valley", "race: the surface", choices=tuple(SURFACES)),
    Param("kappa", 100.0, "race, valley: condition number κ (curvature ratio)", low=1, high=1000),
    Param("optimizers", ",".join(RULES), "race: comma-separated rules",),
    Param("rates", (), "race: one learning rate per optimizer (empty: per-surface defaults)",
          low=0, low_open=True, high=10, min_len=0, max_len=MAX_RACERS),
    Param("fair", False, "race: tune each optimizer's rate by a sweep first"),
    Param("noise", 0.5, "race, sgd: gradient noise σ", low=0, high=100),
)  # fmt: skip


def check(config: Mapping[str, Any]) -> None:
    if config["part"] != "race":
        return
    names = race.optimizer_names(config["optimizers"])
    reason = race.check_names(names)
    if reason:
        raise ParamError(reason)
    rates = config["rates"]
    if rates and len(rates) != len(names):
        raise ParamError(
            tr(
                "rates: give one rate per optimizer ({n}: {names}), got {got}; or leave it empty "
                "for the defaults",
                n=len(names),
                names=", ".join(names),
                got=len(rates),
            )
        )
    if any(not 0 < r <= 10 for r in rates):
        raise ParamError(tr("rates: each learning rate must be > 0 and ≤ 10"))


_RULE_KNOBS = ("momentum", "rho", "beta1", "beta2")
PARTS = (
    Part("parabola", parabola.run, parabola.views,
         ("optimizer", "lr", "start", *_RULE_KNOBS, "adam_variant", "variants"), opens_paused=True),
    Part("race", race.run, race.views,
         ("surface", "kappa", "optimizers", "rates", "fair", "noise", *_RULE_KNOBS), steps=400),
)  # fmt: skip

LAB = LabSpec(
    id="optimizers",
    title="Racing the optimizers",
    chapter="1. Learning by gradient descent",
    summary="GD step by step on x², then momentum, AdaGrad, RMSProp and Adam race on 2-D surfaces",
    params=PARAMS,
    parts=PARTS,
    check=check,
    order=2,
    default_steps=10,
    restart_note="this changes the rule or the surface: the run restarts",
)
