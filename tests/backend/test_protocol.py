"""The Backend protocol: both backends implement every op it names, the runner seeds through it,
and naming the chosen backend does not load MLX where MLX can have no GPU."""

import inspect
import subprocess
import sys

import numpy as np
import pytest

from dltui.backend import (
    BACKEND_CHOICES,
    OPS,
    Backend,
    describe_backend,
    get_backend,
    mlx_status,
)
from dltui.backend.numpy_backend import NumpyBackend
from dltui.engine.lab import LabSpec, Part, Record, RunContext
from dltui.engine.runner import Runner


def _protocol_ops() -> set[str]:
    return {
        name
        for name, member in vars(Backend).items()
        if inspect.isfunction(member) and not name.startswith("_")
    }


def test_ops_are_exactly_the_protocols_methods():
    assert set(OPS) == _protocol_ops()
    assert len(OPS) == len(set(OPS)), "an op is listed twice"


@pytest.mark.parametrize("name", ["numpy", "mlx"])
def test_each_backend_is_a_backend_with_every_op(name):
    B = get_backend(name)
    assert isinstance(B, Backend)
    assert B.name == B.info.name == name
    assert [op for op in OPS if not callable(getattr(B, op, None))] == []


@pytest.mark.parametrize("name", ["numpy", "mlx"])
def test_the_protocols_options_are_accepted_by_keyword(name):
    """mypy checks this statically; here at run time, for the ops written in Python."""
    B = get_backend(name)
    for op in sorted(OPS):
        wanted = [
            p.name
            for p in inspect.signature(getattr(Backend, op)).parameters.values()
            if p.kind in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY) and p.name != "self"
        ]
        try:
            have = inspect.signature(getattr(B, op)).parameters
        except (ValueError, TypeError):  # a compiled mlx.core function: mypy reads its stub
            continue
        if any(p.kind == p.VAR_KEYWORD for p in have.values()):
            continue
        assert set(wanted) <= set(have), (name, op, wanted, list(have))


def test_mlx_seed_makes_its_random_draws_repeat():
    import mlx.core as mx

    B = get_backend("mlx")
    B.seed(3)
    a = np.array(mx.random.normal((4,)))
    B.seed(3)
    b = np.array(mx.random.normal((4,)))
    B.seed(4)
    c = np.array(mx.random.normal((4,)))
    np.testing.assert_array_equal(a, b)
    assert not np.array_equal(a, c)


class _RecordingSeeds(NumpyBackend):
    def __init__(self) -> None:
        super().__init__("test")
        self.seeds: list[int] = []

    def seed(self, n: int, /) -> None:
        self.seeds.append(n)


def test_the_runner_seeds_through_the_backend():
    def run(ctx):
        for step in ctx.steps():
            yield Record(step, {"x": float(step)})

    lab = LabSpec("toy", "toy", "0", "", (), (Part("only", run, lambda c: []),))
    backend = _RecordingSeeds()
    events = list(Runner(lab, RunContext({}, backend, 42, max_steps=2)).events())
    assert events[-1].reason == "done"
    assert backend.seeds == [42]


@pytest.mark.parametrize("name", BACKEND_CHOICES)
def test_describe_backend_names_what_get_backend_builds(name):
    assert describe_backend(name) == get_backend(name).info


def test_describe_auto_keeps_its_reason():
    info = describe_backend("auto")
    usable, has_gpu, _ = mlx_status()
    assert info.name == ("mlx" if usable and has_gpu else "numpy")
    assert info.reason.startswith("auto:")


def _mlx_modules_after(code: str) -> list[str]:
    script = (
        code + "\nimport sys\nprint(sorted(m for m in sys.modules if m.split('.')[0] == 'mlx'))"
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    return eval(out.stdout.strip().splitlines()[-1])


def test_naming_the_backend_does_not_load_mlx_where_it_has_no_gpu():
    """With mlx[cpu] on Linux (no CUDA build: no GPU possible) choosing and labelling any backend
    never imports MLX. On macOS, `auto` must import it to look for Metal; `numpy` never does."""
    names = ("numpy",) if sys.platform == "darwin" else ("auto", "mlx", "numpy")
    loaded = _mlx_modules_after(
        "from dltui.backend import describe_backend, get_backend\n"
        f"for name in {names!r}:\n"
        "    describe_backend(name)\n"
        "    if name != 'mlx':\n"
        "        get_backend(name)\n"
    )
    assert loaded == []
    # …while building the MLX backend does load it (so the check above can fail).
    built = _mlx_modules_after("from dltui.backend import get_backend\nget_backend('mlx')")
    assert "mlx.core" in built
