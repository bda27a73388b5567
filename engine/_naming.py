"""How explanations name what they talk about: by id, or in the worker's words.

The explainer builds every sentence through one of these, so the same reasoning
reads ``rule `late_receipt` (0.90)`` to a developer or an SME checking a rule
base, and "A delivery arrived after the count (90%)" to the worker.
"""

from __future__ import annotations

from collections.abc import Callable

from engine.answers import answer_text
from engine.errors import AnswerError
from engine.model import Rulebase, Value


def shown(value: object) -> str:
    """A value in the author's words."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, tuple):
        return "[" + ", ".join(shown(v) for v in value) + "]" if value else "nothing"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


class Names:
    """Names by id, certainties as decimals: what a developer or an SME reads
    (``guide test``, the JSON outcome, the data API)."""

    def question(self, question_id: str) -> str:
        return f"`{question_id}`"

    def value(self, question_id: str, value: object) -> str:
        """An answer given, or one a rule tests for."""
        return shown(value)

    def computed(self, computed_id: str) -> str:
        return f"`{computed_id}`"

    def fact(self, fact_id: str) -> str:
        return f"`{fact_id}`"

    def fact_holds(self, fact_id: str) -> str:
        return f"`{fact_id}` holds"

    def would_conclude(self, fact_id: str) -> str:
        """What a rule that needs an answer would do with a fact."""
        return f"would conclude {self.fact(fact_id)}"

    def fact_not_concluded(self, fact_id: str) -> str:
        """A rule matched because a fact could not be concluded."""
        return f"{self.fact(fact_id)} cannot be concluded"

    def solution(self, solution_id: str) -> str:
        return f"`{solution_id}`"

    def certainty(self, certainty: float) -> str:
        return f"{certainty:.2f}"

    def supporting_rule(self, rule_id: str, because: str, certainty: float) -> str:
        """One rule that fired, as the head of its line in "how" and "why not"."""
        return f"rule `{rule_id}` ({self.certainty(certainty)}): {because}".rstrip(": ")

    def needing_rule(self, rule_id: str | None, because: str, leads_to: str) -> str:
        """A rule (None: a follow-up question) that needs an answer, and what it would do."""
        source = f"rule `{rule_id}`" if rule_id else "a follow-up"
        return f"{source} {leads_to}" + (f": {because}" if because else "")

    def checked_rule(self, rule_id: str, because: str, status: str) -> str:
        """A rule that could suggest a solution, and how it stands ("failed", ...)."""
        return f"rule `{rule_id}` {status}"

    def rule(self, rule_id: str, because: str) -> str:
        """A rule mentioned inside a sentence."""
        return f"rule `{rule_id}`"

    def fact_concluded(self, fact_id: str) -> str:
        """Evidence: a fact a rule matched, concluded by the rules below it."""
        return self.fact_holds(fact_id)

    def trying(self, rule_id: str, because: str, leads_to: str) -> str:
        """Goal-driven order: the rule being tried, what it would do, and why."""
        said = f": {because}" if because else ""
        return f"I am trying {self.rule(rule_id, because)}, which {leads_to}{said}"

    def trying_need(
        self, rule_id: str, because: str, whether: str, concluder: tuple[str, str, str] | None
    ) -> str:
        """One link of the goal-driven chain: what a rule needs to know, and the rule
        (id, because, what it does) that could tell, if any."""
        need = f"{self.rule(rule_id, because)} needs to know whether {whether}"
        if concluder is None:
            return need
        other, other_because, leads = concluder
        return f"{need}: {self.rule(other, other_because)} {leads}"


#: How a rule that could suggest a solution stands, in words.
_STATUS_WORDS = {
    "fired": "applies",
    "failed": "does not apply",
    "undetermined": "cannot be decided with the answers given",
    "open": "is not decided yet",
    "is about to fire": "applies",
}


class WordNames(Names):
    """The worker's words: question texts, answer texts, solution titles, the
    rules' `because`, percentages. With ``ids`` (``guide run --explain-ids``) the
    ids follow in brackets, for an SME who wants to find the rule in the file."""

    def __init__(
        self, rulebase: Rulebase, question_text: Callable[[str], str], *, ids: bool = False
    ) -> None:
        self._rulebase = rulebase
        self._question_text = question_text
        self._ids = ids

    def _id(self, kind: str, given: str) -> str:
        return f" [{kind} {given}]" if self._ids else ""

    def question(self, question_id: str) -> str:
        return f"“{self._question_text(question_id)}”" + self._id("question", question_id)

    def value(self, question_id: str, value: object) -> str:
        question = self._rulebase.question_by_id[question_id]
        if isinstance(value, tuple) and not all(isinstance(v, str) for v in value):
            return shown(value)
        try:
            return f"“{answer_text(question, _as_value(value))}”"
        except AnswerError:
            return shown(value)

    def computed(self, computed_id: str) -> str:
        text = self._rulebase.computed_by_id[computed_id].text
        return f"“{text}”" + self._id("computed", computed_id)

    def fact(self, fact_id: str) -> str:
        fact = self._rulebase.fact_by_id.get(fact_id)
        words = fact.description.strip() if fact is not None and fact.description else ""
        if not words:
            words = fact_id.replace("_", " ")
        # Quoted inside a sentence: the sentence, not the quote, ends with a full stop.
        return f"“{words.rstrip('.')}”" + self._id("fact", fact_id)

    def fact_holds(self, fact_id: str) -> str:
        return f"{self.fact(fact_id)} holds"

    def fact_concluded(self, fact_id: str) -> str:
        return f"it was concluded that {self.fact(fact_id)}"

    def trying(self, rule_id: str, because: str, leads_to: str) -> str:
        said = f" {_sentence(because)}" if because else ""
        return f"I am checking a rule that {leads_to}.{said}{self._id('rule', rule_id)}"

    def trying_need(
        self, rule_id: str, because: str, whether: str, concluder: tuple[str, str, str] | None
    ) -> str:
        need = f"It needs to know whether {whether}"
        if concluder is None:
            return need + "."
        return f"{need}, which another rule can show.{self._id('rule', concluder[0])}"

    def would_conclude(self, fact_id: str) -> str:
        return f"could show that {self.fact(fact_id)}"

    def fact_not_concluded(self, fact_id: str) -> str:
        return f"nothing showed that {self.fact(fact_id)}"

    def solution(self, solution_id: str) -> str:
        title = self._rulebase.solution_by_id[solution_id].title
        return f"“{title}”" + self._id("solution", solution_id)

    def certainty(self, certainty: float) -> str:
        return f"{certainty:.0%}"

    def supporting_rule(self, rule_id: str, because: str, certainty: float) -> str:
        said = _sentence(because) or "A rule of this rule base applies."
        return f"{said} ({self.certainty(certainty)}){self._id('rule', rule_id)}"

    def needing_rule(self, rule_id: str | None, because: str, leads_to: str) -> str:
        said = f"Your answer {leads_to}." if rule_id else f"It {leads_to}."
        if because:
            said += f" {_sentence(because)}"
        return said + ("" if rule_id is None else self._id("rule", rule_id))

    def checked_rule(self, rule_id: str, because: str, status: str) -> str:
        said = _sentence(because) or "A rule of this rule base."
        return f"{said} This {_STATUS_WORDS.get(status, status)}.{self._id('rule', rule_id)}"

    def rule(self, rule_id: str, because: str) -> str:
        return "a rule" + self._id("rule", rule_id)


def _sentence(text: str) -> str:
    """The text on one line, ending with a full stop (or its own punctuation)."""
    words = " ".join(text.split())
    if words and words[-1] not in ".!?:;”\"'":
        words += "."
    return words


def _as_value(value: object) -> Value:
    """A value a rule tests for, as an answer (tests hold numbers, texts, yes/no)."""
    if isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, tuple):
        return tuple(str(v) for v in value)
    return str(value)
