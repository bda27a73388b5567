"""docs/authoring.md works when followed literally: its steps are replayed here.

The tutorial marks each step an SME takes with an HTML comment before a fenced
block, so that readers see plain Markdown and this test sees instructions:

* ``<!-- step: run -->``: a ``text`` block of ``$ command`` lines, each followed
  by the output the SME will see. ``...`` on a line of its own stands for any
  lines. A line ``> ANSWER`` is what the SME types at a prompt; the terminal's
  echo of Enter puts what the program prints next on the line after it. ``$ echo $?`` shows the exit
  code of the command before; ``> FILE`` at the end of a command saves its output.
* ``<!-- step: file NAME -->``: the block is the whole new content of NAME.
* ``<!-- step: append NAME -->`` / ``<!-- step: prepend NAME -->``: the block
  goes at the end / the start of NAME.
* ``<!-- step: insert NAME before "LINE" -->`` / ``... after "LINE" -->``: the
  block goes before / after the one line of NAME that reads LINE.
* ``<!-- step: replace NAME "OLD" "NEW" -->`` (no block): every OLD becomes NEW.
"""

from __future__ import annotations

import io
import re
import shlex
from dataclasses import dataclass
from pathlib import Path

import pytest

import cli
import engine
import engine.authoring
from engine.testing import run_scenarios

TUTORIAL = Path(__file__).resolve().parent.parent / "docs" / "authoring.md"
_STEP = re.compile(r"<!-- step: (?P<spec>.*?) -->\n(?:\n?```\w*\n(?P<block>.*?)```)?", re.DOTALL)


@dataclass(frozen=True)
class Step:
    spec: str
    block: str
    line: int

    @property
    def words(self) -> list[str]:
        return shlex.split(self.spec)


def steps(text: str) -> list[Step]:
    return [
        Step(m["spec"], m["block"] or "", text.count("\n", 0, m.start()) + 1)
        for m in _STEP.finditer(text)
    ]


def _matches(expected: list[str], actual: list[str]) -> bool:
    """Line-by-line equality where a line ``...`` stands for any number of lines."""
    if not expected:
        return not actual
    if expected[0] == "...":
        return any(_matches(expected[1:], actual[n:]) for n in range(len(actual) + 1))
    return bool(actual) and expected[0] == actual[0] and _matches(expected[1:], actual[1:])


@dataclass
class Command:
    line: str
    expected: list[str]
    answers: list[str]


def commands(block: str) -> list[Command]:
    found: list[Command] = []
    lines = block.splitlines()
    index = 0
    while index < len(lines):
        line = lines[index]
        index += 1
        if line.startswith("$ "):
            found.append(Command(line[2:], [], []))
            continue
        assert found, f"output before the first command: {line!r}"
        if line.startswith("> "):
            # What the SME types. Their terminal echoes it and Enter, which ends the
            # prompt's line; without a terminal, what follows goes on the prompt's line.
            found[-1].answers.append(line[2:])
            rest = lines[index] if index < len(lines) else ""
            index += 1
            found[-1].expected.append(f"> {rest}".rstrip())
            continue
        found[-1].expected.append(line.rstrip())
    return found


class Replay:
    def __init__(self, folder: Path, capsys: pytest.CaptureFixture[str], mp: pytest.MonkeyPatch):
        self.folder = folder
        self.capsys = capsys
        self.monkeypatch = mp
        self.last_code = 0

    def run(self, command: Command, where: str) -> None:
        words = shlex.split(command.line)
        if words == ["echo", "$?"]:
            actual = [str(self.last_code)]
        else:
            target = None
            if len(words) > 2 and words[-2] == ">":
                target, words = words[-1], words[:-2]
            assert words[0] == "guide", f"{where}: only `guide` commands are replayed"
            self.monkeypatch.setattr(
                "sys.stdin", io.StringIO("".join(a + "\n" for a in command.answers))
            )
            self.capsys.readouterr()
            self.last_code = cli.main(words[1:])
            out, err = self.capsys.readouterr()
            if target is not None:
                (self.folder / target).write_text(out, encoding="utf-8")
                out = ""
            actual = [line.rstrip() for line in (out + err).splitlines()]
        expected = list(command.expected)
        while expected and expected[-1] == "":
            expected.pop()
        assert _matches(expected, actual), f"{where}: `{command.line}` printed:\n" + "\n".join(
            actual
        )

    def edit(self, step: Step) -> None:
        verb, name, *rest = step.words
        path = self.folder / name
        where = f"docs/authoring.md:{step.line}"
        if verb == "file":
            path.write_text(step.block, encoding="utf-8")
            return
        text = path.read_text(encoding="utf-8")
        if verb == "append":
            text = text.rstrip("\n") + "\n" + step.block
        elif verb == "prepend":
            text = step.block + text
        elif verb == "replace":
            old, new = rest
            assert old in text, f"{where}: `{old}` is not in {name}"
            text = text.replace(old, new)
        else:
            assert verb == "insert", f"{where}: unknown step `{verb}`"
            position, anchor = rest
            lines = text.splitlines(keepends=True)
            hits = [n for n, line in enumerate(lines) if line.rstrip("\n") == anchor]
            assert len(hits) == 1, f"{where}: `{anchor}` is on {len(hits)} lines of {name}"
            at = hits[0] + (1 if position == "after" else 0)
            text = "".join([*lines[:at], step.block, *lines[at:]])
        path.write_text(text, encoding="utf-8")


def test_the_tutorial_works_when_followed_literally(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("COLUMNS", "80")
    monkeypatch.setenv("NO_COLOR", "1")
    replay = Replay(tmp_path, capsys, monkeypatch)
    found = steps(TUTORIAL.read_text(encoding="utf-8"))
    assert len(found) >= 10
    for step in found:
        if step.spec == "run":
            for command in commands(step.block):
                replay.run(command, f"docs/authoring.md:{step.line}")
        else:
            replay.edit(step)
    # Where the tutorial ends: checked without warnings, every scenario passing,
    # and valid against the schema the SME saved for the editor.
    assert engine.authoring.check(tmp_path / "coffee.yaml") == []
    results = run_scenarios(engine.load(tmp_path / "coffee.yaml"))
    assert len(results) == 7
    assert all(result.passed for result in results)
    assert (tmp_path / "guide.schema.json").is_file()
    # The drawing shown on the page is the graph of the finished rule base.
    (drawn,) = re.findall(r"```mermaid\n(.*?)```", TUTORIAL.read_text(encoding="utf-8"), re.S)
    assert drawn == engine.authoring.to_mermaid(engine.load(tmp_path / "coffee.yaml"))


def test_the_markers_are_read_as_documented() -> None:
    text = '<!-- step: insert a.yaml before "facts:" -->\n```yaml\n  - id: x\n```\n'
    (step,) = steps(text)
    assert step.words == ["insert", "a.yaml", "before", "facts:"]
    assert step.block == "  - id: x\n"
    (command,) = commands("$ guide run x\n> y\n\nResult\n")
    assert command.answers == ["y"]
    assert command.expected == [">", "Result"]
    assert _matches(["a", "...", "z"], ["a", "b", "c", "z"])
    assert not _matches(["a", "...", "z"], ["a", "b"])
