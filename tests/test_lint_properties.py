"""Soundness of the static analysis: what it calls dead is dead, whatever the worker does.

Random rule bases (tests/strategies.py) are driven by random workers: mostly
answering or skipping the question Guide asks next, sometimes answering any
question that may still be answered (as an embedding app may), in any order.
No rule reported as never firing (G310) may fire, and no follow-up reported
as never asked (G312) may be asked.
"""

from __future__ import annotations

from hypothesis import event, given
from hypothesis import strategies as st

from engine._index import build_index
from engine._logic import Tri
from engine.errors import AnswerError
from engine.lint import lint
from engine.lint._dead import find_dead
from engine.lint.redundant import _actions_key, _condition_key, _full_effect, _literal_key
from engine.model import Rulebase
from engine.session import Session, start
from tests.strategies import answers_for, redundant_rulebases, rulebases


def _ids(rulebase: Rulebase, code: str) -> set[str]:
    """The rule or question ids named first in the messages of ``code``."""
    return {d.message.split("`")[1] for d in lint(rulebase) if d.code == code}


def _open_questions(session: Session) -> list[str]:
    """Questions an app may still answer directly: not answered, and may apply."""
    tracker = session._state.tracker  # white box: what `answer` itself checks
    return [
        q.id
        for q in session.rulebase.questions
        if q.id not in tracker.answers
        and q.id not in tracker.skipped
        and tracker.applicable[q.id] in (Tri.TRUE, Tri.OPEN)
    ]


@given(rulebases(), st.data())
def test_rules_that_can_never_fire_never_fire(rulebase: Rulebase, data: st.DataObject) -> None:
    dead = find_dead(build_index(rulebase))
    dead_rules = {rulebase.rules[p].id for p in dead.rules}
    assert _ids(rulebase, "G310") == dead_rules
    never_asked = _ids(rulebase, "G312")
    event(f"dead rules: {min(len(dead_rules), 3)}")
    session = start(rulebase)
    for _ in range(2 * len(rulebase.questions)):
        prompt = session.next_question()
        if prompt is not None:
            assert prompt.id not in never_asked, f"{prompt.id} was reported as never asked"
        choices = _open_questions(session)
        if not choices:
            break
        use_prompt = prompt is not None and data.draw(st.integers(0, 3), label="direct") > 0
        question_id = prompt.id if use_prompt and prompt else data.draw(st.sampled_from(choices))
        value = data.draw(answers_for(rulebase.question_by_id[question_id]), label=question_id)
        try:
            if value is None:
                session.skip(question_id)
            else:
                session.answer(question_id, value)
        except AnswerError:  # pragma: no cover - the choices above are all answerable
            raise
        fired = set(session.fired_rules())
        assert not fired & dead_rules, f"rules reported as never firing fired: {fired & dead_rules}"
    for fact in dead.facts:
        assert fact not in session.facts()


@given(rulebases())
def test_lint_never_fails_on_a_valid_rulebase(rulebase: Rulebase) -> None:
    found = lint(rulebase)
    assert all(d.code.startswith("G3") for d in found)
    assert found == sorted(found, key=lambda d: (d.span, d.code, d.message))


def _all_pairs(rulebase: Rulebase) -> tuple[dict[str, str], dict[str, str]]:
    """G313 and G314 as first written: every rule compared with every other rule.

    Returns {rule: the rule it repeats} and {rule: the rule that covers it}.
    """
    index = build_index(rulebase)
    dead = find_dead(index).rules
    rules = index.rules
    keys = [(_actions_key(rule), _condition_key(index.branches[p])) for p, rule in enumerate(rules)]
    branches = [[frozenset(map(_literal_key, b)) for b in bs] for bs in index.branches]
    repeats = {
        rules[a].id: rules[b].id
        for a in range(len(rules))
        for b in range(a - 1, -1, -1)  # the first of equal rules is the one named
        if keys[a] == keys[b]
    }
    first_of_key: dict[object, int] = {}
    for p in range(len(rules)):
        first_of_key.setdefault(keys[p], p)
    kept = [
        p
        for p, rule in enumerate(rules)
        if _full_effect(rule) and p not in dead and first_of_key[keys[p]] == p
    ]

    def covers(broader: int, narrower: int) -> bool:
        return all(any(b and b <= a for b in branches[broader]) for a in branches[narrower])

    implies = {
        a: {b for b in kept if b != a and keys[b][0] == keys[a][0] and covers(b, a)} for a in kept
    }
    covered = {}
    for a, broader in implies.items():
        candidates = [b for b in broader if a not in implies[b] or b < a]
        if candidates:
            covered[rules[a].id] = rules[min(candidates)].id
    return repeats, covered


def _named(rulebase: Rulebase, code: str) -> dict[str, str]:
    """{the rule a finding of ``code`` is about: the other rule its message names}."""
    return {
        d.message.split("`")[1]: d.message.split("`")[3] for d in lint(rulebase) if d.code == code
    }


@given(redundant_rulebases())
def test_duplicate_and_cover_checks_find_what_comparing_all_pairs_finds(
    rulebase: Rulebase,
) -> None:
    repeats, covered = _all_pairs(rulebase)
    event(f"repeated: {min(len(repeats), 3)}, covered: {min(len(covered), 3)}")
    assert _named(rulebase, "G313") == repeats
    assert _named(rulebase, "G314") == covered
