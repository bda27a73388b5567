"""Guide's command line, by responsibility; `cli.py` is its entry point.

Importing the command modules registers their commands on the app.
"""

from typer.models import CommandInfo

from guide_cli import (  # noqa: F401 -- importing registers the commands
    authoring,
    experts,
    knowledge,
    store,
    working,
)
from guide_cli._app import (
    EXIT_FINDING,
    EXIT_INTERNAL,
    EXIT_INTERRUPTED,
    EXIT_OK,
    EXIT_UNREADABLE,
    app,
    main,
)

#: ``guide --help`` lists commands in these groups, in this order: workers' first.
COMMAND_GROUPS = {
    "Consult a rule base": ("run", "list", "search", "experts"),
    "Write and check rule bases": (
        "check",
        "test",
        "explain",
        "diff",
        "review",
        "graph",
        "new",
        "schema",
    ),
    "Consultation records": ("stats", "store"),
}


def _group_commands() -> None:
    order = [name for names in COMMAND_GROUPS.values() for name in names]
    panel = {name: group for group, names in COMMAND_GROUPS.items() for name in names}

    def name_of(info: CommandInfo) -> str:
        return str(info.name or getattr(info.callback, "__name__", ""))

    for info in app.registered_commands:
        info.rich_help_panel = panel.get(name_of(info), info.rich_help_panel)
    app.registered_commands.sort(
        key=lambda info: order.index(name_of(info)) if name_of(info) in order else len(order)
    )


_group_commands()

__all__ = [
    "EXIT_FINDING",
    "EXIT_INTERNAL",
    "EXIT_INTERRUPTED",
    "EXIT_OK",
    "EXIT_UNREADABLE",
    "app",
    "main",
]
