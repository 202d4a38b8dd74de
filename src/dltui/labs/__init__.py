"""The lab registry. Every package here whose `__init__` defines `LAB` is a lab.

Discovery is by package, so adding a lab is adding a package `labs/<lab_id>/` (plus its content
folder `labs/<lab-id>/` at the repository root); a test checks that the two sets of ids match.
`common` holds what several labs share (number formatting, activations, batches, the interactive
loop); the divergence rule lives in the engine (`engine.divergence`), which the runner uses too.
"""

from __future__ import annotations

import importlib
import pkgutil
from functools import cache

from ..engine.i18n import tr
from ..engine.lab import LabSpec
from ..engine.params import ParamError


@cache
def all_labs() -> dict[str, LabSpec]:
    labs: list[LabSpec] = []
    for info in pkgutil.iter_modules(__path__):
        if info.name.startswith("_") or info.name == "common":
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        lab = getattr(module, "LAB", None)
        if isinstance(lab, LabSpec):
            assert lab.id.replace("-", "_") == info.name, f"{info.name} defines lab {lab.id}"
            labs.append(lab)
    labs.sort(key=lambda lab: (lab.chapter, lab.order, lab.id))
    return {lab.id: lab for lab in labs}


def get_lab(lab_id: str) -> LabSpec:
    labs = all_labs()
    if lab_id not in labs:
        raise ParamError(
            tr("unknown lab {lab!r}; available: {labs}", lab=lab_id, labs=", ".join(labs))
        )
    return labs[lab_id]
