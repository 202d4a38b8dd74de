"""Bring your own data: a learner's CSV file in gradient-descent and the perceptron playground.

Each refusal of the shared loader (labs/common/csvdata.py) is one line naming the knob, from
the lab's `check` (so the app refuses inline) and exit 2 headless with that line on stderr; a
good file trains: a line y = 2x + 1 is fitted (R² ≈ 1), two Gaussian blobs with text labels
are separated (accuracy near 1), and the file's name and shape are in the lab's text panel.
"""

from __future__ import annotations

import numpy as np
import pytest

from dltui.cli import main
from dltui.content import presets, resolve_config
from dltui.engine.params import ParamError
from dltui.labs import get_lab
from dltui.labs.common import csvdata
from dltui.labs.perceptron.data import DATASETS
from tests.labs.runlab import run_lab, series
from tests.test_lab_contract import check_views

GD = get_lab("gradient-descent")
PERCEPTRON = get_lab("perceptron")


def write(tmp_path, text: str, name: str = "mine.csv") -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def line_csv(tmp_path, n: int = 60) -> str:
    x = np.random.default_rng(3).uniform(0, 3, n)
    rows = "".join(f"{v:.5f},{2 * v + 1:.5f}\n" for v in x)
    return write(tmp_path, "x,y\n" + rows, "line.csv")


def blobs_csv(tmp_path, n: int = 200) -> str:
    rng = np.random.default_rng(4)
    rows = []
    for i in range(n):
        cat = i % 2 == 0
        p = rng.normal((2.0, 2.0) if cat else (-1.0, -1.0), 0.6)
        rows.append(f"{p[0]:.4f},{p[1]:.4f},{'cat' if cat else 'dog'}\n")
    return write(tmp_path, "width,height,animal\n" + "".join(rows), "pets.csv")


def refusal(lab, **overrides) -> str:
    with pytest.raises(ParamError) as err:
        resolve_config(lab, None, overrides)
    message = str(err.value)
    assert "\n" not in message and len(message) < 300, message
    return message


def exits_2(capsys, lab_id: str, *sets: str) -> str:
    argv = ["run", lab_id, "--steps", "2", "--format", "csv"]
    for item in sets:
        argv += ["--set", item]
    code = main(argv)
    out, err = capsys.readouterr()
    assert (code, out) == (2, ""), err
    assert err.startswith("dltui: ") and err.count("\n") == 1, err
    return err


# The loader's refusals -----------------------------------------------------------------------

GOOD_ROWS = "".join(f"{i},{i % 3},{i % 2}\n" for i in range(12))  # y: 2 classes


@pytest.mark.parametrize(
    ("content", "needle"),
    [
        (None, "no file"),
        (b"a,b\n\xff\xfe,1\n", "not UTF-8"),
        ("", "is empty"),
        ("1,2,3\n" + GOOD_ROWS, "no header"),
        ("a,b,y\n" + GOOD_ROWS + "4,5\n", "row 13 (line 14) has 2 cells"),
        ("a,b,y\n" + GOOD_ROWS.replace("5,2,1", "5,two,1"), "row 6 (line 7), column 'b'"),
        ("a,b,y\n" + GOOD_ROWS.replace("5,2,1", "5,,1"), "row 6 (line 7) has an empty or NaN"),
        ("a,b,y\n" + GOOD_ROWS.replace("5,2,1", "5,nan,1"), "row 6 (line 7) has an empty"),
        (
            "a,b,y\n" + "".join(f"{i},7,{i % 2}\n" for i in range(12)),
            "column 'b' of mine.csv is const",
        ),
        ("a,b,y\n1,2,3\n2,3,4\n", "has 2 rows; at least 10"),
        ("a,a,y\n" + GOOD_ROWS, "names column 'a' twice"),
    ],
)
def test_each_bad_file_is_refused_in_one_line_in_the_app_and_exit_2_headless(
    capsys, tmp_path, content, needle
):
    path = str(tmp_path / "mine.csv")
    if isinstance(content, bytes):
        (tmp_path / "mine.csv").write_bytes(content)
    elif content is not None:
        write(tmp_path, content)
    message = refusal(GD, model="linear", data=path)
    assert message.startswith("data: ") and needle in message, message
    assert exits_2(capsys, "gradient-descent", "model=linear", f"data={path}") == (
        f"dltui: {message}\n"
    )
    playground = refusal(PERCEPTRON, dataset=path, features="a,b")
    assert playground.startswith("dataset: ") and needle in playground, playground
    assert exits_2(capsys, "perceptron", f"dataset={path}", "features=a,b") == (
        f"dltui: {playground}\n"
    )


def test_too_many_rows_states_the_cap(tmp_path, monkeypatch):
    monkeypatch.setattr(csvdata, "MAX_ROWS", 11)  # the real cap, 100,000, the same way
    path = write(tmp_path, "a,b,y\n" + GOOD_ROWS)
    message = refusal(GD, model="linear", data=path)
    assert "has 12 rows; at most 11 are read" in message
    assert f"{100_000:,}" == "100,000" and csvdata.MAX_ROWS == 11


def test_a_directory_and_a_missing_file_are_named(tmp_path):
    assert "is not a file" in refusal(GD, model="linear", data=str(tmp_path))
    assert "no file 'nowhere.csv'" in refusal(GD, model="linear", data="nowhere.csv")


