"""Finding the escape that writes no character in a double-quoted YAML text."""

from __future__ import annotations

from engine._escapes import BadEscape, bad_escape


def test_a_pair_on_a_later_line_of_the_text_is_found_whole() -> None:
    lines = ['title: "first \\n line', '  and \\ud83d\\ude00 more"']
    assert bad_escape(lines, 1, 8) == BadEscape(2, 7, "\\ud83d\\ude00", 0x1F600)


def test_a_high_half_without_its_low_half_is_found_alone() -> None:
    assert bad_escape(['"\\ud83d\\u0041"'], 1, 1) == BadEscape(1, 2, "\\ud83d")


def test_a_code_past_the_last_character_is_found() -> None:
    [found] = [bad_escape(['x: "\\x41 \\U00110000"'], 1, 4)]
    assert found == BadEscape(1, 10, "\\U00110000")
    assert found.diagnostic("f.yaml").message == (
        "the escape `\\U00110000` is past the last Unicode character (U+10FFFF)"
    )


def test_escapes_after_the_closing_quote_or_not_numeric_are_not_read() -> None:
    assert bad_escape(['"ok \\"still\\" \\u+0ab" \\ud83d'], 1, 1) is None
    assert bad_escape(['"never closed \\ud8'], 1, 1) is None
