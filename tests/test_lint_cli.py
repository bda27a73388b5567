"""`guide check` with the static analysis (formats, --strict, --today) and `guide explain`."""

from __future__ import annotations

import gc
import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from conftest import HEADER, MINIMAL, REPO

import cli
import engine
import engine.authoring
from engine.codes import CODES
from engine.lint import explain_code

GOLDEN = REPO / "tests" / "diagnostics"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = cli.main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(autouse=True)
def _in_repo(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)


def golden(code: str) -> str:
    return f"tests/diagnostics/{code}.yaml"


# --- exit codes and --strict ------------------------------------------------------------------


def test_an_error_finding_exits_1(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "check", golden("G310"))
    assert code == 1
    assert out.startswith(
        "tests/diagnostics/G310.yaml:28:5: error G310 rule `tray_nearly_empty` can never fire: "
    )
    assert out.endswith("tests/diagnostics/G310.yaml: 1 error, 1 warning\n")


def test_warnings_pass_unless_strict(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "check", golden("G324"))
    assert code == 0
    assert "warning G324 rule `no_power` does not say why (`because`)" in out
    code, _, _ = run(capsys, "check", "--strict", golden("G324"))
    assert code == 1


def test_strict_on_a_clean_rulebase_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "check", "--strict", "software_testing")
    assert (code, out) == (0, f"{engine.resolve('software_testing')}: ok\n")


def test_unreadable_input_still_exits_2_under_strict(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, _, _ = run(capsys, "check", "--strict", str(tmp_path / "missing.yaml"), golden("G310"))
    assert code == 2


def test_today_decides_review_dates(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "check", "--today", "2026-03-14", golden("G321"))
    assert code == 0
    assert "is due for review in 18 days (2026-04-01)" in out
    code, out, _ = run(capsys, "check", "--today", "2026-04-02", golden("G321"))
    assert code == 1
    assert "error G320 article `power_cables` was due for review on 2026-04-01 (1 day ago)" in out
    code, out, _ = run(capsys, "check", "--today", "2027-01-01", golden("G324"))
    assert code == 0


def test_a_bad_date_is_bad_usage(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "check", "--today", "14.3.2026", golden("G324"))
    assert code == 2
    assert err == (
        "guide: `14.3.2026` is not a date\n"
        "  hint: write it as YYYY-MM-DD, e.g. --today 2026-03-14\n"
    )


def test_loader_errors_are_reported_as_before(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "check", golden("G208"))
    assert code == 1
    assert "error G208 facts depend on each other in a circle" in out


# --- formats ------------------------------------------------------------------------------------


def test_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "check", "--format", "json", golden("G311"))
    assert code == 1
    assert json.loads(out) == [
        {
            "path": "tests/diagnostics/G311.yaml",
            "line": 33,
            "column": 13,
            "severity": "error",
            "code": "G311",
            "message": "the test `sheets_left` is more than 600 never holds "
            "(answers are a number from 0 to 500 sheets)",
            "hint": "answers to `sheets_left` lie in its `min`..`max`: correct the number, "
            "or the range",
        }
    ]


def test_sarif(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        capsys, "check", "--format", "sarif", golden("G306"), golden("G324"), "software_testing"
    )
    assert code == 1
    log = json.loads(out)
    check_sarif(log)
    [run_] = log["runs"]
    results = run_["results"]
    assert [(r["ruleId"], r["level"]) for r in results] == [
        ("G306", "warning"),
        ("G310", "error"),
        ("G301", "warning"),
        ("G324", "warning"),
    ]
    first = results[0]
    assert first["message"]["text"] == "fact `power_fault` is tested, but no rule concludes it"
    assert first["locations"][0]["physicalLocation"] == {
        "artifactLocation": {"uri": "tests/diagnostics/G306.yaml"},
        "region": {"startLine": 14, "startColumn": 5},
    }
    assert first["properties"]["hint"].startswith("add a rule with `conclude: power_fault`")


