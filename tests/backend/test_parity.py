"""MLX and the NumPy engine agree: same init and data → same losses, gradients and updates.

MLX (`mlx[cpu]`) is a test dependency on Linux, so these run in CI; they are not skipped.
"""

import numpy as np
import pytest

from dltui.backend import OPS, get_backend
from dltui.backend.optim import OPTIMIZERS, Optimizer

BACKENDS = ("numpy", "mlx")


@pytest.mark.parametrize("name", BACKENDS)
def test_backend_provides_every_op(name):
    B = get_backend(name)
    missing = [op for op in OPS if not callable(getattr(B, op, None))]
    assert missing == []


def _mlp_loss(B):
    def loss(p, X, y):
        h = B.tanh(B.matmul(X, p["W1"]) + p["b1"])  # (N, H)
        z = B.matmul(h, p["W2"]) + p["b2"]  # (N, C)
        return B.cross_entropy(z, y)

    return loss


def _init(rng):
    return {
        "W1": rng.normal(0, 0.5, (4, 16)),
        "b1": np.zeros(16),
        "W2": rng.normal(0, 0.5, (16, 3)),
        "b2": np.zeros(3),
    }


def _train(name: str, kind: str, steps: int = 20):
    B = get_backend(name)
    rng = np.random.default_rng(0)
    X = B.array(rng.normal(size=(32, 4)))
    y = B.array(rng.integers(0, 3, 32))
    params = {k: B.array(v) for k, v in _init(rng).items()}
    opt = Optimizer(kind, 0.05, B)
    state = opt.init(params)
    step = B.value_and_grad(_mlp_loss(B))
    losses = []
    for _ in range(steps):
        loss, grads = step(params, X, y)
        params, state = opt.update(params, grads, state)
        B.eval(params)
        losses.append(float(B.to_numpy(loss)))
    return np.array(losses)


@pytest.mark.parametrize("kind", OPTIMIZERS)
def test_training_curves_match(kind):
    ours, mlx = _train("numpy", kind), _train("mlx", kind)
    assert ours[-1] < ours[0]  # it learns
    np.testing.assert_allclose(ours, mlx, rtol=2e-3, atol=2e-4)


def test_gradients_match_for_every_activation():
    rng = np.random.default_rng(1)
    x = rng.normal(size=(5, 3))
    for act in ("tanh", "sigmoid", "relu", "leaky_relu", "elu", "softplus", "silu", "gelu"):
        results = []
        for name in BACKENDS:
            B = get_backend(name)
            f = B.value_and_grad(lambda v, B=B, act=act: B.sum(getattr(B, act)(v) * v))
            value, grad = f(B.array(x))
            results.append((float(B.to_numpy(value)), B.to_numpy(grad)))
        assert results[0][0] == pytest.approx(results[1][0], rel=1e-4), act
        np.testing.assert_allclose(results[0][1], results[1][1], rtol=1e-4, atol=1e-5, err_msg=act)
