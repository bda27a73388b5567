"""Properties of the loader: only its own error escapes, positions lie in the file, hostile files
are refused quickly with their precise code."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from conftest import FIXTURES, MINIMAL
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engine import _yaml
from engine._yaml import MAX_DEPTH
from engine.errors import Diagnostic, RulebaseError
from engine.loader import check, check_text, load, load_text
from engine.model import Rulebase

EVERYTHING_TEXT = (FIXTURES / "everything.yaml").read_text(encoding="utf-8")


def assert_inside(diagnostics: list[Diagnostic], text: str) -> None:
    lines = text.splitlines() or [""]
    for d in diagnostics:
        assert 1 <= d.span.line <= len(lines), d
        assert 1 <= d.span.column <= len(lines[d.span.line - 1]) + 1, d


def outcome(text: str) -> list[Diagnostic]:
    try:
        result = load_text(text, str(FIXTURES / "generated.yaml"))
    except RulebaseError as exc:
        assert exc.diagnostics
        found = list(exc.diagnostics)
        assert_inside(found, text.removeprefix("\ufeff"))
        return found
    assert isinstance(result, Rulebase)
    return []


@given(st.text())
def test_any_text_gives_a_rulebase_or_its_error(text: str) -> None:
    outcome(text)
    assert check_text(text) == check_text(text)  # deterministic, never raises


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.binary())
def test_any_bytes_give_a_rulebase_or_its_error(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "any.yaml"
    path.write_bytes(data)
    try:
        load(path)
    except RulebaseError as exc:
        assert_inside(list(exc.diagnostics), data.decode("utf-8", "replace").removeprefix("\ufeff"))


# --- mutations of valid rule bases ----------------------------------------------------------

YAML_WORDS = ["yes", "no", "1", "1.5", "-3", "~", "[]", "{}", "[a, b]", '"text"', "2027-01-01"]


@st.composite
def mutated(draw: st.DrawFn) -> str:
    """A valid rule base with a few lines dropped, retyped, misspelt or duplicated."""
    lines = draw(st.sampled_from([MINIMAL, EVERYTHING_TEXT])).splitlines()
    for _ in range(draw(st.integers(1, 4))):
        i = draw(st.integers(0, len(lines) - 1))
        line = lines[i]
        kind = draw(st.sampled_from(["drop", "value", "key", "copy", "indent"]))
        if kind == "drop":
            del lines[i]
        elif kind == "value" and ": " in line:
            lines[i] = line.split(": ", 1)[0] + ": " + draw(st.sampled_from(YAML_WORDS))
        elif kind == "key" and ":" in line:
            key, rest = line.split(":", 1)
            j = draw(st.integers(0, max(len(key) - 1, 0)))
            lines[i] = key[:j] + draw(st.sampled_from("xz_")) + key[j + 1 :] + ":" + rest
        elif kind == "copy":
            lines.insert(i, line)
        else:
            lines[i] = "  " + line
        if not lines:
            lines = ["format: 1"]
    return "\n".join(lines) + "\n"


@given(mutated())
def test_mutated_rule_bases_never_crash(text: str) -> None:
    found = outcome(text)
    assert all(d.code != "G901" for d in found), found


def test_the_fixture_is_valid() -> None:
    assert outcome(EVERYTHING_TEXT) == []
    assert outcome(MINIMAL) == []


# --- hostile files ------------------------------------------------------------------------


@pytest.fixture(params=["libyaml", "python"])
def parser(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> object:
    """Each hostile file is read by PyYAML's C parser and by its pure-Python one: either may
    change its own limits between releases, and Guide's answer must not."""
    if request.param == "libyaml":
        if not hasattr(_yaml.yaml, "CSafeLoader"):
            pytest.skip("this PyYAML was built without libyaml")
        chosen: object = _yaml.yaml.CSafeLoader
    else:
        chosen = _yaml.yaml.SafeLoader
    monkeypatch.setattr(_yaml, "_Parser", chosen)
    return chosen


def quickly(path: Path, **kwargs: int) -> list[str]:
    start = time.perf_counter()
    found = check(path, **kwargs)
    # A guard against blow-ups (an alias bomb takes minutes), not a speed target: the
    # pure-Python scanner's look-ahead alone takes about a second on a busy 2-core machine.
    assert time.perf_counter() - start < 5.0
    return [d.code for d in found]


@pytest.mark.parametrize(
    ("content", "code"),
    [
        (b"a: !!python/object/apply:os.system ['rm -rf /']\n", "G006"),
        (b"a: !foo bar\n", "G006"),
        (b"a: &a [x, x]\nb: &b [*a, *a]\nc: [*b, *b]\n", "G007"),
        (b"[" * 10_000 + b"]" * 10_000, "G008"),
        (b"a:\n" + b"".join(b"  " * i + b"- \n" for i in range(1, 2000)), "G008"),
        (b"a: caf\xe9\n", "G003"),
        (b"a: b\x00c\n", "G003"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "G003"),
        (b"", "G004"),
        (b"   \n# comments only\n\n", "G004"),
        (b"a: 1\n---\nb: 2\n", "G011"),
    ],
    ids=[
        "python",
        "local-tag",
        "alias",
        "deep-flow",
        "deep-block",
        "latin1",
        "nul",
        "png",
        "empty",
        "comments",
        "two-documents",
    ],
)
def test_hostile_files(tmp_path: Path, content: bytes, code: str, parser: object) -> None:
    path = tmp_path / "hostile.yaml"
    path.write_bytes(content)
    assert code in quickly(path)


@pytest.mark.parametrize(
    ("text", "line", "column"),
    [
        ("[" * 10_000 + "]" * 10_000, 1, MAX_DEPTH + 1),
        ("a: " + "{b: " * 2_000 + "c" + "}" * 2_000 + "\n", 1, 4 + 4 * (MAX_DEPTH - 1)),
        (
            "a:\n" + "".join("  " * i + "- \n" for i in range(1, 2000)),
            MAX_DEPTH + 1,
            2 * MAX_DEPTH + 1,
        ),
    ],
    ids=["flow-list", "flow-section", "block-list"],
)
def test_guide_owns_its_nesting_limit(text: str, line: int, column: int, parser: object) -> None:
    """G008 at the first container past Guide's limit, whichever parser refuses first."""
    [found] = check_text(text, "deep.yaml")
    assert found.headline() == (
        f"deep.yaml:{line}:{column}: error G008 "
        f"the rule base is nested more than {MAX_DEPTH} levels deep here"
    )


def test_billion_laughs(tmp_path: Path) -> None:
    levels = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    levels += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 10)]
    path = tmp_path / "laughs.yaml"
    path.write_text("\n".join(levels) + "\n", encoding="utf-8")
    assert set(quickly(path)) == {"G007"}


def test_five_megabytes(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    path.write_bytes(b"# filler\n" * (5 * 1024 * 1024 // 9 + 1))
    assert quickly(path) == ["G002"]


def test_directory_and_missing(tmp_path: Path) -> None:
    assert quickly(tmp_path) == ["G001"]
    assert quickly(tmp_path / "missing.yaml") == ["G001"]


def test_huge_numbers_and_base60_stay_fast() -> None:
    start = time.perf_counter()
    found = check_text("format: 1\nmetadata: " + "1:" * 200_000 + "1\nx: " + "9" * 100_000 + "\n")
    # A guard against blow-ups (an alias bomb takes minutes), not a speed target: the
    # pure-Python scanner's look-ahead alone takes about a second on a busy 2-core machine.
    assert time.perf_counter() - start < 5.0
    assert "G101" in [d.code for d in found]
