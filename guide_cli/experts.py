"""`guide experts`: who knows what, across the shipped rule bases or the ones named."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Annotated, Any

import typer

import engine
from guide_cli._app import EXIT_FINDING, EXIT_OK, app, echo, fail, rulebase_path

if TYPE_CHECKING:
    import engine.experts


@app.command("experts")
def experts_command(
    topic: Annotated[
        list[str] | None,
        typer.Argument(
            help="A topic, e.g. forecast bias; without one, every expert.", show_default=False
        ),
    ] = None,
    *,
    rulebases: Annotated[
        list[str] | None,
        typer.Option(
            "--rulebase",
            metavar="NAME",
            help="Only this rule base: a shipped name or a file (repeatable).",
            show_default="the shipped ones",
        ),
    ] = None,
    json_output: Annotated[bool, typer.Option("--json", help="Print the experts as JSON.")] = False,
) -> None:
    """Find the expert who knows about a topic: name, role, contact, when to reach them."""
    import engine.experts
    import engine.search

    query = " ".join(topic) if topic else None
    if query is not None and not engine.search.words(query):
        fail(
            f"{query!r} has no words to look for",
            'give a topic, e.g. guide experts "forecast bias", or none to list every expert',
        )
    loaded, broken = _rulebases(rulebases)
    names = {rb.path: name for name, rb in loaded}
    matches = engine.experts.find_experts([rb for _, rb in loaded], query)
    if json_output:
        echo(json.dumps([_as_dict(m) for m in matches], indent=2))
    elif not matches:
        _nothing(query, restricted=rulebases is not None)
    else:
        _show(matches, names, query)
    raise typer.Exit(EXIT_FINDING if broken or not matches else EXIT_OK)


def _rulebases(given: list[str] | None) -> tuple[list[tuple[str, engine.Rulebase]], bool]:
    """The rule bases to look in, by the name to show; True when a shipped one is broken.

    A rule base named with --rulebase that cannot be loaded stops the command (exit 2);
    a shipped one is skipped with a note, as `guide list` does.
    """
    if given:
        return [(name, _load(name)) for name in given], False
    loaded = []
    broken = False
    for name, path in engine.shipped_rulebases().items():
        try:
            loaded.append((name, engine.load(path)))
        except engine.RulebaseError:
            echo(f"guide: {name} cannot be loaded: run `guide check {name}`", err=True)
            broken = True
    return loaded, broken


def _load(name: str) -> engine.Rulebase:
    import engine.authoring

    path = rulebase_path(name)
    try:
        return engine.load(path)
    except engine.RulebaseError as error:
        echo(engine.authoring.text_report(path, error.diagnostics), err=True)
        fail(f"{path}: the rule base cannot be loaded", f"fix it first (guide check {path})")


def _show(
    matches: list[engine.experts.ExpertMatch], names: dict[Any, str], query: str | None
) -> None:
    from wizards import present

    count = f"{len(matches)} expert{'s' * (len(matches) != 1)}"
    echo(f'{count} for "{query}":' if query is not None else f"{count}:")
    for number, match in enumerate(matches, start=1):
        expert = match.expert
        echo("")
        echo(f"{number}. {present.expert_heading(expert)}")
        for line in present.expert_details(expert):
            echo(f"   {line}")
        echo(f"   expert `{expert.id}` in {names[match.rulebase_path]}")


def _nothing(query: str | None, *, restricted: bool) -> None:
    where = "these rule bases" if restricted else "the shipped rule bases"
    if query is None:
        echo(f"No expert is named in {where}.")
        return
    echo(f'No expert in {where} knows about "{query}".')
    echo("See every expert and the topics they know with `guide experts`.")


def _as_dict(match: engine.experts.ExpertMatch) -> dict[str, Any]:
    expert = match.expert
    return {
        "rulebase": match.rulebase_id,
        "path": str(match.rulebase_path),
        "id": expert.id,
        "name": expert.name,
        "role": expert.role,
        "contact": expert.contact,
        "available": expert.available,
        "covers": list(expert.covers),
        "fit": match.fit.name.lower(),
    }
