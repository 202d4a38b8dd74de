"""engine.numfmt: the one number formatter (width-aware cells, compact labels, worked steps)."""

import math

import numpy as np
import pytest

from dltui.engine.numfmt import factor, fmt, fmt_width, num, par


@pytest.mark.parametrize(
    ("width", "text"),
    [(5, "-1e-4"), (6, "-1e-4"), (7, "-1.1e-4"), (8, "-1.11e-4"), (9, "-1.107e-4"),
     (10, "-1.107e-4")],
)  # fmt: skip
def test_small_negative_keeps_its_exponent_at_every_width(width: int, text: str) -> None:
    out = fmt_width(-1.107e-04, width)
    assert out == text
    assert len(out) <= width
    assert not out.startswith("-1.107") or "e" in out  # never "-1.107" for -1.107e-04
    assert math.isclose(float(out), -1.107e-04, rel_tol=0.1)


def test_nothing_fits_gives_a_fill_not_a_cut_number() -> None:
    assert fmt_width(-1.107e-04, 4) == "####"
    assert fmt_width(123456.0, 2) == "##"
    assert fmt_width(math.inf, 2) == "##"
    assert fmt_width(1.0, 0) == ""


@pytest.mark.parametrize(
    ("value", "width", "text"),
    [(12, 5, "12"), (np.int64(-7), 3, "-7"), (123456, 6, "123456"), (123456, 5, "1.2e5"),
     (3.0, 6, "3"), (0.25, 8, "0.25"), (1 / 3, 5, "0.333"), (1 / 3, 20, "0.333333"),
     (0, 3, "0"), (-0.0, 3, "0"), (1e300, 8, "1e300"), (99999.9, 6, "100000"),
     (math.nan, 5, "nan"), (math.inf, 5, "inf"), (-math.inf, 5, "-inf"),
     (2.5e-7, 10, "2.5e-7"), (0.00096, 4, "1e-3")],
)  # fmt: skip
def test_fmt_width_examples(value: float, width: int, text: str) -> None:
    assert fmt_width(value, width) == text


def test_fmt_width_fits_and_reads_as_the_number() -> None:
    values = [
        s * m * 10.0**e for s in (1, -1) for m in (1.0, 1.107, 4.99, 9.9996) for e in range(-9, 12)
    ]
    for x in values:
        previous = math.inf
        for width in range(1, 14):
            out = fmt_width(x, width)
            assert len(out) <= width, (x, width, out)
            if set(out) == {"#"}:
                continue
            y = float(out)
            assert y != 0 and (y < 0) == (x < 0), (x, width, out)
            err = abs(y - x) / abs(x)
            assert err <= 0.5, (x, width, out)  # a rounding of x, never a cut
            assert err <= previous + 1e-12, (x, width, out)  # more room never loses digits
            previous = err


def test_worked_step_formatters_are_unchanged() -> None:
    assert fmt(0.5) == "0.5" and fmt(-1.25) == "−1.25" and fmt(2e-4) == "2.00e−04"
    assert fmt(0) == "0" and fmt(0.123456) == "0.1235"
    assert par(-1.2) == "(−1.2)" and par(1.2) == "1.2"
    assert num(4.0) == "4" and num(-1) == "-1" and num(1 / 9) == "0.1111"
    assert factor(-1) == "(-1)" and factor(3.25) == "3.25"


def test_labs_and_widgets_use_the_engine_formatter() -> None:
    from dltui.engine import numfmt
    from dltui.labs.common import numfmt as labs_numfmt
    from dltui.tui.widgets import numfmt as widgets_numfmt

    assert labs_numfmt.fmt is numfmt.fmt and labs_numfmt.par is numfmt.par
    assert widgets_numfmt.compact is numfmt.compact
    assert widgets_numfmt.fmt_width is numfmt.fmt_width
