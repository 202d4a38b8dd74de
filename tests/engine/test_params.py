"""Parameters refuse bad values with a reason that names what is allowed."""

import re

import pytest

from dltui.engine.params import Param, ParamError, apply_values

LR = Param("lr", 0.01, "learning rate", low=0, low_open=True, high=10)
BATCH = Param("batch_size", 32, low=1, high=506)
OPT = Param("optimizer", "adam", choices=("gd", "adam"))
RATES = Param("rates", (0.1,), low=0, low_open=True, high=10, max_len=3)
START = Param("start", (0.0, 0.0), low=-100, high=100, min_len=2, max_len=3)
NAME = Param("name", "", max_len=40)


@pytest.mark.parametrize(
    ("param", "text", "message"),
    [
        (LR, "0", "lr: 0.0 is out of range; allowed: > 0 and ≤ 10"),
        (LR, "1e308", "lr: 1e+308 is out of range; allowed: > 0 and ≤ 10"),
        (LR, "1e400", "lr: '1e400' is out of range; allowed: > 0 and ≤ 10"),
        (LR, "-inf", "lr: -inf is not a finite number; allowed: > 0 and ≤ 10"),
        (LR, "true", "lr: 'true' is not a number"),
        (BATCH, "9" * 40, "batch_size: a 40-digit number is out of range; allowed: ≥ 1 and ≤ 506"),
        (BATCH, "-" + "9" * 5000, "batch_size: a text of 5001 characters is not a whole number"),
        (BATCH, "1e308", "batch_size: 1e+308 is out of range"),
        (BATCH, "inf", "batch_size: inf is not a finite number"),
        (
            RATES,
            "",
            "rates: '' is not a comma-separated list of numbers; allowed: at most 3 numbers",
        ),
        (RATES, "0.1, 0.2, 0.3, 0.4", "rates: 4 numbers given; allowed: at most 3 numbers"),
        (RATES, ",".join(["1"] * 10**6), "rates: 1000000 numbers given; allowed: at most 3"),
        (RATES, "0.1, -1", "rates: -1.0 is out of range; allowed: > 0 and ≤ 10"),
        (RATES, "0.1, nan", "rates: nan is not a finite number"),
        (RATES, "0.1, 1e999", "rates: '1e999' is out of range"),
        (START, "1", "start: 1 number given; allowed: 2 or 3 numbers"),
        (NAME, "x" * 41, "name: 41 characters is too long; allowed: at most 40"),
        (LR, "-1e-3", "out of range"),
        (LR, "fast", "lr: 'fast' is not a number"),
        (LR, "nan", "not a finite number"),
        (BATCH, "0", "batch_size: 0 is out of range; allowed: ≥ 1 and ≤ 506"),
        (BATCH, "2.5", "is not a whole number"),
        (OPT, "lbfgs", "optimizer: 'lbfgs' is not one of gd, adam"),
    ],
)
def test_bad_values_are_refused_with_their_reason(param, text, message):
    with pytest.raises(ParamError, match=re.escape(message)):
        param.parse(text)


def test_a_refusal_is_one_short_line_whatever_was_typed():
    for text in ("x" * 10**6, "1," * 10**6, "9" * 5000, "é\n" * 100, "1, " + "z" * 10**4):
        for param in (LR, BATCH, OPT, RATES, NAME):
            with pytest.raises(ParamError) as refused:
                param.parse(text)
            message = str(refused.value)
            assert message.startswith(f"{param.name}: ") and "\n" not in message
            assert len(message) < 200


def test_lists_and_numbers_at_their_bounds_are_accepted():
    assert RATES.parse("10, 1e-9, 5") == (10.0, 1e-9, 5.0)
    assert START.parse([-100, 100]) == (-100.0, 100.0)  # a TOML list
    assert BATCH.parse("1e2") == 100 and BATCH.parse(506.0) == 506
    assert NAME.parse("x" * 40) == "x" * 40
    assert RATES.allowed() == "at most 3 numbers, each > 0 and ≤ 10"
    assert START.allowed() == "2 or 3 numbers, each ≥ -100 and ≤ 100"


def test_a_list_that_may_be_empty():
    rates = Param("rates", (), low=0, low_open=True, high=10, min_len=0, max_len=2)
    assert rates.parse("") == () and rates.parse(" , ") == () and rates.parse("1, 2") == (1.0, 2.0)
    assert rates.allowed() == "at most 2 numbers, or none, each > 0 and ≤ 10"
    with pytest.raises(
        ParamError, match="rates: 3 numbers given; allowed: at most 2 numbers, or none"
    ):
        rates.parse("1, 2, 3")


def test_check_applies_the_same_bounds_to_a_value_made_elsewhere():
    """A key nudge or a preset builds values without text: check() still refuses them."""
    with pytest.raises(ParamError, match="out of range"):
        LR.check(10.5)
    with pytest.raises(ParamError, match="not a finite number"):
        LR.check(float("nan"))
    with pytest.raises(ParamError, match="4 numbers given"):
        RATES.check((1.0, 1.0, 1.0, 1.0))


def test_good_values_parse_to_their_types():
    assert LR.parse(" 1e-5 ") == 1e-5
    assert BATCH.parse("506") == 506
    assert Param("std", True).parse("off") is False
    assert Param("logits", (1.0, 2.0)).parse("1, 2.5,-3") == (1.0, 2.5, -3.0)


def test_unknown_key_names_the_known_ones():
    with pytest.raises(ParamError, match="unknown parameter 'lrr'; this lab has: lr, batch_size"):
        apply_values((LR, BATCH), {"lr": 0.1, "batch_size": 1}, {"lrr": "1"})
