"""The hooks of `.pre-commit-hooks.yaml`, run by pre-commit itself in a new git repository.

pre-commit installs a `language: python` hook by pip-installing Guide into an
environment of its own, which takes a minute and the package index; that run
(`pre-commit try-repo`) happens only with GUIDE_SLOW_TESTS=1. The fast tests
run the same hooks (entry, files, types) with the Guide installed here.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parent.parent
MANIFEST = REPO / ".pre-commit-hooks.yaml"
PRE_COMMIT = shutil.which("pre-commit", path=str(Path(sys.executable).parent)) or shutil.which(
    "pre-commit"
)
pytestmark = pytest.mark.skipif(
    PRE_COMMIT is None or shutil.which("git") is None,
    reason="pre-commit (pip install pre-commit) and git are needed",
)
GOOD = (
    (REPO / "tests" / "diagnostics" / "G202.yaml")
    .read_text(encoding="utf-8")
    .replace("power_lite", "power_light")
)
TESTED = GOOD + (
    "tests:\n  - name: a dark printer\n    answers: {power_light: no}\n"
    "    expect:\n      top: plug_in_cable\n"
)


def git(repo: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=SME", "-c", "user.email=sme@example.com", *args],
        cwd=repo,
        check=True,
        capture_output=True,
    )


@pytest.fixture
def rules_repo(tmp_path: Path) -> Path:
    """A repository of rule bases, as an SME's team keeps one, with the hooks configured."""
    repo = tmp_path / "rules"
    (repo / "rulebases").mkdir(parents=True)
    (repo / "rulebases" / "printer.yaml").write_text(TESTED, encoding="utf-8")
    (repo / "notes.yaml").write_text("not: [a rule base\n", encoding="utf-8")  # not checked
    hooks = yaml.safe_load(MANIFEST.read_text(encoding="utf-8"))
    local = [{**hook, "language": "system"} for hook in hooks]  # the Guide installed here
    config = {"repos": [{"repo": "local", "hooks": local}]}
    (repo / ".pre-commit-config.yaml").write_text(yaml.safe_dump(config), encoding="utf-8")
    git(repo, "init", "-q")
    git(repo, "add", ".")
    return repo


def pre_commit(repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
    assert PRE_COMMIT is not None
    env = {
        **os.environ,
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
        "PRE_COMMIT_HOME": str(repo.parent / "pre-commit-home"),
    }
    return subprocess.run(
        [PRE_COMMIT, *args], cwd=repo, env=env, capture_output=True, text=True, check=False
    )


def test_the_manifest_is_valid() -> None:
    assert PRE_COMMIT is not None
    found = subprocess.run(
        [PRE_COMMIT, "validate-manifest", str(MANIFEST)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert found.returncode == 0, found.stdout + found.stderr
    ids = [hook["id"] for hook in yaml.safe_load(MANIFEST.read_text(encoding="utf-8"))]
    assert ids == ["guide-check", "guide-test"]


def test_a_clean_rule_base_passes_both_hooks(rules_repo: Path) -> None:
    found = pre_commit(rules_repo, "run", "--all-files")
    assert found.returncode == 0, found.stdout
    assert "guide check (rule bases)" in found.stdout
    assert "guide test (scenarios)" in found.stdout


def test_a_mistake_stops_the_commit_with_guide_s_message(rules_repo: Path) -> None:
    printer = rules_repo / "rulebases" / "printer.yaml"
    printer.write_text(TESTED.replace("question: power_light\n", "question: power_lite\n", 1))
    git(rules_repo, "add", ".")
    found = pre_commit(rules_repo, "run", "guide-check")
    assert found.returncode == 1
    assert "rulebases/printer.yaml:16:7: error G202 unknown question `power_lite`" in found.stdout
    assert "notes.yaml" not in found.stdout  # only rule bases are checked


def test_a_failing_scenario_stops_the_commit(rules_repo: Path) -> None:
    printer = rules_repo / "rulebases" / "printer.yaml"
    printer.write_text(TESTED.replace("power_light: no}", "power_light: yes}"))
    git(rules_repo, "add", ".")
    found = pre_commit(rules_repo, "run", "guide-test")
    assert found.returncode == 1
    assert "FAIL  a dark printer" in found.stdout


@pytest.mark.skipif(not os.environ.get("GUIDE_SLOW_TESTS"), reason="set GUIDE_SLOW_TESTS=1")
def test_pre_commit_installs_guide_from_this_repository(rules_repo: Path) -> None:
    # try-repo copies this repository's tracked files, with their uncommitted changes.
    found = pre_commit(rules_repo, "try-repo", str(REPO), "guide-check", "--all-files")
    assert found.returncode == 0, found.stdout + found.stderr
    assert "guide check (rule bases)" in found.stdout
