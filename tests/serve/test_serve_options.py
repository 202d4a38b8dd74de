"""`dltui serve`'s options: loopback by default, a warning otherwise, bad values refused."""

import pytest

from dltui.cli import main
from dltui.serve import LOOPBACK_WARNING, app_command, is_loopback


@pytest.mark.parametrize(
    "host, loopback",
    [("127.0.0.1", True), ("localhost", True), ("::1", True), ("0.0.0.0", False),
     ("192.0.2.7", False), ("example.org", False)],
)  # fmt: skip
def test_only_loopback_addresses_count_as_this_machine(host, loopback):
    assert is_loopback(host) is loopback


def test_the_warning_says_who_can_reach_it():
    text = LOOPBACK_WARNING.format(host="0.0.0.0", port=8000)
    assert "anyone who can reach port 8000" in text and "no shell" in text


def test_each_tab_runs_this_dltui_with_the_chosen_lab_preset_and_language():
    command = app_command("perceptron", "spiral", "fr")
    assert (
        command.startswith("exec ")
        and "-m dltui --lab perceptron --preset spiral --lang fr" in command
    )


@pytest.mark.parametrize(
    "argv, reason",
    [
        (["--port", "0"], "--port"),
        (["--port", "http"], "--port"),
        (["--max-sessions", "0"], "--max-sessions"),
        (["--preset", "spiral"], "--preset needs --lab"),
        (["--lab", "nope"], "unknown lab"),
        (["--lab", "perceptron", "--preset", "nope"], "nope"),
    ],
)
def test_bad_serve_options_exit_2_with_one_line(capsys, argv, reason):
    assert main(["serve", *argv]) == 2
    err = capsys.readouterr().err.strip()
    assert reason in err and len(err.splitlines()) == 1
