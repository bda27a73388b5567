"""How long a person waits for `guide` to start: whole processes against `python -c pass`.

Times `guide --help`, `guide list`, `guide run stock_count --no-input` (the answers
given with --set, recorded in a temporary data folder) and `guide check` of a shipped
rule base, each in a fresh process, beside `python -c pass` with the same Python. The
commands take turns, run after run, so a change in the machine's load falls on all of
them alike. Prints the median of ``--repeat`` runs of each and its ratio to
`python -c pass`, with the goals of issue 16, in wall-clock time (what a person waits)
and in CPU time (user + system; it moves less when other work shares the machine).
Run by hand; not part of the test suite:

    python benchmarks/bench_startup.py
    python benchmarks/bench_startup.py --repeat 21
    python benchmarks/bench_startup.py --repo /tmp/guide-before --repo .   # before and after
    python benchmarks/bench_startup.py --importtime               # what each command imports

``--repo`` starts the `guide` of another checkout of Guide (for example
``git archive COMMIT | tar -x -C /tmp/guide-before``) with this Python and its
packages; given more than once, the checkouts take turns in every round, so that
before and after are compared in one run on the same machine. `guide` is
started as the console script does (``import cli; cli.main()``) from the checkout's
folder, so that checkout's modules are the ones imported. ``--importtime`` runs each
command once more under ``python -X importtime`` and prints the packages that took
longest to import (their modules' own times added up), instead of timing.
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

_HERE = Path(__file__).resolve().parent.parent
_GUIDE = "import sys, cli; sys.exit(cli.main())"

#: The answers that take the stock count rule base to its end (shrinkage at the till).
_STOCK_COUNT_ANSWERS = (
    "discrepancy_direction=system_higher",
    "count_timing=all_posted",
    "item_measure=units",
    "pack_size=1",
    "recent_activity=till_sales",
    "history_findings=missing_sales",
    "tracking=not_tracked",
    "negative_elsewhere=no",
    "interface_status=no_errors",
    "shelf_check=empty_packaging",
    "recount_result=same",
)

#: label, arguments of `guide` (None: `python -c pass`), goal as a ratio to python -c pass.
_CASES: tuple[tuple[str, tuple[str, ...] | None, float | None], ...] = (
    ("python -c pass", None, None),
    ("guide --help", ("--help",), 8.0),
    ("guide list", ("list",), 8.0),
    (
        "guide run stock_count --no-input",
        ("run", "stock_count", "--no-input", *(f"--set={a}" for a in _STOCK_COUNT_ANSWERS)),
        12.0,
    ),
    ("guide check stock_count", ("check", "stock_count"), None),
)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=11, help="median of this many runs")
    parser.add_argument(
        "--repo",
        type=Path,
        action="append",
        help="a checkout whose Guide runs (repeatable: they take turns; default this one)",
    )
    parser.add_argument("--importtime", action="store_true", help="show what each command imports")
    args = parser.parse_args(argv)
    repos = [repo.resolve() for repo in args.repo or [_HERE]]
    if args.importtime:
        for repo in repos:
            print(repo)
            _show_imports(repo)
        return 0
    with tempfile.TemporaryDirectory() as data_dir:
        env = os.environ | {"GUIDE_DATA_DIR": data_dir, "COLUMNS": "100"}
        env.pop("GUIDE_STORE", None)
        # An installed Guide starts from compiled bytecode: the warm-up round writes it.
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        walls: dict[tuple[Path, str], list[float]] = {}
        cpus: dict[tuple[Path, str], list[float]] = {}
        _run_all(repos, env, walls, cpus)  # a warm-up round: bytecode written, files cached
        walls.clear()
        cpus.clear()
        for _ in range(args.repeat):
            _run_all(repos, env, walls, cpus)
    python = sys.version.split()[0]
    load = ", ".join(f"{n:.1f}" for n in os.getloadavg())
    print(f"guide start-up; median of {args.repeat} runs; Python {python}")
    print(f"load average at the end: {load} ({os.cpu_count()} cores)")
    for repo in repos:
        print(f"\n{repo}")
        _table(repo, walls, cpus)
    return 0


def _table(
    repo: Path,
    walls: dict[tuple[Path, str], list[float]],
    cpus: dict[tuple[Path, str], list[float]],
) -> None:
    wall_base = statistics.median(walls[repo, "python -c pass"])
    cpu_base = statistics.median(cpus[repo, "python -c pass"])
    print(f"{'command':<34} {'wall':>8} {'ratio':>6} {'cpu':>8} {'ratio':>6}  goal (wall ratio)")
    for label, _, goal in _CASES:
        wall, cpu = statistics.median(walls[repo, label]), statistics.median(cpus[repo, label])
        ratio = wall / wall_base
        verdict = "" if goal is None else f"<= {goal:g}x  {'PASS' if ratio <= goal else 'MISS'}"
        print(
            f"{label:<34} {wall * 1000:>5.0f} ms {ratio:>5.1f}x {cpu * 1000:>5.0f} ms"
            f" {cpu / cpu_base:>5.1f}x  {verdict}"
        )


def _run_all(
    repos: list[Path],
    env: dict[str, str],
    walls: dict[tuple[Path, str], list[float]],
    cpus: dict[tuple[Path, str], list[float]],
) -> None:
    """One round: every command of every checkout once, taking turns."""
    for label, guide_args, _ in _CASES:
        for repo in repos:
            code = "pass" if guide_args is None else _GUIDE
            command = [sys.executable, "-c", code, *(guide_args or ())]
            before = _children_cpu()
            start = time.perf_counter()
            done = subprocess.run(command, cwd=repo, env=env, capture_output=True, check=False)
            walls.setdefault((repo, label), []).append(time.perf_counter() - start)
            cpus.setdefault((repo, label), []).append(_children_cpu() - before)
            if done.returncode != 0:
                error = done.stderr.decode(errors="replace").strip()
                raise SystemExit(f"{repo}: {label}: exit {done.returncode}\n{error}")


def _show_imports(repo: Path) -> None:
    """Each command's import time by top-level package (``python -X importtime``)."""
    with tempfile.TemporaryDirectory() as data_dir:
        env = os.environ | {"GUIDE_DATA_DIR": data_dir, "COLUMNS": "100"}
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        for label, guide_args, _ in _CASES:
            if guide_args is None:
                continue
            command = [sys.executable, "-X", "importtime", "-c", _GUIDE, *guide_args]
            subprocess.run(command, cwd=repo, env=env, capture_output=True, check=False)  # bytecode
            done = subprocess.run(
                command, cwd=repo, env=env, capture_output=True, text=True, check=False
            )
            by_package: dict[str, int] = {}
            for line in done.stderr.splitlines():
                found = re.match(r"import time:\s+(\d+) \|\s+\d+ \|\s*(\S+)", line)
                if found:
                    package = found.group(2).split(".")[0]
                    by_package[package] = by_package.get(package, 0) + int(found.group(1))
            total = sum(by_package.values())
            top = sorted(by_package.items(), key=lambda item: -item[1])[:8]
            shown = ", ".join(f"{name} {us / 1000:.0f}" for name, us in top)
            print(f"{label}: {total / 1000:.0f} ms of imports; {shown}")


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


if __name__ == "__main__":
    sys.exit(main())
