"""Unfinished consultations: listed newest first, picked, resumed; the resume command as
Guide was started."""

from __future__ import annotations

import datetime as dt
import functools
import io
import json
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

import engine
from guide_cli import _app
from wizards import saving, unfinished
from wizards.consultation import RunOptions, choose_unfinished
from wizards.errors import WizardError
from wizards.screens import Screen, make_console

NOW = dt.datetime(2026, 3, 14, 9, 26, 53, tzinfo=dt.UTC)


@functools.cache
def stock_count() -> engine.Rulebase:
    return engine.load(engine.resolve("stock_count"))


def keep(
    folder: Path, name: str, answers: int, *, minutes: int, status: str = "unfinished"
) -> Path:
    session = engine.start(stock_count())
    for value in ("system_lower", "all_posted", "units")[:answers]:
        prompt = session.next_question()
        assert prompt is not None
        session.answer(prompt.id, value)
    path = folder / name
    saving.save_somewhere(
        session, path, None, status=status, now=NOW + dt.timedelta(minutes=minutes)
    )
    return path


class Script:
    def __init__(self, *lines: str) -> None:
        self.lines: Iterator[str] = iter(lines)

    def __call__(self, prompt: str) -> str:
        try:
            return next(self.lines)
        except StopIteration:
            raise EOFError from None


def screen() -> tuple[Screen, io.StringIO]:
    out = io.StringIO()
    return Screen(make_console(plain=True, file=out, width=100), plain=True), out


def test_unfinished_sessions_are_listed_newest_first_and_finished_ones_left_out(
    tmp_path: Path,
) -> None:
    older = keep(tmp_path, "a.json", 1, minutes=0)
    newer = keep(tmp_path, "b.json", 2, minutes=5)
    keep(tmp_path, "c.json", 3, minutes=9, status="finished")
    (tmp_path / "not-a-session.json").write_text("[]", encoding="utf-8")
    found = unfinished.unfinished_sessions(tmp_path)
    assert [item.path for item in found] == [newer, older]
    assert found[0].steps == 2
    assert found[0].question == "How is this item counted and sold?"
    assert (
        found[1]
        .line()
        .startswith("Stock on the shelf does not match the system (stock_count), 2026-03-14")
    )
    assert "1 answer, at “When you counted" in found[1].line()
    assert unfinished.unfinished_sessions(tmp_path, "inventory") == []
    assert unfinished.unfinished_sessions(tmp_path / "missing") == []


def test_the_worker_picks_one_by_number_or_takes_the_newest_with_enter(tmp_path: Path) -> None:
    keep(tmp_path, "a.json", 1, minutes=0)
    keep(tmp_path, "b.json", 2, minutes=5)
    options = RunOptions(resume_unfinished=True, sessions_folder=tmp_path)
    shown, out = screen()
    chosen = choose_unfinished(options, shown, Script("7", "2"))
    assert chosen is not None and chosen.path == tmp_path / "a.json"
    text = out.getvalue()
    assert "Unfinished consultations, newest first:" in text
    assert "1. Stock on the shelf" in text and "2 answers" in text
    assert "Not accepted: `7` is not one of them" in text
    chosen = choose_unfinished(options, screen()[0], Script(""))
    assert chosen is not None and chosen.path == tmp_path / "b.json"
    assert choose_unfinished(options, screen()[0], Script("q")) is None
    assert choose_unfinished(options, screen()[0], Script()) is None  # end of input


def test_with_no_unfinished_session_resume_says_so(tmp_path: Path) -> None:
    options = RunOptions(
        resume_unfinished=True, sessions_folder=tmp_path, program=".venv/bin/guide"
    )
    with pytest.raises(WizardError) as raised:
        choose_unfinished(options, screen()[0], Script())
    assert raised.value.message.startswith("there is no unfinished consultation to resume")
    assert raised.value.hint is not None and ".venv/bin/guide run NAME" in raised.value.hint


def test_a_session_from_a_rule_base_file_is_resumed_with_that_file(tmp_path: Path) -> None:
    shutil.copytree(engine.resolve("stock_count").parent, tmp_path / "kb")
    copy = tmp_path / "kb" / "stock_count.yaml"
    session = engine.start(engine.load(copy))
    session.answer("discrepancy_direction", "system_lower")
    saving.save_session(session, tmp_path / "s.json", now=NOW)
    [item] = unfinished.unfinished_sessions(tmp_path)
    assert unfinished.rulebase_path(item) == copy.resolve()
    copy.unlink()
    [item] = unfinished.unfinished_sessions(tmp_path)  # gone: the shipped one of that id
    assert unfinished.rulebase_path(item) == engine.resolve("stock_count")


def test_the_saved_file_says_its_status_and_still_resumes(tmp_path: Path) -> None:
    path = keep(tmp_path, "s.json", 1, minutes=0)
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["wizard"]["status"] == "unfinished"
    assert data["wizard"]["saved_at"] == "2026-03-14T09:26:53+00:00"
    assert engine.resume(stock_count(), data).answers == {"discrepancy_direction": "system_lower"}


@pytest.mark.parametrize(
    ("orig_argv", "argv0", "expected"),
    [
        (["python3", "-m", "cli", "run"], "/x/cli.py", "python3 -m cli"),
        ([".venv/bin/python", ".venv/bin/guide", "run"], ".venv/bin/guide", ".venv/bin/guide"),
        (["python", "-m", "pytest"], "/x/pytest/__main__.py", "guide"),
    ],
)
def test_the_resume_command_names_guide_as_it_was_started(
    monkeypatch: pytest.MonkeyPatch, orig_argv: list[str], argv0: str, expected: str
) -> None:
    monkeypatch.setattr(sys, "orig_argv", orig_argv)
    monkeypatch.setattr(sys, "argv", [argv0])
    monkeypatch.setattr(_app.shutil, "which", lambda name: None)
    assert _app.invoked_as() == expected


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["run", "--resume"], ["run", "--resume="]),
        (["run", "--resume", "--plain"], ["run", "--resume=", "--plain"]),
        (["run", "--resume", "s.json"], ["run", "--resume", "s.json"]),
        (["check", "--resume"], ["check", "--resume"]),
    ],
)
def test_resume_without_a_file_is_told_apart(args: list[str], expected: list[str]) -> None:
    assert _app._bare_resume(args) == expected
