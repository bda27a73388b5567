"""`guide review` and engine.review: one Markdown page for a pull request."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import replace
from pathlib import Path

import pytest
from test_diff import CHANGED
from test_testing import PRINTER, run

import engine
import engine.store
from engine.errors import Diagnostic, Severity, Span
from engine.recording import REDACTED, record_consultation
from engine.review import review, review_markdown

GOLDEN = Path(__file__).parent / "golden"
T0 = dt.datetime(2026, 11, 2, 9, 0, tzinfo=dt.UTC)

#: The changed version also asks a question no rule tests (a warning) and its new
#: scenario fails: a page with something in every section.
REVIEWED = CHANGED.replace(
    "rules:\n",
    "  - id: toner\n    text: Is the toner low?\n    type: yes_no\nrules:\n",
    1,
).replace(
    "tests:\n",
    "tests:\n  - name: a jam is confirmed\n    answers: {power_light: yes, display: paper_jam}\n"
    "    expect:\n      top: plug_in_cable\n",
    1,
)


@pytest.fixture
def versions(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    monkeypatch.chdir(tmp_path)
    old, new = Path("old.yaml"), Path("new.yaml")
    old.write_text(PRINTER, encoding="utf-8")
    new.write_text(REVIEWED, encoding="utf-8")
    return old, new


def test_the_page_shows_checks_scenarios_coverage_and_changes(
    capsys: pytest.CaptureFixture[str], versions: tuple[Path, Path], update_golden: bool
) -> None:
    code, out, err = run(capsys, "review", "old.yaml", "new.yaml", "--today", "2026-12-01")
    assert (code, err) == (1, "")  # a scenario fails
    golden = GOLDEN / "review_printer.md"
    if update_golden:
        golden.write_text(out, encoding="utf-8")
    assert out == golden.read_text(encoding="utf-8")


def test_a_clean_change_is_ready_and_exits_0(
    capsys: pytest.CaptureFixture[str], versions: tuple[Path, Path]
) -> None:
    versions[1].write_text(CHANGED, encoding="utf-8")
    code, out, _ = run(capsys, "review", "old.yaml", "new.yaml", "--output", "review.md")
    assert (code, out) == (0, "wrote review.md\n")
    page = Path("review.md").read_text(encoding="utf-8")
    assert "**Ready for review**: 0 errors, 4 warnings; 2 of 2 scenarios pass; 1 of 2 " in page
    assert (
        "### scenario `a jam`\n\n- no longer confirmed: “Clear the paper jam” (`clear_jam`)\n"
        in page
    )


def test_a_new_version_with_errors_is_reviewed_without_scenarios(
    capsys: pytest.CaptureFixture[str], versions: tuple[Path, Path]
) -> None:
    versions[1].write_text(CHANGED.replace("question: display", "question: dispaly"), "utf-8")
    code, out, _ = run(capsys, "review", "old.yaml", "new.yaml")
    assert code == 1
    assert "**The new version cannot be loaded**" in out
    assert "error G202 unknown question `dispaly`; did you mean `display`?" in out
    assert "## Scenarios" not in out


def test_saved_sessions_are_replayed(
    capsys: pytest.CaptureFixture[str], versions: tuple[Path, Path]
) -> None:
    session = engine.load(versions[0]).start()
    session.answer("power_light", True)
    session.answer("display", "paper_jam")
    Path("jam.json").write_text(json.dumps(session.to_dict()), encoding="utf-8")
    _, out, _ = run(capsys, "review", "old.yaml", "new.yaml", "--sessions", "jam.json")
    assert "### jam.json\n\n- no longer confirmed: “Clear the paper jam” (`clear_jam`)\n" in out
    assert "2 of 3 consultations change." in out


def test_recorded_consultations_are_replayed_from_the_store(
    capsys: pytest.CaptureFixture[str],
    versions: tuple[Path, Path],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    monkeypatch.setenv("GUIDE_STORE", f"sqlite:///{tmp_path / 'records.sqlite3'}")
    store = engine.store.open_store(
        engine.store.store_settings({"GUIDE_STORE": f"sqlite:///{tmp_path / 'records.sqlite3'}"})
    )
    session = engine.load(versions[0]).start()
    session.answer("power_light", True)
    session.answer("display", "paper_jam")
    record = record_consultation(session, started=T0, ended=T0 + dt.timedelta(minutes=3))
    store.write(record)
    _, without, _ = run(capsys, "review", "old.yaml", "new.yaml", "--no-records")
    assert "recorded consultation" not in without
    _, out, _ = run(capsys, "review", "old.yaml", "new.yaml")  # GUIDE_STORE is set
    assert f"### recorded consultation {record.id[:8]} (2026-11-02)\n" in out
    assert "2 of 3 consultations change." in out
    monkeypatch.delenv("GUIDE_STORE")
    monkeypatch.setenv("GUIDE_DATA_DIR", str(tmp_path / "nothing-here"))
    _, default, _ = run(capsys, "review", "old.yaml", "new.yaml")
    assert "recorded consultation" not in default
    _, asked, _ = run(capsys, "review", "old.yaml", "new.yaml", "--records")
    assert "1 of 2 consultations change." in asked


def test_the_library_builds_the_same_page(versions: tuple[Path, Path]) -> None:
    old, new = engine.load(versions[0]), engine.load(versions[1])
    found = review(old, new, engine.check(versions[1]), new_label="new", old_label="old")
    assert found.fails  # the new scenario fails
    assert [change.consultation for change in found.changes] == ["scenario `a jam`"]
    assert review_markdown(found).startswith("# Review of ")


def test_a_recorded_consultation_with_a_redacted_answer_is_counted_apart(
    versions: tuple[Path, Path],
) -> None:
    old, new = engine.load(versions[0]), engine.load(versions[1])
    session = old.start()
    session.answer("power_light", True)
    record = record_consultation(session, started=T0, ended=T0 + dt.timedelta(minutes=1))
    hidden = replace(record, answers=(replace(record.answers[0], value=REDACTED),))
    found = review(old, new, [], new_label="new", old_label="old", records=[hidden, record])
    assert (found.redacted, found.compared) == (1, 3)  # two scenarios and one record
    assert "1 recorded consultation left out: an answer was recorded as `(redacted)`" in (
        review_markdown(found)
    )


def test_a_source_line_with_a_code_fence_does_not_end_the_block(
    versions: tuple[Path, Path],
) -> None:
    old = engine.load(versions[0])
    problem = Diagnostic(Span("new.yaml", 1, 1), Severity.WARNING, "G302", "a problem")
    page = review_markdown(
        review(old, None, [problem], new_label="new", old_label="old", source="a: ````x\n")
    )
    assert "`````text\nnew.yaml:1:1: warning G302 a problem\n    a: ````x\n" in page
    assert "\n`````\n" in page
