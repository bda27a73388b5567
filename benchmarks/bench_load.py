"""How long loading and compiling a large rule base takes, in a fresh process each time.

Writes the generated rule base of ``bench_engine.py`` (``_generate.generate``) for each
size, then times ``engine.loader.load`` + compile (what ``Rulebase.start()`` does on
first use) in a new process per run, so that no run inherits another's caches or
collector state: the median of ``--repeat`` runs, wall clock and CPU. Run by hand; not
part of the test suite:

    python benchmarks/bench_load.py                      # 10,000 rules, median of 3
    python benchmarks/bench_load.py --sizes 1000,10000 --repeat 5
    python benchmarks/bench_load.py --repo /tmp/guide-before   # another checkout
    python benchmarks/bench_load.py --profile 10000      # cProfile of one load + compile

``--repo`` times another checkout of Guide (for example ``git archive COMMIT | tar -x
-C /tmp/guide-before``) on the same files, with this Python and its packages.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _generate import generate  # after the sys.path line above
from _load import MAX_BYTES, to_yaml

_HERE = Path(__file__).resolve().parent.parent

#: Run in the checkout's folder: imports, then times load + compile of argv[1].
_TIMED = f"""
import json, sys, time
from engine.compiler import compiled
from engine.loader import load
wall, cpu = time.perf_counter(), time.process_time()
rulebase = load(sys.argv[1], max_bytes={MAX_BYTES})
loaded_wall, loaded_cpu = time.perf_counter(), time.process_time()
compiled(rulebase)
print(json.dumps({{
    "load": loaded_wall - wall,
    "compile": time.perf_counter() - loaded_wall,
    "total": time.perf_counter() - wall,
    "cpu": time.process_time() - cpu,
    "rules": len(rulebase.rules),
}}))
"""

_PROFILED = """
import cProfile, pstats, sys
from engine.compiler import compiled
from engine.loader import load
profiler = cProfile.Profile()
profiler.enable()
compiled(load(sys.argv[1], max_bytes={max_bytes}))
profiler.disable()
stats = pstats.Stats(profiler).strip_dirs()
stats.sort_stats("tottime").print_stats(25)
stats.sort_stats("cumulative").print_stats(25)
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000", help="rule counts, comma-separated")
    parser.add_argument("--repeat", type=int, default=3, help="median of this many runs")
    parser.add_argument("--repo", type=Path, default=_HERE, help="the checkout whose Guide runs")
    parser.add_argument("--profile", type=int, metavar="RULES", help="cProfile one load + compile")
    args = parser.parse_args(argv)
    repo = args.repo.resolve()
    with tempfile.TemporaryDirectory(prefix="guide-load-") as folder:
        if args.profile:
            path = _write(Path(folder), args.profile)
            code = _PROFILED.format(max_bytes=MAX_BYTES)
            subprocess.run([sys.executable, "-c", code, str(path)], cwd=repo, check=True)
            return 0
        python = sys.version.split()[0]
        print(f"load + compile in {repo}; median of {args.repeat} fresh processes; Python {python}")
        print(f"{'rules':>7} {'MiB':>5} {'load':>8} {'compile':>8} {'total':>8} {'cpu':>8}")
        for size in (int(s) for s in args.sizes.replace("_", "").split(",")):
            path = _write(Path(folder), size)
            runs = [_timed(repo, path) for _ in range(args.repeat)]
            median = {key: statistics.median(run[key] for run in runs) for key in runs[0]}
            mib = path.stat().st_size / 2**20
            print(
                f"{size:>7,} {mib:>5.1f} {median['load']:>7.2f}s {median['compile']:>7.2f}s"
                f" {median['total']:>7.2f}s {median['cpu']:>7.2f}s"
            )
    return 0


def _write(folder: Path, size: int) -> Path:
    path = folder / f"rules_{size}.yaml"
    path.write_text(to_yaml(generate(size)), encoding="utf-8")
    return path


def _timed(repo: Path, path: Path) -> dict[str, float]:
    done = subprocess.run(
        [sys.executable, "-c", _TIMED, str(path)],
        cwd=repo,
        capture_output=True,
        text=True,
        check=True,
    )
    result: dict[str, float] = json.loads(done.stdout)
    return result


if __name__ == "__main__":
    sys.exit(main())
