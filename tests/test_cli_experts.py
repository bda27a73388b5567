"""`guide experts`: exact output, exit codes, JSON."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import MINIMAL
from test_experts import PLANNING, PRINTER

import cli
import engine


@pytest.fixture
def rulebases(write_yaml: Callable[..., Path]) -> list[engine.Rulebase]:
    return [
        engine.load(write_yaml(PLANNING, "planning.yaml")),
        engine.load(write_yaml(PRINTER, "printer.yaml")),
    ]


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = cli.main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_guide_experts_shows_the_profiles_of_those_who_know_the_topic(
    capsys: pytest.CaptureFixture[str], rulebases: list[engine.Rulebase]
) -> None:
    planning, printer = (str(rb.path) for rb in rulebases)
    code, out, err = run(
        capsys, "experts", "forecast", "--rulebase", planning, "--rulebase", printer
    )
    assert (code, err) == (0, "")
    assert out == (
        '2 experts for "forecast":\n'
        "\n"
        "1. Demand planning lead, Europe, Demand planner\n"
        '   Contact: demand.planning@example.com, Teams "Demand planning"\n'
        "   Available: Weekdays 08:00-17:00 CET; S&OP week: Tuesday only\n"
        "   Knows about: forecast bias, demand sensing, S&OP\n"
        f"   expert `demand_planning_lead` in {planning}\n"
        "\n"
        "2. Office IT support desk\n"
        "   Knows about: printers, forecasting the toner order\n"
        f"   expert `office_it` in {printer}\n"
    )


def test_guide_experts_as_json(
    capsys: pytest.CaptureFixture[str], rulebases: list[engine.Rulebase]
) -> None:
    path = rulebases[0].path
    code, out, _ = run(capsys, "experts", "write", "offs", "--rulebase", str(path), "--json")
    assert code == 0
    assert json.loads(out) == [
        {
            "rulebase": "planning",
            "path": str(path),
            "id": "controller",
            "name": "Plant controller",
            "role": "Controller for reserves and write-offs",
            "contact": None,
            "available": None,
            "covers": ["excess and obsolete reserve"],
            "fit": "profile",
        }
    ]


def test_guide_experts_without_a_topic_lists_the_shipped_experts(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, err = run(capsys, "experts")
    shipped = [
        e for name in engine.shipped_rulebases() for e in engine.load(engine.resolve(name)).experts
    ]
    assert (code, err) == (0, "")
    assert out.startswith(f"{len(shipped)} experts:\n\n1. ")
    assert all(f"   expert `{e.id}` in " in out for e in shipped)


def test_guide_experts_finding_nobody_exits_1(
    capsys: pytest.CaptureFixture[str], rulebases: list[engine.Rulebase]
) -> None:
    assert run(capsys, "experts", "zebra") == (
        1,
        'No expert in the shipped rule bases knows about "zebra".\n'
        "See every expert and the topics they know with `guide experts`.\n",
        "",
    )
    code, out, _ = run(capsys, "experts", "zebra", "--json")
    assert (code, json.loads(out)) == (1, [])


def test_guide_experts_cannot_load_a_named_rule_base_exits_2(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, out, err = run(capsys, "experts", "--rulebase", str(tmp_path / "none.yaml"))
    assert (code, out) == (2, "")
    assert "the rule base cannot be loaded" in err


def test_guide_experts_refuses_a_topic_without_words(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "experts", "&&")
    assert (code, out) == (2, "")
    assert err.startswith("guide: '&&' has no words to look for\n")


def test_guide_experts_says_when_a_rule_base_names_nobody(
    capsys: pytest.CaptureFixture[str], write_yaml: Callable[..., Path]
) -> None:
    path = write_yaml(MINIMAL, "nobody.yaml")
    assert run(capsys, "experts", "--rulebase", str(path)) == (
        1,
        "No expert is named in these rule bases.\n",
        "",
    )
