"""The rule bases shipped inside the package, found from any directory."""

from __future__ import annotations

import difflib
import os
from importlib import resources
from pathlib import Path

from engine.errors import UnknownRulebaseError

__all__ = [
    "FLAGSHIPS",
    "resolve",
    "shipped_rulebases",
]


def shipped_directory() -> Path:
    """The folder of the installed ``rulebases`` package."""
    return Path(str(resources.files("rulebases")))


#: The two systems Guide was founded on, shown first: days on hand for inventory
#: managers, and the testing strategy for certification tests.
FLAGSHIPS = ("inventory", "test_design")


def shipped_rulebases() -> dict[str, Path]:
    """Shipped rule bases by name (the file name without ``.yaml``): the flagships
    first, then the others in name order."""
    found = {p.stem: p for p in sorted(shipped_directory().glob("*.yaml"))}
    first = {name: found[name] for name in FLAGSHIPS if name in found}
    return first | {name: path for name, path in found.items() if name not in first}


def resolve(name_or_path: str) -> Path:
    """A path as given, or the shipped rule base of that name.

    An existing path always wins, so a local file called ``stock_count`` is not
    shadowed by the shipped one. A name that matches nothing is returned as a
    path, for the loader to report as missing.
    """
    path = Path(name_or_path)
    if path.exists() or path.suffix in {".yaml", ".yml"} or len(path.parts) > 1:
        return path
    return shipped_rulebases().get(name_or_path, path)


def find(name_or_path: str) -> Path:
    """As :func:`resolve`, but a bare name that is no file and no shipped rule base is
    refused: ``invetory`` is a misspelt name, not a missing file called ``invetory``.
    What looks like a path (a folder in it, or ending ``.yaml``/``.yml``) is returned
    as it is, for the loader to report as missing.

    Raises:
        UnknownRulebaseError: no such rule base, with a "did you mean" when one is close.
    """
    path = resolve(name_or_path)
    looks_like_a_path = "/" in name_or_path or os.sep in name_or_path
    if path.exists() or path.suffix in {".yaml", ".yml"} or looks_like_a_path:
        return path
    names = list(shipped_rulebases())
    close = difflib.get_close_matches(name_or_path, names, n=1, cutoff=0.6)
    hint = f"did you mean `{close[0]}`? " if close else ""
    hint += "`guide list` shows the rule bases that come with Guide; name a file by its path"
    raise UnknownRulebaseError(name_or_path, hint)
