"""Nodes into model records, checking the shape of every section.

The result is a :class:`Draft`: the records that could be built, the ids as
written (so that a record dropped for one mistake is still known to the
reference checks), the templates to parse, and where each reference was
written. ``_semantics`` checks meaning on it; the loader turns a clean draft
into the frozen :class:`~engine.model.Rulebase`.
"""

from __future__ import annotations

from collections.abc import Collection
from pathlib import Path

from engine._conditions import Grammar
from engine._draft import Draft
from engine._fields import Fields, correction_first, item_of, label, suggestion
from engine._scenarios import ScenarioShaper
from engine._yaml import Mapping, Node, Scalar, Sequence, describe
from engine.errors import Diagnostic, Span
from engine.formula import FormulaError, parse
from engine.model import (
    FORMAT_VERSION,
    Article,
    ArticleKind,
    AskMode,
    Choice,
    Computed,
    DerivedFact,
    Expert,
    Metadata,
    Owner,
    Question,
    QuestionOrder,
    QuestionType,
    Rule,
    Settings,
    Solution,
    Step,
)

_TOP_REQUIRED = ("format", "metadata", "questions", "rules", "solutions")
_TOP_OPTIONAL = ("settings", "computed", "facts", "articles", "experts", "tests")
_CHOICE_TYPES = (QuestionType.CHOICE, QuestionType.MULTIPLE_CHOICE)
#: A step or a summary written as a section: the text for everyone (`do` for a step,
#: which is an action; `text` for a summary, as for questions and choices), then
#: the forms for novices and experts. Writing one's main key in the other is a likely slip.
_STEP_KEYS = ("do", "novice", "expert")
_SUMMARY_KEYS = ("text", "novice", "expert")
_MAIN_KEYS = frozenset({"do", "text"})
_EMPTY_HINTS = {
    "do": "write the step for every worker",
    "text": "write the summary for every worker",
    "novice": "write the fuller text for novices, or remove `novice`: novices then read "
    "the text for everyone",
    "expert": "write the short form for experts, or remove `expert`: experts then read "
    "the text for everyone",
}


def shape(root: Node, path: str, base_dir: Path) -> tuple[Draft | None, list[Diagnostic]]:
    """Build a draft from the root node; None when the file is not a format-1 rule base."""
    fields = Fields(path)
    draft = _Shaper(fields, Draft(path, base_dir), root).run()
    return draft, fields.diagnostics


