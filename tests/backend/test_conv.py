"""conv2d / max_pool2d / avg_pool2d: course numbers, gradients vs finite differences, MLX parity.

Gradients are checked in float64 against central differences of a random linear functional
L = Σ out · R, which exercises every output position with a distinct weight.
"""

from __future__ import annotations

import numpy as np
import pytest

from dltui.backend import get_backend
from dltui.backend.numpy_engine.conv import output_size
from tests.backend.gradcheck import numeric_grad

NP = get_backend("numpy")
MX = get_backend("mlx")  # mlx[cpu] is a dependency: these tests are never skipped


def _arr(values) -> np.ndarray:
    return np.asarray(values, dtype=np.float64)


def _img(m) -> np.ndarray:  # a 2-D matrix as (1, H, W, 1)
    return _arr(m)[None, :, :, None]


def _ker(m) -> np.ndarray:  # a 2-D kernel as (1, KH, KW, 1)
    return _arr(m)[None, :, :, None]


def _reference_conv(x, w, stride, padding):
    """A plain loop, written independently of the engine's im2col."""
    (sh, sw), (ph, pw) = stride, padding
    xp = np.pad(x, ((0, 0), (ph, ph), (pw, pw), (0, 0)))
    n, h, wd, _ = xp.shape
    c_out, kh, kw, _ = w.shape
    oh, ow = (h - kh) // sh + 1, (wd - kw) // sw + 1
    out = np.zeros((n, oh, ow, c_out))
    for b in range(n):
        for r in range(oh):
            for c in range(ow):
                patch = xp[b, r * sh : r * sh + kh, c * sw : c * sw + kw, :]
                for o in range(c_out):
                    out[b, r, c, o] = np.sum(patch * w[o])
    return out


# --- the course's numbers -------------------------------------------------------------------


@pytest.mark.parametrize("B", [NP, MX], ids=["numpy", "mlx"])
def test_course_exercise_valid(B):
    x = _img([[2, 0, 4, 1, 0], [1, 1, 1, 0, 0], [5, 1, 3, 0, 0], [1, 0, 0, 0, 0]])
    w = _ker([[0, 1, 0], [1, 1, 1], [0, 1, 0]])
    out = B.to_numpy(B.conv2d(B.array(x), B.array(w)))
    np.testing.assert_array_equal(out[0, :, :, 0], [[4, 9, 2], [10, 5, 3]])


@pytest.mark.parametrize("B", [NP, MX], ids=["numpy", "mlx"])
def test_cross_correlation_padding_stride(B):
    x, w = B.array(_img(np.arange(9).reshape(3, 3))), B.array(_ker([[0, 1], [2, 3]]))
    np.testing.assert_array_equal(B.to_numpy(B.conv2d(x, w))[0, :, :, 0], [[19, 25], [37, 43]])
    padded = B.to_numpy(B.conv2d(x, w, padding=1))[0, :, :, 0]
    np.testing.assert_array_equal(
        padded, [[0, 3, 8, 4], [9, 19, 25, 10], [21, 37, 43, 16], [6, 7, 8, 0]]
    )
    strided = B.to_numpy(B.conv2d(x, w, stride=(3, 2), padding=1))[0, :, :, 0]
    np.testing.assert_array_equal(strided, [[0, 8], [6, 8]])


@pytest.mark.parametrize("B", [NP, MX], ids=["numpy", "mlx"])
def test_pooling_course_example(B):
    x = B.array(_img([[1, 1, 2, 4], [5, 6, 7, 8], [3, 2, 1, 0], [1, 2, 3, 4]]))
    np.testing.assert_array_equal(B.to_numpy(B.max_pool2d(x, 2))[0, :, :, 0], [[6, 8], [3, 4]])
    np.testing.assert_array_equal(
        B.to_numpy(B.avg_pool2d(x, 2, 2))[0, :, :, 0], [[3.25, 5.25], [2, 2]]
    )


def test_output_size_formula():
    assert output_size(3, 2) == 2
    assert output_size(3, 2, p=1) == 4
    assert output_size(3, 2, p=1, s=3) == 2 and output_size(3, 2, p=1, s=2) == 2
    assert output_size(5, 3, p=1, s=2) == 3  # the multichannel worked example


@pytest.mark.parametrize("stride,padding", [(1, 0), ((2, 1), (1, 2)), (3, 1), ((1, 2), 0)])
def test_conv_matches_a_plain_loop(stride, padding):
    rng = np.random.default_rng(0)
    x, w = rng.normal(size=(2, 7, 6, 3)), rng.normal(size=(4, 3, 2, 3))
    s = stride if isinstance(stride, tuple) else (stride, stride)
    p = padding if isinstance(padding, tuple) else (padding, padding)
    np.testing.assert_allclose(NP.conv2d(x, w, stride, padding), _reference_conv(x, w, s, p))


@pytest.mark.parametrize(
    "bad",
    [
        dict(x=(1, 4, 4, 2), w=(1, 3, 3, 1)),  # channel mismatch
        dict(x=(1, 2, 2, 1), w=(1, 3, 3, 1)),  # kernel larger than the input
        dict(x=(1, 4, 4, 1), w=(1, 3, 3, 1), stride=0),
        dict(x=(4, 4), w=(1, 3, 3, 1)),  # not 4-D
    ],
)
@pytest.mark.parametrize("B", [NP, MX], ids=["numpy", "mlx"])
def test_conv_refuses_bad_shapes_with_a_reason(B, bad):
    x, w = B.zeros(bad["x"]), B.zeros(bad["w"])
    with pytest.raises(ValueError, match="conv2d: "):
        B.conv2d(x, w, stride=bad.get("stride", 1))


