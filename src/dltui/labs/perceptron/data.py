"""The perceptron lab's data: the playground's 2-D sets, the course's tables, Iris, and the split.

Every random draw comes from the run's NumPy generator (`ctx.rng`), so the same seed gives the
same points on every backend. The playground's sets follow TensorFlow Playground's recipes,
scaled to the square [−1, 1]²: the network reads raw coordinates, and inputs of order 1 suit
tanh and Glorot-initialised weights without any standardisation step to explain.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ...engine.i18n import tr
from ...engine.params import ParamError
from ..common import csvdata

DATASETS = ("xor", "circles", "gauss", "spiral")
EXTENT = (-1.3, 1.3, -1.3, 1.3)  # (x0, x1, y0, y1) of the boundary heatmap, margin for noise

# The course's exercise 1: one tanh neuron on six (y, x) rows.
COURSE_TANH = np.array(
    [(0, -1.2), (1, 0.3), (0, -0.1), (1, 0.0), (0, -0.4), (1, 0.7)], dtype=np.float64
)  # (6, 2): y, x
# The course's exercise 2: XOR in ±1 coding, (y, x1, x2).
COURSE_XOR = np.array([(0, -1, -1), (1, -1, 1), (0, 1, 1), (1, 1, -1)], dtype=np.float64)


@dataclass(frozen=True)
class Split:
    """Train and test points; y holds class indices (0/1 for the playground, 0..2 for Iris)."""

    x_train: np.ndarray  # (N, D) float32
    y_train: np.ndarray  # (N,) int64
    x_test: np.ndarray  # (M, D) float32, M may be 0
    y_test: np.ndarray  # (M,) int64


def split_sizes(n: int, test_ratio: float) -> tuple[int, int]:
    """(train, test) sizes: the test share is rounded, the rest trains."""
    n_test = int(round(n * test_ratio))
    return n - n_test, n_test


def make_2d(name: str, n: int, noise: float, rng: np.random.Generator) -> tuple[np.ndarray, ...]:
    """n points of the named set: X (n, 2) in about [−1, 1]², y (n,) in {0, 1}."""
    if name == "xor":
        return _xor(n, noise, rng)
    if name == "circles":
        return _circles(n, noise, rng)
    if name == "gauss":
        return _gauss(n, noise, rng)
    if name == "spiral":
        return _spiral(n, noise, rng)
    raise ValueError(f"unknown data set {name!r}; choose one of {', '.join(DATASETS)}")


def _xor(n: int, noise: float, rng: np.random.Generator):
    # Uniform in the square, pushed 0.06 off the axes; the label comes from a jittered copy of
    # the point, so noise blurs the quadrant edges rather than moving the points.
    p = rng.uniform(-1, 1, (n, 2))  # (n, 2)
    p += np.where(p > 0, 0.06, -0.06)
    jitter = rng.uniform(-1, 1, (n, 2)) * noise  # (n, 2)
    q = p + jitter
    y = (q[:, 0] * q[:, 1] >= 0).astype(np.int64)  # quadrants I and III are class 1
    return p / 1.06, y


def _circles(n: int, noise: float, rng: np.random.Generator):
    inner = n // 2
    r = np.concatenate([rng.uniform(0, 0.5, inner), rng.uniform(0.7, 1.0, n - inner)])  # (n,)
    t = rng.uniform(0, 2 * np.pi, n)
    p = np.stack([r * np.cos(t), r * np.sin(t)], axis=1)  # (n, 2)
    q = p + rng.uniform(-1, 1, (n, 2)) * noise
    y = (np.hypot(q[:, 0], q[:, 1]) < 0.5).astype(np.int64)  # the inner disc is class 1
    return p, y


def _gauss(n: int, noise: float, rng: np.random.Generator):
    half = n // 2
    std = 0.12 + 0.4 * noise
    a = rng.normal((0.4, 0.4), std, (half, 2))
    b = rng.normal((-0.4, -0.4), std, (n - half, 2))
    y = np.concatenate([np.ones(half, np.int64), np.zeros(n - half, np.int64)])
    return np.concatenate([a, b]), y


def _spiral(n: int, noise: float, rng: np.random.Generator):
    half = n // 2
    parts = []
    for label, count, delta in ((1, half, 0.0), (0, n - half, np.pi)):
        i = np.arange(count) / count
        r = i  # radius grows from 0 to 1 ...
        t = 1.75 * 2 * np.pi * i + delta  # ... over 1.75 turns; class 0 is class 1 turned by π
        p = np.stack([r * np.sin(t), r * np.cos(t)], axis=1)  # (count, 2)
        p += rng.uniform(-1, 1, (count, 2)) * noise * 0.2
        parts.append((p, np.full(count, label, np.int64)))
    return np.concatenate([p for p, _ in parts]), np.concatenate([y for _, y in parts])


def is_csv(config) -> bool:
    """True when the `dataset` knob names a file (anything but the four built-in sets)."""
    return config["dataset"] not in DATASETS


def own(config) -> tuple[np.ndarray, np.ndarray, str]:
    """A learner's CSV file for the playground: X (n, 2) scaled to [−1, 1]², y (n,) in {0, 1},
    and a note (file, shape, columns, classes); a one-line ParamError for anything amiss.

    Two input columns (features=a,b; auto: the first two besides the target), one target
    column of exactly two classes (text or numbers; the playground draws P(class 1))."""
    table = csvdata.read("dataset", config["dataset"])
    target = table.header[-1] if config["target"] == "auto" else config["target"]
    table.index("target", target)
    if config["features"] == "auto":
        names = tuple(c for c in table.header if c != target)[:2]
    else:
        names = csvdata.columns("features", table, config["features"])
        if target in names:
            raise ParamError(
                tr("features: {target!r} is the target; it cannot be an input too", target=target)
            )
    if len(names) != 2:
        raise ParamError(
            tr(
                "features: the playground draws two inputs, {n} given; name two (a,b)",
                n=len(names),
            )
        )
    y, classes = csvdata.classes("target", table, target)
    if len(classes) > 2:
        shown = ", ".join(classes[:4]) + (", …" if len(classes) > 4 else "")
        raise ParamError(
            tr(
                "target: the playground separates two classes; {target!r} has {n} ({shown})",
                target=target,
                n=len(classes),
                shown=shown[:60],
            )
        )
    x = csvdata.numbers("dataset", table, names)  # (n, 2)
    lo, hi = x.min(axis=0), x.max(axis=0)
    x = 2 * (x - lo) / (hi - lo) - 1  # each input min-max scaled to [−1, 1] (the map's square)
    note = "\n".join(
        (
            table.about(),
            tr("inputs {a}, {b} (scaled to −1…1)", a=names[0], b=names[1]),
            tr(
                "target {target}: class 0 = {c0}, class 1 = {c1}",
                target=target,
                c0=classes[0][:20],
                c1=classes[1][:20],
            ),
        )
    )
    return x, y, note


def split(x: np.ndarray, y: np.ndarray, test_ratio: float, rng: np.random.Generator) -> Split:
    """Shuffle once, then cut: the first share tests, the rest trains."""
    order = rng.permutation(len(x))
    _, n_test = split_sizes(len(x), test_ratio)
    test, train = order[:n_test], order[n_test:]
    f32 = np.float32
    return Split(x[train].astype(f32), y[train], x[test].astype(f32), y[test])


def standardize(s: Split) -> tuple[Split, np.ndarray, np.ndarray]:
    """Scale features with the TRAIN mean and std only (the test set must stay unseen)."""
    mean = s.x_train.mean(axis=0)
    std = s.x_train.std(axis=0) + 1e-8
    return (
        Split((s.x_train - mean) / std, s.y_train, (s.x_test - mean) / std, s.y_test),
        mean,
        std,
    )


def grid(extent: tuple[float, float, float, float], nx: int, ny: int) -> np.ndarray:
    """Cell centres of an (ny, nx) grid over the extent, row 0 at the bottom: (ny·nx, 2)."""
    x0, x1, y0, y1 = extent
    xs = np.linspace(x0, x1, nx, dtype=np.float32)
    ys = np.linspace(y0, y1, ny, dtype=np.float32)
    gx, gy = np.meshgrid(xs, ys)  # (ny, nx) each
    return np.stack([gx.ravel(), gy.ravel()], axis=1)  # (ny·nx, 2)
