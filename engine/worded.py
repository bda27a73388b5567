"""Explanations in the worker's words, the same for every front-end.

``Session.explain_why``, ``explain_how`` and ``explain_why_not`` give the data
(ids, decimals) that developers and SMEs read. The functions here give the same
reasoning as a worker reads it: the question's text, the answer in their
words, the rule's `because`, the solution's title and certainty as a
percentage. Each explanation is one sentence first, then the details, so a
front-end can show the sentence and keep the rest for when it is asked for.
With ``ids=True`` (``guide run --explain-ids``) every rule, question and
solution also carries its id, for an SME looking for it in the file.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from engine._naming import WordNames
from engine.explain import Explainer, WhyAsked

if TYPE_CHECKING:
    from engine.session import Session

__all__ = ["Explanation", "how_concluded", "why_asked", "why_not"]


@dataclass(frozen=True, slots=True)
class Explanation:
    """An explanation in words: a sentence that answers the question, then details."""

    sentence: str
    #: The rules, answers and conclusions behind the sentence, one line each
    #: ("- " starts an item; leading spaces nest it under the one above).
    details: tuple[str, ...] = ()

    def lines(self) -> list[str]:
        """The sentence and every detail."""
        return [self.sentence, *self.details]


def names_for(session: Session, *, ids: bool = False) -> WordNames:
    """The worker's words for this session: questions read as they are shown now."""
    return WordNames(session.rulebase, lambda q: session.prompt(q).text, ids=ids)


def explainer(session: Session, *, ids: bool = False) -> Explainer:
    """The session's explainer, naming things in the worker's words."""
    state = session._state  # the engine's own record of what fired
    return Explainer(
        state.tracker, state.record.snapshot(), state.certainties, names_for(session, ids=ids)
    )


def why_asked(session: Session, question_id: str, *, ids: bool = False) -> Explanation:
    """Why a question is asked: one sentence with what it could lead to most, then
    every rule (in its `because`) that needs the answer.

    Raises:
        AnswerError: no such question.
    """
    question = session.rulebase.question_by_id.get(question_id)
    if question is None:
        session.explain_why(question_id)  # raises the data API's own error
    assert question is not None
    why = explainer(session, ids=ids).why_asked(question)
    return Explanation(_why_sentence(session, why), tuple(why.lines()))


def _why_sentence(session: Session, why: WhyAsked) -> str:
    """What the answer decides, in one sentence."""
    if not why.reasons:
        return "Your answer is not needed any more: nothing it could change is still open."
    rulebase = session.rulebase
    solutions: list[str] = []
    rules = [reason.rule for reason in why.reasons if reason.rule is not None]
    for rule_id in rules:
        for action in rulebase.rule_by_id[rule_id].then:
            solution = getattr(action, "solution", None)
            if isinstance(solution, str) and solution not in solutions:
                solutions.append(solution)
    followups = len(why.reasons) - len(rules)
    parts = []
    if solutions:
        titles = [f"“{rulebase.solution_by_id[s].title}”" for s in solutions[:2]]
        more = len(solutions) - len(titles)
        parts.append(
            "it could lead to " + " or ".join(titles) + (f" and {more} more" if more else "")
        )
    elif rules:
        parts.append("it helps work out what to recommend")
    if followups:
        questions = "1 more question is" if followups == 1 else f"{followups} more questions are"
        parts.append(f"it decides whether {questions} asked")
    if rules:
        head = (
            "1 rule needs your answer"
            if len(rules) == 1
            else f"{len(rules)} rules need your answer"
        )
    else:
        head = "Your answer matters"
    return f"{head}: " + ", and ".join(parts) + "."


def how_concluded(session: Session, solution_id: str, *, ids: bool = False) -> Explanation:
    """How a solution came to be recommended (or ruled out): one sentence with its
    state and certainty, then each rule's `because` and the answers it matched.

    Raises:
        ContextError: no such solution.
    """
    solution = session._solution(solution_id)  # ContextError for an unknown one
    how = explainer(session, ids=ids).how(solution, session.state_of(solution_id))
    return Explanation(how.sentence(), tuple(how.details()))


def why_not(session: Session, solution_id: str, *, ids: bool = False) -> Explanation:
    """Why a solution is not recommended (or only suggested): one sentence, then
    each rule that could suggest it and what it is missing.

    Raises:
        ContextError: no such solution.
    """
    solution = session._solution(solution_id)  # ContextError for an unknown one
    found = explainer(session, ids=ids).why_not(solution, session.state_of(solution_id))
    lines = found.lines()
    return Explanation(lines[0], tuple(lines[1:]))
