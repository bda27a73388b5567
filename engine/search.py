"""Find solutions and articles by their words, for the worker who knows what to look for.

:func:`search` looks through rule bases already loaded: a solution's title,
summary and steps; an article's title, tags and Markdown text. Matching
ignores case and accents, and a query word matches any word that starts with
it (``scan`` finds "scanner"); every word of the query must match somewhere
in the solution or article.

Hits are ranked by where the words are found: all in the title first, then
all in the title and summary (an article's tags count as its summary), then
anywhere; ties keep the order of the rule bases given, then of their files.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from enum import IntEnum
from pathlib import Path

from engine.model import Article, ArticleKind, Rulebase, Solution

__all__ = [
    "Hit",
    "Where",
    "search",
    "words",
]

#: The longest snippet, in characters.
SNIPPET_LENGTH = 80
#: Article files larger than this are searched by title and tags only.
MAX_ARTICLE_BYTES = 1024 * 1024
_WORD = re.compile(r"\w+")
_TEMPLATE = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.DOTALL)
_MARKUP = re.compile(r"^[#>*\-+\s]+|^\d+[.)]\s+|[*`_]{1,3}(?=\w)|(?<=\w)[*`_]{1,3}")


class Where(IntEnum):
    """Where every query word was found; lower ranks first."""

    TITLE = 0
    SUMMARY = 1
    BODY = 2


@dataclass(frozen=True, slots=True)
class Hit:
    """A solution or article that matches a query."""

    rulebase_id: str
    #: The rule base's file, to start its consultation.
    rulebase_path: Path
    kind: str  # "solution" or "article"
    id: str
    title: str
    where: Where
    #: A short piece of text around the first match beyond the title ("" if none).
    snippet: str
    #: An article's Markdown file or URL, if it has one.
    location: str | None = None
    #: What an article is (an article, a course, a checklist, a calculator); None for a solution.
    article_kind: ArticleKind | None = None

    @property
    def heading(self) -> str:
        """The title, with an article's kind before it: ``Course: Safety stock in practice``."""
        return (
            self.title if self.article_kind is None else f"{self.article_kind.label}: {self.title}"
        )


def words(text: str) -> list[str]:
    """The query's words, folded: lower case, accents removed."""
    return _WORD.findall(_fold(text)[0])


def search(rulebases: Iterable[Rulebase], text: str) -> list[Hit]:
    """Solutions and articles whose words match every word of ``text``, best first.

    An article whose file cannot be read is searched by its title and tags.
    A query without words finds nothing.
    """
    query = words(text)
    if not query:
        return []
    found: list[tuple[Where, int, int, Hit]] = []
    for number, rulebase in enumerate(rulebases):
        items: list[tuple[int, Solution | Article]] = [
            *((s.span.line, s) for s in rulebase.solutions),
            *((a.span.line, a) for a in rulebase.articles),
        ]
        for line, item in items:
            hit = _match(rulebase, item, query)
            if hit is not None:
                found.append((hit.where, number, line, hit))
    found.sort(key=lambda entry: entry[:3])
    return [hit for *_, hit in found]


def _match(rulebase: Rulebase, item: Solution | Article, query: list[str]) -> Hit | None:
    if isinstance(item, Solution):
        kind, location, article_kind = "solution", None, None
        # Every form a worker may read: the novice detail often holds the words
        # a newcomer searches with, the expert form the jargon.
        summary = [t for t in (item.summary, item.summary_novice, item.summary_expert) if t]
        body = [t for step in item.steps for t in (step.text, step.novice, step.expert) if t]
    else:
        kind, article_kind = "article", item.kind
        location = item.url if item.file is None else item.file.name
        summary = [", ".join(item.tags)] if item.tags else []
        body = _paragraphs(item.file)
    tiers = ([item.title], summary, body)
    seen: set[str] = set()
    for where, texts in zip(Where, tiers, strict=True):
        seen |= {q for q in query if any(_find(t, q) is not None for t in texts)}
        if seen == set(query):
            snippet = _snippet(where, tiers, query)
            return Hit(
                rulebase.id,
                rulebase.path,
                kind,
                item.id,
                item.title,
                where,
                snippet,
                location,
                article_kind,
            )
    return None


def _snippet(where: Where, tiers: tuple[list[str], ...], query: list[str]) -> str:
    if where is Where.TITLE:
        return _shorten(tiers[1][0], 0) if tiers[1] else ""
    for text in tiers[where]:
        positions = [p for p in (_find(text, q) for q in query) if p is not None]
        if positions:
            return _shorten(text, min(positions))
    return ""  # pragma: no cover -- the tier matched, so one of its texts holds a word


def _find(text: str, word: str) -> int | None:
    """Where in ``text`` a word starting with ``word`` begins (folded), or None."""
    folded, origin = _fold(text)
    for match in _WORD.finditer(folded):
        if match.group().startswith(word):
            return origin[match.start()]
    return None


def _fold(text: str) -> tuple[str, list[int]]:
    """``text`` without case or accents, and each folded character's index in ``text``."""
    out: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(text):
        plain = "".join(
            c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c)
        ).casefold()
        out.append(plain)
        origin.extend([index] * len(plain))
    return "".join(out), origin


def _shorten(text: str, at: int) -> str:
    """At most :data:`SNIPPET_LENGTH` characters of ``text`` around position ``at``."""
    if len(text) <= SNIPPET_LENGTH:
        return text
    start = max(0, min(at - SNIPPET_LENGTH // 3, len(text) - SNIPPET_LENGTH))
    if start:
        space = text.find(" ", start)
        start = space + 1 if 0 <= space < at else start
    end = start + SNIPPET_LENGTH - 2
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > at else end
    return ("…" if start else "") + text[start:end].strip() + ("…" if end < len(text) else "")


def _paragraphs(path: Path | None) -> list[str]:
    """An article's Markdown as paragraphs of plain words (templates and markup removed)."""
    if path is None:
        return []
    try:
        if path.stat().st_size > MAX_ARTICLE_BYTES:
            return []
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return []
    text = _TEMPLATE.sub(" ", text)
    found = []
    for block in re.split(r"\n\s*\n", text):
        lines = [_MARKUP.sub("", line).strip() for line in block.splitlines()]
        paragraph = " ".join(line for line in lines if line)
        if paragraph:
            found.append(paragraph)
    return found
