"""Saving a consultation to stop, and resuming it: plain JSON from ``Session.to_dict()``.

Where: :func:`save_path` chooses (``--save PATH``; else the file a resumed session
came from; else ``guide-<rulebase>-<YYYYMMDD-HHMMSS>.json`` in the ``sessions``
folder of the data directory, beside the local records). The wizard saves after
every answer, so closing the terminal or a kill costs at most the answer being
typed. Each save is written whole or not at all (a temporary file in the same
folder, synced, then renamed over the old one), and a file that is not a saved
Guide session is never written over.

Besides the engine's session data, the wizard keeps a ``wizard`` section in the
file: whether the consultation is unfinished or finished, when it was saved,
the rule base file and the question on screen, so that ``guide run --resume``
can list the unfinished ones without replaying them (the engine ignores it).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import shlex
import stat
import tempfile
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import engine
import engine.inputs
from engine.atomic import replace_file
from wizards.errors import WizardError

#: The most read of an existing file to tell whether it is a saved session
#: (far more than any session holds; a larger file is not one of ours).
_SESSION_SNIFF_LIMIT = 8 * 1024 * 1024
#: The folder, inside the data directory, that keeps the wizard's sessions.
SESSIONS_FOLDER = "sessions"
#: The same folder also takes sessions no other place would (a --save that fails).
FALLBACK_FOLDER = SESSIONS_FOLDER
#: A consultation still to be finished, or one that reached its ending.
UNFINISHED, FINISHED = "unfinished", "finished"


def save_path(
    save: Path | None,
    resume: Path | None,
    rulebase_id: str,
    now: dt.datetime,
    folder: Path | None = None,
) -> Path:
    """Where a consultation is saved: the one place that chooses it.

    ``--save`` if given; else the file a resumed session came from; else
    ``guide-<rulebase>-<timestamp>.json`` in ``folder`` (the data directory's
    sessions folder; the current folder when None).
    """
    if save is not None:
        return save
    if resume is not None:
        return resume
    return default_save_path(rulebase_id, now, folder)


def default_save_path(rulebase_id: str, now: dt.datetime, folder: Path | None = None) -> Path:
    """``guide-<rulebase>-<timestamp>.json`` in ``folder`` (the current folder by default)."""
    name = f"guide-{rulebase_id}-{now:%Y%m%d-%H%M%S}.json"
    return Path(name) if folder is None else folder / name


def check_save_target(path: Path) -> None:
    """Refuse a path a session must not be saved to, before anything is written.

    An existing file may be replaced only when it is a saved Guide session (or
    empty): a rule base, an answers file or any other file is left alone.

    Raises:
        WizardError: the path is a folder, a device or pipe, or a file that is not
            a saved session.
    """
    try:
        found = path.stat()
    except FileNotFoundError:
        return
    except OSError as error:
        raise WizardError(
            f"{path}: the session cannot be saved there ({error.strerror or error})",
            hint="choose another place with --save PATH",
        ) from None
    if stat.S_ISDIR(found.st_mode):
        raise WizardError(
            f"{path}: is a folder, not a file to save the session in",
            hint=f"name a file in it, e.g. --save {path / 'session.json'}",
        )
    if not stat.S_ISREG(found.st_mode) or (found.st_size and not is_session_file(path)):
        raise WizardError(
            f"{path}: is not a saved Guide session, so the session is not saved over it",
            hint="choose another file name with --save PATH, e.g. session.json",
        )


def is_session_file(path: Path) -> bool:
    """Whether ``path`` holds a saved Guide session (read up to a bound, never executed)."""
    try:
        with path.open("rb") as file:
            data = file.read(_SESSION_SNIFF_LIMIT + 1)
    except OSError:
        return False
    if len(data) > _SESSION_SNIFF_LIMIT:
        return False
    try:
        parsed = json.loads(data.decode("utf-8"))
    except (ValueError, RecursionError):  # UnicodeDecodeError and JSONDecodeError are ValueErrors
        return False
    return isinstance(parsed, dict) and parsed.get("format") == "guide-session"


def session_data(
    session: engine.Session, *, status: str = UNFINISHED, now: dt.datetime | None = None
) -> dict[str, Any]:
    """The session's data as saved by the wizard: the engine's, plus the ``wizard``
    section that lets ``guide run --resume`` list it (status, time, rule base file,
    the question on screen)."""
    data = session.to_dict()
    pending = session.next_question() if status == UNFINISHED else None
    data["wizard"] = {
        "status": status,
        "saved_at": (now or dt.datetime.now().astimezone()).isoformat(timespec="seconds"),
        "rulebase_file": os.fspath(Path(session.rulebase.path).resolve()),
        "title": session.rulebase.metadata.title,
        "question": None if pending is None else pending.text,
    }
    return data


def save_session(
    session: engine.Session,
    path: Path,
    *,
    status: str = UNFINISHED,
    now: dt.datetime | None = None,
) -> None:
    """Write the session as JSON, replacing ``path`` only once the new file is complete.

    The text goes to a temporary file in the same folder, is synced to the disk,
    then renamed over ``path``: a kill or a power cut leaves the old file or the
    new one, never half of one. ``status`` says whether the consultation is
    unfinished (offered by ``guide run --resume``) or finished.

    Raises:
        WizardError: the file cannot be written, or ``path`` is not a session file.
    """
    check_save_target(path)
    text = json.dumps(session_data(session, status=status, now=now), indent=2) + "\n"
    try:
        replace_file(path, text.encode("utf-8"))
    except OSError as error:
        raise _cannot_save(path, error) from None


@dataclass(frozen=True, slots=True)
class Saved:
    """Where a session went, and why not where it was asked to go."""

    path: Path
    #: Why the asked place could not take it; None when it went there.
    problem: WizardError | None = None


def save_somewhere(
    session: engine.Session,
    path: Path,
    fallback: Path | None,
    *,
    status: str = UNFINISHED,
    now: dt.datetime | None = None,
) -> Saved:
    """Save the session at ``path`` (making its folder when it is missing), else in
    ``fallback`` (the data directory's sessions folder), else in the system's
    temporary folder.

    Raises:
        WizardError: no place could take the session (the first place's problem).
    """
    try:
        _make_folder(path.parent)
        save_session(session, path, status=status, now=now)
    except WizardError as problem:
        for folder in (fallback, Path(tempfile.gettempdir())):
            if folder is None:
                continue
            other = _free_name(folder, path)
            if other == path:
                continue
            try:
                folder.mkdir(parents=True, exist_ok=True)
                save_session(session, other, status=status, now=now)
            except (OSError, WizardError):
                continue
            return Saved(other, problem)
        raise
    return Saved(path)


def _make_folder(folder: Path) -> None:
    """The data directory's sessions folder is made on the first save; a folder the
    worker named with --save is theirs to make (it was checked before the first question)."""
    if folder.name == SESSIONS_FOLDER:
        with contextlib.suppress(OSError):  # then saving there fails, and says why
            folder.mkdir(parents=True, exist_ok=True)


def _free_name(folder: Path, asked: Path) -> Path:
    """A new file in ``folder`` for a session that could not go to ``asked``
    (never another consultation's file)."""
    candidate = folder / f"{asked.stem}.json"
    if candidate.exists():
        candidate = folder / f"{asked.stem}-{uuid.uuid4().hex[:8]}.json"
    return candidate


def _cannot_save(path: Path, error: OSError) -> WizardError:
    return WizardError(
        f"{path}: the session cannot be saved ({error.strerror or error})",
        hint="choose another place with --save PATH",
    )


def read_session_file(path: Path) -> dict[str, Any]:
    """The saved session's data, read but not yet checked against a rule base.

    Read within the engine's limits (``engine.inputs.read_session_file``): a regular
    file of at most ``engine.inputs.MAX_SESSION_BYTES``, plain JSON.

    Raises:
        WizardError: the file is missing, unreadable, too large, or not a JSON object.
    """
    try:
        return engine.inputs.read_session_file(path)
    except engine.InputError as error:
        hint = error.hint
        if hint is None and "not a saved Guide session" in error.problem:
            hint = "resume with the file that `guide run` named when it stopped"
        raise WizardError(str(error), hint) from None


def saved_rulebase_id(data: dict[str, Any], path: Path) -> str:
    """The id of the rule base a saved session belongs to.

    Raises:
        WizardError: the data names no rule base.
    """
    rulebase = data.get("rulebase")
    name = rulebase.get("id") if isinstance(rulebase, dict) else None
    if data.get("format") != "guide-session" or not isinstance(name, str) or not name:
        raise WizardError(
            f"{path}: this is not a saved Guide session",
            hint="resume with the file that `guide run` named when it stopped",
        )
    return name


def resume_session(rulebase: engine.Rulebase, data: dict[str, Any], path: Path) -> engine.Session:
    """Continue a saved session exactly where it stopped.

    Raises:
        WizardError: the session is corrupt or belongs to another rule base or version.
    """
    try:
        return engine.resume(rulebase, data)
    except engine.SessionError as error:
        raise WizardError(f"{path}: cannot resume: {error}") from None


def resume_command(
    path: Path, rulebase: engine.Rulebase, program: str = "guide", *, by_file: bool = True
) -> str:
    """The exact command that continues a saved session, ready to copy.

    ``program`` is how Guide was started (``guide``, ``.venv/bin/guide``,
    ``python -m cli``). With ``by_file`` off (the session is in the data directory,
    where ``--resume`` alone finds it) the file is left out. The rule base is named
    only when it is a file rather than a shipped one.
    """
    parts = ["run"]
    if by_file:
        shipped = engine.shipped_rulebases().get(rulebase.id)
        if shipped is None or shipped.resolve() != Path(rulebase.path).resolve():
            parts.append(_shown_path(Path(rulebase.path)))
        parts += ["--resume", _shown_path(path)]
    else:
        parts.append("--resume")
    return f"{program} {shlex.join(parts)}"


def _shown_path(path: Path) -> str:
    """The path relative to the current folder when it is inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return os.fspath(path.resolve())
