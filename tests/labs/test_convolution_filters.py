"""The convolution lab's classic filters on the vendored pictures: each does what its name says."""

from __future__ import annotations

import numpy as np
import pytest

from dltui import data
from dltui.backend import get_backend
from dltui.engine.params import defaults
from dltui.labs.convolution import PARAMS
from dltui.labs.convolution.filters import apply_filter, filters_builder, normalise
from tests.labs.convhelp import final_record, loop_conv, run_conv

NP = get_backend("numpy")


def _filters(**values):
    config = {**defaults(PARAMS), "part": "filters", "plus": "none", "border": "valid", **values}
    return filters_builder(config)(NP)


def test_filters_preset_writes_the_sharpened_picture(capsys):
    final = final_record(run_conv(capsys, "--preset", "filters"))
    camera = data.image("camera").astype(float)
    sharpen = [[0, -1, 0], [-1, 5, -1], [0, -1, 0]]
    expected = camera.copy()
    expected[1:-1, 1:-1] = loop_conv([camera], [[sharpen]])[0]  # border kept
    np.testing.assert_allclose(final["tensors"]["output"], expected, atol=1e-3)
    for key in ("minmax", "percentile"):
        picture = np.array(final["tensors"][key])
        assert picture.shape == (96, 96) and picture.min() == 0 and picture.max() == 255
    assert "is the sharpen kernel" in final["text"]["note"]


def test_edge_filters_respond_to_an_edge_and_nothing_else():
    step = np.zeros((12, 12))
    step[:, 6:] = 255  # a vertical edge between columns 5 and 6
    kx = np.array([[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]], float)
    ky = kx.T
    gx, _, _ = apply_filter(NP, step, kx, "valid", "separate")  # (10, 10)
    gy, _, _ = apply_filter(NP, step, ky, "valid", "separate")
    assert np.all(gx[:, 4:6] == 4 * 255) and np.all(gx[:, :4] == 0) and np.all(gx[:, 6:] == 0)
    assert np.all(gy == 0)  # a horizontal-edge detector does not see a vertical edge
    lap, _, _ = apply_filter(NP, step, np.array([[0, -1, 0], [-1, 4, -1], [0, -1, 0]]), "valid", "")
    assert np.all(lap[:, :4] == 0) and np.all(lap[:, 6:] == 0) and np.any(lap != 0)


@pytest.mark.parametrize("blur", ["mean", "gaussian"])
def test_blur_reduces_variance_on_the_camera(blur):
    record = _filters(image="camera", filter=blur)
    out = np.asarray(record.tensors["output"], float)
    assert out.var() < 0.95 * data.image("camera")[1:-1, 1:-1].astype(float).var()
    assert abs(out.mean() - data.image("camera").mean()) < 5  # weights sum to 1


def test_identity_plus_laplacian_is_sharpen():
    summed = _filters(filter="identity", plus="laplacian")
    sharpen = _filters(filter="sharpen")
    np.testing.assert_array_equal(summed.tensors["kernel"], sharpen.tensors["kernel"])
    identity, laplacian = _filters(filter="identity"), _filters(filter="laplacian")
    np.testing.assert_allclose(
        summed.tensors["output"],
        identity.tensors["output"] + laplacian.tensors["output"],
        atol=1e-3,
    )


def test_three_channel_filters_on_the_colour_picture():
    rgb = data.image("astronaut").astype(float)
    separate = _filters(image="astronaut", filter="gaussian", channels="separate")
    together = _filters(image="astronaut", filter="gaussian", channels="together")
    assert separate.tensors["output"].shape == (94, 94, 3)
    assert separate.tensors["minmax"].shape == (94, 94, 3)
    g = np.array([[1, 2, 1], [2, 4, 2], [1, 2, 1]]) / 16
    for c in range(3):
        np.testing.assert_allclose(
            separate.tensors["output"][:, :, c], loop_conv([rgb[:, :, c]], [[g]])[0], atol=1e-3
        )
    np.testing.assert_allclose(
        together.tensors["output"], loop_conv([rgb.mean(axis=2)], [[g]])[0], atol=1e-3
    )


def test_flat_pictures_normalise_without_dividing_by_zero():
    flat = np.full((6, 6), 42.0)
    for how in ("minmax", "percentile"):
        picture, lo, hi = normalise(flat, how)
        assert picture.dtype == np.uint8 and not picture.any() and lo == hi == 42
    y, _, _ = apply_filter(NP, flat, np.array([[0, -1, 0], [-1, 4, -1], [0, -1, 0]]), "zero", "")
    assert np.all(np.isfinite(normalise(y, "percentile")[0]))


def test_percentiles_spread_what_min_max_squeezes():
    record = _filters(image="camera", filter="laplacian-ii")
    m = record.metrics
    assert m["min"] < m["p5"] < m["p95"] < m["max"]
    assert m["share"] < 0.5  # min/max leaves 90% of pixels less than half the grey levels
    by_range = record.tensors["minmax"].astype(float)
    by_pct = record.tensors["percentile"].astype(float)
    assert by_pct.std() > 1.5 * by_range.std()
