"""Backend selection: `auto` prefers MLX only where it has a GPU (see design.md §2).

MLX's CPU build runs on a reference BLAS and was measured 2–15× slower than our NumPy engine
on every lab model, so on a CPU-only machine `auto` picks NumPy and says why.

Choosing is cheap: `describe_backend` names the backend `get_backend` would build, and why,
without building it, and MLX is imported only where it could have a GPU (macOS, or a CUDA build
of MLX on Linux). Elsewhere (mlx[cpu] on Linux) the installed files answer, so the app's UI
process draws its status line without loading MLX; the run's process builds the backend.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

from .base import OPS, Backend, BackendError, BackendInfo

BACKEND_CHOICES = ("auto", "mlx", "numpy")
_NO_MLX = "--backend mlx: {why}; install it with pip install 'mlx[cpu]'"

__all__ = [
    "BACKEND_CHOICES",
    "OPS",
    "Backend",
    "BackendError",
    "BackendInfo",
    "describe_backend",
    "get_backend",
    "mlx_status",
]


def mlx_status() -> tuple[bool, bool, str]:
    """(usable, has_gpu, why-not) for MLX; never raises.

    Imports MLX only where it could have a GPU; elsewhere the answer comes from the files MLX
    installed: its package, and the library it loads (`mlx/lib/libmlx*`, which plain `mlx` lacks
    on Linux without the `cpu` or `cuda` extra). There a GPU needs a CUDA build (`mlx-cuda-*`).
    """
    spec = importlib.util.find_spec("mlx")
    if spec is None or not spec.submodule_search_locations:
        return False, False, "MLX is not available (ModuleNotFoundError: No module named 'mlx')"
    if sys.platform != "darwin":
        package = Path(next(iter(spec.submodule_search_locations)))
        if not any((package / "lib").glob("libmlx*")):
            return False, False, "MLX is not available (its library libmlx is not installed)"
        if not any(package.parent.glob("mlx[_-]cuda*")):
            return True, False, ""  # CPU-only build: no GPU to look for, nothing to import
    try:
        from . import mlx_backend
    except (ImportError, OSError) as exc:  # plain `mlx` on Linux installs but fails to load
        return False, False, f"MLX is not available ({type(exc).__name__}: {exc})"
    return True, mlx_backend.device_has_gpu(), ""


def describe_backend(name: str = "auto") -> BackendInfo:
    """What `get_backend(name)` builds, on which device, and why; raises BackendError like it."""
    if name not in BACKEND_CHOICES:
        raise BackendError(
            "unknown backend {name!r}; choose one of {choices}",
            name=name,
            choices=", ".join(BACKEND_CHOICES),
        )
    if name == "numpy":
        return BackendInfo("numpy", "cpu", "asked for with --backend numpy")
    usable, has_gpu, why_not = mlx_status()
    device = "gpu" if has_gpu else "cpu"
    if name == "mlx":
        if not usable:
            raise BackendError(_NO_MLX, why=why_not)
        return BackendInfo("mlx", device, "asked for with --backend mlx")
    if usable and has_gpu:
        return BackendInfo("mlx", device, "auto: MLX has a GPU here")
    reason = (
        "auto: MLX has no GPU here and its CPU build is slower than NumPy"
        if usable
        else f"auto: {why_not}"
    )
    return BackendInfo("numpy", "cpu", reason)


def get_backend(name: str = "auto") -> Backend:
    info = describe_backend(name)
    if info.name == "numpy":
        from .numpy_backend import NumpyBackend

        return NumpyBackend(info.reason)
    try:
        from .mlx_backend import MlxBackend
    except (ImportError, OSError) as exc:
        why = f"MLX is not available ({type(exc).__name__}: {exc})"
        raise BackendError(_NO_MLX, why=why) from exc
    return MlxBackend(info.reason)
