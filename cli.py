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
