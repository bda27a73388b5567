"""Reading typed fields out of YAML nodes, reporting mismatches in the author's words.

Every read returns ``None`` when the value is missing or unusable; the problem
has then already been recorded, so callers just skip what they cannot build.
"""

from __future__ import annotations

import datetime as dt
import difflib
import math
import re
import unicodedata
from collections.abc import Collection, Iterable
from enum import Enum
from typing import TypeVar

from engine._yaml import Mapping, Node, Scalar, Sequence, describe
from engine.errors import Diagnostic, Severity, Span

ID_PATTERN = re.compile(r"[a-z][a-z0-9_]*")
MAX_ID_LENGTH = 64

E = TypeVar("E", bound=Enum)

#: What each kind of character never allowed in text such as a version (kept in
#: records, file names and PostgreSQL text columns) is called for people.
_UNSAFE = {
    "Cc": "a control character",
    "Cf": "an invisible formatting character",
    "Cs": "a lone surrogate",
    "Zl": "a line separator",
    "Zp": "a paragraph separator",
}


def unsafe_character(text: str) -> str | None:
    """The first control, invisible or line-separating character in ``text``, if
    any, described for people (e.g. ``a NUL (U+0000)``)."""
    for char in text:
        kind = _UNSAFE.get(unicodedata.category(char))
        if kind is not None:
            name = "a NUL" if char == "\0" else "a line break" if char in "\n\r" else kind
            return f"{name} (U+{ord(char):04X})"
    return None


def did_you_mean(word: str, candidates: Iterable[str]) -> str | None:
    """The closest candidate to a misspelt word, if one is close enough."""
    matches = difflib.get_close_matches(word, sorted(set(candidates)), n=1, cutoff=0.6)
    return matches[0] if matches else None


def suggestion(word: str, candidates: Iterable[str]) -> str:
    """``"; did you mean `x`?"`` or nothing, to end a message with."""
    match = did_you_mean(word, candidates)
    return f"; did you mean `{match}`?" if match else ""


def correction_first(word: str, candidates: Iterable[str], hint: str) -> str:
    """``hint``, led by the correction when ``word`` looks like a misspelt candidate."""
    match = did_you_mean(word, candidates)
    return f"change `{word}` to `{match}`; {hint}" if match else hint


def label(key: str) -> str:
    return f"`{key}`"


def item_of(key: str) -> str:
    return f"an item of `{key}`"


