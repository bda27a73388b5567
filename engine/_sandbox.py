"""Jinja2's sandbox, bounded in memory and time.

The sandbox stops templates from running code; this module stops them from
taking a server down. Every way a template can build a value (operators,
joins, filters, string methods, loops, macros, output) is checked against a
limit *before* the value is built, and every step of work counts against a
per-render budget of loop iterations, characters written and time. A template
past a limit raises :class:`LimitError`, which says which limit it passed.
"""

from __future__ import annotations

import contextlib
import contextvars
import operator
import re
import string
import time
from collections.abc import Callable, Iterable, Iterator
from typing import Any, TypeVar

import jinja2
from jinja2 import filters as jinja_filters
from jinja2 import nodes
from jinja2.compiler import CodeGenerator, Frame
from jinja2.sandbox import ImmutableSandboxedEnvironment

#: Largest text or list one operation (``*``, ``+``, ``~``, a filter, a call) may build
#: or take, counted in characters and items (an article may be 1 MiB of text).
MAX_BUILT_SIZE = 1024 * 1024
#: Largest width, indent or precision a filter, method or format may ask for.
MAX_WIDTH = 1_000
#: Largest integer a template may compute, in bits (about 1,200 digits).
MAX_INT_BITS = 4_096
#: Most items one ``range()`` may give.
MAX_RANGE = 10_000
#: Most loop iterations and macro calls in one render, all loops together.
MAX_STEPS = 100_000
#: Most characters one render may write (the output, captured blocks, macro results).
MAX_OUTPUT = 2 * 1024 * 1024
#: Longest one render may take, in seconds.
MAX_SECONDS = 2.0

_SIZED = (str, list, tuple)
#: The nodes whose body repeats: loops, macros and call blocks.
_Looping = TypeVar("_Looping", nodes.For, nodes.Macro, nodes.CallBlock)
_TICK = "guide_tick"
# printf-style conversions: flags, then width and precision (a number or `*`).
_PRINTF = re.compile(r"%(?:\([^)]*\))?[#0 +\-]*(\*|\d+)?(?:\.(\*|\d+))?")
_NUMBER = re.compile(r"\d+")


class LimitError(Exception):
    """A template passed one of this module's limits; the message names it."""


class _Budget:
    """What one render has spent so far."""

    def __init__(self) -> None:
        self.steps = 0
        self.written = 0
        self.deadline = time.monotonic() + MAX_SECONDS

    def tick(self, steps: int = 0, written: int = 0) -> None:
        self.steps += steps
        self.written += written
        if self.steps > MAX_STEPS:
            raise LimitError(f"loops and macro calls repeat more than {MAX_STEPS:,} times")
        if self.written > MAX_OUTPUT:
            raise LimitError(f"it writes more than {MAX_OUTPUT:,} characters")
        if time.monotonic() > self.deadline:
            raise LimitError(f"it takes longer than {MAX_SECONDS:g} seconds")


_budget: contextvars.ContextVar[_Budget | None] = contextvars.ContextVar(
    "guide_render_budget", default=None
)


@contextlib.contextmanager
def budget() -> Iterator[None]:
    """Give the renders inside the block a fresh budget."""
    token = _budget.set(_Budget())
    try:
        yield
    finally:
        _budget.reset(token)


def _tick(steps: int = 0, written: int = 0) -> None:
    spent = _budget.get()
    if spent is not None:
        spent.tick(steps, written)


def _check_size(size: int, what: str) -> None:
    if size > MAX_BUILT_SIZE:
        raise LimitError(f"{what} would be longer than {MAX_BUILT_SIZE:,} characters or items")


def _weight(value: object) -> int:
    """How much text ``value`` becomes when written: characters and items, nested
    lists included (a short list can hold the same long text many times). Counting
    stops past the limit, so this is quick whatever the value."""
    if isinstance(value, str):
        return len(value)
    total, pending = 0, [value]
    while pending and total <= MAX_BUILT_SIZE:
        item = pending.pop()
        if isinstance(item, str):
            total += len(item)
        elif isinstance(item, list | tuple | set | frozenset):
            total += len(item)
            pending.extend(item)
        elif isinstance(item, dict):
            total += len(item)
            pending.extend(item.keys())
            pending.extend(item.values())
        else:
            total += 1 + _int_bits(item) // 3
    return total


