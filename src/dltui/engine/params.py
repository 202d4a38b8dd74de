"""Lab parameters: typed, ranged, parsed from text, with messages a learner can act on.

The same `Param` validates a CLI `--set key=value`, a preset value and a value typed in the app,
so every front end refuses bad input with the same one-line reason.

Every number is finite and inside its range: `low`/`high` bound a float or an int, and each
item of a `floats` list, whose length is bounded too (`min_len`…`max_len`, at most `MAX_ITEMS`
by default). Text is at most `MAX_TEXT` characters (or `max_len`). Whatever the input (nan,
1e308, a million items, a 5000-digit integer), the refusal is one short line naming the
parameter and what is allowed: never an OverflowError or a traceback further down.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .i18n import tr


class ParamError(ValueError):
    """A value was refused; the message names the parameter and what is allowed."""


_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}
MAX_ITEMS = 64  # a `floats` list's default length cap
MAX_TEXT = 4000  # a text parameter's default length cap (a 15×15 matrix of fractions fits)
_MAX_DIGITS = 30  # an integer written with more digits is out of any range, not parsed
_SHOWN = 40  # how much of a refused text the message repeats


@dataclass(frozen=True)
class Param:
    name: str
    default: Any
    help: str = ""
    low: float | None = None  # float, int: the least value; floats: the least item
    high: float | None = None
    low_open: bool = False  # True: the value must be strictly greater than `low`
    choices: tuple[Any, ...] | None = None
    live: bool = False  # applied to a running model without a restart
    kind: str = ""  # "float" | "int" | "bool" | "choice" | "str" | "floats"; inferred if empty
    min_len: int = 1  # floats: the fewest items (0: an empty list is a value)
    max_len: int | None = None  # floats: the most items (MAX_ITEMS); str: characters (MAX_TEXT)
    file: str = ""  # str: the kind of data file the value may name ("csv"): the app offers a picker

    def __post_init__(self) -> None:
        if not self.kind:
            object.__setattr__(self, "kind", _infer_kind(self))

    @property
    def longest(self) -> int:
        """The most items (floats) or characters (str) a value may have."""
        if self.max_len is not None:
            return self.max_len
        return MAX_ITEMS if self.kind == "floats" else MAX_TEXT

    def parse(self, text: Any) -> Any:
        """Turn text (or a TOML value) into a checked value, or raise ParamError."""
        raw = text.strip() if isinstance(text, str) else text
        if isinstance(raw, str) and self.kind not in ("floats", "str") and len(raw) > MAX_TEXT:
            raise ParamError(
                tr(
                    "{name}: a text of {n} characters is not {expected}; allowed: {allowed}",
                    name=self.name,
                    n=len(raw),
                    expected=self.expected(),
                    allowed=self.allowed(),
                )
            )
        try:
            value = _PARSERS[self.kind](raw, self)
        except (TypeError, ValueError, OverflowError) as exc:
            if isinstance(exc, ParamError):
                raise
            raise ParamError(
                tr(
                    "{name}: {value} is not {expected}",
                    name=self.name,
                    value=_shown(text),
                    expected=self.expected(),
                )
            ) from None
        return self.check(value)

    def check(self, value: Any) -> Any:
        if self.kind == "choice":
            if value not in (self.choices or ()):
                raise ParamError(_not_a_choice(self, value))
            return value
        if self.kind == "floats":
            n = len(value)
            if not self.min_len <= n <= self.longest:
                raise ParamError(_count_refused(self, n))
            for item in value:
                self._check_number(item)
            return tuple(value)
        if self.kind in ("float", "int"):
            self._check_number(value)
        if self.kind == "str" and len(value) > self.longest:
            raise ParamError(
                tr(
                    "{name}: {n} characters is too long; allowed: at most {most}",
                    name=self.name,
                    n=len(value),
                    most=self.longest,
                )
            )
        return value

    def _check_number(self, value: float) -> None:
        if isinstance(value, float) and not math.isfinite(value):
            raise ParamError(_not_finite(self.name, value, self._range()))
        too_low = self.low is not None and (
            value <= self.low if self.low_open else value < self.low
        )
        too_high = self.high is not None and value > self.high
        if too_low or too_high:
            raise ParamError(_out_of_range(self.name, _number(value), self._range()))

    def expected(self) -> str:
        if self.kind == "choice":
            return tr("one of {choices}", choices=self.allowed())
        if self.kind == "float":
            return tr("a number")
        if self.kind == "int":
            return tr("a whole number")
        if self.kind == "bool":
            return tr("true or false")
        if self.kind == "str":
            return tr("text")
        if self.kind == "floats":
            return tr("a comma-separated list of numbers")
        raise KeyError(self.kind)

    def _range(self) -> str:
        lo = "" if self.low is None else f"{'>' if self.low_open else '≥'} {self.low:g}"
        hi = "" if self.high is None else f"≤ {self.high:g}"
        if lo and hi:
            return tr("{low} and {high}", low=lo, high=hi)
        return lo or hi or tr("any number")

    def _count(self) -> str:
        lo, hi = self.min_len, self.longest
        if lo == 0:
            return tr("at most {numbers}, or none", numbers=_numbers(hi))
        if lo == hi:
            return _numbers(lo)
        if hi == lo + 1:
            return tr("{low} or {numbers}", low=lo, numbers=_numbers(hi))
        if lo == 1:
            return tr("at most {numbers}", numbers=_numbers(hi))
        return tr("{low} to {numbers}", low=lo, numbers=_numbers(hi))

    def allowed(self) -> str:
        if self.kind == "choice":
            return ", ".join(str(c) for c in self.choices or ())
        if self.kind in ("float", "int"):
            return self._range()
        if self.kind == "floats":
            if self.low is None and self.high is None:
                return self._count()
            return tr("{count}, each {range}", count=self._count(), range=self._range())
        if self.kind == "str":
            return tr("text, at most {n} characters", n=self.longest)
        return self.expected()

    def format(self, value: Any) -> str:
        if self.kind == "bool":
            return "true" if value else "false"
        if self.kind == "floats":
            return ", ".join(f"{v:g}" for v in value)
        if self.kind == "float":
            return f"{value:g}"
        return str(value)


def _numbers(n: int) -> str:
    return tr("1 number") if n == 1 else tr("{n} numbers", n=n)


def _not_a_choice(p: Param, value: Any) -> str:
    return tr(
        "{name}: {value} is not one of {choices}",
        name=p.name,
        value=_shown(value),
        choices=p.allowed(),
    )


def _count_refused(p: Param, n: int) -> str:
    if n == 1:
        return tr(
            "{name}: 1 number given; allowed: {count} (comma-separated)",
            name=p.name,
            count=p._count(),
        )
    return tr(
        "{name}: {n} numbers given; allowed: {count} (comma-separated)",
        name=p.name,
        n=n,
        count=p._count(),
    )


def _not_finite(name: str, value: Any, allowed: str) -> str:
    return tr(
        "{name}: {value} is not a finite number; allowed: {allowed}",
        name=name,
        value=value,
        allowed=allowed,
    )


def _out_of_range(name: str, value: str, allowed: str) -> str:
    return tr(
        "{name}: {value} is out of range; allowed: {allowed}",
        name=name,
        value=value,
        allowed=allowed,
    )


def _number(value: float) -> str:
    """A refused number, short: a 400-digit integer reads 1e+400, not 400 digits."""
    if isinstance(value, int) and abs(value) >= 10**15:
        digits = len(str(abs(value)))
        return f"{'-' if value < 0 else ''}{str(abs(value))[0]}e+{digits - 1}"
    return str(value)


def _shown(value: Any) -> str:
    """A refused value as the message repeats it: quoted, escaped, cut to one short line."""
    text = repr(value)
    return text if len(text) <= _SHOWN else f"{text[: _SHOWN - 5]}…{text[-3:]}"


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


_INT = re.compile(r"[+-]?\d+")


def _parse_int(raw: Any, p: Param) -> int:
    if isinstance(raw, bool):
        raise ValueError(raw)
    if isinstance(raw, int):
        return raw
    if isinstance(raw, float):
        if math.isfinite(raw) and raw.is_integer():
            return int(raw)
        raise ValueError(raw)
    text = str(raw).replace("_", "")
    if _INT.fullmatch(text):
        if len(text.lstrip("+-")) > _MAX_DIGITS:  # int() would refuse past 4300 digits anyway
            digits = len(text.lstrip("+-"))
            if text.startswith("-"):
                raise ParamError(
                    tr(
                        "{name}: a {digits}-digit -number is out of range; allowed: {allowed}",
                        name=p.name,
                        digits=digits,
                        allowed=p.allowed(),
                    )
                )
            raise ParamError(
                tr(
                    "{name}: a {digits}-digit number is out of range; allowed: {allowed}",
                    name=p.name,
                    digits=digits,
                    allowed=p.allowed(),
                )
            )
        return int(text, 10)
    value = float(text)  # "1e3" is a whole number too; "2.5" and "nan" are not
    if math.isfinite(value) and value.is_integer():
        return int(value)
    if not math.isfinite(value):
        raise ParamError(_not_finite(p.name, value, p.allowed()))
    raise ValueError(raw)


def _parse_float(raw: Any, p: Param) -> float:
    if isinstance(raw, bool):
        raise ValueError(raw)
    value = float(raw)
    if math.isinf(value) and "inf" not in str(raw).lower():  # 1e400: a number, out of range
        raise ParamError(_out_of_range(p.name, _shown(raw), p._range()))
    return value


def _parse_choice(raw: Any, p: Param) -> Any:
    for choice in p.choices or ():
        if str(choice) == str(raw):
            return choice
    raise ParamError(_not_a_choice(p, raw))


def _parse_floats(raw: Any, p: Param) -> tuple[float, ...]:
    """Comma-separated numbers; a bad item is named in the message, not just the whole text.

    The count is checked before any item is converted, so a million items cost one split.
    """
    if isinstance(raw, list | tuple):
        items = [str(x).strip() for x in raw]
    else:
        items = [x.strip() for x in str(raw).replace(";", ",").split(",")]
        items = [x for x in items if x]
    if not items:
        if p.min_len == 0:  # an empty list means something (e.g. "the defaults")
            return ()
        raise ParamError(
            tr(
                "{name}: {value} is not {expected}; allowed: {allowed}",
                name=p.name,
                value=_shown(raw),
                expected=p.expected(),
                allowed=p.allowed(),
            )
        )
    if not p.min_len <= len(items) <= p.longest:
        raise ParamError(_count_refused(p, len(items)))
    values = []
    for item in items:
        try:
            values.append(_parse_float(item, p))
        except ValueError as exc:
            if isinstance(exc, ParamError):
                raise
            raise ParamError(
                tr(
                    "{name}: {value} is not a number; expected {expected}",
                    name=p.name,
                    value=_shown(item),
                    expected=p.expected(),
                )
            ) from None
    return tuple(values)


_PARSERS = {
    "float": _parse_float,
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
    raise ParamError(
        tr("unknown parameter {name}; this lab has: {known}", name=_shown(name), known=known)
    )


def apply_values(params: tuple[Param, ...], base: Mapping[str, Any], values: Mapping[str, Any]):
    """Return a new config with each raw value parsed by its Param (ParamError on the first bad)."""
    config = dict(base)
    for name, raw in values.items():
        config[name] = by_name(params, name).parse(raw)
    return config
