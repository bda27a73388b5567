"""Benchmark Guide against stock experta and a naive loop, side by side.

Run by hand (not part of the test suite), from the repository root:

    python benchmarks/bench_engine.py                 # 100, 1,000 and 10,000 rules
    python benchmarks/bench_engine.py --quick         # 100 and 1,000 only
    python benchmarks/bench_engine.py --sizes 1000 --only G,N
    python benchmarks/bench_engine.py --profile 10000 # cProfile of Guide's step loop

See benchmarks/README.md for what each column means.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

# The helpers live beside this script; make them importable however it is started.
sys.path.insert(0, str(Path(__file__).resolve().parent))

from _generate import generate  # after the sys.path line above
from _load import loader_status
from _profile import profile_guide
from _report import all_agree, table
from _run import run_size

DEFAULT_SIZES = (100, 1000, 10000)
QUICK_SIZES = (100, 1000)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", help="comma-separated rule counts (default 100,1000,10000)")
    parser.add_argument("--quick", action="store_true", help="only 100 and 1,000 rules")
    parser.add_argument(
        "--only", default="G,E,N", help="implementations to run, e.g. G,N (default G,E,N)"
    )
    parser.add_argument(
        "--profile", type=int, metavar="RULES", help="profile Guide's step loop at this size"
    )
    return parser.parse_args(argv)


def sizes_from(args: argparse.Namespace) -> tuple[int, ...]:
    if args.sizes:
        return tuple(int(s.replace("_", "").replace(",", "")) for s in args.sizes.split(","))
    return QUICK_SIZES if args.quick else DEFAULT_SIZES


def describe_machine() -> str:
    return (
        f"{dt.datetime.now().astimezone():%Y-%m-%d %H:%M %Z}; Python {platform.python_version()};"
        f" {os.cpu_count()} cores; {platform.machine()} {platform.system()}"
    )


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="guide-bench-") as tmp:
        workdir = Path(tmp)
        use_loader, how = loader_status(generate(100), workdir)
        print(f"Guide benchmark, {describe_machine()}")
        if use_loader:
            print(f"G's load + compile: YAML through {how} + compile.")
        else:
            print(
                f"NOTE: YAML loading is EXCLUDED: {how}. G's load + compile is building the "
                "model records directly + compile."
            )
        if args.profile:
            print(profile_guide(args.profile, workdir, use_loader=use_loader))
            return 0
        return run_all(sizes_from(args), tuple(args.only.split(",")), workdir, use_loader)


def run_all(sizes: tuple[int, ...], keys: tuple[str, ...], workdir: Path, use_loader: bool) -> int:
    started = time.perf_counter()
    results = []
    for size in sizes:
        result = run_size(
            size,
            workdir,
            use_loader=use_loader,
            keys=keys,
            progress=lambda line: print(line, file=sys.stderr, flush=True),
        )
        results.append(result)
        print()
        print("\n".join(table(result)), flush=True)
    print(f"\nTotal time {time.perf_counter() - started:.0f} s.")
    if not all_agree(results):
        print("DISAGREE: the implementations do not compute the same thing; see above.")
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
