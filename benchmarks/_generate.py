"""Synthetic rule bases for the benchmark, as plain data in the YAML format.

A rule base is generated from a rule count and a seed, always the same for the
same inputs. It is returned as the nested dicts and lists a YAML file of
format 1 holds (see docs/rulebase-format.md), so it can be written to a file
for the loader or built into model records directly.

Shape, for N rules:

- max(20, N/10) questions of every type (the first five cover one type each),
  a few with a priority, a few follow-ups (``ask_when`` on an earlier yes/no);
- max(6, N/25) derived facts on three levels: level-1 facts are concluded from
  answers only, level-2 rules test a level-1 fact, level-3 rules a level-2 one;
- 40% of the rules conclude a fact, the rest suggest a solution with a
  certainty, and a few rule one out instead;
- 1 to 4 conditions per rule, mixing is / is_not / one_of / less_than /
  at_least / between / contains, some grouped in ``any`` or negated with ``not``.

``not`` is only ever put on answer tests. Guide gives ``not: {fact: F}`` a
meaning (F can no longer be concluded) that a plain experta engine or a naive
loop cannot compute without reimplementing Guide's three-valued tracker, so a
benchmark comparing them on it would compare different things.

Questions a rule tests are drawn from a window around one topic, as real rule
bases cluster questions by subject; this also lets some rules fire within a
30-answer session.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Any

Spec = dict[str, Any]
Condition = dict[str, Any]

TYPES = ("yes_no", "choice", "multiple_choice", "number", "text")
_TYPE_WEIGHTS = (35, 25, 10, 20, 10)
#: Text answers: short phrases, already lower-case and single-spaced (normalised).
PHRASES = ("red light", "green light", "amber light", "blue screen", "no power")
WORDS = ("light", "red", "screen", "power", "green")
NUMBER_MIN, NUMBER_MAX = 0, 100
_WINDOW = 8


@dataclass(frozen=True, slots=True)
class Shape:
    questions: int
    facts_by_level: tuple[int, int, int]
    solutions: int

    @classmethod
    def for_rules(cls, rule_count: int) -> Shape:
        facts = max(6, rule_count // 25)
        level1 = max(2, facts // 2)
        level2 = max(2, (facts * 3) // 10)
        return cls(
            questions=max(20, rule_count // 10),
            facts_by_level=(level1, level2, max(2, facts - level1 - level2)),
            solutions=max(10, rule_count // 20),
        )


def generate(rule_count: int, seed: int = 2024) -> Spec:
    """A rule base of ``rule_count`` rules, as the data of a YAML file."""
    rng = random.Random(f"{seed}:{rule_count}")
    shape = Shape.for_rules(rule_count)
    questions = [_question(i, rng) for i in range(shape.questions)]
    _add_followups(questions, rng)
    facts = [
        {"id": f"fact_l{level + 1}_{i}", "description": f"level {level + 1} fact {i}"}
        for level, count in enumerate(shape.facts_by_level)
        for i in range(count)
    ]
    solutions = [{"id": f"sol_{i}", "title": f"Solution {i}"} for i in range(shape.solutions)]
    rules = _rules(rule_count, questions, shape, rng)
    return {
        "format": 1,
        "metadata": {
            "id": f"bench_{rule_count}",
            "title": f"Benchmark rule base with {rule_count} rules",
            "version": "1.0",
            "owners": [{"name": "Benchmark", "role": "generator"}],
        },
        "questions": questions,
        "facts": facts,
        "rules": rules,
        "solutions": solutions,
    }


# --- questions ------------------------------------------------------------------


def _question(index: int, rng: random.Random) -> dict[str, Any]:
    kind = TYPES[index] if index < len(TYPES) else rng.choices(TYPES, _TYPE_WEIGHTS)[0]
    question: dict[str, Any] = {"id": f"q{index}", "text": f"Question {index}?", "type": kind}
    if kind in ("choice", "multiple_choice"):
        question["choices"] = [
            {"id": f"c{c}", "text": f"Choice {c}"} for c in range(rng.randint(3, 4))
        ]
    elif kind == "number":
        question.update({"unit": "units", "min": NUMBER_MIN, "max": NUMBER_MAX})
    if rng.random() < 0.1:
        question["priority"] = rng.randint(1, 5)
    return question


def _add_followups(questions: list[dict[str, Any]], rng: random.Random) -> None:
    """About 5% of questions become follow-ups of an earlier yes/no question."""
    for position, question in enumerate(questions):
        earlier = [q["id"] for q in questions[max(0, position - _WINDOW) : position]]
        yes_no = [q for q in earlier if _type_of(questions, q) == "yes_no"]
        if position >= len(TYPES) and yes_no and rng.random() < 0.05:
            question["ask_when"] = {"question": rng.choice(yes_no), "is": True}


def _type_of(questions: list[dict[str, Any]], question_id: str) -> str:
    return str(questions[int(question_id[1:])]["type"])


# --- rules ----------------------------------------------------------------------


def _rules(
    rule_count: int, questions: list[dict[str, Any]], shape: Shape, rng: random.Random
) -> list[dict[str, Any]]:
    fact_ids = [
        [f"fact_l{level + 1}_{i}" for i in range(count)]
        for level, count in enumerate(shape.facts_by_level)
    ]
    # Each fact gets a topic, and its concluding rules test questions of that topic.
    topics = {f: rng.randrange(len(questions)) for level in fact_ids for f in level}
    maker = _RuleMaker(questions, fact_ids, topics, shape.solutions, rng)
    fact_rule_count = (rule_count * 2) // 5
    rules = [
        maker.fact_rule(number) if number < fact_rule_count else maker.solution_rule(number)
        for number in range(rule_count)
    ]
    rng.shuffle(rules)
    return rules


@dataclass(frozen=True, slots=True)
class _RuleMaker:
    questions: list[dict[str, Any]]
    fact_ids: list[list[str]]
    topics: dict[str, int]
    solutions: int
    rng: random.Random

    def fact_rule(self, number: int) -> dict[str, Any]:
        """A rule concluding a fact; above level 1 it tests a fact of the level below."""
        rng = self.rng
        # Round-robin over all facts, so that every fact has concluding rules.
        flat = [f for level in self.fact_ids for f in level]
        fact = flat[number % len(flat)]
        level = int(fact[len("fact_l")]) - 1
        conditions: list[Condition] = []
        if level > 0:
            conditions.append({"fact": rng.choice(self.fact_ids[level - 1])})
        extra = rng.randint(1, 3) if level == 0 else rng.randint(0, 2)
        conditions += _question_conditions(extra, self.topics[fact], self.questions, rng)
        then: dict[str, Any] = {"conclude": fact}
        if rng.random() < 0.3:
            then["certainty"] = round(rng.uniform(0.5, 1.0), 2)
        return _rule(number, conditions, [then], rng)

    def solution_rule(self, number: int) -> dict[str, Any]:
        """A rule suggesting (or, rarely, ruling out) a solution; half test a fact."""
        rng = self.rng
        conditions: list[Condition] = []
        topic = rng.randrange(len(self.questions))
        if rng.random() < 0.5:
            fact = rng.choice(rng.choice(self.fact_ids))
            conditions.append({"fact": fact})
            topic = self.topics[fact]
        count = rng.randint(1, 4) - len(conditions)
        conditions += _question_conditions(max(count, 0), topic, self.questions, rng)
        solution = f"sol_{rng.randrange(self.solutions)}"
        if rng.random() < 0.07:
            then: list[dict[str, Any]] = [{"rule_out": solution}]
        else:
            then = [{"suggest": solution, "certainty": round(rng.uniform(0.3, 0.9), 2)}]
        return _rule(number, conditions, then, rng)


def _rule(
    number: int, conditions: list[Condition], then: list[dict[str, Any]], rng: random.Random
) -> dict[str, Any]:
    when: Condition | list[Condition] = conditions[0] if len(conditions) == 1 else conditions
    rule: dict[str, Any] = {
        "id": f"r{number}",
        "when": when,
        "then": then,
        "because": f"Rule {number}.",
    }
    if rng.random() < 0.05:
        rule["priority"] = rng.randint(1, 3)
    return rule


def _question_conditions(
    count: int, topic: int, questions: list[dict[str, Any]], rng: random.Random
) -> list[Condition]:
    """``count`` conditions on questions near ``topic``; some in ``any``, some ``not``."""
    low = max(0, min(topic, len(questions) - _WINDOW))
    window = questions[low : low + _WINDOW]
    found: list[Condition] = []
    while len(found) < count:
        roll = rng.random()
        if roll < 0.12:
            first, second = rng.sample(window, 2)
            found.append({"any": [question_test(first, rng), question_test(second, rng)]})
        elif roll < 0.22:
            found.append({"not": question_test(rng.choice(window), rng)})
        else:
            found.append(question_test(rng.choice(window), rng))
    return found


def question_test(question: dict[str, Any], rng: random.Random) -> Condition:
    """A test on ``question`` that a random answer passes about half the time."""
    kind = question["type"]
    test: Condition = {"question": question["id"]}
    if kind == "yes_no":
        test[rng.choice(("is", "is_not"))] = rng.random() < 0.5
    elif kind == "choice":
        choices = [c["id"] for c in question["choices"]]
        operator = rng.choice(("is", "is_not", "one_of", "one_of"))
        test[operator] = rng.sample(choices, 2) if operator == "one_of" else rng.choice(choices)
    elif kind == "multiple_choice":
        test["contains"] = rng.choice(question["choices"])["id"]
    elif kind == "number":
        test.update(_number_test(rng))
    else:
        operator = rng.choice(("contains", "contains", "is", "is_not", "one_of"))
        if operator == "contains":
            test[operator] = rng.choice(WORDS)
        elif operator == "one_of":
            test[operator] = rng.sample(PHRASES, 3)
        else:
            test[operator] = rng.choice(PHRASES)
    return test


def _number_test(rng: random.Random) -> Condition:
    operator = rng.choice(("less_than", "at_least", "between", "at_most", "more_than", "is_not"))
    if operator == "between":
        low = rng.randint(NUMBER_MIN, NUMBER_MAX // 2)
        return {operator: [low, low + NUMBER_MAX // 2]}
    if operator == "is_not":
        return {operator: rng.randint(NUMBER_MIN, NUMBER_MAX)}
    return {operator: rng.randint(30, 70)}


# --- answers --------------------------------------------------------------------


def answer_for(question: dict[str, Any], rng: random.Random) -> Any:
    """A random valid answer in Guide's canonical form (tuples for multiple choice)."""
    kind = question["type"]
    if kind == "yes_no":
        return rng.random() < 0.5
    if kind == "choice":
        return rng.choice(question["choices"])["id"]
    if kind == "multiple_choice":
        return tuple(c["id"] for c in question["choices"] if rng.random() < 0.5)
    if kind == "number":
        return rng.randint(NUMBER_MIN, NUMBER_MAX)
    return rng.choice(PHRASES)


