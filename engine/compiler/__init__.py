"""The rule base compiled onto experta, once, and the per-session inference run.

Only this package imports experta. The rest of the engine sees two things: a
:class:`CompiledRulebase` (shared, read-only) and an :class:`InferenceRun` (one
per session) that takes facts in and reports which rules fired.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Hashable
from dataclasses import dataclass
from typing import Any

from engine._gc import collector_paused
from engine._index import RulebaseIndex, build_index
from engine._logic import Literal
from engine._passes import NOT_ASKED
from engine._status import Settled, StatusTracker
from engine.compiler._matcher import Network, NetworkBuilder, SharedNetworkMatcher
from engine.compiler._patterns import (
    Answer,
    Derived,
    Nothing,
    SolutionFact,
    Unanswered,
    experta,
    fact_value,
    literal_key,
    pattern_for,
)
from engine.model import Conclude, Rule, Rulebase, RuleOut, SolutionState, Value

#: (rule position, alternative of its condition that matched)
Firing = tuple[int, int]


_ExpertaRule: Any = experta.Rule
_KnowledgeEngine: Any = experta.KnowledgeEngine


class _SharedRule(_ExpertaRule):  # type: ignore[misc]
    """An experta Rule that can live on a class shared by threads.

    experta's Rule.__get__ stores the instance it was read from on the rule
    itself; on a class used by many sessions that is a race, so it is disabled.
    """

    def __get__(self, instance: Any, owner: Any) -> Any:
        return self

    @classmethod
    def around(cls, action: Any, lhs: Any, salience: int) -> Any:
        """``Rule(lhs, salience=salience)(action)``, without experta's signature inspection.

        experta inspects the action to learn which keyword arguments to pass it; every
        action here is made by :func:`_rule_action`, so that is learnt once (it was
        about a fifth of compiling 10,000 rules).
        """
        rule = cls(lhs, salience=salience)
        rule._wrapped = action
        rule._wrapped_args = _ACTION_PARAMETERS
        return functools.update_wrapper(rule, action)

    def __hash__(self) -> int:
        # experta hashes the whole pattern tree each time an activation is hashed
        # (the agenda does it on every change); a compiled rule never changes.
        cached: int | None = self.__dict__.get("_guide_hash")
        if cached is None:
            cached = super().__hash__()
            self.__dict__["_guide_hash"] = cached
        return cached


class GuideEngine(_KnowledgeEngine):  # type: ignore[misc]
    """Base class of every compiled rule base's engine."""

    __matcher__ = SharedNetworkMatcher
    guide_network: Network
    guide_rules: tuple[Any, ...]

    def __init__(self) -> None:
        self.guide_firings: list[Firing] = []
        super().__init__()

    def get_rules(self) -> list[Any]:
        # The stock version walks every attribute of the instance (slow at
        # 10,000 rules) and rebinds each rule; the compiled list is the same.
        return list(self.guide_rules)

    def get_deffacts(self) -> list[Any]:
        return [_initial_facts]


def _initial_facts() -> Any:
    yield experta.InitialFact()


#: The parameters of every rule's action (``fire`` below), which experta passes by name.
_ACTION_PARAMETERS = frozenset({"engine", "alternative"})


def _rule_action(position: int, rule: Rule) -> Any:
    """The right-hand side of one rule: record the firing, assert its conclusions."""
    # (fact class, fields): a declared fact cannot be declared again, so each
    # firing builds fresh ones; building from fields is cheaper than Fact.copy().
    conclusions: list[tuple[Any, dict[str, Any]]] = []
    for action in rule.then:
        if isinstance(action, Conclude):
            conclusions.append((Derived, {"name": action.fact, "holds": True}))
        elif isinstance(action, RuleOut):
            fields = {"solution": action.solution, "state": "ruled_out", "holds": True}
            conclusions.append((SolutionFact, fields))
        else:
            fields = {"solution": action.solution, "state": "suggested", "holds": True}
            conclusions.append((SolutionFact, fields))

    def fire(engine: GuideEngine, alternative: int) -> None:  # see _ACTION_PARAMETERS
        engine.guide_firings.append((position, alternative))
        for fact_class, fields in conclusions:
            engine.declare(fact_class(**fields))

    fire.__name__ = fire.__qualname__ = rule.id
    return fire


@dataclass(frozen=True, slots=True, eq=False)
class CompiledRulebase:
    """A rule base compiled onto experta; shared by all its sessions."""

    rulebase: Rulebase
    index: RulebaseIndex
    engine_class: type[GuideEngine]
    #: The status of everything before any answer; each session starts from a copy.
    initial_status: StatusTracker
    #: What has failed before any answer, to be declared in each new session.
    initial_settled: tuple[Settled, ...]


