"""`guide` imports each command's modules when that command runs, not when it starts.

The commands are registered without importing the engine's or the wizards' heavy
modules; these tests prove, in a fresh process where nothing was imported before,
that every command still shows its help and that starting imports no wizard.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from guide_cli import app

ROOT = Path(__file__).resolve().parent.parent

#: In a fresh process: `guide COMMAND --help` for each command, its exit code and output.
HELP_OF_EACH = """
import contextlib, io, json, sys
import cli
shown = {}
for command in sys.argv[1:]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli.main([command, "--help"])
    shown[command] = [code, out.getvalue(), err.getvalue()]
print(json.dumps(shown))
"""


def _commands() -> list[str]:
    return sorted(str(c.name or c.callback.__name__) for c in app.registered_commands)


def test_every_command_shows_its_help_in_a_fresh_process() -> None:
    commands = _commands()
    assert commands == [
        *("check", "diff", "experts", "explain", "graph", "list", "new", "review"),
        *("run", "schema", "search", "stats", "store", "test"),
    ]
    done = subprocess.run(
        [sys.executable, "-c", HELP_OF_EACH, *commands],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
    )
    shown = json.loads(done.stdout)
    for command in commands:
        code, out, err = shown[command]
        assert (command, code, err) == (command, 0, "")
        assert f"guide {command}" in out


def test_starting_guide_imports_no_wizard_and_no_markdown() -> None:
    found = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys, guide_cli; "
            "print(' '.join(sorted(m for m in sys.modules"
            " if m.startswith(('wizards.', 'rich.markdown', 'markdown_it')))))",
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
    )
    assert found.stdout.split() == ["wizards.visible"]


def test_the_per_option_offers_what_the_stats_can_cut_by() -> None:
    from engine.stats import Every
    from guide_cli.knowledge import Per

    assert [p.value for p in Per] == [e.value for e in Every]