# --- rule bases for `guide check` -----------------------------------------------


def shared_test_yaml(rule_count: int, seed: int = 2024) -> str:
    """A rule base whose rules all share one test, written one rule a line.

    Real rule bases look like this: every rule of a printer's rule base tests
    "the printer is on" and then one or two more answers, and the rules
    suggest (with certainty 1) or rule out the same five solutions. That shape
    made `guide check`'s cover check (G314) compare every pair of rules with
    the same action. 1% of the rules repeat an earlier one and 1% add a test to
    an earlier one; with few questions, random rules also meet (at 1,000 rules
    there are about 200 repeats, G313, and 300 covered rules, G314). Written
    compactly, so that 30,000 rules stay under the 4 MiB file limit.
    """
    rng = random.Random(f"{seed}:shared:{rule_count}")
    question_count, solution_count = max(20, rule_count // 20), 5
    lines = [
        "format: 1",
        "metadata: {id: shared, title: Shared test, version: '1', "
        "owners: [{name: Benchmark, role: generator}]}",
        "questions:",
        "  - {id: power, text: Is the printer on?, type: yes_no}",
        *(f"  - {{id: q{n}, text: Question {n}?, type: yes_no}}" for n in range(question_count)),
        "solutions:",
        *(f"  - {{id: s{n}, title: Solution {n}, steps: [Do it.]}}" for n in range(solution_count)),
        "rules:",
    ]
    written: list[tuple[list[str], str]] = []
    for number in range(rule_count):
        roll = rng.random()
        if written and roll < 0.01:
            tests, then = rng.choice(written)  # a duplicate
        elif written and roll < 0.02:
            tests, then = rng.choice(written)  # narrower: covered by the earlier rule
            tests = [*tests, f"{{question: q{rng.randrange(question_count)}, is: yes}}"]
        else:
            first, second = rng.sample(range(question_count), 2)
            tests = [
                "{question: power, is: yes}",
                f"{{question: q{first}, is: yes}}",
                f"{{question: q{second}, is: no}}",
            ][: rng.randint(2, 3)]
            solution = f"s{rng.randrange(solution_count)}"
            rule_out, suggest = (
                f"{{rule_out: {solution}}}",
                f"{{suggest: {solution}, certainty: 1}}",
            )
            then = rule_out if roll < 0.5 else suggest
        written.append((tests, then))
        lines.append(f"  - {{id: r{number}, when: [{', '.join(tests)}], then: {then}, because: b}}")
    return "\n".join(lines) + "\n"


def errors_yaml(error_count: int) -> str:
    """A rule base with ``error_count`` errors: every rule has a misspelt key (G102)."""
    rules = (
        f"  - {{id: r{n}, when: {{question: power, is: yes}}, then: {{rule_out: s0}}, becuase: b}}"
        for n in range(error_count)
    )
    return (
        "format: 1\n"
        "metadata: {id: errors, title: Errors, version: '1', "
        "owners: [{name: Benchmark, role: generator}]}\n"
        "questions:\n  - {id: power, text: Is the printer on?, type: yes_no}\n"
        "solutions:\n  - {id: s0, title: Solution 0, steps: [Do it.]}\n"
        "rules:\n" + "\n".join(rules) + "\n"
    )
