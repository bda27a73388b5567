"""Meaning checks over a shaped draft: ids, references, cycles, files, templates, scenarios."""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator, Mapping
from pathlib import Path

from jinja2 import TemplateError, nodes
from jinja2.sandbox import SandboxedEnvironment

from engine._conditions import QUESTION_KIND
from engine._draft import Draft
from engine._fields import correction_first, did_you_mean, suggestion
from engine._logic import MAX_BRANCHES, TooComplexError, to_dnf
from engine._scenarios import check_scenarios
from engine._shape import character_at
from engine.errors import Diagnostic, Severity, Span
from engine.formula import constant_zero, divisors
from engine.model import (
    AllOf,
    AnyOf,
    Computed,
    ComputedTest,
    Conclude,
    Condition,
    FactTest,
    Not,
    NothingTest,
    Operator,
    QuestionTest,
    QuestionType,
    Rule,
    Solution,
    SolutionTest,
    Suggest,
)

_SECTION_KIND = {
    "questions": "question",
    "computed": "computed value",
    "facts": "fact",
    "rules": "rule",
    "solutions": "solution",
    "articles": "article",
    "experts": "expert",
}
_CHOICE_TESTS = frozenset({Operator.IS, Operator.IS_NOT, Operator.ONE_OF, Operator.CONTAINS})
_ENVIRONMENT = SandboxedEnvironment()


def check(draft: Draft) -> list[Diagnostic]:
    """Every meaning problem in the draft."""
    checker = _Checker(draft)
    checker.run()
    return [*checker.diagnostics, *check_scenarios(draft)]


def conditions_in(condition: Condition) -> Iterator[Condition]:
    """The condition and every condition inside it."""
    yield condition
    if isinstance(condition, (AllOf, AnyOf)):
        for part in condition.conditions:
            yield from conditions_in(part)
    elif isinstance(condition, Not):
        yield from conditions_in(condition.condition)


