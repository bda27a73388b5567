"""Running the scenario tests that SMEs write inside a rule base.

A scenario plays a worker: the session asks its questions in its own order;
the scenario answers each from its ``answers``, says "I don't know" to those in
``skipped``, and fails if it is asked something it does not foresee. Then the
expectations are checked against the recommendations. A failure carries the
explanation trail that led there, and :func:`run_tests` adds coverage: the
rules, solutions, questions and articles that no scenario reaches.

Saved sessions become scenarios with :func:`scenario_from_session` and
:func:`add_scenario` (in :mod:`engine._scenario_text`, re-exported here);
:func:`junit_xml` writes reports for CI servers (in :mod:`engine._junit`).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from engine._scenario_text import AddedScenario, add_scenario, scenario_from_session
from engine.errors import AnswerError
from engine.model import Rulebase, Scenario
from engine.session import Session, start

__all__ = [
    "AddedScenario",
    "Coverage",
    "CoverageMeasure",
    "ScenarioResult",
    "TestReport",
    "add_scenario",
    "coverage",
    "junit_xml",
    "run_scenario",
    "run_scenarios",
    "run_tests",
    "scenario_from_session",
]


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
    #: The explanations behind the failures (how, why not, why asked), as lines.
    trail: tuple[str, ...] = ()
    #: Articles the worker was shown: those of the asked questions and the recommendations.
    articles: tuple[str, ...] = ()

    @property
    def passed(self) -> bool:
        return not self.failures


@dataclass(frozen=True, slots=True)
class Stop:
    """Why a played scenario stopped before the session's end."""

    question: str
    #: The answer was refused (its message), or None: the scenario does not foresee it.
    refused: str | None


@dataclass(frozen=True, slots=True)
class Played:
    session: Session
    asked: tuple[str, ...]
    stop: Stop | None


def play(
    rulebase: Rulebase,
    scenario: Scenario,
    on_ask: Callable[[Session, str], None] | None = None,
) -> Played:
    """Play a scenario as a worker: answer or skip what is asked, stop at the unforeseen.

    ``on_ask`` sees the session each time a question is asked, before it is answered.
    """
    session = start(rulebase)
    asked: list[str] = []
    while (prompt := session.next_question()) is not None:
        asked.append(prompt.id)
        if on_ask is not None:
            on_ask(session, prompt.id)
        if prompt.id in scenario.answers:
            try:
                session.answer(prompt.id, scenario.answers[prompt.id])
            except AnswerError as error:
                return Played(session, tuple(asked), Stop(prompt.id, str(error)))
        elif prompt.id in scenario.skipped:
            session.skip(prompt.id)
        else:
            return Played(session, tuple(asked), Stop(prompt.id, None))
    return Played(session, tuple(asked), None)


def run_scenario(rulebase: Rulebase, scenario: Scenario) -> ScenarioResult:
    """Play one scenario through a fresh session."""
    failures: list[str] = []
    trail: list[str] = []
    #: Why each question the scenario says must not be asked was asked, taken at the time.
    why_asked: dict[str, list[str]] = {}

    def note_why(session: Session, question_id: str) -> None:
        if question_id in scenario.expect_not_asked:
            # Explained now: once answered, the reasons for asking are gone.
            why_asked[question_id] = session.explain_why(question_id).lines()

    played = play(rulebase, scenario, note_why)
    session, asked, stop = played.session, list(played.asked), played.stop
    if stop is not None and stop.refused is not None:
        failures.append(f"the answer to `{stop.question}` is refused: {stop.refused}")
    elif stop is not None:
        failures.append(f"`{stop.question}` is asked, but the scenario does not answer it")
        _explain(
            trail, f"why `{stop.question}` is asked:", session.explain_why(stop.question).lines()
        )
    recommended = tuple(r.solution.id for r in session.recommendations())
    failures.extend(_unmet(scenario, session, asked, recommended, trail))
    for question_id, lines in why_asked.items():
        _explain(trail, f"why `{question_id}` is asked:", lines)
    unused = tuple(q for q in scenario.answers if q not in asked)
    return ScenarioResult(
        scenario,
        tuple(failures),
        tuple(asked),
        recommended,
        fired=session.fired_rules(),
        unused_answers=unused,
        trail=tuple(trail) if failures else (),
        articles=_articles_shown(rulebase, asked, recommended),
    )


def _explain(trail: list[str], title: str, lines: list[str]) -> None:
    trail.append(title)
    trail.extend(f"  {line}" for line in lines)


