"""`engine.stats` on a recorded fixture of consultations, and `guide stats`.

The fixture, ``tests/fixtures/consultations_stock_count.jsonl``, holds ten
consultations as a store keeps them: the first of version 1 (before records
kept the rules that fired and the articles opened), the others of version 2.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

import cli
import engine
from engine.feedback import Feedback, Outcome
from engine.model import SolutionState
from engine.recording import (
    RECORD_VERSION,
    ConsultationRecord,
    RecordedAnswer,
    RecordedRecommendation,
    Resolution,
    record_from_dict,
)
from engine.stats import MIN_FIRED_RULES_KNOWN
from engine.store import DATABASE_NAME, Recorder, SqliteStore

GOLDEN = Path(__file__).parent / "golden"
FIXTURE_FILE = Path(__file__).parent / "fixtures" / "consultations_stock_count.jsonl"
T0 = dt.datetime(2026, 3, 1, 9, 0, tzinfo=dt.UTC)
DIRECTION = "discrepancy_direction"
TIMING = "count_timing"
#: The rules the fixture's version 2 records fired that the stock_count rule base has.
FIRED = ("shelf_has_extra_units", "counted_at_clean_cutoff", "receipt_not_fully_posted")
STOCK_COUNT = engine.load(engine.resolve("stock_count"))


def consultation(
    day: int,
    minutes: int,
    resolution: Resolution,
    *,
    skipped: bool = False,
    outcome: Outcome | None = None,
    quit_at: str | None = None,
    version: str = "0.1",
    fired_rules: tuple[str, ...] | None = FIRED,
    articles_opened: tuple[str, ...] = (),
) -> ConsultationRecord:
    started = T0 + dt.timedelta(days=day)
    return ConsultationRecord(
        rulebase_id="stock_count",
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
        fired_rules=fired_rules,
        articles_opened=articles_opened,
    )


def fixture_lines() -> list[str]:
    return FIXTURE_FILE.read_text(encoding="utf-8").splitlines()


#: Ten consultations on days 0 to 9: 4 solved, 4 escalated, 2 abandoned (at `pack_size`),
#: each recommending `correct_receipt`, all of version 0.1 but the last (0.2). The first
#: is a version 1 record; the others fired rules of FIRED (the last also one its version
#: had) and opened articles on days 1 to 5 and 8.
FIXTURE = [record_from_dict(json.loads(line)) for line in fixture_lines()]


def test_the_figures_and_flags() -> None:
    stats = engine.compute_stats(FIXTURE, "stock_count")
    assert (stats.consultations, stats.solved, stats.escalated, stats.abandoned) == (10, 4, 4, 2)
    figures = stats.to_dict()
    assert figures["resolution_rate"] == 0.4
    assert figures["escalation_rate"] == 0.4
    assert figures["abandonment_rate"] == 0.2
    assert figures["median_seconds_to_resolution"] == 300.0  # 2, 4, 6, 10 minutes
    assert [{k: v for k, v in s.items() if k != "comments"} for s in figures["solutions"]] == [
        {
            "id": "correct_receipt",
            "title": "correct_receipt",  # no rule base: its id
            "recommended": 10,
            "fixed": 2,
            "not_fixed": 3,
            "did_not_try": 1,
            "chosen": 0,
            "fix_rate": 0.4,
        }
    ]
    assert figures["questions"] == [
        # No rule base: in the order first asked, named by id.
        {"id": TIMING, "text": TIMING, "asked": 10, "skipped": 3, "quit_here": 0, "comments": []},
        {
            "id": DIRECTION,
            "text": DIRECTION,
            "asked": 10,
            "skipped": 0,
            "quit_here": 0,
            "comments": [],
        },
        {
            "id": "pack_size",
            "text": "pack_size",
            "asked": 2,
            "skipped": 0,
            "quit_here": 2,
            "comments": [],
        },
    ]
    assert [(f.kind, f.subject) for f in stats.flags] == [
        ("low_fix_rate", "correct_receipt"),
        ("most_quit", "pack_size"),
    ]  # count_timing: 3 of 10 is not more than 30%


def test_filters_by_date_and_version() -> None:
    since, until = dt.date(2026, 3, 3), dt.date(2026, 3, 9)
    stats = engine.compute_stats(FIXTURE, "stock_count", since=since, until=until)
    assert stats.consultations == 7  # days 2 to 8
    assert engine.compute_stats(FIXTURE, "stock_count", version="0.2").consultations == 1
    assert engine.compute_stats(FIXTURE, "other").lines() == [
        "Consultations of other (all versions), the start to today: 0",
        "Nothing recorded yet.",
    ]


def test_often_skipped_questions_are_flagged() -> None:
    records = [*FIXTURE, consultation(10, 1, Resolution.SOLVED, skipped=True)]
    stats = engine.compute_stats(records, "stock_count")
    assert ("often_skipped", TIMING) in [(f.kind, f.subject) for f in stats.flags]


def test_the_fixture_holds_one_version_1_record() -> None:
    versions = [json.loads(line)["version"] for line in fixture_lines()]
    assert versions == [1] + [2] * 9
    old, new = FIXTURE[0], FIXTURE[1]
    assert (old.fired_rules, old.articles_opened) == (None, ())  # unknown, not "none fired"
    assert new.fired_rules == FIRED
    assert new.articles_opened == ("receiving_and_putaway",)


def test_a_version_1_record_is_written_back_as_version_3() -> None:
    old = json.loads(fixture_lines()[0])
    record = record_from_dict(old)
    written = json.loads(json.dumps(record.to_dict()))
    assert (written["version"], RECORD_VERSION) == (3, 3)
    assert (written["fired_rules"], written["articles_opened"]) == (None, [])
    assert {key: value for key, value in written.items() if key != "version"} == {
        **{key: value for key, value in old.items() if key != "version"},
        "fired_rules": None,
        "articles_opened": [],
    }
    assert record_from_dict(written) == record


@pytest.mark.parametrize(
    "change",
    [
        lambda d: d.update(version=4),
        lambda d: d.update(version=True),
        lambda d: d.pop("fired_rules"),
        lambda d: d.update(fired_rules="shelf_has_extra_units"),
        lambda d: d.update(articles_opened=None),
        lambda d: d.update(articles_opened=[7]),
    ],
)
def test_corrupt_version_2_records_are_refused(change: Callable[[dict[str, object]], None]) -> None:
    data = json.loads(fixture_lines()[1])
    change(data)
    with pytest.raises(engine.RecordError, match="not a consultation record"):
        record_from_dict(data)


def test_the_record_keeps_the_rules_fired_and_the_articles_opened() -> None:
    session = STOCK_COUNT.start({DIRECTION: "system_lower", TIMING: "all_posted"})
    found = engine.record_consultation(
        session,
        started=T0,
        ended=T0,
        articles_opened=["counting_basics", "units_of_measure", "counting_basics"],
    )
    assert found.fired_rules == session.fired_rules()
    assert found.fired_rules == ("shelf_has_extra_units", "counted_at_clean_cutoff")
    assert found.articles_opened == ("counting_basics", "units_of_measure")  # each once
    assert record_from_dict(json.loads(json.dumps(found.to_dict()))) == found


def test_an_unknown_article_opened_is_a_record_error() -> None:
    session = STOCK_COUNT.start()
    with pytest.raises(
        engine.RecordError,
        match="'counting_basic' is not an article of rule base 'stock_count' "
        r"\(did you mean 'counting_basics'\?\)",
    ):
        engine.record_consultation(
            session, started=T0, ended=T0, articles_opened=["counting_basic"]
        )


def test_articles_shown_and_opened() -> None:
    stats = engine.compute_stats(FIXTURE, "stock_count", rulebase=STOCK_COUNT)
    assert [
        {key: value for key, value in a.items() if key != "title"}
        for a in stats.to_dict()["articles"]
    ] == [
        # Attached to `discrepancy_direction` and `count_timing`, asked in all ten.
        {"id": "counting_basics", "shown": 10, "opened": 2, "open_rate": 0.2},
        # Linked from `correct_receipt`, recommended in all ten.
        {"id": "receiving_and_putaway", "shown": 10, "opened": 3, "open_rate": 0.3},
        # Attached to `pack_size`, on screen when the two abandoned ones stopped.
        {"id": "units_of_measure", "shown": 2, "opened": 1, "open_rate": 0.5},
        # Linked from nothing shown: opened, so it was on the worker's screen.
        {"id": "transaction_history", "shown": 1, "opened": 1, "open_rate": 1.0},
    ]
    # Without the rule base, nothing says what was shown but what was opened.
    assert [
        (a.id, a.shown, a.opened) for a in engine.compute_stats(FIXTURE, "stock_count").articles
    ] == [
        ("counting_basics", 2, 2),
        ("receiving_and_putaway", 3, 3),
        ("transaction_history", 1, 1),
        ("units_of_measure", 1, 1),
    ]


def more(
    count: int, *, first_day: int = 10, fired_rules: tuple[str, ...] | None = FIRED
) -> list[ConsultationRecord]:
    """Solved consultations after the fixture's, one a day."""
    return [
        consultation(first_day + n, 2, Resolution.SOLVED, fired_rules=fired_rules)
        for n in range(count)
    ]