def _check_weight(values: Iterable[object], what: str) -> None:
    _check_size(sum(_weight(value) for value in values), what)


def _check_width(width: object, what: str) -> None:
    if isinstance(width, int) and width > MAX_WIDTH:
        raise LimitError(f"{what} asks for a width of {width:,}; at most {MAX_WIDTH:,} is allowed")


def _check_bits(bits: int) -> None:
    if bits > MAX_INT_BITS:
        raise LimitError(f"a number would have more than {MAX_INT_BITS:,} bits")


def _check_printf(template: str) -> None:
    for match in _PRINTF.finditer(template):
        for field in match.groups():
            if field == "*":
                raise LimitError(
                    "a `%` format takes its width from a value (`*`), which is refused"
                )
            if field is not None:
                _check_width(int(field), "a `%` format")


def _check_format_spec(template: str) -> None:
    try:
        fields = list(string.Formatter().parse(template))
    except ValueError:
        return  # str.format raises its own error for it
    for _, _, spec, _ in fields:
        if spec and "{" in spec:
            raise LimitError("a `.format()` width taken from a value is refused")
        for number in _NUMBER.findall(spec or ""):
            _check_width(int(number), "a `.format()` field")


def _int_bits(value: object) -> int:
    return abs(value).bit_length() if isinstance(value, int) and not isinstance(value, bool) else 0


def _binop(name: str, left: Any, right: Any) -> Any:
    """``left <name> right``, refused if the result would pass a limit."""
    if name == "**":
        if _int_bits(left) and isinstance(right, int) and right > 0:
            _check_bits(_int_bits(left) * right)
        return operator.pow(left, right)
    if name == "*":
        if isinstance(left, _SIZED) or isinstance(right, _SIZED):
            sized, count = (left, right) if isinstance(left, _SIZED) else (right, left)
            if isinstance(count, int):
                _check_size(len(sized) * count, "a repeated text or list")
        else:
            _check_bits(_int_bits(left) + _int_bits(right))
        return operator.mul(left, right)
    if name == "+":
        if isinstance(left, _SIZED) and isinstance(right, _SIZED):
            _check_size(len(left) + len(right), "a joined text or list")
        return operator.add(left, right)
    if isinstance(left, str):  # "%": printf-style formatting
        _check_printf(left)
        _check_weight((left, right), "a `%` format")
    return operator.mod(left, right)


def _concat(parts: tuple[Any, ...]) -> str:
    """The ``~`` operator: like Jinja's own, with the result's length checked first."""
    _check_weight(parts, "a text joined with `~`")
    return "".join(str(part) for part in parts)


# --- string methods and filters that can build large values ------------------------


def _estimate_method(method: Any, args: tuple[Any, ...]) -> None:
    owner = getattr(method, "__self__", None)
    if not isinstance(owner, str) or not args:
        return
    name = getattr(method, "__name__", "")
    if name in {"center", "ljust", "rjust", "zfill"}:
        _check_width(args[0], f"`.{name}()`")
    elif name == "expandtabs" and isinstance(args[0], int):
        _check_width(args[0], "`.expandtabs()`")
    elif name == "replace" and len(args) >= 2 and isinstance(args[1], str):
        _check_size(_replaced_size(owner, args[0], args[1]), "`.replace()`")
    elif name == "join" and isinstance(args[0], _SIZED):
        _check_size(len(owner) * len(args[0]) + _weight(args[0]), "`.join()`")


def _replaced_size(text: str, old: object, new: str) -> int:
    if not isinstance(old, str):
        return len(text)
    found = text.count(old) if old else len(text) + 1
    return len(text) + found * max(len(new) - len(old), 0)


