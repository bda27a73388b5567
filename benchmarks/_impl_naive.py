"""(N) The naive loop: after each answer, re-evaluate every rule until nothing changes.

No indexing and no network: a fixpoint over the whole rule list. A rule fires
once (refraction); its condition is evaluated in Kleene logic, where a test on
an unanswered question and a fact not (yet) concluded are unknown, so ``not``
never holds on a missing answer, as in Guide.

A step gives what Guide's step gives, computed the brute-force way: MYCIN
certainties of facts and solutions, the recommendations ranked by certainty,
and the next question (the first unanswered one, by priority and file order,
that a still-undecided rule mentions).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from _generate import Spec

#: Kleene truth values: True, False, or None for unknown.
Truth = bool | None


@dataclass(frozen=True, slots=True)
class NaiveRule:
    when: Any
    concludes: tuple[tuple[str, float], ...]
    suggests: tuple[tuple[str, float], ...]
    rules_out: tuple[str, ...]
    #: The questions and facts its condition mentions.
    questions: frozenset[str]
    facts: frozenset[str]


@dataclass(frozen=True, slots=True)
class NaiveRuleBase:
    rules: list[NaiveRule]
    #: Question ids by priority (highest first), then file order.
    question_order: list[str]


def build(spec: Spec) -> NaiveRuleBase:
    """The rule list: conditions as plain nested data, actions split by kind."""
    rules = [
        NaiveRule(
            when=rule["when"],
            concludes=tuple(
                (a["conclude"], a.get("certainty", 1.0)) for a in rule["then"] if "conclude" in a
            ),
            suggests=tuple((a["suggest"], a["certainty"]) for a in rule["then"] if "suggest" in a),
            rules_out=tuple(a["rule_out"] for a in rule["then"] if "rule_out" in a),
            questions=frozenset(_mentioned(rule["when"], "question")),
            facts=frozenset(_mentioned(rule["when"], "fact")),
        )
        for rule in spec["rules"]
    ]
    ordered = sorted(enumerate(spec["questions"]), key=lambda q: (-q[1].get("priority", 0), q[0]))
    return NaiveRuleBase(rules, [q["id"] for _, q in ordered])


def _mentioned(condition: Any, key: str) -> list[str]:
    if isinstance(condition, list):
        return [m for c in condition for m in _mentioned(c, key)]
    for group in ("all", "any"):
        if group in condition:
            return _mentioned(condition[group], key)
    if "not" in condition:
        return _mentioned(condition["not"], key)
    return [condition[key]] if key in condition else []


@dataclass(slots=True)
class NaiveSession:
    rulebase: NaiveRuleBase
    answers: dict[str, Any] = field(default_factory=dict)
    fact_certainty: dict[str, float] = field(default_factory=dict)
    solution_certainty: dict[str, float] = field(default_factory=dict)
    ruled_out: set[str] = field(default_factory=set)
    fired: set[int] = field(default_factory=set)
    ranked: list[tuple[str, float]] = field(default_factory=list)
    next_question: str | None = None

    @property
    def facts(self) -> set[str]:
        return set(self.fact_certainty)

    def step(self, question_id: str, value: Any) -> set[str]:
        """Answer, run to a fixpoint, rank, pick the next question; return the recommended."""
        self.answers[question_id] = value
        self._fixpoint()
        self.ranked = sorted(
            ((s, c) for s, c in self.solution_certainty.items() if s not in self.ruled_out),
            key=lambda item: -item[1],
        )
        self.next_question = self._next_question()
        return self.recommended()

    def recommended(self) -> set[str]:
        return set(self.solution_certainty) - self.ruled_out

    def _fixpoint(self) -> None:
        changed = True
        while changed:
            changed = False
            for position, rule in enumerate(self.rulebase.rules):
                if position in self.fired or self._truth(rule.when) is not True:
                    continue
                self.fired.add(position)
                premise = min((self.fact_certainty.get(f, 1.0) for f in rule.facts), default=1.0)
                for fact, certainty in rule.concludes:
                    self.fact_certainty[fact] = _combine(
                        self.fact_certainty.get(fact, 0.0), certainty * premise
                    )
                for solution, certainty in rule.suggests:
                    self.solution_certainty[solution] = _combine(
                        self.solution_certainty.get(solution, 0.0), certainty * premise
                    )
                self.ruled_out.update(rule.rules_out)
                changed = True

    def _next_question(self) -> str | None:
        wanted: set[str] = set()
        for position, rule in enumerate(self.rulebase.rules):
            if position not in self.fired and self._truth(rule.when) is None:
                wanted |= rule.questions
        return next(
            (q for q in self.rulebase.question_order if q in wanted and q not in self.answers),
            None,
        )

    def _truth(self, condition: Any) -> Truth:
        if isinstance(condition, list):
            return _all(self._truth(c) for c in condition)
        if "all" in condition:
            return _all(self._truth(c) for c in condition["all"])
        if "any" in condition:
            return _any(self._truth(c) for c in condition["any"])
        if "not" in condition:
            inner = self._truth(condition["not"])
            return None if inner is None else not inner
        if "fact" in condition:
            return True if condition["fact"] in self.fact_certainty else None
        question = condition["question"]
        if question not in self.answers:
            return None
        return passes(condition, self.answers[question])


def _all(values: Any) -> Truth:
    result: Truth = True
    for value in values:
        if value is False:
            return False
        if value is None:
            result = None
    return result


def _any(values: Any) -> Truth:
    result: Truth = False
    for value in values:
        if value is True:
            return True
        if value is None:
            result = None
    return result


def _combine(first: float, second: float) -> float:
    """MYCIN's combination of two pieces of positive evidence."""
    return first + second * (1.0 - first)


def passes(test: dict[str, Any], answer: Any) -> bool:
    """Does the answer pass the test? Text is generated already normalised."""
    for operator, operand in test.items():
        if operator != "question":
            return bool(_OPERATORS[operator](answer, operand))
    raise ValueError(f"no test in {test}")


def _same(left: Any, right: Any) -> bool:
    # yes/no never equals a number, although Python says True == 1.
    if isinstance(left, bool) or isinstance(right, bool):
        return left is right
    return bool(left == right)


_OPERATORS: dict[str, Any] = {
    "is": _same,
    "is_not": lambda a, o: not _same(a, o),
    "one_of": lambda a, o: any(_same(a, v) for v in o),
    "contains": lambda a, o: o in a,
    "less_than": lambda a, o: a < o,
    "at_most": lambda a, o: a <= o,
    "more_than": lambda a, o: a > o,
    "at_least": lambda a, o: a >= o,
    "between": lambda a, o: o[0] <= a <= o[1],
}