def never_fired(stats: engine.Stats) -> list[str]:
    return [f.subject for f in stats.flags if f.kind == "never_fired"]


def test_rules_never_fired_need_enough_consultations_that_kept_them() -> None:
    # The fixture's version 1 record does not count: 9 of its 10 consultations kept them.
    stats = engine.compute_stats(FIXTURE, "stock_count", rulebase=STOCK_COUNT)
    assert stats.fired_rules_known == 9
    assert never_fired(stats) == []
    assert (
        "Rules never fired: too few consultations to tell yet "
        "(9 recorded which rules fired; 20 are needed)."
    ) in stats.lines()
    # 20 consultations, but only 19 kept which rules fired: still too few.
    records = [*FIXTURE, *more(10, fired_rules=None), *more(10, first_day=20)]
    stats = engine.compute_stats(records, "stock_count", rulebase=STOCK_COUNT)
    assert (stats.consultations, stats.fired_rules_known) == (30, MIN_FIRED_RULES_KNOWN - 1)
    assert never_fired(stats) == []
    # One more: every rule of the rule base that none fired, in the file's order.
    stats = engine.compute_stats(
        [*records, *more(1, first_day=30)], "stock_count", rulebase=STOCK_COUNT
    )
    assert stats.fired_rules_known == 20
    assert never_fired(stats) == [r.id for r in STOCK_COUNT.rules if r.id not in FIRED]
    assert "rule_of_an_older_version" not in [r.id for r in stats.rules]  # not in this version
    assert [(r.id, r.fired) for r in stats.rules if r.fired] == [
        ("shelf_has_extra_units", 20),
        ("counted_at_clean_cutoff", 17),  # not in the 3 fixture records that skipped the timing
        ("receipt_not_fully_posted", 18),  # not in the 2 abandoned ones
    ]
    assert not any(line.startswith("Rules never fired") for line in stats.lines())


