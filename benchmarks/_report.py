"""The printed tables: Guide against its targets, beside experta and the naive loop."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from _run import Figures, SizeResult


@dataclass(frozen=True, slots=True)
class Targets:
    load_s: float
    new_session_ms: float
    step_median_ms: float
    step_p95_ms: float
    memory_kb: float
    interleave_ratio: float


TARGETS = {
    1000: Targets(0.5, 5, 1, 3, 200, 1.2),
    10000: Targets(5, 20, 2, 8, 500, 1.2),
}

_NAMES = {"G": "Guide (G)", "E": "experta (E)", "N": "naive (N)"}
_HEADER = f"{'':34}{'Guide (G)':>12}  {'target':>9}  {'':5}{'experta (E)':>13}{'naive (N)':>12}"


@dataclass(frozen=True, slots=True)
class Row:
    label: str
    value: Callable[[Figures], float | None]
    unit: str
    target: Callable[[Targets], float] | None


ROWS = (
    Row("load + compile", lambda f: f.load_s, "s", lambda t: t.load_s),
    Row("new session (median)", lambda f: f.new_session_ms, "ms", lambda t: t.new_session_ms),
    Row("step median", lambda f: f.step.median_ms, "ms", lambda t: t.step_median_ms),
    Row("step p95", lambda f: f.step.p95_ms, "ms", lambda t: t.step_p95_ms),
    Row("memory per extra live session", lambda f: f.memory_kb, "KB", lambda t: t.memory_kb),
    Row(
        "20 interleaved / one by one",
        lambda f: f.interleave_ratio,
        "x",
        lambda t: t.interleave_ratio,
    ),
)


def number(value: float | None, unit: str) -> str:
    if value is None:
        return "-"
    if unit == "x":
        return f"{value:.2f}x"
    if unit == "KB":
        return f"{value:,.0f} KB"
    if value < 1:
        return f"{value:.2g} {unit}"
    return f"{value:,.{2 if value < 100 else 0}f} {unit}"


def table(result: SizeResult) -> list[str]:
    """The lines printed for one size."""
    shape = result.shape
    lines = [
        f"== {result.size:,} rules: {shape.questions} questions, {sum(shape.facts_by_level)} "
        f"facts on 3 levels, {shape.solutions} solutions; scripted session "
        f"{result.script_lengths[0]} answers ==",
        _HEADER,
    ]
    targets = TARGETS.get(result.size)
    lines += [_row(row, result.figures, targets) for row in ROWS]
    lines.append(_naive_check(result.figures))
    lines += agreement(result)
    lines += _notes(result)
    return lines


def _row(row: Row, figures: dict[str, Figures], targets: Targets | None) -> str:
    guide = figures.get("G")
    value = None if guide is None else row.value(guide)
    limit = None if targets is None or row.target is None else row.target(targets)
    verdict = "" if value is None or limit is None else "PASS" if value <= limit else "MISS"
    target = "-" if limit is None else f"<= {limit:g}{'x' if row.unit == 'x' else ' ' + row.unit}"
    others = [number(row.value(figures[k]), row.unit) if k in figures else "-" for k in ("E", "N")]
    return (
        f"{row.label:34}{number(value, row.unit):>12}  {target:>9}  {verdict:5}"
        f"{others[0]:>13}{others[1]:>12}"
    )


def _naive_check(figures: dict[str, Figures]) -> str:
    label = "never slower than naive (step med.)"
    if "G" not in figures or "N" not in figures:
        return f"{label:34}{'-':>12}"
    guide, naive = figures["G"].step.median_ms, figures["N"].step.median_ms
    verdict = "PASS" if guide <= naive else "MISS"
    return f"{label:34}{naive / guide:>11.1f}x  {'>= 1x':>9}  {verdict:5}(naive step / Guide step)"


def agreement(result: SizeResult) -> list[str]:
    """AGREE when every implementation recommends the same solutions after the same answers."""
    figures = result.figures
    keys: list[str] = [k for k in ("G", "E", "N") if k in figures]
    first = figures[keys[0]].recommended
    agree = all(figures[k].recommended == first for k in keys)
    lines = [
        f"recommendations after the scripted session: {'AGREE' if agree else 'DISAGREE'} "
        f"({' = '.join(keys) if agree else ', '.join(keys)}: {len(first)} solutions)"
    ]
    for key in keys[1:]:
        difference = figures[key].recommended ^ first
        if difference:
            lines.append(f"  {keys[0]} vs {key}: differ on {sorted(difference)}")
    lines += _per_script(figures, keys)
    return lines


def _per_script(figures: dict[str, Figures], keys: list[str]) -> list[str]:
    guide = figures.get("G")
    if guide is None or not guide.per_script:
        return []
    parts = []
    agree = True
    for key in keys[1:]:
        other = figures[key].per_script
        if other:
            same = sum(a == b for a, b in zip(guide.per_script, other, strict=True))
            agree &= same == len(other)
            parts.append(f"G = {key} on {same}/{len(other)}")
    return [
        f"recommendations after the {len(guide.per_script)} interleaving scripts: "
        f"{'AGREE' if agree else 'DISAGREE'} ({'; '.join(parts)})"
    ]


def all_agree(results: list[SizeResult]) -> bool:
    return all("DISAGREE" not in line for r in results for line in agreement(r))


def _notes(result: SizeResult) -> list[str]:
    lines = []
    for key, figures in result.figures.items():
        lines.append(
            f"  {_NAMES[key]}: {figures.step.samples} step samples, "
            f"{figures.new_session_samples} new session(s), "
            f"{figures.memory_sessions or 'no'} sessions for memory"
            + (f"; {figures.note}" if figures.note else "")
        )
    parts = result.figures["G"].parts if "G" in result.figures else {}
    if parts:
        split = ", ".join(f"{name} {ms:.3f} ms" for name, ms in parts.items())
        lines.append(f"  Guide's step, median of each part: {split}")
    if result.size not in TARGETS:
        lines.append("  (targets are set for 1,000 and 10,000 rules only)")
    return lines
