"""`dltui run … --plot`: a run's metric curves as terminal charts (plotext), after the run.

One chart per curve group the lab's current part shows on screen (its `Curves` views: same
metrics together, a log axis where the screen uses one), so a teacher pastes the same picture the
learner sees. Each series gets its own marker as well as its colour: a chart pasted as plain text
(`--plot-out`) keeps the series apart.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from .engine import views as V
from .engine.i18n import tr

MARKERS = ("•", "+", "x", "o", "*", "#", "@", "%")
WIDTH, HEIGHT = 78, 18


def curve_groups(views: Iterable) -> list[V.Curves]:
    """The Curves views of a part, found inside rows too, in screen order."""
    found: list[V.Curves] = []
    for view in views:
        if isinstance(view, V.Curves):
            found.append(view)
        elif isinstance(view, V.Row):
            found += curve_groups(view.views)
    return found


def charts(
    groups: Sequence[V.Curves],
    series: Mapping[str, tuple[list[int], list[float]]],
    colour: bool = False,
) -> str:
    """Every group with data, one chart each; a line saying so when there is none."""
    import plotext as plt

    out = []
    for group in groups:
        present = [m for m in group.metrics if series.get(m, ([], []))[0]]
        if not present:
            continue
        plt.clear_figure()
        plt.plot_size(WIDTH, HEIGHT)
        plt.theme("pro" if colour else "clear")
        named = dict(zip(group.metrics, group.labels, strict=True)) if group.labels else {}
        for i, name in enumerate(present):
            steps, values = series[name]
            if group.logy:
                steps, values = _positive(steps, values)
            label = tr(named.get(name, name))
            plt.plot(steps, values, label=label, marker=MARKERS[i % len(MARKERS)])
        if group.logy:
            plt.yscale("log")
            _log_ticks(plt, [v for m in present for v in series[m][1] if v > 0])
        if group.ylim is not None:
            plt.ylim(*group.ylim)
        if group.logy and "log" not in group.title:
            plt.title(tr("{title} (log)", title=tr(group.title)))
        else:
            plt.title(tr(group.title))
        plt.xlabel(tr(getattr(group, "xlabel", "step") or "step"))
        chart = plt.build()
        out.append(chart if colour else plt.uncolorize(chart))
    if not out:
        return tr("dltui: no curves to plot: this part shows no metric over steps") + "\n"
    return "\n".join(out) + "\n"


def _positive(steps: list[int], values: list[float]) -> tuple[list[int], list[float]]:
    kept = [(s, v) for s, v in zip(steps, values, strict=True) if v > 0]
    return [s for s, _ in kept], [v for _, v in kept]


def _log_ticks(plt, values: list[float]) -> None:
    """Powers of ten as ticks, written 1e-06: plotext's own labels print 0.00000000000."""
    import math

    if not values:
        return
    lo, hi = math.floor(math.log10(min(values))), math.ceil(math.log10(max(values)))
    step = max(1, (hi - lo) // 6)
    ticks = [10.0**k for k in range(lo, hi + 1, step)]
    plt.yticks(
        ticks, [f"1e{k:+03d}".replace("+", "") if k else "1" for k in range(lo, hi + 1, step)]
    )
