"""A rule base as a graph, for review and documentation: ``guide graph``.

Questions, derived facts and solutions are the nodes; every rule draws edges
from what it tests to what it concludes, suggests or rules out, labelled with
the rule's id. Follow-up questions hang off the questions (or facts, or
solutions) their ``ask_when`` tests. Two renderings, both deterministic (nodes
and edges sorted, node ids stable), with labels escaped for their format:

* Mermaid (:func:`to_mermaid`), which GitHub and many wikis draw from a
  fenced ``mermaid`` block;
* Graphviz DOT (:func:`to_dot`), for ``dot -Tsvg``.

Edge styles: a test that holds -> a conclusion or suggestion is a plain arrow;
an edge into a ``rule_out`` is dotted (DOT: dashed, ending in a bar); a test
under ``not`` ends in a circle (DOT: dotted) and its label starts with "not ";
a follow-up is a thick arrow labelled "follow-up". Several rules between the
same two nodes share one arrow, labelled with their ids.

What is drawn is chosen by :class:`GraphOptions`: nodes labelled with question
texts, fact descriptions and solution titles (shortened) or with ids; only
what leads to or from one solution or question; each derived fact boxed with
the questions that establish only it; arrows with or without rule ids.
"""

from __future__ import annotations

import re
import textwrap
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, replace
from enum import Enum

from engine._fields import did_you_mean
from engine.errors import GuideError
from engine.model import (
    AllOf,
    AnyOf,
    Atom,
    Conclude,
    Condition,
    FactTest,
    Not,
    NothingTest,
    QuestionTest,
    QuestionType,
    Rulebase,
    RuleOut,
    SolutionTest,
    Suggest,
)

__all__ = [
    "EdgeKind",
    "GraphError",
    "GraphOptions",
    "dot_text",
    "mermaid_text",
    "short_label",
    "to_dot",
    "to_mermaid",
]

FOLLOW_UP = "follow-up"
#: Node labels longer than this are cut at a word, with an ellipsis.
LABEL_LIMIT = 60
#: Rule ids shown on one arrow before "+N".
_SHOWN_RULES = 2


class GraphError(GuideError):
    """The node to focus on is not in the rule base."""


@dataclass(frozen=True, slots=True)
class GraphOptions:
    """What a drawing shows; the defaults are the readable whole."""

    #: Label nodes with question texts, fact descriptions and solution titles (else ids).
    words: bool = True
    #: Label arrows with the ids of their rules.
    edge_labels: bool = True
    #: Box each derived fact with the questions that establish only it.
    clusters: bool = True
    #: Draw only what leads to or from this solution.
    focus: str | None = None
    #: Draw only what leads to or from this question.
    question: str | None = None


class EdgeKind(Enum):
    """What an edge means, which decides how it is drawn."""

    LEADS_TO = "leads_to"  # concludes a fact or suggests a solution
    RULES_OUT = "rules_out"
    FOLLOW_UP = "follow_up"


@dataclass(frozen=True, slots=True, order=True)
class _Edge:
    source: str
    target: str
    label: str
    kind: EdgeKind
    negated: bool

    @property
    def text(self) -> str:
        if self.negated:
            return f"not {self.label}" if self.label else "not"
        return self.label


@dataclass(frozen=True, slots=True)
class _Node:
    id: str
    label: str
    kind: str  # "question", "fact" or "solution"
    question_type: QuestionType | None = None
    #: The id of the fact whose box this node is drawn in, if any.
    cluster: str | None = None


@dataclass(frozen=True, slots=True)
class _Graph:
    """What one drawing shows, already chosen and labelled."""

    nodes: list[_Node]
    edges: list[_Edge]
    #: Box id -> its label, in drawing order.
    clusters: dict[str, str]


_TEMPLATE = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.DOTALL)


def short_label(text: str, limit: int = LABEL_LIMIT) -> str:
    """``text`` on one line, templates shown as "…", cut at a word after ``limit`` characters."""
    flat = " ".join(_TEMPLATE.sub("…", text).split())
    if len(flat) <= limit:
        return flat
    cut = flat[: limit - 1]
    space = cut.rfind(" ")
    if space > limit // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:-(") + "…"


def _node_id(kind: str, item_id: str) -> str:
    # Prefixed, so that a fact and a question may share an id, and no node is
    # called `end` (a word Mermaid reserves).
    return f"{kind[0]}_{item_id}"


