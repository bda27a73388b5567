"""Computed values: formulas read with Guide's own grammar, tested in rules, shown in texts."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from hypothesis import given
from hypothesis import strategies as st

from engine.errors import Diagnostic
from engine.formula import MAX_DEPTH, FormulaError, parse
from engine.model import Rulebase
from engine.session import resume, start
from tests.conftest import HEADER

QUESTIONS = """\
questions:
  - id: doh_actual
    text: How many days on hand does the KPI show?
    type: number
    min: 0
    max: 2000
  - id: doh_target
    text: What is the target?
    type: number
    min: 0
    max: 2000
  - id: ss_days
    text: How many days of safety stock are planned?
    type: number
    min: 0
    max: 2000
  - id: site
    text: Which site?
    type: text
"""

COMPUTED = """\
computed:
  - id: doh_gap
    text: Days above target
    unit: days
    formula: doh_actual - doh_target
    decimals: 0
  - id: above_corridor
    text: Days above the safety-stock corridor
    formula: max(doh_gap - ss_days, 0)
"""

RULES = """\
rules:
  - id: excess_above_corridor
    when:
      - computed: doh_gap
        more_than: 10
      - computed: above_corridor
        more_than: 5
    then:
      suggest: find_excess
      certainty: 0.9
    because: Most of the gap lies above the safety-stock corridor.
  - id: on_target
    when:
      computed: doh_gap
      at_most: 0
    then:
      suggest: nothing_to_do
      certainty: 0.9
    because: Days on hand are at or below target.
  - id: gap_unknown
    when:
      computed: doh_gap
      answered: no
    then:
      suggest: measure_first
      certainty: 0.6
    because: Without both figures, the gap cannot be worked out.
solutions:
  - id: find_excess
    title: Find the items above the corridor
    steps:
      - >-
        Your gap is {{ computed.doh_gap }} days,
        {{ computed.above_corridor }} of them above the corridor.
  - id: nothing_to_do
    title: Days on hand are on target
  - id: measure_first
    title: Measure days on hand the way the target is set
