"""YAML syntax errors (G005) in plain words, at the line that holds the mistake.

The parser says where it noticed a problem, which is often a line or two after
the mistake (a key without its `:` is noticed at the next key) and in its own
words ("mapping values are not allowed here"). Here we look at the text around
that place, as the author would, to name the usual mistakes: a tab used for
indentation, a key indented deeper than the key above it, a key missing its
`:`. Anything else keeps the parser's position with its message reworded.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import yaml

from engine._escapes import bad_escape
from engine.errors import Diagnostic, Severity, Span

# `key: value`, `key:` or `- key: value` (list items nested any depth), as written in
# block style. The key is plain text without `:` followed by a space, `#` or quotes.
_KEY_LINE = re.compile(
    r"^(?P<lead>[ ]*(?:-[ ]+)*)(?P<key>[^\s#'\"\-:][^:#]*?):(?:[ ]+(?P<value>.*))?$"
)


@dataclass(frozen=True, slots=True)
class _KeyLine:
    """A line that starts a key, with the column (0-based) its key starts at."""

    number: int  # 1-based
    column: int
    key: str
    value: str


def syntax_error(path: str, text: str, exc: yaml.MarkedYAMLError) -> Diagnostic:
    """The G005 diagnostic for the parser's ``exc`` on ``text``."""
    quote = exc.context_mark
    if "invalid Unicode character escape" in (exc.problem or "") and quote is not None:
        # libyaml's words for `\ud83d` and the like; it says which quoted text, we find the escape
        bad = bad_escape(text.splitlines(), quote.line + 1, quote.column + 1)
        if bad is not None:
            return bad.diagnostic(path)
    lines = text.splitlines()
    mark = exc.problem_mark or exc.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
    problem, context = exc.problem or "", exc.context or ""
    context_line = exc.context_mark.line + 1 if exc.context_mark is not None else None
    found = _tab(lines, line, context_line) or _too_deep(lines, line, problem)
    if found is None and "simple key" in context and exc.context_mark is not None:
        found = _missing_colon(lines, exc.context_mark.line + 1, exc.context_mark.column + 1)
    if found is not None:
        (line, column), message, hint = found
    else:
        message, hint = _explain(problem, context, _char_at(lines, line, column))
        if "quoted scalar" in context and exc.context_mark is not None:
            line, column = exc.context_mark.line + 1, exc.context_mark.column + 1
    return Diagnostic(Span(path, line, column), Severity.ERROR, "G005", message, hint)


_Found = tuple[tuple[int, int], str, str]


def _tab(lines: Sequence[str], line: int, context_line: int | None) -> _Found | None:
    """A tab in the indentation of the line the parser stopped at (or of the line it
    was reading), which YAML never allows."""
    for number in dict.fromkeys(n for n in (line, context_line) if n is not None):
        if not 1 <= number <= len(lines):
            continue
        written = lines[number - 1]
        indent = written[: len(written) - len(written.lstrip(" \t-"))]
        if "\t" in indent:
            column = indent.index("\t") + 1
            return (
                (number, column),
                f"line {number} is indented with a tab",
                f"use spaces, not tabs: replace the tab at column {column} with spaces "
                "(YAML counts only spaces for indentation)",
            )
    return None


def _too_deep(lines: Sequence[str], line: int, problem: str) -> _Found | None:
    """A key indented deeper than a `key: value` line above it: YAML reads it as more
    of that value, then trips over its `:`."""
    if "mapping values are not allowed" not in problem or not 1 <= line <= len(lines):
        return None
    here = _key_line(lines, line)
    above = _previous_key_line(lines, line)
    if here is None or above is None or not above.value or here.column <= above.column:
        return None
    if above.value[0] in "|>\"'[{":  # a block or quoted text: the deeper line belongs to it
        return None
    siblings = _siblings(lines, above)
    deeper = here.column - above.column
    same_level = " and ".join(f"`{k}`" for k in siblings)
    return (
        (line, here.column + 1),
        f"`{here.key}` is indented {deeper} more "
        f"{'space' if deeper == 1 else 'spaces'} than the key `{above.key}` above it",
        f"indent `{here.key}` by {above.column} spaces, like {same_level}, if it belongs to "
        f"the same section; if it is part of the text of `{above.key}`, put that whole text "
        "in quotes",
    )


def _missing_colon(lines: Sequence[str], line: int, column: int) -> _Found | None:
    """The line where the parser began reading a key it never found the `:` of."""
    if not 1 <= line <= len(lines):
        return None
    written = lines[line - 1][column - 1 :].split(" #")[0].rstrip()
    if not written:
        return None
    name, _, rest = written.partition(" ")
    fixed = f"`{name}: {rest.strip()}`" if rest.strip() else f"`{name}:` and its value"
    return (
        (line, column),
        f"`{written}` has no `:` after its key",
        f"write {fixed}",
    )


def _key_line(lines: Sequence[str], number: int) -> _KeyLine | None:
    match = _KEY_LINE.match(lines[number - 1])
    if match is None:
        return None
    key = match["key"].rstrip()
    return _KeyLine(number, len(match["lead"]), key, (match["value"] or "").strip())


def _significant(written: str) -> bool:
    stripped = written.strip()
    return bool(stripped) and not stripped.startswith("#")


def _previous_key_line(lines: Sequence[str], line: int) -> _KeyLine | None:
    for number in range(line - 1, 0, -1):
        if _significant(lines[number - 1]):
            return _key_line(lines, number)
    return None


def _siblings(lines: Sequence[str], above: _KeyLine) -> list[str]:
    """The keys written at ``above``'s column in its section, in file order."""
    keys = [above.key]
    for number in range(above.number - 1, 0, -1):
        written = lines[number - 1]
        if not _significant(written):
            continue
        found = _key_line(lines, number)
        indent = len(written) - len(written.lstrip(" "))
        if found is not None and found.column == above.column:
            keys.insert(0, found.key)
            if indent < found.column:  # `- id:` starts a list item: the section starts here
                break
        elif indent <= above.column:
            break
    return keys


def _char_at(lines: Sequence[str], line: int, column: int) -> str:
    if 1 <= line <= len(lines) and 1 <= column <= len(lines[line - 1]):
        return lines[line - 1][column - 1]
    return ""


def _explain(problem: str, context: str, char: str) -> tuple[str, str]:
    """The parser's message (which differs between libyaml and PyYAML) in plain words."""
    if "mapping values are not allowed" in problem:
        return (
            "a `:` is not allowed here",
            "if the text itself contains `: `, put the whole text in quotes",
        )
    if "cannot start any token" in problem:
        return f"the character `{char}` cannot start a value here", "put the text in quotes"
    if "quoted scalar" in context:
        return "a quoted text is not closed", "add the closing quote"
    if "flow sequence" in context:
        return "a list in `[ ]` is not closed", "add the closing `]` (and commas between items)"
    if "flow mapping" in context:
        return "a section in `{ }` is not closed", "add the closing `}` (and commas between keys)"
    if "simple key" in context:
        return "a key is missing its `:`", "write the key followed by `: ` and its value"
    if "block" in context:
        return (
            "the indentation does not line up with the lines above",
            "indent the keys of one section, and the items of one list, by the same spaces",
        )
    return f"the YAML cannot be read: {problem or context}", "check the YAML syntax at this place"
