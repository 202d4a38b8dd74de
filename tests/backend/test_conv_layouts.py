"""The NumPy convolution's memory-layout paths, each checked against finite differences.

`conv2d` builds its im2col matrix column-major for a one-channel input and row-major otherwise;
pooling writes its gradient directly when the windows tile the input and accumulates when they
overlap or leave a remainder. Every path, with strides and padding, in float64.
"""

from __future__ import annotations

import numpy as np
import pytest

from dltui.backend import get_backend
from tests.backend.gradcheck import numeric_grad

NP = get_backend("numpy")


def _check(op, args: dict[str, np.ndarray], **kw) -> None:
    names = list(args)
    r = np.random.default_rng(1).normal(size=np.shape(op(*args.values(), **kw)))

    def loss(params):
        return NP.sum(NP.multiply(op(*(params[n] for n in names), **kw), r))

    _, grads = NP.value_and_grad(loss)(dict(args))
    for name in names:

        def f(v, name=name):
            return float(np.sum(op(*(v if n == name else args[n] for n in names), **kw) * r))

        np.testing.assert_allclose(
            grads[name], numeric_grad(f, args[name].copy()), rtol=1e-6, atol=1e-8, err_msg=name
        )


@pytest.mark.parametrize("c_in", [1, 2])
@pytest.mark.parametrize("stride,padding", [(1, 0), (1, 2), ((2, 1), 1), (3, (0, 1))])
def test_conv2d_gradients_in_both_column_layouts(c_in, stride, padding):
    rng = np.random.default_rng(7)
    args = {"x": rng.normal(size=(2, 7, 6, c_in)), "w": rng.normal(size=(3, 3, 2, c_in))}
    _check(NP.conv2d, args, stride=stride, padding=padding)


def test_one_channel_columns_match_a_plain_loop():
    rng = np.random.default_rng(8)
    x, w = rng.normal(size=(3, 9, 8, 1)), rng.normal(size=(4, 5, 5, 1))
    out = NP.conv2d(x, w, 1, 2)
    xp = np.pad(x, ((0, 0), (2, 2), (2, 2), (0, 0)))
    ref = np.zeros((3, 9, 8, 4))
    for r in range(9):
        for c in range(8):
            ref[:, r, c] = np.einsum("nhwc,ohwc->no", xp[:, r : r + 5, c : c + 5], w)
    np.testing.assert_allclose(out, ref, rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("op", [NP.max_pool2d, NP.avg_pool2d], ids=["max", "avg"])
@pytest.mark.parametrize("shape,size,stride", [((2, 8, 6, 3), 2, None), ((1, 9, 9, 2), 3, None)])
def test_pool_gradients_when_windows_tile_the_input(op, shape, size, stride):
    x = np.random.default_rng(9).normal(size=shape)
    _check(op, {"x": x}, size=size, stride=stride)


def test_max_pool_splits_a_tie_inside_tiling_windows():
    x = np.zeros((1, 4, 4, 1))
    x[0, 0, 0, 0] = x[0, 0, 1, 0] = 2.0  # a tie in the first window; zeros tie elsewhere
    _, g = NP.value_and_grad(lambda v: NP.sum(NP.max_pool2d(v, 2)))(x)
    np.testing.assert_allclose(g[0, :2, :2, 0], [[0.5, 0.5], [0, 0]])
    np.testing.assert_allclose(g[0, 2:, 2:, 0], np.full((2, 2), 0.25))