class _Checker:
    def __init__(self, draft: Draft) -> None:
        self.draft = draft
        self.diagnostics: list[Diagnostic] = []
        self.known = {section: draft.ids(section) for section in _SECTION_KIND}
        self.questions = {q.id: q for q in reversed(draft.questions)}  # the first one wins

    def error(self, span: Span, code: str, message: str, hint: str | None = None) -> None:
        self.diagnostics.append(Diagnostic(span, Severity.ERROR, code, message, hint))

    def run(self) -> None:
        self.duplicates()
        for question in self.draft.questions:
            self.reference("articles", question.article, question, "article", "G205")
            if question.ask_when is not None:
                self.condition(question.ask_when)
        for computed in self.draft.computed:
            self.formula(computed)
        self.computed_cycles()
        for rule in self.draft.rules:
            self.condition(rule.when)
            self.complexity(rule)
            self.actions(rule)
        self.fallbacks()
        for solution in self.draft.solutions:
            self.solution(solution)
        self.fact_cycles()
        self.ask_when_cycles()
        self.article_files()
        for source, span in self.draft.templates:
            self.template(source, span)

    # --- ids ------------------------------------------------------------------------

    def duplicates(self) -> None:
        for section, kind in (*_SECTION_KIND.items(), ("tests", "test")):
            first: dict[str, Span] = {}
            for name, span in self.draft.written.get(section, ()):
                if name in first:
                    what = (
                        f"two tests are named `{name}`"
                        if kind == "test"
                        else f"duplicate {kind} id `{name}`"
                    )
                    self.error(span, "G201", what, _first_hint(name, first[name]))
                else:
                    first[name] = span
        questions = dict(self.draft.written.get("questions", ()))
        for name, span in self.draft.written.get("computed", ()):
            if name in questions:
                self.error(
                    span,
                    "G201",
                    f"computed value `{name}` has the id of a question",
                    f"question `{name}` is on line {questions[name].line}; a computed value "
                    "and a question are tested and shown by id, so give them different ids",
                )
        for question in self.draft.questions:
            seen: dict[str, Span] = {}
            for choice in question.choices:
                if choice.id in seen:
                    self.error(
                        choice.span,
                        "G201",
                        f"duplicate choice id `{choice.id}` in question `{question.id}`",
                        _first_hint(choice.id, seen[choice.id]),
                    )
                seen.setdefault(choice.id, choice.span)

    # --- references -----------------------------------------------------------------

    def reference(
        self, section: str, name: str | None, record: object, what: str, code: str
    ) -> None:
        if name is None or name in self.known[section]:
            return
        kind = _SECTION_KIND[section]
        default = getattr(record, "span", Span(self.draft.path, 1, 1))
        self.error(
            self.draft.span_of(record, what, default),
            code,
            f"unknown {kind} `{name}`{suggestion(name, self.known[section])}",
            self.add_or_correct(name, section, kind),
        )

    def add_or_correct(self, name: str, section: str, kind: str) -> str:
        """The hint for an unknown name: the correction first, when one is close."""
        a_kind = f"{'an' if kind[0] in 'aeiou' else 'a'} {kind}"
        match = did_you_mean(name, self.known[section])
        if match is None:
            return f"add {a_kind} with id `{name}` under `{section}`, or correct the name"
        new = f"if `{name}` is new, add {a_kind} with that id under `{section}`"
        return f"change `{name}` to `{match}`; {new}"

    def condition(self, condition: Condition) -> None:
        for part in conditions_in(condition):
            if isinstance(part, QuestionTest):
                self.reference("questions", part.question, part, "", "G202")
                self.choice_values(part)
            elif isinstance(part, ComputedTest):
                self.reference("computed", part.computed, part, "", "G212")
            elif isinstance(part, FactTest):
                self.reference("facts", part.fact, part, "", "G203")
            elif isinstance(part, SolutionTest):
                self.reference("solutions", part.solution, part, "", "G204")

    def choice_values(self, test: QuestionTest) -> None:
        question = self.questions.get(test.question)
        if question is None or not question.choices or test.operator not in _CHOICE_TESTS:
            return
        ids = [c.id for c in question.choices]
        values = test.operand if isinstance(test.operand, tuple) else (test.operand,)
        for value in values:
            if isinstance(value, str) and value not in ids:
                self.error(
                    test.span,
                    "G207",
                    f"question `{question.id}` has no choice `{value}`{suggestion(value, ids)}",
                    correction_first(value, ids, f"its choices are: {', '.join(ids)}"),
                )

    def complexity(self, rule: Rule) -> None:
        # The compiler expands conditions into alternatives; refuse an explosion here.
        try:
            to_dnf(rule.when)
        except TooComplexError:
            self.error(
                rule.when.span,
                "G112",
                f"the condition of rule `{rule.id}` has more than {MAX_BRANCHES} "
                "alternative ways to hold",
                "split the rule into several rules, or name a part of it as a derived fact",
            )

    def actions(self, rule: Rule) -> None:
        for action in rule.then:
            if isinstance(action, Conclude):
                self.reference("facts", action.fact, action, "", "G203")
            else:
                self.reference("solutions", action.solution, action, "", "G204")

    def solution(self, solution: Solution) -> None:
        for article in solution.articles:
            self.reference("articles", article, solution, f"articles.{article}", "G205")
        self.reference("experts", solution.expert, solution, "expert", "G206")

    # --- computed values and fallbacks -----------------------------------------------

    def formula(self, computed: Computed) -> None:
        for name in computed.formula.names:
            span = self.formula_at(computed, name.offset)
            question = self.questions.get(name.id)
            if question is not None:
                if question.type is not QuestionType.NUMBER:
                    self.error(
                        span,
                        "G212",
                        f"the formula of `{computed.id}` uses question `{name.id}`, which is "
                        f"{QUESTION_KIND[question.type]}, not a number",
                        "a formula computes with the answers of number questions and with "
                        "other computed values only",
                    )
            elif name.id not in self.known["computed"]:
                candidates = self.known["computed"] | {
                    q.id for q in self.draft.questions if q.type is QuestionType.NUMBER
                }
                self.error(
                    span,
                    "G212",
                    f"the formula of `{computed.id}` uses `{name.id}`, which is neither a "
                    f"number question nor a computed value{suggestion(name.id, candidates)}",
                    correction_first(
                        name.id,
                        candidates,
                        "use the id of a number question or of another computed value",
                    ),
                )
        for division in divisors(computed.formula.tree):
            if constant_zero(division.right):
                self.error(
                    self.formula_at(computed, division.offset),
                    "G113",
                    f"the formula of `{computed.id}` divides by zero",
                    "divide by a number or an answer that is not zero",
                )

    def formula_at(self, computed: Computed, offset: int) -> Span:
        """Where character ``offset`` of a formula is written, when that can be known."""
        start = self.draft.spans.get((id(computed), "formula.text"))
        whole = self.draft.span_of(computed, "formula", computed.span)
        return character_at(start, whole, offset)

    def computed_cycles(self) -> None:
        found = {c.id: c for c in reversed(self.draft.computed)}
        uses = {
            c.id: [(n.id, c.id) for n in c.formula.names if n.id in found]
            for c in self.draft.computed
        }
        for path in cycles([c.id for c in self.draft.computed], uses):
            start = found[path[0][0]]
            chain = " -> ".join(f"`{c}`" for c, _ in path) + f" -> `{start.id}`"
            self.error(
                self.draft.span_of(start, "formula", start.span),
                "G213",
                f"computed values are computed from each other in a circle: {chain}",
                "a value cannot be needed to compute itself; change one of these formulas",
            )

    def fallbacks(self) -> None:
        """A fallback rule (one that tests `nothing:`) only suggests, and no ordinary rule
        waits on what only fallbacks suggest: else the fallback would wait on itself."""
        fallback_only: set[str] = set()
        ordinary: set[str] = set()
        for rule in self.draft.rules:
            fallback = _is_fallback(rule.when)
            for action in rule.then:
                if fallback and not isinstance(action, Suggest):
                    verb = "concludes a fact" if isinstance(action, Conclude) else "rules out"
                    self.error(
                        action.span,
                        "G214",
                        f"fallback rule `{rule.id}` {verb}; a fallback rule only suggests",
                        "a rule that tests `nothing:` fires when nothing else is recommended; "
                        "let it `suggest:` the solution for that case",
                    )
                if isinstance(action, Suggest):
                    (fallback_only if fallback else ordinary).add(action.solution)
        fallback_only -= ordinary
        for question in self.draft.questions:
            if question.ask_when is not None and _is_fallback(question.ask_when):
                self.error(
                    question.ask_when.span,
                    "G214",
                    f"the `ask_when` of question `{question.id}` tests `nothing:`",
                    "ask the question when a rule needs it; only rules can fall back",
                )
        for rule in self.draft.rules:
            if _is_fallback(rule.when):
                continue
            for part in conditions_in(rule.when):
                if isinstance(part, SolutionTest) and part.solution in fallback_only:
                    self.error(
                        part.span,
                        "G214",
                        f"rule `{rule.id}` tests solution `{part.solution}`, which only "
                        "fallback rules suggest",
                        "a fallback waits for every ordinary rule; an ordinary rule cannot "
                        "wait for a fallback",
                    )

    # --- cycles ---------------------------------------------------------------------

    def fact_cycles(self) -> None:
        facts = {f.id: f for f in reversed(self.draft.facts)}
        needs: dict[str, list[tuple[str, str]]] = {}
        for rule in self.draft.rules:
            used = [c.fact for c in conditions_in(rule.when) if isinstance(c, FactTest)]
            for action in rule.then:
                if isinstance(action, Conclude) and action.fact in facts:
                    edges = needs.setdefault(action.fact, [])
                    edges.extend((fact, rule.id) for fact in used if fact in facts)
        for path in cycles([f.id for f in self.draft.facts], needs):
            start = facts[path[0][0]]
            chain = " -> ".join(f"`{fact}`" for fact, _ in path) + f" -> `{path[0][0]}`"
            rules = sorted({rule for _, rule in path})
            self.error(
                self.draft.span_of(start, "id", start.span),
                "G208",
                f"facts depend on each other in a circle: {chain}",
                f"a fact cannot be needed to conclude itself; change one of the rules "
                f"{', '.join(f'`{r}`' for r in rules)}",
            )

    def ask_when_cycles(self) -> None:
        waits: dict[str, list[tuple[str, str]]] = {}
        for question in self.draft.questions:
            if question.ask_when is not None:
                waits[question.id] = [
                    (c.question, question.id)
                    for c in conditions_in(question.ask_when)
                    if isinstance(c, QuestionTest) and c.question in self.questions
                ]
        for path in cycles([q.id for q in self.draft.questions], waits):
            start = self.questions[path[0][0]]
            if len(path) == 1:
                message = f"question `{start.id}` is asked only when it has been answered"
            else:
                chain = " -> ".join(f"`{q}`" for q, _ in path) + f" -> `{start.id}`"
                message = f"questions wait for each other in a circle: {chain}"
            self.error(
                self.draft.span_of(start, "ask_when", start.span),
                "G210",
                message,
                "an `ask_when` can only depend on questions that are asked without it; "
                "remove one of these references",
            )

    # --- files and templates --------------------------------------------------------

    def article_files(self) -> None:
        base = self.draft.base_dir.resolve()
        for article in self.draft.articles:
            if article.file is None:
                continue
            span = self.draft.span_of(article, "file", article.span)
            shown = _shown(article.file, self.draft.base_dir)
            if "\0" in shown:  # the system refuses such a path outright
                escaped = shown.replace("\0", "\\0")
                self.error(
                    span,
                    "G209",
                    f"the article file `{escaped}` holds a NUL character (`\\0`), "
                    "which no file name can hold",
                    "write the file's name without `\\0`, relative to the rule base's folder, "
                    "e.g. `articles/paper_jam.md`",
                )
                continue
            try:
                resolved = article.file.resolve()
                inside = resolved.is_relative_to(base)
                exists = inside and resolved.is_file()
            except (OSError, RuntimeError):  # e.g. a symlink loop
                inside, exists = True, False
            if not inside:
                self.error(
                    span,
                    "G209",
                    f"the article file `{shown}` is outside the rule base's folder",
                    "keep articles in the rule base's folder (or below it) and write the path "
                    "relative to it, e.g. `articles/paper_jam.md`",
                )
            elif not exists:
                self.error(
                    span,
                    "G209",
                    f"the article file `{shown}` does not exist",
                    "check the name; the path is relative to the rule base's folder",
                )

    def template(self, source: str, span: Span) -> None:
        if "{" not in source:
            return  # plain text: nothing to parse
        try:
            tree = _ENVIRONMENT.parse(source)
            referred = list(_answers_used(tree))
        except TemplateError as exc:
            line = getattr(exc, "lineno", None)
            where = f" (line {line} of the text)" if isinstance(line, int) and line > 1 else ""
            self.error(
                span,
                "G111",
                f"the template cannot be read{where}: {exc.message}",
                "write answers as `{{ answers.QUESTION_ID }}`; to show `{{` literally use "
                "`{% raw %}{{{% endraw %}`",
            )
            return
        except RecursionError:
            self.error(span, "G111", "the template is nested too deeply", "simplify the template")
            return
        for namespace, name in referred:
            section = "questions" if namespace == "answers" else "computed"
            if name not in self.known[section]:
                match = did_you_mean(name, self.known[section])
                kind = _SECTION_KIND[section]
                placeholder = "QUESTION_ID" if namespace == "answers" else "ID"
                self.error(
                    span,
                    "G202" if namespace == "answers" else "G212",
                    f"the template uses `{namespace}.{name}`, but there is no {kind} `{name}`"
                    + (f"; did you mean `{match}`?" if match else ""),
                    f"change `{namespace}.{name}` to `{namespace}.{match}`"
                    if match
                    else f"use the id of a {kind}: `{{{{ {namespace}.{placeholder} }}}}`",
                )


