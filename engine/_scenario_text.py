"""A saved session written down as a scenario, appended to the rule base's text.

The file is edited as text, never re-dumped from the model, so the author's
comments and layout stay byte for byte: the new scenario goes after the last
line of the `tests:` section (or a new `tests:` section at the end). The new
text is loaded in memory first; only if it loads and the scenario reads back as
the session's answers does it replace the file, in one atomic rename of a
complete, synced temporary file. The whole read-modify-write holds an exclusive
lock on the rule base, so concurrent adds each keep their scenario, and a kill
at any moment leaves the old file or the new one, never a broken one.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from engine.atomic import replace_file
from engine.errors import GuideError, RulebaseError
from engine.loader import load, load_text
from engine.model import Rulebase, Value
from engine.session import resume

if sys.platform != "win32":
    import fcntl

#: A value that YAML reads back as the same text without quotes.
_PLAIN = re.compile(r"[a-z][a-z0-9_]*")
#: Plain words YAML 1.1 reads as something other than text.
_RESERVED = frozenset({"yes", "no", "true", "false", "on", "off", "y", "n", "null"})
#: Line breaks YAML folds inside quotes, so they are written as escapes.
_BREAKS = frozenset("\n\r\x85\u2028\u2029")
_TOP_LEVEL_KEY = re.compile(r"tests\s*:")


@dataclass(frozen=True, slots=True)
class AddedScenario:
    """What :func:`add_scenario` wrote, and what the author should know about it."""

    name: str
    text: str
    #: 1-based line of the new scenario's `- name:` in the file.
    line: int
    top: str | None
    includes: tuple[str, ...]
    #: The question the session stopped at, if it was not finished: the
    #: scenario will be asked it and fail until the author answers it.
    unfinished_at: str | None


def scenario_from_session(
    rulebase: Rulebase, data: Mapping[str, Any], name: str, *, indent: int = 2
) -> str:
    """The YAML text of a scenario replaying a saved session (one list item).

    Its answers and skips are the session's; its expectations (``top`` and
    ``includes``) are what the session recommends now.

    Raises:
        SessionError: the data is corrupt, or from another rule base or version.
    """
    session = resume(rulebase, data)
    pad = " " * indent
    lines = [
        f"{pad}- name: {quote(name)}",
        f"{pad}  # From a saved session: `expect` is what Guide recommends now;",
        f"{pad}  # change it to what should happen.",
    ]
    answers = [e for e in session.history if not e.skipped]
    if answers:
        lines.append(f"{pad}  answers:")
        lines.extend(f"{pad}    {e.question}: {yaml_value(e.value)}" for e in answers)
    skipped = [e.question for e in session.history if e.skipped]
    if skipped:
        lines.append(f"{pad}  skipped: [{', '.join(skipped)}]")
    recommended = [r.solution.id for r in session.recommendations()]
    if recommended:
        lines.append(f"{pad}  expect:")
        lines.append(f"{pad}    top: {recommended[0]}")
        lines.append(f"{pad}    includes: [{', '.join(recommended)}]")
    else:
        lines.append(f"{pad}  # Nothing was recommended.")
    return "\n".join(lines) + "\n"


def yaml_value(value: Value | None) -> str:
    """An answer in the rule base's value syntax, quoted where YAML would misread it."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return _float_text(value)
    if isinstance(value, tuple):
        return "[" + ", ".join(yaml_value(v) for v in value) + "]"
    if value is None:
        return "null"
    return value if _PLAIN.fullmatch(value) and value not in _RESERVED else quote(value)


def yaml_key(text: str) -> str:
    """Text as a YAML key or list item: plain when an id, else quoted."""
    return text if _PLAIN.fullmatch(text) and text not in _RESERVED else quote(text)


def _float_text(value: float) -> str:
    """A float as YAML 1.1 reads back the same number.

    YAML 1.1 reads `5e-05` as text: a float needs a dot before its exponent.
    Whole numbers are written as integers while that is exact and short.
    """
    if value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    text = repr(value)
    mantissa, e, exponent = text.partition("e")
    if e and "." not in mantissa:
        return f"{mantissa}.0e{exponent}"
    return text


def quote(text: str) -> str:
    """Text as a YAML double-quoted scalar: safe for any characters."""
    out = []
    for char in text:
        if char in '"\\':
            out.append("\\" + char)
        elif char.isprintable() and char not in _BREAKS:
            out.append(char)
        elif ord(char) <= 0xFF:
            out.append(f"\\x{ord(char):02x}")
        elif ord(char) <= 0xFFFF:
            out.append(f"\\u{ord(char):04x}")
        else:
            out.append(f"\\U{ord(char):08x}")
    return '"' + "".join(out) + '"'


