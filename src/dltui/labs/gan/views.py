"""What each part of the GAN lab shows (declarative views; the app maps them to widgets)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ...engine import views as V


def game(config: Mapping[str, Any]) -> list:
    return [
        V.Row(
            (
                V.Lines(
                    "p_data = N(0,1), p_g = N(μ,1) and D*(x)",
                    (
                        ("p_data", "xs", "pdata", "line"),
                        ("p_g", "xs", "pg", "line"),
                        ("D*", "xs", "dstar", "line"),
                    ),
                    (("D* at −1, 0, ½, 1, 2", "mx", "my"),),
                    ylim=(0.0, 1.0),
                    weight=2,
                    xlabel="x",
                    ylabel="density · D*(x)",
                ),
                V.Text("the optimal discriminator and the value", "work"),
            ),
            weight=3,
        ),
        V.Curves("value of the game V(D*, G) (−ln 4 at p_g = p_data)", ("value",)),
    ]


def losses(config: Mapping[str, Any]) -> list:
    return [
        V.Row(
            (
                V.Lines(
                    "G's loss against D(G(z))",
                    (("log(1−D)", "ds", "loss_sat", "line"), ("−log D", "ds", "loss_ns", "line")),
                    (("cursor", "md", "ml"),),
                    vline="dgz",
                    xlim=(0.0, 1.0),
                    ylim=(-5.0, 5.0),
                    xlabel="D(G(z))",
                    ylabel="G's loss",
                ),
                V.Lines(
                    "∂loss/∂a, a = D's logit",
                    (("log(1−D)", "as", "grad_sat", "line"), ("−log D", "as", "grad_ns", "line")),
                    (("cursor", "ma", "mg"),),
                    vline="a",
                    ylim=(-1.05, 0.05),
                    xlabel="a (D's logit)",
                    ylabel="∂loss/∂a",
                ),
            ),
            weight=2,
        ),
        V.Text("at the cursor", "work"),
    ]


def _losses() -> V.Curves:
    return V.Curves("losses · eq = at D ≡ ½", LOSS_METRICS)


LOSS_METRICS = ("loss_d", "loss_g", "eq_d", "eq_g")


def train2d(config: Mapping[str, Any]) -> list:
    return [
        V.Text("verdict", "status"),
        V.Row(
            (
                V.Heatmap(
                    "D(x) · points · G's push",
                    "field",
                    extent="extent",
                    points=("px", "py", "pc"),
                    palette="diverging",
                    vlim="vlim",
                    weight=3,
                    xlabel="x₁",
                    ylabel="x₂",
                    clabel="D(x) = P(real)",
                    classes=("real", "G's", "G's push"),
                ),
                V.Text("networks and coverage", "network", weight=2),
            ),
            weight=4,
        ),
        V.Row(
            (
                _losses(),
                V.Curves("modes covered of N", ("modes_covered", "modes_total")),
                V.Curves(
                    "good · D(real) · D(fake)",
                    ("good_fraction", "d_real", "d_fake"),
                    ylim=(0.0, 1.0),
                ),
            ),
            weight=2,
        ),
    ]


def digits(config: Mapping[str, Any]) -> list:
    # The pictures take the full width: a 35 × 35 grid needs 35 columns to keep every pixel.
    return [
        V.Row(
            (V.Image("G(z), fixed noise", "samples"), V.Image("real digits", "real_digits")),
            weight=3,
        ),
        V.Row(
            (
                _losses(),
                V.Curves("D(real) · D(fake) → ½", ("d_real", "d_fake"), ylim=(0.0, 1.0)),
                V.Text("networks", "network"),
            ),
            weight=2,
        ),
    ]
