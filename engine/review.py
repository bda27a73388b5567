"""One Markdown page that reviews a change to a rule base, for a pull request.

It gathers what the SME's tools already say about the new version: the
diagnostics of ``guide check``, the scenario results and coverage of ``guide
test``, and every consultation whose recommendation changes, as ``guide diff``
finds them (the old version's scenarios, saved sessions, and recorded
consultations from the store). The page names solutions by their titles and
questions by their texts, so a reviewer who does not read YAML can follow it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from engine.diff import Change, ReplayOutcome, diff, replay
from engine.errors import Diagnostic, Severity
from engine.events import Event
from engine.model import Rulebase
from engine.recording import REDACTED, ConsultationRecord
from engine.testing import TestReport, run_tests

__all__ = ["Review", "review", "review_markdown"]


@dataclass(frozen=True, slots=True)
class Review:
    """What the review page shows; :func:`review_markdown` writes it."""

    old: Rulebase
    #: The new version; None when it cannot be loaded (its diagnostics say why).
    new: Rulebase | None
    #: How the new version is named on the page (its file, as given).
    new_label: str
    old_label: str
    diagnostics: tuple[Diagnostic, ...]
    #: The new version's source text, for the lines the diagnostics point at.
    source: str
    tests: TestReport | None
    changes: tuple[Change, ...]
    #: How many consultations were compared (scenarios, sessions and records).
    compared: int
    #: Recorded consultations left out: an answer was kept as ``(redacted)``.
    redacted: int = 0

    @property
    def errors(self) -> int:
        return sum(d.severity is Severity.ERROR for d in self.diagnostics)

    @property
    def fails(self) -> bool:
        """True when the new version has errors or a scenario fails."""
        return self.new is None or self.errors > 0 or bool(self.tests and self.tests.failed)


def review(
    old: Rulebase,
    new: Rulebase | None,
    diagnostics: Iterable[Diagnostic],
    *,
    new_label: str,
    old_label: str,
    source: str = "",
    sessions: Sequence[tuple[str, Mapping[str, Any]]] = (),
    records: Iterable[ConsultationRecord] = (),
) -> Review:
    """Test the new version and compare the consultations of both versions.

    Raises:
        SessionError: a saved session is corrupt or belongs to another rule base.
    """
    if new is None:
        return Review(old, None, new_label, old_label, tuple(diagnostics), source, None, (), 0)
    changes = diff(old, new, sessions)
    compared = len(old.tests) + len(sessions)
    redacted = 0
    for record in records:
        if any(a.value == REDACTED for a in record.answers):
            redacted += 1
            continue
        events = [
            Event(a.question, tuple(a.value) if isinstance(a.value, list) else a.value, a.skipped)
            for a in record.answers
        ]
        label = f"recorded consultation {record.id[:8]} ({record.started:%Y-%m-%d})"
        before, after = replay(old, events), replay(new, events)
        compared += 1
        if before.dropped:
            changes.append(Change(label, before, after, replayable=False))
        elif (before.top, before.recommended, before.confirmed, before.dropped) != (
            after.top,
            after.recommended,
            after.confirmed,
            after.dropped,
        ):
            changes.append(Change(label, before, after))
    return Review(
        old,
        new,
        new_label,
        old_label,
        tuple(diagnostics),
        source,
        run_tests(new),
        tuple(changes),
        compared,
        redacted,
    )


# --- the page ---------------------------------------------------------------------------------


def review_markdown(found: Review) -> str:
    """The review as one Markdown page (GitHub-flavoured: tables and code blocks)."""
    new, old = found.new, found.old
    title = new.metadata.title if new is not None else old.metadata.title
    versions = f"{old.version} → {new.version}" if new is not None else old.version
    lines = [
        f"# Review of {title} ({versions})",
        "",
        f"`{found.new_label}` compared with `{found.old_label}`.",
        "",
        *_verdict(found),
        "",
        *_checks(found),
        *_scenarios(found),
        *_changes(found),
    ]
    return "\n".join(lines).rstrip("\n") + "\n"


def _verdict(found: Review) -> list[str]:
    if found.new is None:
        return ["**The new version cannot be loaded**: fix the errors below first."]
    parts = []
    warnings = len(found.diagnostics) - found.errors
    parts.append(_count(found.errors, "error") + ", " + _count(warnings, "warning"))
    if found.tests is not None:
        parts.append(f"{found.tests.passed} of {len(found.tests.results)} scenarios pass")
    parts.append(f"{_changed(found)} of {found.compared} consultations change")
    mark = "**Needs work**" if found.fails else "**Ready for review**"
    return [f"{mark}: " + "; ".join(parts) + "."]


def _checks(found: Review) -> list[str]:
    lines = ["## Checks (`guide check`)", ""]
    if not found.diagnostics:
        return [*lines, "No problems found.", ""]
    shown = found.source.splitlines()
    rendered = [d.render(lines=shown) for d in found.diagnostics]
    # A fence longer than any run of backticks in the text, which a source line may hold.
    longest = max((len(run) for text in rendered for run in re.findall(r"`+", text)), default=0)
    fence = "`" * max(3, longest + 1)
    return [*lines, f"{fence}text", *rendered, fence, ""]


def _scenarios(found: Review) -> list[str]:
    report = found.tests
    if report is None:
        return []
    lines = ["## Scenarios (`guide test`)", ""]
    if not report.results:
        lines += ["This rule base has no scenarios: add some under `tests:`.", ""]
    else:
        lines += ["| scenario | result |", "|---|---|"]
        lines += [
            f"| {_cell(r.scenario.name)} | {'pass' if r.passed else '**FAIL**'} |"
            for r in report.results
        ]
        lines.append("")
        for result in (r for r in report.results if not r.passed):
            lines += [f"### FAILED: {result.scenario.name}", ""]
            lines += [f"- {failure}" for failure in result.failures]
            lines.append("")
    lines += ["### Coverage", "", "| what | reached | not reached |", "|---|---|---|"]
    rulebase = report.rulebase
    named = {
        **{a.id: a.title for a in rulebase.articles},
        **{q.id: q.text for q in rulebase.questions},
        **{s.id: s.title for s in rulebase.solutions},
    }
    for measure in report.measures:
        missing = ", ".join(_named(m, named) for m in measure.missing) or "nothing"
        lines.append(f"| {measure.name} | {measure.summary()} | {missing} |")
    overall = int(report.overall_coverage)
    return [*lines, f"| **overall** | {overall}% (the lowest of the four) | |", ""]


def _changes(found: Review) -> list[str]:
    if found.new is None:
        return []
    lines = ["## Consultations that change (`guide diff`)", ""]
    if found.redacted:
        lines += [
            f"{_count(found.redacted, 'recorded consultation')} left out: "
            "an answer was recorded as `(redacted)`, which cannot be replayed.",
            "",
        ]
    if not found.changes:
        return [*lines, f"None of the {found.compared} consultations compared changes.", ""]
    lines += [f"{_changed(found)} of {found.compared} consultations change.", ""]
    for change in found.changes:
        lines += [f"### {change.consultation}", ""]
        lines += [f"- {line}" for line in _in_words(change, found.old, found.new)]
        lines.append("")
    return lines


def _in_words(change: Change, old: Rulebase, new: Rulebase) -> list[str]:
    before, after = change.before, change.after
    if not change.replayable:
        return [f"cannot be replayed by the old version: {note}" for note in before.dropped]
    lines = [f"now: {note}" for note in after.dropped if note not in before.dropped]
    lines += [f"no longer: {note}" for note in before.dropped if note not in after.dropped]
    if before.top != after.top:
        lines.append(
            f"first recommendation: {_title(before.top, old, new)} → {_title(after.top, new, old)}"
        )
    lines += _gained_and_lost("recommended", before, after, old, new)
    lines += _gained_and_lost("confirmed", before, after, old, new)
    return lines


def _gained_and_lost(
    what: str, before: ReplayOutcome, after: ReplayOutcome, old: Rulebase, new: Rulebase
) -> list[str]:
    """The solutions that joined or left ``what`` (recommended, confirmed), by title."""
    was, now = set(getattr(before, what)), set(getattr(after, what))
    lines = []
    if now - was:
        lines.append(f"now {what}: " + ", ".join(_title(s, new, old) for s in sorted(now - was)))
    if was - now:
        lines.append(
            f"no longer {what}: " + ", ".join(_title(s, old, new) for s in sorted(was - now))
        )
    return lines


def _title(solution: str | None, first: Rulebase, second: Rulebase) -> str:
    """A solution's title (from the version it belongs to) with its id."""
    if solution is None:
        return "nothing"
    for rulebase in (first, second):
        if solution in rulebase.solution_by_id:
            return f"“{rulebase.solution_by_id[solution].title}” (`{solution}`)"
    return f"`{solution}`"


def _named(item: str, named: Mapping[str, str]) -> str:
    """A question, solution or article by its words and id; a rule by its id."""
    return f"{_cell(named[item])} (`{item}`)" if item in named else f"`{item}`"


def _changed(found: Review) -> int:
    return sum(change.replayable for change in found.changes)


def _count(number: int, what: str) -> str:
    return f"{number} {what}{'' if number == 1 else 's'}"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")
