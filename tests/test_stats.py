"""`engine.stats` on a recorded fixture of consultations, and `guide stats`."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

import cli
import engine
from engine.feedback import Feedback, Outcome
from engine.model import SolutionState
from engine.recording import (
    ConsultationRecord,
    RecordedAnswer,
    RecordedRecommendation,
    Resolution,
)
from engine.store import DATABASE_NAME, SqliteStore

GOLDEN = Path(__file__).parent / "golden"
T0 = dt.datetime(2026, 3, 1, 9, 0, tzinfo=dt.UTC)
DIRECTION = "discrepancy_direction"
TIMING = "count_timing"


def consultation(
    day: int,
    minutes: int,
    resolution: Resolution,
    *,
    skipped: bool = False,
    outcome: Outcome | None = None,
    quit_at: str | None = None,
    version: str = "0.1",
) -> ConsultationRecord:
    started = T0 + dt.timedelta(days=day)
    return ConsultationRecord(
        rulebase_id="inventory",
        rulebase_version=version,
        started=started,
        ended=started + dt.timedelta(minutes=minutes),
        resolution=resolution,
        answers=(
            RecordedAnswer(DIRECTION, "system_lower", False, 5.0),
            RecordedAnswer(TIMING, None, True, 2.0)
            if skipped
            else RecordedAnswer(TIMING, "all_posted", False, 4.0),
        ),
        recommendations=(RecordedRecommendation("correct_receipt", 0.9, SolutionState.CONFIRMED),),
        outcomes=() if outcome is None else (Feedback("correct_receipt", outcome),),
        quit_at=quit_at,
    )


#: Ten consultations: 4 solved, 4 escalated, 2 abandoned.
FIXTURE = [
    consultation(0, 2, Resolution.SOLVED, outcome=Outcome.FIXED),
    consultation(1, 4, Resolution.SOLVED, outcome=Outcome.FIXED),
    consultation(2, 6, Resolution.SOLVED, skipped=True),
    consultation(3, 10, Resolution.SOLVED, skipped=True),
    consultation(4, 3, Resolution.ESCALATED, outcome=Outcome.NOT_FIXED),
    consultation(5, 3, Resolution.ESCALATED, outcome=Outcome.NOT_FIXED),
    consultation(6, 3, Resolution.ESCALATED, outcome=Outcome.NOT_FIXED, skipped=True),
    consultation(7, 3, Resolution.ESCALATED, outcome=Outcome.DID_NOT_TRY),
    consultation(8, 1, Resolution.ABANDONED, quit_at="pack_size"),
    consultation(9, 1, Resolution.ABANDONED, quit_at="pack_size", version="0.2"),
]


def test_the_figures_and_flags() -> None:
    stats = engine.compute_stats(FIXTURE, "inventory")
    assert (stats.consultations, stats.solved, stats.escalated, stats.abandoned) == (10, 4, 4, 2)
    figures = stats.to_dict()
    assert figures["resolution_rate"] == 0.4
    assert figures["escalation_rate"] == 0.4
    assert figures["abandonment_rate"] == 0.2
    assert figures["median_seconds_to_resolution"] == 300.0  # 2, 4, 6, 10 minutes
    assert figures["solutions"] == [
        {
            "id": "correct_receipt",
            "recommended": 10,
            "fixed": 2,
            "not_fixed": 3,
            "did_not_try": 1,
            "fix_rate": 0.4,
        }
    ]
    assert figures["questions"] == [
        {"id": TIMING, "asked": 10, "skipped": 3, "quit_here": 0},  # no rule base: by id
        {"id": DIRECTION, "asked": 10, "skipped": 0, "quit_here": 0},
        {"id": "pack_size", "asked": 2, "skipped": 0, "quit_here": 2},
    ]
    assert [(f.kind, f.subject) for f in stats.flags] == [
        ("low_fix_rate", "correct_receipt"),
        ("most_quit", "pack_size"),
    ]  # count_timing: 3 of 10 is not more than 30%


def test_filters_by_date_and_version() -> None:
    since, until = dt.date(2026, 3, 3), dt.date(2026, 3, 9)
    stats = engine.compute_stats(FIXTURE, "inventory", since=since, until=until)
    assert stats.consultations == 7  # days 2 to 8
    assert engine.compute_stats(FIXTURE, "inventory", version="0.2").consultations == 1
    assert engine.compute_stats(FIXTURE, "other").lines() == [
        "Consultations of other (all versions), the start to today: 0",
        "Nothing recorded yet.",
    ]


def test_often_skipped_questions_are_flagged() -> None:
    records = [*FIXTURE, consultation(10, 1, Resolution.SOLVED, skipped=True)]
    stats = engine.compute_stats(records, "inventory")
    assert ("often_skipped", TIMING) in [(f.kind, f.subject) for f in stats.flags]


@pytest.fixture
def recorded(data_dir: Path) -> None:
    store = SqliteStore(data_dir / DATABASE_NAME)
    for record in FIXTURE:
        store.write(record)


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = cli.main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.usefixtures("recorded")
def test_guide_stats_text_is_golden(
    capsys: pytest.CaptureFixture[str], update_golden: bool
) -> None:
    code, out, _ = run(capsys, "stats", "inventory")
    assert code == 0
    golden = GOLDEN / "stats_inventory.txt"
    if update_golden:
        golden.write_text(out, encoding="utf-8")
    assert out == golden.read_text(encoding="utf-8")


@pytest.mark.usefixtures("recorded")
def test_guide_stats_json_with_filters(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        capsys, "stats", "inventory", "--json", "--since", "2026-03-09", "--version", "0.1"
    )
    assert code == 0
    figures = json.loads(out)
    assert (figures["consultations"], figures["abandoned"]) == (1, 1)
    assert figures["flags"][0]["kind"] == "most_quit"


def test_guide_stats_bad_usage_exits_2(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    code, _, err = run(capsys, "stats", "inventory", "--since", "March")
    assert (code, err.splitlines()[0]) == (2, "guide: `March` is not a date")
    monkeypatch.setenv("GUIDE_STORE", "postgresql://guide:s3cret@127.0.0.1:1/guide")  # nobody there
    code, _, err = run(capsys, "stats", "inventory")
    assert code == 2
    assert err.startswith(
        "guide: postgresql://guide@127.0.0.1:1/guide: the store cannot be used (connection failed:"
    )
    assert "s3cret" not in err


@pytest.mark.usefixtures("recorded")
def test_guide_stats_html_is_golden(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, update_golden: bool
) -> None:
    page = tmp_path / "stats.html"
    code, out, _ = run(capsys, "stats", "inventory", "--html", str(page))
    assert (code, out) == (0, f"wrote {page}\n")
    html = page.read_text(encoding="utf-8")
    golden = GOLDEN / "stats_inventory.html"
    if update_golden:
        golden.write_text(html, encoding="utf-8")
    assert html == golden.read_text(encoding="utf-8")
    # Self-contained: no scripts, no other files, no fonts.
    for outside in ("<script", "src=", "href=", "@import", "url(", "@font-face"):
        assert outside not in html
    # Accessible: a title, headings, and each chart titled, described and labelled.
    assert html.count('<svg role="img" aria-labelledby=') == 3
    assert html.count("<table>") == 3
    assert "<title>Stock on the shelf does not match the system: " in html


def test_stats_html_escapes_and_has_no_charts_without_records() -> None:
    from wizards.stats_html import render_stats_html

    html = render_stats_html(engine.compute_stats([], "inventory"), "<b>Printers</b> & co")
    assert "<title>&lt;b&gt;Printers&lt;/b&gt; &amp; co: " in html
    assert "<p>Nothing recorded yet.</p>" in html
    assert "<svg" not in html


def test_stats_html_bars_scale_with_the_rates() -> None:
    from wizards.stats_html import PLOT_WIDTH, render_stats_html

    html = render_stats_html(engine.compute_stats(FIXTURE, "inventory"), "Inventory")
    solved = round(0.4 * PLOT_WIDTH)
    assert f'<rect class="solved" x="75" y="5" width="{solved}" height="18"></rect>' in html
    assert '<rect class="poor" x="' in html  # correct_receipt: 40% fixed


@pytest.mark.usefixtures("recorded")
def test_guide_stats_html_and_json_together(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    page = tmp_path / "stats.html"
    code, out, err = run(capsys, "stats", "inventory", "--json", "--html", str(page))
    assert (code, json.loads(out)["consultations"], err) == (0, 10, f"wrote {page}\n")
    code, _, err = run(capsys, "stats", "inventory", "--html", str(tmp_path / "no" / "x.html"))
    assert code == 2
    assert err.startswith(f"guide: {tmp_path / 'no' / 'x.html'}: cannot be written")
