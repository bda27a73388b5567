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
a follow-up is a thick arrow labelled "follow-up".
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

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

__all__ = ["EdgeKind", "dot_text", "mermaid_text", "to_dot", "to_mermaid"]

FOLLOW_UP = "follow-up"


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
        return f"not {self.label}" if self.negated else self.label


@dataclass(frozen=True, slots=True)
class _Node:
    id: str
    label: str
    kind: str  # "question", "fact" or "solution"
    question_type: QuestionType | None = None


def _node_id(kind: str, item_id: str) -> str:
    # Prefixed, so that a fact and a question may share an id, and no node is
    # called `end` (a word Mermaid reserves).
    return f"{kind[0]}_{item_id}"


def _nodes(rulebase: Rulebase) -> list[_Node]:
    return [
        *(
            _Node(_node_id("question", q.id), q.id, "question", q.type)
            for q in sorted(rulebase.questions, key=lambda q: q.id)
        ),
        *(
            _Node(_node_id("fact", f.id), f.id, "fact")
            for f in sorted(rulebase.facts, key=lambda f: f.id)
        ),
        *(
            _Node(_node_id("solution", s.id), s.id, "solution")
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
    return sorted(edges)


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


def to_mermaid(rulebase: Rulebase) -> str:
    """The rule base as a Mermaid flowchart, left to right; ends with a newline."""
    lines = ["flowchart LR"]
    nodes = _nodes(rulebase)
    for node in nodes:
        opening, closing = _MERMAID_SHAPES[node.question_type or node.kind]
        lines.append(f'  {node.id}{opening}"{mermaid_text(node.label)}"{closing}')
    for edge in _edges(rulebase):
        arrow = _MERMAID_ARROWS[(edge.kind, edge.negated)]
        lines.append(f'  {edge.source} {arrow}|"{mermaid_text(edge.text)}"| {edge.target}')
    for kind, style in _MERMAID_CLASSES.items():
        members = [node.id for node in nodes if node.kind == kind]
        lines.append(f"  classDef {kind} {style}")
        if members:
            lines.append(f"  class {','.join(members)} {kind}")
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


def to_dot(rulebase: Rulebase) -> str:
    """The rule base as a Graphviz ``digraph``, left to right; ends with a newline."""
    lines = [
        f'digraph "{dot_text(rulebase.id)}" {{',
        "  rankdir=LR;",
        '  node [fontname="Helvetica"];',
        '  edge [fontname="Helvetica", fontsize=10];',
    ]
    for node in _nodes(rulebase):
        shape = _DOT_SHAPES[node.question_type or node.kind]
        lines.append(f'  "{node.id}" [label="{dot_text(node.label)}", {shape}];')
    for edge in _edges(rulebase):
        style = _DOT_STYLES[(edge.kind, edge.negated)]
        lines.append(
            f'  "{edge.source}" -> "{edge.target}" [label="{dot_text(edge.text)}"{style}];'
        )
    lines.append("}")
    return "\n".join(lines) + "\n"
