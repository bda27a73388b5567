"""Reports and the expert's handover: golden files, escaping, and SME text kept as data."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest

import engine
from wizards import reports
from wizards.errors import WizardError

GOLDEN = Path(__file__).parent / "golden"
NOW = dt.datetime(2026, 3, 14, 9, 26, 53, tzinfo=dt.UTC)

#: SMEs may write anything: markup in text, template syntax that renders to braces,
#: and links with schemes no report should make clickable.
HOSTILE = """\
format: 1
metadata:
  id: hostile
  title: <script>alert("title")</script> & more
  version: "1.0"
  owners:
    - name: Ann <b>Bold</b>
      role: Lead
experts:
  - id: desk
    name: Help <desk>
    contact: help@example.com
questions:
  - id: broken
    text: Is it <em>broken</em>?
    type: yes_no
  - id: note
    text: Any note?
    type: text
rules:
  - id: broken_rule
    when:
      question: broken
      is: yes
    then:
      suggest: fix
      certainty: 0.9
    because: Because <i>reasons</i>.
solutions:
  - id: fix
    title: Fix <it>
    summary: "{% raw %}{{ 7 * 7 }}{% endraw %}"
    steps:
      - "Type {% raw %}{{ answers.note }}{% endraw %} literally: {{ answers.note }}"
    articles: [evil, good]
    expert: desk
articles:
  - id: evil
    title: Evil link
    url: "javascript:alert(1)"
  - id: good
    title: Good link
    url: "https://example.com/kb?a=1&b=<2>"
