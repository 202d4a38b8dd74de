"""Parameters refuse bad values with a reason that names what is allowed."""

import pytest

from dltui.engine.params import Param, ParamError, apply_values

LR = Param("lr", 0.01, "learning rate", low=0, low_open=True, high=10)
BATCH = Param("batch_size", 32, low=1, high=506)
OPT = Param("optimizer", "adam", choices=("gd", "adam"))


@pytest.mark.parametrize(
    ("param", "text", "message"),
    [
        (LR, "0", "lr: 0.0 is out of range; allowed: > 0 and ≤ 10"),
        (LR, "-1e-3", "out of range"),
        (LR, "fast", "lr: 'fast' is not a number"),
        (LR, "nan", "not a finite number"),
        (BATCH, "0", "batch_size: 0 is out of range; allowed: ≥ 1 and ≤ 506"),
        (BATCH, "2.5", "is not a whole number"),
        (OPT, "lbfgs", "optimizer: 'lbfgs' is not one of gd, adam"),
    ],
)
def test_bad_values_are_refused_with_their_reason(param, text, message):
    with pytest.raises(ParamError, match=message.replace("(", r"\(")):
        param.parse(text)


def test_good_values_parse_to_their_types():
    assert LR.parse(" 1e-5 ") == 1e-5
    assert BATCH.parse("506") == 506
    assert Param("std", True).parse("off") is False
    assert Param("logits", (1.0, 2.0)).parse("1, 2.5,-3") == (1.0, 2.5, -3.0)


def test_unknown_key_names_the_known_ones():
    with pytest.raises(ParamError, match="unknown parameter 'lrr'; this lab has: lr, batch_size"):
        apply_values((LR, BATCH), {"lr": 0.1, "batch_size": 1}, {"lrr": "1"})
