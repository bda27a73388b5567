"""`guide schema`: the JSON Schema agrees with the loader wherever a schema can.

A JSON Schema sees one value at a time, never the rest of the file. So of the
loader's shape codes it can express exactly these:

* G101 wrong type, G102 unknown key, G103 missing key, G104 invalid id,
  G105 out of range (certainties, at least two choices, at least one owner),
  G106 unknown keyword, G107 unsupported format, G108 malformed condition or
  action.

Beyond it: G109 and G110 (whether a test or a value suits the question's type,
which is written elsewhere in the file), G111 (Jinja2 syntax), G112 (the number
of alternatives of a condition), G113 (the grammar of formulas), every G2xx
(references, duplicates, cycles, files, scenario answers) and the static
analysis (G3xx). So on the corpus in
tests/diagnostics the schema must reject a file if and only if the loader
reports one of the expressible codes, and at the place the loader reports it.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

import cli
import engine
import engine.authoring
from engine._fields import ID_PATTERN
from engine.model import ArticleKind, Operator, QuestionType, SolutionState
from engine.scaffold import render_scaffold
from engine.schema import rulebase_schema

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO / "tests" / "diagnostics"
EXPRESSIBLE = frozenset({"G101", "G102", "G103", "G104", "G105", "G106", "G107", "G108"})
BEYOND = frozenset({"G109", "G110", "G111", "G112", "G113"})
VALIDATOR = jsonschema.Draft202012Validator(
    rulebase_schema(), format_checker=jsonschema.FormatChecker()
)


def as_json(value: Any) -> Any:
    """YAML data as an editor's language server hands it to the schema (dates as text)."""
    if isinstance(value, dict):
        return {str(key): as_json(item) for key, item in value.items()}
    if isinstance(value, list):
        return [as_json(item) for item in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def errors(text: str) -> list[jsonschema.ValidationError]:
    return list(VALIDATOR.iter_errors(as_json(yaml.safe_load(text))))


def node_at(root: yaml.Node, path: list[str | int]) -> yaml.Node:
    node = root
    for part in path:
        if isinstance(node, yaml.MappingNode):
            node = next(v for k, v in node.value if k.value == part)
        else:
            assert isinstance(node, yaml.SequenceNode)
            assert isinstance(part, int)
            node = node.value[part]
    return node


def contains(node: yaml.Node, line: int, column: int) -> bool:
    start = (node.start_mark.line + 1, node.start_mark.column + 1)
    end = (node.end_mark.line + 1, node.end_mark.column + 1)
    return start <= (line, column) <= end


def test_the_schema_is_a_valid_draft_2020_12_schema() -> None:
    schema = rulebase_schema()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(schema)
    assert rulebase_schema() == schema  # a new, equal dict every time


@pytest.mark.parametrize(
    "path",
    [
        *sorted((REPO / "rulebases").glob("*.yaml")),
        REPO / "tests" / "fixtures" / "everything.yaml",
    ],
    ids=lambda p: p.name,
)
def test_the_schema_accepts_the_shipped_rule_bases(path: Path) -> None:
    assert errors(path.read_text(encoding="utf-8")) == []


def test_the_schema_accepts_the_example_of_guide_new() -> None:
    assert errors(render_scaffold("coffee").files["coffee.yaml"]) == []


@pytest.mark.parametrize(
    "path", sorted([*CORPUS.glob("G1*.yaml"), *CORPUS.glob("G2*.yaml")]), ids=lambda p: p.stem
)
def test_the_schema_agrees_with_the_loader_on_the_corpus(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    diagnostics = engine.authoring.check(path)
    codes = {d.code for d in diagnostics}
    assert codes <= EXPRESSIBLE | BEYOND | {f"G2{n:02}" for n in range(1, 15)}
    found = errors(text)
    assert bool(found) == bool(codes & EXPRESSIBLE), (codes, [e.message for e in found])
    # ... and it points at the same place as the loader.
    root = yaml.compose(text, Loader=yaml.SafeLoader)
    assert root is not None
    for diagnostic in (d for d in diagnostics if d.code in EXPRESSIBLE):
        line, column = diagnostic.span.line, diagnostic.span.column
        nodes = [node_at(root, list(error.absolute_path)) for error in found]
        assert any(contains(node, line, column) for node in nodes), diagnostic.headline()


def test_every_code_of_the_corpus_is_decided() -> None:
    """A new shape code must be sorted into EXPRESSIBLE or BEYOND here, on purpose."""
    shape_codes = {code for code in engine.authoring.CODES if code.startswith("G1")}
    assert shape_codes == EXPRESSIBLE | BEYOND


def walk(schema: Any, where: str = "#") -> list[tuple[str, dict[str, Any]]]:
    """Every named property of every section, with where it is."""
    found: list[tuple[str, dict[str, Any]]] = []
    if isinstance(schema, dict):
        for key, value in schema.get("properties", {}).items():
            if value is not False:
                found.append((f"{where}/{key}", value))
        for key, value in schema.items():
            found.extend(walk(value, f"{where}/{key}"))
    elif isinstance(schema, list):
        for n, value in enumerate(schema):
            found.extend(walk(value, f"{where}/{n}"))
    return found


def test_every_key_has_a_title_and_a_description_for_completion() -> None:
    properties = walk(rulebase_schema())
    assert len(properties) > 80
    for where, schema in properties:
        if set(schema) <= {"enum"}:  # the conditional parts restate `type` only
            continue
        assert schema.get("title"), where
        assert schema.get("description"), where


def test_enumerations_ids_and_ranges_come_from_the_model() -> None:
    defs = rulebase_schema()["$defs"]
    assert defs["question"]["properties"]["type"]["enum"] == [t.value for t in QuestionType]
    assert defs["solution_test"]["properties"]["is"]["enum"] == [s.value for s in SolutionState]
    tests = set(defs["question_test"]["properties"]) - {"question"}
    assert tests == {op.value for op in Operator}
    assert defs["article"]["properties"]["kind"]["enum"] == [k.value for k in ArticleKind]
    assert defs["id"]["pattern"] == f"^{ID_PATTERN.pattern}$"
    assert defs["id"]["maxLength"] == 64
    assert defs["certainty"]["exclusiveMinimum"] == 0
    assert defs["certainty"]["maximum"] == 1


@pytest.mark.parametrize(
    ("snippet", "valid"),
    [
        ("{question: a, is: yes}", True),
        ("{question: a, between: [1, 2]}", True),
        ("{question: a, between: [1]}", False),
        ("{question: a, is: yes, is_not: no}", False),  # one test per condition
        ("{question: a}", False),
        ("{fact: a}", True),
        ("{solution: a, is: confirmed}", True),
        ("{solution: a, is: maybe}", False),
        ("{not: {any: [{fact: a}, [{fact: b}]]}}", True),
        ("{all: []}", False),
        ("[]", False),
    ],
)
def test_the_condition_grammar(snippet: str, valid: bool) -> None:
    document = yaml.safe_load(REPO.joinpath("tests/diagnostics/G101.yaml").read_text())
    document["metadata"]["version"] = "1.0"
    document["rules"][0]["when"] = yaml.safe_load(snippet)
    found = list(VALIDATOR.iter_errors(as_json(document)))
    assert (found == []) is valid, [error.message for error in found]


@pytest.mark.parametrize(
    ("change", "valid"),
    [
        ({"kind": "calculator", "sources": ["A source (2024)"]}, True),
        ({"kind": "corse"}, False),
        ({"sources": []}, False),
        ({"sources": [" "]}, False),
        ({"sources": [2024]}, False),
    ],
)
def test_an_article_kind_and_sources(change: dict[str, Any], valid: bool) -> None:
    document = yaml.safe_load(REPO.joinpath("tests/fixtures/everything.yaml").read_text())
    document["articles"][0].update(change)
    found = list(VALIDATOR.iter_errors(as_json(document)))
    assert (found == []) is valid, [error.message for error in found]


def test_guide_schema_prints_the_schema(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["schema"]) == 0
    assert json.loads(capsys.readouterr().out) == rulebase_schema()
