"""``guide store``: where consultation records go, whether that works now, and the queue."""

from __future__ import annotations

import os
from typing import Annotated

import typer

import engine
from guide_cli._app import EXIT_FINDING, EXIT_OK, app, echo, fail


@app.command("store")
def store_command(
    *,
    flush: Annotated[
        bool,
        typer.Option("--flush", help="Send the records waiting in the queue to the store now."),
    ] = False,
) -> None:
    """Where consultations are recorded, whether the store can be reached, what waits.

    Exit 0 when the store can be used and nothing waits; 1 when it cannot be
    reached now or records still wait in the queue; 2 when GUIDE_STORE is not a
    store Guide can use.
    """
    import engine.store

    settings = engine.store.store_settings(os.environ)
    try:
        recorder = engine.store.open_recorder(settings)
    except engine.store.StoreError as error:
        fail(str(error), error.hint)
    store = recorder.store
    echo(f"Records go to: {store.location} ({store.kind})")
    if not settings.enabled:
        echo("Recording is off (GUIDE_RECORD); nothing new is recorded.")
    healthy = _report_reachable(store)
    if flush and healthy and recorder.queued():
        try:
            sent = recorder.flush()
        except engine.store.StoreError as error:
            echo(f"Sending the queue stopped part way: {error}")
        else:
            echo(f"Sent {sent} queued record{'' if sent == 1 else 's'} to the store.")
    waiting = recorder.queued()
    if waiting:
        echo(
            f"{waiting} record{' waits' if waiting == 1 else 's wait'} in {recorder.queue_path}"
            + ("" if flush else "; `guide store --flush` sends them now")
        )
    else:
        echo("Nothing waits in the queue.")
    rejected = recorder.rejected()
    if rejected:
        echo(
            f"{rejected} line{' was' if rejected == 1 else 's were'} set aside in "
            f"{recorder.rejected_path}: not records, or records the store refused;"
            " a person can look at them there"
        )
    raise typer.Exit(EXIT_OK if healthy and not waiting else EXIT_FINDING)


def _report_reachable(store: engine.store.Store) -> bool:
    """Say whether the store can be used now; True when it can."""
    try:
        found = store.schema_version()
    except engine.store.StoreError as error:
        echo(f"Cannot be used now: {error}")
        if error.hint:
            echo(f"  hint: {error.hint}")
        return False
    ours = store.current_schema()
    if found == 0:
        echo("The store can be reached; it is created with the first record.")
    elif found > ours:
        echo(f"The store was made by a newer Guide (schema {found}, this Guide {ours}).")
        echo("  hint: upgrade Guide")
        return False
    else:
        behind = "" if found == ours else f"; brought up to schema {ours} by the next record"
        echo(f"The store can be reached (schema {found}{behind}).")
    return True
