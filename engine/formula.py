"""The formulas of computed values: Guide's own small grammar, parsed and evaluated here.

A formula is arithmetic on numbers and names::

    formula  := sum
    sum      := product (("+" | "-") product)*
    product  := unary (("*" | "/") unary)*
    unary    := "-" unary | atom
    atom     := NUMBER | NAME | NAME "(" sum ("," sum)* ")" | "(" sum ")"

Names are the ids of number questions or of other computed values; the only
calls are ``min``, ``max``, ``abs`` and ``round``. Nothing is ever handed to
Python's ``eval``: the text is tokenised and parsed by hand, bounded in length
and depth, and evaluated over floats. A value that cannot be computed for
these answers (a division by zero, or a result beyond 10^15) is ``None``: the
engine treats it as not known, like a skipped answer.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TypeAlias

#: Longest formula text, and deepest nesting of brackets, signs and calls.
MAX_LENGTH = 1000
MAX_DEPTH = 32
#: Computed values, like number answers, lie within 10^15 either side of zero.
LIMIT = 1e15

_TOKEN = re.compile(
    r"\s*(?:(?P<number>\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|\.\d+)|(?P<name>[A-Za-z_][A-Za-z0-9_]*)"
    r"|(?P<symbol>[-+*/(),]))"
)


def _round(value: float, digits: float = 0) -> float:
    if digits != int(digits) or not 0 <= digits <= 12:
        raise _Undefined
    return float(round(value, int(digits)))


#: The functions a formula may call: (smallest, largest number of arguments, function).
FUNCTIONS: Mapping[str, tuple[int, int, Callable[..., float]]] = {
    "min": (1, 64, min),
    "max": (1, 64, max),
    "abs": (1, 1, abs),
    "round": (1, 2, _round),
}


class FormulaError(Exception):
    """A formula that cannot be read; ``offset`` is where in its text the problem is."""

    def __init__(self, message: str, offset: int, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.offset = offset
        self.hint = hint


class _Undefined(Exception):
    """This formula has no value for these answers (e.g. a division by zero)."""


@dataclass(frozen=True, slots=True)
class Number:
    value: float


@dataclass(frozen=True, slots=True)
class Name:
    id: str
    #: Where the name starts in the formula's text, to point diagnostics at it.
    offset: int


@dataclass(frozen=True, slots=True)
class Negate:
    operand: Expression


@dataclass(frozen=True, slots=True)
class Binary:
    operator: str
    left: Expression
    right: Expression
    #: Where the operator is, to point at a division by zero.
    offset: int


@dataclass(frozen=True, slots=True)
class Call:
    function: str
    arguments: tuple[Expression, ...]


Expression: TypeAlias = Number | Name | Negate | Binary | Call


@dataclass(frozen=True, slots=True)
class Formula:
    """A parsed formula: its text as written, its tree, and the names it uses."""

    text: str
    tree: Expression
    names: tuple[Name, ...]

    def evaluate(self, values: Mapping[str, float]) -> float | None:
        """The formula's value given a value for each name; None when it has none.

        Raises:
            KeyError: a name has no value (the caller passes every name's value).
        """
        try:
            result = _evaluate(self.tree, values)
        except (_Undefined, OverflowError, ZeroDivisionError):
            return None
        if not math.isfinite(result) or abs(result) > LIMIT:
            return None
        return result


def parse(text: str) -> Formula:
    """Parse a formula's text.

    Raises:
        FormulaError: the text is not a formula in Guide's grammar.
    """
    if len(text) > MAX_LENGTH:
        raise FormulaError(
            f"a formula is at most {MAX_LENGTH:,} characters; this one has {len(text):,}",
            MAX_LENGTH,
            "split it into several computed values that build on each other",
        )
    parser = _Parser(text, _tokenise(text))
    tree = parser.sum(depth=0)
    if parser.position < len(parser.tokens):
        _, value, offset = parser.tokens[parser.position]
        raise FormulaError(
            f"unexpected `{value}` after a complete formula",
            offset,
            "join the parts with an operator such as `+` or `*`",
        )
    return Formula(text, tree, tuple(parser.names))


def constant_zero(expression: Expression) -> bool:
    """Is this expression zero whatever the answers (e.g. ``0`` or ``2 - 2``)?"""
    if not _constant(expression):
        return False
    try:
        return _evaluate(expression, {}) == 0
    except (_Undefined, OverflowError, ZeroDivisionError):
        return False


def divisors(expression: Expression) -> list[Binary]:
    """Every division in the expression, outermost first."""
    found: list[Binary] = []
    stack = [expression]
    while stack:
        node = stack.pop()
        if isinstance(node, Binary):
            if node.operator == "/":
                found.append(node)
            stack += [node.right, node.left]
        elif isinstance(node, Negate):
            stack.append(node.operand)
        elif isinstance(node, Call):
            stack += reversed(node.arguments)
    return found


Token = tuple[str, str, int]


def _tokenise(text: str) -> list[Token]:
    tokens: list[Token] = []
    position = 0
    while position < len(text):
        match = _TOKEN.match(text, position)
        if match is None or match.lastgroup is None:
            rest = text[position:].lstrip()
            if not rest:
                break
            offset = len(text) - len(rest)
            raise FormulaError(
                f"`{rest[0]}` cannot be used in a formula",
                offset,
                "a formula uses numbers, ids of number questions and computed values, "
                "+ - * /, brackets, and min, max, abs, round",
            )
        tokens.append((match.lastgroup, match.group(match.lastgroup), match.start(match.lastgroup)))
        position = match.end()
    return tokens


class _Parser:
    def __init__(self, text: str, tokens: list[Token]) -> None:
        self.text = text
        self.tokens = tokens
        self.position = 0
        self.names: list[Name] = []

    def peek(self) -> Token | None:
        return self.tokens[self.position] if self.position < len(self.tokens) else None

    def take(self) -> Token:
        token = self.peek()
        if token is None:
            raise FormulaError(
                "the formula ends too early" if self.tokens else "the formula is empty",
                len(self.text),
                "finish it with a number or an id",
            )
        self.position += 1
        return token

    def check_depth(self, depth: int) -> None:
        if depth > MAX_DEPTH:
            token = self.peek()
            raise FormulaError(
                f"the formula is nested more than {MAX_DEPTH} levels deep",
                len(self.text) if token is None else token[2],
                "split it into several computed values",
            )

    def sum(self, depth: int) -> Expression:
        self.check_depth(depth)
        left = self.product(depth)
        while (token := self.peek()) is not None and token[1] in "+-" and token[0] == "symbol":
            self.position += 1
            left = Binary(token[1], left, self.product(depth), token[2])
        return left

    def product(self, depth: int) -> Expression:
        left = self.unary(depth)
        while (token := self.peek()) is not None and token[1] in "*/" and token[0] == "symbol":
            self.position += 1
            left = Binary(token[1], left, self.unary(depth), token[2])
        return left

    def unary(self, depth: int) -> Expression:
        token = self.peek()
        if token is not None and token[1] in ("-", "+") and token[0] == "symbol":
            self.position += 1
            self.check_depth(depth + 1)
            operand = self.unary(depth + 1)
            return Negate(operand) if token[1] == "-" else operand
        return self.atom(depth)

    def atom(self, depth: int) -> Expression:
        kind, value, offset = self.take()
        if kind == "number":
            number = float(value)
            if not math.isfinite(number) or number > LIMIT:
                raise FormulaError(
                    f"`{value}` is too large: numbers lie within 10^15 either side of zero",
                    offset,
                )
            return Number(number)
        if kind == "name":
            following = self.peek()
            if following is not None and following[1] == "(":
                return self.call(value, offset, depth)
            name = Name(value, offset)
            self.names.append(name)
            return name
        if value == "(":
            inner = self.sum(depth + 1)
            self.expect(")", offset)
            return inner
        raise FormulaError(
            f"expected a number, an id or `(`, found `{value}`",
            offset,
            "write an operator between two values, e.g. `a - b`",
        )

    def call(self, function: str, offset: int, depth: int) -> Expression:
        known = FUNCTIONS.get(function)
        if known is None:
            raise FormulaError(
                f"`{function}` is not a function a formula can call",
                offset,
                "the functions are min, max, abs and round",
            )
        self.position += 1  # the "("
        arguments = [self.sum(depth + 1)]
        while (token := self.peek()) is not None and token[1] == ",":
            self.position += 1
            arguments.append(self.sum(depth + 1))
        self.expect(")", offset)
        fewest, most, _ = known
        if not fewest <= len(arguments) <= most:
            wanted = "1 number" if most == 1 else f"{fewest} to {most} numbers"
            raise FormulaError(f"`{function}` takes {wanted}, found {len(arguments)}", offset)
        return Call(function, tuple(arguments))

    def expect(self, symbol: str, opened_at: int) -> None:
        token = self.peek()
        if token is None or token[1] != symbol:
            raise FormulaError(
                f"the bracket opened at character {opened_at + 1} is not closed",
                len(self.text) if token is None else token[2],
                f"add `{symbol}`",
            )
        self.position += 1


def _constant(expression: Expression) -> bool:
    if isinstance(expression, Number):
        return True
    if isinstance(expression, Name):
        return False
    if isinstance(expression, Negate):
        return _constant(expression.operand)
    if isinstance(expression, Binary):
        return _constant(expression.left) and _constant(expression.right)
    return all(_constant(argument) for argument in expression.arguments)


def _evaluate(expression: Expression, values: Mapping[str, float]) -> float:
    if isinstance(expression, Number):
        return expression.value
    if isinstance(expression, Name):
        return float(values[expression.id])
    if isinstance(expression, Negate):
        return -_evaluate(expression.operand, values)
    if isinstance(expression, Binary):
        left = _evaluate(expression.left, values)
        right = _evaluate(expression.right, values)
        if expression.operator == "+":
            return left + right
        if expression.operator == "-":
            return left - right
        if expression.operator == "*":
            return left * right
        if right == 0:
            raise _Undefined
        return left / right
    _, _, function = FUNCTIONS[expression.function]
    return float(function(*(_evaluate(argument, values) for argument in expression.arguments)))