class Fields:
    """Collects diagnostics while reading fields from nodes."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.diagnostics: list[Diagnostic] = []

    def error(self, span: Span, code: str, message: str, hint: str | None = None) -> None:
        self.diagnostics.append(Diagnostic(span, Severity.ERROR, code, message, hint))

    def wrong_type(self, node: Node, expected: str, where: str) -> None:
        found = describe(node)
        self.error(
            node.span,
            "G101",
            f"expected {expected} for {where}, found {found}",
            _hint(expected, node),
        )

    # --- sections -------------------------------------------------------------------

    def section(
        self,
        node: Node,
        what: str,
        where: str,
        required: Collection[str],
        optional: Collection[str] = (),
    ) -> Mapping | None:
        """``node`` as a section with these keys; unknown and missing keys are reported."""
        if not isinstance(node, Mapping):
            self.wrong_type(node, "a section", where)
            return None
        self.unknown_keys(node, what, [*required, *optional])
        for key in required:
            if node.get(key) is None:
                self.error(
                    node.span,
                    "G103",
                    f"missing key `{key}` in {what}",
                    f"add `{key}:` to {what if what.startswith('the ') else f'this {what}'}",
                )
        return node

    def unknown_keys(self, node: Mapping, what: str, allowed: Collection[str]) -> bool:
        """Report keys not in ``allowed``; True when there were none."""
        clean = True
        for key, _ in node.entries:
            name = str(key.value)
            if name not in allowed:
                clean = False
                self.error(
                    key.span,
                    "G102",
                    f"unknown key `{name}` in {what}{suggestion(name, allowed)}",
                    correction_first(
                        name, allowed, f"the keys of {_article(what)} are: {', '.join(allowed)}"
                    ),
                )
        return clean

    # --- single values --------------------------------------------------------------

    def text(self, node: Node | None, where: str) -> str | None:
        if node is None:
            return None
        if isinstance(node, Scalar) and isinstance(node.value, str):
            return node.value
        self.wrong_type(node, "text", where)
        return None

    def ident(self, node: Node | None, where: str) -> str | None:
        if node is None:
            return None
        if not isinstance(node, Scalar) or not isinstance(node.value, str):
            self.wrong_type(node, "an id", where)
            return None
        value = node.value
        if ID_PATTERN.fullmatch(value) and len(value) <= MAX_ID_LENGTH:
            return value
        self.error(
            node.span,
            "G104",
            f"`{value}` is not a valid id",
            "use lower-case letters, digits and underscores, starting with a letter, "
            f"at most {MAX_ID_LENGTH} characters, e.g. `{_slug(value)}`",
        )
        return None

    def visible_text(self, node: Node | None, where: str) -> str | None:
        """Text kept with every record (a version): no control or invisible character."""
        value = self.text(node, where)
        if value is None or node is None:
            return value
        bad = unsafe_character(value)
        if bad is None:
            return value
        self.error(
            node.span,
            "G104",
            f"{where} holds {bad}",
            "write it with visible characters only, e.g. `1.4`; "
            "it is kept with every consultation's record",
        )
        return None

    def integer(self, node: Node | None, where: str) -> int | None:
        if node is None:
            return None
        if isinstance(node, Scalar) and type(node.value) is int:
            return node.value
        self.wrong_type(node, "a whole number", where)
        return None

    def number(self, node: Node | None, where: str) -> float | None:
        if node is None:
            return None
        value = node.value if isinstance(node, Scalar) else None
        if not isinstance(value, (int, float)) or isinstance(value, bool):
            self.wrong_type(node, "a number", where)
            return None
        if not math.isfinite(value):
            self.error(node.span, "G105", f"{where} must be a finite number", "write a number")
            return None
        return value

    def certainty(self, node: Node | None, where: str) -> float | None:
        value = self.number(node, where)
        if value is None or node is None:
            return None
        if 0 < value <= 1:
            return value
        self.error(
            node.span,
            "G105",
            f"{where} must be more than 0 and at most 1, found {value:g}",
            "write the certainty as a fraction, e.g. `0.8` for 80%",
        )
        return None

    def yes_no(self, node: Node | None, where: str) -> bool | None:
        if node is None:
            return None
        if isinstance(node, Scalar) and isinstance(node.value, bool):
            return node.value
        self.wrong_type(node, "yes or no", where)
        return None

    def date(self, node: Node | None, where: str) -> dt.date | None:
        if node is None:
            return None
        if isinstance(node, Scalar) and isinstance(node.value, dt.date):
            value = node.value
            return value.date() if isinstance(value, dt.datetime) else value
        self.wrong_type(node, "a date", where)
        return None

    def keyword(self, node: Node | None, kind: type[E], what: str, where: str) -> E | None:
        """One of an enumeration's values, with a suggestion when misspelt."""
        value = self.text(node, where)
        if value is None or node is None:
            return None
        allowed = [str(member.value) for member in kind]
        if value in allowed:
            return kind(value)
        self.error(
            node.span,
            "G106",
            f"unknown {what} `{value}`{suggestion(value, allowed)}",
            correction_first(value, allowed, f"the choices are: {', '.join(allowed)}")
            if did_you_mean(value, allowed)
            else f"choose one of: {', '.join(allowed)}",
        )
        return None

    # --- lists ----------------------------------------------------------------------

    def items(self, node: Node | None, where: str) -> tuple[Node, ...]:
        if node is None:
            return ()
        if isinstance(node, Sequence):
            return node.items
        self.wrong_type(node, "a list", where)
        return ()

    def idents(self, node: Node | None, key: str) -> list[tuple[str, Span]]:
        found = [
            (self.ident(item, item_of(key)), item.span) for item in self.items(node, label(key))
        ]
        return [(value, span) for value, span in found if value is not None]

    def texts(self, node: Node | None, key: str) -> tuple[str, ...]:
        found = (self.text(item, item_of(key)) for item in self.items(node, label(key)))
        return tuple(value for value in found if value is not None)


def _article(what: str) -> str:
    return what if what.startswith("the ") else f"{'an' if what[0] in 'aeiou' else 'a'} {what}"


def _slug(value: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "_", value.lower()).strip("_")
    slug = re.sub(r"^[^a-z]+", "", slug)[:MAX_ID_LENGTH]
    return slug or "paper_jam"


#: Exponent notation that YAML 1.1 reads as text: no decimal point, or an unsigned exponent.
_EXPONENT = re.compile(r"([-+]?)([0-9]+)(?:\.([0-9]*))?[eE]([-+]?)([0-9]+)")


def number_hint(node: Node) -> str:
    """How to write a number where text was found; true for `1e308`, which is not quoted."""
    if isinstance(node, Scalar) and isinstance(node.value, str):
        found = _EXPONENT.fullmatch(node.source.strip())
        if found is not None:
            sign, whole, fraction, exponent_sign, exponent = found.groups()
            written = f"{sign}{whole}.{fraction or '0'}e{exponent_sign or '+'}{exponent}"
            return (
                f"YAML reads `{node.source}` as text: write it without quotes, with a decimal "
                f"point and a signed exponent (`{written}`) or in full"
            )
    return "write a number without quotes, e.g. `10`"


def _hint(expected: str, node: Node) -> str:
    """One concrete fix for a value of the wrong kind."""
    if isinstance(node, Scalar):
        if node.value is None:
            return "write a value after the colon, or remove the key"
        if expected in ("text", "an id") and not isinstance(node.value, str):
            return f'put it in quotes: `"{node.source}"`'
    if expected == "text" and isinstance(node, Mapping) and len(node.entries) == 1:
        # `- Title: subtitle (2022)`: a colon and a space make YAML read a key.
        return "put the whole text in quotes: YAML reads a colon followed by a space as a key"
    if expected in ("a number", "a whole number"):
        return number_hint(node)
    if expected == "yes or no":
        return "write `yes` or `no` without quotes"
    if expected == "a date":
        return "write the date as YYYY-MM-DD without quotes, e.g. `2027-06-30`"
    if expected == "a list":
        return "write one item per line starting with `- `, or `[a, b]` on one line"
    if expected == "a section":
        return "write `key: value` lines indented below it"
    return "write a single value here; for text over several lines use `|` and indent the lines"
