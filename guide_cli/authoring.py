"""Commands for the people who write rule bases: check, explain, test, diff, review, schema,
graph, new.

Each renders what an engine function returns; none holds logic of its own.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import difflib
import gc
import json
import os
import shlex
import sys
from collections.abc import Iterator
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

import engine
from guide_cli._app import (
    EXIT_FINDING,
    EXIT_OK,
    EXIT_UNREADABLE,
    TodayOption,
    app,
    echo,
    echo_diagnostics,
    fail,
    is_terminal,
    package_version,
    parse_date,
    rulebase_path,
)

if TYPE_CHECKING:
    from engine.recording import ConsultationRecord

#: ``--sessions`` of ``guide diff`` and ``guide review``.
SessionsOption = Annotated[
    Path | None,
    typer.Option(
        "--sessions",
        metavar="DIR",
        help="Replay the saved sessions (*.json) in DIR, or one session file.",
    ),
]

#: Problems `guide check` shows in full per file by default: a screenful or two
#: to start fixing from, not 30,000 to scroll through.
SHOWN_IN_FULL = 200


class Format(StrEnum):
    text = "text"
    json = "json"
    sarif = "sarif"


@app.command()
def check(
    paths: Annotated[
        list[str], typer.Argument(help="Rule base files, or names of shipped rule bases.")
    ],
    output_format: Annotated[
        Format,
        typer.Option("--format", help="text for people, json for tools, sarif for code scanning."),
    ] = Format.text,
    strict: Annotated[
        bool, typer.Option("--strict", help="Fail (exit 1) on warnings too, not only errors.")
    ] = False,
    today: TodayOption = None,
    most: Annotated[
        int,
        typer.Option(
            "--max",
            metavar="N",
            min=0,
            help="Show at most N problems per file in full as text, then how many more "
            "(0 shows all; the exit code counts all).",
        ),
    ] = SHOWN_IN_FULL,
) -> None:
    """Report every problem in rule bases: errors, dead parts, redundancy, upkeep."""
    import engine.authoring

    date = parse_date(today)
    results = [(path, _check(rulebase_path(path), date)) for path in paths]
    diagnostics = [d for _, found in results for d in found]
    if output_format is Format.json:
        echo(json.dumps([engine.authoring.diagnostic_dict(d) for d in diagnostics], indent=2))
    elif output_format is Format.sarif:
        echo(
            json.dumps(engine.authoring.sarif_log(diagnostics, version=package_version()), indent=2)
        )
    else:
        for path, found in results:
            shown_path = shlex.quote(path)
            see_all = (
                f"`guide check --max 0 {shown_path}` shows them all, `--format json` lists them"
            )
            report = engine.authoring.text_report(
                rulebase_path(path), found, limit=most or None, how_to_see_all=see_all
            )
            echo_diagnostics(report)
    raise typer.Exit(_exit_code(diagnostics, strict=strict))


def _check(path: Path, today: dt.date | None) -> list[engine.Diagnostic]:
    import engine.authoring

    with _without_cycle_collection():
        return engine.authoring.check(path, today=today)


@contextlib.contextmanager
def _without_cycle_collection() -> Iterator[None]:
    """Python's cycle collector paused while one rule base is checked.

    A rule base becomes millions of small objects that hold no cycles; as they
    are made, the collector walks them all again and again and frees nothing
    (a third of `guide check`'s time at 30,000 rules). What is kept is bounded
    by the loader's file size limit, and reference counting still frees it.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _exit_code(diagnostics: list[engine.Diagnostic], *, strict: bool = False) -> int:
    import engine.authoring

    if any(d.code in engine.authoring.UNREADABLE_CODES for d in diagnostics):
        return EXIT_UNREADABLE
    if any(d.severity is engine.Severity.ERROR or strict for d in diagnostics):
        return EXIT_FINDING
    return EXIT_OK


@app.command()
def explain(
    code: Annotated[
        str | None, typer.Argument(help="A diagnostic code, such as G310.", show_default=False)
    ] = None,
    list_codes: Annotated[
        bool, typer.Option("--list", help="List every code with its title.")
    ] = False,
) -> None:
    """Explain a diagnostic code: what it means, why it matters, a wrong and a right example."""
    import engine.authoring

    if list_codes or code is None:
        for known, info in engine.authoring.CODES.items():
            echo(f"{known}  {info.title}")
        raise typer.Exit(EXIT_OK if list_codes else EXIT_UNREADABLE)
    try:
        page = engine.authoring.explain_code(code)
    except KeyError:
        close = difflib.get_close_matches(code.strip().upper(), list(engine.authoring.CODES), n=1)
        hint = f"did you mean {close[0]}?" if close else "codes look like G310"
        fail(f"there is no diagnostic code `{code}`", f"{hint}; `guide explain --list` lists them")
    if is_terminal(sys.stdout):  # Markdown rendered on a terminal; as written in a pipe
        from rich.markdown import Markdown

        from wizards.controls import SafeConsole

        console = SafeConsole(file=sys.stdout, highlight=False, emoji=False)
        console.print(Markdown(page))
    else:
        echo(page, nl=False)


# --- guide test and guide diff ---


@app.command("test")
def test_command(
    paths: Annotated[
        list[str], typer.Argument(help="Rule base files, or names of shipped rule bases.")
    ],
    min_coverage: Annotated[
        float | None,
        typer.Option(
            "--min-coverage",
            metavar="N",
            min=0,
            max=100,
            help="Fail (exit 1) when a rule base's coverage (the lowest of its four "
            "percentages) is below N%.",
            show_default=False,
        ),
    ] = None,
    junit_xml: Annotated[
        Path | None,
        typer.Option("--junit-xml", metavar="PATH", help="Also write the results as JUnit XML."),
    ] = None,
    add_session: Annotated[
        Path | None,
        typer.Option(
            "--add-scenario",
            metavar="SESSION.json",
            help="Instead of testing, add a saved session to PATH's tests as a scenario.",
        ),
    ] = None,
    name: Annotated[
        str | None,
        typer.Option(
            "--name",
            metavar="TEXT",
            help="The new scenario's name.",
            show_default="the saved session FILE's name",
        ),
    ] = None,
) -> None:
    """Run the scenario tests written inside rule bases, with coverage."""
    import engine.authoring

    if add_session is not None:
        if len(paths) != 1 or min_coverage is not None or junit_xml is not None:
            fail("--add-scenario takes one rule base file and no other option but --name", None)
        _add_scenario(rulebase_path(paths[0]), add_session, name)
    if name is not None:
        fail("--name is only for --add-scenario", "guide test --add-scenario FILE --name TEXT PATH")
    reports: list[engine.testing.TestReport] = []
    unreadable = below = False
    for given in paths:
        path = rulebase_path(given)
        try:
            rulebase = engine.load(path)
        except engine.RulebaseError as error:
            echo(engine.authoring.text_report(path, error.diagnostics), err=True)
            echo(f"guide: {path}: the rule base cannot be tested", err=True)
            unreadable = True
            continue
        report = engine.testing.run_tests(rulebase)
        reports.append(report)
        _show_test_report(report, path)
        if min_coverage is not None and report.overall_coverage < min_coverage:
            echo(
                f"coverage of {rulebase.id} is {int(report.overall_coverage)}%, "
                f"below the minimum of {min_coverage:g}%"
            )
            below = True
    if junit_xml is not None:
        try:
            junit_xml.write_text(engine.testing.junit_xml(reports), encoding="utf-8")
        except OSError as error:
            fail(f"{junit_xml}: cannot write the JUnit XML ({error.strerror})", None)
    failed = sum(report.failed for report in reports)
    echo(f"{sum(report.passed for report in reports)} passed, {failed} failed")
    raise typer.Exit(EXIT_UNREADABLE if unreadable else int(bool(failed) or below))


def _show_test_report(report: engine.testing.TestReport, path: Path) -> None:
    rulebase = report.rulebase
    count = len(report.results)
    echo(f"{rulebase.id} {rulebase.version} ({path}): {count} scenario{'s' * (count != 1)}")
    for result in report.results:
        echo(f"{'PASS' if result.passed else 'FAIL'}  {result.scenario.name}")
    for result in report.results:
        if not result.passed:
            echo(f"\nFAILED {result.scenario.name} ({result.scenario.span})")
            for line in (*result.failures, *result.trail):
                echo(f"  {line}")
    echo(f"\ncoverage of {rulebase.id}:")
    width = max(len(measure.name) for measure in report.measures) + 2
    for measure in report.measures:
        echo(f"  {measure.name.ljust(width)}{measure.summary()}")
        if measure.missing:
            echo(f"    not reached: {', '.join(measure.missing)}")
    overall = int(report.overall_coverage)
    echo(f"  {'overall'.ljust(width)}{overall}% (the lowest of the four)")
    echo(f"{report.passed} passed, {report.failed} failed in {rulebase.id}\n")


def _add_scenario(path: Path, session_file: Path, name: str | None) -> None:
    import engine.authoring
    from wizards.errors import WizardError
    from wizards.saving import read_session_file

    try:
        data = read_session_file(session_file)
        added = engine.testing.add_scenario(
            path, data, name or f"saved session {session_file.name}"
        )
    except WizardError as error:
        fail(error.message, error.hint)
    except engine.RulebaseError as error:
        echo(engine.authoring.text_report(path, error.diagnostics), err=True)
        fail(f"{path}: the rule base cannot be loaded; it is unchanged", None)
    except engine.GuideError as error:
        fail(f"{session_file}: {error}", None)
    echo(f"Added scenario {added.name!r} to {path} at line {added.line}.")
    if added.top is None:
        echo("Nothing is recommended for it now.")
    else:
        echo(
            f"Its expectations are what Guide recommends now: top {added.top}; "
            f"includes {', '.join(added.includes)}."
        )
    echo(
        "If the wizard gave the wrong answer, edit `expect:` to what should happen, "
        f"then run `guide test {path}`."
    )
    if added.unfinished_at is not None:
        echo(
            f"The session stopped before the end: Guide asks `{added.unfinished_at}` next; "
            "answer it under `answers:` or list it under `skipped:`."
        )
    raise typer.Exit(EXIT_OK)


@app.command("diff")
def diff_command(
    old: Annotated[str, typer.Argument(help="The rule base as it was (a file or shipped name).")],
    new: Annotated[str, typer.Argument(help="The rule base as it is now.")],
    sessions: SessionsOption = None,
    scenarios: Annotated[
        bool,
        typer.Option("--scenarios/--no-scenarios", help="Replay OLD's scenarios too."),
    ] = True,
) -> None:
    """List the consultations whose recommendation changes between two versions."""
    from wizards.errors import WizardError

    before, after = _load_for_diff(old), _load_for_diff(new)
    try:
        recorded = _read_sessions(sessions)
        changes = engine.diff.diff(before, after, recorded, scenarios=scenarios)
    except WizardError as error:
        fail(error.message, error.hint)
    except engine.SessionError as error:
        fail(str(error), "replay sessions saved from this rule base")
    for change in changes:
        echo(change.consultation)
        for line in change.lines():
            echo(f"  {line}")
    compared = len(recorded) + (len(before.tests) if scenarios else 0)
    unreplayable = sum(not change.replayable for change in changes)
    one = compared == 1
    summary = (
        f"{len(changes) - unreplayable} of {compared} consultation{'' if one else 's'} "
        f"change{'s' if one else ''}"
    )
    if unreplayable:
        summary += f"; {unreplayable} cannot be replayed by {old}"
    echo(summary)
    raise typer.Exit(EXIT_FINDING if changes else EXIT_OK)


@app.command("review")
def review_command(
    old: Annotated[str, typer.Argument(help="The rule base as it was (a file or shipped name).")],
    new: Annotated[str, typer.Argument(help="The rule base as it is now (the one reviewed).")],
    *,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", metavar="FILE", help="Write the page to FILE."),
    ] = None,
    sessions: SessionsOption = None,
    records: Annotated[
        bool | None,
        typer.Option(
            "--records/--no-records",
            help="Replay the consultations recorded in the store too.",
            show_default="when GUIDE_STORE is set",
        ),
    ] = None,
    today: TodayOption = None,
) -> None:
    """Write one Markdown page for a pull request: checks, scenarios, coverage, changes.

    Exit 1 when NEW has errors or a scenario fails; consultations that change
    are what the page is for, not a failure.
    """
    import engine.authoring
    import engine.review
    from wizards.errors import WizardError

    before = _load_for_diff(old)
    new_path = rulebase_path(new)
    diagnostics = _check(new_path, parse_date(today))
    if any(d.code in engine.authoring.UNREADABLE_CODES for d in diagnostics):
        echo(engine.authoring.text_report(new_path, diagnostics), err=True)
        fail(f"{new_path}: the rule base cannot be read", None)
    after: engine.Rulebase | None
    try:
        after = engine.load(new_path)
    except engine.RulebaseError:
        after = None
    try:
        recorded = _read_sessions(sessions)
        if records is None:  # a store chosen on purpose, not a laptop's own records
            records = bool(os.environ.get("GUIDE_STORE"))
        stored = _stored_records(before.id) if records and after is not None else []
        found = engine.review.review(
            before,
            after,
            diagnostics,
            new_label=new,
            old_label=old,
            source=new_path.read_text(encoding="utf-8"),
            sessions=recorded,
            records=stored,
        )
    except WizardError as error:
        fail(error.message, error.hint)
    except engine.SessionError as error:
        fail(str(error), "replay sessions saved from this rule base")
    page = engine.review.review_markdown(found)
    if output is None:
        echo(page, nl=False)
    else:
        try:
            output.write_text(page, encoding="utf-8")
        except OSError as error:
            fail(f"{output}: cannot write the review ({error.strerror})", None)
        echo(f"wrote {output}")
    raise typer.Exit(EXIT_FINDING if found.fails else EXIT_OK)