def _bounded_filters(filters: dict[str, Callable[..., Any]]) -> dict[str, Callable[..., Any]]:
    """Jinja's filters, each checked before (for the ones that grow) and after it runs."""
    center, indent, wordwrap = filters["center"], filters["indent"], filters["wordwrap"]
    fmt, replace, batch, tojson = (
        filters["format"],
        filters["replace"],
        filters["batch"],
        filters["tojson"],
    )
    # The synchronous forms: the registered ones also serve async templates and
    # take an extra first argument.
    join, slice_ = jinja_filters.sync_do_join, jinja_filters.sync_do_slice

    def do_center(value: Any, width: int = 80) -> Any:
        _check_width(width, "`center`")
        return center(value, width)

    def do_indent(
        value: Any, width: int | str = 4, first: bool = False, blank: bool = False
    ) -> Any:
        size = len(width) if isinstance(width, str) else width
        _check_width(size, "`indent`")
        if isinstance(size, int):
            _check_size(len(str(value)) * (size + 1), "`indent`")
        return indent(value, width, first, blank)

    def do_wordwrap(environment: jinja2.Environment, value: str, *args: Any, **kwargs: Any) -> Any:
        # wordwrap(width=79, break_long_words=True, wrapstring=None, break_on_hyphens=True)
        width = args[0] if args else kwargs.get("width", 79)
        wrapstring = args[2] if len(args) > 2 else kwargs.get("wrapstring")
        text = str(value)
        breaks = len(text) if isinstance(width, int) and width < 2 else len(text) // 2
        _check_size(len(text) + breaks * len(str(wrapstring or "\n")), "`wordwrap`")
        return wordwrap(environment, value, *args, **kwargs)

    def do_format(value: Any, *args: Any, **kwargs: Any) -> Any:
        _check_printf(str(value))
        return fmt(value, *args, **kwargs)

    def do_join(eval_ctx: Any, value: Any, d: str = "", attribute: str | int | None = None) -> Any:
        items = list(value)
        _check_size(len(str(d)) * len(items) + _weight(items), "`join`")
        return join(eval_ctx, items, d, attribute)

    def do_replace(eval_ctx: Any, value: Any, old: Any, new: Any, count: int | None = None) -> Any:
        _check_size(_replaced_size(str(value), str(old), str(new)), "`replace`")
        return replace(eval_ctx, value, old, new, count)

    def do_batch(value: Any, linecount: int, fill_with: Any = None) -> Any:
        _check_size(linecount, "`batch`")
        return batch(value, linecount, fill_with)

    def do_slice(value: Any, slices: int, fill_with: Any = None) -> Any:
        _check_size(slices, "`slice`")
        return slice_(value, slices, fill_with)

    def do_tojson(eval_ctx: Any, value: Any, indent: int | None = None) -> Any:
        _check_width(indent, "`tojson`")
        return tojson(eval_ctx, value, indent)

    # Each bounded filter with the one it calls, whose flags tell Jinja to pass the
    # environment or the evaluation context first (pass_environment ...).
    replaced: dict[str, tuple[Callable[..., Any], Callable[..., Any]]] = {
        "center": (do_center, center),
        "indent": (do_indent, indent),
        "wordwrap": (do_wordwrap, wordwrap),
        "format": (do_format, fmt),
        "join": (do_join, join),
        "replace": (do_replace, replace),
        "batch": (do_batch, batch),
        "slice": (do_slice, slice_),
        "tojson": (do_tojson, tojson),
    }
    for bounded, underlying in replaced.values():
        passes = getattr(underlying, "jinja_pass_arg", None)
        if passes is not None:
            bounded.jinja_pass_arg = passes  # type: ignore[attr-defined]
    bounded_by_name = {name: pair[0] for name, pair in replaced.items()}
    return {
        name: _checked_result(name, bounded_by_name.get(name, f)) for name, f in filters.items()
    }


def _checked_result(name: str, function: Callable[..., Any]) -> Callable[..., Any]:
    def checked(*args: Any, **kwargs: Any) -> Any:
        _tick()
        _check_weight((*args, *kwargs.values()), f"the value given to `{name}`")
        result = function(*args, **kwargs)
        _check_weight((result,), f"the result of `{name}`")
        return result

    passes = getattr(function, "jinja_pass_arg", None)
    if passes is not None:
        checked.jinja_pass_arg = passes  # type: ignore[attr-defined]
    return checked


