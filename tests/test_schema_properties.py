"""The schema never underlines what Guide accepts.

Any change to a complete rule base (a key removed, one added, a value replaced
by another kind of value) that the schema rejects, the loader rejects too. The
other direction holds only for the codes a schema can express; the corpus test
in tests/test_schema.py pins that one.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import yaml
from hypothesis import given
from hypothesis import strategies as st

from engine.errors import Severity
from engine.loader import analyse_text
from tests.test_schema import VALIDATOR, as_json

FIXTURES = Path(__file__).resolve().parent / "fixtures"
EVERYTHING = yaml.safe_load((FIXTURES / "everything.yaml").read_text(encoding="utf-8"))

REPLACEMENTS = st.sampled_from(
    [
        *(None, True, False, 0, 1, 2, 90, -1, 0.5, 1.5, "text", "Bad Id", "yes_no", [], ["a"], {}),
        *({"fact": "no_power"}, {"question": "power_light", "is": True}, {"unknown": 1}),
    ]
)


def paths(value: Any, here: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [here] if here else []
    if isinstance(value, dict):
        for key, item in value.items():
            found.extend(paths(item, (*here, key)))
    elif isinstance(value, list):
        for n, item in enumerate(value):
            found.extend(paths(item, (*here, n)))
    return found


ALL_PATHS = paths(EVERYTHING)


@st.composite
def mutations(draw: st.DrawFn) -> Any:
    document = copy.deepcopy(EVERYTHING)
    for _ in range(draw(st.integers(1, 3))):
        path = draw(st.sampled_from(ALL_PATHS))
        parent: Any = document
        try:
            for part in path[:-1]:
                parent = parent[part]
            last = path[-1]
            parent[last]  # the path may be gone after an earlier change
        except (KeyError, IndexError, TypeError):
            continue
        if not isinstance(parent, dict | list):
            continue  # an earlier change replaced a section with a value (text indexes too)
        action = draw(st.sampled_from(["remove", "replace", "add_key"]))
        if action == "remove":
            del parent[last]
        elif action == "replace":
            parent[last] = draw(REPLACEMENTS)
        elif isinstance(parent[last], dict):
            parent[last][draw(st.sampled_from(["titel", "id", "certainty", "is", "x"]))] = 1
    return document


@given(mutations())
def test_what_the_schema_rejects_the_loader_rejects(document: Any) -> None:
    if not list(VALIDATOR.iter_errors(as_json(document))):
        return
    text = yaml.safe_dump(document, sort_keys=False, allow_unicode=True)
    _, diagnostics = analyse_text(text, str(FIXTURES / "mutated.yaml"))
    assert any(d.severity is Severity.ERROR for d in diagnostics), text