def _nodes(rulebase: Rulebase, words: bool) -> list[_Node]:
    def label(item_id: str, text: str) -> str:
        return short_label(text) if words and text.strip() else item_id

    return [
        *(
            _Node(_node_id("question", q.id), label(q.id, q.text), "question", q.type)
            for q in sorted(rulebase.questions, key=lambda q: q.id)
        ),
        *(
            _Node(_node_id("fact", f.id), label(f.id, f.description), "fact")
            for f in sorted(rulebase.facts, key=lambda f: f.id)
        ),
        *(
            _Node(_node_id("solution", s.id), label(s.id, s.title), "solution")
            for s in sorted(rulebase.solutions, key=lambda s: s.id)
        ),
    ]


def _tested(condition: Condition, negated: bool = False) -> list[tuple[Atom, bool]]:
    """Every test in a condition, with whether it sits under an odd number of `not`s."""
    if isinstance(condition, AllOf | AnyOf):
        return [pair for child in condition.conditions for pair in _tested(child, negated)]
    if isinstance(condition, Not):
        return _tested(condition.condition, not negated)
    return [(condition, negated)]


def _sources(atom: Atom, rulebase: Rulebase) -> list[str]:
    """The nodes a test reads: a computed value reads the questions its formula uses;
    ``nothing:`` reads every solution at once, which no single edge can show."""
    if isinstance(atom, QuestionTest):
        return [_node_id("question", atom.question)]
    if isinstance(atom, FactTest):
        return [_node_id("fact", atom.fact)]
    if isinstance(atom, SolutionTest):
        return [_node_id("solution", atom.solution)]
    if isinstance(atom, NothingTest):
        return []
    found: list[str] = []
    pending = [atom.computed]
    seen: set[str] = set()
    while pending:
        computed = rulebase.computed_by_id.get(pending.pop())
        for name in () if computed is None else computed.formula.names:
            if name.id in rulebase.computed_by_id:
                if name.id not in seen:
                    seen.add(name.id)
                    pending.append(name.id)
            elif _node_id("question", name.id) not in found:
                found.append(_node_id("question", name.id))
    return found


def _edges(rulebase: Rulebase) -> list[_Edge]:
    edges: set[_Edge] = set()
    for rule in rulebase.rules:
        tested = _tested(rule.when)
        for action in rule.then:
            if isinstance(action, Conclude):
                target, kind = _node_id("fact", action.fact), EdgeKind.LEADS_TO
            elif isinstance(action, Suggest):
                target, kind = _node_id("solution", action.solution), EdgeKind.LEADS_TO
            else:
                assert isinstance(action, RuleOut)
                target, kind = _node_id("solution", action.solution), EdgeKind.RULES_OUT
            edges.update(
                _Edge(source, target, rule.id, kind, negated)
                for atom, negated in tested
                for source in _sources(atom, rulebase)
            )
    for question in rulebase.questions:
        if question.ask_when is not None:
            target = _node_id("question", question.id)
            edges.update(
                _Edge(source, target, FOLLOW_UP, EdgeKind.FOLLOW_UP, negated)
                for atom, negated in _tested(question.ask_when)
                for source in _sources(atom, rulebase)
            )
    return sorted(edges, key=_order)


def _order(edge: _Edge) -> tuple[str, str, str, bool, str]:
    return (edge.source, edge.target, edge.kind.value, edge.negated, edge.label)


def _merged(edges: list[_Edge], with_labels: bool) -> list[_Edge]:
    """One arrow per pair of nodes and kind of edge, labelled with its rules' ids."""
    rules: dict[tuple[str, str, EdgeKind, bool], list[str]] = defaultdict(list)
    for edge in edges:
        rules[(edge.source, edge.target, edge.kind, edge.negated)].append(edge.label)
    merged = []
    for (source, target, kind, negated), labels in rules.items():
        shown = labels[:_SHOWN_RULES]
        more = len(labels) - len(shown)
        label = ", ".join(shown) + (f" +{more}" if more else "") if with_labels else ""
        merged.append(_Edge(source, target, label, kind, negated))
    return sorted(merged, key=_order)


def _related(edges: list[_Edge], start: str) -> list[_Edge]:
    """The edges on a path into ``start`` or out of it."""
    into: dict[str, list[_Edge]] = defaultdict(list)
    out_of: dict[str, list[_Edge]] = defaultdict(list)
    for edge in edges:
        into[edge.target].append(edge)
        out_of[edge.source].append(edge)
    kept: set[_Edge] = set()
    for links, end in ((into, "source"), (out_of, "target")):
        seen, pending = {start}, [start]
        while pending:
            for edge in links[pending.pop()]:
                kept.add(edge)
                node = getattr(edge, end)
                if node not in seen:
                    seen.add(node)
                    pending.append(node)
    return sorted(kept, key=_order)


