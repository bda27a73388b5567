"""The static analysis (engine.lint): each check, its documentation, and the library API."""

from __future__ import annotations

import datetime as dt
import re
import textwrap
from pathlib import Path

import pytest
from conftest import HEADER, REPO

import engine
import engine.authoring
from engine.codes import CODES
from engine.errors import Diagnostic, Severity
from engine.lint import RULES, check_text, explain_code, lint
from engine.lint._registry import lint_rule, page

TODAY = dt.date(2026, 3, 14)
DOCS = REPO / "docs" / "diagnostics"

HEAD = HEADER

#: Questions, one rule and one solution that are clean; tests add to them.
CLEAN = HEAD + textwrap.dedent("""\
    questions:
      - id: power_light
        text: Is the power light on?
        type: yes_no
      - id: sheets
        text: How many sheets are in the tray?
        type: number
        min: 0
        max: 500
      - id: error
        text: What does the display say?
        type: choice
        choices:
          - {id: jam, text: Paper jam}
          - {id: empty, text: Out of paper}
          - {id: none, text: Nothing}
      - id: model
        text: Which model is it?
        type: text
      - id: lights
        text: Which lights blink?
        type: multiple_choice
        choices:
          - {id: red, text: Red}
          - {id: amber, text: Amber}
    rules:
      - id: no_power
        when:
          any:
            - {question: power_light, is: no}
            - {question: sheets, at_least: 1}
            - {question: error, is: none}
            - {question: model, contains: laser}
            - {question: lights, contains: red}
        then: {suggest: plug_in_cable, certainty: 0.9}
        because: No light, no power.
    solutions:
      - id: plug_in_cable
        title: Plug the power cable in firmly
        steps: [Push the cable in.]
    """)


def found(text: str, today: dt.date = TODAY) -> list[Diagnostic]:
    return check_text(text, "rb.yaml", today=today)


def codes(diagnostics: list[Diagnostic]) -> list[str]:
    return [d.code for d in diagnostics]


def with_rule(when: str, then: str = "{suggest: plug_in_cable, certainty: 0.5}") -> str:
    rule = f"  - id: extra\n    when: {when}\n    then: {then}\n    because: Extra.\n"
    return CLEAN.replace("solutions:\n", rule + "solutions:\n")


def test_the_clean_example_is_clean() -> None:
    assert found(CLEAN) == []


# --- can never fire ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "when",
    [
        "[{question: sheets, more_than: 10}, {question: sheets, less_than: 5}]",
        "[{question: sheets, between: [1, 5]}, {question: sheets, is: 7}]",
        "[{question: sheets, at_most: 3}, {question: sheets, at_least: 3},"
        " {not: {question: sheets, one_of: [3, 9]}}]",
        "[{question: power_light, is: yes}, {question: power_light, is_not: yes}]",
        "[{question: error, is: jam}, {question: error, one_of: [empty, none]}]",
        "[{question: error, is_not: jam}, {question: error, is_not: empty},"
        " {question: error, is_not: none}]",
        "[{question: model, is: Laser 4}, {question: model, is_not: ' laser  4'}]",
        "[{question: model, contains: red light}, {not: {question: model, contains: red}}]",
        "[{question: lights, contains: red}, {not: {question: lights, contains: red}}]",
    ],
)
def test_contradictions_are_found(when: str) -> None:
    [problem] = found(with_rule(when))
    assert (problem.code, problem.severity) == ("G310", Severity.ERROR)
    assert "rule `extra` can never fire" in problem.message
    assert "cannot" in problem.message


@pytest.mark.parametrize(
    "when",
    [
        "[{question: sheets, more_than: 10}, {question: sheets, less_than: 11}]",  # 10.5
        "[{question: sheets, at_least: 5}, {question: sheets, at_most: 5}]",
        "[{question: power_light, is: yes}, {question: error, is: jam}]",  # two questions
        "[{question: model, contains: red}, {not: {question: model, contains: red light}}]",
        "[{question: model, is_not: a}, {question: model, is_not: b}]",
        "[{question: lights, contains: red}, {question: lights, contains: amber}]",
        "{any: [{question: sheets, more_than: 600}, {question: sheets, is: 3}]}",
    ],
)
def test_satisfiable_conditions_are_not_reported_as_dead(when: str) -> None:
    assert "G310" not in codes(found(with_rule(when)))


