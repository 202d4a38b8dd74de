"""rnn-gradients: one training step of each cell at the lab's default sizes.

Ours runs the lab's own model code (dltui.labs.rnn_gradients.model): forward over the whole sequence,
backward through time, Adam update — including the zero probe that yields ∂L/∂hₜ, since that is
the step the lab takes. PyTorch runs torch.nn.RNN/LSTM/GRU with a Linear readout and Adam.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from dltui.backend.optim import Optimizer
from dltui.labs.rnn_gradients import model as M

from .harness import BenchCase

N, T, H = 32, 50, 32  # the lab's defaults: batch, seq_len, hidden
D, C = M.INPUTS, M.SYMBOLS


def _make_ours(cell: str) -> Callable[[object], Callable[[], None]]:
    def make(B) -> Callable[[], None]:
        rng = np.random.default_rng(0)
        params = {k: B.array(v) for k, v in M.init_params(cell, D, H, C, rng).items()}
        x, y = M.batch(rng, N, T)
        x, y, probe = B.array(x), B.array(y), B.zeros((N, T, H))
        opt = Optimizer("adam", 0.01, B)
        state = {"opt": opt.init(params), "p": params}
        loss_and_grad = B.value_and_grad(M.make_loss(B, cell))

        def step() -> None:
            _, grads = loss_and_grad({"p": state["p"], "probe": probe}, x, y)
            state["p"], state["opt"] = opt.update(state["p"], grads["p"], state["opt"])
            B.eval(state["p"], state["opt"])

        return step

    return make


def _make_torch(cell: str) -> Callable[[], Callable[[], None]]:
    def make() -> Callable[[], None]:
        import torch

        torch.manual_seed(0)
        layer = {"rnn": torch.nn.RNN, "lstm": torch.nn.LSTM, "gru": torch.nn.GRU}[cell]
        rnn = layer(D, H, batch_first=True)
        head = torch.nn.Linear(H, C)
        params = [*rnn.parameters(), *head.parameters()]
        opt = torch.optim.Adam(params, lr=0.01)
        x_np, y_np = M.batch(np.random.default_rng(0), N, T)
        x, y = torch.from_numpy(x_np), torch.from_numpy(y_np).long()

        def step() -> None:
            opt.zero_grad()
            hs, _ = rnn(x)  # (N, T, H)
            loss = torch.nn.functional.cross_entropy(head(hs[:, -1]), y)
            loss.backward()
            opt.step()

        return step

    return make


CASES = [
    BenchCase(f"{cell} B={N} T={T} H={H}", _make_ours(cell), _make_torch(cell)) for cell in M.CELLS
]