def _read_sessions(sessions: Path | None) -> list[tuple[str, dict[str, Any]]]:
    """The saved sessions ``--sessions`` names, by file name, read but not yet replayed.

    Raises:
        WizardError: a session file cannot be read.
    """
    from wizards.saving import read_session_file

    files = [] if sessions is None else _session_files(sessions)
    return [(str(file), read_session_file(file)) for file in files]


def _stored_records(rulebase_id: str) -> list[ConsultationRecord]:
    import engine.store

    try:
        store = engine.store.open_store(engine.store.store_settings(os.environ))
        return store.read(rulebase_id).records
    except engine.store.StoreError as error:
        fail(str(error), error.hint)


def _load_for_diff(given: str) -> engine.Rulebase:
    import engine.authoring

    path = rulebase_path(given)
    try:
        return engine.load(path)
    except engine.RulebaseError as error:
        echo(engine.authoring.text_report(path, error.diagnostics), err=True)
        fail(f"{path}: the rule base cannot be loaded", f"fix it first (guide check {path})")


def _session_files(sessions: Path) -> list[Path]:
    if sessions.is_dir():
        return sorted(sessions.glob("*.json"))
    if not sessions.is_file():
        fail(f"{sessions}: no such folder or file", "give the folder the sessions are saved in")
    return [sessions]


