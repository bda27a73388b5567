"""The `guide` application: exit codes, the typer app, helpers every command shares, main().

Exit codes (the only place that knows them): 0 ok; 1 a finding, such as a
problem in a rule base; 2 bad usage or unreadable input; 3 an internal error
(traceback only with ``--debug``); 130 interrupted.
"""

from __future__ import annotations

import datetime as dt
import signal
import sys
import threading
import traceback
from typing import Annotated, NoReturn

import typer

from wizards.visible import visible

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


def now() -> dt.datetime:
    """The local time, with its time zone: for file names and report dates."""
    return dt.datetime.now().astimezone()


def echo(text: str, *, err: bool = False, nl: bool = True) -> None:
    """Print a line of the CLI's output (stderr with ``err``): every command prints through
    here, so control characters from rule bases, answers or the store are shown, not obeyed."""
    typer.echo(visible(text), err=err, nl=nl)


def fail(message: str, hint: str | None) -> NoReturn:
    """Say what is wrong and exit 2 (the input cannot be used)."""
    echo(f"guide: {message}", err=True)
    if hint:
        echo(f"  hint: {hint}", err=True)
    raise typer.Exit(EXIT_UNREADABLE)


#: ``--today``: the day articles' review dates are compared with (check, stats).
TodayOption = Annotated[
    str | None,
    typer.Option(
        "--today",
        metavar="YYYY-MM-DD",
        help="The date to compare articles' review_by with.",
        show_default="today",
    ),
]


def parse_date(text: str | None) -> dt.date | None:
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        fail(f"`{text}` is not a date", "write it as YYYY-MM-DD, e.g. --today 2026-03-14")


def package_version() -> str:
    import importlib.metadata  # only SARIF output asks: reading the installed metadata is slow

    try:
        return importlib.metadata.version("guide-engine")
    except importlib.metadata.PackageNotFoundError:
        return ""


#: Whether ``--debug`` was given: besides tracebacks, commands may show more (ids).
DEBUG = threading.local()


def debugging() -> bool:
    """Whether this run of the CLI was given ``--debug``."""
    return bool(getattr(DEBUG, "on", False))


def main(argv: list[str] | None = None) -> int:
    """Run the CLI and return its exit code (the console script exits with it)."""
    args = sys.argv[1:] if argv is None else list(argv)
    debug = "--debug" in args
    args = [a for a in args if a != "--debug"]
    DEBUG.on = debug
    # From here Ctrl-C is a KeyboardInterrupt, caught below; before, cli.py's start-up
    # handler stopped the process, and it does again once the command is done.
    in_main_thread = threading.current_thread() is threading.main_thread()
    before = signal.signal(signal.SIGINT, signal.default_int_handler) if in_main_thread else None
    try:
        return _run(args, debug=debug)
    except KeyboardInterrupt:  # also when it comes while an error is being shown
        typer.echo("interrupted", err=True)
        return EXIT_INTERRUPTED
    finally:
        if before is not None:
            signal.signal(signal.SIGINT, before)


def _run(args: list[str], *, debug: bool) -> int:
    try:
        # Standalone mode: usage errors are printed by typer and exit with 2.
        app(args=args, prog_name="guide")
    except SystemExit as done:
        if isinstance(done.__context__, typer.Exit) and isinstance(
            done.__context__.__cause__, KeyboardInterrupt
        ):  # Ctrl-C that typer turned into a silent exit 130 (before a command's own handling)
            typer.echo("interrupted", err=True)
        return _exit_status(done.code)
    except KeyboardInterrupt:
        echo("interrupted", err=True)
        return EXIT_INTERRUPTED
    except Exception as error:  # the last line of defence: no traceback reaches a person
        if debug:
            traceback.print_exc()
        echo(f"guide: internal error: {error} (run with --debug for details)", err=True)
        return EXIT_INTERNAL
    return EXIT_OK


def _exit_status(code: object) -> int:
    if code is None:
        return EXIT_OK
    if isinstance(code, int):
        return code
    echo(str(code), err=True)
    return EXIT_FINDING