@pytest.mark.parametrize("B", [NP, MX], ids=["numpy", "mlx"])
def test_pool_refuses_bad_shapes(B):
    with pytest.raises(ValueError, match="pooling: "):
        B.max_pool2d(B.zeros((1, 2, 2, 1)), 3)
    with pytest.raises(ValueError, match="pooling: "):
        B.avg_pool2d(B.zeros((1, 4, 4, 1)), 2, 0)


# --- gradients against finite differences (float64) -----------------------------------------


def _check_grads(op, args: dict[str, np.ndarray], **kw):
    """Compare NP.value_and_grad of Σ op(...)·R with central differences, for each argument."""
    names = list(args)
    out_shape = np.shape(op(*args.values(), **kw))
    r = np.random.default_rng(1).normal(size=out_shape)

    def loss(params):
        return NP.sum(NP.multiply(op(*(params[n] for n in names), **kw), r))

    _, grads = NP.value_and_grad(loss)(dict(args))
    for name in names:

        def numeric(v, name=name):
            return float(np.sum(op(*(v if n == name else args[n] for n in names), **kw) * r))

        expected = numeric_grad(numeric, args[name].copy())
        np.testing.assert_allclose(grads[name], expected, rtol=1e-6, atol=1e-8, err_msg=name)


@pytest.mark.parametrize("stride,padding", [(1, 0), ((2, 1), 1), (2, (0, 2)), (3, 1)])
def test_conv2d_gradients(stride, padding):
    rng = np.random.default_rng(2)
    args = {"x": rng.normal(size=(2, 6, 5, 3)), "w": rng.normal(size=(2, 3, 2, 3))}
    _check_grads(NP.conv2d, args, stride=stride, padding=padding)


@pytest.mark.parametrize("op", [NP.max_pool2d, NP.avg_pool2d], ids=["max", "avg"])
@pytest.mark.parametrize("size,stride", [(2, None), ((2, 3), None), (3, 1), ((2, 2), (1, 2))])
def test_pool_gradients(op, size, stride):
    x = np.random.default_rng(3).normal(size=(2, 7, 6, 2))  # continuous: no ties
    _check_grads(op, {"x": x}, size=size, stride=stride)


def test_max_pool_splits_ties_evenly():
    x = np.ones((1, 2, 2, 1))
    _, g = NP.value_and_grad(lambda x: NP.sum(NP.max_pool2d(x, 2)))(x)
    np.testing.assert_allclose(g, np.full((1, 2, 2, 1), 0.25))


def test_conv_trains_through_autodiff_with_bias_and_relu():
    """The CNN lab will chain conv → bias → relu → pool → loss; the graph must carry through."""
    rng = np.random.default_rng(4)
    x = rng.normal(size=(2, 6, 6, 1))
    params = {"w": rng.normal(size=(3, 3, 3, 1)), "b": rng.normal(size=(3,))}

    def loss(p, x):
        h = NP.relu(NP.add(NP.conv2d(x, p["w"], padding=1), p["b"]))  # (2, 6, 6, 3)
        return NP.mean(NP.square(NP.max_pool2d(h, 2)))

    _, grads = NP.value_and_grad(loss)(params, x)

    def numeric(name):
        def f(v):
            return float(loss({**params, name: v}, x))

        return numeric_grad(f, params[name].copy())

    np.testing.assert_allclose(grads["w"], numeric("w"), rtol=1e-5, atol=1e-8)
    np.testing.assert_allclose(grads["b"], numeric("b"), rtol=1e-5, atol=1e-8)


# --- MLX / NumPy parity ---------------------------------------------------------------------


@pytest.mark.parametrize("stride,padding", [(1, 0), ((2, 1), 1), (2, (0, 2))])
def test_conv2d_parity_forward_and_backward(stride, padding):
    rng = np.random.default_rng(5)
    x = rng.normal(size=(2, 8, 7, 3)).astype(np.float32)
    w = rng.normal(size=(4, 3, 3, 3)).astype(np.float32)
    r = rng.normal(size=np.shape(NP.conv2d(x, w, stride, padding))).astype(np.float32)
    results = {}
    for B in (NP, MX):

        def loss(p, B=B):
            return B.sum(B.multiply(B.conv2d(p["x"], p["w"], stride, padding), B.array(r)))

        out = B.to_numpy(B.conv2d(B.array(x), B.array(w), stride, padding))
        _, g = B.value_and_grad(loss)({"x": B.array(x), "w": B.array(w)})
        results[B.name] = (out, B.to_numpy(g["x"]), B.to_numpy(g["w"]))
    for a, b in zip(results["numpy"], results["mlx"], strict=True):
        np.testing.assert_allclose(a, b, rtol=1e-4, atol=1e-4)


@pytest.mark.parametrize("kind", ["max_pool2d", "avg_pool2d"])
@pytest.mark.parametrize("size,stride", [(2, None), (3, 1), ((2, 3), (2, 1)), (2, 3)])
def test_pool_parity_forward_and_backward(kind, size, stride):
    rng = np.random.default_rng(6)
    x = rng.normal(size=(2, 7, 8, 3)).astype(np.float32)
    r = rng.normal(size=np.shape(getattr(NP, kind)(x, size, stride))).astype(np.float32)
    results = {}
    for B in (NP, MX):
        op = getattr(B, kind)

        def loss(x, B=B, op=op):
            return B.sum(B.multiply(op(x, size, stride), B.array(r)))

        out = B.to_numpy(op(B.array(x), size, stride))
        _, g = B.value_and_grad(loss)(B.array(x))
        results[B.name] = (out, B.to_numpy(g))
    for a, b in zip(results["numpy"], results["mlx"], strict=True):
        np.testing.assert_allclose(a, b, rtol=1e-5, atol=1e-6)
