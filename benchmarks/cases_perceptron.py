"""The perceptron playground's model, and the field its boundary heatmap redraws, per framework.

Cases:
- `playground 2-8-8-1 tanh spiral` — one full-batch Adam step of the playground's network on 400
  spiral points (the lab's own model code, dltui.labs.perceptron.model), vs the same network in
  PyTorch from the same initial weights.
- `boundary field 64×64` — what one frame of the live decision boundary costs the training
  thread: a forward pass over the 64×64 grid and the copy to NumPy the runner makes.

The frame rate of the boundary on screen is the widget's half: `boundary_grid()` returns a
sequence of real boundary fields (a network caught every few steps while it learns the spiral)
with the extent and the points, ready to feed `dltui.tui.widgets.Heatmap.set_data/set_points`
in `dltui.tui.widgets.framebench.measure_frames`; frames/s there, together with the field's
cost here, is the boundary's frame rate.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from dltui.backend.optim import Optimizer
from dltui.labs.perceptron import data as D
from dltui.labs.perceptron import model as M
from dltui.labs.perceptron.play import GRID_N

from .harness import BenchCase

SIZES = [2, 8, 8, 1]
POINTS, NOISE, LR = 400, 0.1, 0.03


def _data_and_init():
    """The spiral and Glorot weights, drawn once in NumPy: every framework starts the same."""
    rng = np.random.default_rng(0)
    x, y = D.make_2d("spiral", POINTS, NOISE, rng)
    params = M.init_params(SIZES, rng, _NumpyArrays)
    return x.astype(np.float32), y.astype(np.float32), params


class _NumpyArrays:  # the one op init_params needs, without choosing a backend
    array = staticmethod(lambda a: np.asarray(a, np.float32))


def make_ours(B) -> Callable[[], None]:
    x, y, init = _data_and_init()
    params = {k: [B.array(a) for a in v] for k, v in init.items()}
    loss_and_grad = B.value_and_grad(M.make_loss(B, "tanh", 2))
    opt = Optimizer("adam", LR, B)
    X, Y = B.array(x), B.array(y)  # (400, 2), (400,)
    state = {"params": params, "opt": opt.init(params)}

    def step() -> None:
        _, grads = loss_and_grad(state["params"], X, Y, 0.0)
        state["params"], state["opt"] = opt.update(state["params"], grads, state["opt"])
        B.eval(state["params"], state["opt"])

    return step


def make_torch() -> Callable[[], None]:
    import torch

    x, y, init = _data_and_init()
    layers: list[torch.nn.Module] = []
    for i, (W, b) in enumerate(zip(init["W"], init["b"], strict=True)):
        lin = torch.nn.Linear(*W.shape)
        with torch.no_grad():
            lin.weight.copy_(torch.from_numpy(W.T.copy()))
            lin.bias.copy_(torch.from_numpy(b))
        layers += [lin] if i == len(init["W"]) - 1 else [lin, torch.nn.Tanh()]
    net = torch.nn.Sequential(*layers)
    opt = torch.optim.Adam(net.parameters(), lr=LR)
    loss_fn = torch.nn.BCEWithLogitsLoss()
    X, Y = torch.from_numpy(x), torch.from_numpy(y)

    def step() -> None:
        opt.zero_grad()
        loss = loss_fn(net(X)[:, 0], Y)
        loss.backward()
        opt.step()

    return step


def make_field_ours(B) -> Callable[[], None]:
    _, _, init = _data_and_init()
    params = {k: [B.array(a) for a in v] for k, v in init.items()}
    grid = B.array(D.grid(D.EXTENT, GRID_N, GRID_N))  # (64·64, 2)

    def frame() -> None:
        field = M.boundary_field(B, params, "tanh", grid, (GRID_N, GRID_N))
        B.to_numpy(field)  # the runner's conversion is part of the frame's cost

    return frame


def make_field_torch() -> Callable[[], None]:
    import torch

    _, _, init = _data_and_init()
    Ws = [torch.from_numpy(W) for W in init["W"]]
    bs = [torch.from_numpy(b) for b in init["b"]]
    grid = torch.from_numpy(D.grid(D.EXTENT, GRID_N, GRID_N))

    def frame() -> None:
        with torch.no_grad():
            h = grid
            for i, (W, b) in enumerate(zip(Ws, bs, strict=True)):
                h = h @ W + b
                if i < len(Ws) - 1:
                    h = torch.tanh(h)
            torch.tanh(0.5 * h).reshape(GRID_N, GRID_N).numpy()

    return frame


def boundary_grid(frames: int = 30, steps_between: int = 20) -> dict[str, object]:
    """Real boundary fields for the widget benchmark: the playground learning the spiral.

    Returns {'fields': [(64, 64) float32 in [−1, 1], ...], 'extent': (x0, x1, y0, y1),
    'px', 'py', 'pc': the points as the lab sends them (pc: 0/1 train, 2/3 test)}.
    """
    from dltui.backend import get_backend
    from dltui.content import resolve_config
    from dltui.engine.lab import RunContext
    from dltui.labs import get_lab

    lab = get_lab("perceptron")
    config, _ = resolve_config(lab, "spiral")
    ctx = RunContext(config, get_backend("numpy"), 0, frames * steps_between, steps_between)
    fields, last = [], None
    for record in lab.run(ctx):
        if record.tensors and "boundary" in record.tensors:
            fields.append(np.asarray(record.tensors["boundary"], np.float32))
            last = record.tensors
    assert last is not None
    return {
        "fields": fields,
        "extent": tuple(float(v) for v in last["extent"]),
        **{k: np.asarray(last[k]) for k in ("px", "py", "pc")},
    }


CASES = [
    BenchCase("playground 2-8-8-1 tanh spiral400", make_ours, make_torch),
    BenchCase(f"boundary field {GRID_N}×{GRID_N} (1 frame)", make_field_ours, make_field_torch),
]
