"""The loader: every construct lands in the model; every code has a failing example."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import FIXTURES, MINIMAL, REPO

import engine
from engine import _yaml, loader
from engine.codes import CODES
from engine.errors import Diagnostic, RulebaseError, Span
from engine.lint import explain_code
from engine.loader import check, check_text, load, load_text
from engine.model import (
    AllOf,
    AnyOf,
    ArticleKind,
    AskMode,
    Conclude,
    FactTest,
    Not,
    Operator,
    QuestionOrder,
    QuestionTest,
    QuestionType,
    Rulebase,
    RuleOut,
    SolutionState,
    SolutionTest,
    Suggest,
)

GOLDEN = REPO / "tests" / "diagnostics"
#: The date golden files are checked on, for the articles' review dates (G320, G321).
GOLDEN_TODAY = dt.date(2026, 3, 14)
EVERYTHING = FIXTURES / "everything.yaml"


@pytest.fixture(scope="module")
def everything() -> Rulebase:
    return load(EVERYTHING)


def codes(diagnostics: list[Diagnostic]) -> list[str]:
    return [d.code for d in diagnostics]


# --- every construct lands in the model ------------------------------------------------------


def test_metadata_and_settings(everything: Rulebase) -> None:
    meta = everything.metadata
    assert (meta.id, meta.version, meta.language) == ("printer", "2.1", "en")
    assert meta.span == Span(str(EVERYTHING), 6, 3)
    assert [o.name for o in meta.owners] == ["Sam Okafor", "Lee Chen"]
    assert meta.owners[0].contact == "sam.okafor@example.com"
    assert meta.owners[1].contact is None
    assert everything.settings.confirm_threshold == 0.8
    assert everything.settings.stop_when_confirmed is True
    assert everything.settings.ask is AskMode.EXHAUSTIVE
    assert everything.settings.order is QuestionOrder.GOAL_DRIVEN
    assert everything.path == EVERYTHING
    assert re.fullmatch(r"[0-9a-f]{64}", everything.digest)


def test_questions(everything: Rulebase) -> None:
    q = everything.question_by_id
    assert {x.type for x in everything.questions} == set(QuestionType)
    assert [x.order for x in everything.questions] == list(range(len(everything.questions)))
    assert q["power_light"].priority == 10
    assert q["power_light"].span == Span(str(EVERYTHING), 25, 5)
    assert q["error_message"].article == "display_messages"
    assert [c.id for c in q["error_message"].choices][-1] == "none"
    assert q["error_message"].choice("offline") is not None
    pages = q["pages_in_tray"]
    assert (pages.unit, pages.minimum, pages.maximum) == ("sheets", 0, 500)
    assert pages.ask_when == QuestionTest(
        "error_message",
        Operator.ONE_OF,
        ("out_of_paper", "paper_jam"),
        Span(str(EVERYTHING), 63, 7),
    )
    assert q["power_cable_checked"].ask_when == QuestionTest(
        "power_light", Operator.IS, False, Span(str(EVERYTHING), 35, 7)
    )
    assert "{{ answers.printer_name }}" in q["printer_listed"].text


def test_operators_all_appear(everything: Rulebase) -> None:
    def atoms(condition: object) -> list[object]:
        if isinstance(condition, (AllOf, AnyOf)):
            return [a for part in condition.conditions for a in atoms(part)]
        if isinstance(condition, Not):
            return atoms(condition.condition)
        return [condition]

    found = [a for r in everything.rules for a in atoms(r.when)]
    found += [a for q in everything.questions if q.ask_when for a in atoms(q.ask_when)]
    assert {a.operator for a in found if isinstance(a, QuestionTest)} == set(Operator)
    assert {a.state for a in found if isinstance(a, SolutionTest)} == set(SolutionState)
    assert any(isinstance(a, FactTest) for a in found)


def test_rules_and_actions(everything: Rulebase) -> None:
    r = everything.rule_by_id
    assert r["no_power_light"].then == (Conclude("no_power", Span(str(EVERYTHING), 118, 7)),)
    cable = r["cable_loose"]
    assert isinstance(cable.when, AllOf)  # a list means all
    assert cable.priority == 10
    assert cable.then == (Suggest("plug_in_cable", 0.9, Span(str(EVERYTHING), 127, 9)),)
    assert r["power_supply_failed"].then[0] == Conclude(
        "power_fault", Span(str(EVERYTHING), 139, 9), 0.9
    )
    assert isinstance(r["escalate_power_fault"].then[1], RuleOut)
    assert isinstance(r["paper_empty"].when, AnyOf)
    between = r["new_toner_sealed"].when
    assert isinstance(between, AllOf)
    assert between.conditions[1] == QuestionTest(
        "days_since_toner", Operator.BETWEEN, (0, 7), Span(str(EVERYTHING), 201, 11)
    )
    assert [x.order for x in everything.rules] == list(range(len(everything.rules)))
    assert r["queue_short"].because == "A short queue is not stuck."


def test_solutions_articles_experts(everything: Rulebase) -> None:
    s = everything.solution_by_id
    assert len(s["load_paper"].steps) == 3
    assert "{{ answers.pages_in_tray" in s["load_paper"].steps[0].text
    assert s["load_paper"].steps[1].expert == "Load up to 500 sheets."
    assert s["load_paper"].summary_expert == "Out of paper."
    assert s["clear_jam"].articles == ("clearing_jams",)
    assert s["call_technician"].expert == "office_it"
    jams = everything.article_by_id["clearing_jams"]
    assert jams.file == FIXTURES.absolute() / "articles" / "clearing_jams.md"
    assert jams.file.is_file()
    assert jams.review_by == dt.date(2027, 6, 30)
    assert jams.tags == ("paper", "jams")
    assert (jams.kind, jams.sources, jams.heading) == (
        ArticleKind.ARTICLE,
        (),
        "Article: Clearing paper jams safely",
    )
    toner = everything.article_by_id["toner_guide"]
    assert toner.file is None
    assert toner.kind is ArticleKind.CHECKLIST
    assert toner.heading == "Checklist: Replacing a toner cartridge"
    assert toner.sources == ("Printer maintenance: a field guide, Example Press (2024)",)
    expert = everything.expert_by_id["office_it"]
    assert expert.covers == ("printers", "power faults", "network connections")
    assert (expert.role, expert.available) == ("IT support analyst", "Weekdays 08:00-18:00")
    assert everything.expert_by_id["office_it"].contact == "it-support@example.com, extension 4100"


def test_scenarios(everything: Rulebase) -> None:
    first, _, third, fourth = everything.tests
    assert dict(first.answers) == {
        "power_light": False,
        "error_message": "none",
        "power_cable_checked": False,
    }
    assert first.expect_top == "plug_in_cable"
    assert first.expect_not_asked == ("pages_in_tray", "days_since_toner")
    assert third.skipped == ("queue_jobs",)
    assert fourth.answers["print_method"] == ("wifi",)
    assert fourth.answers["queue_jobs"] == 1


def test_load_text_matches_load() -> None:
    text = EVERYTHING.read_text(encoding="utf-8")
    rulebase = load_text(text, str(EVERYTHING))
    assert rulebase.digest == load(EVERYTHING).digest
    assert check_text(text, str(EVERYTHING)) == []


# --- errors as data ------------------------------------------------------------------------


def test_load_raises_with_every_problem(check_yaml: Callable[[str], list[Diagnostic]]) -> None:
    text = MINIMAL.replace("type: yes_no", "type: yesno").replace("title: Plug", "titel: Plug")
    found = check_yaml(text)
    assert codes(found) == ["G106", "G103", "G102"]
    with pytest.raises(RulebaseError) as caught:
        load_text(text)
    assert codes(list(caught.value.diagnostics)) == ["G106", "G103", "G102"]
    assert not caught.value.unreadable


def test_unknown_key_message(check_yaml: Callable[[str], list[Diagnostic]]) -> None:
    [found] = [
        d for d in check_yaml(MINIMAL.replace("title: Plug", "titel: Plug")) if d.code == "G102"
    ]
    assert found.message == "unknown key `titel` in solution; did you mean `title`?"


def test_choice_id_read_as_yes_no_gets_a_quote_hint(
    check_yaml: Callable[[str], list[Diagnostic]],
) -> None:
    text = MINIMAL.replace(
        "    type: yes_no\n",
        "    type: yes_no\n  - id: paper\n    text: Paper?\n    type: choice\n"
        "    choices:\n      - id: some\n        text: Some\n      - id: no\n        text: None\n",
    )
    [found] = check_yaml(text)
    assert (found.code, found.span.line) == ("G101", 19)
    assert found.hint == 'put it in quotes: `"no"`'


def test_then_may_be_one_action_or_a_list(load_yaml: Callable[[str], Rulebase]) -> None:
    one = load_yaml(MINIMAL)
    listed = load_yaml(
        MINIMAL.replace(
            "      suggest: plug_in_cable\n      certainty: 0.9\n",
            "      - suggest: plug_in_cable\n        certainty: 0.9\n",
        )
    )
    assert one.rules[0].then[0].solution == listed.rules[0].then[0].solution == "plug_in_cable"


@pytest.mark.parametrize(
    ("change", "code"),
    [
        (("certainty: 0.9", "certainty: 0"), "G105"),
        (("certainty: 0.9", "certainty: .nan"), "G105"),
        (("certainty: 0.9", "certainty: yes"), "G101"),
        (('version: "1.0"', "version: [1]"), "G101"),
        (("is: no", "is: 3"), "G110"),
        (("is: no", "between: [3, 1]"), "G109"),
        (("is: no", "is: no\n      is_not: yes"), "G108"),
        (("when:\n      question: power_light\n      is: no\n", "when: []\n"), "G108"),
        (("      suggest: plug_in_cable\n", "      rule_out: plug_in_cable\n"), "G102"),
        (("- id: power_light", "- id: " + "p" * 65), "G104"),
        (("questions:\n", "settings:\n  confirm_threshold: 2\nquestions:\n"), "G105"),
        (("format: 1", 'format: "1"'), "G101"),
    ],
)
def test_shape_problems(
    check_yaml: Callable[[str], list[Diagnostic]], change: tuple[str, str], code: str
) -> None:
    old, new = change
    assert old in MINIMAL
    assert code in codes(check_yaml(MINIMAL.replace(old, new, 1)))


#: MINIMAL with one article, which the tests below change.
WITH_ARTICLE = MINIMAL.replace(
    "    title: Plug the power cable in firmly\n",
    "    title: Plug the power cable in firmly\n    articles: [cables]\n",
) + (
    "articles:\n"
    "  - id: cables\n"
    "    title: Power cables that stay in\n"
    "    kind: course\n"
    "    url: https://example.com/kb/cables\n"
    "    sources:\n"
    '      - "Office equipment safety, Example Safety Council (2023)"\n'
    "experts:\n"
    "  - id: office_it\n"
    "    name: Office IT support desk\n"
    "    role: IT support analyst\n"
    "    available: Weekdays 08:00-18:00\n"
)


def test_an_article_kind_sources_and_an_expert_profile(
    load_yaml: Callable[[str], Rulebase],
) -> None:
    rulebase = load_yaml(WITH_ARTICLE)
    [article] = rulebase.articles
    assert (article.kind, article.heading) == (
        ArticleKind.COURSE,
        "Course: Power cables that stay in",
    )
    assert article.sources == ("Office equipment safety, Example Safety Council (2023)",)
    [expert] = rulebase.experts
    assert (expert.role, expert.contact, expert.available, expert.covers) == (
        "IT support analyst",
        None,
        "Weekdays 08:00-18:00",
        (),
    )


@pytest.mark.parametrize(
    ("change", "found"),
    [
        (
            ("kind: course", "kind: corse"),
            (28, 11, "G106", "unknown article kind `corse`; did you mean `course`?",
             "change `corse` to `course`; the choices are: article, course, checklist, "
             "calculator"),
        ),
        (
            ("kind: course", "kind: [course]"),
            (28, 11, "G101", "expected text for `kind`, found a list",
             "write a single value here; for text over several lines use `|` and indent "
             "the lines"),
        ),
        (
            ('      - "Office equipment safety, Example Safety Council (2023)"\n',
             "      - 2023\n"),
            (31, 9, "G101", "expected text for an item of `sources`, found a number `2023`",
             'put it in quotes: `"2023"`'),
        ),
        (
            ('      - "Office equipment safety, Example Safety Council (2023)"\n',
             "      - Office equipment safety: a guide (2023)\n"),
            (31, 9, "G101", "expected text for an item of `sources`, found a section",
             "put the whole text in quotes: YAML reads a colon followed by a space as a key"),
        ),
        (
            ('    sources:\n      - "Office equipment safety, Example Safety Council (2023)"\n',
             "    sources: []\n"),
            (30, 14, "G105", "`sources` is an empty list",
             "list the public sources the article rests on (title, author or organisation, "
             "year), or remove `sources`"),
        ),
        (
            ('      - "Office equipment safety, Example Safety Council (2023)"\n', '      - " "\n'),
            (31, 9, "G105", "a source is empty",
             "write the source's title, author or organisation and year, or remove the "
             "empty item"),
        ),
        (
            ('    sources:\n      - "Office equipment safety, Example Safety Council (2023)"\n',
             "    sources: Office equipment safety\n"),
            (30, 14, "G101", "expected a list for `sources`, found text",
             "write one item per line starting with `- `, or `[a, b]` on one line"),
        ),
        (
            ("    role: IT support analyst\n", "    role: [analyst]\n"),
            (35, 11, "G101", "expected text for `role`, found a list",
             "write a single value here; for text over several lines use `|` and indent "
             "the lines"),
        ),
        (
            ("    available: Weekdays 08:00-18:00\n", "    availability: Weekdays\n"),
            (36, 5, "G102", "unknown key `availability` in expert; did you mean "
             "`available`?", "change `availability` to `available`; the keys of an expert are: "
             "id, name, role, contact, available, covers"),
        ),
        (
            ("    kind: course\n", "    type: course\n"),
            (28, 5, "G102", "unknown key `type` in article",
             "the keys of an article are: id, title, kind, file, url, tags, owner, review_by, "
             "sources"),
        ),
    ],
)  # fmt: skip
def test_article_and_expert_problems_are_located(
    check_yaml: Callable[[str], list[Diagnostic]],
    change: tuple[str, str],
    found: tuple[int, int, str, str, str],
) -> None:
    old, new = change
    assert old in WITH_ARTICLE
    [diagnostic] = check_yaml(WITH_ARTICLE.replace(old, new, 1))
    span = diagnostic.span
    assert (span.line, span.column, diagnostic.code, diagnostic.message, diagnostic.hint) == found


def test_number_questions(check_yaml: Callable[[str], list[Diagnostic]]) -> None:
    question = (
        "  - id: sheets\n    text: Sheets?\n    type: number\n    min: 10\n    max: 5\n"
        "    unit: sheets\n"
    )
    found = check_yaml(MINIMAL.replace("rules:\n", question + "rules:\n"))
    assert codes(found) == ["G105"]
    assert found[0].message == "`max` (5) is less than `min` (10)"
    unit_on_yes_no = check_yaml(MINIMAL.replace("type: yes_no", "type: yes_no\n    unit: cm"))
    assert codes(unit_on_yes_no) == ["G102"]


@pytest.mark.parametrize(
    ("written", "hint"),
    [
        ("1e308", "YAML reads `1e308` as text: write it without quotes, with a decimal point"
         " and a signed exponent (`1.0e+308`) or in full"),
        ("-2.5E3", "YAML reads `-2.5E3` as text: write it without quotes, with a decimal point"
         " and a signed exponent (`-2.5e+3`) or in full"),
        ('"10"', "write a number without quotes, e.g. `10`"),
    ],
)  # fmt: skip
def test_a_number_yaml_reads_as_text_gets_a_hint_that_is_true(
    check_yaml: Callable[[str], list[Diagnostic]], written: str, hint: str
) -> None:
    question = f"  - id: sheets\n    text: Sheets?\n    type: number\n    max: {written}\n"
    [found] = check_yaml(MINIMAL.replace("rules:\n", question + "rules:\n"))
    assert (found.code, found.message) == ("G101", "expected a number for `max`, found text")
    assert found.hint == hint


def test_between_and_comparisons_on_numbers(load_yaml: Callable[[str], Rulebase]) -> None:
    question = "  - id: sheets\n    text: Sheets?\n    type: number\n"
    text = MINIMAL.replace("rules:\n", question + "rules:\n").replace(
        "      question: power_light\n      is: no\n",
        "      - question: sheets\n        between: [1, 2.5]\n"
        "      - question: sheets\n        more_than: 0\n",
    )
    when = load_yaml(text).rules[0].when
    assert isinstance(when, AllOf)
    assert [c.operand for c in when.conditions if isinstance(c, QuestionTest)] == [(1, 2.5), 0]


# --- codes, docs and golden files ---------------------------------------------------------------

SPECIAL = {"G001", "G002", "G003", "G901"}  # need a special file or a failure; tested below


def test_every_code_is_documented_and_has_an_example() -> None:
    index = (REPO / "docs" / "diagnostics" / "README.md").read_text(encoding="utf-8")
    for code in CODES:
        assert (REPO / "docs" / "diagnostics" / f"{code}.md").is_file(), code
        assert f"[{code}]({code}.md)" in index, code
        assert code in SPECIAL or (GOLDEN / f"{code}.yaml").is_file(), code


def test_every_code_used_in_the_engine_is_registered() -> None:
    used = set()
    for source in (REPO / "engine").glob("*.py"):
        used |= set(re.findall(r'"(G\d{3})"', source.read_text(encoding="utf-8")))
    assert used - set(CODES) == set()


@pytest.mark.parametrize("example", sorted(GOLDEN.glob("*.yaml")), ids=lambda p: p.stem)
def test_golden(example: Path, update_golden: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)
    relative = example.relative_to(REPO)
    found = engine.check(relative, today=GOLDEN_TODAY)  # the loader's findings and the lint's
    assert example.stem.split("-")[0] in codes(found)  # G005-tab.yaml is another G005 case
    source = example.read_text(encoding="utf-8")
    rendered = "\n".join(d.render(source) for d in found) + "\n"
    expected = example.with_suffix(".expected")
    if update_golden:
        expected.write_text(rendered, encoding="utf-8")
    assert rendered == expected.read_text(encoding="utf-8")


def test_g001_missing_file_and_folder(tmp_path: Path) -> None:
    [missing] = check(tmp_path / "nope.yaml")
    assert missing.headline() == f"{tmp_path / 'nope.yaml'}:1:1: error G001 the file does not exist"
    [folder] = check(tmp_path)
    assert folder.headline().endswith("error G001 this is a folder, not a rule base file")
    with pytest.raises(RulebaseError) as caught:
        load(tmp_path)
    assert caught.value.unreadable


def test_g002_too_large(tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    big.write_bytes(b"# " + b"x" * 200 + b"\n")
    [found] = check(big, max_bytes=100)
    assert found.headline() == (
        f"{big}:1:1: error G002 the file is 203 bytes; a rule base may be at most 100 bytes"
    )


def test_g003_not_utf8_and_nul(tmp_path: Path) -> None:
    latin = tmp_path / "latin.yaml"
    latin.write_bytes(b"format: 1\ntitle: caf\xe9\n")
    [found] = check(latin)
    assert found.headline() == (
        f"{latin}:2:11: error G003 the file contains the byte 0xE9, which is not UTF-8 text"
    )
    binary = tmp_path / "binary.yaml"
    binary.write_bytes(b"ab\ncd\x00\xff")
    [found] = check(binary)
    assert found.headline() == (
        f"{binary}:2:3: error G003 the file contains a NUL byte; this looks like a binary file"
    )
    nul = tmp_path / "nul.yaml"
    nul.write_bytes(b"a: 1\nb: \x00\n")
    [found] = check(nul)
    assert (found.code, found.span.line, found.span.column) == ("G003", 2, 4)


def test_g901_internal_error(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: object) -> None:
        raise KeyError("boom")

    monkeypatch.setattr(loader, "shape", broken)
    [found] = check_text(MINIMAL, "x.yaml")
    assert found.headline() == (
        "x.yaml:1:1: error G901 Guide failed while loading this file (KeyError: 'boom')"
    )
    with pytest.raises(RulebaseError):
        load_text(MINIMAL)


@pytest.mark.parametrize(
    "text",
    [
        *("a: b: c\n", "a:\n\t- b\n", "a: [b\n", 'a: "b\n', "a:\n  b: 1\n c: 2\n", "- a\nb: c\n"),
        *sorted(p.read_text(encoding="utf-8") for p in GOLDEN.glob("G005*.yaml")),
    ],
)
def test_both_parsers_report_the_same_syntax_error(
    text: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    fast = check_text(text)
    monkeypatch.setattr(_yaml, "_Parser", _yaml.yaml.SafeLoader)
    assert check_text(text) == fast
    assert codes(fast) == ["G005"]


def test_syntax_errors_point_at_the_line_with_the_mistake() -> None:
    tab, deep, colon = (
        check_text(text, "x.yaml")
        for text in (
            "a:\n  b: 1\n\tc: 2\n",
            "- id: a\n  text: Hi\n    type: x\n",
            "a: 1\nb 2\n\nc: 3\n",
        )
    )
    assert [(d.headline(), d.hint) for d in (*tab, *deep, *colon)] == [
        (
            "x.yaml:3:1: error G005 line 3 is indented with a tab",
            "use spaces, not tabs: replace the tab at column 1 with spaces "
            "(YAML counts only spaces for indentation)",
        ),
        (
            "x.yaml:3:5: error G005 `type` is indented 2 more spaces than the key `text` above it",
            "indent `type` by 2 spaces, like `id` and `text`, if it belongs to the same section; "
            "if it is part of the text of `text`, put that whole text in quotes",
        ),
        ("x.yaml:2:1: error G005 `b 2` has no `:` after its key", "write `b: 2`"),
    ]


def test_a_deeper_line_under_a_quoted_text_keeps_the_parsers_words() -> None:
    [found] = check_text('a:\n  text: "Hi"\n    type: x\n', "x.yaml")
    assert found.message == "the indentation does not line up with the lines above"


def test_see_names_guide_explain_and_explain_names_no_test_files() -> None:
    [found] = check_text("a: b: c\n", "x.yaml")
    assert found.render().endswith("\n  see: guide explain G005")
    for code in engine.CODES:
        assert "tests/diagnostics" not in explain_code(code), code


@pytest.mark.parametrize(
    ("written", "what"),
    [
        (r'"1\0"', "a NUL (U+0000)"),
        (r'"1.0\n  - name: more"', "a line break (U+000A)"),
        (r'"1.0\e[2J"', "a control character (U+001B)"),
        (r'"1.0\u202e"', "an invisible formatting character (U+202E)"),
        (r'"1.0\u2028"', "a line separator (U+2028)"),
    ],
)
def test_a_version_with_a_control_character_is_refused_where_written(
    check_yaml: Callable[[str], list[Diagnostic]], written: str, what: str
) -> None:
    # Its records could never be sent to PostgreSQL, nor drafted from safely.
    found = check_yaml(MINIMAL.replace('version: "1.0"', f"version: {written}", 1))
    [problem] = [d for d in found if d.code == "G104"]
    assert problem.message == f"`version` holds {what}"
    assert (problem.span.line, problem.span.column) == (5, 12)


@pytest.mark.parametrize(
    ("written", "column", "message", "hint"),
    [
        (
            r'"Plug \ud83d\ude00 in"',
            18,
            r"the escape `\ud83d\ude00` writes one character as two halves "
            "(a UTF-16 surrogate pair), which YAML cannot read",
            r"write the character itself (😀), or as one escape: `\U0001F600`",
        ),
        (
            r'"a \\ b \udc00"',
            20,
            r"the escape `\udc00` is half of a character (a UTF-16 surrogate), "
            "which YAML cannot read",
            r"write the character itself, or its code point as one escape, such as `\U0001F600`",
        ),
    ],
)
def test_an_escaped_surrogate_is_reported_at_the_escape_by_both_parsers(
    written: str, column: int, message: str, hint: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = MINIMAL.replace("title: Plug the power cable in firmly", f"title: {written}")
    fast = check_text(text, "x.yaml")
    assert [(d.headline(), d.hint) for d in fast] == [
        (f"x.yaml:23:{column}: error G005 {message}", hint)
    ]
    monkeypatch.setattr(_yaml, "_Parser", _yaml.yaml.SafeLoader)
    assert check_text(text, "x.yaml") == fast


def test_a_nul_in_an_article_path_is_a_bad_article_path(tmp_path: Path) -> None:
    path = tmp_path / "printer.yaml"
    articles = '\narticles:\n  - id: cable\n    title: Cable\n    file: "cable\\0.md"\n'
    path.write_text(MINIMAL.replace("firmly\n", "firmly\n    articles: [cable]\n") + articles)
    [found] = check(path)
    assert found.headline() == (
        f"{path}:29:11: error G209 the article file `cable\\0.md` holds a NUL character (`\\0`), "
        "which no file name can hold"
    )
