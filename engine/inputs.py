"""Files a person hands Guide: saved sessions and answers files, read within limits.

A session file (``--resume``, ``guide diff --sessions``, ``guide test
--add-scenario``) or an answers file (``--answers``) may come from anywhere,
so every one is read the same way: only a regular file (never a FIFO, a device
or a folder, which could block or never end), at most a fixed number of bytes,
as UTF-8, and parsed with limits: JSON without NaN, infinities or nesting
deeper than Python can take, YAML through the rule-base reader (no aliases, no
tags, at most ``MAX_DEPTH`` levels). Whatever goes wrong is an
:class:`~engine.errors.InputError` naming the file.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import os
import stat
from typing import Any, TypeAlias

from engine import _yaml
from engine.errors import InputError

__all__ = [
    "MAX_ANSWERS_BYTES",
    "MAX_SESSION_BYTES",
    "read_answers_file",
    "read_session_file",
]

#: The largest session file read: a person's consultation is a few KiB.
MAX_SESSION_BYTES = 10 * 1024 * 1024
#: The largest answers file read: one short line per question.
MAX_ANSWERS_BYTES = 1024 * 1024

#: A value in an answers file: what YAML reads, or a list of such values.
AnswerValue: TypeAlias = (
    bool | int | float | str | dt.date | dt.datetime | list[_yaml.ScalarValue] | None
)


def read_text_file(path: str | os.PathLike[str], *, limit: int, what: str) -> str:
    """The text of a regular file of at most ``limit`` bytes, as UTF-8.

    ``what`` names the file in messages ("the session file").

    Raises:
        InputError: the file is missing, not a regular file, larger than
            ``limit``, unreadable, or not UTF-8.
    """
    label = os.fspath(path)
    try:
        # Non-blocking, so that opening a FIFO returns at once; fstat then refuses it.
        flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
        descriptor = os.open(label, flags)
    except FileNotFoundError:
        raise InputError(label, f"{what} does not exist") from None
    except OSError as error:
        raise InputError(label, f"{what} cannot be read ({_reason(error)})") from None
    except ValueError:  # a NUL in the path
        raise InputError(repr(label), f"{what} cannot be read (its name holds a NUL)") from None
    try:
        info = os.fstat(descriptor)
        if stat.S_ISDIR(info.st_mode):
            raise InputError(label, f"{what} cannot be read (it is a folder)")
        if not stat.S_ISREG(info.st_mode):
            raise InputError(
                label, f"{what} cannot be read (it is not a regular file but a device or a pipe)"
            )
        if info.st_size > limit:
            raise InputError(label, _too_large(what, limit))
        with os.fdopen(descriptor, "rb") as stream:
            descriptor = -1  # the stream owns it now
            data = stream.read(limit + 1)  # never more: the file may be growing
    except OSError as error:
        raise InputError(label, f"{what} cannot be read ({_reason(error)})") from None
    finally:
        if descriptor >= 0:
            os.close(descriptor)
    if len(data) > limit:
        raise InputError(label, _too_large(what, limit))
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise InputError(label, f"{what} cannot be read (not UTF-8 text)") from None


def read_session_file(path: str | os.PathLike[str]) -> dict[str, Any]:
    """A saved session's data, read but not yet checked against a rule base.

    Pass it to ``engine.resume``, which checks every field.

    Raises:
        InputError: the file cannot be read (see :func:`read_text_file`), is
            larger than :data:`MAX_SESSION_BYTES`, or is not a JSON object of
            finite numbers nested within Python's limits.
    """
    label = os.fspath(path)
    text = read_text_file(label, limit=MAX_SESSION_BYTES, what="the session file")
    try:
        data = json.loads(text, parse_constant=_refuse_constant, parse_float=_finite_float)
    except RecursionError:
        raise InputError(label, "the session file is nested too deeply to be a session") from None
    except ValueError as error:  # not JSON, a non-finite number, or an integer too long
        raise InputError(
            label, f"this is not a saved Guide session ({_json_problem(error)})"
        ) from None
    if not isinstance(data, dict):
        raise InputError(label, "this is not a saved Guide session")
    return data


def read_answers_file(path: str | os.PathLike[str]) -> dict[str, AnswerValue]:
    """The answers in a YAML file of ``question_id: answer`` lines, in file order.

    A value is what YAML reads (text, a number, yes/no, a date, or null for
    "I don't know"), or a list of such values.

    Raises:
        InputError: the file cannot be read (see :func:`read_text_file`), is
            larger than :data:`MAX_ANSWERS_BYTES`, is not YAML a rule base could
            hold (aliases, tags, deep nesting, several documents), or is not a
            section of ``question_id: answer`` lines.
    """
    label = os.fspath(path)
    text = read_text_file(label, limit=MAX_ANSWERS_BYTES, what="the answers file")
    problem = _yaml.check_characters(label, text)
    root, diagnostics = _yaml.read(label, text)
    problems = ([problem] if problem is not None else []) + [
        d
        for d in diagnostics
        if d.code != "G004"  # an empty file gives no answers
    ]
    if problems:
        first = min(problems, key=lambda d: d.span)
        kind = "is not valid YAML" if first.code == "G005" else "cannot be used"
        raise InputError(
            label,
            f"the answers file {kind}: {_in_answers_words(first.message)}",
            hint=first.hint or "write one `question_id: answer` per line, e.g. `pack_size: 6`",
            span=first.span,
        )
    if root is None:
        return {}
    if not isinstance(root, _yaml.Mapping):
        raise InputError(
            label,
            "the answers file must be a list of `question_id: answer` lines",
            hint="for example `pack_size: 6`",
        )
    return {str(key.value): _answer_value(label, key, node) for key, node in root.entries}


def _answer_value(label: str, key: _yaml.Scalar, node: _yaml.Node) -> AnswerValue:
    if isinstance(node, _yaml.Scalar):
        return node.value
    if isinstance(node, _yaml.Sequence) and all(isinstance(i, _yaml.Scalar) for i in node.items):
        return [item.value for item in node.items if isinstance(item, _yaml.Scalar)]
    raise InputError(
        label,
        f"the answer to `{key.value}` is {_yaml.describe(node)}; "
        "write a value, or a list of choices",
        hint="for example `symptoms: [noise, smell]`",
        span=node.span,
    )


def _in_answers_words(message: str) -> str:
    """The YAML reader's message, which speaks of rule bases, about an answers file."""
    return message.replace("the rule base", "the file").replace("rule bases", "answers files")


def _refuse_constant(name: str) -> float:
    raise ValueError(f"`{name}` is not a number a session holds")


def _finite_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(f"the number `{text[:20]}` is too large")
    return value


def _json_problem(error: ValueError) -> str:
    if isinstance(error, json.JSONDecodeError):
        return "not JSON"
    if "integer string conversion" in str(error):
        return "a number has too many digits"
    return str(error)


def _too_large(what: str, limit: int) -> str:
    return f"{what} is larger than {limit // (1024 * 1024)} MiB, the most Guide reads"


def _reason(error: OSError) -> str:
    return error.strerror or type(error).__name__