_NAMESPACES = ("answers", "computed")


def _answers_used(tree: nodes.Template) -> Iterator[tuple[str, str]]:
    """(namespace, id) for each ``answers.ID`` / ``computed.ID`` (or ``["ID"]``) a
    template reads."""
    for node in tree.find_all((nodes.Getattr, nodes.Getitem)):
        if isinstance(node, nodes.Getattr):
            namespace = _namespace(node.node)
            if namespace is not None:
                yield namespace, node.attr
        elif isinstance(node, nodes.Getitem):
            namespace = _namespace(node.node)
            key = node.arg
            if namespace and isinstance(key, nodes.Const) and isinstance(key.value, str):
                yield namespace, key.value


def _namespace(node: nodes.Node) -> str | None:
    if isinstance(node, nodes.Name) and node.name in _NAMESPACES:
        return node.name
    return None


def _is_fallback(condition: Condition) -> bool:
    return any(isinstance(part, NothingTest) for part in conditions_in(condition))


def _first_hint(name: str, first: Span) -> str:
    return f"the first `{name}` is on line {first.line}; rename or remove one of them"


def _shown(file: Path, base: Path) -> str:
    try:
        return file.relative_to(base).as_posix()
    except ValueError:
        return file.as_posix()


# --- circles in a graph ---------------------------------------------------------------

