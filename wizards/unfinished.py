"""The unfinished consultations kept in the data directory, for ``guide run --resume``
without a file: newest first, each with its rule base, date, number of answers and
the question it stopped at.

Listing reads only each file's ``wizard`` section and counts its steps: nothing is
replayed, and a file that is not a saved session (or cannot be read) is passed over.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import engine
from wizards import saving
from wizards.errors import WizardError

#: The most files looked at: the newest ones, so a folder of years of sessions stays fast.
MOST_LOOKED_AT = 500


@dataclass(frozen=True, slots=True)
class Unfinished:
    """A consultation that can be resumed."""

    path: Path
    rulebase_id: str
    #: The rule base's title when the file says it, else its id.
    title: str
    saved_at: dt.datetime
    #: Answers and "I don't know"s so far.
    steps: int
    #: The question on screen when it stopped, in the rule base's words (None: not known).
    question: str | None
    #: The rule base file it was run from, when the file says and it still exists.
    rulebase_file: Path | None

    def line(self) -> str:
        """One line for the list: rule base, date, answers, question."""
        answers = f"{self.steps} answer" + ("s" * (self.steps != 1))
        when = self.saved_at.astimezone().strftime("%Y-%m-%d %H:%M")
        where = f"at “{self.question}”" if self.question else "at its last question"
        return f"{self.title} ({self.rulebase_id}), {when}, {answers}, {where}"


def unfinished_sessions(folder: Path, rulebase_id: str | None = None) -> list[Unfinished]:
    """The unfinished consultations in ``folder``, newest first (of ``rulebase_id`` only
    when given)."""
    try:
        candidates = [p for p in folder.glob("*.json") if p.is_file()]
    except OSError:
        return []
    candidates.sort(key=_modified, reverse=True)
    found = []
    for path in candidates[:MOST_LOOKED_AT]:
        item = _read(path)
        if item is not None and (rulebase_id is None or item.rulebase_id == rulebase_id):
            found.append(item)
    found.sort(key=lambda u: (u.saved_at, _modified(u.path)), reverse=True)
    return found


def rulebase_path(item: Unfinished) -> Path:
    """The rule base to resume ``item`` with: the file it was run from, else the
    shipped one of its id.

    Raises:
        WizardError: neither exists any more.
    """
    if item.rulebase_file is not None:
        return item.rulebase_file
    shipped = engine.shipped_rulebases().get(item.rulebase_id)
    if shipped is None:
        raise WizardError(
            f"{item.path}: its rule base `{item.rulebase_id}` cannot be found",
            hint=f"name its file: guide run PATH --resume {item.path}",
        )
    return shipped


def _modified(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0


def _read(path: Path) -> Unfinished | None:
    try:
        data = saving.read_session_file(path)
        rulebase_id = saving.saved_rulebase_id(data, path)
    except WizardError:
        return None
    wizard = data.get("wizard")
    wizard = wizard if isinstance(wizard, dict) else {}
    if wizard.get("status", saving.UNFINISHED) != saving.UNFINISHED:
        return None
    events = data.get("events")
    return Unfinished(
        path=path,
        rulebase_id=rulebase_id,
        title=_text(wizard.get("title")) or rulebase_id,
        saved_at=_when(wizard.get("saved_at"), path),
        steps=len(events) if isinstance(events, list) else 0,
        question=_text(wizard.get("question")),
        rulebase_file=_existing(wizard.get("rulebase_file")),
    )


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) and value.strip() else None


def _when(value: Any, path: Path) -> dt.datetime:
    if isinstance(value, str):
        try:
            moment = dt.datetime.fromisoformat(value)
        except ValueError:
            pass
        else:
            return moment if moment.utcoffset() is not None else moment.astimezone()
    return dt.datetime.fromtimestamp(_modified(path)).astimezone()


def _existing(value: Any) -> Path | None:
    if not isinstance(value, str) or not value:
        return None
    path = Path(value)
    return path if path.is_file() else None
