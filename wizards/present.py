"""How the engine's values read to a person: answers in words, certainty, links, progress.

Shared by the terminal screens and the report templates so both say the same
thing. Presentation only: what is true comes from the engine.
"""

from __future__ import annotations

from pathlib import Path

import engine
from wizards.controls import visible

#: Links a report or terminal may open; anything else is shown as text only.
SAFE_SCHEMES = ("https://", "http://", "file://", "mailto:")

STATE_WORDS = {
    engine.SolutionState.CONFIRMED: "confirmed",
    engine.SolutionState.SUGGESTED: "suggested",
    engine.SolutionState.RULED_OUT: "ruled out",
}


def certainty_words(certainty: float) -> str:
    return f"{certainty:.0%}"


def state_words(state: engine.SolutionState | None) -> str:
    return "not recommended" if state is None else STATE_WORDS[state]


def owner_words(owner_name: str, role: str, contact: str | None) -> str:
    return f"{owner_name}, {role}" + (f" ({contact})" if contact else "")


def expert_heading(expert: engine.Expert) -> str:
    """Who the expert is: the name, then the role if given."""
    return expert.name + (f", {expert.role}" if expert.role else "")


def expert_details(expert: engine.Expert) -> tuple[str, ...]:
    """The rest of the expert's profile, one line each: how and when to reach them,
    and what they know."""
    found = []
    if expert.contact:
        found.append(f"Contact: {expert.contact}")
    if expert.available:
        found.append(f"Available: {expert.available}")
    if expert.covers:
        found.append(f"Knows about: {', '.join(expert.covers)}")
    return tuple(found)


def article_details(article: engine.Article) -> tuple[str, ...]:
    """Who keeps the article current and until when, one line; empty when neither is known."""
    parts = []
    if article.owner:
        parts.append(f"Kept by {article.owner}")
    if article.review_by is not None:
        parts.append(f"to be reviewed by {article.review_by.isoformat()}")
    if not parts:
        return ()
    line = ", ".join(parts)
    return (line[0].upper() + line[1:] + ".",)


def article_url(article: engine.Article) -> str | None:
    """Where the article can be opened: its URL, else its Markdown file as a file:// link."""
    if article.url:
        return article.url
    if article.file is not None:
        return Path(article.file).resolve().as_uri()
    return None


def safe_link(url: str | None) -> str | None:
    """The URL if it is safe to make clickable (web, file or mail, and no control
    characters, which a terminal's link sequence would obey), else None."""
    if url is not None and url.casefold().startswith(SAFE_SCHEMES) and visible(url) == url:
        return url
    return None


def progress_words(progress: engine.Progress) -> str:
    """How far along: answered so far, and a fair range of what is left."""
    done = f"{progress.answered} answered"
    if progress.skipped:
        done += f", {progress.skipped} not known"
    least, most = progress.remaining_at_least, progress.remaining_at_most
    if most == 0:
        left = "no more questions"
    elif least == most:
        left = f"{most} more question" + ("s" if most != 1 else "")
    elif least == 0:
        left = f"up to {most} more questions"
    else:
        left = f"{least} to {most} more questions"
    return f"{done}; {left}"


def input_words(prompt: engine.Prompt) -> str:
    """How to type an answer at the terminal, in one short line."""
    kind = prompt.type
    if kind is engine.QuestionType.YES_NO:
        return "Type y or n."
    if kind is engine.QuestionType.CHOICE:
        return "Type a number."
    if kind is engine.QuestionType.MULTIPLE_CHOICE:
        return "Type the numbers that apply, separated by spaces or commas, or `none`."
    if kind is engine.QuestionType.NUMBER:
        return f"Type {prompt.expects}."
    return "Type your answer."
