"""The rule bases shipped inside the package, found from any directory."""

from __future__ import annotations

from importlib import resources
from pathlib import Path


def shipped_directory() -> Path:
    """The folder of the installed ``rulebases`` package."""
    return Path(str(resources.files("rulebases")))


def shipped_rulebases() -> dict[str, Path]:
    """Shipped rule bases by name (the file name without ``.yaml``), sorted."""
    return {p.stem: p for p in sorted(shipped_directory().glob("*.yaml"))}


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