"""

RULEBASE = HEADER + QUESTIONS + COMPUTED + RULES


def messages(found: list[Diagnostic]) -> list[tuple[str, int, int, str]]:
    return [(d.code, d.span.line, d.span.column, d.message) for d in found]


# --- the grammar ------------------------------------------------------------------------


def test_a_formula_is_arithmetic_on_names_with_four_functions() -> None:
    formula = parse("round(max(a - b, 0) / c * 100, 1) + abs(-d) + min(a, b, 2.5)")
    assert [n.id for n in formula.names] == ["a", "b", "c", "d", "a", "b"]
    assert formula.evaluate({"a": 10, "b": 4, "c": 3, "d": 2}) == pytest.approx(200 + 2 + 2.5)


def test_precedence_and_unary_minus_follow_arithmetic() -> None:
    assert parse("2 + 3 * 4").evaluate({}) == 14
    assert parse("(2 + 3) * 4").evaluate({}) == 20
    assert parse("-2 * -3 - -1").evaluate({}) == 7
    assert parse("10 / 4 / 5").evaluate({}) == 0.5


def test_no_value_for_a_division_by_zero_or_a_result_beyond_the_limit() -> None:
    assert parse("a / (b - b)").evaluate({"a": 1, "b": 3}) is None
    assert parse("a * a * a * a").evaluate({"a": 1e5}) is None  # 10^20 > 10^15


@pytest.mark.parametrize(
    ("text", "offset", "message"),
    [
        ("", 0, "the formula is empty"),
        ("a -", 3, "the formula ends too early"),
        ("(a - b", 6, "the bracket opened at character 1 is not closed"),
        ("a b", 2, "unexpected `b` after a complete formula"),
        ("a ** 2", 3, "expected a number, an id or `(`, found `*`"),
        ("a ^ 2", 2, "`^` cannot be used in a formula"),
        ("__import__('os')", 11, "`'` cannot be used in a formula"),
        ("sqrt(a)", 0, "`sqrt` is not a function a formula can call"),
        ("abs(a, b)", 0, "`abs` takes 1 number, found 2"),
        ("a.real", 1, "`.` cannot be used in a formula"),
    ],
)
def test_each_mistake_says_where_it_is(text: str, offset: int, message: str) -> None:
    with pytest.raises(FormulaError) as caught:
        parse(text)
    assert (caught.value.offset, caught.value.message) == (offset, message)


def test_nesting_and_length_are_bounded() -> None:
    with pytest.raises(FormulaError, match="nested more than 32 levels"):
        parse("(" * (MAX_DEPTH + 1) + "1" + ")" * (MAX_DEPTH + 1))
    with pytest.raises(FormulaError, match="nested more than 32 levels"):
        parse("-" * 40 + "1")
    with pytest.raises(FormulaError, match="at most 1,000 characters"):
        parse("1 + " * 300 + "1")
    assert parse("(" * MAX_DEPTH + "1" + ")" * MAX_DEPTH).evaluate({}) == 1


@given(st.text(alphabet="ab01.+-*/(), minax", max_size=60))
def test_parsing_never_raises_anything_but_its_own_error(text: str) -> None:
    try:
        formula = parse(text)
    except FormulaError:
        return
    value = formula.evaluate(dict.fromkeys((n.id for n in formula.names), 3.0))
    assert value is None or abs(value) <= 1e15


# --- the loader ---------------------------------------------------------------------------


def test_a_rule_base_with_computed_values_loads(load_yaml: Callable[[str], Rulebase]) -> None:
    rulebase = load_yaml(RULEBASE)
    assert [c.id for c in rulebase.computed] == ["doh_gap", "above_corridor"]
    assert rulebase.computed_by_id["doh_gap"].decimals == 0


@pytest.mark.parametrize(
    ("formula", "expected"),
    [
        ("doh_actual - (doh_target", ("G113", 32, 38, "the bracket opened at")),
        ("doh_actual / (2 - 2)", ("G113", 32, 25, "the formula of `doh_gap` divides by zero")),
        ("doh_actual - site", ("G212", 32, 27, "uses question `site`, which is a text question")),
        ("doh_actual - doh_targt", ("G212", 32, 27, "did you mean `doh_target`?")),
        ('"doh_actual -- doh_target *"', ("G113", 32, 41, "the formula ends too early")),
        ('"doh_actual \\x2d (doh_target"', ("G113", 32, 14, "the bracket opened at")),
    ],
)
def test_formula_mistakes_point_at_the_character(
    check_yaml: Callable[[str], list[Diagnostic]], formula: str, expected: tuple[str, ...]
) -> None:
    text = RULEBASE.replace("formula: doh_actual - doh_target", f"formula: {formula}")
    [found] = [d for d in check_yaml(text) if d.code in ("G113", "G212")]
    code, line, column, message = expected
    assert (found.code, found.span.line, found.span.column) == (code, line, column)
    assert message in found.message


def test_a_cycle_among_computed_values_is_refused(
    check_yaml: Callable[[str], list[Diagnostic]],
) -> None:
    text = RULEBASE.replace("formula: doh_actual - doh_target", "formula: above_corridor + 1")
    [found] = [d for d in check_yaml(text) if d.code == "G213"]
    assert "`doh_gap` -> `above_corridor` -> `doh_gap`" in found.message


def test_a_computed_value_may_not_take_a_question_id(
    check_yaml: Callable[[str], list[Diagnostic]],
) -> None:
    text = RULEBASE.replace("  - id: doh_gap\n", "  - id: ss_days\n").replace(
        "doh_gap -", "ss_days -"
    )
    found = [d for d in check_yaml(text) if d.code == "G201"]
    assert [d.message for d in found] == ["computed value `ss_days` has the id of a question"]


def test_unknown_values_in_tests_and_templates_are_reported(
    check_yaml: Callable[[str], list[Diagnostic]],
) -> None:
    text = RULEBASE.replace("computed: doh_gap\n      at_most", "computed: doh_gapp\n      at_most")
    text = text.replace("{{ computed.above_corridor }}", "{{ computed.above_corridr }}")
    found = messages([d for d in check_yaml(text) if d.code == "G212"])
    assert [m[3] for m in found] == [
        "unknown computed value `doh_gapp`; did you mean `doh_gap`?",
        "the template uses `computed.above_corridr`, but there is no computed value "
        "`above_corridr`; did you mean `above_corridor`?",
    ]


def test_a_computed_value_is_tested_as_a_number(
    check_yaml: Callable[[str], list[Diagnostic]],
) -> None:
    text = RULEBASE.replace("      at_most: 0\n", "      contains: x\n")
    [found] = [d for d in check_yaml(text) if d.code == "G109"]
    assert found.message == "`contains` cannot test computed value `doh_gap`, which is a number"


# --- sessions -------------------------------------------------------------------------------


def test_the_worker_reads_the_computed_figures(load_yaml: Callable[[str], Rulebase]) -> None:
    session = start(load_yaml(RULEBASE))
    session.answer("doh_actual", 60)
    session.answer("doh_target", 28)
    session.answer("ss_days", 11)
    [top] = session.recommendations()
    assert top.solution.id == "find_excess"
    assert session.steps("find_excess") == ["Your gap is 32 days, 21 of them above the corridor."]
    assert session.computed_values() == {"doh_gap": "32", "above_corridor": "21"}


def test_only_the_numbers_that_still_matter_are_asked(load_yaml: Callable[[str], Rulebase]) -> None:
    session = start(load_yaml(RULEBASE))
    session.answer("doh_actual", 20)
    session.answer("doh_target", 28)
    # On target: the corridor no longer changes anything, so ss_days is not asked.
    assert session.next_question() is None
    assert [r.solution.id for r in session.recommendations()] == ["nothing_to_do"]


def test_a_skipped_input_makes_the_value_unknown(load_yaml: Callable[[str], Rulebase]) -> None:
    session = start(load_yaml(RULEBASE))
    session.skip("doh_actual")
    assert session.next_question() is None  # doh_target can no longer matter
    assert [r.solution.id for r in session.recommendations()] == ["measure_first"]
    assert session.computed_values() == {}
    assert session.steps("find_excess") == ["Your gap is  days,  of them above the corridor."]


def test_a_division_by_zero_for_these_answers_is_an_unknown_value(
    load_yaml: Callable[[str], Rulebase],
) -> None:
    text = RULEBASE.replace("formula: doh_actual - doh_target", "formula: doh_actual / doh_target")
    session = start(load_yaml(text))
    session.answer("doh_actual", 10)
    session.answer("doh_target", 0)
    assert [r.solution.id for r in session.recommendations()] == ["measure_first"]


def test_resume_restores_the_computed_values(load_yaml: Callable[[str], Rulebase]) -> None:
    rulebase = load_yaml(RULEBASE)
    session = start(rulebase, {"doh_actual": 60, "doh_target": 28})
    resumed = resume(rulebase, session.to_dict())
    assert resumed.computed_values() == session.computed_values() == {"doh_gap": "32"}
    assert resumed.next_question() is not None
    assert resumed.next_question().id == "ss_days"  # type: ignore[union-attr]


def test_why_names_the_computed_value(load_yaml: Callable[[str], Rulebase]) -> None:
    session = start(load_yaml(RULEBASE), {"doh_actual": 60, "doh_target": 28, "ss_days": 11})
    how = session.explain_how("find_excess")
    assert "`doh_gap` is more than 10" in str(how)


def test_templates_compare_a_computed_value_as_a_number(
    load_yaml: Callable[[str], Rulebase],
) -> None:
    step = (
        "{% if computed.doh_gap > 30 %}A large gap of {{ computed.doh_gap }} days."
        "{% else %}A gap of {{ computed.doh_gap }} days.{% endif %}"
    )
    text = RULEBASE.replace("      - >-\n", f"      - '{step}'\n      - >-\n")
    session = start(load_yaml(text), {"doh_actual": 60.4, "doh_target": 28, "ss_days": 11})
    assert session.steps("find_excess")[0] == "A large gap of 32 days."
