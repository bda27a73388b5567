"""Three-valued condition logic and the normal forms the compiler needs.

A condition is TRUE, FALSE, OPEN (it may still become true or false as answers
come in) or UNDETERMINED (it never will: an answer was skipped or a follow-up
does not apply). TRUE, FALSE and UNDETERMINED are Kleene's three values; OPEN
is "not known yet" and lets the question strategy see what can still change.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import Enum

from engine.model import AllOf, AnyOf, Atom, Condition, Not

#: A rule's condition may expand to at most this many alternatives (DNF branches).
MAX_BRANCHES = 256


class Tri(Enum):
    TRUE = "true"
    FALSE = "false"
    OPEN = "open"
    UNDETERMINED = "undetermined"


def tri_not(value: Tri) -> Tri:
    if value is Tri.TRUE:
        return Tri.FALSE
    if value is Tri.FALSE:
        return Tri.TRUE
    return value


def tri_any(values: Iterable[Tri]) -> Tri:
    seen_open = seen_undetermined = False
    for value in values:
        if value is Tri.TRUE:
            return Tri.TRUE
        seen_open |= value is Tri.OPEN
        seen_undetermined |= value is Tri.UNDETERMINED
    if seen_open:
        return Tri.OPEN
    return Tri.UNDETERMINED if seen_undetermined else Tri.FALSE


def evaluate(condition: Condition, atom_value: Callable[[Atom], Tri]) -> Tri:
    """The condition's value, given the value of each atom.

    Written as plain loops rather than over generators: this is the innermost
    loop of every answer.
    """
    kind = type(condition)
    if kind is AllOf or kind is AnyOf:
        # all: FALSE decides; any: TRUE decides. Otherwise OPEN beats UNDETERMINED.
        decisive = Tri.FALSE if kind is AllOf else Tri.TRUE
        seen_open = seen_undetermined = False
        for child in condition.conditions:  # type: ignore[union-attr]
            value = evaluate(child, atom_value)
            if value is decisive:
                return decisive
            if value is Tri.OPEN:
                seen_open = True
            elif value is Tri.UNDETERMINED:
                seen_undetermined = True
        if seen_open:
            return Tri.OPEN
        if seen_undetermined:
            return Tri.UNDETERMINED
        return Tri.TRUE if kind is AllOf else Tri.FALSE
    if kind is Not:
        return tri_not(evaluate(condition.condition, atom_value))  # type: ignore[union-attr]
    return atom_value(condition)  # type: ignore[arg-type]


def open_atoms(condition: Condition, atom_value: Callable[[Atom], Tri]) -> list[Atom]:
    """Atoms whose answer could still change the value of an OPEN condition.

    Only parts that are themselves OPEN are followed: in ``all: [a, b]`` with
    ``a`` already false nothing is open, so nothing is worth asking.
    """
    found: list[Atom] = []

    def visit(node: Condition) -> None:
        if evaluate(node, atom_value) is not Tri.OPEN:
            return
        if isinstance(node, AllOf | AnyOf):
            for child in node.conditions:
                visit(child)
        elif isinstance(node, Not):
            visit(node.condition)
        else:
            found.append(node)

    visit(condition)
    return found


@dataclass(frozen=True, slots=True)
class Literal:
    """An atom, or its negation, as it appears in a DNF branch."""

    atom: Atom
    negated: bool


Branch = tuple[Literal, ...]


class TooComplexError(Exception):
    """The condition expands to more than MAX_BRANCHES alternatives."""


def to_dnf(condition: Condition) -> tuple[Branch, ...]:
    """Disjunctive normal form with negation pushed down to the atoms.

    De Morgan's laws and distribution hold in Kleene logic, so a branch whose
    literals are all TRUE is exactly a way for the condition to be TRUE.

    Raises:
        TooComplexError: more than MAX_BRANCHES branches.
    """
    return tuple(_dnf(condition, negated=False))


def _dnf(condition: Condition, *, negated: bool) -> list[Branch]:
    if isinstance(condition, Not):
        return _dnf(condition.condition, negated=not negated)
    if not isinstance(condition, AllOf | AnyOf):
        return [(Literal(condition, negated),)]
    # all under negation is any of the negations, and vice versa.
    conjunctive = isinstance(condition, AllOf) != negated
    parts = [_dnf(child, negated=negated) for child in condition.conditions]
    if not conjunctive:
        branches = [branch for part in parts for branch in part]
        _check_size(len(branches))
        return branches
    product: list[Branch] = [()]
    for part in parts:
        _check_size(len(product) * len(part))
        product = [left + right for left in product for right in part]
    return product


def _check_size(count: int) -> None:
    if count > MAX_BRANCHES:
        raise TooComplexError(count)