def test_many_rules_never_fired_are_said_once_in_text() -> None:
    records = [*FIXTURE, *more(11)]
    stats = engine.compute_stats(records, "stock_count", rulebase=STOCK_COUNT)
    count = len(STOCK_COUNT.rules) - len(FIRED)
    lines = stats.lines()
    # Needs care comes first, after the count; low_fix_rate and most_quit take two lines each.
    assert lines[2] == "Needs care:"
    first = 7
    assert lines[first].startswith(f"  - {count} rules never fired in the 20 consultations that")
    listed = []
    for line in lines[first : lines.index("", first)]:
        assert len(line) <= 100
        listed.append(line.strip())
    assert " ".join(listed).endswith("Can their conditions be met, or are they no longer needed?")
    assert " shelf_is_short, " in " ".join(listed)
    assert not any("`" in line for line in lines)
    # Tools get one flag per rule.
    flags = stats.to_dict()["flags"]
    assert len([f for f in flags if f["kind"] == "never_fired"]) == count
    assert flags[2]["message"] == (
        "Rule shelf_is_short never fired in the 20 consultations that recorded which rules "
        "fired: can its conditions be met, or is it no longer needed?"
    )


def test_one_rule_never_fired_is_said_as_itself() -> None:
    small = dataclasses.replace(STOCK_COUNT, rules=STOCK_COUNT.rules[:2])
    stats = engine.compute_stats([*FIXTURE, *more(11)], "stock_count", rulebase=small)
    assert stats.lines()[7:9] == [
        "  - Rule shelf_is_short never fired in the 20 consultations that recorded which rules "
        "fired: can its",
        "    conditions be met, or is it no longer needed?",
    ]


def moved(records: list[ConsultationRecord], year: int, month: int) -> list[ConsultationRecord]:
    """The same consultations, held on the same days of another month."""
    return [
        dataclasses.replace(
            r,
            started=r.started.replace(year=year, month=month),
            ended=r.ended.replace(year=year, month=month),
        )
        for r in records
    ]


