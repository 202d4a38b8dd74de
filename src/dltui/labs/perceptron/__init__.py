"""Lab `perceptron`: from one neuron to the multilayer perceptron.

Parts (the `part` choice; each has its own views):
- neuron: a = φ(w·x + b) with every value a slider (interactive, nothing trains);
- course-tanh, course-xor: the course's two hand exercises, one sample per update, with the
  numbers plugged in (see course for the choices the course leaves open);
- playground: 2-D data sets, an MLP you shape, the decision boundary live;
- iris: 4 → 100 → 3 softmax with accuracy and a confusion matrix.

Learning rate, optimizer, L2 and batch size apply live; anything that changes the data or the
network restarts the run (the screen says so).

This `__init__` holds the contract (parameters, cross-field check, parts, LAB). Each part is one
module with its `run` and its `views`: neuron, course (course-tanh), xor (course-xor), play
(playground and iris: one run, two sets of views); the concerns beside them: data (data sets and
splits), model (the MLP, written once against the backend API). Activations: labs/common.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ...backend.optim import OPTIMIZERS
from ...engine.i18n import tr
from ...engine.lab import LabSpec, Part
from ...engine.params import Param, ParamError
from ..common.activations import ACTIVATIONS
from . import course, neuron, play, xor
from .data import DATASETS, is_csv, own, split_sizes

PART_IDS = ("neuron", "course-tanh", "course-xor", "playground", "iris")
MAX_LAYERS, MAX_NEURONS = 8, 256
MAX_PATH = 1000  # characters of a path or a column list

PARAMS = (
    Param("part", "playground", "what to show", choices=PART_IDS),
    # playground data
    Param(
        "dataset",
        "xor",
        f"playground data set: {' | '.join(DATASETS)} | the path of your CSV "
        "file (two input columns, a target of two classes)",
        max_len=MAX_PATH,
        file="csv",
    ),
    Param("target", "auto", "CSV: the class column (auto: the last)", max_len=MAX_PATH),
    Param(
        "features",
        "auto",
        "CSV: the two input columns a,b (auto: the first two others)",
        max_len=MAX_PATH,
    ),
    Param("noise", 0.1, "noise of the data set, 0 = clean", low=0, high=1),
    Param("points", 400, "points in the data set (train + test)", low=4, high=2000),
    Param("test_ratio", 0.5, "share of points held out for testing", low=0, high=0.9),
    # the network
    Param("layers", 1, "hidden layers (0 = a linear model)", low=0, high=MAX_LAYERS),
    Param("neurons", 8, "neurons per hidden layer", low=1, high=MAX_NEURONS),
    Param("activation", "tanh", "hidden activation (and the neuron's φ)", choices=ACTIVATIONS),
    Param("biases", False, "course-xor: add biases (the course's network has none)"),
    # training, live
    Param("optimizer", "adam", "update rule", choices=OPTIMIZERS, live=True),
    Param("lr", 0.03, "learning rate η", low=0, low_open=True, high=10, live=True),
    Param("l2", 0.0, "L2 strength λ (adds λ/2·Σw² to the loss)", low=0, high=1, live=True),
    Param(
        "batch", 10, "mini-batch size (≥ the train set: full batch)", low=1, high=2000, live=True
    ),
    # the single neuron, live
    Param("x1", 1.0, "neuron: input x1", low=-3, high=3, live=True),
    Param("x2", -0.5, "neuron: input x2", low=-3, high=3, live=True),
    Param("w1", 0.8, "neuron: weight w1", low=-5, high=5, live=True),
    Param("w2", -0.6, "neuron: weight w2", low=-5, high=5, live=True),
    Param("b", 0.2, "neuron: bias b", low=-5, high=5, live=True),
)


def check(config: Mapping[str, Any]) -> None:
    """Refuse what the parameters' own ranges cannot see: the split, course-xor's activations."""
    part = config["part"]
    if not is_csv(config):
        for name in ("target", "features"):
            if config[name] != "auto":
                raise ParamError(
                    tr("{name}: only a CSV data set takes {name}; use auto", name=name)
                )
    if part in ("playground", "iris"):
        n = 150 if part == "iris" else config["points"]
        if part == "playground" and is_csv(config):  # read and check the whole file
            n = len(own(config)[1])
        n_train, n_test = split_sizes(n, config["test_ratio"])
        if n_train < 1:
            raise ParamError(
                tr(
                    "test_ratio: {ratio:g} of {n} points leaves no training point; lower "
                    "test_ratio or add points",
                    ratio=config["test_ratio"],
                    n=n,
                )
            )
        if config["test_ratio"] > 0 and n_test < 1:
            raise ParamError(
                tr(
                    "test_ratio: {ratio:g} of {n} points rounds to an empty test set; raise "
                    "test_ratio or add points (0 means no test split)",
                    ratio=config["test_ratio"],
                    n=n,
                )
            )
    if part == "course-xor" and config["activation"] not in xor.XOR_ACTIVATIONS:
        raise ParamError(
            tr(
                "activation: course-xor explains {names}; {act!r} is for the playground",
                names=", ".join(xor.XOR_ACTIVATIONS),
                act=config["activation"],
            )
        )


_TRAINING = ("optimizer", "lr", "l2", "batch")
_NEURON_NUDGES = (
    ("left", "x1", -0.1),
    ("right", "x1", 0.1),
    ("down", "x2", -0.1),
    ("up", "x2", 0.1),
)
PARTS = (
    Part("neuron", neuron.run, neuron.views, ("activation", "x1", "x2", "w1", "w2", "b"),
         interactive=True, nudges=_NEURON_NUDGES),
    Part("course-tanh", course.run, course.views, ("lr",), opens_paused=True),
    Part("course-xor", xor.run, xor.views, ("activation", "biases", "lr"), opens_paused=True),
    Part("playground", play.run, play.playground_views, lambda config: (
         ("dataset", "target", "features") if is_csv(config) else ("dataset", "noise", "points"))
         + ("test_ratio", "layers", "neurons", "activation", *_TRAINING)),
    Part("iris", play.run, play.iris_views, ("test_ratio", "layers", "neurons", "activation",
         *_TRAINING)),
)  # fmt: skip


LAB = LabSpec(
    id="perceptron",
    title="From the perceptron to the MLP",
    chapter="2. Neurons and networks",
    summary="one neuron, the course's exercises by hand, a playground, Iris",
    params=PARAMS,
    parts=PARTS,
    check=check,
    order=2,
    default_steps=500,
    restart_note="this changes the data or the network: the run restarts",
)