class _Shaper:
    def __init__(self, fields: Fields, draft: Draft, root: Node) -> None:
        self.f = fields
        self.draft = draft
        self.root = root
        self.grammar = Grammar(fields, {})

    def run(self) -> Draft | None:
        root = self.root
        if not isinstance(root, Mapping):
            self.f.error(
                root.span,
                "G101",
                f"a rule base is a section of keys such as `format`, found {describe(root)}",
                "start from the example at the top of docs/rulebase-format.md",
            )
            return None
        if not self.format_ok(root.get("format")):
            return None
        self.f.section(root, "the rule base", "a rule base", _TOP_REQUIRED, _TOP_OPTIONAL)
        self.metadata(root.get("metadata"))
        self.settings(root.get("settings"))
        self.grammar = Grammar(self.f, _question_types(root.get("questions")))
        for key, build in (
            ("questions", self.question),
            ("computed", self.computed),
            ("facts", self.fact),
            ("rules", self.rule),
            ("solutions", self.solution),
            ("articles", self.article),
            ("experts", self.expert),
            ("tests", ScenarioShaper(self.f, self.draft).test),
        ):
            for index, item in enumerate(self.f.items(root.get(key), label(key))):
                build(item, index)
        return self.draft

    def format_ok(self, node: Node | None) -> bool:
        """False when the file is written for another format: nothing else is checked then."""
        if node is None:
            return True  # reported as a missing key
        if isinstance(node, Scalar) and type(node.value) is int:
            if node.value == FORMAT_VERSION:
                return True
            self.f.error(
                node.span,
                "G107",
                f"this rule base is written for format {node.value}; "
                f"this version of Guide reads format {FORMAT_VERSION}",
                "upgrade Guide, or rewrite the rule base for format 1",
            )
            return False
        self.f.wrong_type(node, "the number 1", "`format`")
        return True

    # --- helpers --------------------------------------------------------------------

    def section(
        self, node: Node, what: str, required: Collection[str], optional: Collection[str]
    ) -> Mapping | None:
        return self.f.section(node, what, item_of(f"{what}s"), required, optional)

    def written_id(self, section: str, m: Mapping, key: str = "id") -> str | None:
        node = m.get(key)
        value = self.f.ident(node, label(key))
        if value is not None and node is not None:
            self.draft.written.setdefault(section, []).append((value, node.span))
        return value

    def template(self, m: Mapping, key: str) -> str | None:
        node = m.get(key)
        value = self.f.text(node, label(key))
        if value is not None and node is not None:
            self.draft.templates.append((value, node.span))
        return value

    def note(self, record: object, what: str, node: Node | None) -> None:
        if node is not None:
            self.draft.spans[(id(record), what)] = node.span

    # --- metadata and settings ------------------------------------------------------

    def metadata(self, node: Node | None) -> None:
        if node is None:
            return
        required = ("id", "title", "version", "owners")
        m = self.f.section(node, "metadata", "`metadata`", required, ("description", "language"))
        if m is None:
            return
        mid = self.f.ident(m.get("id"), "`id`")
        title = self.f.text(m.get("title"), "`title`")
        version = self.f.visible_text(m.get("version"), "`version`")
        description = self.f.text(m.get("description"), "`description`")
        language = self.f.text(m.get("language"), "`language`")
        owners = self.owners(m.get("owners"))
        if mid is None or title is None or version is None or not owners:
            return
        self.draft.metadata = Metadata(
            mid, title, version, m.span, description or "", language or "en", owners
        )

    def owners(self, node: Node | None) -> tuple[Owner, ...]:
        items = self.f.items(node, "`owners`")
        if isinstance(node, Sequence) and not items:
            self.f.error(
                node.span,
                "G105",
                "a rule base needs at least one owner",
                "add an owner with `name` and `role`: workers should know whose knowledge "
                "they follow",
            )
        owners = []
        for item in items:
            m = self.f.section(item, "owner", item_of("owners"), ("name", "role"), ("contact",))
            if m is None:
                continue
            name = self.f.text(m.get("name"), "`name`")
            role = self.f.text(m.get("role"), "`role`")
            contact = self.f.text(m.get("contact"), "`contact`")
            if name is not None and role is not None:
                owners.append(Owner(name, role, m.span, contact))
        return tuple(owners) if len(owners) == len(items) else ()

    def settings(self, node: Node | None) -> None:
        if node is None:
            return
        optional = (
            "confirm_threshold",
            "stop_when_confirmed",
            "record_free_text",
            "ask",
            "order",
            "advisory",
        )
        m = self.f.section(node, "settings", "`settings`", (), optional)
        if m is None:
            return
        threshold = self.f.certainty(m.get("confirm_threshold"), "`confirm_threshold`")
        stop = self.f.yes_no(m.get("stop_when_confirmed"), "`stop_when_confirmed`")
        free_text = self.f.yes_no(m.get("record_free_text"), "`record_free_text`")
        ask = self.f.keyword(m.get("ask"), AskMode, "`ask` setting", "`ask`")
        order = self.f.keyword(m.get("order"), QuestionOrder, "`order` setting", "`order`")
        advisory = self.f.yes_no(m.get("advisory"), "`advisory`")
        defaults = Settings()
        self.draft.settings = Settings(
            confirm_threshold=defaults.confirm_threshold if threshold is None else threshold,
            stop_when_confirmed=defaults.stop_when_confirmed if stop is None else stop,
            record_free_text=defaults.record_free_text if free_text is None else free_text,
            ask=defaults.ask if ask is None else ask,
            order=defaults.order if order is None else order,
            advisory=defaults.advisory if advisory is None else advisory,
        )

    # --- questions ------------------------------------------------------------------

    def question(self, node: Node, index: int) -> None:
        optional = (
            "choices",
            "unit",
            "min",
            "max",
            "help",
            "article",
            "priority",
            "ask_when",
            "redact",
        )
        m = self.section(node, "question", ("id", "text", "type"), optional)
        if m is None:
            return
        qid = self.written_id("questions", m)
        text = self.template(m, "text")
        qtype = self.f.keyword(m.get("type"), QuestionType, "question type", "`type`")
        help_text = self.template(m, "help")
        article = self.f.ident(m.get("article"), "`article`")
        priority = self.f.integer(m.get("priority"), "`priority`")
        redact = self.f.yes_no(m.get("redact"), "`redact`")
        ask_node = m.get("ask_when")
        ask_when = None if ask_node is None else self.grammar.condition(ask_node, "`ask_when`")
        choices = self.choices(m, qtype)
        minimum, maximum, unit = self.number_range(m, qtype)
        if qid is None or text is None or qtype is None:
            return
        question = Question(
            qid,
            text,
            qtype,
            m.span,
            index,
            help=help_text,
            choices=choices,
            unit=unit,
            minimum=minimum,
            maximum=maximum,
            priority=priority or 0,
            ask_when=ask_when,
            article=article,
            redact=bool(redact),
        )
        self.draft.questions.append(question)
        self.note(question, "article", m.get("article"))
        self.note(question, "ask_when", ask_node)

    def only_for(self, m: Mapping, keys: tuple[str, ...], kind: str) -> None:
        for key in keys:
            written = m.key(key)
            if written is not None:
                self.f.error(
                    written.span,
                    "G102",
                    f"`{key}` is only for {kind} questions",
                    f"remove `{key}`, or change the question's `type`",
                )

    def choices(self, m: Mapping, qtype: QuestionType | None) -> tuple[Choice, ...]:
        node = m.get("choices")
        if qtype not in _CHOICE_TYPES:
            if qtype is not None:
                self.only_for(m, ("choices",), "choice and multiple_choice")
            return ()
        if node is None:
            self.f.error(
                m.span,
                "G103",
                f"missing key `choices` in a {qtype.value} question",
                "add `choices:` with at least two items, each with `id` and `text`",
            )
            return ()
        items = self.f.items(node, "`choices`")
        if isinstance(node, Sequence) and len(items) < 2:
            self.f.error(
                node.span,
                "G105",
                f"a {qtype.value} question needs at least two choices, found {len(items)}",
                "add the choices the worker can pick from, each with `id` and `text`",
            )
        found = []
        for item in items:
            c = self.f.section(item, "choice", item_of("choices"), ("id", "text"))
            if c is None:
                continue
            cid = self.f.ident(c.get("id"), "`id`")
            text = self.f.text(c.get("text"), "`text`")
            if cid is not None and text is not None:
                found.append(Choice(cid, text, c.span))
        return tuple(found)

    def number_range(
        self, m: Mapping, qtype: QuestionType | None
    ) -> tuple[float | None, float | None, str | None]:
        if qtype is not QuestionType.NUMBER:
            if qtype is not None:
                self.only_for(m, ("unit", "min", "max"), "number")
            return None, None, None
        minimum = self.f.number(m.get("min"), "`min`")
        maximum = self.f.number(m.get("max"), "`max`")
        unit = self.f.text(m.get("unit"), "`unit`")
        max_node = m.get("max")
        if minimum is not None and maximum is not None and minimum > maximum and max_node:
            self.f.error(
                max_node.span,
                "G105",
                f"`max` ({maximum:g}) is less than `min` ({minimum:g})",
                "swap the two numbers",
            )
            return None, None, unit
        return minimum, maximum, unit

    # --- computed values ------------------------------------------------------------

    def computed(self, node: Node, index: int) -> None:
        m = self.section(node, "computed value", ("id", "text", "formula"), ("unit", "decimals"))
        if m is None:
            return
        cid = self.written_id("computed", m)
        text = self.f.text(m.get("text"), "`text`")
        unit = self.f.text(m.get("unit"), "`unit`")
        decimals_node = m.get("decimals")
        decimals = self.f.integer(decimals_node, "`decimals`")
        if decimals is not None and decimals_node is not None and not 0 <= decimals <= 6:
            self.f.error(
                decimals_node.span,
                "G105",
                f"`decimals` is {decimals}; it lies from 0 to 6",
                "the digits shown after the decimal point, e.g. `decimals: 0` for whole days",
            )
            decimals = None
        formula_node = m.get("formula")
        source = self.f.text(formula_node, "`formula`")
        formula = None
        if source is not None and formula_node is not None:
            try:
                formula = parse(source)
            except FormulaError as error:
                span = character_at(text_start(formula_node), formula_node.span, error.offset)
                self.f.error(span, "G113", error.message, error.hint)
        if cid is None or text is None or formula is None:
            return
        computed = Computed(
            cid, text, formula, m.span, index, unit, 1 if decimals is None else decimals
        )
        self.draft.computed.append(computed)
        if formula_node is not None:
            self.note(computed, "formula", formula_node)
            start = text_start(formula_node)
            if start is not None:
                self.draft.spans[(id(computed), "formula.text")] = start

    # --- facts and rules ------------------------------------------------------------

    def fact(self, node: Node, index: int) -> None:
        m = self.section(node, "fact", ("id",), ("description",))
        if m is None:
            return
        fid = self.written_id("facts", m)
        description = self.f.text(m.get("description"), "`description`")
        if fid is not None:
            self.draft.facts.append(DerivedFact(fid, m.span, description or ""))

    def rule(self, node: Node, index: int) -> None:
        m = self.section(node, "rule", ("id", "when", "then"), ("because", "priority"))
        if m is None:
            return
        rid = self.written_id("rules", m)
        when_node, then_node = m.get("when"), m.get("then")
        when = (
            None
            if when_node is None
            else self.grammar.condition(when_node, "`when`", whole_rule=True)
        )
        then = None if then_node is None else self.grammar.actions(then_node, "`then`")
        because = self.f.text(m.get("because"), "`because`")
        priority = self.f.integer(m.get("priority"), "`priority`")
        if rid is None or when is None or then is None:
            return
        self.draft.rules.append(Rule(rid, when, then, m.span, index, because or "", priority or 0))

    # --- solutions, articles, experts ----------------------------------------------

    def solution(self, node: Node, index: int) -> None:
        optional = ("summary", "steps", "articles", "expert")
        m = self.section(node, "solution", ("id", "title"), optional)
        if m is None:
            return
        sid = self.written_id("solutions", m)
        title = self.f.text(m.get("title"), "`title`")
        summary = self.summary(m.get("summary"))
        steps = []
        for item in self.f.items(m.get("steps"), "`steps`"):
            step = self.step(item)
            if step is not None:
                steps.append(step)
        articles = self.f.idents(m.get("articles"), "articles")
        expert = self.f.ident(m.get("expert"), "`expert`")
        if sid is None or title is None:
            return
        solution = Solution(
            sid,
            title,
            m.span,
            summary[0],
            tuple(steps),
            tuple(a for a, _ in articles),
            expert,
            summary_novice=summary[1],
            summary_expert=summary[2],
        )
        self.draft.solutions.append(solution)
        self.note(solution, "expert", m.get("expert"))
        for article, span in articles:
            self.draft.spans[(id(solution), f"articles.{article}")] = span

    def summary(self, node: Node | None) -> tuple[str, str | None, str | None]:
        """Text, or a section with `text`, `novice` and `expert`; plain text, not a template."""
        if node is None or (isinstance(node, Scalar) and isinstance(node.value, str)):
            return self.f.text(node, "`summary`") or "", None, None
        if not isinstance(node, Mapping):
            empty = "write the summary after the colon, or remove `summary`"
            self.text_or_section(node, "`summary`", _SUMMARY_KEYS, empty)
            return "", None, None
        found = self.variants(node, "summary", _SUMMARY_KEYS)
        return ("", None, None) if found is None else found

    def step(self, node: Node) -> Step | None:
        """Text, or a section with `do`, `novice` and `expert`; each a template."""
        if isinstance(node, Scalar) and isinstance(node.value, str):
            self.draft.templates.append((node.value, node.span))
            return Step(node.value, node.span)
        if not isinstance(node, Mapping):
            empty = "write the step after the dash, or remove the empty item"
            self.text_or_section(node, item_of("steps"), _STEP_KEYS, empty)
            return None
        found = self.variants(node, "step", _STEP_KEYS)
        for key in _STEP_KEYS:
            value = node.get(key)
            if isinstance(value, Scalar) and isinstance(value.value, str):
                self.draft.templates.append((value.value, value.span))
        return None if found is None else Step(found[0], node.span, found[1], found[2])

    def text_or_section(self, node: Node, where: str, keys: tuple[str, ...], empty: str) -> None:
        """G101 for a step or summary that is neither text nor a section."""
        main, *levels = keys
        if isinstance(node, Scalar) and node.value is not None:
            hint = f'put it in quotes: `"{node.source}"`'
        elif isinstance(node, Scalar):
            hint = empty
        else:
            hint = (
                f"write the text on one line, or `{main}:` for everyone with "
                f"`{levels[0]}:` and `{levels[1]}:` below it"
            )
        self.f.error(
            node.span,
            "G101",
            f"expected text, or a section with `{main}`, for {where}, found {describe(node)}",
            hint,
        )

    def variants(
        self, m: Mapping, what: str, keys: tuple[str, ...]
    ) -> tuple[str, str | None, str | None] | None:
        """The text for everyone and the forms for novices and experts; None if unusable."""
        main = keys[0]
        for key, _ in m.entries:
            name = str(key.value)
            if name in keys:
                continue
            # `text` in a step and `do` in a summary: the other form's key for everyone.
            slip = f"; did you mean `{main}`?" if name in _MAIN_KEYS else suggestion(name, keys)
            listed = f"the keys of a {what} are: {', '.join(keys)}"
            self.f.error(
                key.span,
                "G102",
                f"unknown key `{name}` in a {what}{slip}",
                f"change `{name}` to `{main}`; {listed}"
                if name in _MAIN_KEYS
                else correction_first(name, keys, listed),
            )
        texts = {key: self.variant_text(m, key, what) for key in keys}
        if m.get(main) is None:
            self.f.error(
                m.span,
                "G103",
                f"missing key `{main}` in a {what}",
                f"add `{main}:` with the text every worker reads; "
                "`novice` and `expert` only replace it for those workers",
            )
        text = texts[main]
        return None if text is None else (text, texts["novice"], texts["expert"])

    def variant_text(self, m: Mapping, key: str, what: str) -> str | None:
        """One text of a step or summary section; empty text is refused."""
        node = m.get(key)
        value = self.f.text(node, f"`{key}` in a {what}")
        if value is None or node is None or value.strip():
            return value
        self.f.error(node.span, "G105", f"`{key}` in a {what} is empty", _EMPTY_HINTS[key])
        return None

    def article(self, node: Node, index: int) -> None:
        optional = ("kind", "file", "url", "tags", "owner", "review_by", "sources")
        m = self.section(node, "article", ("id", "title"), optional)
        if m is None:
            return
        aid = self.written_id("articles", m)
        title = self.f.text(m.get("title"), "`title`")
        kind = self.f.keyword(m.get("kind"), ArticleKind, "article kind", "`kind`")
        file = self.f.text(m.get("file"), "`file`")
        url = self.f.text(m.get("url"), "`url`")
        tags = self.f.texts(m.get("tags"), "tags")
        owner = self.f.text(m.get("owner"), "`owner`")
        review_by = self.f.date(m.get("review_by"), "`review_by`")
        sources = self.sources(m.get("sources"))
        if m.get("file") is None and m.get("url") is None:
            self.f.error(
                m.span,
                "G103",
                "an article needs `file` or `url` (or both)",
                "add `file: articles/NAME.md` beside the rule base, or `url: https://...`",
            )
        if aid is None or title is None:
            return
        path = None if file is None else self.draft.base_dir / file
        article = Article(
            aid,
            title,
            m.span,
            url,
            path,
            tags,
            owner,
            review_by,
            kind or ArticleKind.ARTICLE,
            sources,
        )
        self.draft.articles.append(article)
        self.note(article, "file", m.get("file"))

    def sources(self, node: Node | None) -> tuple[str, ...]:
        """An article's public sources: a list of texts, none of them empty."""
        items = self.f.items(node, "`sources`")
        if isinstance(node, Sequence) and not items:
            self.f.error(
                node.span,
                "G105",
                "`sources` is an empty list",
                "list the public sources the article rests on (title, author or "
                "organisation, year), or remove `sources`",
            )
        found = []
        for item in items:
            source = self.f.text(item, item_of("sources"))
            if source is None:
                continue
            if not source.strip():
                self.f.error(
                    item.span,
                    "G105",
                    "a source is empty",
                    "write the source's title, author or organisation and year, "
                    "or remove the empty item",
                )
                continue
            found.append(source)
        return tuple(found)

    def expert(self, node: Node, index: int) -> None:
        optional = ("role", "contact", "available", "covers")
        m = self.section(node, "expert", ("id", "name"), optional)
        if m is None:
            return
        eid = self.written_id("experts", m)
        name = self.f.text(m.get("name"), "`name`")
        role = self.f.text(m.get("role"), "`role`")
        contact = self.f.text(m.get("contact"), "`contact`")
        available = self.f.text(m.get("available"), "`available`")
        covers = self.f.texts(m.get("covers"), "covers")
        if eid is not None and name is not None:
            expert = Expert(eid, name, m.span, contact, covers, role=role, available=available)
            self.draft.experts.append(expert)

    # --- scenario tests -------------------------------------------------------------


