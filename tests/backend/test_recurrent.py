"""The whole-sequence recurrences: hand-written BPTT against finite differences, and parity.

The NumPy engine's rnn/lstm/gru are single graph nodes with a hand-written backward pass; MLX's
are plain op loops differentiated by MLX. Both must agree with central differences (NumPy, in
float64) and with each other (float32), including the probe gradient — the total ∂L/∂hₜ the
rnn-gradients lab plots.
"""

from __future__ import annotations

import numpy as np
import pytest

from dltui.backend import get_backend

from .gradcheck import check_op

B_, T_, D_, H_ = 2, 5, 3, 4  # tiny: finite differences visit every input element

# name -> (call(B, x, h0, c0, Wx, Wh, b, bh, probe), shapes of the trainable inputs)
SHAPES = {
    "rnn": ((D_, H_), (H_, H_), (H_,)),
    "lstm": ((D_, 4 * H_), (H_, 4 * H_), (4 * H_,)),
    "gru": ((D_, 3 * H_), (H_, 3 * H_), (3 * H_,), (3 * H_,)),
}


def _call(B, cell: str, x, h0, c0, weights, probe):
    if cell == "rnn":
        return B.rnn(x, h0, *weights, probe=probe)
    if cell == "lstm":
        return B.lstm(x, h0, c0, *weights, probe=probe)
    return B.gru(x, h0, *weights, probe=probe)


def _fn(cell: str, with_probe: bool):
    """fn(B, x, h0, c0, *weights[, probe]) for check_op: every argument is differentiated."""
    n = len(SHAPES[cell])

    def fn(B, x, h0, c0, *rest):
        weights, probe = rest[:n], (rest[n] if with_probe else None)
        out = _call(B, cell, x, h0, c0, weights, probe)
        return out if cell == "lstm" else out + 0 * B.sum(c0)  # c0 unused: zero gradient

    return fn


@pytest.mark.parametrize("cell", ["rnn", "lstm", "gru"])
@pytest.mark.parametrize("with_probe", [False, True])
def test_gradients_match_finite_differences(cell, with_probe):
    shapes = [(B_, T_, D_), (B_, H_), (B_, H_), *SHAPES[cell]]
    if with_probe:
        shapes.append((B_, T_, H_))
    check_op(_fn(cell, with_probe), *shapes, seed=1, rtol=1e-6, atol=1e-8)


def _inputs(cell: str, seed: int = 0, T: int = 7):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(3, T, D_))
    h0, c0 = rng.normal(0, 0.5, (3, H_)), rng.normal(0, 0.5, (3, H_))
    weights = [rng.normal(0, 0.6, s) for s in SHAPES[cell]]
    probe = rng.normal(0, 0.1, (3, T, H_))
    return x, h0, c0, weights, probe


@pytest.mark.parametrize("cell", ["rnn", "lstm", "gru"])
def test_mlx_and_numpy_agree_on_values_and_gradients(cell):
    x, h0, c0, weights, probe = _inputs(cell)
    readout = np.random.default_rng(9).normal(size=(3, 7, H_))
    results = {}
    for name in ("numpy", "mlx"):
        B = get_backend(name)
        args = {
            "x": B.array(x),
            "h0": B.array(h0),
            "c0": B.array(c0),
            "w": [B.array(w) for w in weights],
            "probe": B.array(probe),
        }
        R = B.array(readout)

        def loss(a, B=B, R=R):
            hs = _call(B, cell, a["x"], a["h0"], a["c0"], a["w"], a["probe"])
            return B.sum(B.tanh(hs) * R)

        value, grads = B.value_and_grad(loss)(args)
        hs = _call(B, cell, args["x"], args["h0"], args["c0"], args["w"], args["probe"])
        results[name] = (B.to_numpy(hs), float(B.to_numpy(value)), grads, B)
    hs_np, v_np, g_np, Bn = results["numpy"]
    hs_mx, v_mx, g_mx, Bm = results["mlx"]
    np.testing.assert_allclose(hs_np, hs_mx, rtol=1e-4, atol=1e-5)
    assert v_np == pytest.approx(v_mx, rel=1e-4, abs=1e-5)
    for key in ("x", "h0", "c0", "probe"):
        np.testing.assert_allclose(
            Bn.to_numpy(g_np[key]), Bm.to_numpy(g_mx[key]), rtol=1e-3, atol=1e-5, err_msg=key
        )
    for k, (a, b) in enumerate(zip(g_np["w"], g_mx["w"], strict=True)):
        np.testing.assert_allclose(
            Bn.to_numpy(a), Bm.to_numpy(b), rtol=1e-3, atol=1e-5, err_msg=f"w{k}"
        )


@pytest.mark.parametrize("cell", ["rnn", "lstm", "gru"])
def test_probe_gradient_is_the_total_gradient_of_each_hidden_state(cell):
    """Perturbing hₜ by ε·v moves the loss by ε·⟨∂L/∂hₜ, v⟩, including every later step's use."""
    B = get_backend("numpy")
    x, h0, c0, weights, _ = _inputs(cell, seed=3)
    zero = np.zeros((3, 7, H_))
    R = np.random.default_rng(4).normal(size=(3, 7, H_))

    def loss(p):
        return B.sum(_call(B, cell, x, h0, c0, weights, p) * R)

    _, g = B.value_and_grad(loss)(zero)
    t, eps = 2, 1e-6
    v = np.random.default_rng(5).normal(size=(3, H_))
    up, down = zero.copy(), zero.copy()
    up[:, t], down[:, t] = eps * v, -eps * v
    numeric = (float(loss(up)) - float(loss(down))) / (2 * eps)
    assert np.sum(g[:, t] * v) == pytest.approx(numeric, rel=1e-6)
    # Not just the direct readout R[:, t]: later steps' use of hₜ adds to it.
    assert not np.allclose(g[:, t], R[:, t], atol=1e-3)


@pytest.mark.parametrize("cell", ["rnn", "lstm", "gru"])
def test_float32_stays_float32_and_inputs_are_untouched(cell):
    B = get_backend("numpy")
    x, h0, c0, weights, probe = _inputs(cell)
    args = [a.astype(np.float32) for a in (x, h0, c0, *weights, probe)]
    copies = [a.copy() for a in args]
    x32, h32, c32, *w32, p32 = args
    hs = _call(B, cell, x32, h32, c32, w32, p32)
    assert hs.dtype == np.float32 and hs.shape == (3, 7, H_)
    for a, b in zip(args, copies, strict=True):
        np.testing.assert_array_equal(a, b)


@pytest.mark.parametrize("cell", ["rnn", "lstm", "gru"])
def test_backward_is_repeatable_and_leaves_the_incoming_gradient_alone(cell):
    """The backward pass accumulates ∂L/∂hₜ in place; it must work on its own copy.

    ones_like(hs) is laid out time-major (like hs itself), so a careless transpose would alias it.
    """
    from dltui.backend.numpy_engine.tensor import Tensor

    B = get_backend("numpy")
    x, h0, c0, weights, _ = _inputs(cell, seed=6)
    ws = [Tensor(w) for w in weights]
    out = _call(B, cell, x, h0, c0, ws, Tensor(np.zeros((3, 7, H_))))
    g = np.ones_like(out.data)
    first = out.backward(g)
    second = out.backward(g)
    np.testing.assert_array_equal(g, np.ones_like(g))
    for a, b in zip(first, second, strict=True):
        if a is not None:
            np.testing.assert_array_equal(a, b)
