"""Explanations from Guide's own record of what fired, never from experta's logs.

Why is this question asked (the rules that still need it), how was this
concluded (the rules that fired, the answers and facts they matched, with
certainties), and why not that solution (the conditions that failed).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import cast

from engine._goals import Pursuit, pursue
from engine._index import Subject
from engine._logic import Literal, Tri, evaluate
from engine._naming import Names, shown
from engine._status import StatusTracker
from engine.certainty import Certainties
from engine.model import (
    AllOf,
    AnyOf,
    Atom,
    ComputedTest,
    Condition,
    FactTest,
    Not,
    NothingTest,
    Operator,
    Question,
    QuestionOrder,
    QuestionTest,
    RuleOut,
    Solution,
    SolutionState,
    Suggest,
    Value,
)
from engine.strategy import Effect, NeedFinder

_OPERATOR_WORDS = {
    "is": "is",
    "is_not": "is not",
    "less_than": "is less than",
    "at_most": "is at most",
    "more_than": "is more than",
    "at_least": "is at least",
    "one_of": "is one of",
    "contains": "contains",
}


#: Names by id: the data API, ``guide test`` and the JSON outcome.
IDS = Names()

__all__ = ["IDS", "Explainer", "HowConcluded", "Names", "WhyAsked", "WhyNot", "describe", "shown"]


def describe(atom: Atom, *, negated: bool = False, names: Names = IDS) -> str:
    """A condition in words: "`stock_count` is at least 3"."""
    if isinstance(atom, QuestionTest | ComputedTest):
        if isinstance(atom, QuestionTest):
            subject = names.question(atom.question)
            question_id = atom.question
        else:
            subject = names.computed(atom.computed)
            question_id = None
        if atom.operator is Operator.ANSWERED:
            wanted = (atom.operand is True) is not negated
            if isinstance(atom, ComputedTest):
                return f"{subject} can {'' if wanted else 'not '}be computed"
            if wanted:
                return f"{subject} is answered"
            return f'{subject} has no answer ("I don\'t know", or it does not apply)'

        def operand(value: object) -> str:
            return shown(value) if question_id is None else names.value(question_id, value)

        if atom.operator.value == "between":
            low, high = cast(tuple[float, float], atom.operand)
            text = f"{subject} is between {shown(low)} and {shown(high)}"
        elif atom.operator is Operator.ONE_OF and names is not IDS:
            values = atom.operand if isinstance(atom.operand, tuple) else (atom.operand,)
            text = f"{subject} is {' or '.join(operand(v) for v in values)}"
        else:
            words = _OPERATOR_WORDS[atom.operator.value]
            text = f"{subject} {words} {operand(atom.operand)}"
    elif isinstance(atom, FactTest):
        text = names.fact_holds(atom.fact)
    elif isinstance(atom, NothingTest):
        text = f"no other solution is {atom.state.value.replace('_', ' ')}"
    else:
        text = f"{names.solution(atom.solution)} is {atom.state.value.replace('_', ' ')}"
    return f"not ({text})" if negated else text


@dataclass(frozen=True, slots=True)
class Evidence:
    """One thing a fired rule matched: an answer, a fact (with how it was concluded)..."""

    text: str
    certainty: float = 1.0
    support: tuple[Support, ...] = ()


@dataclass(frozen=True, slots=True)
class Support:
    """A rule that fired, why, what it contributed, and what it matched."""

    rule: str
    because: str
    certainty: float
    evidence: tuple[Evidence, ...] = ()
    names: Names = field(default=IDS, repr=False, compare=False)

    def lines(self, depth: int = 0) -> list[str]:
        pad = "  " * depth
        out = [f"{pad}- {self.names.supporting_rule(self.rule, self.because, self.certainty)}"]
        for item in self.evidence:
            out.append(f"{pad}    because {item.text}")
            for inner in item.support:
                out.extend(inner.lines(depth + 3))
        return out


@dataclass(frozen=True, slots=True)
class HowConcluded:
    solution: str
    state: SolutionState | None
    certainty: float
    supports: tuple[Support, ...] = ()
    ruled_out_by: tuple[Support, ...] = ()
    names: Names = field(default=IDS, repr=False, compare=False)

    def sentence(self) -> str:
        """The state and certainty in one sentence."""
        state = self.state.value.replace("_", " ") if self.state else "not recommended"
        certainty = self.names.certainty(self.certainty)
        return f"{self.names.solution(self.solution)} is {state} (certainty {certainty})."

    def details(self) -> list[str]:
        """What ruled it out and what suggested it, rule by rule, with what each matched."""
        out = []
        if self.ruled_out_by:
            out.append("Ruled out by:" if self.names is IDS else "Ruled out because:")
            for support in self.ruled_out_by:
                out.extend(support.lines())
        if self.supports:
            out.append("Suggested by:" if self.names is IDS else "Suggested because:")
            for support in self.supports:
                out.extend(support.lines())
        if not self.supports and not self.ruled_out_by:
            out.append("No rule has concluded anything about it.")
        return out

    def lines(self) -> list[str]:
        return [self.sentence(), *self.details()]


@dataclass(frozen=True, slots=True)
class Reason:
    """Why a question matters: a rule that needs it, and what that rule leads to."""

    rule: str | None
    because: str
    leads_to: str
    names: Names = field(default=IDS, repr=False, compare=False)

    def line(self) -> str:
        return f"- {self.names.needing_rule(self.rule, self.because, self.leads_to)}"


@dataclass(frozen=True, slots=True)
class Trying:
    """Goal-driven order (``settings.order: goal_driven``): the rule Guide is trying,
    what it would do, and what it needs, down to the question."""

    rule: str
    because: str
    leads_to: str
    #: From the rule being tried down to the question, one need per line.
    needs: tuple[str, ...]
    #: The rules on the way, the one being tried first.
    chain: tuple[str, ...] = ()
    names: Names = field(default=IDS, repr=False, compare=False)

    def lines(self, question: str) -> list[str]:
        out = [self.names.trying(self.rule, self.because, self.leads_to)]
        out += [f"- {need}" for need in self.needs]
        out.append(f"So I need to know {self.names.question(question)}.")
        return out


@dataclass(frozen=True, slots=True)
class WhyAsked:
    question: str
    #: Every rule (or follow-up) that needs the answer now.
    reasons: tuple[Reason, ...] = ()
    #: Under goal-driven order, the rule being tried that leads to the question.
    trying: Trying | None = None
    names: Names = field(default=IDS, repr=False, compare=False)

    def lines(self) -> list[str]:
        question = self.names.question(self.question)
        if not self.reasons:
            return [f"{question} is not needed any more."]
        if self.trying is None:
            return [f"{question} is asked because:"] + [r.line() for r in self.reasons]
        others = [r for r in self.reasons if r.rule not in self.trying.chain]
        out = self.trying.lines(self.question)
        if others:
            out.append("It also matters to:")
            out += [r.line() for r in others]
        return out


@dataclass(frozen=True, slots=True)
class RuleCheck:
    """How one rule that could suggest a solution stands."""

    rule: str
    because: str
    status: str  # "fired", "failed", "undetermined" or "open"
    problems: tuple[str, ...] = ()
    names: Names = field(default=IDS, repr=False, compare=False)

    def line(self) -> str:
        return f"- {self.names.checked_rule(self.rule, self.because, self.status)}"


@dataclass(frozen=True, slots=True)
class WhyNot:
    solution: str
    state: SolutionState | None
    certainty: float
    summary: str
    rules: tuple[RuleCheck, ...] = ()
    ruled_out_by: tuple[Support, ...] = field(default=())

    def lines(self) -> list[str]:
        out = [self.summary]
        for support in self.ruled_out_by:
            out.extend(support.lines())
        for check in self.rules:
            out.append(check.line())
            out.extend(f"    {problem}" for problem in check.problems)
        return out


class Explainer:
    """Builds explanations from one session's state and firing record."""

    def __init__(
        self,
        tracker: StatusTracker,
        alternatives: Mapping[int, Sequence[int]],
        certainties: Certainties,
        names: Names = IDS,
    ) -> None:
        self._names = names
        self._tracker = tracker
        self._index = tracker.index
        self._certainties = certainties
        #: Fired rule position -> the alternatives of its condition that matched.
        self._alternatives = alternatives

    # --- how ---------------------------------------------------------------------

    def support(self, solution_id: str) -> tuple[tuple[str, ...], Mapping[str, Value]]:
        """The rules that suggested a solution, and every answer behind them."""
        rules = tuple(
            self._index.rules[p].id
            for p in self._index.suggesters.get(solution_id, ())
            if p in self._alternatives
        )
        used: dict[str, Value] = {}
        seen: set[int] = set()
        pending = [
            p for p in self._index.suggesters.get(solution_id, ()) if p in self._alternatives
        ]
        while pending:
            position = pending.pop()
            if position in seen:
                continue
            seen.add(position)
            for literal in self._matched_literals(position):
                atom = literal.atom
                if isinstance(atom, QuestionTest) and atom.question in self._tracker.answers:
                    used[atom.question] = self._tracker.answers[atom.question]
                elif isinstance(atom, FactTest) and not literal.negated:
                    pending.extend(
                        p
                        for p in self._index.concluders.get(atom.fact, ())
                        if p in self._alternatives
                    )
        # In the file's order; sorting only what was used keeps this cheap in large rule bases.
        question_by_id = self._index.rulebase.question_by_id
        ordered = {q: used[q] for q in sorted(used, key=lambda q: question_by_id[q].order)}
        return rules, ordered

    def how(self, solution: Solution, state: SolutionState | None) -> HowConcluded:
        index = self._index
        return HowConcluded(
            names=self._names,
            solution=solution.id,
            state=state,
            certainty=self._certainties.solutions.get(solution.id, 0.0),
            supports=tuple(
                self._support(p, ("solution", solution.id))
                for p in index.suggesters.get(solution.id, ())
                if p in self._alternatives
            ),
            ruled_out_by=tuple(
                self._support(p, ("solution", solution.id))
                for p in index.excluders.get(solution.id, ())
                if p in self._alternatives
            ),
        )

    def _support(self, position: int, target: Subject) -> Support:
        rule = self._index.rules[position]
        premise = self._certainties.premises.get(position, 1.0)
        # A rule_out has no certainty of its own: it applies in full.
        strength = self._index.strengths[position].get(target, 1.0)
        return Support(
            names=self._names,
            rule=rule.id,
            because=rule.because,
            certainty=strength * premise,
            evidence=tuple(self._evidence(lit) for lit in self._matched_literals(position)),
        )

    def _matched_literals(self, position: int) -> tuple[Literal, ...]:
        alternatives = self._alternatives.get(position, [])
        if not alternatives:
            return ()
        # The first alternative that matched is the one that made the rule fire.
        return self._index.branches[position][alternatives[0]]

    def _evidence(self, literal: Literal) -> Evidence:
        atom = literal.atom
        names = self._names
        if isinstance(atom, QuestionTest):
            question = names.question(atom.question)
            if atom.question not in self._tracker.answers:
                skipped = atom.question in self._tracker.skipped
                if skipped:
                    if names is IDS:
                        return Evidence(f'{question} was answered "I don\'t know"')
                    return Evidence(f"you did not know {question}")
                return Evidence(f"{question} does not apply, so it was not asked")
            answer = self._tracker.answers[atom.question]
            return Evidence(f"{question} was answered {names.value(atom.question, answer)}")
        if isinstance(atom, ComputedTest):
            value = self._tracker.computed.get(atom.computed)
            if value is None:
                return Evidence(describe(atom, negated=literal.negated, names=names))
            shown_value = self._index.rulebase.computed_by_id[atom.computed].shown(value)
            words = describe(atom, negated=literal.negated, names=names)
            return Evidence(f"{words}: it was computed as {shown_value}")
        if isinstance(atom, FactTest):
            if literal.negated:
                return Evidence(names.fact_not_concluded(atom.fact))
            concluders = self._index.concluders.get(atom.fact, ())
            return Evidence(
                names.fact_concluded(atom.fact),
                certainty=self._certainties.facts.get(atom.fact, 0.0),
                support=tuple(
                    self._support(p, ("fact", atom.fact))
                    for p in concluders
                    if p in self._alternatives
                ),
            )
        return Evidence(describe(atom, negated=literal.negated, names=names))

    # --- why asked -------------------------------------------------------------------

    def why_asked(self, question: Question) -> WhyAsked:
        finder = NeedFinder(self._tracker, self._certainties)
        if not finder.question_needed(question):
            return WhyAsked(question.id, names=self._names)
        reasons = self._reasons(("question", question.id), finder, via=None, seen=set())
        trying = None
        if self._index.rulebase.settings.order is QuestionOrder.GOAL_DRIVEN:
            pursuit = pursue(finder, target=question.id)
            trying = None if pursuit is None else self._trying(pursuit, finder)
        return WhyAsked(question.id, tuple(reasons), trying, names=self._names)

    def _reasons(
        self, subject: Subject, finder: NeedFinder, via: str | None, seen: set[Subject]
    ) -> list[Reason]:
        """The rules and follow-ups that need ``subject``; a number also through the
        computed values that use it (``via`` names the value a rule tests)."""
        seen.add(subject)
        reasons = []
        for position in self._index.rules_by_subject.get(subject, ()):
            rule = self._index.rules[position]
            if finder.rule_useful(position) and subject in finder.open_subjects(position):
                leads_to = self._leads_to(position, finder)
                if via is not None:
                    via_name = self._names.computed(via)
                    leads_to += f" (it tests {via_name}, computed from this answer)"
                reasons.append(Reason(rule.id, rule.because, leads_to, self._names))
        for followup_id in self._index.followups_by_subject.get(subject, ()):
            followup = self._index.rulebase.question_by_id[followup_id]
            if self._tracker.applicable[followup_id] is Tri.OPEN and finder.question_needed(
                followup
            ):
                followup_name = self._names.question(followup_id)
                reasons.append(
                    Reason(None, "", f"decides whether {followup_name} is asked", self._names)
                )
        for computed_id in self._index.computed_users.get(subject, ()):
            computed: Subject = ("computed", computed_id)
            if computed not in seen and finder.subject_needed(computed):
                reasons += self._reasons(computed, finder, computed_id, seen)
        return reasons

    def _leads_to(self, position: int, finder: NeedFinder) -> str:
        parts = []
        names = self._names
        for action in self._index.rules[position].then:
            if isinstance(action, RuleOut):
                parts.append(f"would rule out {names.solution(action.solution)}")
            elif isinstance(action, Suggest):
                parts.append(self._suggestion_effect(action.solution, finder))
            elif self._tracker.fact_status[action.fact] is Tri.OPEN:
                if finder.subject_needed(("fact", action.fact)):
                    parts.append(names.would_conclude(action.fact))
            elif finder.fact_rise_matters(action.fact):
                parts.append(f"would make {names.fact(action.fact)} more certain")
        return ", ".join(parts)

    def _suggestion_effect(self, solution_id: str, finder: NeedFinder) -> str:
        effect = finder.rise_effect(solution_id)
        solution = self._names.solution(solution_id)
        if effect is Effect.CONFIRM:
            return f"could confirm {solution}"
        if effect is Effect.REORDER:
            return f"could move {solution} up the recommendations"
        if effect is Effect.CERTAINTY:
            return f"would make {solution} more certain"
        if effect is Effect.SETTLE:
            return f"settles whether {solution} can be confirmed, which a fallback waits for"
        return f"would suggest {solution}"

    def _trying(self, pursuit: Pursuit, finder: NeedFinder) -> Trying:
        """The goal-driven reason: the rule being tried, and the chain down to the question."""
        rules = self._index.rules
        names = self._names
        first = pursuit.links[0][0]
        needs = []
        for (position, atom), following in zip(
            pursuit.links, (*pursuit.links[1:], None), strict=True
        ):
            rule = rules[position]
            whether = describe(atom, names=names)
            concluder = None
            if following is not None:
                other = rules[following[0]]
                leads = self._leads_to(following[0], finder) or "decides it"
                concluder = (other.id, other.because, leads)
            needs.append(names.trying_need(rule.id, rule.because, whether, concluder))
        question_id = pursuit.question.id
        tested = pursuit.links[-1][1]
        question = names.question(question_id)
        if isinstance(tested, QuestionTest) and tested.question != question_id:
            needs.append(f"{question} decides whether {names.question(tested.question)} is asked")
        elif isinstance(tested, ComputedTest):
            needs.append(f"{names.computed(tested.computed)} is computed from {question}")
        tried = rules[first]
        chain = tuple(rules[position].id for position, _ in pursuit.links)
        return Trying(
            tried.id, tried.because, self._leads_to(first, finder), tuple(needs), chain, names
        )

    # --- why not -----------------------------------------------------------------------

    def why_not(self, solution: Solution, state: SolutionState | None) -> WhyNot:
        index = self._index
        certainty = self._certainties.solutions.get(solution.id, 0.0)
        threshold = index.rulebase.settings.confirm_threshold
        names = self._names
        name = names.solution(solution.id)
        if state is SolutionState.RULED_OUT:
            how = self.how(solution, state)
            return WhyNot(
                solution.id,
                state,
                certainty,
                f"{name} was ruled out.",
                ruled_out_by=how.ruled_out_by,
            )
        checks = tuple(self._check(p) for p in index.suggesters.get(solution.id, ()))
        if state is SolutionState.CONFIRMED:
            summary = f"{name} is recommended (confirmed, certainty {names.certainty(certainty)})."
        elif state is SolutionState.SUGGESTED:
            summary = (
                f"{name} is only suggested: its certainty {names.certainty(certainty)} "
                f"is below the threshold {names.certainty(threshold)}."
            )
        elif not checks:
            summary = f"No rule suggests {name}."
        elif names is IDS:
            summary = f"No rule that suggests {name} has fired."
        else:
            summary = f"Nothing that would suggest {name} applies to your answers."
        return WhyNot(solution.id, state, certainty, summary, rules=checks)

    def _check(self, position: int) -> RuleCheck:
        rule = self._index.rules[position]
        status = self._tracker.rule_status[position]
        if position in self._alternatives:
            return RuleCheck(rule.id, rule.because, "fired", names=self._names)
        words = {
            Tri.FALSE: "failed",
            Tri.UNDETERMINED: "undetermined",
            Tri.OPEN: "open",
            Tri.TRUE: "is about to fire",
        }
        problems = tuple(self._problems(rule.when, negated=False))
        return RuleCheck(rule.id, rule.because, words[status], problems, self._names)

    def _problems(self, condition: Condition, *, negated: bool) -> list[str]:
        """Why a condition does not hold: the parts that failed or cannot be known."""
        value = self._holds(condition, negated=negated)
        if value is Tri.TRUE:
            return []
        if isinstance(condition, Not):
            return self._problems(condition.condition, negated=not negated)
        if isinstance(condition, AllOf | AnyOf):
            children = condition.conditions
            if value is Tri.FALSE:
                # Name only the parts that failed, not the ones merely unanswered.
                children = (
                    tuple(c for c in children if self._holds(c, negated=negated) is Tri.FALSE)
                    or children
                )
            found: list[str] = []
            for child in children:
                found.extend(self._problems(child, negated=negated))
            return found
        return [self._atom_problem(condition, value, negated=negated)]

    def _holds(self, condition: Condition, *, negated: bool) -> Tri:
        value = evaluate(condition, self._tracker.atom_value)
        return {Tri.TRUE: Tri.FALSE, Tri.FALSE: Tri.TRUE}.get(value, value) if negated else value

    def _atom_problem(self, atom: Atom, value: Tri, *, negated: bool) -> str:
        needed = describe(atom, negated=negated, names=self._names)
        if isinstance(atom, QuestionTest):
            question_id = atom.question
            if question_id in self._tracker.answers:
                answer = self._names.value(question_id, self._tracker.answers[question_id])
                return f"needs {needed}, but it was answered {answer}"
            if question_id in self._tracker.skipped:
                return f"needs {needed}, but it was skipped (I don't know)"
            applicable = self._tracker.applicable[question_id]
            if applicable is Tri.FALSE:
                return f"needs {needed}, but that question does not apply"
            if applicable is Tri.UNDETERMINED:
                return f"needs {needed}, but whether that question applies is not known"
            return f"needs {needed}: not asked yet"
        words = {
            Tri.FALSE: "it does not hold",
            Tri.UNDETERMINED: "it cannot be determined",
            Tri.OPEN: "not known yet",
        }
        return f"needs {needed}, but {words.get(value, 'it does not hold')}"

    # --- progress -------------------------------------------------------------------------

    def fewest_questions_to_change(self) -> int:
        """A lower bound on the questions still to answer before a useful rule fires."""
        finder = NeedFinder(self._tracker, self._certainties)
        memo: dict[str, float] = {}
        best = math.inf
        for position in range(len(self._index.rules)):
            if finder.rule_useful(position):
                best = min(best, self._rule_cost(position, memo))
        return 0 if math.isinf(best) else max(1, int(best))

    def _rule_cost(self, position: int, memo: dict[str, float]) -> float:
        best = math.inf
        for branch in self._index.branches[position]:
            questions: set[str] = set()
            cost = 0.0
            for literal in branch:
                value = self._tracker.atom_value(literal.atom)
                if value is Tri.OPEN:
                    atom = literal.atom
                    if isinstance(atom, QuestionTest):
                        questions.add(atom.question)
                    elif isinstance(atom, FactTest) and not literal.negated:
                        cost += self._fact_cost(atom.fact, memo)
                    else:
                        cost += 1
                elif value is not (Tri.FALSE if literal.negated else Tri.TRUE):
                    cost = math.inf
                    break
            best = min(best, cost + len(questions))
        return best

    def _fact_cost(self, fact_id: str, memo: dict[str, float]) -> float:
        if fact_id not in memo:
            memo[fact_id] = math.inf  # guards against cycles
            memo[fact_id] = min(
                (
                    self._rule_cost(p, memo)
                    for p in self._index.concluders.get(fact_id, ())
                    if self._tracker.rule_status[p] is Tri.OPEN
                ),
                default=math.inf,
            )
        return memo[fact_id]
