"""Model throughput: every lab's BenchCase on numpy, mlx and (if installed) PyTorch, side by side."""

from __future__ import annotations

import importlib
import pkgutil

import benchmarks

from .harness import BenchCase, steps_per_second


def all_cases() -> list[tuple[str, BenchCase]]:
    cases = []
    for info in sorted(pkgutil.iter_modules(benchmarks.__path__), key=lambda i: i.name):
        if info.name.startswith("cases_"):
            module = importlib.import_module(f"benchmarks.{info.name}")
            cases += [(info.name.removeprefix("cases_"), c) for c in module.CASES]
    return cases


def torch_available() -> bool:
    try:
        import torch

        torch.set_num_threads(1)  # single-threaded, like our NumPy engine (see dltui/__init__.py)
        return True
    except ImportError:
        return False


def run_models(seconds: float) -> list[dict]:
    from dltui.backend import get_backend

    backends = {"numpy": get_backend("numpy")}
    try:
        backends["mlx"] = get_backend("mlx")
    except Exception as exc:  # noqa: BLE001  (a benchmark reports, never stops)
        print(f"# mlx unavailable: {exc}")
    has_torch = torch_available()
    rows = []
    for lab, case in all_cases():
        row = {"lab": lab, "model": case.name}
        for name, B in backends.items():
            row[name] = steps_per_second(case.make_ours(B), seconds)
        if has_torch and case.make_torch is not None:
            row["torch"] = steps_per_second(case.make_torch(), seconds)
        rows.append(row)
        print(_format_row(row), flush=True)
    return rows


HEADER = f"{'lab':<18} {'model':<34} {'numpy/s':>9} {'mlx/s':>9} {'torch/s':>9} {'np/torch':>9} {'mlx/np':>7}"


def _format_row(r: dict) -> str:
    def num(key):
        return f"{r[key]:9.0f}" if key in r else f"{'—':>9}"

    np_torch = f"{r['numpy'] / r['torch']:9.2f}" if "torch" in r else f"{'—':>9}"
    mlx_np = f"{r['mlx'] / r['numpy']:7.2f}" if "mlx" in r else f"{'—':>7}"
    return f"{r['lab']:<18} {r['model']:<34} {num('numpy')} {num('mlx')} {num('torch')} {np_torch} {mlx_np}"
