"""Guide's engine: load a rule base, start sessions, get answers and explanations.

>>> import engine
>>> rulebase = engine.load(engine.resolve("stock_count"))   # doctest: +SKIP
>>> session = engine.start(rulebase)                      # doctest: +SKIP
>>> prompt = session.next_question()                      # doctest: +SKIP

The root holds the everyday path of a front-end: load a rule base, run a
consultation, read its recommendations and outcomes, and the errors. The
other tools live in public submodules by subject, each naming its API in
``__all__``: ``engine.authoring`` (checks and the SME's tools),
``engine.testing``, ``engine.recording``, ``engine.store``, ``engine.stats``,
``engine.search``, ``engine.drafts`` and a few more; docs/embedding.md lists
them all.

Importing the root is cheap: each name is imported on first use (PEP 562), so
``import engine.stats`` or ``guide check`` does not pay for the session's
inference engine and templates.

``engine`` never prints, never reads the terminal and never exits.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from engine._context import ContextError
    from engine.catalog import resolve, shipped_rulebases
    from engine.errors import (
        AnswerError,
        Diagnostic,
        GuideError,
        InputError,
        RenderError,
        RulebaseError,
        SessionError,
        Severity,
        Span,
    )
    from engine.events import Event
    from engine.feedback import Feedback, Outcome, OutcomeError, Proficiency
    from engine.loader import load, load_text
    from engine.model import (
        Article,
        ArticleKind,
        Choice,
        Expert,
        Question,
        QuestionType,
        Rulebase,
        Solution,
        SolutionState,
        Value,
    )
    from engine.session import Progress, Prompt, Recommendation, Session, resume, start

__all__ = [
    "AnswerError",
    "Article",
    "ArticleKind",
    "Choice",
    "ContextError",
    "Diagnostic",
    "Event",
    "Expert",
    "Feedback",
    "GuideError",
    "InputError",
    "Outcome",
    "OutcomeError",
    "Proficiency",
    "Progress",
    "Prompt",
    "Question",
    "QuestionType",
    "Recommendation",
    "RenderError",
    "Rulebase",
    "RulebaseError",
    "Session",
    "SessionError",
    "Severity",
    "Solution",
    "SolutionState",
    "Span",
    "Value",
    "load",
    "load_text",
    "resolve",
    "resume",
    "shipped_rulebases",
    "start",
]

#: Where each name of the root lives; imported when first used.
_HOMES: dict[str, str] = {
    "ContextError": "engine._context",
    "resolve": "engine.catalog",
    "shipped_rulebases": "engine.catalog",
    "AnswerError": "engine.errors",
    "Diagnostic": "engine.errors",
    "GuideError": "engine.errors",
    "InputError": "engine.errors",
    "RenderError": "engine.errors",
    "RulebaseError": "engine.errors",
    "SessionError": "engine.errors",
    "Severity": "engine.errors",
    "Span": "engine.errors",
    "Event": "engine.events",
    "Feedback": "engine.feedback",
    "Outcome": "engine.feedback",
    "OutcomeError": "engine.feedback",
    "Proficiency": "engine.feedback",
    "load": "engine.loader",
    "load_text": "engine.loader",
    "Article": "engine.model",
    "ArticleKind": "engine.model",
    "Choice": "engine.model",
    "Expert": "engine.model",
    "Question": "engine.model",
    "QuestionType": "engine.model",
    "Rulebase": "engine.model",
    "Solution": "engine.model",
    "SolutionState": "engine.model",
    "Value": "engine.model",
    "Progress": "engine.session",
    "Prompt": "engine.session",
    "Recommendation": "engine.session",
    "Session": "engine.session",
    "resume": "engine.session",
    "start": "engine.session",
}


#: The public submodules (docs/embedding.md). ``engine.testing`` imports its module on
#: first use too, so a front-end that imports per command can never meet a submodule
#: that another command happened not to import first.
_SUBMODULES = frozenset(
    {
        "answers",
        "atomic",
        "authoring",
        "catalog",
        "diff",
        "drafts",
        "events",
        "experts",
        "explain",
        "graph",
        "helpful",
        "inputs",
        "outcome",
        "recording",
        "review",
        "search",
        "stats",
        "store",
        "testing",
        "worded",
    }
)


if not TYPE_CHECKING:  # mypy reads the imports above; a __getattr__ would hide typos from it

    def __getattr__(name: str) -> Any:
        if name in _SUBMODULES:
            return importlib.import_module(f"engine.{name}")  # also sets it on the package
        home = _HOMES.get(name)
        if home is None:
            raise AttributeError(f"module 'engine' has no attribute {name!r}")
        value = getattr(importlib.import_module(home), name)
        globals()[name] = value  # later uses are plain lookups
        return value

    def __dir__() -> list[str]:
        return sorted(set(globals()) | set(__all__))
