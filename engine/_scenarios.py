"""Checks on the scenario tests written inside a rule base (G211).

Running the scenarios is the testing module's job; here we only make sure they
can run: every question and solution they name exists, and every answer is one
the worker could give.
"""

from __future__ import annotations

from types import MappingProxyType

from engine._draft import Draft
from engine._fields import Fields, correction_first, item_of, suggestion
from engine._yaml import Mapping, Node, Scalar, Sequence
from engine.errors import Diagnostic, Severity, Span
from engine.model import Question, QuestionType, Scenario, Value

MAX_TEXT_ANSWER = 2000


class ScenarioShaper:
    """Shapes the `tests` section into :class:`~engine.model.Scenario` records."""

    def __init__(self, fields: Fields, draft: Draft) -> None:
        self.fields = fields
        self.draft = draft

    def test(self, node: Node, index: int) -> None:
        m = self.fields.section(
            node, "test", item_of("tests"), ("name",), ("answers", "skipped", "expect")
        )
        if m is None:
            return
        name_node = m.get("name")
        name = self.fields.text(name_node, "`name`")
        answers, spans = self.answers(m.get("answers"))
        skipped = self.fields.idents(m.get("skipped"), "skipped")
        expect = self.expect(m.get("expect"))
        if name is None or name_node is None:
            return
        self.draft.written.setdefault("tests", []).append((name, name_node.span))
        scenario = Scenario(
            name,
            m.span,
            MappingProxyType(answers),
            tuple(s for s, _ in skipped),
            expect_top=next((v for v, _ in expect.get("top", ())), None),
            expect_includes=tuple(v for v, _ in expect.get("includes", ())),
            expect_excludes=tuple(v for v, _ in expect.get("excludes", ())),
            expect_not_asked=tuple(v for v, _ in expect.get("not_asked", ())),
        )
        self.draft.tests.append(scenario)
        spans.update({f"skipped.{s}": span for s, span in skipped})
        for key, found in expect.items():
            spans.update({f"{key}.{v}": span for v, span in found})
        for what, span in spans.items():
            self.draft.spans[(id(scenario), what)] = span

    def answers(self, node: Node | None) -> tuple[dict[str, Value], dict[str, Span]]:
        answers: dict[str, Value] = {}
        spans: dict[str, Span] = {}
        if node is None:
            return answers, spans
        if not isinstance(node, Mapping):
            self.fields.wrong_type(node, "a section of `question: answer` lines", "`answers`")
            return answers, spans
        for key, value_node in node.entries:
            qid = str(key.value)
            spans[f"question.{qid}"] = key.span
            spans[f"answer.{qid}"] = value_node.span
            value = self.answer(value_node, qid)
            if value is not None:
                answers[qid] = value
        return answers, spans

    def answer(self, node: Node, qid: str) -> Value | None:
        if isinstance(node, Sequence):
            texts = [self.fields.text(item, f"an answer to `{qid}`") for item in node.items]
            clean = tuple(t for t in texts if t is not None)
            return clean if len(clean) == len(texts) else None
        if isinstance(node, Scalar) and node.value is None:
            self.fields.error(
                node.span,
                "G101",
                f"expected an answer for `{qid}`, found nothing",
                f"write the answer after the colon; to skip the question, "
                f"list `{qid}` under `skipped`",
            )
            return None
        if isinstance(node, Scalar) and isinstance(node.value, (bool, int, float, str)):
            return node.value
        expected = "an answer (yes/no, a number, text or a list of choice ids)"
        self.fields.wrong_type(node, expected, f"`{qid}`")
        return None

    def expect(self, node: Node | None) -> dict[str, list[tuple[str, Span]]]:
        if node is None:
            return {}
        keys = ("top", "includes", "excludes", "not_asked")
        m = self.fields.section(node, "expect", "`expect`", (), keys)
        if m is None:
            return {}
        found = {key: self.fields.idents(m.get(key), key) for key in keys[1:]}
        top_node = m.get("top")
        top = self.fields.ident(top_node, "`top`")
        if top is not None and top_node is not None:
            found["top"] = [(top, top_node.span)]
        return found