def check_sarif(log: dict[str, Any]) -> None:
    """The parts of SARIF 2.1.0 that code-scanning tools rely on."""
    assert log["version"] == "2.1.0"
    assert log["$schema"].endswith("sarif-2.1.0.json")
    [run_] = log["runs"]
    driver = run_["tool"]["driver"]
    assert driver["name"] == "guide"
    rules = driver["rules"]
    assert [r["id"] for r in rules] == sorted(CODES)
    for rule in rules:
        assert rule["shortDescription"]["text"] == CODES[rule["id"]].title
        assert f"docs/diagnostics/{rule['id']}.md" in rule["help"]["text"]
        assert rule["defaultConfiguration"]["level"] in {"error", "warning"}
    for result in run_["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        assert result["level"] in {"error", "warning"}
        assert result["message"]["text"]
        [location] = result["locations"]
        physical = location["physicalLocation"]
        assert physical["artifactLocation"]["uri"]
        assert physical["region"]["startLine"] >= 1
        assert physical["region"]["startColumn"] >= 1


def test_sarif_of_absolute_paths_uses_file_uris() -> None:
    diagnostic = engine.authoring.check("/nonexistent/dir/rule base.yaml")[0]
    log = engine.authoring.sarif_log([diagnostic])
    check_sarif(log)
    location = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == "file:///nonexistent/dir/rule%20base.yaml"


def test_sarif_of_a_clean_rulebase_has_no_results(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "check", "--format", "sarif", "software_testing")
    assert code == 0
    log = json.loads(out)
    check_sarif(log)
    assert log["runs"][0]["results"] == []


# --- many problems ------------------------------------------------------------------------------


def _with_misspelt_keys(folder: Path, count: int) -> Path:
    """A rule base with ``count`` errors: every rule has a misspelt key (G102)."""
    rules = "".join(
        f"  - {{id: r{n}, when: {{question: power_light, is: no}}, "
        f"then: {{rule_out: plug_in_cable}}, becuase: b}}\n"
        for n in range(count)
    )
    path = folder / "many.yaml"
    path.write_text(
        HEADER
        + "questions:\n  - {id: power_light, text: Is the power light on?, type: yes_no}\n"
        + "solutions:\n  - {id: plug_in_cable, title: Plug the cable in}\n"
        + "rules:\n"
        + rules,
        encoding="utf-8",
    )
    return path


def test_text_shows_the_first_200_problems_then_how_many_more(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = _with_misspelt_keys(tmp_path, 230)
    code, out, _ = run(capsys, "check", str(path))
    assert code == 1
    lines = out.splitlines()
    assert sum(" error G102 " in line for line in lines) == 200
    assert lines[-2:] == [
        f"{path}: 30 more diagnostics not shown: `guide check --max 0 {path}` shows them all, "
        "`--format json` lists them",
        f"{path}: 230 errors, 0 warnings",
    ]
    code, out, _ = run(capsys, "check", "--max", "0", str(path))
    assert code == 1
    assert out.count(" error G102 ") == 230
    assert "not shown" not in out
    code, out, _ = run(capsys, "check", "--max", "3", str(path))
    assert out.count(" error G102 ") == 3
    assert f"{path}: 227 more diagnostics not shown" in out
    code, out, _ = run(capsys, "check", "--format", "json", str(path))
    assert len(json.loads(out)) == 230


def test_a_warning_past_the_shown_ones_still_fails_under_strict(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "warned.yaml"
    path.write_text(MINIMAL, encoding="utf-8")  # two warnings (G323, G324), no error
    code, out, _ = run(capsys, "check", "--strict", "--max", "1", str(path))
    assert code == 1
    assert "not shown" in out


def test_check_leaves_the_cycle_collector_as_it_found_it(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert gc.isenabled()
    run(capsys, "check", golden("G310"))
    assert gc.isenabled()
    gc.disable()
    try:
        run(capsys, "check", golden("G310"))
        assert not gc.isenabled()
    finally:
        gc.enable()


# --- guide explain --------------------------------------------------------------------------------


def test_explain_prints_the_page(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "explain", "G310")
    assert code == 0
    assert out == (REPO / "docs" / "diagnostics" / "G310.md").read_text(encoding="utf-8")


def test_explain_is_case_insensitive_and_knows_loader_codes(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, _ = run(capsys, "explain", "g208")
    assert code == 0
    assert out.startswith("# G208: cycle among facts\n")


def test_explain_an_unknown_code_exits_2_with_a_hint(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "explain", "G31")
    assert (code, out) == (2, "")
    assert err.startswith("guide: there is no diagnostic code `G31`\n  hint: did you mean G")
    code, _, err = run(capsys, "explain", "nonsense")
    assert code == 2
    assert "hint: codes look like G310; `guide explain --list` lists them" in err


def test_explain_list(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "explain", "--list")
    assert code == 0
    assert out.splitlines()[0] == "G001  cannot read the file"
    assert "G314  rule covered by another" in out.splitlines()
    code, _, _ = run(capsys, "explain")
    assert code == 2


# --- installed, not editable ---------------------------------------------------------------------


def test_explain_and_check_work_from_a_regular_install(tmp_path: Path) -> None:
    # Built from a copy, so that the build leaves nothing in the working tree.
    source, target = tmp_path / "source", tmp_path / "site"
    source.mkdir()
    kept = (
        "pyproject.toml",
        "README.md",
        "LICENSE",
        "cli.py",
        "guide_cli",
        "engine",
        "wizards",
        "rulebases",
    )
    for name in kept:
        if (REPO / name).is_dir():
            shutil.copytree(
                REPO / name, source / name, ignore=shutil.ignore_patterns("__pycache__")
            )
        elif (REPO / name).is_file():
            shutil.copy2(REPO / name, source / name)
    built = subprocess.run(
        [sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", target, source],
        capture_output=True,
        text=True,
        check=False,
        cwd=tmp_path,
    )
    assert built.returncode == 0, built.stderr
    example = tmp_path / "G310.yaml"
    example.write_text((GOLDEN / "G310.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    script = (
        "import sys, engine, engine.authoring, cli\n"
        "assert engine.__file__.startswith(sys.argv[1]), engine.__file__\n"
        "print(engine.authoring.explain_code('G310'), end='')\n"
        "sys.exit(cli.main(['check', '--strict', 'G310.yaml']))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, str(target)],
        capture_output=True,
        text=True,
        check=False,
        cwd=tmp_path,
        env={"PYTHONPATH": str(target), "PATH": "/usr/bin:/bin"},
    )
    assert done.returncode == 1, done.stderr
    assert done.stdout.startswith(explain_code("G310"))
    assert "G310.yaml:28:5: error G310 rule `tray_nearly_empty` can never fire" in done.stdout
