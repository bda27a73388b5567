"""How a diagnostic is shown to a person."""

from __future__ import annotations

from engine.errors import Diagnostic, Severity, Span


def test_long_source_lines_show_a_window_with_the_caret_on_the_column() -> None:
    line = "a" * 100 + "XYZ" * 20 + "b" * 200
    rendered = Diagnostic(Span("f.yaml", 1, 150), Severity.ERROR, "G101", "m").render(line)
    _, shown, caret, _ = rendered.splitlines()
    assert shown.startswith("    ...") and shown.endswith("...")
    assert len(shown) < 120
    assert shown[caret.index("^")] == line[149] == "Y"


def test_short_lines_are_shown_whole_with_the_hint() -> None:
    rendered = Diagnostic(
        Span("f.yaml", 2, 3), Severity.ERROR, "G102", "unknown key `titel`", "did you mean `title`?"
    ).render("format: 1\n  titel: x\n")
    assert rendered.splitlines() == [
        "f.yaml:2:3: error G102 unknown key `titel`",
        "      titel: x",
        "      ^",
        "  hint: did you mean `title`?",
        "  see: docs/diagnostics/G102.md",
    ]
