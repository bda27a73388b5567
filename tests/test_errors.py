"""How a diagnostic is shown to a person."""

from __future__ import annotations

from pathlib import Path

from engine.errors import Diagnostic, Severity, Span
from engine.report import text_report


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
        "  see: guide explain G102",
    ]


def test_tabs_before_a_long_line_window_keep_the_caret_on_the_column() -> None:
    line = "\t" * 10 + "a" * 140 + "XYZ" + "b" * 200
    diagnostic = Diagnostic(Span("f.yaml", 1, 152), Severity.ERROR, "G101", "m")
    _, shown, caret, _ = diagnostic.render(line).splitlines()
    assert shown[caret.index("^")] == line[151] == "Y"
    assert "\t" not in shown


def test_a_report_splits_the_file_once_and_shows_the_same_as_one_by_one(tmp_path: Path) -> None:
    source = "format: 1\n\tbad: x\n" + "y" * 300 + "\n"
    path = tmp_path / "f.yaml"
    path.write_text(source, encoding="utf-8")
    found = [
        Diagnostic(Span(str(path), line, column), Severity.ERROR, "G102", "m", "h")
        for line, column in ((1, 1), (2, 2), (3, 250), (9, 1))
    ]
    lines = source.splitlines()
    assert [d.render(lines=lines) for d in found] == [d.render(source) for d in found]
    report = text_report(path, found)
    assert report == "\n".join(
        [*(d.render(source) for d in found), f"{path}: 4 errors, 0 warnings"]
    )