def _unmet(
    scenario: Scenario,
    session: Session,
    asked: list[str],
    recommended: tuple[str, ...],
    trail: list[str],
) -> list[str]:
    found = []
    if scenario.expect_top is not None:
        actual = recommended[0] if recommended else "nothing"
        if actual != scenario.expect_top:
            found.append(f"expected `{scenario.expect_top}` on top, got `{actual}`")
            if recommended:
                how = session.explain_how(actual).lines()
                _explain(trail, f"how `{actual}` came out on top:", how)
            why_not = session.explain_why_not(scenario.expect_top).lines()
            _explain(trail, f"why not `{scenario.expect_top}`:", why_not)
    for solution_id in scenario.expect_includes:
        if solution_id not in recommended:
            state = session.state_of(solution_id)
            shown = state.value.replace("_", " ") if state else "not suggested"
            found.append(f"expected `{solution_id}` among the recommendations; it is {shown}")
            _explain(
                trail, f"why not `{solution_id}`:", session.explain_why_not(solution_id).lines()
            )
    for solution_id in scenario.expect_excludes:
        if solution_id in recommended:
            found.append(f"expected `{solution_id}` not to be recommended, but it is")
            _explain(
                trail, f"how `{solution_id}` came out:", session.explain_how(solution_id).lines()
            )
    for question_id in scenario.expect_not_asked:
        if question_id in asked:
            found.append(f"expected `{question_id}` not to be asked, but it was")
    return found


def _articles_shown(
    rulebase: Rulebase, asked: list[str], recommended: tuple[str, ...]
) -> tuple[str, ...]:
    found = [rulebase.question_by_id[q].article for q in asked]
    for solution_id in recommended:
        found.extend(rulebase.solution_by_id[solution_id].articles)
    return tuple(dict.fromkeys(a for a in found if a is not None))


def run_scenarios(rulebase: Rulebase) -> list[ScenarioResult]:
    """Every scenario of the rule base, in the file's order."""
    return [run_scenario(rulebase, scenario) for scenario in rulebase.tests]


@dataclass(frozen=True, slots=True)
class Coverage:
    """What a rule base's scenarios, together, never reach."""

    rules_not_fired: tuple[str, ...]
    solutions_not_recommended: tuple[str, ...]
    questions_not_asked: tuple[str, ...]
    #: Articles never shown: of no asked question and no recommended solution.
    articles_not_shown: tuple[str, ...] = ()


def coverage(rulebase: Rulebase, results: list[ScenarioResult]) -> Coverage:
    fired = {rule for result in results for rule in result.fired}
    recommended = {solution for result in results for solution in result.recommended}
    asked = {question for result in results for question in result.asked}
    shown = {article for result in results for article in result.articles}
    return Coverage(
        rules_not_fired=tuple(r.id for r in rulebase.rules if r.id not in fired),
        solutions_not_recommended=tuple(
            s.id for s in rulebase.solutions if s.id not in recommended
        ),
        questions_not_asked=tuple(q.id for q in rulebase.questions if q.id not in asked),
        articles_not_shown=tuple(a.id for a in rulebase.articles if a.id not in shown),
    )


@dataclass(frozen=True, slots=True)
class CoverageMeasure:
    """One kind of coverage: how many of ``total`` the scenarios reach, and which not."""

    name: str
    total: int
    missing: tuple[str, ...]

    @property
    def reached(self) -> int:
        return self.total - len(self.missing)

    @property
    def percent(self) -> float:
        """Reached as a percentage of the total; 100 when there is nothing to reach."""
        return 100.0 if self.total == 0 else 100.0 * self.reached / self.total

    def summary(self) -> str:
        """``reached/total (p%)``, the percentage rounded down so 99.5% never shows as 100%."""
        return f"{self.reached}/{self.total} ({math.floor(self.percent)}%)"


@dataclass(frozen=True, slots=True)
class TestReport:
    """The scenario results of one rule base, with their coverage."""

    __test__ = False  # not a pytest test class, despite its name

    rulebase: Rulebase
    results: tuple[ScenarioResult, ...]
    coverage: Coverage

    @property
    def passed(self) -> int:
        return sum(result.passed for result in self.results)

    @property
    def failed(self) -> int:
        return len(self.results) - self.passed

    @property
    def measures(self) -> tuple[CoverageMeasure, ...]:
        """Rules fired, solutions reached, questions asked, articles shown."""
        rulebase, found = self.rulebase, self.coverage
        return (
            CoverageMeasure("rules fired", len(rulebase.rules), found.rules_not_fired),
            CoverageMeasure(
                "solutions reached", len(rulebase.solutions), found.solutions_not_recommended
            ),
            CoverageMeasure("questions asked", len(rulebase.questions), found.questions_not_asked),
            CoverageMeasure("articles shown", len(rulebase.articles), found.articles_not_shown),
        )

    @property
    def overall_coverage(self) -> float:
        """The lowest of the four percentages: every kind must be reached that far."""
        return min(measure.percent for measure in self.measures)


def run_tests(rulebase: Rulebase) -> TestReport:
    """Run every scenario of the rule base and measure what they reach together."""
    results = run_scenarios(rulebase)
    return TestReport(rulebase, tuple(results), coverage(rulebase, results))


def junit_xml(reports: Sequence[TestReport]) -> str:
    """The reports as JUnit XML: one ``testsuite`` per rule base, one ``testcase``
    per scenario, a ``failure`` with its explanation trail for each failed one."""
    # Imported here: ElementTree is needed only by ``guide test --junit-xml``.
    from engine._junit import junit_xml as as_xml  # noqa: PLC0415

    return as_xml(reports)
