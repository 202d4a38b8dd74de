"""attention: one training step of the lab's default transformer, and seconds to 99 % on reversal.

Ours runs the lab's own model code (dltui.labs.attention.model): one-hot embedding + learned
positions, 1 pre-norm layer (2 heads, d_model 32, FFN 128), Adam, batch 64 of reversal sequences
(T = 8, V = 8). PyTorch runs the same architecture written with torch.nn.functional
(scaled_dot_product_attention, layer_norm) and torch.optim.Adam.

`python -m benchmarks.cases_attention` also prints the teaching moment's wall time: seconds from
the start of a run until the held-out token accuracy first reaches 99 %, headless (flat out) and
with the lab screen open at 120×40 at the app's default pace (the step at which 99 % is reached
is found headless; runs are deterministic for a seed, so the screen's run reaches it at the same
step).
"""

from __future__ import annotations

# isort: off
import dltui  # noqa: F401  (first: it pins BLAS threads to one before NumPy loads)

# isort: on
import asyncio
import time
from collections.abc import Callable

import numpy as np

from dltui.backend.optim import Optimizer
from dltui.backend.tree import tree_map
from dltui.labs.attention import data as D
from dltui.labs.attention import model as M

from .harness import BenchCase

N, T, V, DM, H, L = 64, 8, 8, 32, 2, 1  # the lab's defaults


def _batch():
    rng = np.random.default_rng(0)
    x = D.sample("reverse", rng, N, T, V)
    return x, D.targets("reverse", x), rng


def _make_ours(B) -> Callable[[], None]:
    x, y, rng = _batch()
    net = M.Transformer(B, V, T, DM, H, False, "learned")
    state = {"p": tree_map(B.array, M.init_params(V, T, DM, L, "learned", rng))}
    opt = Optimizer("adam", 3e-3, B)
    state["opt"] = opt.init(state["p"])
    xo, yb = net.onehot(x), B.array(y.reshape(-1))
    loss_and_grad = B.value_and_grad(net.loss)

    def step() -> None:
        _, grads = loss_and_grad(state["p"], xo, yb)
        state["p"], state["opt"] = opt.update(state["p"], grads, state["opt"])
        B.eval(state["p"], state["opt"])

    return step


def _make_torch() -> Callable[[], None]:
    import torch
    import torch.nn.functional as F

    x_np, y_np, rng = _batch()
    p = {k: torch.tensor(v, requires_grad=True) for k, v in
         M.init_params(V, T, DM, L, "learned", rng).items() if k != "layers"}  # fmt: skip
    lp = {k: torch.tensor(v, requires_grad=True) for k, v in
          M.init_params(V, T, DM, L, "learned", rng)["layers"][0].items()}  # fmt: skip
    opt = torch.optim.Adam([*p.values(), *lp.values()], lr=3e-3)
    xo = torch.from_numpy(np.eye(V, dtype=np.float32)[x_np])
    y = torch.from_numpy(y_np.reshape(-1)).long()
    dk = DM // H

    def heads(a, W):
        return (a @ W).view(N, T, H, dk).transpose(1, 2)

    def step() -> None:
        opt.zero_grad()
        h = (xo @ p["E"] + p["P"]).reshape(N * T, DM)
        a = F.layer_norm(h, (DM,), lp["ln1_w"], lp["ln1_b"])
        z = F.scaled_dot_product_attention(heads(a, lp["Wq"]), heads(a, lp["Wk"]),
                                           heads(a, lp["Wv"]))  # fmt: skip
        h = h + z.transpose(1, 2).reshape(N * T, DM) @ lp["Wo"]
        a = F.layer_norm(h, (DM,), lp["ln2_w"], lp["ln2_b"])
        h = h + F.relu(a @ lp["W1"] + lp["b1"]) @ lp["W2"] + lp["b2"]
        logits = F.layer_norm(h, (DM,), p["lnf_w"], p["lnf_b"]) @ p["W_out"] + p["b_out"]
        F.cross_entropy(logits, y).backward()
        opt.step()

    return step


CASES = [
    BenchCase(f"transformer L={L} H={H} d={DM} T={T} B={N}", _make_ours, _make_torch),
]


# --- seconds to 99 % on reversal --------------------------------------------------------------


def steps_to_99(seed: int = 0, backend: str = "numpy") -> tuple[int, float]:
    """(first step whose held-out token accuracy ≥ 0.99, seconds), headless and flat out."""
    from dltui.backend import get_backend
    from dltui.content import resolve_config
    from dltui.engine.lab import RunContext
    from dltui.labs import get_lab

    lab = get_lab("attention")
    config, _ = resolve_config(lab, "reverse")
    ctx = RunContext(config, get_backend(backend), seed, max_steps=2000, snapshot_every=10**6)
    start = time.perf_counter()
    for record in lab.run(ctx):
        if record.metrics.get("test_accuracy", 0) >= 0.99:
            return record.step, time.perf_counter() - start
    raise RuntimeError("reversal did not reach 99 % in 2000 steps")


async def _screen_seconds(target: int) -> tuple[float, float]:
    """(seconds from the run's start to `target`, of which before the first step arrived)."""
    from dltui.tui.app import DltuiApp

    app = DltuiApp(backend="numpy")
    async with app.run_test(size=(120, 40)) as pilot:
        app.open_lab("attention")  # the default part and model: reversal
        await pilot.pause()
        status = app.screen.status
        first = None
        while status.step < target:
            await pilot.pause(0.02)
            if first is None and status.step >= 1:
                first = time.perf_counter() - status.started
            if status.state in ("diverged", "error", "done"):
                raise RuntimeError(f"{status.state}: {status.message}")
        return time.perf_counter() - status.started, first or 0.0


def main() -> None:
    import os

    load = os.getloadavg()[0]
    for backend in ("numpy", "mlx"):
        step, secs = steps_to_99(backend=backend)
        print(f"reversal, 99 % held-out ({backend}, headless, flat out): step {step}, {secs:.1f} s")
    step, _ = steps_to_99()
    shown, first = asyncio.run(_screen_seconds(step))
    print(
        f"reversal, 99 % held-out (numpy, screen open 120×40, default pace): {shown:.1f} s "
        f"({first:.1f} s of it before the first step reached the screen)"
    )
    print(f"(load average at start: {load:.1f})")


if __name__ == "__main__":
    main()