Edges = Mapping[str, list[tuple[str, str]]]


def cycles(order: list[str], edges: Edges) -> list[list[tuple[str, str]]]:
    """One circle per strongly connected group (Tarjan's algorithm, without recursion).

    Each circle is a list of (node, label of the edge leaving it), starting at the
    group's first node in file order.
    """
    position = {name: i for i, name in reversed(list(enumerate(order)))}
    groups = _groups(order, edges)
    found = []
    for group in groups:
        start = min(group, key=lambda name: position.get(name, len(order)))
        if len(group) > 1 or any(succ == start for succ, _ in edges.get(start, ())):
            found.append(_circle(start, group, edges))
    return sorted(found, key=lambda path: position.get(path[0][0], len(order)))


def _groups(order: list[str], edges: Edges) -> list[set[str]]:
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[set[str]] = []

    def visit(name: str) -> Iterator[tuple[str, str]]:
        index[name] = low[name] = len(index)
        stack.append(name)
        on_stack.add(name)
        return iter(edges.get(name, ()))

    for root in order:
        if root in index:
            continue
        work = [(root, visit(root))]
        while work:
            name, successors = work[-1]
            for succ, _ in successors:
                if succ not in index:
                    work.append((succ, visit(succ)))
                    break
                if succ in on_stack:
                    low[name] = min(low[name], index[succ])
            else:
                work.pop()
                if work:
                    parent = work[-1][0]
                    low[parent] = min(low[parent], low[name])
                if low[name] == index[name]:
                    groups.append(_pop_group(stack, on_stack, name))
    return groups


def _pop_group(stack: list[str], on_stack: set[str], root: str) -> set[str]:
    group: set[str] = set()
    while root not in group:
        member = stack.pop()
        on_stack.discard(member)
        group.add(member)
    return group


def _circle(start: str, group: set[str], edges: Edges) -> list[tuple[str, str]]:
    """The shortest way from ``start`` back to itself inside its group."""
    parent: dict[str, tuple[str, str]] = {}
    queue = deque([start])
    while queue:
        name = queue.popleft()
        for succ, edge in edges.get(name, ()):
            if succ == start:
                path = [(name, edge)]
                while path[-1][0] != start:
                    path.append(parent[path[-1][0]])
                return path[::-1]
            if succ in group and succ not in parent:
                parent[succ] = (name, edge)
                queue.append(succ)
    return [(start, "")]
