"""Compact numbers and ticks for axis labels."""

import math

import pytest

from dltui.tui.widgets.numfmt import compact, log_ticks, nice_ticks, tick_labels


@pytest.mark.parametrize(
    ("value", "text"),
    [(1.2e-05, "1.2e-05"), (350, "350"), (0.25, "0.25"), (0, "0"), (3.0, "3"),
     (123456, "1.23e+05"), (12.34, "12.3"), (-0.1, "-0.1"), (math.nan, "nan")],
)  # fmt: skip
def test_compact(value: float, text: str) -> None:
    assert compact(value) == text


def test_nice_ticks_are_round_and_inside() -> None:
    assert nice_ticks(0, 1, 5) == [0.0, 0.25, 0.5, 0.75, 1.0]
    ticks = nice_ticks(-0.3, 0.7, 4)
    assert all(-0.3 <= t <= 0.7 for t in ticks) and 0.0 in ticks
    assert nice_ticks(0.2, 0.9, 4) == [0.2, 0.4, 0.6, 0.8]


def test_log_ticks_are_decades() -> None:
    assert log_ticks(1e-5, 1, 6) == [1e-5, 1e-4, 1e-3, 1e-2, 1e-1, 1.0]
    assert len(log_ticks(1e-9, 1, 3)) <= 3


def test_tick_labels_stay_distinct() -> None:
    labels = tick_labels(nice_ticks(1.1, 1.1000001, 5))
    assert len(set(labels)) == len(labels)
