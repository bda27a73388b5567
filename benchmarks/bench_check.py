"""How long `guide check` takes on large rule bases, and how that time grows.

Writes generated rule bases to a temporary folder (``_generate.shared_test_yaml``:
rules that all share one test, by default 1,000, 4,000 and 30,000 of them; and
``_generate.errors_yaml``: a rule base with 30,000 errors) and times the whole
``guide check`` command on each, in a fresh process, as text and as JSON: the
median of ``--repeat`` runs. Prints a table with the number of problems found.
Run by hand; it is not part of the test suite:

    python benchmarks/bench_check.py
    python benchmarks/bench_check.py --rules 1000,4000 --errors 0 --repeat 5
    python benchmarks/bench_check.py --repo /tmp/guide-before   # another checkout

``--repo`` times the ``guide check`` of another checkout of Guide (for example
``git archive COMMIT | tar -x -C /tmp/guide-before``) on the same files, to
compare before and after a change. A run past ``--timeout`` seconds is stopped,
shown as "> N s" and not repeated.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _generate import errors_yaml, shared_test_yaml

_HERE = Path(__file__).resolve().parent.parent
_COMMAND = "import sys, cli; sys.exit(cli.main())"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rules", default="1000,4000,30000", help="rule counts, comma-separated")
    parser.add_argument("--errors", default="30000", help="error counts, comma-separated (0: none)")
    parser.add_argument("--repeat", type=int, default=3, help="median of this many runs")
    parser.add_argument("--timeout", type=float, default=600, help="seconds before a run stops")
    parser.add_argument("--repo", type=Path, default=_HERE, help="the checkout whose Guide runs")
    args = parser.parse_args(argv)
    cases = [(f"{n:,} rules", shared_test_yaml(n)) for n in _counts(args.rules)]
    cases += [(f"{n:,} errors", errors_yaml(n)) for n in _counts(args.errors)]
    python = sys.version.split()[0]
    print(f"guide check of {args.repo}; median of {args.repeat} runs; Python {python}")
    print(f"{'file':<14} {'MiB':>5} {'text':>10} {'json':>10}  problems found")
    with tempfile.TemporaryDirectory() as folder:
        for label, text in cases:
            path = Path(folder) / f"{label.replace(',', '').replace(' ', '_')}.yaml"
            path.write_text(text, encoding="utf-8")
            text_s, _ = _median(args, path, "text")
            json_s, output = _median(args, path, "json")
            found = _summary(output)
            size = len(text.encode()) / 2**20
            print(f"{label:<14} {size:>5.2f} {text_s:>10} {json_s:>10}  {found}", flush=True)
    return 0


def _counts(given: str) -> list[int]:
    return [int(n) for n in given.split(",") if int(n) > 0]


def _median(args: argparse.Namespace, path: Path, output_format: str) -> tuple[str, str]:
    """The median time of ``guide check --format FORMAT PATH``, in words, and its output."""
    times: list[float] = []
    output = ""
    for _ in range(max(args.repeat, 1)):
        start = time.perf_counter()
        try:
            done = subprocess.run(
                [sys.executable, "-c", _COMMAND, "check", "--format", output_format, str(path)],
                capture_output=True,
                text=True,
                check=False,
                cwd=args.repo,
                timeout=args.timeout,
            )
        except subprocess.TimeoutExpired:
            return f"> {args.timeout:.0f} s", ""
        times.append(time.perf_counter() - start)
        if done.returncode not in (0, 1):
            raise SystemExit(f"guide check failed ({done.returncode}): {done.stderr[-2000:]}")
        output = done.stdout
    return f"{statistics.median(times):.2f} s", output


def _summary(output: str) -> str:
    if not output:
        return "-"
    codes = Counter(d["code"] for d in json.loads(output))
    return ", ".join(f"{code} x{count}" for code, count in sorted(codes.items()))


if __name__ == "__main__":
    sys.exit(main())
