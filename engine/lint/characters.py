"""Characters a worker should never receive: terminal controls and text-direction marks.

Both are invisible in an editor and in YAML written as escapes (``"\\e[2J"``,
``"\\u202e"``), so only a check finds them. Rule-base texts and article files
are checked; the position is given in the text or in the file.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from engine.errors import Severity
from engine.lint._context import Context
from engine.lint._registry import Finding, lint_rule
from engine.lint._texts import texts
from engine.render import MAX_ARTICLE_BYTES

#: C0 controls except tab and newline, DEL, and the C1 controls.
CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
#: Marks and embeddings that change the direction text is shown in.
BIDI = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")

_NAMES = {0x00: "NUL", 0x07: "BEL", 0x08: "BS", 0x0D: "CR", 0x1B: "ESC", 0x7F: "DEL", 0x9B: "CSI"}


@lint_rule("G330", Severity.ERROR)
def control_character(context: Context) -> Iterator[Finding]:
    """A text or an article holds a control character other than tab or newline,
    such as ESC written as `\\e`, `\\x1b` or `\\u001b` in a quoted YAML text, or a
    raw ESC byte in an article file. Sent to a terminal, these sequences can
    write the worker's clipboard, hide a link behind harmless words or clear the
    screen. Guide shows them as `\\x1b` instead of sending them, so the worker
    sees garbage; this check makes `guide check` fail until they are removed.

    ## Wrong

    ```yaml
    - id: power_light
      text: "Is the power light on? \\e]52;c;aGVsbG8=\\a"
    ```

    ## Right

    ```yaml
    - id: power_light
      text: Is the power light on?
    ```
    """
    yield from _find(
        context,
        CONTROLS,
        "control character",
        "remove it: a worker's terminal "
        "would obey it (write the clipboard, hide a link, clear the screen)",
    )


@lint_rule("G331", Severity.WARNING)
def direction_mark(context: Context) -> Iterator[Finding]:
    """A text or an article holds a character that changes the direction text is
    shown in (U+202A to U+202E, U+2066 to U+2069, U+200E, U+200F, U+061C). They
    are invisible, and can make a step read in the reverse order of what it
    says ("Trojan Source"). Right-to-left languages rarely need them written
    out; write the text in its own script instead.

    ## Wrong

    ```yaml
    steps:
      - "Turn the dial to \\u202e05\\u202c then wait."
    ```

    ## Right

    ```yaml
    steps:
      - Turn the dial to 50, then wait.
    ```
    """
    yield from _find(
        context,
        BIDI,
        "direction mark",
        "remove it, or write the text so that it reads the same without it",
    )


def _find(context: Context, pattern: re.Pattern[str], kind: str, hint: str) -> Iterator[Finding]:
    for text in texts(context.rulebase):
        found = pattern.search(text.value)
        if found is not None:
            yield Finding(
                text.span,
                f"{text.where} holds a {kind}, {_name(found.group())}, "
                f"at character {found.start() + 1}",
                hint,
            )
    for article in context.rulebase.articles:
        if article.file is None:
            continue
        content = _read(article.file)
        found = None if content is None else pattern.search(content)
        if content is not None and found is not None:
            line = content.count("\n", 0, found.start()) + 1
            column = found.start() - (content.rfind("\n", 0, found.start()) + 1) + 1
            yield Finding(
                article.span,
                f"the file of article `{article.id}` holds a {kind}, {_name(found.group())}, "
                f"on line {line}, column {column}",
                hint,
            )


def _name(character: str) -> str:
    code = ord(character)
    name = _NAMES.get(code)
    return f"{name} (U+{code:04X})" if name else f"U+{code:04X}"


def _read(path: Path) -> str | None:
    """The article's text, or None when it cannot be read (the loader and the
    render report that)."""
    try:
        if path.stat().st_size > MAX_ARTICLE_BYTES:
            return None
        return path.read_bytes().decode("utf-8", errors="replace")
    except OSError:
        return None
