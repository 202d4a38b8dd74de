"""Lab parameters: typed, ranged, parsed from text, with messages a learner can act on.

The same `Param` validates a CLI `--set key=value`, a preset value and a value typed in the app,
so every front end refuses bad input with the same one-line reason.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any


class ParamError(ValueError):
    """A value was refused; the message names the parameter and what is allowed."""


_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


@dataclass(frozen=True)
class Param:
    name: str
    default: Any
    help: str = ""
    low: float | None = None
    high: float | None = None
    low_open: bool = False  # True: the value must be strictly greater than `low`
    choices: tuple[Any, ...] | None = None
    live: bool = False  # applied to a running model without a restart
    kind: str = ""  # "float" | "int" | "bool" | "choice" | "str" | "floats"; inferred if empty

    def __post_init__(self) -> None:
        if not self.kind:
            object.__setattr__(self, "kind", _infer_kind(self))

    def parse(self, text: Any) -> Any:
        """Turn text (or a TOML value) into a checked value, or raise ParamError."""
        raw = text.strip() if isinstance(text, str) else text
        try:
            value = _PARSERS[self.kind](raw, self)
        except (TypeError, ValueError) as exc:
            if isinstance(exc, ParamError):
                raise
            raise ParamError(f"{self.name}: {text!r} is not {self.expected()}") from None
        return self.check(value)

    def check(self, value: Any) -> Any:
        if self.kind == "choice":
            if value not in self.choices:
                raise ParamError(f"{self.name}: {value!r} is not one of {self.allowed()}")
            return value
        if self.kind == "floats":
            return value
        if self.kind in ("float", "int"):
            if isinstance(value, float) and not math.isfinite(value):
                raise ParamError(f"{self.name}: {value} is not a finite number")
            too_low = self.low is not None and (
                value <= self.low if self.low_open else value < self.low
            )
            too_high = self.high is not None and value > self.high
            if too_low or too_high:
                raise ParamError(f"{self.name}: {value} is out of range; allowed: {self.allowed()}")
        return value

    def expected(self) -> str:
        if self.kind == "choice":
            return f"one of {self.allowed()}"
        return {
            "float": "a number",
            "int": "a whole number",
            "bool": "true or false",
            "str": "text",
            "floats": "a comma-separated list of numbers",
        }[self.kind]

    def allowed(self) -> str:
        if self.kind == "choice":
            return ", ".join(str(c) for c in self.choices)
        if self.kind in ("float", "int"):
            lo = "" if self.low is None else f"{'>' if self.low_open else '≥'} {self.low:g}"
            hi = "" if self.high is None else f"≤ {self.high:g}"
            return " and ".join(p for p in (lo, hi) if p) or "any number"
        return self.expected()

    def format(self, value: Any) -> str:
        if self.kind == "bool":
            return "true" if value else "false"
        if self.kind == "floats":
            return ", ".join(f"{v:g}" for v in value)
        if self.kind == "float":
            return f"{value:g}"
        return str(value)


def _infer_kind(p: Param) -> str:
    if p.choices is not None:
        return "choice"
    if isinstance(p.default, bool):
        return "bool"
    if isinstance(p.default, int):
        return "int"
    if isinstance(p.default, float):
        return "float"
    if isinstance(p.default, tuple):
        return "floats"
    return "str"


def _parse_bool(raw: Any, _p: Param) -> bool:
    if isinstance(raw, bool):
        return raw
    low = str(raw).lower()
    if low in _TRUE:
        return True
    if low in _FALSE:
        return False
    raise ValueError(raw)


def _parse_int(raw: Any, _p: Param) -> int:
    if isinstance(raw, bool):
        raise ValueError(raw)
    if isinstance(raw, float) and raw.is_integer():
        return int(raw)
    return int(raw) if isinstance(raw, int) else int(str(raw), 10)


def _parse_choice(raw: Any, p: Param) -> Any:
    for choice in p.choices:
        if str(choice) == str(raw):
            return choice
    raise ParamError(f"{p.name}: {raw!r} is not one of {p.allowed()}")


def _parse_floats(raw: Any, p: Param) -> tuple[float, ...]:
    """Comma-separated numbers; a bad item is named in the message, not just the whole text."""
    items = raw if isinstance(raw, list | tuple) else str(raw).replace(";", ",").split(",")
    values = []
    for item in (str(x).strip() for x in items):
        if item == "":
            continue
        try:
            value = float(item)
        except ValueError:
            raise ParamError(
                f"{p.name}: {item!r} is not a number; expected {p.expected()}"
            ) from None
        if not math.isfinite(value):
            raise ParamError(f"{p.name}: {item} is not a finite number")
        values.append(value)
    if not values:
        raise ValueError(raw)
    return tuple(values)


_PARSERS = {
    "float": lambda raw, _p: float(raw),
    "int": _parse_int,
    "bool": _parse_bool,
    "choice": _parse_choice,
    "str": lambda raw, _p: str(raw),
    "floats": _parse_floats,
}


def defaults(params: tuple[Param, ...]) -> dict[str, Any]:
    return {p.name: p.default for p in params}


def by_name(params: tuple[Param, ...], name: str) -> Param:
    for p in params:
        if p.name == name:
            return p
    known = ", ".join(p.name for p in params)
    raise ParamError(f"unknown parameter {name!r}; this lab has: {known}")


def apply_values(params: tuple[Param, ...], base: Mapping[str, Any], values: Mapping[str, Any]):
    """Return a new config with each raw value parsed by its Param (ParamError on the first bad)."""
    config = dict(base)
    for name, raw in values.items():
        config[name] = by_name(params, name).parse(raw)
    return config