"""


def test_handover_golden(update_golden: bool) -> None:
    rulebase = engine.load(engine.resolve("stock_count"))
    session = rulebase.start(
        {
            "discrepancy_direction": "system_higher",
            "count_timing": "all_posted",
            "item_measure": "units",
            "pack_size": 1,
        }
    )
    session.skip("recent_activity")
    data = reports.consultation(session, NOW, fix_failed=False)
    text = reports.render_handover(data)
    path = GOLDEN / "handover_unconfirmed.md"
    if update_golden:
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8")
    assert "Guide could not confirm a solution from the worker's answers." in text
    assert "## Not known\n\n- Which of these happened" in text


def hostile_session(load_yaml: Callable[[str], engine.Rulebase]) -> engine.Session:
    return load_yaml(HOSTILE).start({"broken": "yes", "note": "{{ 6 * 7 }} <img src=x>"})


def test_html_is_escaped_and_sme_text_is_never_rendered_again(
    load_yaml: Callable[[str], engine.Rulebase],
) -> None:
    data = reports.consultation(hostile_session(load_yaml), NOW)
    html = reports.render_report(data, "html")
    assert "<script>" not in html
    assert "&lt;script&gt;alert(&#34;title&#34;)&lt;/script&gt; &amp; more" in html
    assert "Ann &lt;b&gt;Bold&lt;/b&gt;" in html
    assert "Is it &lt;em&gt;broken&lt;/em&gt;?" in html
    assert "Because &lt;i&gt;reasons&lt;/i&gt;." in html
    assert "Help &lt;desk&gt;" in html
    # The engine rendered the step once, in its sandbox; the report shows the result as text.
    assert "{{ 7 * 7 }}" in html
    assert "Type {{ answers.note }} literally: {{ 6 * 7 }} &lt;img src=x&gt;" in html
    assert "42" not in html and "49" not in html
    # Only safe schemes become links; others are shown as text.
    assert 'href="javascript' not in html
    assert "Article: Evil link (javascript:alert(1))" in html
    assert '<a href="https://example.com/kb?a=1&amp;b=&lt;2&gt;">Article: Good link</a>' in html


def test_markdown_report_keeps_sme_text_as_written_and_escapes_what_the_worker_typed(
    load_yaml: Callable[[str], engine.Rulebase],
) -> None:
    data = reports.consultation(hostile_session(load_yaml), NOW)
    text = reports.render_report(data, "md")
    assert "1. Type {{ answers.note }} literally: {{ 6 \\* 7 }} &lt;img src=x&gt;" in text
    assert "- Article: Evil link (javascript:alert(1))" in text
    assert "- [Article: Good link](https://example.com/kb?a=1&b=<2>)" in text
    assert "- Any note? **{{ 6 \\* 7 }} &lt;img src=x&gt;**" in text


@pytest.mark.parametrize(
    "render", [lambda d: reports.render_report(d, "md"), reports.render_handover]
)
def test_worker_text_cannot_add_html_links_or_code_to_markdown(
    load_yaml: Callable[[str], engine.Rulebase], render: Callable[[reports.Consultation], str]
) -> None:
    session = load_yaml(HOSTILE).start()
    session.answer("broken", True)
    typed = "<img src=x onerror=alert(1)> [click](javascript:alert(1)) ``` **big**\n# Heading"
    session.answer("note", typed)
    text = render(reports.consultation(session, NOW))
    assert "<img" not in text and "[click](" not in text and "\n# Heading" not in text
    assert (
        "&lt;img src=x onerror=alert(1)&gt; \\[click\\](javascript:alert(1)) "
        "\\`\\`\\` \\*\\*big\\*\\* # Heading"
    ) in text


@pytest.mark.parametrize(
    ("name", "fmt"), [("a.md", "md"), ("a.MARKDOWN", "md"), ("a.html", "html"), ("a.htm", "html")]
)
def test_report_format_by_extension(name: str, fmt: str) -> None:
    assert reports.report_format(Path(name)) == fmt


def test_unknown_report_extension() -> None:
    with pytest.raises(WizardError) as caught:
        reports.report_format(Path("a.txt"))
    assert caught.value.hint == "end the file name with .md or .html"


def test_a_consultation_with_no_answers_reads_well() -> None:
    session = engine.load(engine.resolve("stock_count")).start()
    text = reports.render_report(reports.consultation(session, NOW), "md")
    assert "No solution fits these answers." in text
    assert "- No questions were answered." in text


def test_an_embedded_article_is_escaped_and_its_links_checked(
    load_yaml: Callable[[str], engine.Rulebase], tmp_path: Path
) -> None:
    (tmp_path / "notes.md").write_text(
        "# Notes\n\n## Check\n\nYou typed: {{ answers.note }}\n\n<script>alert(1)</script>\n\n"
        "[run](javascript:alert(1)) and [read](https://example.com/read)\n",
        encoding="utf-8",
    )
    text = (
        HOSTILE.replace("    articles: [evil, good]", "    articles: [evil, good, notes]")
        + "  - id: notes\n    title: Notes <here>\n    file: notes.md\n"
    )
    session = load_yaml(text).start({"broken": "yes", "note": "<img src=x onerror=alert(2)>"})
    shown = reports.for_report(reports.consultation(session, NOW), session, None)
    html = reports.render_report(shown, "html")
    assert "file://" not in html
    assert (
        '<a href="#article-notes">Article: Notes &lt;here&gt;</a> (at the end of this report)'
    ) in html
    assert (
        '<section class="article" id="article-notes">\n<h3>Article: Notes &lt;here&gt;</h3>\n'
        in html
    )
    assert "<h4>Check</h4>" in html  # the article's headings under the report's own
    assert "You typed: &lt;img src=x onerror=alert(2)&gt;" in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert 'href="javascript' not in html
    assert '<a href="https://example.com/read">read</a>' in html
    assert '<a href="mailto:help@example.com">help@example.com</a>' in html
    markdown = reports.render_report(shown, "md")
    assert "- Article: Notes <here> (in full at the end of this report)" in markdown
    assert "```markdown\n## Check\n\nYou typed: <img src=x onerror=alert(2)>\n" in markdown
    # Under a configured URL, the article is linked there instead of carried.
    shown = reports.for_report(reports.consultation(session, NOW), session, "https://kb.example/a")
    html = reports.render_report(shown, "html")
    assert '<a href="https://kb.example/a/notes.md">Article: Notes &lt;here&gt;</a>' in html
    assert "<h2>Articles</h2>" not in html


def test_mailto_links_escape_the_rest_of_the_text() -> None:
    assert str(reports.mailto_links("Mail <b>x</b>: a.b@example.co.uk, ext. 4")) == (
        "Mail &lt;b&gt;x&lt;/b&gt;: "
        '<a href="mailto:a.b@example.co.uk">a.b@example.co.uk</a>, ext. 4'
    )
