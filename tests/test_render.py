"""SME templates render with the answers, in a sandbox that runs no code."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

import engine
from engine.errors import RenderError, Span
from engine.model import Article, Rulebase
from engine.render import read_article, render_text
from tests.conftest import MINIMAL

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
    rulebase = engine.load(engine.resolve("stock_count"))
    session = engine.start(rulebase)
    article = rulebase.articles[0]
    text = session.article_text(article.id)
    assert text is not None and text.startswith("#")


# Each of these took gigabytes or minutes before the sandbox was bounded (issue 17).
@pytest.mark.parametrize(
    ("attack", "limit"),
    [
        ('{{ "x"|center(4*10**9)|length }}', "`center` asks for a width of 4,000,000,000"),
        ('{{ "%0999999999d"|format(1) }}', "`%` format asks for a width of 999,999,999"),
        ('{{ "%0999999999d" % 1 }}', "`%` format asks for a width of 999,999,999"),
        ('{{ "{:>999999999}".format(1) }}', "`.format()` field asks for a width"),
        ('{{ "1".zfill(10**9) }}', "`.zfill()` asks for a width"),
        ("{{ ((((2**100)**100)**100)**100)**10 }}", "a number would have more than 4,096 bits"),
        ("{% set a = 2**100 %}" + "{% set a = a*a %}" * 40, "more than 4,096 bits"),
        ('{% set s = "xxxxxxxxxx" %}' + "{% set s = s ~ s %}" * 40, "joined with `~`"),
        ('{% set s = "xxxxxxxxxx" %}' + "{% set s = s + s %}" * 40, "a joined text or list"),
        ('{% set s = "x"*1000000 %}{{ [s,s,s]|string }}', "the value given to `string`"),
        ('{{ range(10000)|join("y"*1000) }}', "`join` would be longer"),
        ('{{ ("a"*1000000)|replace("a", "bb") }}', "`replace` would be longer"),
        ("{{ [1]|batch(10**9, 0)|list }}", "`batch` would be longer"),
        ("{{ [1]|slice(10**9)|list }}", "`slice` would be longer"),
        ("{% for i in range(100000) %}{% endfor %}", "`range()` would give 100,000 numbers"),
        (
            "{% for i in range(1000) %}{% for j in range(1000) %}{% endfor %}{% endfor %}",
            "loops and macro calls repeat more than 100,000 times",
        ),
        (
            '{% set s = "x"*100000 %}{% set b %}{% for i in range(100) %}{{ s }}'
            "{% endfor %}{% endset %}",
            "writes more than 2,097,152 characters",
        ),
    ],
)
def test_templates_past_a_limit_are_refused_with_the_limit_named(attack: str, limit: str) -> None:
    with pytest.raises(RenderError, match="too large to render") as refused:
        render_text(attack, {}, where="step 1 of solution `x`")
    assert str(refused.value).startswith("step 1 of solution `x` (line 1) is too large")
    assert limit in str(refused.value)


def test_a_render_that_runs_too_long_is_stopped(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("engine._sandbox.MAX_SECONDS", 0.0)
    with pytest.raises(RenderError, match="takes longer than 0 seconds"):
        render_text("{% for i in range(10) %}{{ i }}{% endfor %}", {})


def test_a_macro_that_calls_itself_for_ever_is_a_render_error() -> None:
    template = "Check:\n{% macro r(n) %}{{ r(n+1) }}{% endmacro %}{{ r(0) }}"
    with pytest.raises(RenderError, match=r"\(line 2\) could not be rendered: it calls itself"):
        render_text(template, {})


def test_templates_within_the_limits_render_as_before() -> None:
    template = (
        '{{ [1,2,3]|join(", ") }}|{{ "%5.2f"|format(3.14159) }}|{{ "{:>4}".format("a") }}|'
        '{{ "x"|center(5) }}|{% for i in range(3) %}{{ i }}{% endfor %}|{{ 2**10 }}|'
        '{% macro m(x) %}<{{ x }}>{% endmacro %}{{ m(answers.a ~ "!") }}|{{ "ab" * 2 }}'
    )
    assert render_text(template, {"a": "hi"}) == "1, 2, 3| 3.14|   a|  x  |012|1024|<hi!>|abab"


def test_a_recursive_step_is_a_render_error_naming_the_step(tmp_path: Path) -> None:
    path = tmp_path / "r.yaml"
    text = MINIMAL.replace(
        "    title: Plug the power cable in firmly\n",
        "    title: Plug the power cable in firmly\n    steps:\n      - Push it in.\n"
        "      - '{% macro r(n) %}{{ r(n+1) }}{% endmacro %}{{ r(0) }}'\n",
    )
    path.write_text(text, encoding="utf-8")
    session = engine.start(engine.load(path))
    with pytest.raises(RenderError, match=r"step 2 of solution `plug_in_cable` \(line 1\)"):
        session.steps("plug_in_cable")


def test_an_unknown_value_takes_a_number_filter_s_default() -> None:
    # A computed value (or answer) not known yet: empty, and `| float(0)` stands in.
    source = "{% if computed.gap | float(0) > 0 %}big{% endif %}[{{ computed.gap }}]"
    assert render_text(source, {}, "step 1", {}) == "[]"
    assert render_text("{{ answers.count | int(7) }}", {}, "step 1") == "7"


def test_a_question_whose_text_fails_to_render_is_shown_as_written(
    load_yaml: Callable[[str], Rulebase],
) -> None:
    text = MINIMAL.replace(
        "    text: Is the power light on?\n",
        "    text: 'Is the light on? {{ 1 / 0 }}'\n    help: '{{ 2 // 0 }} sheets'\n",
    )
    prompt = engine.start(load_yaml(text)).next_question()
    assert prompt is not None
    assert (prompt.text, prompt.help) == (
        "Is the light on? {{ 1 / 0 }}",
        "{{ 2 // 0 }} sheets",
    )
