"""The backprop lab: the course's graph and XOR-net numbers exactly, on both backends, and the
gradient check's reading."""

import numpy as np
import pytest

from dltui.labs import get_lab
from dltui.labs.backprop.gradcheck import verdict, weight_names
from dltui.labs.backprop.graph import STAGES, Walk, finite_differences

from .runlab import run_lab, series

LAB = get_lab("backprop")
BACKENDS = ("numpy", "mlx")


@pytest.mark.parametrize("backend", BACKENDS)
def test_the_graph_gives_the_course_numbers_by_autodiff(backend):
    records, end = run_lab(LAB, "graph", backend=backend)
    last = records[-1].metrics
    assert (last["f"], last["df_dx"], last["df_dy"]) == (46, 24, 10)
    assert end.reason == "done" and records[-1].step == STAGES


def test_the_hand_chain_rule_adds_the_two_paths_through_y_and_matches_finite_differences():
    w = Walk(3.0, 4.0)
    assert w.values == {"x": 3, "y": 4, "a": 9, "b": 36, "c": 40, "f": 46}
    assert w.grads["x"] == 24 and w.grads["y"] == 10
    assert w.grads["y"] == w.grads["b"] * w.values["a"] + w.grads["c"]  # two paths add
    fd = finite_differences(3.0, 4.0)
    assert fd == pytest.approx((24, 10), rel=1e-8)
    other = Walk(-2.0, 0.5)  # f = x²y + y + 6: ∂x = 2xy, ∂y = x² + 1
    assert (other.values["f"], other.grads["x"], other.grads["y"]) == (8.5, -2.0, 5.0)


def test_the_graph_reveals_one_node_per_step_forward_then_backward():
    records, _ = run_lab(LAB, "graph")
    graphs = [r.text["graph"] for r in records]
    assert "│     ·   ∂f/∂f" in graphs[3] and "│    46   ∂f/∂f" in graphs[4]  # f: 4th forward step
    assert "∂f/∂f 1" in graphs[5] and "∂f/∂c ·" in graphs[5] and "∂f/∂c 1" in graphs[6]
    assert "∂f/∂y = 10" in graphs[-1] and "∂f/∂y = ·" in graphs[-2]
    assert "two paths ADD" in records[-1].text["step"]


@pytest.mark.parametrize("backend", BACKENDS)
def test_the_xor_net_first_sample_forward_backward_and_update_match_the_course(backend):
    records, _ = run_lab(LAB, "network", steps=3, backend=backend)
    m = records[3].metrics  # after sample 1's update
    assert m["yhat"] == pytest.approx(-0.201913, abs=5e-7)
    assert m["E"] == pytest.approx(0.318472, abs=5e-7)
    assert m["delta"] == pytest.approx(0.76555, abs=5e-6)
    assert (m["dE_dv1"], m["dE_dv2"]) == pytest.approx((-0.638204, 0.290870), abs=5e-7)
    W1 = [m["W1_11"], m["W1_12"], m["W1_21"], m["W1_22"]]
    assert W1 == pytest.approx([0.504670, -0.306550, 0.704670, -0.106550], abs=5e-7)
    assert (m["v1"], m["v2"]) == pytest.approx((0.263820, -0.129087), abs=5e-7)
    work = records[2].text["backward"]
    assert "(−0.638204, 0.29087)" in work and "[[−0.046702, 0.065503]" in work
    assert "(−0.833655, 0.379949)" in records[1].text["forward"]
    assert records[1].text["update"].startswith("·")  # not revealed before its step


async def test_the_weight_gradient_is_hidden_until_the_backward_step_works_it_out():
    from dltui.content import resolve_config
    from dltui.tui.view_widgets import make_widget
    from dltui.tui.widgets import MatrixGrid
    from dltui.tui.widgets.framebench import WidgetApp, widget_text

    records, _ = run_lab(LAB, "network", steps=6, every=1)
    shown = [float(r.tensors["gW1_shown"]) for r in records]
    assert shown == [0, 0, 1, 1, 0, 1, 1]  # start, then forward / backward / update per sample
    view = next(
        v
        for row in LAB.views(resolve_config(LAB, "network")[0])
        for v in getattr(row, "views", ())
        if getattr(v, "tensor", "") == "gW1"
    )
    app = WidgetApp(lambda: make_widget(view))
    async with app.run_test(size=(30, 6)) as pilot:
        panel = app.widget
        for record, hidden in ((records[1], True), (records[2], False)):
            panel.update((record,))
            await pilot.pause()
            text = "\n".join(widget_text(panel.query_one(MatrixGrid)))
            assert ("·" in text and "0.06" not in text) if hidden else "0.06" in text, text


def test_the_xor_net_goes_on_over_the_four_samples_and_E_changes():
    records, _ = run_lab(LAB, "network", steps=12)
    assert series(records, "sample").tolist() == [1, 1, 1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 4]
    assert len(set(series(records, "E")[1::3])) == 4


def test_gradcheck_is_right_to_float64_precision_on_numpy():
    records, _ = run_lab(LAB, "gradcheck")
    assert records[-1].metrics["max_rel_error"] <= 1e-7
    assert verdict(records[-1].metrics["max_rel_error"]).startswith("≤ 1e-7")


def test_gradcheck_on_mlx_float32_is_fine_only_to_float32():
    worst = run_lab(LAB, "gradcheck", backend="mlx")[0][-1].metrics["max_rel_error"]
    assert 1e-9 < worst <= 1e-4


def test_an_epsilon_too_small_drowns_the_finite_differences_in_rounding():
    good = run_lab(LAB, "gradcheck", eps=1e-5)[0][-1].metrics["max_rel_error"]
    tiny = run_lab(LAB, "gradcheck", eps=1e-11)[0][-1].metrics["max_rel_error"]
    assert tiny > 100 * good


def test_the_gradcheck_table_lists_every_weight():
    records, _ = run_lab(LAB, "gradcheck", hidden=3)
    assert len(records[-1].tensors["rel_errors"]) == 2 * 3 + 3 + 3 + 1
    assert np.all(records[-1].tensors["rel_errors"] > 0)  # log bars: no zero


def test_the_gradcheck_bars_are_labelled_like_the_table_rows():
    """The bars' labels are fixed by the view; the table's rows come from the gradients: the
    same weight must have the same name and error in both (a backend's key order must not
    shift them)."""
    records, _ = run_lab(LAB, "gradcheck", hidden=3)
    rows = [line.split() for line in records[-1].text["table"].splitlines()[1:]]
    assert [r[0] for r in rows] == list(weight_names(3))
    errors = records[-1].tensors["rel_errors"]
    assert [r[3] for r in rows] == [f"{e:.1e}" for e in errors]
    assert max(len(line) for line in records[-1].text["table"].splitlines()) <= 38  # 120×40