def _bounded_range(*args: int) -> range:
    numbers = range(*args)
    if len(numbers) > MAX_RANGE:
        raise LimitError(f"`range()` would give {len(numbers):,} numbers; at most {MAX_RANGE:,}")
    return numbers


# --- loops and macros count against the budget ------------------------------------------


def _literal_size(node: nodes.Node) -> int:
    """Characters of plain text a loop body or macro writes each time it runs."""
    return sum(len(data.data) for data in node.find_all(nodes.TemplateData))


def _with_counted_body(node: _Looping) -> _Looping:
    """A copy of a loop, macro or call block whose body counts each pass first."""
    values = [
        _counted(node.body, node.lineno) if name == "body" else getattr(node, name)
        for name in node.fields
    ]
    return type(node)(*values, lineno=node.lineno)


def _counted(body: list[nodes.Node], lineno: int) -> list[nodes.Node]:
    """``body``, first spending one step and the body's own text each time it runs."""
    written = sum(_literal_size(n) for n in body)
    tick = nodes.Call(
        nodes.EnvironmentAttribute(_TICK), [nodes.Const(1), nodes.Const(written)], [], None, None
    )
    return [nodes.ExprStmt(tick, lineno=lineno), *body]


class _CountingCodeGenerator(CodeGenerator):
    def visit_Call(self, node: nodes.Call, frame: Frame, forward_caller: bool = False) -> None:
        # Our own tick is called directly, not through the sandbox's call(): it runs at
        # every iteration. Templates cannot write an EnvironmentAttribute themselves.
        callee = node.node
        if isinstance(callee, nodes.EnvironmentAttribute) and callee.name == _TICK:
            steps, written = (arg.as_const() for arg in node.args)
            self.write(f"environment.{_TICK}({steps}, {written})")
            return
        super().visit_Call(node, frame, forward_caller=forward_caller)

    def visit_For(self, node: nodes.For, frame: Frame) -> None:
        super().visit_For(_with_counted_body(node), frame)

    def visit_Macro(self, node: nodes.Macro, frame: Frame) -> None:
        super().visit_Macro(_with_counted_body(node), frame)

    def visit_CallBlock(self, node: nodes.CallBlock, frame: Frame) -> None:
        super().visit_CallBlock(_with_counted_body(node), frame)

    def visit_Concat(self, node: nodes.Concat, frame: Frame) -> None:
        self.write("environment.guide_concat((")
        for arg in node.nodes:
            self.visit(arg, frame)
            self.write(", ")
        self.write("))")


def _counted_output(value: Any) -> Any:
    """Every ``{{ value }}`` written counts against the render's output budget."""
    weight = _weight(value)
    _check_size(weight, "a value written with `{{ }}`")
    _tick(written=weight)
    return value


class BoundedSandbox(ImmutableSandboxedEnvironment):
    """The sandbox Guide renders SME templates in (see the module's docstring)."""

    code_generator_class = _CountingCodeGenerator
    intercepted_binops = frozenset({"*", "**", "+", "%"})

    def __init__(self, **options: Any) -> None:
        super().__init__(finalize=_counted_output, **options)
        self.filters = _bounded_filters(dict(self.filters))
        self.globals["range"] = _bounded_range
        del self.globals["lipsum"]  # builds text of any size; SME templates do not need it

    def guide_tick(self, steps: int, written: int) -> str:
        _tick(steps, written)
        return ""

    def guide_concat(self, parts: tuple[Any, ...]) -> str:
        _tick()
        return _concat(parts)

    def call_binop(self, context: Any, operator_name: str, left: Any, right: Any) -> Any:
        _tick()
        return _binop(operator_name, left, right)

    def wrap_str_format(self, value: Any) -> Callable[..., str] | None:
        wrapped = super().wrap_str_format(value)
        if wrapped is not None:
            _check_format_spec(value.__self__)
        return wrapped

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        _tick()
        given = [v for k, v in kwargs.items() if k not in {"_loop_vars", "_block_vars"}]
        _check_weight((*args, *given), "the values given to a call")
        _estimate_method(__obj, args)
        result = super().call(__context, __obj, *args, **kwargs)
        _check_weight((result,), "the result of a call")
        return result
