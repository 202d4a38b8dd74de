"""`dltui run … --plot / --plot-out`: the run's curves as terminal charts, one per curve group."""

from dltui.cli import main


def test_plot_out_writes_one_chart_per_curve_group_with_every_series(tmp_path, capsys):
    out = tmp_path / "curves.txt"
    argv = ["run", "optimizers", "--preset", "valley", "--steps", "60", "--format", "csv"]
    assert main([*argv, "--set", "optimizers=gd,adam", "--plot-out", str(out)]) == 0
    chart = out.read_text()
    assert "f − f* per optimizer (log)" in chart
    assert "gd" in chart and "adam" in chart and "step" in chart  # the legend names the racers
    assert "loss_gd" not in chart  # by their names, not their metric ids
    assert "\x1b[" not in chart  # plain text, for an exercise sheet
    assert any(line.lstrip().startswith("1e-") for line in chart.splitlines())  # log ticks
    std = capsys.readouterr()
    assert std.out.splitlines()[0].startswith("step,")  # stdout stays data
    assert f"curves written to {out}" in std.err


def test_plot_prints_the_charts_after_the_records(capsys):
    assert main(["run", "deep-gradients", "--preset", "relu-he", "--steps", "5", "--plot"]) == 0
    records, chart = capsys.readouterr().out.split('"event": "end"')
    assert '"step": 5' in records and "loss (log)" in chart  # the records, then the chart


def test_a_part_without_curves_says_so(capsys):
    assert main(["run", "losses", "--preset", "course-a", "--plot"]) == 0
    assert "no curves to plot" in capsys.readouterr().out


def test_an_unwritable_plot_file_exits_2_with_one_line(tmp_path, capsys):
    bad = tmp_path / "missing" / "x.txt"
    assert main(["run", "losses", "--preset", "race", "--steps", "2", "--plot-out", str(bad)]) == 2
    std = capsys.readouterr()
    assert std.out == ""  # refused before the run: nothing is lost
    assert std.err.strip().splitlines()[-1] == f"dltui: --plot-out {str(bad)!r}: no such folder"
