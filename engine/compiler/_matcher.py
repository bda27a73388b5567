"""A matcher for experta whose network is built once and shared.

experta's ReteMatcher builds its whole network inside every engine instance
and, after each change, re-checks every rule's conflict set. Guide's patterns
never join facts on variables (each names its subject: one question, one fact,
one solution), so a rule alternative matches exactly when each of its patterns
is matched by the one fact with that subject. The network below is therefore a
table from subject to patterns and from pattern to alternatives ("branches");
a session only keeps, per branch, how many of its patterns are matched.
Adding a fact touches only the patterns with that fact's subject.
"""

from __future__ import annotations

from array import array
from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from typing import Any

from engine.compiler._patterns import SUBJECT_FIELD, experta, passes

#: Subject key of a fact: its class and the id in its subject field.
FactKey = tuple[type, Any]


@dataclass(frozen=True, slots=True)
class Network:
    """The shared, read-only part of matching for one compiled rule base."""

    #: Per pattern: its subject key and the (field, constraint) tests on the fact.
    pattern_tests: tuple[tuple[tuple[str, Any], ...], ...]
    patterns_by_key: dict[FactKey, tuple[int, ...]]
    pattern_branches: tuple[tuple[int, ...], ...]
    #: Per branch: the experta rule it belongs to, its position in that rule, its patterns.
    branch_rule: tuple[Any, ...]
    branch_alternative: tuple[int, ...]
    branch_patterns: tuple[tuple[int, ...], ...]


def fact_key(fact: Any) -> FactKey | None:
    field = SUBJECT_FIELD.get(type(fact))
    return None if field is None else (type(fact), fact[field])


class NetworkBuilder:
    """Collects rules' branches into a Network, sharing equal patterns."""

    def __init__(self) -> None:
        self._pattern_ids: dict[Hashable, int] = {}
        self._tests: list[tuple[tuple[str, Any], ...]] = []
        self._by_key: dict[FactKey, list[int]] = {}
        self._pattern_branches: list[list[int]] = []
        self._branch_rule: list[Any] = []
        self._branch_alternative: list[int] = []
        self._branch_patterns: list[tuple[int, ...]] = []

    def add_branch(
        self, rule: Any, alternative: int, patterns: Iterable[tuple[Hashable, Any]]
    ) -> None:
        """Add one alternative of ``rule``: its patterns, each with a sharing key."""
        branch = len(self._branch_rule)
        ids: list[int] = []
        for key, pattern in patterns:
            pattern_id = self._pattern_ids.get(key)
            if pattern_id is None:
                pattern_id = self._add_pattern(key, pattern)
            if pattern_id not in ids:
                ids.append(pattern_id)
                self._pattern_branches[pattern_id].append(branch)
        self._branch_rule.append(rule)
        self._branch_alternative.append(alternative)
        self._branch_patterns.append(tuple(ids))

    def _add_pattern(self, key: Hashable, pattern: Any) -> int:
        pattern_id = len(self._tests)
        self._pattern_ids[key] = pattern_id
        subject_field = SUBJECT_FIELD[type(pattern)]
        fact_key_ = (type(pattern), pattern[subject_field])
        self._by_key.setdefault(fact_key_, []).append(pattern_id)
        self._tests.append(tuple((f, c) for f, c in pattern.items() if f != subject_field))
        self._pattern_branches.append([])
        return pattern_id

    def build(self) -> Network:
        return Network(
            pattern_tests=tuple(self._tests),
            patterns_by_key={k: tuple(v) for k, v in self._by_key.items()},
            pattern_branches=tuple(tuple(b) for b in self._pattern_branches),
            branch_rule=tuple(self._branch_rule),
            branch_alternative=tuple(self._branch_alternative),
            branch_patterns=tuple(self._branch_patterns),
        )


_Matcher: Any = experta.abstract.Matcher


class SharedNetworkMatcher(_Matcher):  # type: ignore[misc]
    """experta Matcher over a shared Network; per-engine state is a few arrays."""

    network: Network

    def __init__(self, engine: Any) -> None:
        super().__init__(engine)
        self.network = engine.guide_network
        self.reset()

    def reset(self) -> None:
        self._matched_count = array("H", bytes(2 * len(self.network.branch_rule)))
        self._matched: dict[int, Any] = {}
        self._active: dict[int, Any] = {}

    def changes(
        self, adding: Iterable[Any] | None = None, deleting: Iterable[Any] | None = None
    ) -> tuple[list[Any], list[Any]]:
        added: list[Any] = []
        removed: list[Any] = []
        for fact in deleting or ():
            self._retract(fact, removed)
        for fact in adding or ():
            self._assert(fact, added)
        return added, removed

    def _matching_patterns(self, fact: Any) -> Iterable[int]:
        key = fact_key(fact)
        if key is None:
            return ()
        tests = self.network.pattern_tests
        matching = []
        for pattern_id in self.network.patterns_by_key.get(key, ()):
            for field, constraint in tests[pattern_id]:
                if field not in fact or not passes(constraint, fact[field]):
                    break
            else:
                matching.append(pattern_id)
        return matching

    def _assert(self, fact: Any, added: list[Any]) -> None:
        network = self.network
        counts = self._matched_count
        for pattern_id in self._matching_patterns(fact):
            self._matched[pattern_id] = fact
            for branch in network.pattern_branches[pattern_id]:
                counts[branch] += 1
                if counts[branch] == len(network.branch_patterns[branch]):
                    activation = experta.activation.Activation(
                        network.branch_rule[branch],
                        [self._matched[p] for p in network.branch_patterns[branch]],
                        {"alternative": network.branch_alternative[branch]},
                    )
                    self._active[branch] = activation
                    added.append(activation)

    def _retract(self, fact: Any, removed: list[Any]) -> None:
        network = self.network
        counts = self._matched_count
        for pattern_id in self._matching_patterns(fact):
            if self._matched.get(pattern_id) is not fact:
                continue
            del self._matched[pattern_id]
            for branch in network.pattern_branches[pattern_id]:
                counts[branch] -= 1
                activation = self._active.pop(branch, None)
                if activation is not None:
                    removed.append(activation)
