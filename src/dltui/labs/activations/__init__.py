"""Lab `activations`: what each activation does to a signal and to its gradient.

Parts (the `part` choice; each has its own views):
- functions: φ and φ' on the same axes with a movable x, and σ', tanh', ReLU' side by side,
  so saturation is something you see (σ' ≤ 0.25, tanh' ≈ 0 beyond |x| > 2, ReLU' = 0 below 0);
- softmax: an editable logit vector, its probabilities and its Jacobian as a heatmap;
- collapse: two linear layers are one, (x·w₁ + b₁)·w₂ + b₂ = x·w' + b', unless φ sits between;
- relu-units: the course's six ReLU units, one by one and summed, weights by hand or fitted.

Nothing trains: the lab is interactive. It yields a record, then waits for a live value to
change (`ctx.wait_for_change`) and yields the next; headless, each run is one record. All math
goes through the backend (derivatives and the Jacobian by autodiff), so numpy and mlx agree.

This `__init__` holds the contract (parameters, cross-field check, parts, LAB); each part is one
module with its math, its `run` and its `views`: functions, softmax, collapse, relu (the
relu-units part). The activation table itself is shared: labs/common/activations.py.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ...engine.lab import LabSpec, Part
from ...engine.params import Param
from . import collapse, functions, relu, softmax
from .functions import FUNCTIONS
from .relu import MAX_UNITS, TARGETS
from .softmax import MAX_LOGITS

PART_IDS = ("functions", "softmax", "collapse", "relu-units")

PARAMS = (
    Param("part", "functions", "what to show", choices=PART_IDS),
    # functions
    Param("function", "sigmoid", "the activation to plot", choices=FUNCTIONS, live=True),
    Param("x", 1.0, "the cursor: where φ and φ' are read", low=-6, high=6, live=True),
    Param("slope", 0.1, "leaky ReLU / PReLU: slope a below 0", low=0, high=1, live=True),
    # softmax
    Param(
        "logits",
        (2.0, 1.0, 0.1),
        "softmax input x, comma-separated (at most 16: the Jacobian is n × n)",
        low=-1000,
        high=1000,
        max_len=MAX_LOGITS,
        live=True,
    ),
    Param("temperature", 1.0, "softmax temperature T", low=0.05, high=100, live=True),
    # collapse
    Param("w1", 2.0, "collapse: first layer's weight", low=-10, high=10, live=True),
    Param("b1", 1.0, "collapse: first layer's bias", low=-10, high=10, live=True),
    Param("w2", -0.5, "collapse: second layer's weight", low=-10, high=10, live=True),
    Param("b2", 3.0, "collapse: second layer's bias", low=-10, high=10, live=True),
    Param(
        "between",
        "none",
        "collapse: activation between the layers",
        choices=("none", "relu", "tanh", "sigmoid"),
        live=True,
    ),  # fmt: skip
    # relu-units
    Param("target", "sin", "relu-units: curve to approximate", choices=TARGETS, live=True),
    Param("units", 6, "relu-units: how many units (6 = the course's)", low=1, high=MAX_UNITS),
    Param(
        "fit",
        "least-squares",
        "relu-units: output weights",
        choices=("least-squares", "by-hand"),
        live=True,
    ),  # fmt: skip
    Param(
        "weights",
        (1.0,) * 6,
        "relu-units: output weights v by hand, one per unit",
        low=-100,
        high=100,
        max_len=MAX_UNITS,
        live=True,
    ),
    Param("bias", 0.0, "relu-units: output bias c by hand", low=-100, high=100, live=True),
)


def check(config: Mapping[str, Any]) -> None:
    """Cross-field rules: none; the lists' lengths and values are their parameters' bounds."""


_NUDGE_X = (("left", "x", -0.1), ("right", "x", 0.1))
PARTS = (
    Part("functions", functions.run, functions.views, ("function", "x", "slope"),
         interactive=True, nudges=_NUDGE_X),
    Part("softmax", softmax.run, softmax.views, ("logits", "temperature"), interactive=True),
    Part("collapse", collapse.run, collapse.views, ("w1", "b1", "w2", "b2", "between"),
         interactive=True),
    Part("relu-units", relu.run, relu.views, ("target", "units", "fit", "weights", "bias"),
         interactive=True),
)  # fmt: skip


LAB = LabSpec(
    id="activations",
    title="Activation functions",
    chapter="2. Neurons and networks",
    summary="each activation and its derivative, saturation, softmax, why depth needs them",
    params=PARAMS,
    parts=PARTS,
    check=check,
    order=1,
    default_steps=1,
)
