"""How many questions the shipped rule bases ask, under each `ask` and `order` setting.

Run by hand from the repository root (it takes a few seconds):

    python benchmarks/question_counts.py

Each scenario test written in a shipped rule base (`tests:`) is played as
`guide test` plays it: the session asks, the scenario answers from its
`answers` or says "I don't know" to those in `skipped`. Here a question the
scenario does not foresee is skipped and counted (`guide test` would stop and
fail there instead), so every mode plays every scenario to its end. The figures
are the questions asked per scenario: total, mean, and the largest. A rule base
written with `stop_when_confirmed: true` is also played without it ("no
stop"): stopping at the first confirmed solution hides most of what the `ask`
setting changes.
"""

from __future__ import annotations

import dataclasses
import sys
from pathlib import Path

# Importable however it is started: the repository root holds `engine`.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import engine  # after the sys.path line above
from engine.model import Rulebase, Scenario


def modes(rulebase: Rulebase) -> list[tuple[str, Rulebase]]:
    """The rule base under each combination of the settings the engine knows; a rule
    base that stops once a solution is confirmed also without stopping, since it then
    never reaches the questions the modes disagree on."""
    settings = rulebase.settings
    found = []
    for stop in dict.fromkeys((settings.stop_when_confirmed, False)):
        suffix = "" if stop == settings.stop_when_confirmed else ", no stop"
        if not hasattr(settings, "ask"):  # an engine from before the settings existed
            changed = dataclasses.replace(settings, stop_when_confirmed=stop)
            found.append((f"before `ask` and `order`{suffix}", changed))
            continue
        for ask in ("while_it_matters", "exhaustive"):
            for order in ("priority", "goal_driven"):
                changed = dataclasses.replace(
                    settings,
                    stop_when_confirmed=stop,
                    ask=type(settings.ask)(ask),
                    order=type(settings.order)(order),
                )
                found.append((f"ask: {ask}, order: {order}{suffix}", changed))
    return [(label, dataclasses.replace(rulebase, settings=s)) for label, s in found]


def play(rulebase: Rulebase, scenario: Scenario) -> tuple[int, int]:
    """Questions asked, and how many of them the scenario does not foresee."""
    session = engine.start(rulebase)
    asked = unforeseen = 0
    while (prompt := session.next_question()) is not None:
        asked += 1
        if prompt.id in scenario.answers:
            session.answer(prompt.id, scenario.answers[prompt.id])
        else:
            unforeseen += prompt.id not in scenario.skipped
            session.skip(prompt.id)
    return asked, unforeseen


def main() -> int:
    for name in sorted(engine.shipped_rulebases()):
        written = engine.load(engine.resolve(name))
        print(f"{name}: {len(written.tests)} scenarios, {len(written.questions)} questions")
        stop = written.settings.stop_when_confirmed
        print(f"  (stop_when_confirmed: {'true' if stop else 'false'} as written)")
        for label, rulebase in modes(written):
            counts = [play(rulebase, scenario) for scenario in rulebase.tests]
            asked = [a for a, _ in counts]
            unforeseen = sum(u for _, u in counts)
            print(
                f"  {label:<52} total {sum(asked):4d}, mean {sum(asked) / len(asked):5.2f}, "
                f"most {max(asked):2d}; unforeseen {unforeseen}"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
