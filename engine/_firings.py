"""Guide's own record of what fired: the source of certainties and explanations."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

#: (rule position, alternative of its condition that matched)
Firing = tuple[int, int]


@dataclass(slots=True)
class FiringRecord:
    """Which rules fired, in order, and which alternatives of each matched."""

    order: list[Firing] = field(default_factory=list)
    _alternatives: dict[int, list[int]] = field(default_factory=dict)

    def add(self, firings: Iterable[Firing]) -> None:
        for position, alternative in firings:
            self.order.append((position, alternative))
            self._alternatives.setdefault(position, []).append(alternative)

    @property
    def alternatives(self) -> Mapping[int, list[int]]:
        """Live view: fired rule position -> the alternatives that matched."""
        return self._alternatives

    def snapshot(self) -> Mapping[int, tuple[int, ...]]:
        """A frozen copy, for results that must not change as the session goes on."""
        return MappingProxyType({p: tuple(a) for p, a in self._alternatives.items()})
