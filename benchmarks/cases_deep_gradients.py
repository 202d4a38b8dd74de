"""The deep-gradients lab's model: one full-batch SGD step of a 20-layer, 64-wide tanh MLP on 400
2-D points (the lab's own model code, dltui.labs.deep_gradients.model), vs the same network in
PyTorch from the same initial weights."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from dltui.backend.optim import Optimizer
from dltui.labs.deep_gradients import model as M
from dltui.labs.perceptron.data import make_2d

from .harness import BenchCase

CONFIG = {
    "depth": 20, "width": 64, "activation": "tanh", "init": "glorot", "init_scale": 1.0,
    "residual": False, "batchnorm": False,
}  # fmt: skip
POINTS, LR = 400, 0.1


def _data_and_init():
    rng = np.random.default_rng(0)
    x, y = make_2d("circles", POINTS, 0.1, rng)
    return x.astype(np.float32), y.astype(np.float32)[:, None], M.init_params(rng, CONFIG)


def make_ours(B) -> Callable[[], None]:
    x, y, init = _data_and_init()
    params = {k: [B.array(a) for a in v] for k, v in init.items()}
    loss_and_grad = B.value_and_grad(M.make_loss(B, CONFIG))
    opt = Optimizer("sgd", LR, B)
    X, Y = B.array(x), B.array(y)
    state = {"params": params, "opt": opt.init(params)}

    def step() -> None:
        _, grads = loss_and_grad(state["params"], X, Y)
        state["params"], state["opt"] = opt.update(state["params"], grads, state["opt"])
        B.eval(state["params"], state["opt"])

    return step


def make_torch() -> Callable[[], None]:
    import torch

    x, y, init = _data_and_init()
    Ws = [torch.from_numpy(w).requires_grad_() for w in init["W"]]
    bs = [torch.from_numpy(b).requires_grad_() for b in init["b"]]
    opt = torch.optim.SGD(Ws + bs, lr=LR)
    X, Y = torch.from_numpy(x), torch.from_numpy(y)
    loss_fn = torch.nn.BCEWithLogitsLoss()

    def step() -> None:
        opt.zero_grad()
        h = X
        for W, b in zip(Ws[:-1], bs[:-1], strict=True):
            h = torch.tanh(h @ W + b)
        loss = loss_fn(h @ Ws[-1] + bs[-1], Y)
        loss.backward()
        opt.step()

    return step


CASES = [BenchCase("deep MLP 20×64 tanh, 400 points, SGD", make_ours, make_torch)]
