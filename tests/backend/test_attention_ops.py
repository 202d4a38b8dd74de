"""The attention primitives: the NumPy engine's hand-written backward passes against finite
differences, and the NumPy engine against MLX (values and gradients)."""

from __future__ import annotations

import numpy as np
import pytest

from dltui.backend import get_backend

from .gradcheck import check_op


def _causal(T: int) -> np.ndarray:
    return np.triu(np.full((T, T), -np.inf), k=1)


def test_attention_gradient_matches_finite_differences():
    check_op(lambda B, q, k, v: B.attention(q, k, v), (2, 3, 4, 5), (2, 3, 6, 5), (2, 3, 6, 4))


def test_attention_with_a_causal_mask_and_a_scale_gradient_matches_finite_differences():
    mask = _causal(4)
    check_op(
        lambda B, q, k, v: B.attention(q, k, v, mask=mask, scale=0.3),
        (2, 4, 3),
        (2, 4, 3),
        (2, 4, 2),
    )


def test_attention_broadcasts_keys_over_the_batch_and_sums_their_gradient():
    check_op(lambda B, q, k, v: B.attention(q, k, v), (3, 4, 5), (4, 5), (4, 2))


def test_layer_norm_gradient_matches_finite_differences():
    check_op(lambda B, x, w, b: B.layer_norm(x, w, b), (3, 4, 6), (6,), (6,))
    check_op(lambda B, x: B.layer_norm(x), (5, 7))


def test_causal_attention_never_reads_the_future():
    """The output at query t is unchanged when keys and values after t change."""
    B = get_backend("numpy")
    rng = np.random.default_rng(0)
    q, k, v = (rng.normal(size=(5, 3)) for _ in range(3))
    k2, v2 = k.copy(), v.copy()
    k2[3:], v2[3:] = 100.0, -100.0
    a = B.attention(q, k, v, mask=_causal(5))
    b = B.attention(q, k2, v2, mask=_causal(5))
    np.testing.assert_allclose(a[:3], b[:3])
    assert not np.allclose(a[3:], b[3:])


def test_layer_norm_output_has_zero_mean_and_unit_variance():
    B = get_backend("numpy")
    x = np.random.default_rng(1).normal(3.0, 5.0, (4, 16))
    y = B.to_numpy(B.layer_norm(x))
    np.testing.assert_allclose(y.mean(axis=-1), 0, atol=1e-9)
    np.testing.assert_allclose(y.var(axis=-1), 1, rtol=1e-4)


def _values_and_grads(name: str, fn, inputs):
    B = get_backend(name)
    arrays = [B.array(x) for x in inputs]
    w = B.array(np.random.default_rng(9).normal(size=B.to_numpy(fn(B, *arrays)).shape))
    value, grads = B.value_and_grad(lambda ps: B.sum(fn(B, *ps) * w))(arrays)
    return float(B.to_numpy(value)), [B.to_numpy(g) for g in grads]


@pytest.mark.parametrize(
    "fn, shapes",
    [
        (lambda B, q, k, v: B.attention(q, k, v), [(2, 2, 5, 4)] * 3),
        (lambda B, q, k, v: B.attention(q, k, v, mask=B.array(_causal(5))), [(2, 2, 5, 4)] * 3),
        (lambda B, x, w, b: B.layer_norm(x, w, b), [(3, 5, 8), (8,), (8,)]),
    ],
    ids=["attention", "causal-attention", "layer-norm"],
)
def test_mlx_and_numpy_agree_on_values_and_gradients(fn, shapes):
    rng = np.random.default_rng(3)
    inputs = [rng.normal(size=s).astype(np.float32) for s in shapes]
    (v_np, g_np), (v_mx, g_mx) = (_values_and_grads(n, fn, inputs) for n in ("numpy", "mlx"))
    assert v_np == pytest.approx(v_mx, rel=1e-4, abs=1e-4)
    for a, b in zip(g_np, g_mx, strict=True):
        np.testing.assert_allclose(a, b, rtol=1e-3, atol=1e-4)
