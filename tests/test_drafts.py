"""`engine.drafts`: a draft scenario and article from each consultation that failed."""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import shutil
from pathlib import Path

import pytest
import yaml

import cli
import engine
import engine.authoring
from engine.drafts import drafts_for
from engine.feedback import Feedback, Outcome, Proficiency
from engine.model import SolutionState
from engine.recording import (
    REDACTED,
    ConsultationRecord,
    RecordedAnswer,
    RecordedRecommendation,
    Resolution,
)
from engine.store import DATABASE_NAME, SqliteStore

STARTED = dt.datetime(2026, 3, 5, 14, 0, tzinfo=dt.UTC)

#: Escalated: one answer, one skipped, one redacted; the fix did not work, with a comment.
RECORD = ConsultationRecord(
    id="0123456789abcdef0123456789abcdef",
    rulebase_id="stock_count",
    rulebase_version="0.1",
    started=STARTED,
    ended=STARTED + dt.timedelta(minutes=4),
    resolution=Resolution.ESCALATED,
    answers=(
        RecordedAnswer("discrepancy_direction", "system_lower", False, 5.0),
        RecordedAnswer("count_timing", None, True, 2.0),
        RecordedAnswer("pack_size", REDACTED, False, 3.0),
    ),
    recommendations=(RecordedRecommendation("correct_receipt", 0.9, SolutionState.CONFIRMED),),
    outcomes=(Feedback("correct_receipt", Outcome.NOT_FIXED, 'the "receipt" was fine'),),
    proficiency=Proficiency.NOVICE,
)

SCENARIO = """\
  - name: "escalated on 2026-03-05 (01234567)"
    # Drafted by Guide from consultation 0123456789abcdef0123456789abcdef, which ended
    # escalated on 2026-03-05 (version 0.1).
    answers:
      discrepancy_direction: system_lower
      # pack_size: (redacted) (TODO(SME): an answer that fits)
    skipped: [count_timing]
    # TODO(SME): write what should have happened (top, includes, excludes,
    # not_asked), then delete these comments. Until then `guide check`
    # reports this empty `expect`.
    # Guide recommended then:
    #   correct_receipt (confirmed, certainty 0.9), the worker said: not fixed
    expect:
"""

DIRECTION = (
    "- Does the system show more or fewer units than you counted? "
    "**The system shows fewer than I counted (there are extra units on the shelf)**"
)
TIMING = (
    "- When you counted, was every movement of this item up to that moment already posted "
    "in the system? **I don't know**"
)
ARTICLE = f"""\
# TODO(SME): a title that names the problem

<!-- Drafted by Guide from consultation 0123456789abcdef0123456789abcdef of `stock_count`,
which ended escalated on 2026-03-05. Write the TODO(SME) parts, then
list this file under the rule base's `articles:` and link it from a solution. -->

## Problem

In the worker's words, from their answers:

{DIRECTION}
{TIMING}
- How many single units are in one case or pack of this item? **(redacted)**

What the worker said about the recommendations:

- Correct the receipt to match what arrived: not fixed, "the "receipt" was fine"

## Environment

- Rule base `stock_count`, version 0.1
- 2026-03-05, ended escalated
- The worker's proficiency: novice
- `discrepancy_direction`: system_lower
- `count_timing`: skipped
- `pack_size`: (redacted)
- Recommended: `correct_receipt` (confirmed)

## Cause

TODO(SME): what causes this, and how a worker can tell.

## Fix

TODO(SME): the steps that fix it, one per line.

1. TODO(SME)
"""


@pytest.fixture(scope="module")
def stock_count() -> engine.Rulebase:
    return engine.load(engine.resolve("stock_count"))


def test_one_record_gives_the_exact_drafts(stock_count: engine.Rulebase) -> None:
    (draft,) = drafts_for([RECORD], stock_count)
    assert draft.name == "stock_count-2026-03-05-escalated-01234567"
    assert (draft.record_id, draft.resolution) == (RECORD.id, Resolution.ESCALATED)
    assert draft.scenario == SCENARIO
    assert draft.article == ARTICLE


def test_only_failed_consultations_of_the_rule_base(stock_count: engine.Rulebase) -> None:
    solved = dataclasses.replace(RECORD, id="s" * 32, resolution=Resolution.SOLVED)
    other = dataclasses.replace(RECORD, id="o" * 32, rulebase_id="printer")
    quit_ = dataclasses.replace(
        RECORD,
        id="a" * 32,
        resolution=Resolution.ABANDONED,
        quit_at="unknown_question",
        recommendations=(),
        outcomes=(),
        proficiency=None,
    )
    drafts = drafts_for([solved, other, RECORD, quit_], stock_count)
    assert [d.record_id for d in drafts] == [RECORD.id, quit_.id]
    abandoned = drafts[1]
    assert "    # The worker stopped at `unknown_question`: answer or skip it here.\n" in (
        abandoned.scenario
    )
    assert "    # Guide recommended nothing then.\n" in abandoned.scenario
    assert "The worker stopped at: `unknown_question`\n" in abandoned.article
    assert "- Nothing was recommended.\n" in abandoned.article
    assert "proficiency" not in abandoned.article


