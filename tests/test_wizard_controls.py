"""Control characters in what Guide prints are shown, never obeyed by the terminal."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

import cli
import engine
from tests.conftest import MINIMAL
from wizards.controls import SafeConsole, visible
from wizards.present import safe_link
from wizards.screens import Screen

#: A clipboard write (OSC 52), a hidden link (OSC 8), a screen clear (CSI 2J), a C1 CSI.
HOSTILE_TEXTS = {
    "Is the power light on?": r"Is the power \e]52;c;aGk=\a light on?",
    "Plug the power cable in firmly": r"Plug \x1b]8;;https://evil.example\x1b\\it\x1b]8;;\x1b\\ in",
    "The printer will not print": r"The printer \u001b[2J \u009b2J will not print",
}


def test_visible_writes_out_every_control_but_tab_and_newline() -> None:
    assert visible("a\x1b[2Jb\x07c\x9bd\x7fe\r\x00") == "a\\x1b[2Jb\\x07c\\x9bd\\x7fe\\x0d\\x00"
    assert visible("line\n\tindented — “quoted” ✓") == "line\n\tindented — “quoted” ✓"


@pytest.fixture
def hostile_rulebase(tmp_path: Path) -> Path:
    text = MINIMAL.replace("0.9\n", "0.9\n    because: The light is off.\n")
    for plain, hostile in HOSTILE_TEXTS.items():
        text = text.replace(plain, f'"{hostile}"')
    text = text.replace(
        '    title: "Plug',
        '    steps:\n      - "Do it. You said {{ answers.note }}"\n    title: "Plug',
    )
    text = text.replace(
        "rules:",
        "  - id: note\n    text: Any note?\n    type: text\nrules:",
    )
    path = tmp_path / "hostile.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_guide_run_shows_control_characters_from_the_rule_base_and_answers(
    hostile_rulebase: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = cli.main(
        [
            "run",
            str(hostile_rulebase),
            "--no-input",
            "--set=power_light=no",
            "--set=note=saved \x1b]52;c;aGk=\x07 note",
            "--plain",
        ]
    )
    out, err = capsys.readouterr()
    assert (code, err) == (0, "")
    assert visible(out) == out  # not one control character left
    assert "The printer \\x1b[2J \\x9b2J will not print" in out
    assert "Plug \\x1b]8;;https://evil.example\\x1b\\it\\x1b]8;;\\x1b\\ in" in out
    assert "You said saved \\x1b]52;c;aGk=\\x07 note" in out


def test_the_terminal_console_keeps_its_own_colours_and_shows_the_texts(
    hostile_rulebase: Path,
) -> None:
    session = engine.start(engine.load(hostile_rulebase))
    out = io.StringIO()
    # As on a real terminal: colours and links.
    console = SafeConsole(file=out, width=100, force_terminal=True, color_system="standard")
    Screen(console, plain=False).header(session.rulebase)
    shown = out.getvalue()
    assert "\x1b[1m" in shown  # rich's own bold survives
    assert "The printer \\x1b[2J \\x9b2J will not print" in shown
    assert "\x1b[2J" not in shown and "\x9b" not in shown


def test_a_url_with_control_characters_is_never_made_a_link() -> None:
    assert safe_link("https://example.com/kb") == "https://example.com/kb"
    assert safe_link("https://example.com/\x1b]52;c;aGk=\x07") is None
