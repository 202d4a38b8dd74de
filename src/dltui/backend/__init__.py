"""Backend selection: `auto` prefers MLX only where it has a GPU (see design.md §2).

MLX's CPU build runs on a reference BLAS and was measured 2–15× slower than our NumPy engine
on every lab model, so on a CPU-only machine `auto` picks NumPy and says why.
"""

from __future__ import annotations

from types import SimpleNamespace

from .base import OPS, BackendError, BackendInfo

BACKEND_CHOICES = ("auto", "mlx", "numpy")

__all__ = ["BACKEND_CHOICES", "OPS", "BackendError", "BackendInfo", "get_backend", "mlx_status"]


def mlx_status() -> tuple[bool, bool, str]:
    """(importable, has_gpu, why-not) for MLX; never raises."""
    try:
        from . import mlx_backend
    except (ImportError, OSError) as exc:  # plain `mlx` on Linux installs but fails to load
        return False, False, f"MLX is not available ({type(exc).__name__}: {exc})"
    return True, mlx_backend.device_has_gpu(), ""


def get_backend(name: str = "auto") -> SimpleNamespace:
    from . import numpy_backend

    if name not in BACKEND_CHOICES:
        raise BackendError(f"unknown backend {name!r}; choose one of {', '.join(BACKEND_CHOICES)}")
    if name == "numpy":
        return _with_reason(numpy_backend.make_backend(), "asked for with --backend numpy")
    importable, has_gpu, why_not = mlx_status()
    if name == "mlx":
        if not importable:
            raise BackendError(f"--backend mlx: {why_not}; install it with pip install 'mlx[cpu]'")
        from . import mlx_backend

        return mlx_backend.make_backend("asked for with --backend mlx")
    if importable and has_gpu:
        from . import mlx_backend

        return mlx_backend.make_backend("auto: MLX has a GPU here")
    reason = (
        "auto: MLX has no GPU here and its CPU build is slower than NumPy"
        if importable
        else f"auto: {why_not}"
    )
    return _with_reason(numpy_backend.make_backend(), reason)


def _with_reason(backend: SimpleNamespace, reason: str) -> SimpleNamespace:
    backend.info = BackendInfo(backend.info.name, backend.info.device, reason)
    return backend
