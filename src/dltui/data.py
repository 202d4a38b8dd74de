"""Loaders for the vendored data in assets/ (shipped as the package dltui._assets).

Every loader returns NumPy arrays and caches the parsed file; nothing is downloaded.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from functools import cache
from importlib import resources

import numpy as np


def _asset(name: str):
    return resources.files("dltui._assets") / name


@dataclass(frozen=True)
class Table:
    columns: tuple[str, ...]
    values: np.ndarray  # (rows, columns) float64

    def column(self, name: str) -> np.ndarray:
        return self.values[:, self.columns.index(name)]

    def select(self, names: tuple[str, ...]) -> np.ndarray:
        return np.stack([self.column(n) for n in names], axis=1)


@cache
def boston() -> Table:
    """Boston housing: 506 rows; 13 features and MEDV (median price, k$)."""
    lines = _asset("boston.csv").read_text(encoding="utf-8").splitlines()
    rows = list(csv.reader(io.StringIO("\n".join(lines[1:]))))
    header = tuple(rows[0])
    values = np.array([[float(v) for v in row] for row in rows[1:] if row], dtype=np.float64)
    return Table(header, values)


@cache
def iris() -> tuple[np.ndarray, np.ndarray, tuple[str, ...]]:
    """Iris: X (150, 4) float64, y (150,) int64 in {0, 1, 2}, class names."""
    lines = _asset("iris.csv").read_text(encoding="utf-8").splitlines()
    names = tuple(lines[0].split(",")[2:])
    data = np.array([[float(v) for v in line.split(",")] for line in lines[1:] if line])
    return data[:, :4], data[:, 4].astype(np.int64), names


IRIS_FEATURES = ("sepal length", "sepal width", "petal length", "petal width")


@cache
def digits() -> tuple[np.ndarray, np.ndarray]:
    """Handwritten digits: images (1797, 8, 8) uint8 in 0..16, labels (1797,)."""
    with _asset("digits8x8.npz").open("rb") as f:
        z = np.load(f)
        return z["images"], z["labels"].astype(np.int64)


@cache
def image(name: str) -> np.ndarray:
    """'camera' (96, 96) greyscale or 'astronaut' (96, 96, 3) RGB, uint8."""
    with _asset("images.npz").open("rb") as f:
        z = np.load(f)
        if name not in z.files:
            raise KeyError(f"no image {name!r}; available: {', '.join(z.files)}")
        return z[name]
