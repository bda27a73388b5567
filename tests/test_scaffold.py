"""`guide new NAME`: a worked example that is clean, tested, and never overwrites."""

from __future__ import annotations

import tomllib
from fnmatch import fnmatch
from pathlib import Path

import pytest

import cli
import engine
import engine.authoring
from engine.scaffold import ScaffoldError, new_rulebase, render_scaffold
from engine.testing import run_scenarios

REPO = Path(__file__).resolve().parent.parent


def test_the_example_is_clean_under_strict_checking_and_its_scenarios_pass(
    tmp_path: Path,
) -> None:
    written = new_rulebase("coffee_machine", tmp_path)
    assert written == [
        tmp_path / "coffee_machine.yaml",
        tmp_path / "articles" / "coffee_machine_descaling.md",
    ]
    assert engine.authoring.check(written[0]) == []  # no error, no warning: passes --strict
    rulebase = engine.load(written[0])
    assert rulebase.id == "coffee_machine"
    results = run_scenarios(rulebase)
    assert results
    assert all(result.passed for result in results), [r.failures for r in results]


def test_the_example_uses_every_construct_the_tutorial_promises(tmp_path: Path) -> None:
    rulebase = engine.load(new_rulebase("coffee", tmp_path)[0])
    assert any(q.ask_when is not None for q in rulebase.questions)  # a follow-up
    assert rulebase.facts  # a derived fact, concluded and tested
    assert all(rule.because for rule in rulebase.rules)
    actions = {type(a).__name__ for rule in rulebase.rules for a in rule.then}
    assert actions == {"Conclude", "Suggest", "RuleOut"}
    assert all(solution.steps for solution in rulebase.solutions)
    assert rulebase.articles
    assert rulebase.experts
    assert len(rulebase.tests) >= 3


def test_nothing_is_overwritten(tmp_path: Path) -> None:
    (tmp_path / "articles").mkdir()
    article = tmp_path / "articles" / "coffee_descaling.md"
    article.write_text("mine", encoding="utf-8")
    with pytest.raises(ScaffoldError, match="already exists; nothing was written") as caught:
        new_rulebase("coffee", tmp_path)
    assert caught.value.hint == "choose another name, or another folder with --dir"
    assert not (tmp_path / "coffee.yaml").exists()
    assert article.read_text(encoding="utf-8") == "mine"


@pytest.mark.parametrize(
    ("name", "suggested"),
    [("Coffee Machine", "coffee_machine"), ("9lives", "lives"), ("x" * 65, "x" * 64)],
)
def test_the_name_must_be_an_id(name: str, suggested: str) -> None:
    with pytest.raises(ScaffoldError, match="is not a valid name") as caught:
        render_scaffold(name)
    assert caught.value.hint is not None
    assert f"e.g. `{suggested}`" in caught.value.hint


def test_guide_new_writes_into_a_new_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "rules" / "kitchen"
    assert cli.main(["new", "coffee", "--dir", str(folder)]) == 0
    out = capsys.readouterr().out
    assert f"wrote {folder / 'coffee.yaml'}" in out
    assert (folder / "articles" / "coffee_descaling.md").is_file()


def test_guide_new_refuses_to_overwrite_with_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "coffee.yaml").write_text("mine", encoding="utf-8")
    assert cli.main(["new", "coffee"]) == 2
    assert capsys.readouterr().err == (
        "guide: coffee.yaml already exists; nothing was written\n"
        "  hint: choose another name, or another folder with --dir\n"
    )
    assert (tmp_path / "coffee.yaml").read_text(encoding="utf-8") == "mine"


def test_guide_new_refuses_a_bad_name_with_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["new", "Coffee", "--dir", str(tmp_path)]) == 2
    assert "hint: use lower-case letters" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def test_an_unwritable_folder_is_reported(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("", encoding="utf-8")
    with pytest.raises(ScaffoldError, match="cannot write"):
        new_rulebase("coffee", blocker / "below")


def test_the_templates_are_package_data() -> None:
    """They must ship in a non-editable install (`pip install .`), not only in the tree."""
    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    tool = config["tool"]["setuptools"]
    assert "engine.templates" in tool["packages"]
    patterns = tool["package-data"]["engine.templates"]
    templates = sorted((REPO / "engine" / "templates").iterdir())
    assert templates
    for template in templates:
        if template.name != "__pycache__":
            assert any(fnmatch(template.name, p) for p in patterns), template.name
