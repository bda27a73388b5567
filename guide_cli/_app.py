"""The `guide` application: exit codes, the typer app, helpers every command shares, main().

Exit codes (the only place that knows them): 0 ok; 1 a finding, such as a
problem in a rule base; 2 bad usage or unreadable input; 3 an internal error
(traceback only with ``--debug``); 130 interrupted.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import os
import re
import shlex
import shutil
import signal
import sys
import threading
import traceback
from pathlib import Path
from typing import Annotated, Any, NoReturn, TextIO

import typer
import typer.core

import engine.catalog
import engine.errors
from wizards.visible import visible

EXIT_OK, EXIT_FINDING, EXIT_UNREADABLE, EXIT_INTERNAL, EXIT_INTERRUPTED = 0, 1, 2, 3, 130

#: Shown under ``guide --help``: the first commands a worker and an author type.
EXAMPLES = """\
\b
Examples:
  guide list                 the rule bases that come with Guide
  guide run stock_count      one question at a time, to a fix
  guide run --resume         continue a consultation you stopped
  guide check my_rules.yaml  every problem in a rule base you write
  guide test my_rules.yaml   run the scenarios written inside it

Every command: docs/cli.md. Writing rule bases: docs/rulebase-format.md.
"""

app = typer.Typer(
    name="guide",
    help="Guide: help at the moment of need, from rule bases that experts write.",
    epilog=EXAMPLES,
    no_args_is_help=True,
    # --install-completion and --show-completion, for bash, zsh, fish and PowerShell.
    add_completion=True,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _show_version(asked: bool) -> None:
    if asked:
        typer.echo(f"guide {package_version() or '(version unknown)'}")
        raise typer.Exit(EXIT_OK)


@app.callback()
def _guide(
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            "-V",
            help="Show Guide's version and exit.",
            is_eager=True,
            callback=_show_version,
        ),
    ] = False,
    debug: Annotated[
        bool,
        typer.Option(
            "--debug", help="On an internal error (exit code 3), show the Python traceback."
        ),
    ] = False,
) -> None:
    """Guide: help at the moment of need, from rule bases that experts write."""
    # --debug is read by main() before typer parses the command line; listed here so
    # that --help shows it.


def _flags_without_a_type() -> None:
    """A flag takes no value, so --help shows none: typer 0.29 writes ``<bool>`` beside
    every flag, which reads as if one had to be typed (checked for, as older typers
    have no such column)."""
    option = getattr(typer.core, "TyperOption", None)
    shown = getattr(option, "display_type_rich", None)
    if option is None or shown is None:
        return

    def display_type_rich(self: Any, ctx: Any) -> str | None:
        return None if getattr(self, "is_flag", False) else shown(self, ctx)

    option.display_type_rich = display_type_rich


_flags_without_a_type()


def now() -> dt.datetime:
    """The local time, with its time zone: for file names and report dates."""
    return dt.datetime.now().astimezone()


def echo(text: str, *, err: bool = False, nl: bool = True) -> None:
    """Print a line of the CLI's output (stderr with ``err``): every command prints through
    here, so control characters from rule bases, answers or the store are shown, not obeyed."""
    typer.echo(visible(text), err=err, nl=nl)


def is_terminal(stream: TextIO) -> bool:
    """A terminal that can show more than plain text (not a pipe, not TERM=dumb)."""
    return stream.isatty() and os.environ.get("TERM", "") != "dumb"


def wants_colour(stream: TextIO) -> bool:
    """Colour only on a terminal, never when NO_COLOR is set (https://no-color.org)."""
    return is_terminal(stream) and not os.environ.get("NO_COLOR")


#: The severity in a diagnostic's headline: ``path:line:col: error G101 ...``.
_SEVERITY = re.compile(r"^(.*?:\d+:\d+: )(error|warning)( G\d{3} )", re.M)
_SEVERITY_COLOUR = {"error": "\x1b[1;31m", "warning": "\x1b[1;33m"}


def echo_diagnostics(report: str) -> None:
    """A ``guide check`` report, with ``error`` in red and ``warning`` in yellow on a
    terminal (the text is made safe first, so only these colours are Guide's)."""
    shown = visible(report)
    if wants_colour(sys.stdout):
        shown = _SEVERITY.sub(lambda m: f"{m[1]}{_SEVERITY_COLOUR[m[2]]}{m[2]}\x1b[0m{m[3]}", shown)
    typer.echo(shown, color=wants_colour(sys.stdout))


def fail(message: str, hint: str | None) -> NoReturn:
    """Say what is wrong and exit 2 (the input cannot be used)."""
    echo(f"guide: {message}", err=True)
    if hint:
        echo(f"  hint: {hint}", err=True)
    raise typer.Exit(EXIT_UNREADABLE)


def rulebase_path(given: str) -> Path:
    """The rule base file a command was given: a path, or a shipped rule base's name.

    A bare name that is neither says so, with a "did you mean", and exits 2 (rather
    than reporting a missing file called ``invetory``).
    """
    try:
        return engine.catalog.find(given)
    except engine.errors.UnknownRulebaseError as error:
        fail(str(error), error.hint)


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


def invoked_as() -> str:
    """How Guide was started, to print commands that work as typed: ``guide`` when that
    is what PATH finds, else the script as given (``.venv/bin/guide``), or
    ``python -m cli`` when run as a module."""
    started = getattr(sys, "orig_argv", [])
    if len(started) >= 3 and started[1] == "-m" and started[2] in {"cli", "guide_cli"}:
        return shlex.join(started[:3])
    script = sys.argv[0] if sys.argv else ""
    if Path(script).name != "guide":
        return "guide"  # embedded or under a test runner: the documented name
    on_path = shutil.which("guide")
    if on_path is not None and Path(on_path).resolve() == Path(script).resolve():
        return "guide"
    return shlex.quote(script)


def _bare_resume(args: list[str]) -> list[str]:
    """``guide run --resume`` with no file (last, or before another option) means
    "choose among the unfinished sessions": given as an empty value, which click
    cannot express for an option that otherwise takes one."""
    if "run" not in args or "--" in args:
        return args
    found = []
    for position, arg in enumerate(args):
        following = args[position + 1] if position + 1 < len(args) else None
        if arg == "--resume" and (following is None or following.startswith("-")):
            found.append("--resume=")
        else:
            found.append(arg)
    return found


def main(argv: list[str] | None = None) -> int:
    """Run the CLI and return its exit code (the console script exits with it)."""
    args = sys.argv[1:] if argv is None else list(argv)
    debug = "--debug" in args
    args = _bare_resume([a for a in args if a != "--debug"])
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
    except BrokenPipeError:
        return _reader_left()
    except SystemExit as done:
        context = done.__context__
        if isinstance(context, OSError) and context.errno == errno.EPIPE:
            return _reader_left()  # typer's own answer to a closed pipe is exit 1
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


def _reader_left() -> int:
    """The output's reader stopped reading (``guide list | head -1``): what it wanted
    it has, so that is no error; nothing more is written (not even at exit)."""
    with contextlib.suppress(OSError, ValueError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    return EXIT_OK


def _exit_status(code: object) -> int:
    if code is None:
        return EXIT_OK
    if isinstance(code, int):
        return code
    echo(str(code), err=True)
    return EXIT_FINDING