def _focus(rulebase: Rulebase, options: GraphOptions) -> str | None:
    """The node to draw around, if any.

    Raises:
        GraphError: the solution or question is not in the rule base, or both are given.
    """
    if options.focus is not None and options.question is not None:
        raise GraphError("focus on one solution or one question, not both")
    if options.focus is not None:
        return _known(options.focus, "solution", rulebase.solution_by_id)
    if options.question is not None:
        return _known(options.question, "question", rulebase.question_by_id)
    return None


def _known(item_id: str, kind: str, known: Mapping[str, object]) -> str:
    if item_id not in known:
        match = did_you_mean(item_id, known)
        guess = f"; did you mean `{match}`?" if match else ""
        raise GraphError(f"there is no {kind} `{item_id}` in this rule base{guess}")
    return _node_id(kind, item_id)


def _clustered(nodes: list[_Node], edges: list[_Edge]) -> list[_Node]:
    """Each fact in its own box, with the questions whose rules establish only that fact."""
    facts = {node.id for node in nodes if node.kind == "fact"}
    leads: dict[str, set[str]] = defaultdict(set)
    for edge in edges:
        if edge.kind is not EdgeKind.FOLLOW_UP:
            leads[edge.source].add(edge.target)
    boxed = []
    for node in nodes:
        box = node.id if node.kind == "fact" else None
        targets = leads[node.id]
        if node.kind == "question" and len(targets) == 1 and targets <= facts:
            box = next(iter(targets))
        boxed.append(replace(node, cluster=box))
    return boxed


def _graph(rulebase: Rulebase, options: GraphOptions | None) -> _Graph:
    """The nodes and edges one drawing shows.

    Raises:
        GraphError: the node to focus on is not in the rule base.
    """
    options = options or GraphOptions()
    start = _focus(rulebase, options)
    edges = _edges(rulebase)
    nodes = _nodes(rulebase, options.words)
    if start is not None:
        edges = _related(edges, start)
        drawn = {start} | {e.source for e in edges} | {e.target for e in edges}
        nodes = [node for node in nodes if node.id in drawn]
    clusters: dict[str, str] = {}
    if options.clusters:
        nodes = _clustered(nodes, edges)
        clusters = {node.id: node.label for node in nodes if node.kind == "fact"}
        # A box around a fact alone says nothing.
        filled = {node.cluster for node in nodes if node.kind != "fact"}
        clusters = {box: label for box, label in clusters.items() if box in filled}
        nodes = [n if n.cluster in clusters else replace(n, cluster=None) for n in nodes]
    return _Graph(nodes, _merged(edges, options.edge_labels), clusters)


# --- Mermaid ----------------------------------------------------------------------

_MERMAID_SHAPES = {
    QuestionType.YES_NO: ("{", "}"),
    QuestionType.CHOICE: ("{{", "}}"),
    QuestionType.MULTIPLE_CHOICE: ("[/", "\\]"),
    QuestionType.NUMBER: ("[/", "/]"),
    QuestionType.TEXT: ("[\\", "\\]"),
    "fact": ("([", "])"),
    "solution": ("[[", "]]"),
}
_MERMAID_ARROWS = {
    (EdgeKind.LEADS_TO, False): "-->",
    (EdgeKind.LEADS_TO, True): "--o",
    (EdgeKind.RULES_OUT, False): "-.->",
    (EdgeKind.RULES_OUT, True): "-.-o",
    (EdgeKind.FOLLOW_UP, False): "==>",
    (EdgeKind.FOLLOW_UP, True): "==o",
}
_MERMAID_BOX = "fill:none,stroke:#a16207,stroke-dasharray:4"
_MERMAID_CLASSES = {
    "question": "fill:#e8f0fe,stroke:#1a56db",
    "fact": "fill:#fef9c3,stroke:#a16207",
    "solution": "fill:#dcfce7,stroke:#15803d",
}


def mermaid_text(text: str) -> str:
    """``text`` safe inside a quoted Mermaid label (entities for quotes and markup)."""
    replaced = text.replace("#", "#35;").replace('"', "#quot;")
    replaced = replaced.replace("<", "#lt;").replace(">", "#gt;").replace("|", "#124;")
    return " ".join(replaced.split())


#: Characters per line of a node's label before it wraps.
_WRAP = 28


