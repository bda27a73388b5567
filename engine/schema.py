"""A JSON Schema of the rule-base format, for the SME's editor: ``guide schema``.

An editor with a YAML language server (VS Code's YAML extension, for one)
validates a rule base against this schema and completes keys as the SME types,
showing each key's title and description from docs/rulebase-format.md.

The schema describes the *shape* of a rule base: keys, kinds of values, ids,
keywords and ranges. It agrees with the loader on those (codes G101-G108, see
tests/test_schema.py), but it cannot see across the file: references to ids
(G2xx), whether a test suits a question's type (G109, G110), templates (G111)
and the static analysis (G3xx) are ``guide check``'s alone. It is written for
data as Guide reads YAML (version 1.1: ``yes``/``no`` are yes/no values, an
unquoted ``2027-06-30`` is a date, shown to the schema as text).
"""

from __future__ import annotations

from engine._fields import ID_PATTERN, MAX_ID_LENGTH
from engine._schema_parts import (
    Schema,
    answer,
    article,
    certainty,
    expert,
    ident,
    ids,
    integer,
    leveled,
    listing,
    ref,
    section,
    text,
)
from engine._schema_parts import condition as condition_def
from engine._schema_parts import question as question_def
from engine._schema_parts import then as then_def
from engine.model import (
    FORMAT_VERSION,
    AskMode,
    Operator,
    QuestionOrder,
    QuestionType,
    SolutionState,
)

__all__ = ["DIALECT", "rulebase_schema"]

#: The JSON Schema dialect the schema is written in.
DIALECT = "https://json-schema.org/draft/2020-12/schema"


def rulebase_schema() -> Schema:
    """The JSON Schema (draft 2020-12) of a rule base in format 1, as a new dict.

    The same call gives an equal value every time, so it can be written to a
    file and compared.
    """
    return {
        "$schema": DIALECT,
        "title": f"Guide rule base, format {FORMAT_VERSION}",
        "description": (
            "A rule base an SME writes: who wrote it, what to ask, what follows from the "
            "answers, what to do about it, where to read more, who to call, and the tests "
            "that prove it. `guide check` is the authority: it also checks references "
            "between parts, which a schema cannot. See docs/rulebase-format.md."
        ),
        "type": "object",
        "required": ["format", "metadata", "questions", "rules", "solutions"],
        "additionalProperties": False,
        "properties": {
            "format": {
                "title": "format",
                "description": (
                    f"Always `{FORMAT_VERSION}` for this version. A file written for a "
                    "newer format is refused instead of being half understood."
                ),
                "const": FORMAT_VERSION,
            },
            "metadata": ref("metadata", "metadata", "Who wrote this and what it is for."),
            "settings": ref(
                "settings",
                "settings",
                "Certainty threshold, when to stop, which questions and in which order.",
            ),
            "questions": listing("question", "questions", "What the worker is asked."),
            "computed": listing(
                "computed_value",
                "computed",
                "Numbers computed from number answers by a formula, e.g. a gap to target.",
            ),
            "facts": listing(
                "fact",
                "facts",
                "Named intermediate conclusions: some rules conclude them, others test them.",
            ),
            "rules": listing("rule", "rules", "When ... then ... because ..."),
            "solutions": listing("solution", "solutions", "What the worker should do."),
            "articles": listing("article", "articles", "Knowledge articles to read."),
            "experts": listing("expert", "experts", "People to escalate to."),
            "tests": listing("test", "tests", "Scenarios that prove the rule base."),
        },
        "$defs": _definitions(),
    }