# --- guide schema, guide graph and guide new ---


@app.command("schema")
def schema_command() -> None:
    """Print the JSON Schema of the rule-base format, for editors that check YAML as you type."""
    import engine.authoring

    echo(json.dumps(engine.authoring.rulebase_schema(), indent=2, ensure_ascii=False))


class GraphFormat(StrEnum):
    mermaid = "mermaid"
    dot = "dot"


@app.command("graph")
def graph_command(
    rulebase: Annotated[
        str, typer.Argument(help="A shipped rule base (see `guide list`) or a rule base file.")
    ],
    *,
    graph_format: Annotated[
        GraphFormat,
        typer.Option("--format", help="mermaid (GitHub draws it) or dot (Graphviz)."),
    ] = GraphFormat.mermaid,
    focus: Annotated[
        str | None,
        typer.Option(
            "--focus",
            metavar="SOLUTION",
            help="Draw only what leads to or from this solution (its id).",
        ),
    ] = None,
    question: Annotated[
        str | None,
        typer.Option(
            "--question",
            metavar="ID",
            help="Draw only what leads to or from this question.",
        ),
    ] = None,
    labels: Annotated[
        bool,
        typer.Option("--labels/--no-labels", help="Label arrows with their rules' ids."),
    ] = True,
    clusters: Annotated[
        bool,
        typer.Option(
            "--clusters/--no-clusters",
            help="Box each derived fact with the questions that establish only it.",
        ),
    ] = True,
    ids: Annotated[
        bool,
        typer.Option("--ids", help="Label nodes with ids instead of texts and titles."),
    ] = False,
) -> None:
    """Draw a rule base: questions -> facts -> solutions, an arrow for each rule."""
    import engine.authoring
    from engine.graph import GraphError, GraphOptions, to_dot, to_mermaid

    path = rulebase_path(rulebase)
    try:
        loaded = engine.load(path)
    except engine.RulebaseError as error:
        echo(engine.authoring.text_report(path, error.diagnostics), err=True)
        fail(f"{path}: the rule base cannot be drawn", f"fix it first (guide check {path})")
    options = GraphOptions(
        words=not ids, edge_labels=labels, clusters=clusters, focus=focus, question=question
    )
    draw = to_mermaid if graph_format is GraphFormat.mermaid else to_dot
    try:
        drawn = draw(loaded, options)
    except GraphError as error:
        fail(str(error), "`guide graph --ids` shows every id")
    echo(drawn, nl=False)


@app.command("new")
def new_command(
    name: Annotated[
        str, typer.Argument(help="The new rule base's id, e.g. coffee_machine; writes NAME.yaml.")
    ],
    directory: Annotated[
        Path,
        typer.Option("--dir", metavar="DIR", help="Where to write it.", show_default="here"),
    ] = Path(),
) -> None:
    """Start a rule base from a worked example that passes `guide check --strict`."""
    import engine.authoring

    try:
        written = engine.authoring.new_rulebase(name, directory)
    except engine.authoring.ScaffoldError as error:
        fail(str(error), error.hint)
    for path in written:
        echo(f"wrote {path}")
    first = written[0]
    echo(f"Next: read {first}, then run `guide check {first}` and `guide run {first}`.")
    raise typer.Exit(EXIT_OK)
