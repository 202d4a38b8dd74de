"""The cnn lab's LeNet-5: one training step (Adam, batch 64) per framework.

Cases:
- `LeNet-5 32×32, batch 64` — the course's network (61,706 parameters) on the padded MNIST
  digits: conv 6@5×5 → ReLU → max-pool → conv 16@5×5 → ReLU → max-pool → 120 → 84 → 10, the
  lab's own model code (dltui.labs.cnn.model), forward, backward and the Adam update;
- `LeNet-5 8×8 (3×3 same), batch 64` — the same stack on the small digits (the `digits8`
  preset: 3×3 kernels, 'same' padding), where per-call overhead weighs more than arithmetic.

PyTorch runs the same network from the same initial weights (NCHW, its own conv kernels),
single-threaded like our engine (see benchmarks/models.py).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from dltui.backend.optim import Optimizer
from dltui.labs.cnn import model as M
from dltui.labs.cnn.data import load

from .harness import BenchCase

BATCH, LR = 64, 0.002


def _arch(input_size: str) -> M.Arch:
    if input_size == "8x8":
        return M.build((8, 8, 1), (6, 16), 3, (120, 84), padding="same")
    return M.build((32, 32, 1), (6, 16), 5, (120, 84))


def _setup(input_size: str):
    """A fixed batch of real digits and the Glorot init, drawn once in NumPy."""
    d = load(input_size)
    x, y = d.x_train[:BATCH], d.y_train[:BATCH]
    arch = _arch(input_size)
    return arch, x, y, M.init_params(arch, np.random.default_rng(0))


def make_ours(input_size: str) -> Callable[[object], Callable[[], None]]:
    def make(B) -> Callable[[], None]:
        arch, x, y, init = _setup(input_size)
        params = M.to_backend(B, init)
        loss_and_grad = B.value_and_grad(M.make_loss(B, arch, "relu"))
        opt = Optimizer("adam", LR, B)
        X, Y = B.array(x), B.array(y)
        state = {"params": params, "opt": opt.init(params)}

        def step() -> None:
            _, grads = loss_and_grad(state["params"], X, Y, None, 0.0)
            state["params"], state["opt"] = opt.update(state["params"], grads, state["opt"])
            B.eval(state["params"], state["opt"])

        return step

    return make


def make_torch(input_size: str) -> Callable[[], Callable[[], None]]:
    def make() -> Callable[[], None]:
        import torch

        arch, x, y, init = _setup(input_size)
        layers: list[torch.nn.Module] = []
        c_in = 1
        for (f, k), w, b in zip(arch.convs, init["conv_w"], init["conv_b"], strict=True):
            conv = torch.nn.Conv2d(c_in, f, k, padding=arch.pad(k))
            with torch.no_grad():
                conv.weight.copy_(torch.from_numpy(w.transpose(0, 3, 1, 2).copy()))
                conv.bias.copy_(torch.from_numpy(b))
            layers += [conv, torch.nn.ReLU(), torch.nn.MaxPool2d(2)]
            c_in = f
        h, w_, c = next(layer.shape for layer in arch.layers if layer.kind == "MaxPooling2D" and
                        layer.name == f"pool {len(arch.convs)}")  # fmt: skip
        layers.append(torch.nn.Flatten())
        for i, (W, b) in enumerate(zip(init["W"], init["b"], strict=True)):
            if i == 0:  # our flatten is (h, w, c), torch's (c, h, w): reorder the rows
                W = W.reshape(h, w_, c, -1).transpose(2, 0, 1, 3).reshape(h * w_ * c, -1)
            lin = torch.nn.Linear(*W.shape)
            with torch.no_grad():
                lin.weight.copy_(torch.from_numpy(np.ascontiguousarray(W.T)))
                lin.bias.copy_(torch.from_numpy(b))
            layers += [lin] if i == len(init["W"]) - 1 else [lin, torch.nn.ReLU()]
        net = torch.nn.Sequential(*layers)
        opt = torch.optim.Adam(net.parameters(), lr=LR)
        loss_fn = torch.nn.CrossEntropyLoss()
        X = torch.from_numpy(np.ascontiguousarray(x.transpose(0, 3, 1, 2)))
        Y = torch.from_numpy(y)

        def step() -> None:
            opt.zero_grad()
            loss = loss_fn(net(X), Y)
            loss.backward()
            opt.step()

        return step

    return make


CASES = [
    BenchCase("LeNet-5 32×32, batch 64, Adam", make_ours("32x32"), make_torch("32x32")),
    BenchCase("LeNet-5 8×8 (3×3 same), batch 64", make_ours("8x8"), make_torch("8x8")),
]
