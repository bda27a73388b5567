"""Guide's command line: thin, so that everything it shows comes from ``engine``.

Exit codes (the only place that knows them): 0 ok; 1 a finding, such as a
problem in a rule base; 2 bad usage or unreadable input; 3 an internal error
(traceback only with ``--debug``); 130 interrupted.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import difflib
import importlib.metadata
import json
import shutil
import sys
import traceback
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

import engine
from wizards.consultation import RunOptions, run_consultation
from wizards.errors import WizardError
from wizards.saving import read_session_file
from wizards.screens import Screen, make_console, wants_plain
from wizards.terminal import Ending

EXIT_OK, EXIT_FINDING, EXIT_UNREADABLE, EXIT_INTERNAL, EXIT_INTERRUPTED = 0, 1, 2, 3, 130

app = typer.Typer(
    name="guide",
    help="Guide: help at the moment of need, from rule bases that experts write.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


@app.callback()
def _guide() -> None:
    """Guide: help at the moment of need, from rule bases that experts write."""


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
    today: Annotated[
        str | None,
        typer.Option(
            "--today",
            metavar="YYYY-MM-DD",
            help="The date to compare articles' review_by with [default: today].",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Report every problem in rule bases: errors, dead parts, redundancy, upkeep."""
    date = _parse_date(today)
    results = [(path, _check(engine.resolve(path), date)) for path in paths]
    diagnostics = [d for _, found in results for d in found]
    if output_format is Format.json:
        typer.echo(json.dumps([engine.diagnostic_dict(d) for d in diagnostics], indent=2))
    elif output_format is Format.sarif:
        typer.echo(json.dumps(engine.sarif_log(diagnostics, version=_version()), indent=2))
    else:
        for path, found in results:
            typer.echo(engine.text_report(engine.resolve(path), found))
    raise typer.Exit(_exit_code(diagnostics, strict=strict))


def _check(path: Path, today: dt.date | None) -> list[engine.Diagnostic]:
    # `today` is passed only when given, so that `engine.check(path)` stays the whole contract.
    return engine.check(path) if today is None else engine.check(path, today=today)


def _exit_code(diagnostics: list[engine.Diagnostic], *, strict: bool = False) -> int:
    if any(d.code in engine.UNREADABLE_CODES for d in diagnostics):
        return EXIT_UNREADABLE
    if any(d.severity is engine.Severity.ERROR or strict for d in diagnostics):
        return EXIT_FINDING
    return EXIT_OK


def _parse_date(text: str | None) -> dt.date | None:
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        _fail(f"`{text}` is not a date", "write it as YYYY-MM-DD, e.g. --today 2026-03-14")
        raise  # unreachable: _fail exits


def _version() -> str:
    try:
        return importlib.metadata.version("guide-engine")
    except importlib.metadata.PackageNotFoundError:
        return ""


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
    if list_codes or code is None:
        for known, info in engine.CODES.items():
            typer.echo(f"{known}  {info.title}")
        raise typer.Exit(EXIT_OK if list_codes else EXIT_UNREADABLE)
    try:
        typer.echo(engine.explain_code(code), nl=False)
    except KeyError:
        close = difflib.get_close_matches(code.strip().upper(), list(engine.CODES), n=1)
        hint = f"did you mean {close[0]}?" if close else "codes look like G310"
        _fail(f"there is no diagnostic code `{code}`", f"{hint}; `guide explain --list` lists them")