def test_unknown_columns_and_a_one_class_target_are_refused(tmp_path):
    path = line_csv(tmp_path)
    assert "target: line.csv has no column 'price'; columns: x, y" == refusal(
        GD, model="linear", data=path, target="price"
    )
    assert "features: line.csv has no column 'z'" in refusal(
        GD, model="linear", data=path, features="x,z"
    )
    assert "is the target" in refusal(GD, model="linear", data=path, features="y")
    one = write(tmp_path, "a,b,kind\n" + "".join(f"{i},{i * i},cat\n" for i in range(12)))
    message = refusal(PERCEPTRON, dataset=one)
    assert message == "target: target column 'kind' of mine.csv has one class ('cat'); a " + (
        "classifier needs two"
    )
    three = write(tmp_path, "a,b,k\n" + "".join(f"{i},{i * i},{i % 3}\n" for i in range(12)))
    assert "two classes; 'k' has 3 (0, 1, 2)" in refusal(PERCEPTRON, dataset=three)


def test_gradient_descent_refuses_the_models_that_need_boston(tmp_path):
    path = line_csv(tmp_path)
    message = refusal(GD, data=path)  # model rm-price, the default
    assert message.startswith("data: model rm-price is the course's PRICE ≈ w·RM on Boston")
    assert "line, linear, mlp" in message
    assert "names Boston's columns" in refusal(GD, model="mlp", data=path, features="course")
    three = write(tmp_path, "a,b,y\n" + GOOD_ROWS)
    assert "model line reads one column, 2 given" in refusal(
        GD, model="line", data=three, features="a,b"
    )


def test_the_builtin_values_still_work_and_boston_takes_a_column_list():
    config, _ = resolve_config(GD, None, {"model": "linear", "features": "RM,LSTAT"})
    from dltui.labs.gradient_descent.data import feature_names

    assert feature_names(config) == ("RM", "LSTAT")
    assert "features: 'XYZ' is not a Boston column" in refusal(GD, model="linear", features="XYZ")
    assert "only a CSV file takes a target" in refusal(GD, target="y")
    assert "only a CSV data set takes target" in refusal(PERCEPTRON, target="y")
    for name in ("boston", "synthetic"):
        resolve_config(GD, None, {"model": "line", "data": name})
    for name in ("xor", "circles", "gauss", "spiral"):
        resolve_config(PERCEPTRON, None, {"dataset": name})
    # presets keep the vendored data
    builtins = ((GD, "data", ("boston", "synthetic")), (PERCEPTRON, "dataset", DATASETS))
    for lab, knob, names in builtins:
        for preset in presets(lab.id).values():
            assert preset.get(knob, names[0]) in names


# Successful runs -----------------------------------------------------------------------------


@pytest.mark.parametrize("model", ["linear", "mlp"])
def test_gradient_descent_fits_a_line_from_a_csv_file(tmp_path, model):
    path = line_csv(tmp_path)
    records, finished = run_lab(
        GD, None, steps=400, every=400, model=model, data=path, lr=0.01, optimizer="adam"
    )
    assert finished.reason == "done"
    assert series(records, "r2")[-1] > 0.99
    assert series(records, "loss")[-1] < 0.02  # y spans 1..7
    text = records[-1].text["summary"]
    assert "line.csv: 60 rows × 2 columns; target y; inputs x" in text
    check_views(GD, resolve_config(GD, None, {"model": model, "data": path})[0], records)


def test_gradient_descent_line_finds_theta_from_a_csv_file(capsys, tmp_path):
    path = line_csv(tmp_path)
    records, _ = run_lab(GD, None, steps=300, every=300, model="line", data=path, lr=0.1)
    assert series(records, "theta0")[-1] == pytest.approx(1.0, abs=1e-3)
    assert series(records, "theta1")[-1] == pytest.approx(2.0, abs=1e-3)
    assert records[-1].text["shape"].startswith("line.csv: 60 rows × 2 columns; target y")
    # headless, the same file through --set; and the knobs the app shows for it
    code = main(["run", "gradient-descent", "--set", f"data={path}", "--set", "model=line",
                 "--steps", "2", "--format", "csv", "--backend", "numpy"])  # fmt: skip
    out, err = capsys.readouterr()
    assert code == 0 and "dltui:" not in err and len(out.splitlines()) == 3, err  # header + 2
    config, _ = resolve_config(GD, None, {"model": "line", "data": path})
    assert {"data", "target", "features"} <= set(GD.visible(config))


def test_the_playground_separates_two_blobs_with_text_labels(tmp_path):
    path = blobs_csv(tmp_path)
    records, finished = run_lab(PERCEPTRON, None, steps=300, every=300, dataset=path)
    assert finished.reason == "done"
    assert series(records, "accuracy")[-1] > 0.95
    assert series(records, "test_accuracy")[-1] > 0.95
    text = records[-1].text["network"]
    assert text.startswith("pets.csv: 200 rows × 3 columns\ninputs width, height")
    assert "class 0 = cat, class 1 = dog" in text
    config, _ = resolve_config(PERCEPTRON, None, {"dataset": path})
    assert {"target", "features"} <= set(PERCEPTRON.visible(config))
    assert "noise" not in PERCEPTRON.visible(config)  # a file has no noise knob
    check_views(PERCEPTRON, config, records)
    # the columns named explicitly give the same data
    same, _ = run_lab(
        PERCEPTRON, None, steps=5, dataset=path, target="animal", features="width,height"
    )
    again, _ = run_lab(PERCEPTRON, None, steps=5, dataset=path)
    assert series(same, "loss").tolist() == series(again, "loss").tolist()
