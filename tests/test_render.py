"""SME templates render with the answers, in a sandbox that runs no code."""

from __future__ import annotations

from pathlib import Path

import pytest

import engine
from engine.errors import RenderError, Span
from engine.model import Article
from engine.render import read_article, render_text

SPAN = Span("t.yaml", 1, 1)


def test_answers_are_shown_in_the_workers_words() -> None:
    text = "{{ answers.ok }} / {{ answers.kinds }} / {{ answers.count }} / [{{ answers.missing }}]"
    shown = render_text(text, {"ok": True, "kinds": ("case", "each"), "count": 3})
    assert shown == "yes / case, each / 3 / []"


def test_plain_text_is_returned_untouched() -> None:
    assert render_text("No template here: 50% off", {}) == "No template here: 50% off"


@pytest.mark.parametrize(
    "hostile",
    [
        "{{ ''.__class__.__mro__[1].__subclasses__() }}",
        "{{ answers.__class__.__init__.__globals__ }}",
        "{{ 'x' * 1000000000 }}",
        "{{ [1] * 1000000000 }}",
        "{{ 2 ** 100000 }}",
        "{% for i in range(100000000) %}{% endfor %}",
    ],
)
def test_the_sandbox_refuses_code_and_huge_values(hostile: str) -> None:
    # Either refused outright, or the unsafe part renders as nothing: never a leak.
    try:
        shown = render_text(hostile, {"count": 1})
    except RenderError:
        return
    assert shown.strip() == ""


def test_a_broken_template_is_a_render_error_not_a_crash() -> None:
    with pytest.raises(RenderError, match="could not be rendered"):
        render_text("{{ answers.count + 'text' }}", {"count": 3})


def test_articles_render_from_their_file(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text("# Count\nYou counted {{ answers.count }}.\n", encoding="utf-8")
    article = Article("page", "Counting", SPAN, file=page)
    assert read_article(article, {"count": 7}) == "# Count\nYou counted 7.\n"
    assert read_article(Article("link", "Link", SPAN, url="https://example.com"), {}) is None


def test_a_missing_article_file_is_a_render_error(tmp_path: Path) -> None:
    article = Article("gone", "Gone", SPAN, file=tmp_path / "gone.md")
    with pytest.raises(RenderError, match="could not be read"):
        read_article(article, {})


def test_session_renders_shipped_articles() -> None:
    rulebase = engine.load(engine.resolve("inventory"))
    session = rulebase.start()
    article = rulebase.articles[0]
    text = session.article_text(article.id)
    assert text is not None and text.startswith("#")
