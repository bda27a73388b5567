"""The docs tell the truth: their examples run, and every command is documented."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import guide_cli

DOCS = Path(__file__).parent.parent / "docs"


def python_blocks(path: Path) -> list[str]:
    return re.findall(r"```python\n(.*?)```", path.read_text(encoding="utf-8"), re.DOTALL)


def test_embedding_example_runs(capsys: pytest.CaptureFixture[str]) -> None:
    (example,) = python_blocks(DOCS / "embedding.md")
    exec(compile(example, "docs/embedding.md", "exec"), {})
    printed = capsys.readouterr().out
    assert "(certainty 90%)" in printed and "rule `" not in printed  # in words, no ids


def test_every_command_is_documented() -> None:
    documented = (DOCS / "cli.md").read_text(encoding="utf-8")
    for command in guide_cli.app.registered_commands:
        name = command.name or (command.callback.__name__ if command.callback else "")
        assert f"## `guide {name}" in documented


def test_every_code_in_the_cli_doc_table_is_an_exit_code_cli_uses() -> None:
    documented = (DOCS / "cli.md").read_text(encoding="utf-8")
    codes = {int(c) for c in re.findall(r"^\| (\d+) \|", documented, re.MULTILINE)}
    assert codes == {
        guide_cli.EXIT_OK,
        guide_cli.EXIT_FINDING,
        guide_cli.EXIT_UNREADABLE,
        guide_cli.EXIT_INTERNAL,
        guide_cli.EXIT_INTERRUPTED,
    }