def compile_rulebase(rulebase: Rulebase) -> CompiledRulebase:
    """Compile ``rulebase`` (as the loader returned it) into an experta KnowledgeEngine subclass."""
    index = build_index(rulebase)  # the loader has refused conditions too complex to expand
    builder = NetworkBuilder()
    namespace: dict[str, Any] = {}
    experta_rules = []
    # Equal literals get one pattern object, as the network shares them anyway.
    shared: dict[Hashable, Any] = {}

    def keyed_pattern(literal: Literal) -> tuple[Hashable, Any]:
        key = literal_key(literal)
        pattern = shared.get(key)
        if pattern is None:
            pattern = shared[key] = pattern_for(literal, rulebase)
        return key, pattern

    for position, (rule, branches) in enumerate(zip(rulebase.rules, index.branches, strict=True)):
        patterns = [[keyed_pattern(lit) for lit in b] for b in branches]
        conditions = [experta.AND(*(p for _, p in branch)) for branch in patterns]
        lhs = conditions[0] if len(conditions) == 1 else experta.OR(*conditions)
        experta_rule = _SharedRule.around(_rule_action(position, rule), lhs, rule.priority)
        for alternative, branch in enumerate(patterns):
            builder.add_branch(experta_rule, alternative, branch)
        experta_rules.append(experta_rule)
        namespace[f"rule_{position}_{rule.id}"] = experta_rule
    namespace["guide_network"] = builder.build()
    namespace["guide_rules"] = tuple(experta_rules)
    engine_class = type(f"Compiled_{rulebase.id}", (GuideEngine,), namespace)
    initial_status, initial_settled = StatusTracker.initial(index)
    return CompiledRulebase(
        rulebase=rulebase,
        index=index,
        engine_class=engine_class,
        initial_status=initial_status,
        initial_settled=tuple(initial_settled),
    )


_compile_lock = threading.Lock()


def compiled(rulebase: Rulebase) -> CompiledRulebase:
    """The compiled form of ``rulebase``, compiled on first use only."""
    found = rulebase.compiled_form
    if found is None:
        with _compile_lock:
            found = rulebase.compiled_form
            if found is None:
                with collector_paused():
                    found = compile_rulebase(rulebase)
                # The rule base is frozen; this one slot is its cache.
                object.__setattr__(rulebase, "compiled_form", found)
    assert isinstance(found, CompiledRulebase)
    return found


class InferenceRun:
    """One session's working memory and agenda on the shared compiled engine."""

    def __init__(self, compiled_rulebase: CompiledRulebase) -> None:
        self._rulebase = compiled_rulebase.rulebase
        self._engine = compiled_rulebase.engine_class()
        self._engine.reset()
        self._tested = compiled_rulebase.engine_class.guide_network.patterns_by_key

    def declare_answer(self, question_id: str, value: Value) -> None:
        question = self._rulebase.question_by_id[question_id]
        self._engine.declare(Answer(question=question_id, value=fact_value(question.type, value)))

    def declare_computed(self, computed_id: str, value: float | None) -> None:
        """A computed value, or (None) that it cannot be computed."""
        if value is None:
            self.declare_unanswered(computed_id)
        else:
            self._engine.declare(Answer(question=computed_id, value=value))

    def declare_nothing(self, state: str, *, holds: bool) -> None:
        self._engine.declare(Nothing(state=state, holds=holds))

    def declare_not_asked(self, question_id: str) -> None:
        """A follow-up that does not apply: unanswered, and every test on its answer
        fails (experta sees the stand-in answer NOT_ASKED)."""
        self.declare_unanswered(question_id)
        if (Answer, question_id) in self._tested:
            self._engine.declare(Answer(question=question_id, value=NOT_ASKED))

    def declare_unanswered(self, question_id: str) -> None:
        if (Unanswered, question_id) in self._tested:  # no rule tests it: nothing could match
            self._engine.declare(Unanswered(question=question_id))

    def declare_fact(self, fact_id: str, *, holds: bool) -> None:
        if (Derived, fact_id) in self._tested:  # no rule tests it: nothing could match
            self._engine.declare(Derived(name=fact_id, holds=holds))

    def declare_solution_state(
        self, solution_id: str, state: SolutionState, *, holds: bool
    ) -> None:
        if (SolutionFact, solution_id) in self._tested:
            self._engine.declare(SolutionFact(solution=solution_id, state=state.value, holds=holds))

    def run(self) -> list[Firing]:
        """Fire every rule that is ready; return the firings, in order."""
        self._engine.run()
        firings = self._engine.guide_firings
        self._engine.guide_firings = []
        return firings
