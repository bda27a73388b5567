"""What a person expects of any command line: --version, -h, examples in --help, quiet
pipes, colour only on a terminal, completion, plurals."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pytest

import cli
import engine
import engine.authoring
from engine.session import Progress
from guide_cli import _app
from wizards import present


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = cli.main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    for flag in ("--version", "-V"):
        code, out, _ = run(capsys, flag)
        assert (code, out) == (0, f"guide {_app.package_version()}\n")


def test_help_lists_worker_commands_first_with_examples_and_debug(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "100")
    code, out, _ = run(capsys, "-h")
    assert code == 0
    code, long_form, _ = run(capsys, "--help")
    assert long_form == out
    assert "--debug" in out and "--install-completion" in out
    assert "<bool>" not in out
    assert out.index("Consult a rule base") < out.index("Write and check rule bases")
    assert out.index(" run ") < out.index(" list ") < out.index(" check ")
    # Every command is in one of the groups (none left in a catch-all panel on top).
    assert out.index("Consult a rule base") < out.index(" review ")
    assert "guide run --resume         continue a consultation you stopped" in out
    code, run_help, _ = run(capsys, "run", "-h")
    assert code == 0
    assert "<bool>" not in run_help and "--no-input" in run_help


def test_a_closed_pipe_ends_quietly_with_0(tmp_path: Path) -> None:
    # `guide list | head -1`: the reader has what it wanted.
    guide = subprocess.Popen(
        [sys.executable, "-m", "cli", "list"],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert guide.stdout is not None
    guide.stdout.readline()
    guide.stdout.close()
    assert guide.wait(timeout=60) == 0
    assert guide.stderr is not None
    with guide.stderr:
        assert guide.stderr.read() == b""


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


REPORT = "r.yaml:3:5: error G101 bad\n  hint: fix\nr.yaml:9:1: warning G315 meh\nr.yaml: 1 error"


def test_check_colours_error_and_warning_on_a_terminal_only(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("TERM", "xterm-256color")
    terminal = Terminal()
    monkeypatch.setattr(sys, "stdout", terminal)
    _app.echo_diagnostics(REPORT)
    shown = terminal.getvalue()
    assert "r.yaml:3:5: \x1b[1;31merror\x1b[0m G101 bad" in shown
    assert "r.yaml:9:1: \x1b[1;33mwarning\x1b[0m G315 meh" in shown
    assert "1 error" in shown and shown.count("\x1b[0m") == 2
    monkeypatch.setenv("NO_COLOR", "1")
    terminal = Terminal()
    monkeypatch.setattr(sys, "stdout", terminal)
    _app.echo_diagnostics(REPORT)
    assert "\x1b" not in terminal.getvalue()
    monkeypatch.undo()
    _app.echo_diagnostics(REPORT)  # a pipe
    assert capsys.readouterr().out == REPORT + "\n"


def test_explain_renders_markdown_on_a_terminal_and_writes_it_as_is_in_a_pipe(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "explain", "G313")
    assert code == 0
    assert out == engine.authoring.explain_code("G313")
    assert out.startswith("# G313: duplicate rule")
    monkeypatch.setenv("TERM", "xterm-256color")
    terminal = Terminal()
    monkeypatch.setattr(sys, "stdout", terminal)
    assert cli.main(["explain", "G313"]) == 0
    shown = terminal.getvalue()
    assert "G313: duplicate rule" in shown
    assert "# G313" not in shown  # a heading, not the Markdown for one


@pytest.mark.parametrize(
    ("least", "most", "words"),
    [
        (0, 1, "2 answered; up to 1 more question"),
        (0, 3, "2 answered; up to 3 more questions"),
        (1, 1, "2 answered; 1 more question"),
        (1, 4, "2 answered; 1 to 4 more questions"),
    ],
)
def test_progress_counts_in_the_right_number(least: int, most: int, words: str) -> None:
    progress = Progress(answered=2, skipped=0, remaining_at_least=least, remaining_at_most=most)
    assert present.progress_words(progress) == words