FOLLOW_UPS = CLEAN.replace(
    "rules:\n",
    "  - id: jam_cleared\n    text: Did you clear the jam?\n    type: yes_no\n"
    "    ask_when: {question: error, is: jam}\n"
    "  - id: paper_added\n    text: Did you add paper?\n    type: yes_no\n"
    "    ask_when: [{question: error, is: empty}, {question: power_light, is: yes}]\n"
    "rules:\n",
)


def test_follow_ups_on_exclusive_branches_cannot_be_needed_together() -> None:
    when = "[{question: jam_cleared, is: yes}, {question: paper_added, answered: yes}]"
    text = FOLLOW_UPS.replace(
        "solutions:\n",
        f"  - id: extra\n    when: {when}\n"
        "    then: {suggest: plug_in_cable, certainty: 0.5}\n    because: Extra.\n"
        "solutions:\n",
    )
    [problem] = found(text)
    assert problem.message == (
        "rule `extra` can never fire: it tests follow-ups whose `ask_when` exclude each "
        "other: `error` is jam and `error` is empty cannot both hold"
    )


@pytest.mark.parametrize(
    "when",
    [
        # Neither follow-up asked: both `not`s hold.
        "[{not: {question: jam_cleared, is: yes}}, {not: {question: paper_added, is: yes}}]",
        "[{question: jam_cleared, is: yes}, {question: paper_added, answered: no}]",
        "[{question: jam_cleared, is: yes}, {not: {question: jam_cleared, is: no}}]",
    ],
)
def test_follow_ups_that_need_no_answer_are_not_reported(when: str) -> None:
    text = FOLLOW_UPS.replace(
        "solutions:\n",
        f"  - id: extra\n    when: {when}\n"
        "    then: {suggest: plug_in_cable, certainty: 0.5}\n    because: Extra.\n"
        "solutions:\n",
    )
    assert "G310" not in codes(found(text))


def test_a_test_outside_the_range_is_reported_where_it_is_written() -> None:
    diagnostics = found(with_rule("{question: sheets, more_than: 500}"))
    assert codes(diagnostics) == ["G310", "G311"]
    impossible = diagnostics[1]
    assert impossible.message == (
        "the test `sheets` is more than 500 never holds (answers are a number from 0 to 500)"
    )
    assert impossible.span.line == diagnostics[0].span.line + 1


def test_an_impossible_test_in_one_alternative_leaves_the_rule_alive() -> None:
    when = "{any: [{question: sheets, more_than: 600}, {question: sheets, is: 3}]}"
    assert codes(found(with_rule(when))) == ["G311"]


def test_not_on_a_test_every_answer_passes_can_never_hold() -> None:
    [problem] = found(with_rule("{not: {question: sheets, at_least: 0}}"))
    assert problem.code == "G310"
    assert "not (`sheets` is at least 0) never holds" in problem.message


def test_dead_facts_spread_to_the_rules_that_need_them() -> None:
    text = with_rule("{fact: jammed}", "{conclude: stuck}").replace(
        "rules:\n", "facts:\n  - id: jammed\n  - id: stuck\nrules:\n"
    )
    text = text.replace(
        "solutions:\n",
        "  - id: needs_stuck\n    when: {fact: stuck}\n    then: {suggest: clear, certainty: 0.5}\n"
        "    because: Stuck.\nsolutions:\n  - id: clear\n    title: Clear it\n    steps: [Do.]\n",
    )
    diagnostics = found(text)
    assert [(d.code, d.message.split("`")[1]) for d in diagnostics] == [
        ("G306", "jammed"),
        ("G310", "extra"),
        ("G310", "needs_stuck"),
        ("G301", "clear"),
    ]
    assert diagnostics[2].message.endswith(
        "it needs fact `stuck`, and every rule that concludes it can never fire"
    )


