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

from engine.stats import COMMENTS_SHOWN, LOW_FIX_RATE, Slice, Stats, duration, percent
from wizards.reports import template_environment

#: Width of the bars' scale (100%), in SVG units.
PLOT_WIDTH = 320
ROW_HEIGHT = 28
BAR_HEIGHT = 18
#: Room for labels: an estimate of one character's width at the chart's font size.
CHAR_WIDTH = 7
MAX_LABEL_WIDTH = 230
#: Characters of a label that fit in that room; longer ones are cut, and said whole on hover.
LABEL_CHARACTERS = (MAX_LABEL_WIDTH - 12) // CHAR_WIDTH
#: Room right of the longest bar for its value.
VALUE_ROOM = 120


NONE_SOLVED = "No consultation ended solved: there is no chart to see; the table has the counts."


@dataclass(frozen=True, slots=True)
class Bar:
    #: The words beside the bar, shortened to fit; the title says them whole.
    label: str
    #: What the bar says at its end, e.g. "4 (40%)".
    value: str
    #: Read by screen readers and shown on hover: the words whole, the id, the value.
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
    #: Said instead of the chart when every bar is empty (all 0% or no rate): a row
    #: of empty bars labelled "0 of 7" only makes the reader look for what is not there.
    nothing: str = ""

    @property
    def empty(self) -> bool:
        return all(b.width == 0 for b in self.bars)

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
    #: Advisory rule bases: some solution was chosen, so the table says how often.
    advice: bool = False
    #: Comments shown open under a solution or question; older ones are folded.
    comments_shown: int = COMMENTS_SHOWN
    #: The resolution rate per week or month, and per version.
    periods: Chart | None = None
    versions: Chart | None = None
    #: How many consultations reached each step.
    funnel: Chart | None = None


def render_stats_html(stats: Stats, title: str) -> str:
    """The page for one rule base's figures; ``title`` is the rule base's title."""
    counts: tuple[tuple[str, int], ...] = (("solved", stats.solved),)
    if stats.advice_taken:  # advisory rule bases: advice taken, rather than solved
        counts += (("advice taken", stats.advice_taken),)
    counts += (("escalated", stats.escalated), ("abandoned", stats.abandoned))
    if stats.unresolved:
        counts += (("unresolved", stats.unresolved),)
    outcomes = _chart(
        "outcomes",
        "Where consultations ended",
        f"Of {stats.consultations} consultations: "
        + ", ".join(f"{name} {count} ({percent(stats.rate(count))})" for name, count in counts)
        + ".",
        rows=[
            (
                name,
                None,
                stats.rate(count),
                f"{count} ({percent(stats.rate(count))})",
                name.split()[0],
            )
            for name, count in counts
        ],
    )
    solutions = _chart(
        "fix-rate",
        "Fix rate per solution",
        "Fixed among fixed and not fixed, per solution; a dash where no worker said either.",
        nothing=(
            "No solution fixed the problem when workers tried it (0% each)"
            if any(s.fix_rate is not None for s in stats.solutions)
            else "No worker has said yet whether a solution fixed the problem"
        )
        + ": there is no chart to see; the table has the counts.",
        rows=[
            (s.title or s.id, s.id, s.fix_rate, percent(s.fix_rate), _fix_kind(s.fix_rate))
            for s in stats.solutions
        ],
    )
    questions = _chart(
        "skip-rate",
        "Skip rate per question",
        'Answered "I don\'t know" among the times asked, per question.',
        nothing='No question was answered "I don\'t know": there is no chart to see; the '
        "table has the counts.",
        rows=[
            (
                q.text or q.id,
                q.id,
                q.skip_rate,
                f"{q.skipped} of {q.asked} ({percent(q.skip_rate)})",
                "skipped",
            )
            for q in stats.questions
        ],
    )
    articles = _chart(
        "open-rate",
        "Open rate per article",
        "Opened among the consultations that showed it, per article.",
        nothing="No article was opened where it was shown: there is no chart to see; the "
        "table has the counts.",
        rows=[
            (
                a.title or a.id,
                a.id,
                a.open_rate,
                f"{a.opened} of {a.shown} ({percent(a.open_rate)})",
                "opened",
            )
            for a in stats.articles
        ],
    )
    every = stats.every.value
    trends = _chart(
        "per-period",
        f"Resolution rate per {every}",
        f"Solved among the consultations of each {every}, from the first to the last.",
        nothing=NONE_SOLVED,
        rows=[_resolution_row(s) for s in stats.periods],
    )
    by_version = _chart(
        "per-version",
        "Resolution rate per version",
        "Solved among the consultations of each version of the rule base, in the order first used.",
        nothing=NONE_SOLVED,
        rows=[_resolution_row(s) for s in stats.versions],
    )
    funnel = _chart(
        "funnel",
        "Consultations that reached each step",
        "Of all consultations, how many had a first, second, third question on screen, and so on.",
        rows=[
            (
                # The step by the question most asked there, as the table says in full.
                f"{step.position}. {step.questions[0][1]}"
                + (" (and others)" if len(step.questions) > 1 else ""),
                None,
                step.reached / stats.consultations if stats.consultations else None,
                f"{step.reached} ({step.stopped} stopped, {step.ended} ended)",
                "reached",
            )
            for step in stats.funnel
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
        advice=any(s.chosen for s in stats.solutions),
        periods=trends,
        versions=by_version,
        funnel=funnel,
    )
    environment = template_environment(html=True)
    environment.filters["percent"] = percent
    environment.filters["duration"] = duration
    return environment.get_template("stats.html.j2").render(p=page)


def _chart(
    chart_id: str,
    title: str,
    description: str,
    *,
    rows: list[tuple[str, str | None, float | None, str, str]],
    nothing: str = "",
) -> Chart:
    """Horizontal bars, one per row: (words, id or None, rate from 0 to 1 or None, value, kind)."""
    longest = max((len(_short(words)) for words, *_ in rows), default=0)
    label_width = min(CHAR_WIDTH * longest + 12, MAX_LABEL_WIDTH)
    bars = tuple(
        Bar(
            label=_short(words),
            value=value,
            title=f"{words}{'' if name is None or name == words else f' ({name})'}: {value}",
            y=number * ROW_HEIGHT + (ROW_HEIGHT - BAR_HEIGHT) // 2,
            width=0 if rate is None else round(rate * PLOT_WIDTH),
            kind=kind,
        )
        for number, (words, name, rate, value, kind) in enumerate(rows)
    )
    return Chart(
        id=chart_id,
        title=title,
        description=description,
        label_width=label_width,
        width=label_width + PLOT_WIDTH + VALUE_ROOM,
        height=max(len(rows), 1) * ROW_HEIGHT,
        bars=bars,
        nothing=nothing,
    )


def _resolution_row(part: Slice) -> tuple[str, str | None, float | None, str, str]:
    solved = part.rate(part.solved)
    value = f"{percent(solved)} of {part.consultations}" if part.consultations else "none"
    return (part.label, None, solved, value, "solved")


def _short(words: str) -> str:
    """Words that fit beside a bar: cut at a space, with an ellipsis when cut."""
    if len(words) <= LABEL_CHARACTERS:
        return words
    cut = words[: LABEL_CHARACTERS - 1]
    space = cut.rfind(" ")
    return (cut[:space] if space > LABEL_CHARACTERS // 2 else cut).rstrip(" ,;:") + "\u2026"


def _fix_kind(rate: float | None) -> str:
    if rate is None:
        return "none"
    # The bar turns "poor" where `guide stats` flags a solution's fix rate as low.
    return "poor" if rate < LOW_FIX_RATE else "good"