def _definitions() -> Schema:
    return {
        "id": {
            "title": "id",
            "description": (
                "A name: lower-case letters, digits and underscores, starting with a letter, "
                f"at most {MAX_ID_LENGTH} characters, e.g. `stock_count`."
            ),
            "type": "string",
            "pattern": f"^{ID_PATTERN.pattern}$",
            "maxLength": MAX_ID_LENGTH,
        },
        "certainty": {
            "title": "certainty",
            "description": "A fraction more than 0 and at most 1, e.g. `0.8` for 80%.",
            "type": "number",
            "exclusiveMinimum": 0,
            "maximum": 1,
        },
        "value": {
            "title": "value",
            "description": "A value to compare an answer with: yes/no, a number or text.",
            "type": ["boolean", "number", "string"],
        },
        "metadata": section(
            "metadata",
            "Who wrote this and what it is for. Workers see the owners: they should know "
            "whose knowledge they follow.",
            {
                "id": ident("id", "The rule base's name, e.g. `stock_count`."),
                "title": text("title", "What the rule base helps with, in the worker's words."),
                "version": text(
                    "version", 'Text: quote it (`"1.2"`) so YAML does not read 1.20 as 1.2.'
                ),
                "description": text("description", "Who the rule base is for, and when."),
                "language": text("language", "The language it is written in.", default="en"),
                "owners": {
                    "title": "owners",
                    "description": "Whose knowledge this is; at least one.",
                    "type": "array",
                    "minItems": 1,
                    "items": {"$ref": "#/$defs/owner"},
                },
            },
            ("id", "title", "version", "owners"),
        ),
        "owner": section(
            "owner",
            "A person who owns the knowledge.",
            {
                "name": text("name", "The owner's name."),
                "role": text("role", "Their role, e.g. `Inventory control lead`."),
                "contact": text("contact", "How to reach them."),
            },
            ("name", "role"),
        ),
        "settings": section(
            "settings",
            "Optional settings.",
            {
                "confirm_threshold": certainty(
                    "confirm_threshold",
                    "Certainty at or above which a solution is confirmed.",
                    default=0.8,
                ),
                "stop_when_confirmed": {
                    "title": "stop_when_confirmed",
                    "description": "Stop asking once a solution is confirmed.",
                    "type": "boolean",
                    "default": False,
                },
                "advisory": {
                    "title": "advisory",
                    "description": "The recommendations are advice to choose from (a strategy, "
                    "a course of action), not fixes for a fault: the wizard asks which of them "
                    "the worker will use instead of whether one fixed the problem.",
                    "type": "boolean",
                    "default": False,
                },
                "record_free_text": {
                    "title": "record_free_text",
                    "description": "Keep the text of `text` answers in consultation records "
                    "(otherwise they are recorded as `(redacted)`).",
                    "type": "boolean",
                    "default": False,
                },
                "ask": {
                    "title": "ask",
                    "description": "Which questions are worth asking: `while_it_matters` (while "
                    "the answer can still change a solution's state or the order of the leading "
                    "recommendations) or `exhaustive` (also while it can still raise any "
                    "recommendation's certainty).",
                    "enum": [mode.value for mode in AskMode],
                    "default": AskMode.WHILE_IT_MATTERS.value,
                },
                "order": {
                    "title": "order",
                    "description": "In which order they come: `priority` (question priority, "
                    "then the file's order) or `goal_driven` (the questions of the most "
                    "promising rule first, following facts to the rules that conclude them).",
                    "enum": [order.value for order in QuestionOrder],
                    "default": QuestionOrder.PRIORITY.value,
                },
            },
        ),
        "question": question_def([t.value for t in QuestionType]),
        "choice": section(
            "choice",
            "One answer the worker can pick.",
            {
                "id": ident("id", "The choice's name; conditions test it."),
                "text": text("text", "What the worker reads."),
            },
            ("id", "text"),
        ),
        "computed_value": section(
            "computed value",
            "A number computed from number answers (and other computed values) by a formula. "
            "Test it with `computed: ID`; show it in texts as `{{ computed.ID }}`.",
            {
                "id": ident("id", "The value's name; not the id of a question."),
                "text": text("text", "What the value is, in the worker's words."),
                "formula": text(
                    "formula",
                    "Numbers, ids of number questions and computed values, + - * /, brackets, "
                    "min(), max(), abs(), round(); at most 1,000 characters. Unknown when an "
                    "input is unknown or the formula divides by zero.",
                ),
                "unit": text("unit", "The unit shown after the value, e.g. `days`."),
                "decimals": {
                    "title": "decimals",
                    "description": "Digits shown after the decimal point, 0 to 6.",
                    "type": "integer",
                    "minimum": 0,
                    "maximum": 6,
                    "default": 1,
                },
            },
            ("id", "text", "formula"),
        ),
        "fact": section(
            "fact",
            "A derived fact: a named intermediate conclusion. Facts may not depend on themselves.",
            {
                "id": ident("id", "The fact's name."),
                "description": text("description", "What it means when the fact holds."),
            },
            ("id",),
        ),
        "rule": section(
            "rule",
            "When the condition holds, the actions apply.",
            {
                "id": ident("id", "The rule's name, cited in explanations."),
                "when": {
                    "title": "when",
                    "description": "The condition; a list means all of them. `each:` (here "
                    "only) is `any:` under which every part that holds adds its own evidence.",
                    "anyOf": [{"$ref": "#/$defs/condition"}, {"$ref": "#/$defs/each"}],
                },
                "then": then_def(),
                "because": text(
                    "because",
                    "The explanation shown to the worker. Not required, but write it: "
                    "it is what the worker reads.",
                ),
                "priority": integer(
                    "priority", "When several rules are ready, higher priority fires first."
                ),
            },
            ("id", "when", "then"),
        ),
        "condition": {
            "title": "condition",
            "description": (
                "One of: `question` plus one test; `computed` plus one test; `fact`; "
                "`solution` plus `is`; `nothing` (a fallback); `all`, `any` (lists of "
                "conditions); `not`; or a list (all of them)."
            ),
            "anyOf": [
                {"$ref": "#/$defs/question_test"},
                {"$ref": "#/$defs/computed_test"},
                {"$ref": "#/$defs/nothing_test"},
                {"$ref": "#/$defs/fact_test"},
                {"$ref": "#/$defs/solution_test"},
                {"$ref": "#/$defs/all"},
                {"$ref": "#/$defs/any"},
                {"$ref": "#/$defs/not"},
                {
                    "title": "all of a list",
                    "description": "A list of conditions: every one holds.",
                    "type": "array",
                    "minItems": 1,
                    "items": {"$ref": "#/$defs/condition"},
                },
            ],
        },
        **_condition_forms(),
        "action": {
            "title": "action",
            "description": "`conclude: FACT`, `suggest: SOLUTION` with `certainty`, or "
            "`rule_out: SOLUTION`.",
            "anyOf": [
                {"$ref": "#/$defs/conclude"},
                {"$ref": "#/$defs/suggest"},
                {"$ref": "#/$defs/rule_out"},
            ],
        },
        "conclude": section(
            "conclude",
            "The derived fact holds.",
            {
                "conclude": ident("conclude", "The fact that holds."),
                "certainty": certainty("certainty", "How certain the rule is.", default=1),
            },
            ("conclude",),
        ),
        "suggest": section(
            "suggest",
            "Evidence for the solution.",
            {
                "suggest": ident("suggest", "The solution to suggest."),
                "certainty": certainty("certainty", "How strong the evidence is (required)."),
            },
            ("suggest", "certainty"),
        ),
        "rule_out": section(
            "rule_out",
            "The solution does not apply, whatever else suggests it.",
            {"rule_out": ident("rule_out", "The solution to rule out.")},
            ("rule_out",),
        ),
        "solution": section(
            "solution",
            "What the worker should do.",
            {
                "id": ident("id", "The solution's name."),
                "title": text("title", "What to do, in a few words."),
                "summary": {
                    "title": "summary",
                    "description": "Why this is the fix: text, or `text` for every worker "
                    "with `novice` and `expert` forms.",
                    "anyOf": [{"type": "string"}, {"$ref": "#/$defs/summary_forms"}],
                },
                "steps": {
                    "title": "steps",
                    "description": "Shown in order as a numbered list; Markdown and Jinja2 "
                    "templates with the answers as `answers.<id>`. A step is text, or `do` "
                    "for every worker with `novice` and `expert` forms.",
                    "type": "array",
                    "items": {
                        "anyOf": [{"type": "string"}, {"$ref": "#/$defs/step_forms"}],
                    },
                },
                "articles": {
                    "title": "articles",
                    "description": "Ids of articles to read.",
                    "type": "array",
                    "items": {"$ref": "#/$defs/id"},
                },
                "expert": ident("expert", "The id of the expert to call."),
            },
            ("id", "title"),
        ),
        "step_forms": leveled(
            "step",
            "do",
            "A step with forms by proficiency: a novice reads `novice`, an expert "
            "`expert`, everyone else (and those whose form is missing) `do`.",
            "What every worker does; a template with the answers.",
        ),
        "summary_forms": leveled(
            "summary",
            "text",
            "A summary with forms by proficiency: a novice reads `novice`, an expert "
            "`expert`, everyone else (and those whose form is missing) `text`.",
            "Why this is the fix, for every worker.",
        ),
        "article": article(),
        "expert": expert(),
        "test": section(
            "test",
            "A scenario that plays a worker and checks the recommendations.",
            {
                "name": text("name", "What the scenario is about."),
                "answers": {
                    "title": "answers",
                    "description": "`question: answer` lines, one per question the "
                    "scenario answers.",
                    "type": "object",
                    "additionalProperties": answer(),
                },
                "skipped": ids("skipped", 'Questions answered with "I don\'t know".'),
                "expect": section(
                    "expect",
                    "What must (not) come out.",
                    {
                        "top": ident("top", "The solution that must be recommended first."),
                        "includes": ids("includes", "Solutions that must be recommended."),
                        "excludes": ids("excludes", "Solutions that must not be recommended."),
                        "not_asked": ids("not_asked", "Questions that must not be asked."),
                    },
                ),
            },
            ("name",),
        ),
    }


