"""Commands for the people who use rule bases at work: run and list (stats: knowledge.py)."""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

import engine
import engine.catalog
from guide_cli._app import (
    EXIT_FINDING,
    EXIT_INTERRUPTED,
    EXIT_OK,
    app,
    debugging,
    echo,
    fail,
    invoked_as,
    now,
)
from guide_cli._signals import stop_like_ctrl_c

if TYPE_CHECKING:
    from wizards.terminal import Ending


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
        str | None,
        typer.Option(
            "--resume",
            metavar="[FILE]",
            help="Continue a saved session; without FILE, choose among the unfinished ones.",
        ),
    ] = None,
    save: Annotated[
        Path | None,
        typer.Option(
            "--save",
            metavar="PATH",
            help="Where to save the session (after every answer).",
            show_default="the --resume file, else the sessions folder of the data directory",
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
    no_record: Annotated[
        bool,
        typer.Option(
            "--no-record", help="Do not record this consultation (see docs/recording.md)."
        ),
    ] = False,
    ask_proficiency: Annotated[
        bool,
        typer.Option("--ask-proficiency", help="First ask how familiar you are with the task."),
    ] = False,
    proficiency: Annotated[
        engine.Proficiency | None,
        typer.Option(
            "--proficiency",
            help="How familiar you are with the task, instead of being asked: steps come "
            "in the form written for it.",
            case_sensitive=False,
            show_default=False,
        ),
    ] = None,
    explain_ids: Annotated[
        bool,
        typer.Option(
            "--explain-ids",
            help="Explanations also name each rule, question and solution by its id "
            "(for rule-base authors; --debug does the same).",
        ),
    ] = False,
) -> None:
    """Walk through a rule base one question at a time, to a recommendation."""
    import engine.store
    from wizards.consultation import RunOptions, run_consultation
    from wizards.errors import WizardError
    from wizards.reports import ARTICLES_URL_VARIABLE
    from wizards.saving import FALLBACK_FOLDER, SESSIONS_FOLDER
    from wizards.screens import Screen, make_console, wants_plain

    settings = engine.store.store_settings(os.environ)
    if resume and not Path(resume).exists() and rulebase is None and is_shipped_name(resume):
        rulebase, resume = resume, ""  # `--resume stock_count`: its unfinished sessions
    options = RunOptions(
        rulebase=rulebase,
        resume=Path(resume) if resume else None,
        resume_unfinished=resume == "",
        save=save,
        answers=answers,
        sets=tuple(set_answers or ()),
        no_input=no_input,
        json=json_output,
        report=report,
        store=None if no_record else settings,
        ask_proficiency=ask_proficiency,
        proficiency=proficiency,
        fallback_folder=settings.data_dir / FALLBACK_FOLDER,
        explain_ids=explain_ids or debugging(),
        articles_url=os.environ.get(ARTICLES_URL_VARIABLE, "").strip() or None,
        sessions_folder=settings.data_dir / SESSIONS_FOLDER,
        program=invoked_as(),
        interactive=sys.stdin.isatty(),
    )
    plain_mode = wants_plain(plain or json_output, sys.stdout)
    # The terminal's width (or COLUMNS); rich would assume 80 columns under TERM=dumb.
    size = shutil.get_terminal_size()
    console = make_console(plain=plain_mode, file=sys.stdout, width=size.columns, height=size.lines)
    screen = Screen(console, plain=plain_mode, show_ids=options.explain_ids)
    if not (no_input or json_output) and sys.stdin.isatty():
        with contextlib.suppress(ImportError):
            import readline  # noqa: F401 (line editing at the prompt, where available)
    if isinstance(sys.stdin, io.TextIOWrapper):
        # A byte that is not UTF-8 reaches the wizard (which asks again), not a decode error.
        sys.stdin.reconfigure(errors="surrogateescape")
    try:
        with stop_like_ctrl_c():
            ending = run_consultation(options, screen, input, now)
    except (WizardError, engine.store.StoreError) as error:
        fail(str(error), error.hint)
    except engine.RulebaseError as error:
        import engine.authoring

        path = Path(error.diagnostics[0].span.path) if error.diagnostics else Path("?")
        echo(engine.authoring.text_report(path, error.diagnostics), err=True)
        fail(f"{path}: the rule base cannot be run", f"fix it first (guide check {path})")
    raise typer.Exit(_run_exit(ending))


def is_shipped_name(name: str) -> bool:
    return name in engine.shipped_rulebases()


def _run_exit(ending: Ending) -> int:
    from wizards.terminal import Ending

    exits = {
        Ending.CONFIRMED: EXIT_OK,
        Ending.NOT_CONFIRMED: EXIT_FINDING,
        Ending.STOPPED: EXIT_INTERRUPTED,
    }
    return exits[ending]


@app.command("list")
def list_command() -> None:
    """Show the shipped rule bases: title, version, owners and number of questions."""
    shipped = engine.shipped_rulebases()
    width = max((len(name) for name in shipped), default=0) + 2
    pad = " " * width
    broken = False
    flagships = [name for name in shipped if name in engine.catalog.FLAGSHIPS]
    for name, path in shipped.items():
        if flagships and name == flagships[0]:
            echo("Flagship rule bases:")
        elif flagships and name not in flagships and name == _first_other(shipped):
            echo("\nFurther examples:")
        try:
            rulebase = engine.load(path)
        except engine.RulebaseError:
            echo(f"{name.ljust(width)}cannot be loaded: run `guide check {name}`")
            broken = True
            continue
        meta = rulebase.metadata
        count = len(rulebase.questions)
        echo(f"{name.ljust(width)}{meta.title}")
        echo(f"{pad}version {rulebase.version}, {count} question{'s' * (count != 1)}")
        for owner in meta.owners:
            echo(f"{pad}by {owner.name}, {owner.role}")
    raise typer.Exit(EXIT_FINDING if broken else EXIT_OK)


def _first_other(shipped: dict[str, Path]) -> str | None:
    """The first shipped rule base that is not a flagship (its heading goes before it)."""
    return next((n for n in shipped if n not in engine.catalog.FLAGSHIPS), None)
