"""Rules that add nothing: exact duplicates, and rules covered by a broader rule.

Conditions are compared in disjunctive normal form (see :mod:`engine._logic`),
written positions ignored. Rule A is *covered* by rule B when both have the
same actions and every alternative (branch) of A contains all the tests of
some branch of B: whenever A fires, B fires too. That makes A redundant only
when B's actions already have their full effect (rule out, or certainty 1):
a narrower rule at a lower certainty is a second, independent piece of
evidence, and MYCIN's combination counts it on purpose (0.6 and 0.6 give 0.84).
Rules are grouped by their actions first, and within a group a branch is
compared only with the branches filed under one of its tests (each branch is
filed once, under its rarest test), so the work grows with the number of rules,
not with the number of pairs.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Hashable, Iterator

from engine._logic import Branch, Literal
from engine.errors import Severity
from engine.lint._context import Context
from engine.lint._registry import Finding, lint_rule
from engine.model import (
    ComputedTest,
    Conclude,
    FactTest,
    NothingTest,
    Operator,
    QuestionTest,
    Rule,
    RuleOut,
    Suggest,
)

_Key = frozenset[Hashable]


@lint_rule("G313", Severity.WARNING)
def duplicate_rule(context: Context) -> Iterator[Finding]:
    """Two rules with the same condition (however it is written: the order of
    tests and of `any` branches does not matter) and the same actions. This is
    not harmless: certainties combine, so two identical rules suggesting a
    solution at 0.6 make it 0.84, as if there were two pieces of evidence.

    ## Wrong

    ```yaml
    - id: no_power
      when: [{question: power_light, is: no}, {question: cable_in, is: no}]
      then: {suggest: plug_in_cable, certainty: 0.6}
    - id: cable_out
      when: [{question: cable_in, is: no}, {question: power_light, is: no}]
      then: {suggest: plug_in_cable, certainty: 0.6}
    ```

    ## Right

    ```yaml
    - id: no_power
      when: [{question: power_light, is: no}, {question: cable_in, is: no}]
      then: {suggest: plug_in_cable, certainty: 0.84}
    ```
    """
    first: dict[tuple[_Key, _Key], Rule] = {}
    for position, rule in enumerate(context.index.rules):
        key = (_actions_key(rule), _condition_key(context.index.branches[position]))
        earlier = first.setdefault(key, rule)
        if earlier is not rule:
            yield Finding(
                rule.span,
                f"rule `{rule.id}` repeats rule `{earlier.id}` (line {earlier.span.line}): "
                "the same condition and the same actions",
                "remove one of them: together they count the same evidence twice",
            )


@lint_rule("G314", Severity.WARNING)
def rule_covered(context: Context) -> Iterator[Finding]:
    """Whenever this rule fires, another rule with exactly the same actions
    fires too, because this rule's condition includes all of the other's (for
    every way it can hold), and those actions already have their full effect:
    they rule a solution out, or conclude or suggest with certainty 1. The
    narrower rule can never change anything. (A narrower rule at a certainty
    below 1 is not reported: it is a second piece of evidence, and certainties
    combine, so 0.6 and 0.6 give 0.84.)

    ## Wrong

    ```yaml
    - id: printer_is_on
      when: {question: power_light, is: yes}
      then: {rule_out: plug_in_cable}
    - id: printer_is_on_at_desk
      when: [{question: power_light, is: yes}, {question: location, is: desk}]
      then: {rule_out: plug_in_cable}
    ```

    ## Right

    ```yaml
    - id: printer_is_on
      when: {question: power_light, is: yes}
      then: {rule_out: plug_in_cable}
    ```
    """
    index, dead = context.index, context.dead.rules
    groups: dict[_Key, list[int]] = defaultdict(list)
    seen: set[tuple[_Key, _Key]] = set()
    for position, rule in enumerate(index.rules):
        key = (_actions_key(rule), _condition_key(index.branches[position]))
        if not _full_effect(rule):
            continue  # a narrower rule adds evidence: certainties combine
        if position not in dead and key not in seen:  # duplicates are G313's
            seen.add(key)
            groups[key[0]].append(position)
    covered: dict[int, int] = {}
    for members in groups.values():
        if len(members) > 1:
            covered |= _covered_in(members, index.branches)
    for position in sorted(covered):
        rule, broader = index.rules[position], index.rules[covered[position]]
        yield Finding(
            rule.span,
            f"rule `{rule.id}` is covered by rule `{broader.id}` (line {broader.span.line}): "
            f"whenever `{rule.id}` fires, `{broader.id}` fires too, with the same actions",
            f"remove `{rule.id}`: it can never change the outcome",
        )


def _covered_in(members: list[int], branches: tuple[tuple[Branch, ...], ...]) -> dict[int, int]:
    """Rule -> an earlier-listed or strictly broader rule that covers it, within one group.

    A branch of B can only lie inside a branch of A if A's branch holds every
    test of B's, in particular B's rarest test. So each branch is filed once,
    under its test that fewest branches of the group share, and a branch of A
    is compared only with the branches filed under one of its own tests: not
    with every branch of the group (rules that all share one test, as "the
    printer is on", would make that quadratic).
    """
    keyed = {p: [frozenset(map(_literal_key, b)) for b in branches[p]] for p in members}
    frequency = Counter(literal for found in keyed.values() for key in found for literal in key)
    filed: dict[Hashable, list[tuple[int, frozenset[Hashable]]]] = defaultdict(list)
    for position, rule_branches in keyed.items():
        for branch in rule_branches:
            if branch:  # a branch without tests is never matched (none is ever written)
                filed[min(branch, key=frequency.__getitem__)].append((position, branch))
    implies: dict[int, set[int]] = {}
    for position, rule_branches in keyed.items():
        common: set[int] | None = None
        for branch in rule_branches:
            inside = {
                p
                for literal in branch
                for p, narrower in filed.get(literal, ())
                if p != position and narrower <= branch
            }
            common = inside if common is None else common & inside
            if not common:
                break
        implies[position] = common or set()
    found: dict[int, int] = {}
    for position, broader in implies.items():
        # Two rules that imply each other are reported once: the later one.
        candidates = [b for b in broader if position not in implies[b] or b < position]
        if candidates:
            found[position] = min(candidates)
    return found


def _full_effect(rule: Rule) -> bool:
    """True when another firing of the same actions could change nothing."""
    return all(isinstance(a, RuleOut) or a.certainty >= 1.0 for a in rule.then)


def _actions_key(rule: Rule) -> _Key:
    keys: set[Hashable] = set()
    for action in rule.then:
        if isinstance(action, Conclude):
            keys.add(("conclude", action.fact, action.certainty))
        elif isinstance(action, Suggest):
            keys.add(("suggest", action.solution, action.certainty))
        else:
            keys.add(("rule_out", action.solution))
    return frozenset(keys)


def _condition_key(branches: tuple[Branch, ...]) -> _Key:
    return frozenset(frozenset(map(_literal_key, branch)) for branch in branches)


def _literal_key(literal: Literal) -> Hashable:
    atom = literal.atom
    if isinstance(atom, QuestionTest):
        operand = atom.operand
        if atom.operator is Operator.ONE_OF and isinstance(operand, tuple):
            operand = frozenset(operand)  # type: ignore[assignment]  # order is immaterial
        if atom.operator is Operator.ANSWERED:  # `not` of one form is the other
            wanted = (operand is True) is not literal.negated
            return (("question", atom.question, atom.operator, wanted), False)
        key: Hashable = ("question", atom.question, atom.operator, operand)
    elif isinstance(atom, ComputedTest):
        key = ("computed", atom.computed, atom.operator, atom.operand)
    elif isinstance(atom, FactTest):
        key = ("fact", atom.fact)
    elif isinstance(atom, NothingTest):
        key = ("nothing", atom.state)
    else:
        key = ("solution", atom.solution, atom.state)
    return (key, literal.negated)