def test_solution_states_that_nothing_brings_about() -> None:
    text = with_rule("{solution: spare, is: ruled_out}").replace(
        "solutions:\n", "solutions:\n  - id: spare\n    title: Spare\n    steps: [Do.]\n"
    )
    diagnostics = found(text)
    assert codes(diagnostics) == ["G310", "G301"]
    assert "solution `spare` to be ruled out, which no rule rules out" in diagnostics[0].message


def test_a_rule_with_several_dead_alternatives_names_each() -> None:
    when = (
        "{any: [[{question: sheets, more_than: 9}, {question: sheets, less_than: 2}],"
        " [{question: power_light, is: yes}, {question: power_light, is: no}]]}"
    )
    [problem] = found(with_rule(when))
    assert "none of its 2 alternatives can hold: 1. `sheets`" in problem.message
    assert "; 2. `power_light` is yes and `power_light` is no cannot both hold" in problem.message


def _followup_text() -> str:
    return with_rule("{question: cable, is: no}").replace(
        "  - id: model\n",
        "  - id: cable\n    text: Cable in?\n    type: yes_no\n"
        "    ask_when: {question: sheets, more_than: 900}\n  - id: model\n",
    )


def test_followup_never_asked_message() -> None:
    diagnostics = found(_followup_text())
    assert codes(diagnostics) == ["G312", "G311", "G310"]
    assert diagnostics[0].message == (
        "question `cable` is never asked: its `ask_when` can never hold (the test `sheets` is "
        "more than 900 never holds (answers are a number from 0 to 500))"
    )
    assert diagnostics[2].message == (
        "rule `extra` can never fire: it tests a follow-up that is never asked: the test "
        "`sheets` is more than 900 never holds (answers are a number from 0 to 500)"
    )


# --- never used ------------------------------------------------------------------------------


def test_unused_parts() -> None:
    text = CLEAN + textwrap.dedent("""\
          - id: spare
            title: Spare
            steps: [Do.]
        facts:
          - id: noted
        articles:
          - id: manual
            title: Manual
            url: https://example.com/manual
            owner: Sam Okafor
        experts:
          - id: it_desk
            name: IT desk
        """)
    text = text.replace(
        "  - id: model\n", "  - id: colour\n    text: Colour?\n    type: text\n  - id: model\n"
    )
    diagnostics = found(text)
    assert [(d.code, d.message.split("`")[1]) for d in diagnostics] == [
        ("G302", "colour"),
        ("G301", "spare"),
        ("G305", "noted"),
        ("G303", "manual"),
        ("G304", "it_desk"),
    ]
    assert "neither" not in diagnostics[2].message
    assert (
        diagnostics[2].message
        == "fact `noted` is never concluded, and no rule or follow-up tests it"
    )


def test_a_question_used_only_by_a_followup_is_used() -> None:
    text = CLEAN.replace(
        "  - id: model\n",
        "  - id: colour\n    text: Colour?\n    type: text\n  - id: shade\n    text: Shade?\n"
        "    type: text\n    ask_when: {question: colour, is: red}\n  - id: model\n",
    )
    assert codes(found(text)) == ["G302"]  # shade: no rule needs it; colour is used


# --- redundant rules --------------------------------------------------------------------------


def test_duplicates_ignore_the_order_of_tests_and_choices() -> None:
    when = (
        "{any: [{question: lights, contains: red}, {question: sheets, at_least: 1},"
        " {question: model, contains: laser}, {question: error, is: none},"
        " {question: power_light, is: no}]}"
    )
    text = with_rule(when, "{suggest: plug_in_cable, certainty: 0.9}")
    [problem] = found(text)
    assert problem.code == "G313"
    assert problem.message.startswith("rule `extra` repeats rule `no_power` (line ")


def test_different_certainty_is_not_a_duplicate() -> None:
    assert (
        found(
            with_rule("{question: power_light, is: no}", "{suggest: plug_in_cable, certainty: 0.3}")
        )
        == []
    )