def _condition_forms() -> Schema:
    states = [s.value for s in SolutionState]
    return {
        "question_test": _question_test(),
        "computed_test": _question_test("computed"),
        "nothing_test": section(
            "fallback condition",
            "Holds once no solution that ordinary rules suggest is recommended in this "
            "state, and none can still be. A rule with it may only suggest.",
            {
                "nothing": {
                    "title": "nothing",
                    "description": "`suggested` (nothing else is suggested) or `confirmed` "
                    "(nothing else is confirmed).",
                    "enum": ["suggested", "confirmed"],
                }
            },
            ("nothing",),
        ),
        "fact_test": section(
            "fact condition",
            "Holds when the derived fact has been concluded.",
            {"fact": ident("fact", "The fact to test.")},
            ("fact",),
        ),
        "solution_test": section(
            "solution condition",
            "Holds when the solution has this state.",
            {
                "solution": ident("solution", "The solution to test."),
                "is": {
                    "title": "is",
                    "description": "`suggested` (or confirmed), `confirmed` or `ruled_out`.",
                    "enum": states,
                },
            },
            ("solution", "is"),
        ),
        "all": section(
            "all",
            "Every one holds.",
            {"all": _conditions("all", "Conditions that must all hold.")},
            ("all",),
        ),
        "any": section(
            "any",
            "At least one holds.",
            {"any": _conditions("any", "Conditions of which at least one must hold.")},
            ("any",),
        ),
        "each": section(
            "each",
            "At least one holds, and every part that holds adds its own evidence "
            "(MYCIN combination); only as a rule's whole `when`.",
            {"each": _conditions("each", "Conditions that each count when they hold.")},
            ("each",),
        ),
        "not": section(
            "not",
            "The condition is false; never fires on a missing answer.",
            {"not": condition_def("not", "The condition that must be false.")},
            ("not",),
        ),
    }