def test_the_scenario_pastes_under_tests_and_check_points_at_expect(
    stock_count: engine.Rulebase, tmp_path: Path
) -> None:
    (draft,) = drafts_for([RECORD], stock_count)
    assert yaml.safe_load(draft.scenario)[0]["answers"] == {"discrepancy_direction": "system_lower"}
    source = stock_count.path.read_text(encoding="utf-8")
    assert "\ntests:\n" in source
    copy = tmp_path / "stock_count.yaml"
    copy.write_text(source.replace("\ntests:\n", "\ntests:\n" + draft.scenario, 1), "utf-8")
    shutil.copytree(stock_count.path.parent / "articles", tmp_path / "articles")
    problems = engine.authoring.check(copy)
    assert [(p.code, p.message) for p in problems if p.severity.value == "error"] == [
        ("G101", "expected a section for `expect`, found nothing")
    ]


def test_an_old_version_s_questions_are_shown_by_id(stock_count: engine.Rulebase) -> None:
    old = dataclasses.replace(
        RECORD,
        answers=(RecordedAnswer("gone", ["a", "b"], False), RecordedAnswer("gone_too", None, True)),
        outcomes=(Feedback("gone_solution", Outcome.NOT_FIXED, "no"),),
    )
    (draft,) = drafts_for([old], stock_count)
    assert "      gone: [a, b]\n" in draft.scenario
    assert "- `gone` **[a, b]**\n- `gone_too` **I don't know**\n" in draft.article
    assert '- `gone_solution`: not fixed, "no"\n' in draft.article


@pytest.fixture
def recorded(data_dir: Path) -> None:
    store = SqliteStore(data_dir / DATABASE_NAME)
    store.write(RECORD)
    store.write(dataclasses.replace(RECORD, id="f" * 32, started=STARTED + dt.timedelta(days=9)))


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = cli.main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.usefixtures("recorded")
def test_guide_stats_export_drafts(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    folder = tmp_path / "drafts"
    code, out, err = run(
        capsys, "stats", "stock_count", "--until", "2026-03-10", "--export-drafts", str(folder)
    )
    stem = folder / "stock_count-2026-03-05-escalated-01234567"
    assert (code, err) == (0, "")
    assert out == f"wrote {stem}.scenario.yaml\nwrote {stem}.article.md\n"
    assert Path(f"{stem}.scenario.yaml").read_text(encoding="utf-8") == SCENARIO
    assert Path(f"{stem}.article.md").read_text(encoding="utf-8") == ARTICLE
    # Never written over: exit 2, with a hint, and nothing else written.
    code, out, err = run(capsys, "stats", "stock_count", "--export-drafts", str(folder))
    assert (code, out) == (2, "")
    assert err == (
        f"guide: {stem}.scenario.yaml exists: drafts are never written over\n"
        "  hint: export to an empty folder, or move the earlier drafts away first\n"
    )
    assert len(list(folder.iterdir())) == 2


def test_guide_stats_export_drafts_with_nothing_to_draft(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, out, _ = run(capsys, "stats", "stock_count", "--export-drafts", str(tmp_path / "d"))
    assert (code, out) == (0, "no escalated or abandoned consultations to draft from\n")
    blocked = tmp_path / "file"
    blocked.write_text("", encoding="utf-8")
    store = SqliteStore(Path(os.environ["GUIDE_DATA_DIR"]) / DATABASE_NAME)
    store.write(RECORD)
    code, _, err = run(capsys, "stats", "stock_count", "--export-drafts", str(blocked / "d"))
    assert code == 2
    assert err.startswith(f"guide: {blocked / 'd'}: cannot create the folder")


def test_the_draft_of_a_hostile_record_holds_exactly_its_text(
    stock_count: engine.Rulebase, tmp_path: Path
) -> None:
    # Built in memory by an embedding app: nothing checked it on the way.
    inject = "\n  - name: injected\n    answers: {pack_size: 1}\n"
    hostile = dataclasses.replace(
        RECORD,
        id="../" + inject,
        rulebase_version="1" + inject + "\u2028# \x85",
        answers=(
            RecordedAnswer("q" + inject, "a" + inject, False, 1.0),
            RecordedAnswer("yes", "no", False, 1.0),
            RecordedAnswer("s" + inject, None, True, 1.0),
            RecordedAnswer("r" + inject, REDACTED, False, 1.0),
        ),
        recommendations=(RecordedRecommendation("c" + inject, 0.5, SolutionState.SUGGESTED),),
        outcomes=(),
        quit_at="w" + inject,
    )
    [draft] = drafts_for([hostile], stock_count)
    assert "/" not in draft.name
    [scenario] = yaml.safe_load("tests:\n" + draft.scenario)["tests"]
    assert scenario == {
        "name": "escalated on 2026-03-05 (______-_)",  # the id's safe characters only
        "answers": {"q" + inject: "a" + inject, "yes": "no"},
        "skipped": ["s" + inject],
        "expect": None,
    }