def check_scenarios(draft: Draft) -> list[Diagnostic]:
    questions = {q.id: q for q in reversed(draft.questions)}
    known_questions = draft.ids("questions")
    known_solutions = draft.ids("solutions")
    found: list[Diagnostic] = []

    def error(span: Span, message: str, hint: str) -> None:
        found.append(Diagnostic(span, Severity.ERROR, "G211", message, hint))

    for test in draft.tests:

        def at(what: str, test: Scenario = test) -> Span:
            return draft.span_of(test, what, test.span)

        prefix = f"test `{test.name}`"
        for qid, value in test.answers.items():
            if qid not in known_questions:
                error(
                    at(f"question.{qid}"),
                    f"{prefix} answers `{qid}`, which is not a question"
                    + suggestion(qid, known_questions),
                    correction_first(
                        qid,
                        known_questions,
                        "answer questions by their id, as written under `questions`",
                    ),
                )
            elif qid in questions:
                problem = _misfit(questions[qid], value)
                if problem is not None:
                    error(at(f"answer.{qid}"), f"{prefix}: {problem[0]}", problem[1])
        for qid in test.skipped:
            if qid not in known_questions:
                error(
                    at(f"skipped.{qid}"),
                    f"{prefix} skips `{qid}`, which is not a question"
                    + suggestion(qid, known_questions),
                    correction_first(qid, known_questions, "list question ids under `skipped`"),
                )
            elif qid in test.answers:
                error(
                    at(f"skipped.{qid}"),
                    f"{prefix} both answers and skips `{qid}`",
                    f"remove `{qid}` from `answers` or from `skipped`",
                )
        for qid in test.expect_not_asked:
            if qid not in known_questions:
                error(
                    at(f"not_asked.{qid}"),
                    f"{prefix} expects `{qid}` not to be asked, but it is not a question"
                    + suggestion(qid, known_questions),
                    correction_first(qid, known_questions, "list question ids under `not_asked`"),
                )
        expected = [
            *(("top", s) for s in ([test.expect_top] if test.expect_top else [])),
            *(("includes", s) for s in test.expect_includes),
            *(("excludes", s) for s in test.expect_excludes),
        ]
        for key, sid in expected:
            if sid not in known_solutions:
                error(
                    at(f"{key}.{sid}"),
                    f"{prefix} expects `{sid}` under `{key}`, but it is not a solution"
                    + suggestion(sid, known_solutions),
                    correction_first(
                        sid,
                        known_solutions,
                        "name solutions by their id, as written under `solutions`",
                    ),
                )
        wanted = {test.expect_top, *test.expect_includes} - {None}
        for sid in test.expect_excludes:
            if sid in wanted:
                error(
                    at(f"excludes.{sid}"),
                    f"{prefix} both expects and excludes `{sid}`",
                    f"remove `{sid}` from `excludes` or from `top` and `includes`",
                )
    return found


def _misfit(question: Question, value: Value) -> tuple[str, str] | None:
    """Why ``value`` cannot be an answer to ``question`` (message, hint), or None."""
    qid, qtype = question.id, question.type
    ids = [c.id for c in question.choices]
    if qtype is QuestionType.YES_NO and not isinstance(value, bool):
        return f"`{qid}` is answered yes or no, found {_show(value)}", "write `yes` or `no`"
    if qtype is QuestionType.NUMBER:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            return f"`{qid}` is answered with a number, found {_show(value)}", "write a number"
        low = -float("inf") if question.minimum is None else question.minimum
        high = float("inf") if question.maximum is None else question.maximum
        if not low <= value <= high:
            return (
                f"the answer {value:g} to `{qid}` is outside {low:g}..{high:g}",
                "give a number within the question's `min` and `max`",
            )
    if qtype is QuestionType.TEXT:
        if not isinstance(value, str):
            return f"`{qid}` is answered with text, found {_show(value)}", "put it in quotes"
        if len(value) > MAX_TEXT_ANSWER:
            return (
                f"the answer to `{qid}` is longer than {MAX_TEXT_ANSWER} characters",
                "shorten it",
            )
    if qtype is QuestionType.CHOICE and (not isinstance(value, str) or value not in ids):
        return (
            f"`{qid}` is answered with one of its choice ids, found {_show(value)}",
            f"its choices are: {', '.join(ids)}",
        )
    if qtype is QuestionType.MULTIPLE_CHOICE:
        if not isinstance(value, tuple):
            return (
                f"`{qid}` is answered with a list of choice ids, found {_show(value)}",
                f"write the choices as a list, e.g. `[{ids[0] if ids else 'a'}]`",
            )
        unknown = [v for v in value if v not in ids]
        if unknown:
            return (
                f"`{qid}` has no choice `{unknown[0]}`{suggestion(unknown[0], ids)}",
                correction_first(unknown[0], ids, f"its choices are: {', '.join(ids)}"),
            )
    return None


def _show(value: Value) -> str:
    if isinstance(value, bool):
        return f"the yes/no value `{'yes' if value else 'no'}`"
    if isinstance(value, (int, float)):
        return f"the number `{value:g}`"
    if isinstance(value, tuple):
        return "a list"
    shown = value if len(value) <= 40 else value[:40] + "..."
    return f"the text `{shown}`"