def test_articles_past_review_that_workers_still_see_are_flagged() -> None:
    def flags(
        today: dt.date, records: list[ConsultationRecord], rulebase: engine.Rulebase = STOCK_COUNT
    ) -> list[tuple[str, str]]:
        stats = engine.compute_stats(records, "stock_count", rulebase=rulebase, today=today)
        return [(f.subject, f.message) for f in stats.flags if f.kind == "past_review_recommended"]

    # counting_basics and receiving_and_putaway are due on 2027-03-31; the fixture's
    # consultations were in March 2026, these in April 2027.
    april = moved(FIXTURE, 2027, 4)
    assert flags(dt.date(2027, 3, 31), FIXTURE + april) == []  # due that day: not past yet
    # Past review, but every worker who saw them saw them before they were due.
    assert flags(dt.date(2027, 4, 15), FIXTURE) == []
    assert flags(dt.date(2027, 4, 15), FIXTURE + april) == [
        (
            "counting_basics",
            'Article "Counting a location so the count can be trusted" was due for review on '
            "2027-03-31 (15 days ago) and was shown in 10 consultations since (opened in 2): "
            "Dana Ruiz should check it and move its review date (review_by) on.",
        ),
        (
            "receiving_and_putaway",
            'Article "Receiving, put-away and transfers without stock errors" was due for review '
            "on 2027-03-31 (15 days ago) and was shown in 10 consultations since (opened in 3): "
            "Marco Bianchi should check it and move its review date (review_by) on.",
        ),
    ]
    # units_of_measure and transaction_history are due on 2027-06-30; negative_stock
    # and system_interfaces are past review too, but no worker saw them.
    july = moved([FIXTURE[5], FIXTURE[8]], 2027, 7)
    assert [subject for subject, _ in flags(dt.date(2027, 7, 20), april + july)] == [
        "counting_basics",
        "receiving_and_putaway",
        "units_of_measure",
        "transaction_history",
    ]
    ownerless = dataclasses.replace(
        STOCK_COUNT,
        articles=tuple(
            dataclasses.replace(a, owner=None) if a.id == "transaction_history" else a
            for a in STOCK_COUNT.articles
        ),
    )
    assert flags(dt.date(2027, 7, 11), july, ownerless)[-1] == (
        "transaction_history",
        'Article "Reading an item\'s transaction history" was due for review on 2027-06-30 '
        "(11 days ago) and was shown in 1 consultation since (opened in 1): it has no owner: "
        "check it, move its review date (review_by) on and give it an owner.",
    )
    # Without a day to compare with, or without the rule base, review dates are not looked at.
    for stats in (
        engine.compute_stats(april, "stock_count", rulebase=STOCK_COUNT),
        engine.compute_stats(april, "stock_count", today=dt.date(2027, 7, 1)),
    ):
        assert "past_review_recommended" not in [f.kind for f in stats.flags]


def test_old_queued_version_1_records_still_send(data_dir: Path) -> None:
    (data_dir / "queue.jsonl").write_text("\n".join(fixture_lines()) + "\n", encoding="utf-8")
    store = SqliteStore(data_dir / DATABASE_NAME)
    assert Recorder(store, data_dir).flush() == 10
    assert store.records("stock_count") == FIXTURE


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
    # Two articles are past review on this day (2027-03-31); workers saw both.
    code, out, _ = run(capsys, "stats", "stock_count", "--today", "2027-04-15")
    assert code == 0
    golden = GOLDEN / "stats_stock_count.txt"
    if update_golden:
        golden.write_text(out, encoding="utf-8")
    assert out == golden.read_text(encoding="utf-8")


@pytest.mark.usefixtures("recorded")
def test_guide_stats_json_with_filters(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        capsys, "stats", "stock_count", "--json", "--since", "2026-03-09", "--version", "0.1"
    )
    assert code == 0
    figures = json.loads(out)
    assert (figures["consultations"], figures["abandoned"]) == (1, 1)
    assert figures["flags"][0]["kind"] == "most_quit"