def test_a_narrower_rule_with_the_same_full_effect_is_covered() -> None:
    text = with_rule(
        "[{question: power_light, is: no}, {question: error, one_of: [none, jam]}]",
        "{suggest: plug_in_cable, certainty: 1.0}",
    ).replace(
        "then: {suggest: plug_in_cable, certainty: 0.9}",
        "then: {suggest: plug_in_cable, certainty: 1.0}",
    )
    [problem] = found(text)
    assert problem.code == "G314"
    assert "rule `extra` is covered by rule `no_power`" in problem.message


def test_a_narrower_rule_below_certainty_1_is_extra_evidence_not_redundant() -> None:
    text = with_rule(
        "[{question: power_light, is: no}, {question: error, one_of: [none, jam]}]",
        "{suggest: plug_in_cable, certainty: 0.9}",
    )
    assert found(text) == []


def test_rules_that_imply_each_other_are_reported_once() -> None:
    text = HEAD + textwrap.dedent("""\
        questions:
          - {id: a, text: A?, type: yes_no}
          - {id: b, text: B?, type: yes_no}
        rules:
          - id: first
            when: {any: [{question: a, is: yes}, [{question: a, is: yes}, {question: b, is: yes}]]}
            then: {suggest: s, certainty: 1.0}
            because: A.
          - id: second
            when: {question: a, is: yes}
            then: {suggest: s, certainty: 1.0}
            because: A.
        solutions:
          - {id: s, title: S, steps: [Do.]}
        """)
    [problem] = found(text)
    assert problem.code == "G314"
    assert problem.message.startswith("rule `second` is covered by rule `first`")


# --- upkeep ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("review_by", "expected"),
    [
        ("2026-03-13", ["G320"]),
        ("2026-03-14", ["G321"]),
        ("2026-04-13", ["G321"]),
        ("2026-04-14", []),
    ],
)
def test_review_dates(review_by: str, expected: list[str]) -> None:
    text = CLEAN.replace(
        "    steps: [Push the cable in.]\n", "    steps: [Push it.]\n    articles: [manual]\n"
    )
    text += (
        "articles:\n  - id: manual\n    title: Manual\n    url: https://example.com/m\n"
        f"    owner: Sam Okafor\n    review_by: {review_by}\n"
    )
    assert codes(found(text)) == expected


def test_review_date_defaults_to_today() -> None:
    text = CLEAN.replace(
        "    steps: [Push the cable in.]\n", "    steps: [Push it.]\n    articles: [manual]\n"
    )
    text += (
        "articles:\n  - id: manual\n    title: Manual\n    url: https://example.com/m\n"
        f"    owner: Sam Okafor\n    review_by: {dt.date.today().isoformat()}\n"
    )
    assert codes(check_text(text)) == ["G321"]


def test_owner_steps_and_because() -> None:
    text = CLEAN.replace("    steps: [Push the cable in.]\n", "    articles: [manual]\n").replace(
        "    because: No light, no power.\n", ""
    )
    text += "articles:\n  - id: manual\n    title: Manual\n    url: https://example.com/m\n"
    assert codes(found(text)) == ["G324", "G323", "G322"]


# --- the library API -------------------------------------------------------------------------


def test_warnings_never_stop_loading() -> None:
    text = CLEAN.replace("    because: No light, no power.\n", "")
    assert codes(found(text)) == ["G324"]
    assert engine.load_text(text).rules[0].id == "no_power"


def test_lint_runs_only_on_a_rule_base_that_loads() -> None:
    broken = with_rule("{question: sheets, more_than: 10}").replace("type: yes_no", "type: yesno")
    assert codes(found(broken)) == ["G106"]


def test_check_from_a_file_and_from_text_agree(tmp_path: Path) -> None:
    text = with_rule("[{question: sheets, more_than: 10}, {question: sheets, less_than: 5}]")
    path = tmp_path / "rb.yaml"
    path.write_text(text, encoding="utf-8")
    assert engine.authoring.check(path, today=TODAY) == check_text(text, str(path), today=TODAY)
    assert engine.authoring.lint(engine.load(path), TODAY) == engine.authoring.check(
        path, today=TODAY
    )