@app.command("run")
def run_command(
    rulebase: Annotated[
        str | None,
        typer.Argument(
            help="A shipped rule base (see `guide list`) or a rule base file; "
            "optional with --resume.",
            show_default=False,
        ),
    ] = None,
    *,
    resume: Annotated[
        Path | None,
        typer.Option("--resume", metavar="FILE", help="Continue a saved session."),
    ] = None,
    save: Annotated[
        Path | None,
        typer.Option(
            "--save",
            metavar="PATH",
            help="Where to save the session if you stop "
            "[default: the --resume file, else guide-RULEBASE-TIMESTAMP.json here].",
        ),
    ] = None,
    answers: Annotated[
        Path | None,
        typer.Option(
            "--answers", metavar="FILE", help="A YAML file of `question_id: answer` lines."
        ),
    ] = None,
    set_answers: Annotated[
        list[str] | None,
        typer.Option(
            "--set",
            metavar="QUESTION=VALUE",
            help="Answer a question up front (repeatable); QUESTION=? for I don't know.",
        ),
    ] = None,
    no_input: Annotated[
        bool,
        typer.Option(
            "--no-input", help="Never ask: fail if a question that matters has no answer."
        ),
    ] = False,
    json_output: Annotated[
        bool,
        typer.Option("--json", help="Print the outcome as JSON (never asks; implies --no-input)."),
    ] = False,
    report: Annotated[
        Path | None,
        typer.Option("--report", metavar="PATH", help="Write a report: PATH ending .md or .html."),
    ] = None,
    plain: Annotated[
        bool,
        typer.Option("--plain", help="No colour, boxes or rules (automatic when not a terminal)."),
    ] = False,
) -> None:
    """Walk through a rule base one question at a time, to a recommendation."""
    options = RunOptions(
        rulebase=rulebase,
        resume=resume,
        save=save,
        answers=answers,
        sets=tuple(set_answers or ()),
        no_input=no_input,
        json=json_output,
        report=report,
    )
    plain_mode = wants_plain(plain or json_output, sys.stdout)
    # The terminal's width (or COLUMNS); rich would assume 80 columns under TERM=dumb.
    size = shutil.get_terminal_size()
    console = make_console(plain=plain_mode, file=sys.stdout, width=size.columns, height=size.lines)
    screen = Screen(console, plain=plain_mode)
    if not (no_input or json_output) and sys.stdin.isatty():
        with contextlib.suppress(ImportError):
            import readline  # noqa: F401, PLC0415 (line editing at the prompt, where available)
    try:
        ending = run_consultation(options, screen, input, _now)
    except WizardError as error:
        _fail(error.message, error.hint)
    except engine.RulebaseError as error:
        path = Path(error.diagnostics[0].span.path) if error.diagnostics else Path("?")
        typer.echo(engine.text_report(path, error.diagnostics), err=True)
        _fail(f"{path}: the rule base cannot be run", f"fix it first (guide check {path})")
    raise typer.Exit(_RUN_EXIT[ending])


_RUN_EXIT = {
    Ending.CONFIRMED: EXIT_OK,
    Ending.NOT_CONFIRMED: EXIT_FINDING,
    Ending.STOPPED: EXIT_INTERRUPTED,
}


@app.command("list")
def list_command() -> None:
    """Show the shipped rule bases: title, version, owners and number of questions."""
    shipped = engine.shipped_rulebases()
    width = max((len(name) for name in shipped), default=0) + 2
    pad = " " * width
    broken = False
    for name, path in shipped.items():
        try:
            rulebase = engine.load(path)
        except engine.RulebaseError:
            typer.echo(f"{name.ljust(width)}cannot be loaded: run `guide check {name}`")
            broken = True
            continue
        meta = rulebase.metadata
        count = len(rulebase.questions)
        typer.echo(f"{name.ljust(width)}{meta.title}")
        typer.echo(f"{pad}version {rulebase.version}, {count} question{'s' * (count != 1)}")
        for owner in meta.owners:
            typer.echo(f"{pad}by {owner.name}, {owner.role}")
    raise typer.Exit(EXIT_FINDING if broken else EXIT_OK)


def _now() -> dt.datetime:
    """The local time, with its time zone: for file names and report dates."""
    return dt.datetime.now().astimezone()


