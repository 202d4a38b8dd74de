"""Lab `perceptron`: from one neuron to the multilayer perceptron.

Parts (the `part` choice; each has its own views):
- neuron: a = φ(w·x + b) with every value a slider (interactive, nothing trains);
- course-tanh, course-xor: the course's two hand exercises, one sample per update, with the
  numbers plugged in (see course for the choices the course leaves open);
- playground: 2-D data sets, an MLP you shape, the decision boundary live;
- iris: 4 → 100 → 3 softmax with accuracy and a confusion matrix.

Learning rate, optimizer, L2 and batch size apply live; anything that changes the data or the
network restarts the run (the screen says so). The code of each part lives in the *
helpers; this module holds the contract: parameters, cross-field checks, views, presets' names.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ...backend.optim import OPTIMIZERS
from ...engine import views as V
from ...engine.lab import LabSpec, Part
from ...engine.params import Param, ParamError
from . import course as course
from . import play as play
from . import xor as xor
from .data import DATASETS, split_sizes
from .model import ACTIVATIONS
from .neuron import run_neuron

PARTS = ("neuron", "course-tanh", "course-xor", "playground", "iris")
MAX_LAYERS, MAX_NEURONS = 8, 256

PARAMS = (
    Param("part", "playground", "what to show", choices=PARTS),
    # playground data
    Param("dataset", "xor", "playground data set", choices=DATASETS),
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
    if part in ("playground", "iris"):
        n = 150 if part == "iris" else config["points"]
        n_train, n_test = split_sizes(n, config["test_ratio"])
        if n_train < 1:
            raise ParamError(
                f"test_ratio: {config['test_ratio']:g} of {n} points leaves no training point; "
                "lower test_ratio or add points"
            )
        if config["test_ratio"] > 0 and n_test < 1:
            raise ParamError(
                f"test_ratio: {config['test_ratio']:g} of {n} points rounds to an empty test set; "
                "raise test_ratio or add points (0 means no test split)"
            )
    if part == "course-xor" and config["activation"] not in xor.XOR_ACTIVATIONS:
        raise ParamError(
            f"activation: course-xor explains {', '.join(xor.XOR_ACTIVATIONS)}; "
            f"{config['activation']!r} is for the playground"
        )


_SIGNED = ("tanh", "linear", "leaky-relu", "elu", "gelu", "silu")


def _neuron_views(config: Mapping[str, Any]) -> list:
    if True:
        palette = "diverging" if config["activation"] in _SIGNED else "viridis"
        return [
            V.Row(
                (
                    V.Lines("a = φ(z)", (("φ", "zs", "as", "line"),), (("now", "z", "a"),), "z"),
                    V.Heatmap(
                        "a over (x1, x2), line w·x + b = 0",
                        "field",
                        extent="extent",
                        points=("px", "py", "pc"),
                        path=("lx", "ly"),
                        palette=palette,
                    ),
                ),
                weight=2,
            ),
            V.Text("the computation", "work"),
        ]


def _tanh_views(config: Mapping[str, Any]) -> list:
    if True:
        return [
            V.Row((V.Text("the course leaves open", "choices"), V.Text("one update", "work")), 2),
            V.Row(
                (
                    V.Lines(
                        "a = tanh(w·x + b) and the six points",
                        (("a(x)", "cx", "cy", "line"), ("(x, y)", "px", "py", "points")),
                        (("this sample", "mx", "my"),),
                    ),
                    V.Table("the table after the update", "table", ("x", "y", "a", "E")),
                )
            ),
            V.Curves("mean E over the table", ("loss",)),
        ]


def _xor_views(config: Mapping[str, Any]) -> list:
    if True:
        return [
            V.Row((V.Text("the network and why", "note"), V.Text("one update", "work")), weight=3),
            V.Row(
                (
                    V.Heatmap(
                        "ŷ over the plane",
                        "field",
                        "extent",
                        ("px", "py", "pc"),
                        palette="diverging",
                    ),
                    V.Table("the four points", "table", ("x1", "x2", "t", "ŷ")),
                    V.Matrix("W: row i → unit j", "W1", signed=True),
                    V.Bars("v (hidden → output)", "v", ("v1", "v2")),
                ),
                weight=2,
            ),
            V.Row((V.Curves("mean E", ("loss",)), V.Curves("accuracy", ("accuracy",)))),
        ]


def _curves() -> V.Row:
    return V.Row(
        (
            V.Curves("loss: train, test", ("loss", "test_loss"), logy=True),
            V.Curves("accuracy: train, test", ("accuracy", "test_accuracy")),
        )
    )


def _iris_views(config: Mapping[str, Any]) -> list:
    if True:
        return [
            V.Row(
                (
                    V.Matrix("confusion (rows true, columns predicted)", "confusion"),
                    V.Text("network", "network"),
                ),
                weight=2,
            ),
            _curves(),
        ]


def _playground_views(config: Mapping[str, Any]) -> list:
    boundary = V.Heatmap(
        "decision boundary",
        "boundary",
        extent="extent",
        points=("px", "py", "pc"),
        palette="diverging",
        weight=2,
    )
    return [V.Row((boundary, V.Text("network", "network")), weight=3), _curves()]


_TRAINING = ("optimizer", "lr", "l2", "batch")
_NEURON_NUDGES = (
    ("left", "x1", -0.1),
    ("right", "x1", 0.1),
    ("down", "x2", -0.1),
    ("up", "x2", 0.1),
)
PARTS = (
    Part("neuron", run_neuron, _neuron_views, ("activation", "x1", "x2", "w1", "w2", "b"),
         interactive=True, nudges=_NEURON_NUDGES),
    Part("course-tanh", course.run_tanh, _tanh_views, ("lr",), opens_paused=True),
    Part("course-xor", xor.run_xor, _xor_views, ("activation", "biases", "lr"), opens_paused=True),
    Part("playground", play.run, _playground_views, ("dataset", "noise", "points", "test_ratio",
         "layers", "neurons", "activation", *_TRAINING)),
    Part("iris", play.run, _iris_views, ("test_ratio", "layers", "neurons", "activation",
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
