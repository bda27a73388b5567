"""Shared fixtures: rule bases from short YAML strings, golden files, Hypothesis profiles."""

from __future__ import annotations

import os
import textwrap
from collections.abc import Callable
from pathlib import Path

import coverage
import pytest
from hypothesis import settings

from engine.errors import Diagnostic
from engine.loader import check, load
from engine.model import Rulebase

settings.register_profile("ci", max_examples=50, deadline=None, derandomize=True)
settings.register_profile("dev", max_examples=100, deadline=None)
settings.register_profile("thorough", max_examples=2000, deadline=None)
settings.load_profile("ci" if os.environ.get("CI") else "dev")


def pytest_configure(config: pytest.Config) -> None:
    """Measure coverage and hold it to its floor only when the whole suite runs
    (``pytest`` with no paths, as CI and the README run it): a run of chosen tests
    covers less by design, and coverage's tracer makes it two to three times slower."""
    whole_suite = config.args_source is pytest.Config.ArgsSource.TESTPATHS and not (
        config.option.keyword or config.option.markexpr
    )
    plugin = config.pluginmanager.get_plugin("_cov")
    if whole_suite or plugin is None or config.getoption("no_cov", default=False):
        return  # with --no-cov, pytest-cov started nothing to stop
    plugin.options.cov_fail_under = None
    measuring = coverage.Coverage.current()
    if measuring is not None:
        measuring.stop()


REPO = Path(__file__).resolve().parent.parent
FIXTURES = REPO / "tests" / "fixtures"

#: The opening every test rule base shares: format and metadata with an owner.
HEADER = """\
format: 1
metadata:
  id: printer
  title: The printer will not print
  version: "1.0"
  owners:
    - name: Sam Okafor
      role: Office IT support lead
"""

#: A small valid rule base that tests change one thing in.
MINIMAL = (
    HEADER
    + """\
questions:
  - id: power_light
    text: Is the power light on?
    type: yes_no
rules:
  - id: no_power
    when:
      question: power_light
      is: no
    then:
      suggest: plug_in_cable
      certainty: 0.9
solutions:
  - id: plug_in_cable
    title: Plug the power cable in firmly
"""
)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        default=False,
        help="rewrite the expected output of golden files instead of comparing with it",
    )


@pytest.fixture(autouse=True)
def data_dir(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test records into its own data directory, never the user's (subprocesses too)."""
    path = tmp_path_factory.mktemp("guide-data")
    monkeypatch.setenv("GUIDE_DATA_DIR", str(path))
    for name in ("GUIDE_STORE", "GUIDE_RECORD", "XDG_DATA_HOME"):
        monkeypatch.delenv(name, raising=False)
    return path


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


@pytest.fixture
def write_yaml(tmp_path: Path) -> Callable[[str], Path]:
    """Write (dedented) YAML into ``tmp_path/rulebase.yaml`` and return its path."""

    def write(text: str, name: str = "rulebase.yaml") -> Path:
        path = tmp_path / name
        path.write_text(textwrap.dedent(text), encoding="utf-8")
        return path

    return write


@pytest.fixture
def load_yaml(write_yaml: Callable[[str], Path]) -> Callable[[str], Rulebase]:
    return lambda text: load(write_yaml(text))


@pytest.fixture
def check_yaml(write_yaml: Callable[[str], Path]) -> Callable[[str], list[Diagnostic]]:
    return lambda text: check(write_yaml(text))
