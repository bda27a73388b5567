"""Running the scenario tests that SMEs write inside a rule base.

A scenario plays a worker: the session asks its questions in its own order;
the scenario answers each from its ``answers``, says "I don't know" to those in
``skipped``, and fails if it is asked something it does not foresee. Then the
expectations are checked against the recommendations.
"""

from __future__ import annotations

from dataclasses import dataclass

from engine.errors import AnswerError
from engine.model import Rulebase, Scenario
from engine.session import Session


@dataclass(frozen=True, slots=True)
class ScenarioResult:
    scenario: Scenario
    #: Each unmet expectation, in words; empty when the scenario passed.
    failures: tuple[str, ...]
    asked: tuple[str, ...]
    recommended: tuple[str, ...]
    fired: tuple[str, ...] = ()
    #: Answers the scenario gives that the session never asked for.
    unused_answers: tuple[str, ...] = ()

    @property
    def passed(self) -> bool:
        return not self.failures


def run_scenario(rulebase: Rulebase, scenario: Scenario) -> ScenarioResult:
    """Play one scenario through a fresh session."""
    session = rulebase.start()
    asked: list[str] = []
    failures: list[str] = []
    while (prompt := session.next_question()) is not None:
        asked.append(prompt.id)
        if prompt.id in scenario.answers:
            try:
                session.answer(prompt.id, scenario.answers[prompt.id])
            except AnswerError as error:
                failures.append(f"the answer to `{prompt.id}` is refused: {error}")
                break
        elif prompt.id in scenario.skipped:
            session.skip(prompt.id)
        else:
            failures.append(f"`{prompt.id}` is asked, but the scenario does not answer it")
            break
    recommended = tuple(r.solution.id for r in session.recommendations())
    failures.extend(_unmet(scenario, session, asked, recommended))
    unused = tuple(q for q in scenario.answers if q not in asked)
    return ScenarioResult(
        scenario,
        tuple(failures),
        tuple(asked),
        recommended,
        fired=session.fired_rules(),
        unused_answers=unused,
    )


def _unmet(
    scenario: Scenario, session: Session, asked: list[str], recommended: tuple[str, ...]
) -> list[str]:
    found = []
    if scenario.expect_top is not None:
        actual = recommended[0] if recommended else "nothing"
        if actual != scenario.expect_top:
            found.append(f"expected `{scenario.expect_top}` on top, got `{actual}`")
    for solution_id in scenario.expect_includes:
        if solution_id not in recommended:
            state = session.state_of(solution_id)
            shown = state.value.replace("_", " ") if state else "not suggested"
            found.append(f"expected `{solution_id}` among the recommendations; it is {shown}")
    for solution_id in scenario.expect_excludes:
        if solution_id in recommended:
            found.append(f"expected `{solution_id}` not to be recommended, but it is")
    for question_id in scenario.expect_not_asked:
        if question_id in asked:
            found.append(f"expected `{question_id}` not to be asked, but it was")
    return found


def run_scenarios(rulebase: Rulebase) -> list[ScenarioResult]:
    """Every scenario of the rule base, in the file's order."""
    return [run_scenario(rulebase, scenario) for scenario in rulebase.tests]


@dataclass(frozen=True, slots=True)
class Coverage:
    """What a rule base's scenarios, together, never reach."""

    rules_not_fired: tuple[str, ...]
    solutions_not_recommended: tuple[str, ...]
    questions_not_asked: tuple[str, ...]


def coverage(rulebase: Rulebase, results: list[ScenarioResult]) -> Coverage:
    fired = {rule for result in results for rule in result.fired}
    recommended = {solution for result in results for solution in result.recommended}
    asked = {question for result in results for question in result.asked}
    return Coverage(
        rules_not_fired=tuple(r.id for r in rulebase.rules if r.id not in fired),
        solutions_not_recommended=tuple(
            s.id for s in rulebase.solutions if s.id not in recommended
        ),
        questions_not_asked=tuple(q.id for q in rulebase.questions if q.id not in asked),
    )
