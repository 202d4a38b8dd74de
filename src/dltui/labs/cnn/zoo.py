"""The networks of the lesson: the learner's (from the knobs) and the course's references.

The course's numbers, computed by `model.build` like any other stack (tests check them):
LeNet-5 on 32×32×1 has 61,706 parameters; the same layers on 28×28 with 'valid' convolutions
44,426 (the first dense layer sees 4×4×16 = 256 values instead of 5×5×16 = 400); the deck's scene
CNN (150×150×3, conv 10@3×3, max-pool 3, dense 6) 144,346; an MLP 1024-120-84-10 134,014.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ...engine.i18n import tr
from ...engine.params import ParamError
from . import model as M
from .data import side_of

MODELS = ("lenet5", "mlp")
MAX_CONV_LAYERS, MAX_FILTERS, MAX_DENSE_LAYERS, MAX_UNITS = 4, 64, 4, 512

LENET5_32 = M.build((32, 32, 1), (6, 16), 5, (120, 84))
LENET5_28 = M.build((28, 28, 1), (6, 16), 5, (120, 84))
SCENE_CNN = M.build((150, 150, 3), (10,), 3, (), pool_size=3, classes=6)
MLP_32 = M.build((32, 32, 1), (), 5, (120, 84))


def _short(text: str) -> str:
    """A typed item as the refusal quotes it: at most 12 characters."""
    return text if len(text) <= 12 else text[:11] + "…"


def parse_sizes(config: Mapping[str, Any], name: str, most: int, largest: int) -> tuple[int, ...]:
    """A comma-separated list of whole numbers (filters per conv layer, units per dense layer)."""
    text = str(config[name]).strip()
    if not text:
        if name == "dense":
            return ()
        raise ParamError(tr("{name}: give at least one conv layer, e.g. 6,16", name=name))
    sizes: list[int] = []
    for item in text.replace(";", ",").split(","):
        item = item.strip()
        try:
            value = int(item)
        except ValueError:
            raise ParamError(
                tr(
                    "{name}: {item!r} is not a whole number; e.g. 6,16",
                    name=name,
                    item=_short(item),
                )
            ) from None
        if value < (0 if name == "filters" else 1):  # 0 filters: build() names the shapes
            n, item = len(sizes) + 1, _short(item)
            if name == "filters":
                raise ParamError(
                    tr(
                        "{name}: conv layer {n} has {item} filters; each needs ≥ 1",
                        name=name,
                        n=n,
                        item=item,
                    )
                )
            raise ParamError(
                tr(
                    "{name}: dense layer {n} has {item} units; each needs ≥ 1",
                    name=name,
                    n=n,
                    item=item,
                )
            )
        if value > largest:
            raise ParamError(
                tr(
                    "{name}: {item} is more than {largest} in one layer",
                    name=name,
                    item=_short(item),
                    largest=largest,
                )
            )
        sizes.append(value)
    if len(sizes) > most:
        raise ParamError(
            tr("{name}: {n} layers; at most {most}", name=name, n=len(sizes), most=most)
        )
    return tuple(sizes)


def arch_of(config: Mapping[str, Any], model: str | None = None) -> M.Arch:
    """The learner's network for this config (`model` overrides config['model'])."""
    model = model or config["model"]
    side = side_of(config["input"])
    dense = parse_sizes(config, "dense", MAX_DENSE_LAYERS, MAX_UNITS)
    filters = () if model == "mlp" else parse_sizes(config, "filters", MAX_CONV_LAYERS, MAX_FILTERS)
    return M.build(
        (side, side, 1),
        filters,
        config["kernel"],
        dense,
        padding=config["padding"],
        pool=config["pooling"],
        dropout=config["dropout"],
    )
