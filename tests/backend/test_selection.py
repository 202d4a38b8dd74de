"""Backend choice: auto picks MLX only with a GPU and always says why; bad names are refused."""

import pytest

from dltui.backend import BackendError, get_backend, mlx_status


def test_auto_explains_its_choice():
    B = get_backend("auto")
    importable, has_gpu, _ = mlx_status()
    assert B.name == ("mlx" if importable and has_gpu else "numpy")
    assert B.info.reason.startswith("auto:")


def test_explicit_backends_work_here():
    assert get_backend("numpy").name == "numpy"
    assert get_backend("mlx").name == "mlx"  # mlx[cpu] is a dependency on Linux


def test_unknown_backend_is_refused_with_the_choices():
    with pytest.raises(BackendError, match="auto, mlx, numpy"):
        get_backend("tpu")


def test_missing_mlx_falls_back_with_a_reason(monkeypatch):
    import dltui.backend as backend

    monkeypatch.setattr(backend, "mlx_status", lambda: (False, False, "MLX is not available (x)"))
    B = backend.get_backend("auto")
    assert B.name == "numpy" and "MLX is not available" in B.info.reason
    with pytest.raises(BackendError, match="not available"):
        backend.get_backend("mlx")