def text_start(node: Node) -> Span | None:
    """Where the first character of a one-line text (plain or quoted) is, when every
    character is written as itself; None otherwise (over several lines, or escapes),
    so characters cannot be pointed at."""
    if not isinstance(node, Scalar) or not isinstance(node.value, str) or node.width is None:
        return None
    span = node.span
    if node.width == len(node.value):
        return span
    if node.width == len(node.value) + 2:  # in quotes
        return Span(span.path, span.line, span.column + 1)
    return None


def character_at(start: Span | None, whole: Span, offset: int) -> Span:
    """Where character ``offset`` of a text is, from where its first character is
    (``text_start``); where the whole text is when that is not known."""
    if start is None:
        return whole
    return Span(start.path, start.line, start.column + offset)


def _question_types(node: Node | None) -> dict[str, QuestionType]:
    """A first look at the questions' ids and types, so conditions anywhere can use them."""
    types: dict[str, QuestionType] = {}
    known = {t.value for t in QuestionType}
    for item in node.items if isinstance(node, Sequence) else ():
        if not isinstance(item, Mapping):
            continue
        qid, qtype = item.get("id"), item.get("type")
        if isinstance(qid, Scalar) and isinstance(qtype, Scalar) and qtype.value in known:
            types.setdefault(str(qid.value), QuestionType(qtype.value))
    return types