def test_guide_stats_bad_usage_exits_2(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    code, _, err = run(capsys, "stats", "stock_count", "--since", "March")
    assert (code, err.splitlines()[0]) == (2, "guide: `March` is not a date")
    monkeypatch.setenv("GUIDE_STORE", "postgresql://guide:s3cret@127.0.0.1:1/guide")  # nobody there
    code, _, err = run(capsys, "stats", "stock_count")
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
    code, out, _ = run(capsys, "stats", "stock_count", "--html", str(page), "--today", "2027-04-15")
    assert (code, out) == (0, f"wrote {page}\n")
    html = page.read_text(encoding="utf-8")
    golden = GOLDEN / "stats_stock_count.html"
    if update_golden:
        golden.write_text(html, encoding="utf-8")
    assert html == golden.read_text(encoding="utf-8")
    # Self-contained: no scripts, no other files, no fonts.
    for outside in ("<script", "src=", "href=", "@import", "url(", "@font-face"):
        assert outside not in html
    # Accessible: a title, headings, and each chart titled, described and labelled.
    # Where they ended, per month, per version, fix rate, skip rate, the funnel, open rate.
    assert html.count('<svg role="img" aria-labelledby=') == 7
    assert html.count("<table>") == 7
    # The articles' chart and table, and what needs care about them and the rules.
    assert '<title id="open-rate-title">Open rate per article</title>' in html
    assert (
        '<tr><th scope="row" title="receiving_and_putaway">Receiving, put-away and transfers '
        'without stock errors</th><td class="n">10</td><td class="n">3</td><td class="n">30%</td>'
        "</tr>"
    ) in html
    # Question texts beside the bars, cut to fit; whole, with the id, on hover.
    assert '<text x="207" y="46" text-anchor="end">When you counted, was every\u2026</text>' in html
    assert (
        "<title>When you counted, was every movement of this item up to that moment already "
        "posted in the system? (count_timing): 3 of 10 (30%)</title>"
    ) in html
    assert "<p>Rules never fired: too few consultations to tell yet (9 recorded" in html
    assert "<title>Stock on the shelf does not match the system: " in html


def test_stats_html_lists_articles_past_review_under_needs_care() -> None:
    from wizards.stats_html import render_stats_html

    figures = engine.compute_stats(
        moved(FIXTURE, 2027, 4), "stock_count", rulebase=STOCK_COUNT, today=dt.date(2027, 4, 15)
    )
    html = render_stats_html(figures, "Stock count")
    assert (
        "<li>Article &#34;Counting a location so the count can be trusted&#34; was due for review "
        "on 2027-03-31 (15 days ago) "
        "and was shown in 10 consultations since (opened in 2)"
    ) in html


def test_stats_html_escapes_and_has_no_charts_without_records() -> None:
    from wizards.stats_html import render_stats_html

    html = render_stats_html(engine.compute_stats([], "stock_count"), "<b>Printers</b> & co")
    assert "<title>&lt;b&gt;Printers&lt;/b&gt; &amp; co: " in html
    assert "<p>Nothing recorded yet.</p>" in html
    assert "<svg" not in html


def test_stats_html_bars_scale_with_the_rates() -> None:
    from wizards.stats_html import PLOT_WIDTH, render_stats_html

    html = render_stats_html(engine.compute_stats(FIXTURE, "stock_count"), "Stock count")
    solved = round(0.4 * PLOT_WIDTH)
    assert f'<rect class="solved" x="75" y="5" width="{solved}" height="18"></rect>' in html
    assert '<rect class="poor" x="' in html  # correct_receipt: 40% fixed


@pytest.mark.usefixtures("recorded")
def test_guide_stats_html_and_json_together(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    page = tmp_path / "stats.html"
    code, out, err = run(capsys, "stats", "stock_count", "--json", "--html", str(page))
    assert (code, json.loads(out)["consultations"], err) == (0, 10, f"wrote {page}\n")
    code, _, err = run(capsys, "stats", "stock_count", "--html", str(tmp_path / "no" / "x.html"))
    assert code == 2
    assert err.startswith(f"guide: {tmp_path / 'no' / 'x.html'}: cannot be written")


@pytest.mark.usefixtures("recorded")
def test_guide_stats_json_shape(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "stats", "stock_count", "--json", "--today", "2027-04-15")
    assert code == 0
    figures = json.loads(out)
    # The shape is documented (docs/cli.md): extended, never renamed.
    assert list(figures) == [
        "rulebase",
        "since",
        "until",
        "version",
        "consultations",
        "solved",
        "escalated",
        "abandoned",
        "resolution_rate",
        "escalation_rate",
        "abandonment_rate",
        "median_seconds_to_resolution",
        "solutions",
        "questions",
        "articles",
        "fired_rules_known",
        "rules",
        "today",
        "flags",
        "unreadable",
        "advice_taken",
        "advice_taken_rate",
        "unresolved",
        "trends",
        "versions",
        "funnel",
    ]
    # Texts and titles as written, ids beside them.
    assert figures["questions"][0] == {
        "id": DIRECTION,
        "text": "Does the system show more or fewer units than you counted?",
        "asked": 10,
        "skipped": 0,
        "quit_here": 0,
        "comments": [],
    }
    assert figures["solutions"][0]["title"] == "Correct the receipt to match what arrived"
    assert figures["articles"][0] == {
        "id": "counting_basics",
        "title": "Counting a location so the count can be trusted",
        "shown": 10,
        "opened": 2,
        "open_rate": 0.2,
    }
    assert (figures["fired_rules_known"], figures["today"]) == (9, "2027-04-15")
    assert len(figures["rules"]) == len(STOCK_COUNT.rules)
    assert figures["rules"][:2] == [
        {"id": "shelf_has_extra_units", "fired": 9},
        {"id": "shelf_is_short", "fired": 0},
    ]
    assert [(f["kind"], f["subject"]) for f in figures["flags"]] == [
        ("low_fix_rate", "correct_receipt"),
        ("most_quit", "pack_size"),
    ]  # past review on 2027-04-15, but seen in 2026, while they were current: not flagged


@pytest.mark.usefixtures("recorded")
def test_guide_stats_compares_review_dates_with_today_by_default(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, _ = run(capsys, "stats", "stock_count", "--json")
    assert (code, json.loads(out)["today"]) == (0, dt.date.today().isoformat())
    code, _, err = run(capsys, "stats", "stock_count", "--today", "15/04/2027")
    assert (code, err.splitlines()[0]) == (2, "guide: `15/04/2027` is not a date")


def test_stats_html_says_when_no_article_was_shown() -> None:
    from wizards.stats_html import render_stats_html

    bare = dataclasses.replace(STOCK_COUNT, articles=(), questions=(), solutions=())
    stats = engine.compute_stats(FIXTURE[:1], "stock_count", rulebase=bare)
    html = render_stats_html(stats, "Bare")
    assert "<p>No article was shown or opened.</p>" in html
    assert html.count("<svg") == 5  # no skip-rate chart: nothing was skipped
    assert not any(line.startswith("Article") for line in stats.lines())


@pytest.mark.usefixtures("recorded")
def test_control_characters_in_store_records_never_reach_the_terminal(
    capsys: pytest.CaptureFixture[str], data_dir: Path
) -> None:
    # Store rows are untrusted: another program wrote a question id holding a
    # clipboard write (OSC 52). The store refuses such a record on write, so put
    # it straight into the table, as that program would.
    first = FIXTURE[0]
    hostile = json.dumps(first.to_dict()).replace('"count_timing"', '"q\\u001b]52;c;aGk=\\u0007"')
    assert "\\u001b" in hostile
    with sqlite3.connect(data_dir / DATABASE_NAME) as connection:
        connection.execute("UPDATE consultations SET record = ? WHERE id = ?", (hostile, first.id))
    connection.close()
    code, out, err = run(capsys, "stats", "stock_count")
    assert (code, err) == (0, "")
    assert "\x1b" not in out and "\x07" not in out
    assert "1 record could not be read" in out


def test_a_time_without_a_time_zone_is_refused_when_recording() -> None:
    session = STOCK_COUNT.start({DIRECTION: "system_lower", TIMING: "all_posted"})
    with pytest.raises(engine.RecordError, match="`started` must be a time with a time zone"):
        engine.record_consultation(session, started=dt.datetime(2026, 3, 1, 9, 0), ended=T0)
    with pytest.raises(engine.RecordError, match="`ended` must be a time with a time zone"):
        engine.record_consultation(session, started=T0, ended=dt.datetime(2026, 3, 1, 9, 5))


@pytest.mark.usefixtures("recorded")
def test_guide_stats_skips_and_counts_a_record_it_cannot_read(
    capsys: pytest.CaptureFixture[str], data_dir: Path, tmp_path: Path
) -> None:
    # As an embedding app once wrote it: started without a time zone.
    first = FIXTURE[0]
    naive = json.dumps({**first.to_dict(), "started": "2026-03-01T09:00:00"})
    with sqlite3.connect(data_dir / DATABASE_NAME) as connection:
        connection.execute("UPDATE consultations SET record = ? WHERE id = ?", (naive, first.id))
    connection.close()
    said = "1 record could not be read (corrupt, or not written by Guide); it is not counted."
    code, out, _ = run(capsys, "stats", "stock_count")
    assert code == 0
    assert out.splitlines()[:2] == [
        "Consultations of stock_count (all versions), the start to today: 9",
        said,
    ]
    code, out, _ = run(capsys, "stats", "stock_count", "--json")
    assert (code, json.loads(out)["unreadable"], json.loads(out)["consultations"]) == (0, 1, 9)
    page = tmp_path / "stats.html"
    assert run(capsys, "stats", "stock_count", "--html", str(page))[0] == 0
    assert f"<p>{said}</p>" in page.read_text(encoding="utf-8")


def test_stats_html_says_there_is_nothing_to_see_instead_of_empty_charts() -> None:
    from wizards.stats_html import render_stats_html

    # Seven consultations: nothing skipped, no outcome said, no article opened.
    quiet = [consultation(day, 3, Resolution.SOLVED) for day in range(7)]
    html = render_stats_html(
        engine.compute_stats(quiet, "stock_count", rulebase=STOCK_COUNT), "Stock count"
    )
    # Where consultations ended (all solved), per month, per version, and the funnel.
    assert html.count("<svg") == 4
    assert "0 of 7 (0%)</text>" not in html
    for said in (
        "No worker has said yet whether a solution fixed the problem: there is no chart to see",
        "No question was answered &#34;I don&#39;t know&#34;: there is no chart to see",
        "No article was opened where it was shown: there is no chart to see",
    ):
        assert f'<p class="nothing">{said}; the table has the counts.</p>' in html
    # The tables keep the counts.
    assert html.count("<table>") == 7
    assert '<td class="n">7</td><td class="n">0</td><td class="n">0%</td>' in html
    # A fix rate of 0% everywhere is said too: nothing fixed, with nothing to draw.
    failed = [
        consultation(day, 3, Resolution.ESCALATED, outcome=Outcome.NOT_FIXED) for day in range(2)
    ]
    html = render_stats_html(
        engine.compute_stats(failed, "stock_count", rulebase=STOCK_COUNT), "Stock count"
    )
    assert "No solution fixed the problem when workers tried it (0% each)" in html


def test_workers_comments_are_shown_beside_the_solution_newest_first() -> None:
    stats = engine.compute_stats(FIXTURE, "stock_count", rulebase=STOCK_COUNT)
    (solution,) = stats.to_dict()["solutions"]
    assert [(c["date"], c["outcome"], c["text"]) for c in solution["comments"]] == [
        ("2026-03-08", "did_not_try", "I have no access to receipts on the handheld"),
        ("2026-03-05", "not_fixed", "the receipt was already posted by night shift"),
        (
            "2026-03-02",
            "fixed",
            "the second delivery note was in the office tray; posting it fixed the count",
        ),
    ]
    assert solution["comments"][1]["consultation"] == FIXTURE[4].id
    lines = stats.lines()
    row = lines.index(
        "         10      2          3           1       40%  "
        "Correct the receipt to match what arrived"
    )
    assert lines[row + 1 : row + 4] == [
        " " * 53 + "Workers said, newest first:",
        " " * 55 + '2026-03-08, did not try: "I have no access to',
        " " * 57 + 'receipts on the handheld"',
    ]


def typed(day: int, value: str | None, *, comment: str | None = None) -> ConsultationRecord:
    """A consultation in which the worker typed the unit the system shows (a text question)."""
    record = consultation(day, 3, Resolution.ESCALATED, outcome=Outcome.NOT_FIXED)
    outcomes = (Feedback("correct_receipt", Outcome.NOT_FIXED, comment),)
    answers = () if value is None else (RecordedAnswer("system_unit", value, False, 3.0),)
    return dataclasses.replace(record, answers=record.answers + answers, outcomes=outcomes)


def unit_comments(rulebase: engine.Rulebase, records: list[ConsultationRecord]) -> list[str]:
    stats = engine.compute_stats(records, "stock_count", rulebase=rulebase)
    (unit,) = [q for q in stats.questions if q.id == "system_unit"]
    return [c.text for c in unit.comments]


def test_free_text_answers_are_shown_only_where_the_rule_base_lets_records_keep_them() -> None:
    from engine.recording import REDACTED
    from wizards.stats_html import render_stats_html

    records = [typed(0, "CS"), typed(1, REDACTED), typed(2, "EA (each)")]
    keeps = dataclasses.replace(
        STOCK_COUNT, settings=dataclasses.replace(STOCK_COUNT.settings, record_free_text=True)
    )
    # Newest first; a redacted answer is never shown.
    assert unit_comments(keeps, records) == ["EA (each)", "CS"]
    # The shipped rule base keeps no free text: answers kept before it said so stay unsaid.
    assert STOCK_COUNT.settings.record_free_text is False
    assert unit_comments(STOCK_COUNT, records) == []
    # Nor those of a question marked `redact: true` since.
    redacted = dataclasses.replace(
        keeps,
        questions=tuple(
            dataclasses.replace(q, redact=True) if q.id == "system_unit" else q
            for q in keeps.questions
        ),
    )
    assert unit_comments(redacted, records) == []
    # Without the rule base, nothing says what may be shown: nothing is.
    stats = engine.compute_stats(records, "stock_count")
    assert all(not q.comments for q in stats.questions)
    # Shown in the text and the page, beside the question.
    stats = engine.compute_stats(records, "stock_count", rulebase=keeps)
    text = "\n".join(stats.lines())
    assert (
        "                           Workers answered, newest first:\n"
        '                             2026-03-03: "EA (each)"\n'
        '                             2026-03-01: "CS"\n'
    ) in text
    assert REDACTED not in text
    html = render_stats_html(stats, "Stock count")
    assert (
        '<tr class="said"><td colspan="5">Workers answered, newest first:\n<ul>\n'
        '<li><time datetime="2026-03-03">2026-03-03</time>: &ldquo;EA (each)&rdquo;</li>'
    ) in html


def test_comments_are_escaped_folded_past_five_and_never_redacted_ones() -> None:
    from engine.recording import REDACTED
    from wizards.stats_html import render_stats_html

    records = [typed(day, None, comment=f"try {day}") for day in range(7)]
    records += [typed(7, None, comment=REDACTED), typed(8, None, comment="<b>bold</b> & \x1b[2J")]
    stats = engine.compute_stats(records, "stock_count", rulebase=STOCK_COUNT)
    (solution,) = stats.solutions
    assert [c.text for c in solution.comments][:2] == ["<b>bold</b> & \x1b[2J", "try 6"]
    assert REDACTED not in [c.text for c in solution.comments]
    lines = stats.lines()
    assert lines[lines.index(" " * 55 + '2026-03-04, not fixed: "try 3"') + 1] == (
        " " * 55 + "and 3 older (all are in --json)"
    )
    html = render_stats_html(stats, "Stock count")
    assert "&ldquo;&lt;b&gt;bold&lt;/b&gt; &amp; \x1b[2J&rdquo;" in html
    assert "<details><summary>3 older</summary>" in html
    assert REDACTED not in html


def test_trends_per_month_and_week_and_per_version() -> None:
    stats = engine.compute_stats(FIXTURE, "stock_count", rulebase=STOCK_COUNT)
    figures = stats.to_dict()
    assert figures["trends"] == {
        "every": "month",
        "periods": [
            {
                "label": "2026-03",
                "start": "2026-03-01",
                "consultations": 10,
                "solved": 4,
                "escalated": 4,
                "abandoned": 2,
                "resolution_rate": 0.4,
                "escalation_rate": 0.4,
                "median_seconds_to_resolution": 300.0,
            }
        ],
    }
    # Weeks start on Monday (UTC): 2026-03-01 is a Sunday.
    weekly = engine.compute_stats(FIXTURE, "stock_count", every="week")
    assert [(p.label, p.consultations, p.solved, p.escalated) for p in weekly.periods] == [
        ("week of 2026-02-23", 1, 1, 0),
        ("week of 2026-03-02", 7, 3, 4),
        ("week of 2026-03-09", 2, 0, 0),
    ]
    # Months without consultations between two that had some are shown, empty.
    spread = [*FIXTURE[:2], *moved(FIXTURE[2:4], 2026, 5)]
    monthly = engine.compute_stats(spread, "stock_count").periods
    assert [(p.label, p.consultations, p.rate(p.solved)) for p in monthly] == [
        ("2026-03", 2, 1.0),
        ("2026-04", 0, None),
        ("2026-05", 2, 1.0),
    ]
    # Per version, in the order first used: did 0.2 help?
    assert figures["versions"] == [
        {
            "label": "0.1",
            "consultations": 9,
            "solved": 4,
            "escalated": 4,
            "abandoned": 1,
            "resolution_rate": 0.4444,
            "escalation_rate": 0.4444,
            "median_seconds_to_resolution": 300.0,
        },
        {
            "label": "0.2",
            "consultations": 1,
            "solved": 0,
            "escalated": 0,
            "abandoned": 1,
            "resolution_rate": 0.0,
            "escalation_rate": 0.0,
            "median_seconds_to_resolution": None,
        },
    ]
    with pytest.raises(ValueError, match="'year' is not a valid Every"):
        engine.compute_stats(FIXTURE, "stock_count", every="year")


def test_the_funnel_says_where_consultations_stop_in_question_texts() -> None:
    stats = engine.compute_stats(FIXTURE, "stock_count", rulebase=STOCK_COUNT)
    assert [(s.position, s.reached, s.stopped, s.ended) for s in stats.funnel] == [
        (1, 10, 0, 0),
        (2, 10, 0, 8),  # eight ended with a result after two questions
        (3, 2, 2, 0),  # the two abandoned ones, on the pack size
    ]
    assert stats.to_dict()["funnel"][2]["questions"] == [
        {
            "id": "pack_size",
            "text": "How many single units are in one case or pack of this item?",
            "count": 2,
        }
    ]
    lines = stats.lines()
    start = lines.index("Where consultations stop, question by question:")
    figures = "   1       10        0      0  "
    assert lines[start + 1 :] == [
        "step  reached  stopped  ended  asked at this step",
        figures + "Does the system show more or fewer units than you counted? (10)",
        "   2       10        0      8  "
        "When you counted, was every movement of this item up to that moment",
        " " * 33 + "already posted in the system? (10)",
        "   3        2        2      0  "
        "How many single units are in one case or pack of this item? (2)",
    ]


@pytest.mark.usefixtures("recorded")
def test_guide_stats_per_week(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "stats", "stock_count", "--per", "week")
    assert code == 0
    assert (
        "By week:\n"
        "week                consultations  solved  escalated  median time to resolution\n"
        "week of 2026-02-23              1    100%         0%  2 min 0 s\n"
    ) in out
    code, out, _ = run(capsys, "stats", "stock_count", "--per", "week", "--json")
    assert json.loads(out)["trends"]["every"] == "week"
    code, _, _ = run(capsys, "stats", "stock_count", "--per", "year")
    assert code == 2
