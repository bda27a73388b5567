"""Saving a session: whole or not at all, never over another file, always somewhere."""

from __future__ import annotations

import datetime as dt
import errno
import functools
import io
import json
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

import engine
from tests.conftest import MINIMAL
from wizards import saving
from wizards.errors import WizardError
from wizards.screens import Screen, make_console
from wizards.terminal import Ending, Wizard

NOW = dt.datetime(2026, 3, 14, 9, 26, 53, tzinfo=dt.UTC)


@functools.cache
def stock_count() -> engine.Rulebase:
    return engine.load(engine.resolve("stock_count"))


def answered_once() -> engine.Session:
    session = engine.start(stock_count())
    session.answer("discrepancy_direction", "system_lower")
    return session


def test_a_save_replaces_the_file_whole_and_leaves_nothing_else(tmp_path: Path) -> None:
    target = tmp_path / "s.json"
    saving.save_session(engine.start(stock_count()), target)
    saving.save_session(answered_once(), target)
    assert list(tmp_path.iterdir()) == [target]
    data = json.loads(target.read_text(encoding="utf-8"))
    assert engine.resume(stock_count(), data).answers == {"discrepancy_direction": "system_lower"}


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("printer.yaml", MINIMAL),
        ("notes.json", '{"format": "something else"}'),
        ("notes.txt", "my notes\n"),
    ],
)
def test_a_session_is_never_saved_over_a_file_that_is_not_a_session(
    tmp_path: Path, name: str, text: str
) -> None:
    target = tmp_path / name
    target.write_text(text, encoding="utf-8")
    with pytest.raises(WizardError, match="is not a saved Guide session"):
        saving.save_session(answered_once(), target)
    assert target.read_text(encoding="utf-8") == text
    assert list(tmp_path.iterdir()) == [target]


def test_an_earlier_session_or_an_empty_file_is_replaced(tmp_path: Path) -> None:
    earlier, empty = tmp_path / "earlier.json", tmp_path / "empty.json"
    saving.save_session(engine.start(stock_count()), earlier)
    empty.touch()
    for target in (earlier, empty):
        saving.save_session(answered_once(), target)
        assert saving.is_session_file(target)


# --- a save that fails goes to the data directory ------------------------------------


class Script:
    def __init__(self, *lines: str) -> None:
        self.lines: Iterator[str] = iter(lines)

    def __call__(self, prompt: str) -> str:
        try:
            return next(self.lines)
        except StopIteration:
            raise EOFError from None


def _read_only(monkeypatch: pytest.MonkeyPatch, folder: Path) -> None:
    """The folder takes no new files (chmod does not stop root, so the refusal is faked)."""
    real = tempfile.mkstemp

    def mkstemp(*args: object, dir: Path, **kwargs: object) -> tuple[int, str]:
        if Path(dir) == folder:
            raise PermissionError(errno.EACCES, "Permission denied")
        return real(*args, dir=dir, **kwargs)  # type: ignore[call-overload,no-any-return]

    monkeypatch.setattr(saving.tempfile, "mkstemp", mkstemp)


def _disk_full(monkeypatch: pytest.MonkeyPatch, folder: Path) -> None:
    """Writes in the folder go to /dev/full: the disk is full."""
    if not Path("/dev/full").exists():
        pytest.skip("needs /dev/full")
    real = tempfile.mkstemp

    def mkstemp(*args: object, dir: Path, **kwargs: object) -> tuple[int, str]:
        if Path(dir) == folder:
            return os.open("/dev/full", os.O_WRONLY), str(folder / ".s.json.x.guide-tmp")
        return real(*args, dir=dir, **kwargs)  # type: ignore[call-overload,no-any-return]

    monkeypatch.setattr(saving.tempfile, "mkstemp", mkstemp)


@pytest.mark.parametrize("cause", ["missing folder", "a folder", "read-only", "disk full"])
def test_a_failed_save_keeps_the_answers_in_the_data_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cause: str
) -> None:
    folder = tmp_path / "work"
    folder.mkdir()
    target = folder / "s.json"
    if cause == "missing folder":
        target = folder / "gone" / "s.json"
    elif cause == "a folder":
        target.mkdir()
    elif cause == "read-only":
        _read_only(monkeypatch, folder)
    else:
        _disk_full(monkeypatch, folder)
    fallback = tmp_path / "data" / "sessions"
    out = io.StringIO()
    screen = Screen(make_console(plain=True, file=out, width=200), plain=True)
    wizard = Wizard(
        engine.start(stock_count()),
        screen,
        Script("2"),
        target,
        lambda: NOW,
        fallback_folder=fallback,
    )

    assert wizard.run() is Ending.STOPPED

    [kept] = fallback.iterdir()
    data = json.loads(kept.read_text(encoding="utf-8"))
    assert engine.resume(stock_count(), data).answers == {"discrepancy_direction": "system_lower"}
    text = out.getvalue()
    assert f"{target}: " in text  # what went wrong there
    assert f"Your answers are saved in {kept} instead." in text
    assert f"Stopped. Your answers are saved in {kept}" in text
    assert f"--resume {kept}" in text
    assert not list(folder.glob("**/.*.guide-tmp"))


def test_when_no_place_takes_the_session_the_worker_is_told(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocked = tmp_path / "a-file"
    blocked.write_text("", encoding="utf-8")
    monkeypatch.setattr(tempfile, "tempdir", str(blocked))  # no folder can be made there
    out = io.StringIO()
    screen = Screen(make_console(plain=True, file=out, width=200), plain=True)
    target = tmp_path / "gone" / "s.json"
    wizard = Wizard(
        engine.start(stock_count()),
        screen,
        Script("2"),
        target,
        lambda: NOW,
        fallback_folder=blocked,
    )
    assert wizard.run() is Ending.STOPPED
    text = out.getvalue()
    # Told after the answer, and again when stopping; never "Stopped. Your answers are saved".
    assert text.count(f"Your answers could not be saved: {target}: the session cannot be") == 2
    assert "Stopped." not in text