def _wrapped(text: str, line_break: str) -> str:
    """``text`` over as few lines as ``_WRAP`` allows, of even length (no lone last word)."""
    rows = -(-len(text) // _WRAP)
    width = max(-(-len(text) // max(rows, 1)) + 2, 12)
    return line_break.join(textwrap.wrap(text, width, break_long_words=False)) or text


def to_mermaid(rulebase: Rulebase, options: GraphOptions | None = None) -> str:
    """The rule base as a Mermaid flowchart, left to right; ends with a newline.

    Raises:
        GraphError: the solution or question to focus on is not in the rule base.
    """
    graph = _graph(rulebase, options)
    lines = ["flowchart LR"]

    def declare(node: _Node, indent: str) -> str:
        opening, closing = _MERMAID_SHAPES[node.question_type or node.kind]
        label = _wrapped(mermaid_text(node.label), "<br>")
        return f'{indent}{node.id}{opening}"{label}"{closing}'

    for box in graph.clusters:
        lines.append(f'  subgraph c_{box} [" "]')
        lines += [declare(node, "    ") for node in graph.nodes if node.cluster == box]
        lines.append("  end")
    lines += [declare(node, "  ") for node in graph.nodes if node.cluster is None]
    for edge in graph.edges:
        arrow = _MERMAID_ARROWS[(edge.kind, edge.negated)]
        text = f'|"{mermaid_text(edge.text)}"|' if edge.text else ""
        lines.append(f"  {edge.source} {arrow}{text} {edge.target}")
    for kind, style in _MERMAID_CLASSES.items():
        members = [node.id for node in graph.nodes if node.kind == kind]
        lines.append(f"  classDef {kind} {style}")
        if members:
            lines.append(f"  class {','.join(members)} {kind}")
    lines += [f"  style c_{box} {_MERMAID_BOX}" for box in graph.clusters]
    return "\n".join(lines) + "\n"


# --- Graphviz DOT -----------------------------------------------------------------

_DOT_SHAPES = {
    QuestionType.YES_NO: "shape=diamond",
    QuestionType.CHOICE: "shape=hexagon",
    QuestionType.MULTIPLE_CHOICE: "shape=trapezium",
    QuestionType.NUMBER: "shape=parallelogram",
    QuestionType.TEXT: "shape=box",
    "fact": 'shape=ellipse, style=filled, fillcolor="#fef9c3"',
    "solution": 'shape=box, peripheries=2, style=filled, fillcolor="#dcfce7"',
}
_DOT_STYLES = {
    (EdgeKind.LEADS_TO, False): "",
    (EdgeKind.LEADS_TO, True): ", style=dotted",
    (EdgeKind.RULES_OUT, False): ", style=dashed, arrowhead=tee",
    (EdgeKind.RULES_OUT, True): ", style=dotted, arrowhead=tee",
    (EdgeKind.FOLLOW_UP, False): ", penwidth=2",
    (EdgeKind.FOLLOW_UP, True): ", penwidth=2, style=dotted",
}


def dot_text(text: str) -> str:
    """``text`` safe inside a double-quoted DOT string."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return " ".join(escaped.split())


def to_dot(rulebase: Rulebase, options: GraphOptions | None = None) -> str:
    """The rule base as a Graphviz ``digraph``, left to right; ends with a newline.

    Raises:
        GraphError: the solution or question to focus on is not in the rule base.
    """
    graph = _graph(rulebase, options)
    lines = [
        f'digraph "{dot_text(rulebase.id)}" {{',
        "  rankdir=LR;",
        '  node [fontname="Helvetica"];',
        '  edge [fontname="Helvetica", fontsize=10];',
    ]

    def declare(node: _Node, indent: str) -> str:
        shape = _DOT_SHAPES[node.question_type or node.kind]
        label = _wrapped(dot_text(node.label), "\\n")
        return f'{indent}"{node.id}" [label="{label}", tooltip="{node.id[2:]}", {shape}];'

    for box in graph.clusters:
        lines.append(f'  subgraph "cluster_{box}" {{')
        lines.append('    label=""; style="rounded,dashed"; color="#a16207";')
        lines += [declare(node, "    ") for node in graph.nodes if node.cluster == box]
        lines.append("  }")
    lines += [declare(node, "  ") for node in graph.nodes if node.cluster is None]
    for edge in graph.edges:
        style = _DOT_STYLES[(edge.kind, edge.negated)]
        label = f'label="{dot_text(edge.text)}"' if edge.text else 'label=""'
        lines.append(f'  "{edge.source}" -> "{edge.target}" [{label}{style}];')
    lines.append("}")
    return "\n".join(lines) + "\n"
