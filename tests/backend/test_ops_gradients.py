"""Every core op of the NumPy engine: gradient against finite differences (float64)."""

import numpy as np
import pytest

from tests.backend.gradcheck import check_op

UNARY = {
    "tanh": lambda B, x: B.tanh(x),
    "sigmoid": lambda B, x: B.sigmoid(x),
    "relu": lambda B, x: B.relu(x + 0.05),
    "exp": lambda B, x: B.exp(x),
    "square": lambda B, x: B.square(x),
    "negative": lambda B, x: B.negative(x),
    "leaky_relu": lambda B, x: B.leaky_relu(x + 0.05, 0.1),
    "elu": lambda B, x: B.elu(x + 0.05),
    "softplus": lambda B, x: B.softplus(x),
    "silu": lambda B, x: B.silu(x),
    "gelu": lambda B, x: B.gelu(x),
    "softmax": lambda B, x: B.softmax(x, axis=-1),
    "log_softmax": lambda B, x: B.log_softmax(x, axis=-1),
    "sum_axis": lambda B, x: B.sum(x, axis=0),
    "mean_keepdims": lambda B, x: B.mean(x, axis=1, keepdims=True),
    "max": lambda B, x: B.max(x, axis=1),
    "logsumexp": lambda B, x: B.logsumexp(x, axis=1),
    "reshape": lambda B, x: B.reshape(x, (12,)) * np.arange(12.0),
    "transpose": lambda B, x: B.transpose(x),
    "swapaxes": lambda B, x: B.swapaxes(x, 0, 1),
    "expand_dims": lambda B, x: B.expand_dims(x, 0),
    "getitem": lambda B, x: x[np.array([0, 2, 2]), 1:3],
    "clip": lambda B, x: B.clip(x, -0.5, 0.5),
    "power": lambda B, x: (x * x + 1) ** 1.5,
}

POSITIVE = {
    "log": lambda B, x: B.log(x),
    "sqrt": lambda B, x: B.sqrt(x),
    "abs": lambda B, x: B.abs(x),
}

BINARY = {
    "add_broadcast": lambda B, a, b: a + b[0],
    "subtract": lambda B, a, b: a - b,
    "multiply_broadcast": lambda B, a, b: a * b[:, :1],
    "maximum": lambda B, a, b: B.maximum(a, b),
    "minimum": lambda B, a, b: B.minimum(a, b),
    "where": lambda B, a, b: B.where(np.eye(3, 4) > 0, a, b),
    "concatenate": lambda B, a, b: B.concatenate([a, b], axis=1),
    "stack": lambda B, a, b: B.stack([a, b], axis=0),
}


@pytest.mark.parametrize("name", sorted(UNARY))
def test_unary_gradient(name):
    check_op(UNARY[name], (3, 4))


@pytest.mark.parametrize("name", sorted(POSITIVE))
def test_positive_domain_gradient(name):
    check_op(POSITIVE[name], (3, 4), positive=True)


@pytest.mark.parametrize("name", sorted(BINARY))
def test_binary_gradient(name):
    check_op(BINARY[name], (3, 4), (3, 4))


def test_divide_gradient():
    check_op(lambda B, a, b: a / (B.square(b) + 1), (3, 4), (3, 4))


def test_matmul_gradient_including_batched():
    check_op(lambda B, a, b: a @ b, (3, 4), (4, 2))
    check_op(lambda B, a, b: B.matmul(a, b), (2, 3, 4), (4, 5))


def test_cross_entropy_gradient():
    labels = np.array([0, 2, 1])
    check_op(lambda B, z: B.cross_entropy(z, labels), (3, 4))
    check_op(lambda B, z: B.cross_entropy(z, labels, reduction="sum"), (3, 4))


def test_binary_cross_entropy_gradient():
    targets = np.array([0.0, 1.0, 1.0, 0.0])
    check_op(lambda B, z: B.binary_cross_entropy(z, targets), (4,))


def test_a_shared_node_accumulates_gradients():
    # y = x·x + x uses x three times: dy/dx = 2x + 1
    check_op(lambda B, x: x * x + x, (5,))


def test_gradient_is_zero_for_an_unused_parameter():
    from dltui.backend import get_backend

    B = get_backend("numpy")
    _, grads = B.value_and_grad(lambda p: B.sum(p["a"] * 2))({"a": np.ones(3), "b": np.ones(2)})
    np.testing.assert_array_equal(grads["a"], [2, 2, 2])
    np.testing.assert_array_equal(grads["b"], [0, 0])
