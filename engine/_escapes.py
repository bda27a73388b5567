"""Escapes in a double-quoted YAML text that write no character, in the author's words.

``"\\ud83d\\ude00"`` is how JSON and JavaScript write 😀: two halves of a
UTF-16 surrogate pair. YAML escapes are whole code points, so libyaml refuses
each half (and PyYAML's own parser would keep two halves that no file can
hold). Guide reports the escape where it is written and says what to write
instead: the character itself, or ``\\U0001F600``.
"""

from __future__ import annotations

import string
from collections.abc import Sequence
from dataclasses import dataclass

from engine.errors import Diagnostic, Severity, Span

#: How many hexadecimal digits follow each numeric escape.
_DIGITS = {"x": 2, "u": 4, "U": 8}
_HIGH, _LOW, _LAST = range(0xD800, 0xDC00), range(0xDC00, 0xE000), 0x10FFFF
_HEXDIGITS = frozenset(string.hexdigits)


@dataclass(frozen=True, slots=True)
class BadEscape:
    """An escape that writes no character, at 1-based ``line`` and ``column`` (its `\\`)."""

    line: int
    column: int
    written: str
    #: The character a surrogate pair stands for, if ``written`` is a whole pair.
    meant: int | None = None

    def diagnostic(self, path: str) -> Diagnostic:
        """The G005 diagnostic for this escape."""
        span = Span(path, self.line, self.column)
        if self.meant is not None:
            return Diagnostic(
                span,
                Severity.ERROR,
                "G005",
                f"the escape `{self.written}` writes one character as two halves "
                "(a UTF-16 surrogate pair), which YAML cannot read",
                f"write the character itself ({chr(self.meant)}), or as one escape: "
                f"`\\U{self.meant:08X}`",
            )
        value = int(self.written[2:], 16)
        if value > _LAST:
            return Diagnostic(
                span,
                Severity.ERROR,
                "G005",
                f"the escape `{self.written}` is past the last Unicode character (U+10FFFF)",
                "correct the number: `\\U` takes a code point such as `\\U0001F600`",
            )
        return Diagnostic(
            span,
            Severity.ERROR,
            "G005",
            f"the escape `{self.written}` is half of a character (a UTF-16 surrogate), "
            "which YAML cannot read",
            "write the character itself, or its code point as one escape, such as `\\U0001F600`",
        )


def bad_escape(lines: Sequence[str], line: int, column: int) -> BadEscape | None:
    """The first escape that writes no character in the double-quoted text whose
    opening quote is at 1-based ``line`` and ``column`` of ``lines``; None if none."""
    row, at = line - 1, column  # the index just after the opening quote
    while 0 <= row < len(lines):
        text = lines[row]
        while at < len(text):
            char = text[at]
            if char == '"':
                return None
            if char != "\\":
                at += 1
                continue
            digits = _DIGITS.get(text[at + 1 : at + 2], 0)
            value = _hex(text[at + 2 : at + 2 + digits], digits)
            if value is not None and (value in _HIGH or value in _LOW or value > _LAST):
                return _found(text, row + 1, at, digits, value)
            at += 2 + (digits if value is not None else 0)
        row, at = row + 1, 0
    return None


def _found(text: str, line: int, at: int, digits: int, value: int) -> BadEscape:
    written = text[at : at + 2 + digits]
    after = at + 2 + digits
    if value in _HIGH and text[after : after + 2] == "\\u":
        low = _hex(text[after + 2 : after + 6], 4)
        if low is not None and low in _LOW:
            meant = 0x10000 + ((value - _HIGH.start) << 10) + (low - _LOW.start)
            return BadEscape(line, at + 1, text[at : after + 6], meant)
    return BadEscape(line, at + 1, written)


def _hex(digits: str, count: int) -> int | None:
    if count == 0 or len(digits) != count or not all(c in _HEXDIGITS for c in digits):
        return None  # not a numeric escape (int() would also take signs and `_`)
    return int(digits, 16)
