"""A new rule base to start from: ``guide new NAME``.

Writes ``NAME.yaml``, a small but complete worked example (the office coffee
machine that does not start), and one article beside it, ready to be read,
checked, run and rewritten. The example passes ``guide check --strict`` and its
scenarios pass. The templates are package data; the only thing filled in is the
name, by plain substitution, after it has been checked to be an id.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from string import Template

from engine._fields import ID_PATTERN, MAX_ID_LENGTH
from engine.errors import GuideError

__all__ = ["Scaffold", "ScaffoldError", "check_name", "new_rulebase", "render_scaffold"]

_TEMPLATES = "engine.templates"
_RULEBASE_TEMPLATE = "new_rulebase.yaml.tmpl"
_ARTICLE_TEMPLATE = "new_article.md.tmpl"


class ScaffoldError(GuideError):
    """A new rule base cannot be written: a bad name, or a file already there."""

    def __init__(self, message: str, hint: str | None = None) -> None:
        self.hint = hint
        super().__init__(message)


@dataclass(frozen=True, slots=True)
class Scaffold:
    """The files of a new rule base: relative path -> text."""

    name: str
    files: dict[str, str]

    @property
    def rulebase_file(self) -> str:
        return f"{self.name}.yaml"


def render_scaffold(name: str) -> Scaffold:
    """The files ``guide new NAME`` writes, as text, without writing anything.

    Raises:
        ScaffoldError: ``name`` is not a valid id.
    """
    check_name(name)
    rulebase = Template(_template(_RULEBASE_TEMPLATE)).substitute(name=name)
    article = _template(_ARTICLE_TEMPLATE)
    return Scaffold(
        name,
        {f"{name}.yaml": rulebase, f"articles/{name}_descaling.md": article},
    )


def new_rulebase(name: str, directory: str | os.PathLike[str] = ".") -> list[Path]:
    """Write a new rule base ``NAME.yaml`` and its article into ``directory``.

    The directory is created if needed. Nothing is overwritten: if any of the
    files exists, nothing is written at all.

    Returns:
        The paths written, the rule base first.

    Raises:
        ScaffoldError: ``name`` is not a valid id, a file already exists, or
            the files cannot be written.
    """
    scaffold = render_scaffold(name)
    folder = Path(directory)
    targets = [(folder / relative, text) for relative, text in scaffold.files.items()]
    existing = [path for path, _ in targets if path.exists() or path.is_symlink()]
    if existing:
        raise ScaffoldError(
            f"{existing[0]} already exists; nothing was written",
            "choose another name, or another folder with --dir",
        )
    written: list[Path] = []
    try:
        for path, text in targets:
            path.parent.mkdir(parents=True, exist_ok=True)
            # "x": never overwrite, even a file that appeared since the check above.
            with path.open("x", encoding="utf-8", newline="\n") as out:
                out.write(text)
            written.append(path)
    except OSError as error:
        for path in written:
            path.unlink(missing_ok=True)
        raise ScaffoldError(
            f"cannot write {error.filename or folder}: {error.strerror or error}",
            "check that the folder exists and that you may write to it",
        ) from error
    return written


def check_name(name: str) -> None:
    """Raise :class:`ScaffoldError` unless ``name`` can be a rule base's id.

    Raises:
        ScaffoldError: the name is not lower-case letters, digits and
            underscores starting with a letter, or is too long.
    """
    if ID_PATTERN.fullmatch(name) and len(name) <= MAX_ID_LENGTH:
        return
    raise ScaffoldError(
        f"`{name}` is not a valid name for a rule base",
        "use lower-case letters, digits and underscores, starting with a letter, "
        f"at most {MAX_ID_LENGTH} characters, e.g. `{_slug(name)}`",
    )


def _slug(name: str) -> str:
    """A valid id close to ``name``, for the hint."""
    found = re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_")
    found = re.sub(r"^[^a-z]+", "", found)[:MAX_ID_LENGTH].rstrip("_")
    return found or "coffee_machine"


def _template(name: str) -> str:
    return resources.files(_TEMPLATES).joinpath(name).read_text(encoding="utf-8")