def test_a_bug_in_a_check_becomes_g901(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(rulebase: object, today: object = None) -> list[Diagnostic]:
        raise RuntimeError("boom")

    monkeypatch.setattr("engine.lint.lint", broken)
    [problem] = found(CLEAN)
    assert problem.headline() == (
        "rb.yaml:1:1: error G901 Guide failed while checking this file (RuntimeError: boom)"
    )


def test_the_shipped_software_testing_rulebase_is_clean_even_under_strict() -> None:
    assert engine.authoring.check(engine.resolve("software_testing")) == []


# --- codes and documentation -----------------------------------------------------------------


def test_every_lint_rule_has_a_registered_g3_code_and_documentation() -> None:
    assert [rule.code for rule in RULES] == sorted(c for c in CODES if c.startswith("G3"))
    for rule in RULES:
        assert "## Wrong" in rule.doc and "## Right" in rule.doc, rule.code
        assert rule.doc.count("```yaml") >= 2, rule.code


def test_every_code_used_in_the_lint_is_registered() -> None:
    used = set()
    for source in (REPO / "engine" / "lint").glob("*.py"):
        used |= set(re.findall(r'"(G\d{3})"', source.read_text(encoding="utf-8")))
    assert used - set(CODES) == set()


def test_an_unregistered_code_is_refused() -> None:
    with pytest.raises(ValueError, match="G399"):
        lint_rule("G399", Severity.WARNING)


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_doc_pages_are_the_docstrings(rule: engine.lint.LintRule, update_golden: bool) -> None:
    path = DOCS / f"{rule.code}.md"
    if update_golden:
        path.write_text(page(rule), encoding="utf-8")
    assert path.read_text(encoding="utf-8") == page(rule)
    assert explain_code(rule.code.lower()) == page(rule)


LOADER_PAGES = sorted(c for c in engine.authoring.CODES if not c.startswith("G3"))


@pytest.mark.parametrize("code", LOADER_PAGES)
def test_loader_code_pages_ship_and_docs_keep_a_copy(code: str, update_golden: bool) -> None:
    shipped = Path(engine.__file__).parent / "diagnostic_pages" / f"{code}.md"
    path = DOCS / f"{code}.md"
    if update_golden:
        path.write_text(shipped.read_text(encoding="utf-8"), encoding="utf-8")
    assert path.read_text(encoding="utf-8") == shipped.read_text(encoding="utf-8")
    assert explain_code(code) == shipped.read_text(encoding="utf-8")


def test_explain_a_loader_code() -> None:
    text = explain_code("g202")
    assert text.startswith("# G202")
    assert "## " in text  # the whole page, with its wrong and right examples
    with pytest.raises(KeyError):
        explain_code("G999")


def test_lint_of_a_loaded_rulebase_is_sorted_and_deterministic() -> None:
    rulebase = engine.load_text(with_rule("{question: sheets, more_than: 600}"), "rb.yaml")
    first = lint(rulebase, TODAY)
    assert first == lint(rulebase, TODAY)
    assert first == sorted(first, key=lambda d: (d.span, d.code, d.message))


def test_a_fact_required_to_hold_and_not_to_hold() -> None:
    text = with_rule("[{fact: dark}, {not: {fact: dark}}]").replace(
        "rules:\n",
        "facts:\n  - id: dark\nrules:\n  - id: seen_dark\n"
        "    when: {question: power_light, is: no}\n"
        "    then: {conclude: dark}\n    because: Dark.\n",
    )
    [problem] = found(text)
    assert problem.message == (
        "rule `extra` can never fire: it needs fact `dark` both to hold and not"
    )


def test_an_ask_when_too_large_to_analyse_is_left_alone() -> None:
    parts = ", ".join(
        f"{{any: [{{question: sheets, is: {n}}}, {{question: error, is: jam}}]}}" for n in range(9)
    )
    text = with_rule("{question: cable, is: no}").replace(
        "  - id: model\n",
        f"  - id: cable\n    text: Cable in?\n    type: yes_no\n    ask_when: {{all: [{parts}]}}\n"
        "  - id: model\n",
    )
    assert found(text) == []


# --- texts a worker reads: controls, direction marks, choices, endless macros (issue 17) ---


@pytest.mark.parametrize("escape", ["\\e[2J", "\\x1b]52;c;aGk=\\a", "\\u001b", "\\x9b", "\\r"])
def test_g330_control_characters_written_as_yaml_escapes(escape: str) -> None:
    text = CLEAN.replace("steps: [Push the cable in.]", f'steps: ["Push {escape} in."]')
    [finding] = found(text)
    assert finding.code == "G330"
    assert finding.message.startswith(
        "the `text` of step 1 of solution `plug_in_cable` holds a control character, "
    )
    assert finding.message.endswith("at character 6")


def test_g330_control_characters_in_an_article_file_with_their_line_and_column(
    tmp_path: Path,
) -> None:
    (tmp_path / "jam.md").write_bytes(b"# Jam\n\nOpen the \x1b]8;;https://evil.example\x1b\\tray\n")
    article = "articles:\n  - {id: jam, title: Jam, file: jam.md, owner: Sam}\n"
    path = tmp_path / "rb.yaml"
    path.write_text(
        CLEAN.replace(
            "steps: [Push the cable in.]", "steps: [Push the cable in.]\n    articles: [jam]"
        )
        + article,
        encoding="utf-8",
    )
    messages = [d.message for d in engine.lint.check(path, today=TODAY) if d.code == "G330"]
    assert messages == [
        "the file of article `jam` holds a control character, ESC (U+001B), on line 3, column 10"
    ]


def test_g331_direction_marks() -> None:
    text = CLEAN.replace("text: Is the power light on?", 'text: "Is the \\u202epower light on?"')
    [finding] = found(text)
    assert (finding.code, finding.severity) == ("G331", Severity.WARNING)
    assert "`text` of question `power_light` holds a direction mark, U+202E, at character 8" in (
        finding.message
    )


@pytest.mark.parametrize(
    ("first", "second", "message"),
    [
        ("{id: jam, text: Paper}", "{id: paper, text: Load paper}",
         "choice `jam` of question `error` reads “Paper”, which is the id of choice `paper`"),
        ("{id: jam, text: '2'}", "{id: empty, text: Out of paper}",
         "choice `jam` of question `error` reads “2”, which is the number of choice `empty`"),
        ("{id: jam, text: Jammed}", "{id: empty, text: JAMMED}",
         "choice `empty` of question `error` reads “JAMMED”, which is the text of choice `jam`"),
    ],
)  # fmt: skip
def test_g332_choice_texts_that_read_as_another_choice(
    first: str, second: str, message: str
) -> None:
    text = CLEAN.replace("{id: jam, text: Paper jam}", first).replace(
        "{id: empty, text: Out of paper}", second
    )
    assert [(d.code, d.message) for d in found(text)] == [("G332", message)]


@pytest.mark.parametrize(
    ("step", "endless"),
    [
        ("{% macro r(n) %}{{ r(n+1) }}{% endmacro %}{{ r(0) }}", ["r"]),
        (
            "{% macro a() %}{{ b() }}{% endmacro %}{% macro b() %}{{ a() }}{% endmacro %}",
            ["a", "b"],
        ),
        ("{% macro r(n) %}{% if n < 3 %}{{ r(n+1) }}{% endif %}{% endmacro %}{{ r(0) }}", []),
        ("{% macro r(n) %}{{ r(n-1) if n else 0 }}{% endmacro %}{{ r(3) }}", []),
    ],
)
def test_g333_macros_that_always_call_themselves(step: str, endless: list[str]) -> None:
    text = CLEAN.replace("steps: [Push the cable in.]", f"steps: ['{step}']")
    named = [d.message.split("`")[3] for d in found(text) if d.code == "G333"]
    assert named == endless
