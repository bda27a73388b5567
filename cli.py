"""Guide's command line: thin, so that everything it shows comes from ``engine``.

Exit codes (the only place that knows them): 0 ok; 1 a finding, such as a
problem in a rule base; 2 bad usage or unreadable input; 3 an internal error
(traceback only with ``--debug``); 130 interrupted.
"""

from __future__ import annotations

import json
import sys
import traceback
from enum import StrEnum
from typing import Annotated

import typer

import engine

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


@app.command()
def check(
    paths: Annotated[
        list[str], typer.Argument(help="Rule base files, or names of shipped rule bases.")
    ],
    output_format: Annotated[
        Format, typer.Option("--format", help="text for people, json for tools.")
    ] = Format.text,
) -> None:
    """Load rule bases and report every problem, with file:line:column and a hint."""
    results = [(path, engine.check(engine.resolve(path))) for path in paths]
    diagnostics = [d for _, found in results for d in found]
    if output_format is Format.json:
        typer.echo(json.dumps([engine.diagnostic_dict(d) for d in diagnostics], indent=2))
    else:
        for path, found in results:
            typer.echo(engine.text_report(engine.resolve(path), found))
    raise typer.Exit(_exit_code(diagnostics))


def _exit_code(diagnostics: list[engine.Diagnostic]) -> int:
    if any(d.code in engine.UNREADABLE_CODES for d in diagnostics):
        return EXIT_UNREADABLE
    if any(d.severity is engine.Severity.ERROR for d in diagnostics):
        return EXIT_FINDING
    return EXIT_OK


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
