"""Reading YAML safely, with positions.

PyYAML's composer is recursive and keeps the last of two duplicate keys, so we
walk the parser's events with our own iterative composer instead. It builds
light nodes that remember where they were written, refuses what a rule base
must never contain (code tags, anchors, deep nesting) and resolves scalars with
YAML 1.1's safe implicit types (yes/no, numbers, null, dates).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import TypeAlias

import yaml
from yaml.constructor import SafeConstructor
from yaml.resolver import Resolver

from engine._escapes import bad_escape
from engine._syntax import syntax_error
from engine.errors import Diagnostic, Severity, Span

ScalarValue: TypeAlias = bool | int | float | str | dt.date | dt.datetime | None

MAX_DEPTH = 64
# Nobody writes a 200-character number; skipping resolution keeps huge or
# base-60 "numbers" from costing quadratic time.
_MAX_RESOLVED_LENGTH = 200
_CORE = "tag:yaml.org,2002:"
_SCALAR_TAGS = frozenset(
    f"{_CORE}{t}" for t in ("str", "int", "float", "bool", "null", "timestamp")
)
_MAP_TAGS = frozenset({f"{_CORE}map"})
_SEQ_TAGS = frozenset({f"{_CORE}seq"})
# Characters YAML refuses (same set as PyYAML's reader), checked up front so
# both parsers agree and the position is ours.
_NON_PRINTABLE = re.compile(
    "[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"
)

_SURROGATE = re.compile("[\ud800-\udfff]")

_Parser = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_RESOLVER = Resolver()
_CONSTRUCTOR = SafeConstructor()
_CONSTRUCT: dict[str, Callable[[yaml.ScalarNode], object]] = {
    f"{_CORE}bool": _CONSTRUCTOR.construct_yaml_bool,
    f"{_CORE}int": _CONSTRUCTOR.construct_yaml_int,
    f"{_CORE}float": _CONSTRUCTOR.construct_yaml_float,
    f"{_CORE}null": _CONSTRUCTOR.construct_yaml_null,
    f"{_CORE}timestamp": _CONSTRUCTOR.construct_yaml_timestamp,
}


@dataclass(frozen=True, slots=True)
class Scalar:
    """A single value; ``source`` is the text as written (for hints such as quoting)."""

    value: ScalarValue
    source: str
    span: Span
    #: How many characters the value takes in the file (quotes included), when it is
    #: written on one line; None for a value over several lines.
    width: int | None = None


@dataclass(frozen=True, slots=True)
class Sequence:
    items: tuple[Node, ...]
    span: Span


@dataclass(frozen=True, slots=True)
class Mapping:
    """A section: keys are text scalars, in file order, without duplicates."""

    entries: tuple[tuple[Scalar, Node], ...]
    span: Span

    # Plain loops: shaping asks for each key of every section (hundreds of thousands of calls).
    def get(self, key: str) -> Node | None:
        for k, v in self.entries:
            if k.value == key:
                return v
        return None

    def key(self, key: str) -> Scalar | None:
        for k, _ in self.entries:
            if k.value == key:
                return k
        return None


Node: TypeAlias = Scalar | Sequence | Mapping

# Codes after which the nodes are not worth shaping (their content is incomplete).
STOP_CODES = frozenset({"G001", "G002", "G003", "G004", "G005", "G006", "G007", "G008", "G011"})


def position(text: str, index: int) -> tuple[int, int]:
    """1-based line and column of ``text[index]``, counting lines as ``str.splitlines`` does."""
    lines = text[:index].splitlines(keepends=True)
    if not lines:
        return 1, 1
    last = lines[-1]
    if last.splitlines()[0] != last:  # the prefix ends with a line break
        return len(lines) + 1, 1
    return len(lines), len(last) + 1


def check_characters(path: str, text: str) -> Diagnostic | None:
    """G003 for the first character YAML cannot read (NUL, control, lone surrogate)."""
    bad = _NON_PRINTABLE.search(text)
    if bad is None:
        return None
    line, column = position(text, bad.start())
    char = bad.group()
    what = "a NUL byte" if char == "\0" else f"the control character U+{ord(char):04X}"
    return Diagnostic(
        Span(path, line, column),
        Severity.ERROR,
        "G003",
        f"the file contains {what}; a rule base must be plain UTF-8 text",
        "save the file as plain UTF-8 text (it may be a binary file or damaged)",
    )


def read(path: str, text: str) -> tuple[Node | None, list[Diagnostic]]:
    """Parse ``text`` into nodes; return the root (None if empty) and every problem found."""
    composer = _compose(path, text, _Parser)
    if composer.parser_too_deep is not None and _Parser is not yaml.SafeLoader:
        # libyaml looks ahead for keys, so it can refuse its own (deeper) nesting limit
        # before our composer has seen the container that crossed ours. The pure-Python
        # parser has no such limit and streams events, so it finds where ours is crossed.
        composer = _compose(path, text, yaml.SafeLoader)
    if composer.parser_too_deep is not None:  # only if both parsers refuse first
        composer.too_deep(composer.parser_too_deep)
    root = composer.root
    if isinstance(root, Scalar) and root.value is None and not root.source:
        composer.root = None  # a document with nothing in it, e.g. a lone `---`
    if composer.root is None and not composer.diagnostics:
        composer.error(
            Span(path, 1, 1),
            "G004",
            "the file is empty (only spaces or comments)",
            "start from the example at the top of docs/rulebase-format.md",
        )
    return composer.root, composer.diagnostics


def _compose(path: str, text: str, parser: type[yaml.SafeLoader]) -> _Composer:
    composer = _Composer(path, text)
    loader = parser(text)
    try:
        # yaml.parse() without its generator: the events straight from the parser.
        composer.run(iter(loader.get_event, None))
    except _Stop:
        pass
    except yaml.MarkedYAMLError as exc:
        if "nesting depth" in (exc.problem or "") and exc.problem_mark is not None:
            mark = exc.problem_mark
            composer.parser_too_deep = Span(path, mark.line + 1, mark.column + 1)
        else:
            composer.diagnostics.append(syntax_error(path, text, exc))
    except yaml.YAMLError as exc:  # e.g. a reader error without a position
        composer.error(Span(path, 1, 1), "G005", f"the YAML cannot be read: {exc}")
    finally:
        loader.dispose()
    return composer


_UNRESOLVED = object()


def _ignore(event: yaml.Event) -> None:
    """Stream and document ends, stream start: nothing to compose."""


class _Stop(Exception):
    """Raised inside the composer when reading further makes no sense."""


@dataclass(slots=True)
class _Open:
    """A collection being composed."""

    span: Span
    is_mapping: bool
    items: list[Node] = field(default_factory=list)
    entries: list[tuple[Scalar, Node]] = field(default_factory=list)
    first_seen: dict[str, Span] = field(default_factory=dict)
    key: Scalar | None = None
    key_ok: bool = False
    expecting_key: bool = True


class _Composer:
    def __init__(self, path: str, text: str = "") -> None:
        self.path = path
        self.text = text
        self.diagnostics: list[Diagnostic] = []
        self.root: Node | None = None
        self.documents = 0
        self.stack: list[_Open] = []
        # Where the parser itself refused to nest deeper, if it did.
        self.parser_too_deep: Span | None = None
        #: Plain scalars' values by their text (see :meth:`scalar`).
        self.resolved: dict[str, ScalarValue] = {}

    def error(self, span: Span, code: str, message: str, hint: str | None = None) -> None:
        self.diagnostics.append(Diagnostic(span, Severity.ERROR, code, message, hint))

    def span(self, event: yaml.Event) -> Span:
        mark = event.start_mark
        if mark is None:  # events from a parser always carry marks; be safe anyway
            return Span(self.path, 1, 1)
        return Span(self.path, mark.line + 1, mark.column + 1)

    def run(self, events: Iterator[yaml.Event]) -> None:
        # One dictionary look-up per event instead of a chain of isinstance tests: a
        # 10,000-rule file is hundreds of thousands of events.
        handlers: dict[type, Callable[[yaml.Event], None]] = {}
        for event in events:
            kind = type(event)
            handler = handlers.get(kind)
            if handler is None:
                handler = handlers[kind] = self.handler(event)
            handler(event)

    def handler(self, event: yaml.Event) -> Callable[[yaml.Event], None]:
        """What to do with events of this one's class."""
        if isinstance(event, yaml.DocumentStartEvent):
            return self.start_document
        if isinstance(event, yaml.AliasEvent):
            return self.alias  # type: ignore[return-value]
        if isinstance(event, yaml.ScalarEvent):
            return self.attach_scalar  # type: ignore[return-value]
        if isinstance(event, yaml.CollectionStartEvent):
            return self.open  # type: ignore[return-value]
        if isinstance(event, yaml.CollectionEndEvent):
            return self.close_event
        return _ignore

    def attach_scalar(self, event: yaml.ScalarEvent) -> None:
        self.attach(self.scalar(event))

    def close_event(self, event: yaml.Event) -> None:
        self.close()

    def start_document(self, event: yaml.Event) -> None:
        self.documents += 1
        if self.documents > 1:
            self.error(
                self.span(event),
                "G011",
                "a second YAML document starts here; a rule base is one document",
                "remove the `---` line, or split the rule bases into separate files",
            )
            raise _Stop

    def alias(self, event: yaml.AliasEvent) -> None:
        self.refuse_anchor(event, f"*{event.anchor}")
        self.attach(Scalar(None, "", self.span(event)))

    def refuse_anchor(self, event: yaml.Event, written: str) -> None:
        self.error(
            self.span(event),
            "G007",
            f"anchors and aliases are not supported in rule bases (found `{written}`)",
            "write the repeated part out in full where it is needed",
        )

    def check_anchor(self, event: yaml.NodeEvent) -> None:
        if event.anchor is not None:
            self.refuse_anchor(event, f"&{event.anchor}")

    def check_tag(self, tag: str | None, allowed: frozenset[str], span: Span) -> None:
        if tag is None or tag == "!" or tag in allowed:
            return
        shown = tag.replace(_CORE, "!!")
        self.error(
            span,
            "G006",
            f"the tag `{shown}` is not allowed; a rule base is data, never code",
            f"remove `{shown}` and write the value itself",
        )

    def scalar(self, event: yaml.ScalarEvent) -> Scalar:
        # The hottest code of a load (one call per value): checks are inlined.
        if event.anchor is not None:
            self.refuse_anchor(event, f"&{event.anchor}")
        start, end = event.start_mark, event.end_mark
        if start is None:  # as in span(): events from a parser always carry marks
            span, width = Span(self.path, 1, 1), None
        else:
            span = Span(self.path, start.line + 1, start.column + 1)
            width = (
                end.column - start.column if end is not None and start.line == end.line else None
            )
        if event.style == '"' and _SURROGATE.search(event.value):
            # PyYAML's own parser keeps `\ud83d` as half a character; libyaml refuses it
            bad = bad_escape(self.text.splitlines(), span.line, span.column)
            assert bad is not None  # raw surrogates are refused up front (G003): it is an escape
            self.diagnostics.append(bad.diagnostic(self.path))
            raise _Stop
        tag = event.tag
        if tag is not None:
            self.check_tag(tag, _SCALAR_TAGS, span)
        text = event.value
        plain = event.implicit[0] and tag in (None, "!") and event.style in (None, "")
        if plain and len(text) <= _MAX_RESOLVED_LENGTH:
            # A plain scalar's value depends on its text alone, and keys and values
            # repeat (`question`, `is`, `yes`): each text is resolved once per file.
            resolved = self.resolved.get(text, _UNRESOLVED)
            if resolved is _UNRESOLVED:
                resolved = self.resolved[text] = self.resolve_plain(text, span)
            return Scalar(resolved, text, span, width)  # type: ignore[arg-type]
        value: ScalarValue = text
        if tag in _CONSTRUCT:
            value = self.construct(tag, text, span, explicit=not plain)
        return Scalar(value, text, span, width)

    def resolve_plain(self, text: str, span: Span) -> ScalarValue:
        """The value of a plain scalar: YAML 1.1's implicit types, else the text."""
        tag = _RESOLVER.resolve(yaml.ScalarNode, text, (True, False))  # type: ignore[no-untyped-call]
        if tag in _CONSTRUCT:
            return self.construct(tag, text, span, explicit=False)
        return text

    def construct(self, tag: str, text: str, span: Span, *, explicit: bool) -> ScalarValue:
        try:
            value = _CONSTRUCT[tag](yaml.ScalarNode(tag, text))
        # PyYAML's constructors assume text their resolver matched; on any other text an
        # explicit tag brings them raise what their parsing meets (IndexError on
        # `!!int ""`, AttributeError on `!!timestamp ""`). Any failure means "not a ...".
        except Exception:
            if explicit:
                shown = tag.replace(_CORE, "!!")
                self.error(span, "G006", f"`{text}` cannot be read as `{shown}`", "remove the tag")
            return text  # e.g. 2027-13-45 looks like a date but is not one: keep the text
        assert isinstance(value, (bool, int, float, dt.date, type(None)))
        return value

    def open(self, event: yaml.CollectionStartEvent) -> None:
        self.check_anchor(event)
        span = self.span(event)
        is_mapping = isinstance(event, yaml.MappingStartEvent)
        if event.tag is not None:
            self.check_tag(event.tag, _MAP_TAGS if is_mapping else _SEQ_TAGS, span)
        if len(self.stack) >= MAX_DEPTH:
            self.too_deep(span)
            raise _Stop
        self.stack.append(_Open(span, is_mapping))

    def too_deep(self, span: Span) -> None:
        self.error(
            span,
            "G008",
            f"the rule base is nested more than {MAX_DEPTH} levels deep here",
            "flatten the structure: no rule base needs this much nesting",
        )

    def close(self) -> None:
        done = self.stack.pop()
        node: Node
        if done.is_mapping:
            node = Mapping(tuple(done.entries), done.span)
        else:
            node = Sequence(tuple(done.items), done.span)
        self.attach(node)

    def attach(self, node: Node) -> None:
        if not self.stack:
            self.root = node
            return
        top = self.stack[-1]
        if not top.is_mapping:
            top.items.append(node)
        elif top.expecting_key:
            top.key, top.key_ok = self.check_key(top, node)
            top.expecting_key = False
        else:
            if top.key is not None and top.key_ok:
                top.entries.append((top.key, node))
            top.expecting_key = True

    def check_key(self, top: _Open, node: Node) -> tuple[Scalar | None, bool]:
        """A key must be text and appear once; the first occurrence wins."""
        if not isinstance(node, Scalar) or not isinstance(node.value, str):
            self.bad_key(node)
            return None, False
        first = top.first_seen.get(node.value)
        if first is not None:
            self.error(
                node.span,
                "G009",
                f"the key `{node.value}` appears twice in this section",
                f"the first `{node.value}` is on line {first.line}; remove one of them",
            )
            return node, False
        top.first_seen[node.value] = node.span
        return node, True

    def bad_key(self, node: Node) -> None:
        if isinstance(node, Scalar):
            found = describe(node)
            hint = f'put the key in quotes: `"{node.source}":`'
        else:
            found = describe(node)
            hint = "a key is a single name such as `title`; write the list or section as its value"
        self.error(node.span, "G010", f"a key must be text, found {found}", hint)


def describe(node: Node) -> str:
    """What a node is, in the author's words."""
    if isinstance(node, Mapping):
        return "a section"
    if isinstance(node, Sequence):
        return "a list"
    value = node.value
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"a yes/no value `{node.source}`"
    if isinstance(value, (int, float)):
        return f"a number `{node.source}`"
    if isinstance(value, dt.datetime):
        return f"a date and time `{node.source}`"
    if isinstance(value, dt.date):
        return f"a date `{node.source}`"
    return "text"