def _fail(message: str, hint: str | None) -> None:
    typer.echo(f"guide: {message}", err=True)
    if hint:
        typer.echo(f"  hint: {hint}", err=True)
    raise typer.Exit(EXIT_UNREADABLE)


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
            help="The new scenario's name [default: saved session FILE].",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Run the scenario tests written inside rule bases, with coverage."""
    if add_session is not None:
        if len(paths) != 1 or min_coverage is not None or junit_xml is not None:
            _fail("--add-scenario takes one rule base file and no other option but --name", None)
        _add_scenario(engine.resolve(paths[0]), add_session, name)
    if name is not None:
        _fail(
            "--name is only for --add-scenario", "guide test --add-scenario FILE --name TEXT PATH"
        )
    reports: list[engine.TestReport] = []
    unreadable = below = False
    for given in paths:
        path = engine.resolve(given)
        try:
            rulebase = engine.load(path)
        except engine.RulebaseError as error:
            typer.echo(engine.text_report(path, error.diagnostics), err=True)
            typer.echo(f"guide: {path}: the rule base cannot be tested", err=True)
            unreadable = True
            continue
        report = engine.run_tests(rulebase)
        reports.append(report)
        _show_test_report(report, path)
        if min_coverage is not None and report.overall_coverage < min_coverage:
            typer.echo(
                f"coverage of {rulebase.id} is {int(report.overall_coverage)}%, "
                f"below the minimum of {min_coverage:g}%"
            )
            below = True
    if junit_xml is not None:
        try:
            junit_xml.write_text(engine.junit_xml(reports), encoding="utf-8")
        except OSError as error:
            _fail(f"{junit_xml}: cannot write the JUnit XML ({error.strerror})", None)
    failed = sum(report.failed for report in reports)
    typer.echo(f"{sum(report.passed for report in reports)} passed, {failed} failed")
    raise typer.Exit(EXIT_UNREADABLE if unreadable else int(bool(failed) or below))


def _show_test_report(report: engine.TestReport, path: Path) -> None:
    rulebase = report.rulebase
    count = len(report.results)
    typer.echo(f"{rulebase.id} {rulebase.version} ({path}): {count} scenario{'s' * (count != 1)}")
    for result in report.results:
        typer.echo(f"{'PASS' if result.passed else 'FAIL'}  {result.scenario.name}")
    for result in report.results:
        if not result.passed:
            typer.echo(f"\nFAILED {result.scenario.name} ({result.scenario.span})")
            for line in (*result.failures, *result.trail):
                typer.echo(f"  {line}")
    typer.echo(f"\ncoverage of {rulebase.id}:")
    width = max(len(measure.name) for measure in report.measures) + 2
    for measure in report.measures:
        typer.echo(f"  {measure.name.ljust(width)}{measure.summary()}")
        if measure.missing:
            typer.echo(f"    not reached: {', '.join(measure.missing)}")
    overall = int(report.overall_coverage)
    typer.echo(f"  {'overall'.ljust(width)}{overall}% (the lowest of the four)")
    typer.echo(f"{report.passed} passed, {report.failed} failed in {rulebase.id}\n")


def _add_scenario(path: Path, session_file: Path, name: str | None) -> None:
    try:
        data = read_session_file(session_file)
        added = engine.add_scenario(path, data, name or f"saved session {session_file.name}")
    except WizardError as error:
        _fail(error.message, error.hint)
        raise  # unreachable: _fail exits
    except engine.RulebaseError as error:
        typer.echo(engine.text_report(path, error.diagnostics), err=True)
        _fail(f"{path}: the rule base cannot be loaded; it is unchanged", None)
        raise  # unreachable
    except engine.GuideError as error:
        _fail(f"{session_file}: {error}", None)
        raise  # unreachable
    typer.echo(f"Added scenario {added.name!r} to {path} at line {added.line}.")
    if added.top is None:
        typer.echo("Nothing is recommended for it now.")
    else:
        typer.echo(
            f"Its expectations are what Guide recommends now: top {added.top}; "
            f"includes {', '.join(added.includes)}."
        )
    typer.echo(
        "If the wizard gave the wrong answer, edit `expect:` to what should happen, "
        f"then run `guide test {path}`."
    )
    if added.unfinished_at is not None:
        typer.echo(
            f"The session stopped before the end: Guide asks `{added.unfinished_at}` next; "
            "answer it under `answers:` or list it under `skipped:`."
        )
    raise typer.Exit(EXIT_OK)


@app.command("diff")
def diff_command(
    old: Annotated[str, typer.Argument(help="The rule base as it was (a file or shipped name).")],
    new: Annotated[str, typer.Argument(help="The rule base as it is now.")],
    sessions: Annotated[
        Path | None,
        typer.Option(
            "--sessions",
            metavar="DIR",
            help="Replay the saved sessions (*.json) in DIR, or one session file.",
        ),
    ] = None,
    scenarios: Annotated[
        bool,
        typer.Option("--scenarios/--no-scenarios", help="Replay OLD's scenarios too."),
    ] = True,
) -> None:
    """List the consultations whose recommendation changes between two versions."""
    before, after = _load_for_diff(old), _load_for_diff(new)
    files = [] if sessions is None else _session_files(sessions)
    try:
        recorded = [(str(file), read_session_file(file)) for file in files]
        changes = engine.diff_rulebases(before, after, recorded, scenarios=scenarios)
    except WizardError as error:
        _fail(error.message, error.hint)
        raise  # unreachable: _fail exits
    except engine.SessionError as error:
        _fail(str(error), "replay sessions saved from this rule base")
        raise  # unreachable
    for change in changes:
        typer.echo(change.consultation)
        for line in change.lines():
            typer.echo(f"  {line}")
    compared = len(recorded) + (len(before.tests) if scenarios else 0)
    typer.echo(f"{len(changes)} of {compared} consultations change")
    raise typer.Exit(EXIT_FINDING if changes else EXIT_OK)


def _load_for_diff(given: str) -> engine.Rulebase:
    path = engine.resolve(given)
    try:
        return engine.load(path)
    except engine.RulebaseError as error:
        typer.echo(engine.text_report(path, error.diagnostics), err=True)
        _fail(f"{path}: the rule base cannot be loaded", f"fix it first (guide check {path})")
        raise  # unreachable: _fail exits


def _session_files(sessions: Path) -> list[Path]:
    if sessions.is_dir():
        return sorted(sessions.glob("*.json"))
    if sessions.is_file():
        return [sessions]
    _fail(f"{sessions}: no such folder or file", "give the folder the sessions are saved in")
    raise AssertionError  # unreachable: _fail exits


# --- guide schema, guide graph and guide new ---


@app.command("schema")
def schema_command() -> None:
    """Print the JSON Schema of the rule-base format, for editors that check YAML as you type."""
    typer.echo(json.dumps(engine.rulebase_schema(), indent=2, ensure_ascii=False))


class GraphFormat(StrEnum):
    mermaid = "mermaid"
    dot = "dot"


@app.command("graph")
def graph_command(
    rulebase: Annotated[
        str, typer.Argument(help="A shipped rule base (see `guide list`) or a rule base file.")
    ],
    graph_format: Annotated[
        GraphFormat,
        typer.Option("--format", help="mermaid (GitHub draws it) or dot (Graphviz)."),
    ] = GraphFormat.mermaid,
) -> None:
    """Draw a rule base: questions -> facts -> solutions, each edge labelled with its rule."""
    path = engine.resolve(rulebase)
    try:
        loaded = engine.load(path)
    except engine.RulebaseError as error:
        typer.echo(engine.text_report(path, error.diagnostics), err=True)
        _fail(f"{path}: the rule base cannot be drawn", f"fix it first (guide check {path})")
        raise  # unreachable: _fail exits
    draw = engine.to_mermaid if graph_format is GraphFormat.mermaid else engine.to_dot
    typer.echo(draw(loaded), nl=False)


@app.command("new")
def new_command(
    name: Annotated[
        str, typer.Argument(help="The new rule base's id, e.g. coffee_machine; writes NAME.yaml.")
    ],
    directory: Annotated[
        Path,
        typer.Option("--dir", metavar="DIR", help="Where to write it [default: here]."),
    ] = Path(),
) -> None:
    """Start a rule base from a worked example that passes `guide check --strict`."""
    try:
        written = engine.new_rulebase(name, directory)
    except engine.ScaffoldError as error:
        _fail(str(error), error.hint)
        raise  # unreachable: _fail exits
    for path in written:
        typer.echo(f"wrote {path}")
    first = written[0]
    typer.echo(f"Next: read {first}, then run `guide check {first}` and `guide run {first}`.")
    raise typer.Exit(EXIT_OK)


def main(argv: list[str] | None = None) -> int:
    """Run the CLI and return its exit code (the console script exits with it)."""
    args = sys.argv[1:] if argv is None else list(argv)
    debug = "--debug" in args
    args = [a for a in args if a != "--debug"]
    try:
        # Standalone mode: usage errors are printed by typer and exit with 2.
        app(args=args, prog_name="guide")
    except SystemExit as done:
        return _exit_status(done.code)
    except KeyboardInterrupt:
        typer.echo("interrupted", err=True)
        return EXIT_INTERRUPTED
    except Exception as error:  # the last line of defence: no traceback reaches a person
        if debug:
            traceback.print_exc()
        typer.echo(f"guide: internal error: {error} (run with --debug for details)", err=True)
        return EXIT_INTERNAL
    return EXIT_OK


def _exit_status(code: object) -> int:
    if code is None:
        return EXIT_OK
    if isinstance(code, int):
        return code
    typer.echo(str(code), err=True)
    return EXIT_FINDING


if __name__ == "__main__":
    sys.exit(main())
