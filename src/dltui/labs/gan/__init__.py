"""Lab `gan`: generative adversarial networks, from the game on one axis to digits.

Parts (the `part` choice):
- game: p_data = N(0, 1) vs p_g = N(μ, 1), the optimal D* and the value of the game (interactive);
- losses: G's saturating vs non-saturating loss and their gradients, a cursor on D(G(z));
- train: a 2-D GAN trained live (ring, grid, moons, line): points over D's field, G's push,
  modes covered, collapse detected; with data = digits it is the digits part, an MLP GAN on the
  vendored 8×8 digits with fixed-noise samples.
Learning rates, k, optimizer, batch, the loss form and what a step trains apply live; the keys
d, g, b take one D step, one G step or one of each (GAN Lab's stepping). Networks, noise and data
restart the run.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ...backend.optim import OPTIMIZERS
from ...engine.lab import LabSpec, Part
from ...engine.params import Param
from . import digits, game, losses, train2d
from . import views as views
from .data import DATASETS

PARTS_CHOICES = ("game", "losses", "train")
TRAIN = ("both", "D", "G")

PARAMS = (
    Param("part", "game", "what to show (the lesson's order)", choices=PARTS_CHOICES),
    Param("data", "ring", "real data (digits: the 8×8 digits part)", choices=(*DATASETS, "digits")),
    Param("mu", 1.0, "game: mean μ of p_g = N(μ, 1)", low=-4, high=4, live=True),
    Param("dgz", 0.01, "losses: cursor on D(G(z))", low=0, low_open=True, high=0.999, live=True),
    Param("lr_d", 0.004, "learning rate of D", low=0, low_open=True, high=1, live=True),
    Param("lr_g", 0.004, "learning rate of G", low=0, low_open=True, high=1, live=True),
    Param("k", 1, "D steps per G step (≥ 1)", low=1, high=20, live=True),
    Param("optimizer", "adam", "update rule of both nets (adam: β1 = 0.5)", choices=OPTIMIZERS,
          live=True),
    Param("nonsaturating", True, "G minimises −log D(G(z)) (false: the course's log(1 − D))",
          live=True),
    Param("train", "both", "what one step trains: both (k D steps, then G), D or G (keys d g b)",
          choices=TRAIN, live=True),
    Param("batch", 128, "real and fake points per step", low=1, high=2048, live=True),
    Param("noise_dim", 8, "dimension of the noise z (≥ 1)", low=1, high=256),
    Param("noise", "gaussian", "distribution of z", choices=("gaussian", "uniform")),
    Param("hidden_g", 32, "units per hidden layer of G (≥ 1)", low=1, high=1024),
    Param("hidden_d", 32, "units per hidden layer of D (≥ 1)", low=1, high=1024),
    Param("layers", 2, "hidden layers in each net", low=1, high=4),
)  # fmt: skip


def part_of(config: Mapping[str, Any]) -> str:
    """`part`, except that training on digits is its own part (other pictures)."""
    if config["part"] == "train" and config["data"] == "digits":
        return "digits"
    return config["part"]


_KNOBS = ("data", "lr_d", "lr_g", "k", "optimizer", "nonsaturating", "train", "batch",
          "noise_dim", "noise", "hidden_g", "hidden_d", "layers")  # fmt: skip
_STEP_KEYS = (("d", "train", "D", "D"), ("g", "train", "G", "G"),
              ("b", "train", "both", "D+G"))  # fmt: skip

PARTS = (
    Part("game", game.run, views.game, ("mu",), interactive=True,
         nudges=(("left", "mu", -0.1), ("right", "mu", 0.1))),
    Part("losses", losses.run, views.losses, ("dgz",), interactive=True,
         nudges=(("left", "dgz", -0.01), ("right", "dgz", 0.01), ("down", "dgz", -0.1),
                 ("up", "dgz", 0.1))),
    Part("train", train2d.run, views.train2d, _KNOBS, keys=_STEP_KEYS),
    Part("digits", digits.run, views.digits, _KNOBS, keys=_STEP_KEYS),
)  # fmt: skip

LAB = LabSpec(
    id="gan",
    title="Generative adversarial networks",
    chapter="4. Generative models",
    summary="the minimax game, G's two losses, a 2-D GAN live, mode collapse, digits",
    params=PARAMS,
    parts=PARTS,
    order=2,
    default_steps=2500,
    part_of=part_of,
    restart_note="this changes the data or the networks: the run restarts",
)
