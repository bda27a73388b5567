"""How long `guide check` takes on large generated rule bases.

Writes the benchmark's rule bases (``_generate.generate``: 100, 1,000 and
10,000 rules by default) to a temporary folder and times, for each, the loader
(``engine.loader.analyse``), the static analysis alone (``engine.lint_rulebase``)
and the whole ``guide check`` command in a fresh process. Prints a table and
how many findings of each code there were. Run by hand:

    python benchmarks/bench_check.py
    python benchmarks/bench_check.py --sizes 10000 --repeat 3
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from _generate import generate

import engine
from engine import loader

T = TypeVar("T")
_COMMAND = "import sys, cli; sys.exit(cli.main())"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100,1000,10000", help="rule counts, comma-separated")
    parser.add_argument("--repeat", type=int, default=1, help="best of this many runs")
    args = parser.parse_args(argv)
    sizes = [int(size) for size in args.sizes.split(",")]
    print(f"{'rules':>7} {'load':>8} {'lint':>8} {'guide check':>12}  findings")
    with tempfile.TemporaryDirectory() as folder:
        for size in sizes:
            path = Path(folder) / f"bench_{size}.yaml"
            path.write_text(yaml.safe_dump(generate(size), sort_keys=False), encoding="utf-8")
            load_s, rulebase = _best(args.repeat, lambda p=path: _load(p))
            lint_s, found = _best(args.repeat, lambda r=rulebase: engine.lint_rulebase(r))
            command_s, codes = _best(args.repeat, lambda p=path: _command(p))
            assert Counter(d.code for d in found) == codes, "the CLI and the library disagree"
            summary = ", ".join(f"{code} x{count}" for code, count in sorted(codes.items()))
            print(f"{size:>7} {load_s:>7.2f}s {lint_s:>7.2f}s {command_s:>11.2f}s  {summary}")
    return 0


def _load(path: Path) -> engine.Rulebase:
    rulebase, diagnostics = loader.analyse(path)
    if rulebase is None:
        raise SystemExit(f"{path} does not load: {diagnostics[0].headline()}")
    return rulebase


def _command(path: Path) -> Counter[str]:
    """``guide check --format json`` in a fresh process: everything a user waits for."""
    done = subprocess.run(
        [sys.executable, "-c", _COMMAND, "check", "--format", "json", str(path)],
        capture_output=True,
        text=True,
        check=False,
        cwd=Path(__file__).resolve().parent.parent,
    )
    if done.returncode == 2 or done.returncode > 3:
        raise SystemExit(f"guide check failed ({done.returncode}): {done.stderr}")
    return Counter(d["code"] for d in json.loads(done.stdout))


def _best(repeat: int, work: Callable[[], T]) -> tuple[float, T]:
    """The fastest of ``repeat`` runs, in seconds, and the last run's result."""
    times = []
    for _ in range(max(repeat, 1)):
        start = time.perf_counter()
        result = work()
        times.append(time.perf_counter() - start)
    return min(times), result


if __name__ == "__main__":
    sys.exit(main())
