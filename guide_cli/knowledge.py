"""Commands about the knowledge: what its use says (stats, drafts) and finding it (search)."""

from __future__ import annotations

import datetime as dt
import json
import os
import shlex
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

import engine
from guide_cli._app import (
    EXIT_FINDING,
    EXIT_OK,
    TodayOption,
    app,
    echo,
    fail,
    parse_date,
    rulebase_path,
)

if TYPE_CHECKING:
    import engine.drafts


class Per(StrEnum):
    """How ``--per`` cuts the trends; the same words as ``engine.stats.Every``, kept
    here so that registering the command does not import the stats."""

    WEEK = "week"
    MONTH = "month"


@app.command("stats")
def stats_command(
    rulebase: Annotated[
        str, typer.Argument(help="A shipped rule base (see `guide list`) or a rule base file.")
    ],
    *,
    json_output: Annotated[bool, typer.Option("--json", help="Print the figures as JSON.")] = False,
    since: Annotated[
        str | None,
        typer.Option("--since", metavar="YYYY-MM-DD", help="Only consultations from this day."),
    ] = None,
    until: Annotated[
        str | None,
        typer.Option("--until", metavar="YYYY-MM-DD", help="Only consultations up to this day."),
    ] = None,
    version: Annotated[
        str | None,
        typer.Option("--version", metavar="V", help="Only consultations of this version."),
    ] = None,
    html: Annotated[
        Path | None,
        typer.Option("--html", metavar="PATH", help="Write the figures as an HTML page."),
    ] = None,
    export_drafts: Annotated[
        Path | None,
        typer.Option(
            "--export-drafts",
            metavar="DIR",
            help="Write a draft scenario and article for each escalated or abandoned consultation.",
        ),
    ] = None,
    per: Annotated[
        Per,
        typer.Option(
            "--per",
            help="Cut the trends by week or by month.",
            case_sensitive=False,
        ),
    ] = Per.MONTH,
    today: TodayOption = None,
) -> None:
    """What recorded consultations say: what worked, what was skipped, what needs care."""
    import engine.drafts
    import engine.stats
    import engine.store
    from wizards.stats_html import render_stats_html

    first, last = parse_date(since), parse_date(until)
    day = parse_date(today) or dt.date.today()
    loaded = _load(rulebase)
    start, end = engine.stats.period(first, last)
    try:
        store = engine.store.open_store(engine.store.store_settings(os.environ))
        found = store.read(loaded.id, since=start, until=end, version=version)
    except engine.store.StoreError as error:
        fail(str(error), error.hint)
    records = found.records
    figures = engine.stats.compute(
        records,
        loaded.id,
        rulebase=loaded,
        since=first,
        until=last,
        version=version,
        today=day,
        unreadable=found.unreadable,
        every=engine.stats.Every(per.value),
    )
    # What was written is said on stdout, unless stdout carries JSON.
    err = json_output
    if json_output:
        echo(json.dumps(figures.to_dict(), indent=2))
    elif html is None and export_drafts is None:
        echo("\n".join(figures.lines()))
    if html is not None:
        _write(html, render_stats_html(figures, loaded.metadata.title), "w")
        echo(f"wrote {html}", err=err)
    if export_drafts is not None:
        drafts = engine.drafts.drafts_for(records, loaded)
        for path in _write_drafts(export_drafts, drafts):
            echo(f"wrote {path}", err=err)
        if not drafts:
            echo("no escalated or abandoned consultations to draft from", err=err)
    raise typer.Exit(EXIT_OK)


def _load(rulebase: str) -> engine.Rulebase:
    import engine.authoring

    path = rulebase_path(rulebase)
    try:
        return engine.load(path)
    except engine.RulebaseError as error:
        echo(engine.authoring.text_report(path, error.diagnostics), err=True)
        fail(f"{path}: the rule base cannot be loaded", f"fix it first (guide check {path})")


def _write_drafts(folder: Path, drafts: list[engine.drafts.Draft]) -> list[Path]:
    """Write each draft's scenario and article; nothing is written over."""
    files = [
        (folder / f"{d.name}{suffix}", text)
        for d in drafts
        for suffix, text in ((".scenario.yaml", d.scenario), (".article.md", d.article))
    ]
    taken = [path for path, _ in files if path.exists()]
    if taken:
        fail(
            f"{taken[0]} exists: drafts are never written over",
            "export to an empty folder, or move the earlier drafts away first",
        )
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        fail(f"{folder}: cannot create the folder ({error.strerror})", "choose another folder")
    for path, text in files:
        _write(path, text, "x")
    return [path for path, _ in files]


def _write(path: Path, text: str, mode: str) -> None:
    try:
        with path.open(mode, encoding="utf-8") as file:
            file.write(text)
    except FileExistsError:
        fail(f"{path} exists: drafts are never written over", "move it away first")
    except OSError as error:
        fail(f"{path}: cannot be written ({error.strerror})", "choose another file name or folder")


@app.command("search")
def search_command(
    text: Annotated[list[str], typer.Argument(help="Words to look for.", show_default=False)],
    rulebases: Annotated[
        list[str] | None,
        typer.Option(
            "--rulebase",
            metavar="PATH",
            help="Search this rule base (repeatable).",
            show_default="the shipped ones",
        ),
    ] = None,
) -> None:
    """Find solutions and articles by their words, and the consultation that leads there."""
    import engine.search

    query = " ".join(text)
    if not engine.search.words(query):
        fail(
            f"{query!r} has no words to look for", 'give a word or two, e.g. guide search "scanner"'
        )
    names = rulebases or list(engine.shipped_rulebases())
    loaded = [_load(name) for name in names]
    shown = {id(rb): name for rb, name in zip(loaded, names, strict=True)}
    by_path = {rb.path: shown[id(rb)] for rb in loaded}
    hits = engine.search.search(loaded, query)
    if not hits:
        echo(f'Nothing found for "{query}".')
        echo("See which rule bases there are with `guide list`, and start one with `guide run`.")
        raise typer.Exit(EXIT_FINDING)
    echo(f'{len(hits)} found for "{query}":')
    for number, hit in enumerate(hits, start=1):
        name = by_path[hit.rulebase_path]
        where = f" ({hit.location})" if hit.location else ""
        echo("")
        echo(f"{number}. {hit.heading}")
        echo(f"   {hit.kind} `{hit.id}` in {name}{where}")
        if hit.snippet:
            echo(f"   {hit.snippet}")
        echo(f"   start the consultation: guide run {shlex.quote(name)}")
    raise typer.Exit(EXIT_OK)
