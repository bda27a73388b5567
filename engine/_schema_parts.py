"""Building blocks of the rule-base JSON Schema (:mod:`engine.schema`).

Every property gets a ``title`` and a ``description``: the editor shows them
while the SME types. Sections are closed (``additionalProperties: false``), as
the loader refuses unknown keys.
"""

from __future__ import annotations

from typing import Any

from engine.model import ArticleKind

Schema = dict[str, Any]

_CHOICE_TYPES = ["choice", "multiple_choice"]


def section(
    title: str, description: str, properties: Schema, required: tuple[str, ...] = ()
) -> Schema:
    """A closed section (a mapping) with these keys."""
    found: Schema = {"title": title, "description": description, "type": "object"}
    if required:
        found["required"] = list(required)
    found["additionalProperties"] = False
    found["properties"] = properties
    return found


def ref(name: str, title: str, description: str) -> Schema:
    return {"$ref": f"#/$defs/{name}", "title": title, "description": description}


def text(title: str, description: str, **extra: Any) -> Schema:
    return {"title": title, "description": description, "type": "string", **extra}


def ident(title: str, description: str) -> Schema:
    return ref("id", title, description)


def integer(title: str, description: str) -> Schema:
    return {"title": title, "description": description, "type": "integer", "default": 0}


def certainty(title: str, description: str, **extra: Any) -> Schema:
    return {**ref("certainty", title, description), **extra}


def listing(item: str, title: str, description: str) -> Schema:
    """A section of the rule base: a list of records defined as ``$defs/<item>``."""
    return {
        "title": title,
        "description": description,
        "type": "array",
        "items": {"$ref": f"#/$defs/{item}"},
    }


def ids(title: str, description: str) -> Schema:
    return {
        "title": title,
        "description": description,
        "type": "array",
        "items": {"$ref": "#/$defs/id"},
    }


def texts(title: str, description: str) -> Schema:
    return {
        "title": title,
        "description": description,
        "type": "array",
        "items": {"type": "string"},
    }


def condition(title: str, description: str) -> Schema:
    return ref("condition", title, description)


def then() -> Schema:
    return {
        "title": "then",
        "description": "One action or a list of actions: `conclude`, `suggest`, `rule_out`.",
        "anyOf": [
            {"$ref": "#/$defs/action"},
            {"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/action"}},
        ],
    }


def answer() -> Schema:
    return {
        "title": "answer",
        "description": "yes/no, a number, text, a choice id, or a list of choice ids.",
        "anyOf": [
            {"$ref": "#/$defs/value"},
            {"type": "array", "items": {"type": "string"}},
        ],
    }


def question(types: list[str]) -> Schema:
    found = section(
        "question",
        "What the worker is asked. Guide asks only questions that matter, never twice.",
        {
            "id": ident("id", "The question's name; rules test its answer by this id."),
            "text": text(
                "text",
                "What the worker is asked; a Jinja2 template that can use earlier answers "
                "as `answers.<id>`.",
            ),
            "type": {
                "title": "type",
                "description": "How the worker answers: " + ", ".join(f"`{t}`" for t in types),
                "enum": types,
            },
            "choices": {
                "title": "choices",
                "description": "For `choice` and `multiple_choice`: at least two, each with "
                "`id` and `text`.",
                "type": "array",
                "minItems": 2,
                "items": {"$ref": "#/$defs/choice"},
            },
            "unit": text("unit", "Only for `number`: the unit shown, e.g. `units`."),
            "min": {
                "title": "min",
                "description": "Only for `number`: the lowest answer allowed (inclusive).",
                "type": "number",
            },
            "max": {
                "title": "max",
                "description": "Only for `number`: the highest answer allowed (inclusive).",
                "type": "number",
            },
            "integer": {
                "title": "integer",
                "description": "Only for `number`: whole numbers only (a count, a pack "
                "size); 12.5 is refused, saying a whole number is wanted.",
                "type": "boolean",
                "default": False,
            },
            "help": text("help", "Help text shown on request (a template too)."),
            "article": ident("article", "The id of an article to read for help."),
            "priority": integer(
                "priority",
                "Among the questions worth asking, higher priority is asked first, then the "
                "order in the file.",
            ),
            "ask_when": condition(
                "ask_when", "A condition: the question is a follow-up, asked only when it holds."
            ),
            "redact": {
                "title": "redact",
                "description": "Never keep this question's answer in consultation records: "
                "it is recorded as `(redacted)`.",
                "type": "boolean",
                "default": False,
            },
        },
        ("id", "text", "type"),
    )
    others = [t for t in types if t not in _CHOICE_TYPES]
    found["allOf"] = [
        _when_type(_CHOICE_TYPES, {"required": ["choices"]}),
        _when_type(others, {"properties": {"choices": False}}),
        _when_type(
            [t for t in types if t != "number"],
            {"properties": {"unit": False, "min": False, "max": False, "integer": False}},
        ),
    ]
    return found


def _when_type(types: list[str], then_schema: Schema) -> Schema:
    return {
        "if": {"required": ["type"], "properties": {"type": {"enum": types}}},
        "then": then_schema,
    }


def leveled(what: str, main: str, description: str, main_description: str) -> Schema:
    """A step or summary written as a section: the text for everyone, then by proficiency."""

    def filled(title: str, description: str) -> Schema:
        # The loader refuses empty text here (G105): at least one character that is not a space.
        return text(title, description, pattern=r"\S")

    return section(
        what,
        description,
        {
            main: filled(main, main_description),
            "novice": filled(
                "novice", f"The fuller {what} for a worker new to the task (optional)."
            ),
            "expert": filled(
                "expert", f"The short {what} for a worker who knows the task well (optional)."
            ),
        },
        (main,),
    )


def article() -> Schema:
    found = section(
        "article",
        "A knowledge article or another learning resource (a course, a checklist, a "
        "calculator): a Markdown `file` beside the rule base, a `url`, or both.",
        {
            "id": ident("id", "The article's name."),
            "title": text("title", "The article's title."),
            "kind": {
                "title": "kind",
                "description": "What it is to the worker, shown before the title (`Course: ...`).",
                "enum": [k.value for k in ArticleKind],
                "default": ArticleKind.ARTICLE.value,
            },
            "file": text(
                "file", "A Markdown file, relative to the rule base's folder and inside it."
            ),
            "url": text("url", "A link to the article."),
            "tags": texts("tags", "Words the article is about."),
            "owner": text("owner", "Who keeps the article current."),
            "review_by": text(
                "review_by",
                "The date to review the article by, written YYYY-MM-DD without quotes.",
                format="date",
            ),
            "sources": {
                **texts(
                    "sources",
                    "The public sources the article rests on: title, author or organisation, year.",
                ),
                "minItems": 1,
                "items": {"type": "string", "pattern": r"\S"},
            },
        },
        ("id", "title"),
    )
    found["anyOf"] = [{"required": ["file"]}, {"required": ["url"]}]
    return found


def expert() -> Schema:
    return section(
        "expert",
        "A person or team to escalate to.",
        {
            "id": ident("id", "The expert's name; solutions refer to it."),
            "name": text("name", "Who they are, in the worker's words."),
            "role": text("role", "Their role, as the organisation names it."),
            "contact": text("contact", "How to reach them."),
            "available": text("available", "When and how they are best reached."),
            "covers": texts("covers", "The topics they know."),
        },
        ("id", "name"),
    )
