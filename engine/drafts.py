"""Drafts from consultations that failed: where the knowledge should grow.

For every recorded consultation that ended escalated or abandoned,
:func:`drafts_for` writes two drafts for the SME, as text:

- a **scenario** to paste under the rule base's ``tests:``: the worker's
  answers in the rule base's value syntax, the questions skipped, and an
  ``expect:`` left empty on purpose, so that ``guide check`` points at it
  until the SME says what should have happened;
- a stub **article** in Markdown: the problem in the worker's words (the
  questions as written and the answers in words), the environment from the
  answers, what was recommended and what the worker said, and ``Cause`` and
  ``Fix`` sections marked ``TODO(SME)``.

Redacted answers stay redacted: they appear as ``(redacted)``, in the
scenario only as a comment, since they cannot be replayed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from engine._scenario_text import quote, yaml_key, yaml_value
from engine.answers import answer_text
from engine.model import Rulebase, Value
from engine.recording import REDACTED, ConsultationRecord, RecordedValue, Resolution

__all__ = [
    "Draft",
    "drafts_for",
]

#: The marker left wherever the SME has to write something.
TODO = "TODO(SME)"
#: Endings a draft is made for.
FAILED = (Resolution.ESCALATED, Resolution.ABANDONED)


@dataclass(frozen=True, slots=True)
class Draft:
    """The drafts made from one consultation."""

    record_id: str
    resolution: Resolution
    #: A file name stem: ``RULEBASE-DATE-RESOLUTION-ID8``.
    name: str
    #: One list item for the rule base's ``tests:`` section (indented by 2).
    scenario: str
    #: A stub knowledge article, in Markdown.
    article: str


def drafts_for(records: Iterable[ConsultationRecord], rulebase: Rulebase) -> list[Draft]:
    """Drafts for the rule base's consultations that ended escalated or abandoned, in order.

    Records of other rule bases, and solved ones, are passed over. Questions
    and solutions are described with the rule base's words where it still has
    them, and by their ids where it does not (a record of an older version).
    """
    return [
        _draft(record, rulebase)
        for record in records
        if record.rulebase_id == rulebase.id and record.resolution in FAILED
    ]


def _draft(record: ConsultationRecord, rulebase: Rulebase) -> Draft:
    day = record.started.date().isoformat()
    # The id is part of a file name: only its safe characters are used.
    short = re.sub(r"[^A-Za-z0-9_-]", "_", record.id[:8])
    name = f"{record.rulebase_id}-{day}-{record.resolution.value}-{short}"
    return Draft(
        record_id=record.id,
        resolution=record.resolution,
        name=name,
        scenario=_scenario(record, rulebase, f"{record.resolution.value} on {day} ({short})"),
        article=_article(record, rulebase),
    )


def _scenario(record: ConsultationRecord, rulebase: Rulebase, name: str) -> str:
    # Every value from the record is quoted where YAML could read it as more than
    # one value (a line break in an id would start a scenario of its own).
    day = record.started.date().isoformat()
    lines = [
        f"  - name: {quote(name)}",
        f"    # Drafted by Guide from consultation {_said(record.id)}, which ended",
        f"    # {record.resolution.value} on {day} (version {_said(record.rulebase_version)}).",
    ]
    answered = [a for a in record.answers if not a.skipped]
    if answered:
        lines.append("    answers:")
    for answer in answered:
        if answer.value == REDACTED:
            lines.append(
                f"      # {_said(answer.question)}: {REDACTED} ({TODO}: an answer that fits)"
            )
        else:
            lines.append(f"      {yaml_key(answer.question)}: {yaml_value(_value(answer.value))}")
    if record.skipped:
        lines.append(f"    skipped: [{', '.join(yaml_key(q) for q in record.skipped)}]")
    if record.quit_at is not None:
        lines.append(
            f"    # The worker stopped at `{_said(record.quit_at)}`: answer or skip it here."
        )
    lines += [
        f"    # {TODO}: write what should have happened (top, includes, excludes,",
        "    # not_asked), then delete these comments. Until then `guide check`",
        "    # reports this empty `expect`.",
    ]
    if record.recommendations:
        said = {f.solution: f.outcome.value.replace("_", " ") for f in record.outcomes}
        lines.append("    # Guide recommended then:")
        lines.extend(
            f"    #   {_said(r.solution)} ({r.state.value}, certainty {r.certainty:g})"
            + (f", the worker said: {said[r.solution]}" if r.solution in said else "")
            for r in record.recommendations
        )
    else:
        lines.append("    # Guide recommended nothing then.")
    lines.append("    expect:")
    return "\n".join(lines) + "\n"


def _said(text: str) -> str:
    """Text for a comment: as it is when it is one plain line, else quoted with escapes."""
    quoted = quote(text)
    return text if quoted == f'"{text}"' else quoted


def _article(record: ConsultationRecord, rulebase: Rulebase) -> str:
    day = record.started.date().isoformat()
    lines = [
        f"# {TODO}: a title that names the problem",
        "",
        f"<!-- Drafted by Guide from consultation {record.id} of `{record.rulebase_id}`,",
        f"which ended {record.resolution.value} on {day}. Write the {TODO} parts, then",
        "list this file under the rule base's `articles:` and link it from a solution. -->",
        "",
        "## Problem",
        "",
        "In the worker's words, from their answers:",
        "",
    ]
    lines.extend(
        f"- {_question_text(rulebase, a.question)} **{_words(rulebase, a.question, a.value)}**"
        for a in record.answers
    )
    if not record.answers:
        lines.append("- (no question was answered)")
    if record.quit_at is not None:
        lines += ["", f"The worker stopped at: {_question_text(rulebase, record.quit_at)}"]
    comments = [f for f in record.outcomes if f.comment]
    if comments:
        lines += ["", "What the worker said about the recommendations:", ""]
        lines.extend(
            f"- {_solution_title(rulebase, f.solution)}: {f.outcome.value.replace('_', ' ')}, "
            f'"{f.comment}"'
            for f in comments
        )
    lines += ["", "## Environment", ""]
    lines.append(f"- Rule base `{record.rulebase_id}`, version {record.rulebase_version}")
    lines.append(f"- {day}, ended {record.resolution.value}")
    if record.proficiency is not None:
        lines.append(f"- The worker's proficiency: {record.proficiency.value}")
    lines.extend(f"- `{a.question}`: {_syntax(a.value, a.skipped)}" for a in record.answers)
    if record.recommendations:
        lines.append(
            "- Recommended: "
            + ", ".join(f"`{r.solution}` ({r.state.value})" for r in record.recommendations)
        )
    else:
        lines.append("- Nothing was recommended.")
    lines += [
        "",
        "## Cause",
        "",
        f"{TODO}: what causes this, and how a worker can tell.",
        "",
        "## Fix",
        "",
        f"{TODO}: the steps that fix it, one per line.",
        "",
        f"1. {TODO}",
    ]
    return "\n".join(lines) + "\n"


def _value(value: RecordedValue) -> Value | None:
    return tuple(value) if isinstance(value, list) else value


def _syntax(value: RecordedValue, skipped: bool) -> str:
    if skipped:
        return "skipped"
    return REDACTED if value == REDACTED else yaml_value(_value(value))


def _question_text(rulebase: Rulebase, question_id: str) -> str:
    question = rulebase.question_by_id.get(question_id)
    return f"`{question_id}`" if question is None else question.text


def _words(rulebase: Rulebase, question_id: str, value: RecordedValue) -> str:
    question = rulebase.question_by_id.get(question_id)
    if value == REDACTED:
        return REDACTED
    if question is None:
        return "I don't know" if value is None else yaml_value(_value(value))
    return answer_text(question, _value(value))


def _solution_title(rulebase: Rulebase, solution_id: str) -> str:
    solution = rulebase.solution_by_id.get(solution_id)
    return f"`{solution_id}`" if solution is None else solution.title
