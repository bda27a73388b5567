"""Saving a consultation to stop, and resuming it: plain JSON from ``Session.to_dict()``.

Where: ``--save PATH`` if given; else the file a resumed session came from;
else ``guide-<rulebase>-<YYYYMMDD-HHMMSS>.json`` in the current folder. The file
is written whole or not at all (a temporary file, then renamed), and a session
file that cannot be resumed is never written to.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shlex
from pathlib import Path
from typing import Any

import engine
from wizards.errors import WizardError


def default_save_path(rulebase_id: str, now: dt.datetime, folder: Path | None = None) -> Path:
    """``guide-<rulebase>-<timestamp>.json`` in ``folder`` (the current folder by default)."""
    name = f"guide-{rulebase_id}-{now:%Y%m%d-%H%M%S}.json"
    return Path(name) if folder is None else folder / name


def save_session(session: engine.Session, path: Path) -> None:
    """Write the session as JSON, replacing ``path`` only once it is complete.

    Raises:
        WizardError: the file cannot be written.
    """
    text = json.dumps(session.to_dict(), indent=2) + "\n"
    partial = path.with_name(path.name + ".partial")
    try:
        partial.write_text(text, encoding="utf-8")
        partial.replace(path)
    except OSError as error:
        partial.unlink(missing_ok=True)
        raise WizardError(
            f"{path}: the session cannot be saved ({error.strerror or error})",
            hint="choose another place with --save PATH",
        ) from None


def read_session_file(path: Path) -> dict[str, Any]:
    """The saved session's data, read but not yet checked against a rule base.

    Read within the engine's limits (``engine.read_session_file``): a regular
    file of at most ``engine.MAX_SESSION_BYTES``, plain JSON.

    Raises:
        WizardError: the file is missing, unreadable, too large, or not a JSON object.
    """
    try:
        return engine.read_session_file(path)
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
        return rulebase.resume(data)
    except engine.SessionError as error:
        raise WizardError(f"{path}: cannot resume: {error}") from None


def resume_command(path: Path, rulebase: engine.Rulebase) -> str:
    """The exact command that continues a saved session, ready to copy.

    The rule base is named only when it is a file rather than a shipped one.
    """
    parts = ["guide", "run"]
    shipped = engine.shipped_rulebases().get(rulebase.id)
    if shipped is None or shipped.resolve() != Path(rulebase.path).resolve():
        parts.append(_shown_path(Path(rulebase.path)))
    parts += ["--resume", _shown_path(path)]
    return shlex.join(parts)


def _shown_path(path: Path) -> str:
    """The path relative to the current folder when it is inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return os.fspath(path.resolve())