def _conditions(title: str, description: str) -> Schema:
    return {
        "title": title,
        "description": description,
        "type": "array",
        "minItems": 1,
        "items": {"$ref": "#/$defs/condition"},
    }


_TESTS: dict[Operator, str] = {
    Operator.IS: "The answer is this value (yes_no, choice, number, text).",
    Operator.IS_NOT: "The answer is not this value (yes_no, choice, number, text).",
    Operator.ONE_OF: "The answer is one of these values (choice, number, text).",
    Operator.CONTAINS: "The choice is selected (multiple_choice), or the text contains it.",
    Operator.LESS_THAN: "The number is less than this (number).",
    Operator.AT_MOST: "The number is at most this (number).",
    Operator.MORE_THAN: "The number is more than this (number).",
    Operator.AT_LEAST: "The number is at least this (number).",
    Operator.BETWEEN: "The number lies in `[LOW, HIGH]`, inclusive (number).",
    Operator.ANSWERED: (
        'yes: the question is answered; no: the worker said "I don\'t know", '
        "or the question can no longer be asked (every type)."
    ),
}


def _question_test(subject: str = "question") -> Schema:
    """A test on a question's answer, or (``computed``) on a computed value: a number."""
    if subject == "question":
        properties: Schema = {"question": ident("question", "The question whose answer is tested.")}
        tests = _TESTS
    else:
        properties = {"computed": ident("computed", "The computed value that is tested.")}
        tests = {op: d for op, d in _TESTS.items() if op is not Operator.CONTAINS}
    for op, description in tests.items():
        if op is Operator.ONE_OF:
            operand: Schema = {"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/value"}}
        elif op is Operator.BETWEEN:
            operand = {"type": "array", "minItems": 2, "maxItems": 2, "items": {"type": "number"}}
        elif op in (Operator.IS, Operator.IS_NOT, Operator.CONTAINS):
            operand = {"$ref": "#/$defs/value"}
        elif op is Operator.ANSWERED:
            operand = {"type": "boolean"}
        else:
            operand = {"type": "number"}
        properties[op.value] = {"title": op.value, "description": description, **operand}
    found = section(
        f"{subject} condition",
        f"`{subject}: ID` plus exactly one test on "
        + ("its answer." if subject == "question" else "its value (as for a number)."),
        properties,
        (subject,),
    )
    found["minProperties"] = 2
    found["maxProperties"] = 2
    return found
