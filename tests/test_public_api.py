"""The public API is chosen on purpose: docs/embedding.md lists, module by module,
exactly the names each public module's ``__all__`` exports, and every one exists."""

from __future__ import annotations

import ast
import importlib
import re
import subprocess
import sys
from pathlib import Path

import pytest

import engine

EMBEDDING = Path(__file__).resolve().parents[1] / "docs" / "embedding.md"
#: A module's heading in the docs: ### `engine.stats`
_HEADING = re.compile(r"^### `(engine(?:\.\w+)*)`$", re.M)
#: The paragraph of names under it: Names: `a`, `b`, ...
_NAMES = re.compile(r"^Names: (.*?)(?:\n\n|\Z)", re.M | re.S)


def documented() -> dict[str, set[str]]:
    """Each public module named in the docs, with the names listed under it."""
    text = EMBEDDING.read_text(encoding="utf-8")
    headings = list(_HEADING.finditer(text))
    found: dict[str, set[str]] = {}
    for heading, following in zip(headings, [*headings[1:], None], strict=True):
        section = text[heading.end() : following.start() if following else len(text)]
        names = _NAMES.search(section)
        assert names is not None, f"no `Names:` under {heading.group(1)} in docs/embedding.md"
        found[heading.group(1)] = set(re.findall(r"`(\w+)`", names.group(1)))
    return found


MODULES = documented()


def test_the_docs_name_the_root_and_the_subject_modules() -> None:
    assert "engine" in MODULES
    assert {"engine.authoring", "engine.testing", "engine.recording", "engine.store"} <= set(
        MODULES
    )
    assert {"engine.stats", "engine.search", "engine.drafts"} <= set(MODULES)


@pytest.mark.parametrize("name", sorted(MODULES))
def test_docs_and_all_agree(name: str) -> None:
    module = importlib.import_module(name)
    exported = set(module.__all__)
    assert len(exported) == len(module.__all__), f"{name}.__all__ repeats a name"
    assert exported - MODULES[name] == set(), f"in {name}.__all__, not in docs/embedding.md"
    assert MODULES[name] - exported == set(), f"in docs/embedding.md, not in {name}.__all__"
    assert [n for n in module.__all__ if not hasattr(module, n)] == []


def test_the_root_imports_its_names_on_first_use() -> None:
    """``import engine`` pays for nothing: each root name is imported when first used
    (an app that only reads the store never loads experta or Jinja2)."""
    code = (
        "import sys, engine; "
        "assert not {'engine.session', 'experta', 'jinja2', 'yaml'} & set(sys.modules), "
        "sorted(m for m in sys.modules if m.startswith(('engine', 'experta', 'jinja2'))); "
        "engine.Session; assert 'experta' in sys.modules"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_every_root_name_has_a_home() -> None:
    assert set(engine._HOMES) == set(engine.__all__)
    assert set(dir(engine)) >= set(engine.__all__)
    with pytest.raises(AttributeError, match="no attribute 'compute_stats'"):
        engine.compute_stats  # noqa: B018 -- moved to engine.stats.compute


#: Each public Session method that takes an id, called with an unknown one, and the
#: engine's own error it raises (docs/embedding.md, "Errors").
UNKNOWN_IDS = {
    "answer": (lambda s: s.answer("no_such_question", True), engine.AnswerError),
    "skip": (lambda s: s.skip("no_such_question"), engine.AnswerError),
    "apply": (lambda s: s.apply(engine.Event("no_such_question", True)), engine.AnswerError),
    "change": (lambda s: s.change(engine.Event("no_such_question", True)), engine.AnswerError),
    "prompt": (lambda s: s.prompt("no_such_question"), engine.AnswerError),
    "explain_why": (lambda s: s.explain_why("no_such_question"), engine.AnswerError),
    "add_seconds": (lambda s: s.add_seconds("no_such_question", 1.0), engine.ContextError),
    "state_of": (lambda s: s.state_of("no_such_solution"), engine.ContextError),
    "steps": (lambda s: s.steps("no_such_solution"), engine.ContextError),
    "summary": (lambda s: s.summary("no_such_solution"), engine.ContextError),
    "explain_how": (lambda s: s.explain_how("no_such_solution"), engine.ContextError),
    "explain_why_not": (lambda s: s.explain_why_not("no_such_solution"), engine.ContextError),
    "record_outcome": (
        lambda s: s.record_outcome("no_such_solution", "fixed"),
        engine.OutcomeError,
    ),
    "article_text": (lambda s: s.article_text("no_such_article"), engine.ContextError),
    "open_article": (lambda s: s.open_article("no_such_article"), engine.ContextError),
}


@pytest.mark.parametrize("method", sorted(UNKNOWN_IDS))
def test_an_unknown_id_raises_the_engines_own_error_not_a_key_error(method: str) -> None:
    session = engine.start(engine.load(engine.resolve("stock_count")))
    call, error = UNKNOWN_IDS[method]
    with pytest.raises(engine.GuideError) as raised:
        call(session)
    assert type(raised.value) is error
    assert not isinstance(raised.value, KeyError)
    assert "no_such_" in str(raised.value)


def test_history_holds_the_public_event_type() -> None:
    session = engine.start(engine.load(engine.resolve("stock_count")))
    prompt = session.next_question()
    assert prompt is not None
    session.skip(prompt.id)
    assert session.history == (engine.Event(prompt.id, None, skipped=True),)
    assert type(session.history[0]).__module__ == "engine.events"


def test_the_model_does_not_import_the_session() -> None:
    """The model sits below the session: engine.start(rulebase) builds a session from
    a rule base, so no import of engine.model (inside a function or for types only)
    reaches up to engine.session and ties the modules between them into a circle."""
    model = Path(engine.__file__).parent / "model.py"
    imported = {
        node.module if isinstance(node, ast.ImportFrom) else alias.name
        for node in ast.walk(ast.parse(model.read_text(encoding="utf-8")))
        if isinstance(node, ast.Import | ast.ImportFrom)
        for alias in node.names
    }
    assert "engine.session" not in imported


def test_every_documented_submodule_is_reached_from_the_root_on_first_use() -> None:
    """``engine.testing`` works wherever a front-end imported it lazily, or not at all."""
    assert {f"engine.{name}" for name in engine._SUBMODULES} == set(MODULES) - {"engine"}
    code = "import engine; engine.testing.run_tests; engine.store.store_settings"
    subprocess.run([sys.executable, "-c", code], check=True)
