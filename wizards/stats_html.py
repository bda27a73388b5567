"""`guide stats --html`: the figures of :mod:`engine.stats` as a page a person would rather look at.

The engine counts; this module only lays the figures out. Charts are inline
SVG whose geometry is computed here and whose markup is written by the
template ``wizards/templates/stats.html.j2`` (autoescaped), so text from a
rule base is escaped like any other. No JavaScript, fonts or links to other
files: the page is one file that opens anywhere and mails as an attachment.
Every chart has a title and a description for screen readers, and a table
of the same numbers beside it. The output depends only on the figures, so
the same records give the same bytes.
"""

from __future__ import annotations

from dataclasses import dataclass

from engine.stats import LOW_FIX_RATE, Stats, duration, percent
from wizards.reports import template_environment

#: Width of the bars' scale (100%), in SVG units.
PLOT_WIDTH = 320
ROW_HEIGHT = 28
BAR_HEIGHT = 18
#: Room for labels: an estimate of one character's width at the chart's font size.
CHAR_WIDTH = 7
MAX_LABEL_WIDTH = 230
#: Room right of the longest bar for its value.
VALUE_ROOM = 120


@dataclass(frozen=True, slots=True)
class Bar:
    label: str
    #: What the bar says at its end, e.g. "4 (40%)".
    value: str
    #: Read by screen readers and shown on hover.
    title: str
    y: int
    width: int
    #: A CSS class that colours the bar; the words say the same.
    kind: str


@dataclass(frozen=True, slots=True)
class Chart:
    id: str
    title: str
    description: str
    label_width: int
    width: int
    height: int
    bars: tuple[Bar, ...]

    @property
    def text_y_offset(self) -> int:
        return BAR_HEIGHT // 2 + 4


@dataclass(frozen=True, slots=True)
class Page:
    title: str
    stats: Stats
    median: str
    outcomes: Chart
    solutions: Chart
    questions: Chart
    #: None when no article was shown or opened.
    articles: Chart | None
    #: Rows of the outcomes table: (where it ended, count, share).
    outcome_rows: tuple[tuple[str, int, str], ...]


def render_stats_html(stats: Stats, title: str) -> str:
    """The page for one rule base's figures; ``title`` is the rule base's title."""
    counts = (
        ("solved", stats.solved),
        ("escalated", stats.escalated),
        ("abandoned", stats.abandoned),
    )
    outcomes = _chart(
        "outcomes",
        "Where consultations ended",
        f"Of {stats.consultations} consultation{'s' * (stats.consultations != 1)}: "
        + ", ".join(f"{name} {count} ({percent(stats.rate(count))})" for name, count in counts)
        + ".",
        [
            (name, stats.rate(count), f"{count} ({percent(stats.rate(count))})", name)
            for name, count in counts
        ],
    )
    solutions = _chart(
        "fix-rate",
        "Fix rate per solution",
        "Fixed among fixed and not fixed, per solution; a dash where no worker said either.",
        [(s.id, s.fix_rate, percent(s.fix_rate), _fix_kind(s.fix_rate)) for s in stats.solutions],
    )
    questions = _chart(
        "skip-rate",
        "Skip rate per question",
        'Answered "I don\'t know" among the times asked, per question.',
        [
            (q.id, q.skip_rate, f"{q.skipped} of {q.asked} ({percent(q.skip_rate)})", "skipped")
            for q in stats.questions
        ],
    )
    articles = _chart(
        "open-rate",
        "Open rate per article",
        "Opened among the consultations that showed it, per article.",
        [
            (a.id, a.open_rate, f"{a.opened} of {a.shown} ({percent(a.open_rate)})", "opened")
            for a in stats.articles
        ],
    )
    page = Page(
        title=title,
        stats=stats,
        median=duration(stats.median_seconds_to_resolution),
        outcomes=outcomes,
        solutions=solutions,
        questions=questions,
        articles=articles if stats.articles else None,
        outcome_rows=tuple((name, count, percent(stats.rate(count))) for name, count in counts),
    )
    environment = template_environment(html=True)
    environment.filters["percent"] = percent
    return environment.get_template("stats.html.j2").render(p=page)


def _chart(
    chart_id: str,
    title: str,
    description: str,
    rows: list[tuple[str, float | None, str, str]],
) -> Chart:
    """Horizontal bars, one per row: (label, rate from 0 to 1 or None, value, kind)."""
    longest = max((len(label) for label, *_ in rows), default=0)
    label_width = min(CHAR_WIDTH * longest + 12, MAX_LABEL_WIDTH)
    bars = tuple(
        Bar(
            label=label,
            value=value,
            title=f"{label}: {value}",
            y=number * ROW_HEIGHT + (ROW_HEIGHT - BAR_HEIGHT) // 2,
            width=0 if rate is None else round(rate * PLOT_WIDTH),
            kind=kind,
        )
        for number, (label, rate, value, kind) in enumerate(rows)
    )
    return Chart(
        id=chart_id,
        title=title,
        description=description,
        label_width=label_width,
        width=label_width + PLOT_WIDTH + VALUE_ROOM,
        height=max(len(rows), 1) * ROW_HEIGHT,
        bars=bars,
    )


def _fix_kind(rate: float | None) -> str:
    if rate is None:
        return "none"
    # The bar turns "poor" where `guide stats` flags a solution's fix rate as low.
    return "poor" if rate < LOW_FIX_RATE else "good"
