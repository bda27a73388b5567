"""What a consultation came to, as data: for machines, reports and human experts.

Front-ends render these; the terminal wizard, a report template and a web app
all show the same facts.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from engine.answers import answer_text
from engine.errors import RenderError
from engine.helpful import Lead, experts_in_reach, what_would_help
from engine.model import Expert, Owner, SolutionState

__all__ = [
    "AnsweredQuestion",
    "Handover",
    "RecommendedSolution",
]

if TYPE_CHECKING:
    from engine.session import Session


@dataclass(frozen=True, slots=True)
class AnsweredQuestion:
    id: str
    text: str
    #: The answer in the worker's words (choice texts, units); None when skipped.
    answer: str | None


@dataclass(frozen=True, slots=True)
class RecommendedSolution:
    id: str
    title: str
    summary: str
    state: SolutionState
    certainty: float
    steps: tuple[str, ...]
    #: The `because` of each rule that suggested it.
    reasons: tuple[str, ...]
    articles: tuple[str, ...]
    expert: Expert | None


@dataclass(frozen=True, slots=True)
class Handover:
    """Everything a human expert needs to pick up where the rule base stopped."""

    rulebase_id: str
    rulebase_title: str
    rulebase_version: str
    owners: tuple[Owner, ...]
    created: dt.datetime
    answered: tuple[AnsweredQuestion, ...]
    unknown: tuple[AnsweredQuestion, ...]
    recommended: tuple[RecommendedSolution, ...]
    ruled_out: tuple[str, ...]
    #: Who to call: the experts of the recommended solutions, else of the solutions
    #: the leads could reach, else those whose `covers` match the consultation's
    #: topics (the tags of its articles), else every expert.
    experts: tuple[Expert, ...]
    #: When nothing is confirmed: the questions whose answers could take it further.
    leads: tuple[Lead, ...] = ()

    @property
    def confirmed(self) -> bool:
        return any(r.state is SolutionState.CONFIRMED for r in self.recommended)


def handover(session: Session, now: dt.datetime | None = None) -> Handover:
    """The handover summary of a session (``now`` defaults to the current UTC time)."""
    rulebase = session.rulebase
    answers = session.answers
    answered = []
    unknown = []
    for event in session.history:
        text = session.prompt(event.question).text
        if event.skipped:
            unknown.append(AnsweredQuestion(event.question, text, None))
        else:
            question = rulebase.question_by_id[event.question]
            words = answer_text(question, answers[event.question])
            answered.append(AnsweredQuestion(event.question, text, words))
    recommended = tuple(_recommended(session))
    confirmed = any(r.state is SolutionState.CONFIRMED for r in recommended)
    leads = () if confirmed else tuple(what_would_help(session))
    experts = experts_in_reach(session, leads)
    return Handover(
        rulebase_id=rulebase.id,
        rulebase_title=rulebase.metadata.title,
        rulebase_version=rulebase.version,
        owners=rulebase.metadata.owners,
        created=now or dt.datetime.now(dt.UTC),
        answered=tuple(answered),
        unknown=tuple(unknown),
        recommended=recommended,
        ruled_out=tuple(s.id for s in session.ruled_out()),
        experts=experts or rulebase.experts,
        leads=leads,
    )


def _recommended(session: Session) -> list[RecommendedSolution]:
    rulebase = session.rulebase
    found = []
    for recommendation in session.recommendations():
        solution = recommendation.solution
        found.append(
            RecommendedSolution(
                id=solution.id,
                title=solution.title,
                summary=session.summary(solution.id),
                state=recommendation.state,
                certainty=recommendation.certainty,
                steps=_steps(session, solution.id),
                reasons=tuple(
                    rulebase.rule_by_id[rule_id].because for rule_id in recommendation.rules
                ),
                articles=solution.articles,
                expert=None if solution.expert is None else rulebase.expert_by_id[solution.expert],
            )
        )
    return found


def _steps(session: Session, solution_id: str) -> tuple[str, ...]:
    """The rendered steps; a step template that fails says so in place of the steps,
    so the worker still gets the result and the consultation is still recorded."""
    try:
        return tuple(session.steps(solution_id))
    except RenderError as error:
        return (f"The steps cannot be shown: {error}. Tell the rule base's owners.",)


def outcome_dict(session: Session) -> dict[str, Any]:
    """A JSON-safe record of where the consultation stands, for machines."""
    rulebase = session.rulebase
    pending = session.next_question()
    return {
        "rulebase": {"id": rulebase.id, "version": rulebase.version},
        "finished": pending is None,
        "next_question": None if pending is None else pending.id,
        "answers": {k: list(v) if isinstance(v, tuple) else v for k, v in session.answers.items()},
        "skipped": sorted(session.skipped),
        "unanswered": [q.id for q in session.unanswered()],
        "recommendations": [
            {
                "solution": r.solution.id,
                "title": r.solution.title,
                "state": r.state.value,
                "certainty": round(r.certainty, 4),
                "rules": list(r.rules),
                "explanation": session.explain_how(r.solution.id).lines(),
            }
            for r in session.recommendations()
        ],
        "ruled_out": [s.id for s in session.ruled_out()],
        "facts": {k: round(v, 4) for k, v in session.facts().items()},
    }
