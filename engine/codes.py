"""The registry of diagnostic codes.

Codes are stable and never renumbered; each has a page in
``docs/diagnostics/<code>.md``. Groups: G0xx the file and its YAML, G1xx the
shape of the rule base, G2xx references and meaning, G3xx findings of the
static analysis in :mod:`engine.lint` (dead parts, redundancy, upkeep), G4xx
scenario failures, G9xx internal errors.
"""

from __future__ import annotations

from types import MappingProxyType
from typing import Final, NamedTuple


class CodeInfo(NamedTuple):
    title: str
    summary: str


CODES: Final = MappingProxyType(
    {
        "G001": CodeInfo("cannot read the file", "The path is missing, a folder, or not readable."),
        "G002": CodeInfo("file too large", "A rule base file may be at most 4 MiB."),
        "G003": CodeInfo(
            "not UTF-8 text", "The file is binary, not UTF-8, or holds control characters."
        ),
        "G004": CodeInfo("empty file", "The file holds nothing but spaces or comments."),
        "G005": CodeInfo("YAML syntax error", "The file is not valid YAML."),
        "G006": CodeInfo(
            "unsupported tag", "A YAML tag such as `!!python/object` or `!foo` is refused."
        ),
        "G007": CodeInfo("anchor or alias", "YAML anchors (`&a`) and aliases (`*a`) are refused."),
        "G008": CodeInfo("nested too deeply", "The YAML is nested more than 64 levels deep."),
        "G009": CodeInfo("duplicate key", "The same key appears twice in one section."),
        "G010": CodeInfo(
            "key is not text", "A key is a number, a yes/no value, a list or a section."
        ),
        "G011": CodeInfo("more than one document", "The file holds several YAML documents."),
        "G101": CodeInfo(
            "wrong type", "A value is of the wrong kind, e.g. a list where text belongs."
        ),
        "G102": CodeInfo("unknown key", "A key that this part of the rule base does not have."),
        "G103": CodeInfo("missing key", "A required key is missing."),
        "G104": CodeInfo(
            "invalid id",
            "An id is not lower-case letters, digits and underscores, or a version"
            " holds a control character.",
        ),
        "G105": CodeInfo("out of range", "A number or a count lies outside what is allowed."),
        "G106": CodeInfo("unknown keyword", "A value must be one of a fixed set of words."),
        "G107": CodeInfo("unsupported format", "The rule base is written for another format."),
        "G108": CodeInfo(
            "malformed condition or action", "A condition or action does not follow the grammar."
        ),
        "G109": CodeInfo(
            "test not valid for this question", "The test cannot be used on this question type."
        ),
        "G110": CodeInfo(
            "value does not fit the question", "A tested value cannot be an answer to the question."
        ),
        "G111": CodeInfo("template syntax error", "A Jinja2 template cannot be parsed."),
        "G112": CodeInfo(
            "condition too complex", "A condition has more than 256 alternative ways to hold."
        ),
        "G113": CodeInfo(
            "formula error", "A computed value's formula cannot be read, or divides by zero."
        ),
        "G201": CodeInfo("duplicate id", "Two items in one section have the same id."),
        "G202": CodeInfo("unknown question", "A reference to a question that does not exist."),
        "G203": CodeInfo("unknown fact", "A reference to a fact that does not exist."),
        "G204": CodeInfo("unknown solution", "A reference to a solution that does not exist."),
        "G205": CodeInfo("unknown article", "A reference to an article that does not exist."),
        "G206": CodeInfo("unknown expert", "A reference to an expert that does not exist."),
        "G207": CodeInfo("unknown choice", "A test names a choice the question does not offer."),
        "G208": CodeInfo("cycle among facts", "Facts depend on each other in a circle."),
        "G209": CodeInfo(
            "article file missing or outside", "An article file is missing or outside the folder."
        ),
        "G210": CodeInfo("ask_when cycle", "Follow-up questions wait for each other in a circle."),
        "G211": CodeInfo(
            "scenario problem", "A scenario test refers to unknown things or bad answers."
        ),
        "G212": CodeInfo(
            "formula or value reference",
            "A formula or test names something that is not a number it can use.",
        ),
        "G213": CodeInfo(
            "cycle among computed values", "Computed values are computed from each other."
        ),
        "G214": CodeInfo(
            "fallback misuse", "A fallback rule does more than suggest, or a rule waits for one."
        ),
        "G301": CodeInfo(
            "solution never suggested", "No rule that can fire suggests the solution."
        ),
        "G302": CodeInfo("question never used", "No rule or follow-up tests the question."),
        "G303": CodeInfo("article never referenced", "No question or solution links the article."),
        "G304": CodeInfo("expert never referenced", "No solution names the expert."),
        "G305": CodeInfo("fact never tested", "A fact that no rule or follow-up tests."),
        "G306": CodeInfo("fact never concluded", "A fact is tested, but no rule concludes it."),
        "G310": CodeInfo("rule can never fire", "No answers can make the rule's condition hold."),
        "G311": CodeInfo(
            "test no answer passes", "No valid answer to the question passes the test."
        ),
        "G312": CodeInfo("follow-up never asked", "A follow-up's `ask_when` can never hold."),
        "G313": CodeInfo("duplicate rule", "Two rules have the same condition and actions."),
        "G314": CodeInfo(
            "rule covered by another",
            "A broader rule with the same full-effect actions always fires with it.",
        ),
        "G320": CodeInfo("article past review date", "An article's `review_by` date has passed."),
        "G321": CodeInfo("article due for review", "An article's `review_by` is within 30 days."),
        "G322": CodeInfo("article without owner", "An article has no `owner` to keep it current."),
        "G323": CodeInfo("solution without steps", "A solution says what, but not how."),
        "G324": CodeInfo("rule without because", "A rule does not say why it holds."),
        "G330": CodeInfo(
            "control character in text",
            "A text or an article holds a terminal control character such as ESC.",
        ),
        "G331": CodeInfo(
            "direction mark in text", "A text or an article holds an invisible direction mark."
        ),
        "G332": CodeInfo(
            "choice text reads as another choice",
            "A choice's text is another choice's id, number or text.",
        ),
        "G333": CodeInfo("macro never finishes", "A template's macro always calls itself."),
        "G901": CodeInfo("internal error", "Guide failed unexpectedly; please report it."),
    }
)

#: Where each code's page lives in Guide's source (no web address is published yet).
DOCS_PATH: Final = "docs/diagnostics/"


def doc_path(code: str) -> str:
    """The path of a code's documentation page in Guide's source, as diagnostics cite it."""
    return f"{DOCS_PATH}{code}.md"
