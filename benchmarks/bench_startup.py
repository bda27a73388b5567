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
    python benchmarks/bench_startup.py --repo /tmp/guide-before   # another checkout

``--repo`` starts the `guide` of another checkout of Guide (for example
``git archive COMMIT | tar -x -C /tmp/guide-before``) with this Python and its
packages, to compare before and after a change on the same machine. `guide` is
started as the console script does (``import cli; cli.main()``) from the checkout's
folder, so that checkout's modules are the ones imported.
"""

from __future__ import annotations

import argparse
import os
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
    parser.add_argument("--repo", type=Path, default=_HERE, help="the checkout whose Guide runs")
    args = parser.parse_args(argv)
    repo = args.repo.resolve()
    with tempfile.TemporaryDirectory() as data_dir:
        env = os.environ | {"GUIDE_DATA_DIR": data_dir, "COLUMNS": "100"}
        env.pop("GUIDE_STORE", None)
        # An installed Guide starts from compiled bytecode: the warm-up round writes it.
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        walls: dict[str, list[float]] = {label: [] for label, _, _ in _CASES}
        cpus: dict[str, list[float]] = {label: [] for label, _, _ in _CASES}
        _run_all(repo, env, walls, cpus)  # a warm-up round: bytecode written, files cached
        walls, cpus = {label: [] for label in walls}, {label: [] for label in cpus}
        for _ in range(args.repeat):
            _run_all(repo, env, walls, cpus)
    python = sys.version.split()[0]
    print(f"guide start-up of {repo}; median of {args.repeat} runs; Python {python}")
    load = ", ".join(f"{n:.1f}" for n in os.getloadavg())
    print(f"load average at the end: {load} ({os.cpu_count()} cores)")
    wall_base = statistics.median(walls["python -c pass"])
    cpu_base = statistics.median(cpus["python -c pass"])
    print(f"{'command':<34} {'wall':>8} {'ratio':>6} {'cpu':>8} {'ratio':>6}  goal (wall ratio)")
    for label, _, goal in _CASES:
        wall, cpu = statistics.median(walls[label]), statistics.median(cpus[label])
        ratio = wall / wall_base
        verdict = "" if goal is None else f"<= {goal:g}x  {'PASS' if ratio <= goal else 'MISS'}"
        print(
            f"{label:<34} {wall * 1000:>5.0f} ms {ratio:>5.1f}x {cpu * 1000:>5.0f} ms"
            f" {cpu / cpu_base:>5.1f}x  {verdict}"
        )
    return 0


def _run_all(
    repo: Path, env: dict[str, str], walls: dict[str, list[float]], cpus: dict[str, list[float]]
) -> None:
    for label, guide_args, _ in _CASES:
        code = "pass" if guide_args is None else _GUIDE
        command = [sys.executable, "-c", code, *(guide_args or ())]
        before = _children_cpu()
        start = time.perf_counter()
        done = subprocess.run(command, cwd=repo, env=env, capture_output=True, check=False)
        walls[label].append(time.perf_counter() - start)
        cpus[label].append(_children_cpu() - before)
        if done.returncode != 0:
            error = done.stderr.decode(errors="replace").strip()
            raise SystemExit(f"{label}: exit {done.returncode}\n{error}")


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


if __name__ == "__main__":
    sys.exit(main())