def add_scenario(path: str | os.PathLike[str], data: Mapping[str, Any], name: str) -> AddedScenario:
    """Append a scenario made from a saved session to the rule base file's `tests`.

    Raises:
        RulebaseError: the rule base cannot be loaded (the file is untouched).
        SessionError: the session is corrupt, or from another rule base or
            version (the file is untouched).
        GuideError: a scenario with that name exists, the `tests` section cannot
            be appended to, or the file would not load afterwards (it is restored).
    """
    target = Path(path)
    with _locked(target) as original:
        rulebase = load(target)
        if any(test.name == name for test in rulebase.tests):
            raise GuideError(f"there is already a scenario named {name!r}; choose another name")
        source = original.decode("utf-8")
        newline = "\r\n" if "\r\n" in source else "\n"
        lines = source.splitlines(keepends=True)
        at, indent, header = _insertion_point(lines)
        item = scenario_from_session(rulebase, data, name, indent=indent)
        added = ("\n" if header is None else f"\n{header}\n") + item
        added = added.replace("\n", newline)
        before = "".join(lines[:at])
        if before and not before.endswith(("\n", "\r")):
            before += newline
        after = "".join(lines[at:])
        text = before + added + after
        line = before.count("\n") + added.count("\n") - item.count("\n") + 1
        try:
            reloaded = load_text(text, os.fspath(target))
        except RulebaseError as error:
            raise GuideError(
                f"the scenario would not load ({error.diagnostics[0].headline()}); "
                "the file is unchanged"
            ) from None
        session = resume(rulebase, data)
        written = reloaded.tests[-1] if reloaded.tests else None
        if written is None or written.name != name or dict(written.answers) != session.answers:
            raise GuideError("the scenario did not read back as written; the file is unchanged")
        _write(target, text.encode("utf-8"))
    pending = session.next_question()
    return AddedScenario(
        name=name,
        text=item,
        line=line,
        top=written.expect_top,
        includes=written.expect_includes,
        unfinished_at=None if pending is None else pending.id,
    )


@contextmanager
def _locked(path: Path) -> Iterator[bytes]:
    """The file's bytes, read under an exclusive lock held until the block ends.

    The lock is on the rule base itself (no lock file left beside it). Since a
    writer replaces the file by renaming, one that waited may hold the lock of
    a file no longer there: it then locks the new file instead.
    """
    while True:
        try:
            stream = path.open("rb")
        except OSError as error:
            raise GuideError(f"cannot read {path}: {error.strerror}") from None
        with stream:
            if sys.platform != "win32":
                fcntl.flock(stream.fileno(), fcntl.LOCK_EX)
            held = os.fstat(stream.fileno())
            try:
                now = path.stat()
            except FileNotFoundError:
                now = None
            if now is not None and (now.st_dev, now.st_ino) == (held.st_dev, held.st_ino):
                yield stream.read()
                return


def _insertion_point(lines: list[str]) -> tuple[int, int, str | None]:
    """Where to insert (a line index), the list items' indent, and a header if needed.

    The header is `tests:` when the file has no `tests` section yet.
    """
    start = next((i for i, line in enumerate(lines) if _TOP_LEVEL_KEY.match(line)), None)
    if start is None:
        return len(lines), 2, "tests:"
    rest = lines[start][lines[start].index(":") + 1 :].strip()
    if rest and not rest.startswith("#"):
        raise GuideError(
            "the `tests` section is written on one line; write it as a list, "
            "one `- name:` per scenario, to add to it"
        )
    last, indent = start, 2
    seen_item = False
    for i in range(start + 1, len(lines)):
        line = lines[i]
        stripped = line.strip()
        if not stripped or (line[0] == "#"):
            continue
        if not line[0].isspace() and not line.startswith("-"):
            break  # the next top-level key
        if not seen_item and stripped.startswith("-"):
            indent, seen_item = len(line) - len(line.lstrip()), True
        last = i
    return last + 1, indent, None


def _write(path: Path, data: bytes) -> None:
    """Replace the file's bytes whole (see :mod:`engine.atomic`)."""
    try:
        replace_file(path, data)
    except OSError as error:
        raise GuideError(f"cannot write {path}: {error.strerror}") from None
