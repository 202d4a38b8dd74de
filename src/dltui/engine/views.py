"""What a lab asks the screen to show, as plain data (no Textual here).

A lab's `views(config)` returns a list of these; the app maps each to a widget and feeds it the
records of the run. Metric views read `record.metrics` over steps; tensor views read the latest
`record.tensors[name]` (latest wins). Keeping this declarative lets every lab share one screen.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace


@dataclass(frozen=True)
class Curves:
    """Metrics over training steps, one line per metric name."""

    title: str
    metrics: tuple[str, ...]
    logy: bool = False
    weight: int = 1  # relative height in the plot column
    ylim: tuple[float, float] | None = None  # fixed y range (e.g. R² in [0, 1]); None: fit data
    xlabel: str = "step"  # what the x axis counts: "step", "epoch", "update"
    ylabel: str = ""  # the y axis's name, with its unit: "MSE (k$²)"; "" when the title says it
    labels: tuple[str, ...] = ()  # the legend's names, one per metric; (): the metric names

    def __post_init__(self) -> None:
        if self.labels and len(self.labels) != len(self.metrics):
            raise ValueError(f"{len(self.labels)} labels for {len(self.metrics)} metrics")


@dataclass(frozen=True)
class Lines:
    """Lines or point clouds read from tensors: each series is (label, x tensor, y tensor, style).

    `markers` are highlighted points (a trajectory's current position); `vline` a cursor position
    read from a metric.
    """

    title: str
    series: tuple[tuple[str, str, str, str], ...]
    markers: tuple[tuple[str, str, str], ...] = ()
    vline: str | None = None
    vline_label: str = ""  # the cursor's name in the legend: "cursor (← →)"; "": not listed
    logy: bool = False
    xlim: tuple[float, float] | None = None
    ylim: tuple[float, float] | None = None
    weight: int = 1
    xlabel: str = ""  # axis names, with their units: "w", "price (k$)"
    ylabel: str = ""


@dataclass(frozen=True)
class Heatmap:
    """A 2-D field (row 0 at the bottom) with optional points (x, y, class) and a path (x, y)."""

    title: str
    field: str
    extent: str | None = None  # tensor holding (x0, x1, y0, y1)
    points: tuple[str, str, str] | None = None
    path: tuple[str, str] | None = None
    palette: str = "viridis"
    log: bool = False
    levels: int | None = None
    weight: int = 1
    # Tensor holding (vmin, vmax): fixes the colour scale, e.g. one scale shared by heatmaps side
    # by side so equal colours mean equal values. None: each map scales to its own data.
    vlim: str | None = None
    # A bounded quantity's fixed colour range, whatever the current values: (0, 1) for a
    # probability, (-1, 1) for a tanh output, so "≈ 0 everywhere" never looks confident.
    vrange: tuple[float, float] | None = None
    xlabel: str = ""  # what the axes are: "x1", "time step t"
    ylabel: str = ""
    clabel: str = ""  # what the colour is: "P(class 1)", "‖∂L/∂hₜ‖"
    missing: str = ""  # what grey cells mean, in the legend: "0 (no gradient)", "not computed"
    classes: tuple[str, ...] = ()  # names of the point classes 0, 1, ... (legend with colours)
    path_label: str = ""  # what the path is, in the legend: "descent path (◆ now)"
    path_end: bool = True  # a ◆ on the path's last point (a trajectory); False: a plain line


@dataclass(frozen=True)
class Image:
    title: str
    tensor: str  # (H, W) or (H, W, 3)
    weight: int = 1


@dataclass(frozen=True)
class Matrix:
    title: str
    tensor: str
    highlight: str | None = None  # tensor (r0, r1, c0, c1)
    signed: bool = False
    weight: int = 1
    row_labels: tuple[str, ...] = ()  # names instead of indices (a confusion matrix's classes)
    col_labels: tuple[str, ...] = ()
    # Tensor (the matrix's shape, or one number): 0 where a value is not worked out yet on screen,
    # shown '·' ("not computed yet"), so a step-by-step part does not give the answer early.
    mask: str | None = None


@dataclass(frozen=True)
class Table:
    """Rows of numbers from a 2-D tensor, under fixed column names."""

    title: str
    tensor: str
    columns: tuple[str, ...]
    weight: int = 1


@dataclass(frozen=True)
class Bars:
    title: str
    tensor: str
    labels: tuple[str, ...] = ()
    log: bool = False
    weight: int = 1
    top: float | None = None  # a full bar's value for a bounded quantity (1: a probability)


@dataclass(frozen=True)
class Text:
    """Free text the lab writes into `record.text[key]` (explanations, worked numbers)."""

    title: str
    key: str
    weight: int = 1


@dataclass(frozen=True)
class Row:
    """Views side by side."""

    views: tuple = field(default_factory=tuple)
    weight: int = 1


View = Curves | Lines | Heatmap | Image | Matrix | Table | Bars | Text | Row


# The fields of each view a learner reads (the rest name record keys). `translated` puts them
# in the interface's language when the screen builds its panels; tests/test_i18n.py checks that
# every one has a translation.
_WORDS = {
    Curves: ("title", "xlabel", "ylabel"),
    Lines: ("title", "xlabel", "ylabel", "vline_label"),
    Heatmap: ("title", "xlabel", "ylabel", "clabel", "missing", "path_label"),
    Image: ("title",),
    Matrix: ("title",),
    Table: ("title",),
    Bars: ("title",),
    Text: ("title",),
}
_WORD_LISTS = {Heatmap: ("classes",), Matrix: ("row_labels", "col_labels"),
               Table: ("columns",), Bars: ("labels",), Curves: ("labels",)}  # fmt: skip


def translated(view, tr: Callable[[str], str]):
    """`view` with every string a learner reads passed through `tr` (legend names included)."""
    if isinstance(view, Row):
        return replace(view, views=tuple(translated(v, tr) for v in view.views))
    changes: dict = {name: tr(getattr(view, name)) for name in _WORDS[type(view)]}
    for name in _WORD_LISTS.get(type(view), ()):
        changes[name] = tuple(tr(s) for s in getattr(view, name))
    if isinstance(view, Lines):
        changes["series"] = tuple((tr(label), *rest) for label, *rest in view.series)
        changes["markers"] = tuple((tr(label), *rest) for label, *rest in view.markers)
    return replace(view, **changes)


def words(view) -> list[str]:
    """Every string a learner reads in `view`: what `translated` translates, plus the metric
    names a Curves view shows as its legend."""
    if isinstance(view, Row):
        return [s for v in view.views for s in words(v)]
    found = [getattr(view, name) for name in _WORDS[type(view)]]
    for name in _WORD_LISTS.get(type(view), ()):
        found.extend(getattr(view, name))
    if isinstance(view, Lines):
        found.extend(label for label, *_ in (*view.series, *view.markers))
    if isinstance(view, Curves) and not view.labels:
        found.extend(view.metrics)
    return [s for s in found if s]
