"""Benchmark cases of the gradient-descent lab: its three model families, one update per step.

`make_ours(B)` drives the lab's own Trainer and Sampler (what a run does each step, batch
drawing and the gradients' copy for the worked-update text included); `make_torch()` trains
the same model on the same rows in PyTorch, with PyTorch's own optimizer.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from dltui.engine.params import defaults
from dltui.labs.gradient_descent import PARAMS
from dltui.labs.gradient_descent.data import Data, load
from dltui.labs.gradient_descent.models import GDModel, build
from dltui.labs.gradient_descent.train import Sampler, Trainer

from .harness import BenchCase

RM_PRICE = {"model": "rm-price", "lr": 1e-5}
LINEAR = {"model": "linear", "features": "all", "standardize": True, "val_split": 0.2, "lr": 0.05}
MLP = {"model": "mlp", "features": "course", "standardize": True, "val_split": 0.2}
MLP |= {"optimizer": "adam", "batch_size": 32, "lr": 1e-3}


def _setup(overrides: dict) -> tuple[dict, Data, GDModel]:
    config = defaults(PARAMS) | overrides
    data = load(config, np.random.default_rng(0))
    return config, data, build(config, len(data.names))


def _ours(overrides: dict) -> Callable[[object], Callable[[], None]]:
    def make(B) -> Callable[[], None]:
        config, data, model = _setup(overrides)
        rng = np.random.default_rng(0)
        kind, lr, size = config["optimizer"], config["lr"], config["batch_size"]
        trainer = Trainer(B, model, data, model.init(rng), kind, lr)
        sampler = Sampler(data.n_train, rng)

        def step() -> None:
            trainer.step(sampler.next(kind, size), kind, lr)  # evaluates with B.eval

        return step

    return make


def _torch_rm_price() -> Callable[[], None]:
    import torch

    _, data, _ = _setup(RM_PRICE)
    x = torch.tensor(data.x_train[:, 0], dtype=torch.float64)  # (506,)
    y = torch.tensor(data.y_train, dtype=torch.float64)
    w = torch.zeros(1, dtype=torch.float64, requires_grad=True)
    opt = torch.optim.SGD([w], lr=RM_PRICE["lr"])

    def step() -> None:
        opt.zero_grad()
        ((x * w - y) ** 2).sum().backward()  # L(w) = Σ (w·xᵢ − yᵢ)²
        opt.step()

    return step


def _torch_regression(overrides: dict, layers: Callable) -> Callable[[], None]:
    import torch

    config, data, _ = _setup(overrides)
    torch.manual_seed(0)
    X = torch.tensor(data.x_train, dtype=torch.float32)  # (n, d)
    y = torch.tensor(data.y_train, dtype=torch.float32)  # (n,)
    net = layers(torch.nn, X.shape[1])
    kind, lr, size = config["optimizer"], config["lr"], config["batch_size"]
    opt = torch.optim.Adam(net.parameters(), lr=lr) if kind == "adam" else None
    opt = opt or torch.optim.SGD(net.parameters(), lr=lr)
    state = {"order": torch.randperm(len(y)), "pos": 0}

    def step() -> None:
        if kind == "gd" or size >= len(y):
            xb, yb = X, y
        else:
            if state["pos"] + size > len(y):
                state["order"], state["pos"] = torch.randperm(len(y)), 0
            idx = state["order"][state["pos"] : state["pos"] + size]
            state["pos"] += size
            xb, yb = X[idx], y[idx]
        opt.zero_grad()
        ((net(xb).reshape(-1) - yb) ** 2).mean().backward()
        opt.step()

    return step


def _linear_layers(nn, d):
    return nn.Linear(d, 1)


def _mlp_layers(nn, d):
    return nn.Sequential(nn.Linear(d, 100), nn.ReLU(), nn.Linear(100, 1), nn.ReLU())


CASES = [
    BenchCase("rm-price gd (506 rows, 1 weight, f64)", _ours(RM_PRICE), _torch_rm_price),
    BenchCase(
        "linear gd (404×12, full batch)",
        _ours(LINEAR),
        lambda: _torch_regression(LINEAR, _linear_layers),
    ),
    BenchCase(
        "mlp 6→100→1 adam (batch 32)", _ours(MLP), lambda: _torch_regression(MLP, _mlp_layers)
    ),
]
