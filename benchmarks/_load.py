"""Turning a generated spec into a Guide ``Rulebase``: through the YAML loader when
there is one, else by building the model records directly.

Switching is one function, :func:`load`. :func:`prepare` does the untimed part
(writing the YAML file); :func:`load` is what the benchmark times, followed by
compilation.
"""

from __future__ import annotations

import hashlib
import importlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from _generate import Spec

from engine.errors import Span
from engine.model import (
    AllOf,
    AnyOf,
    Choice,
    Conclude,
    Condition,
    DerivedFact,
    FactTest,
    Metadata,
    Not,
    Operator,
    Owner,
    Question,
    QuestionTest,
    QuestionType,
    Rule,
    Rulebase,
    RuleOut,
    Solution,
    Suggest,
)

#: Large enough for the 10,000-rule file (about 2.5 MB of YAML).
MAX_BYTES = 64 * 1024 * 1024
_SPAN = Span("bench.yaml", 1, 1)


@dataclass(frozen=True, slots=True)
class Source:
    """What :func:`load` reads: a YAML file, or (without a loader) the spec itself."""

    spec: Spec
    path: Path | None


def loader_status(probe: Spec, workdir: Path) -> tuple[bool, str]:
    """Whether ``engine.loader.load`` exists and loads ``probe`` (a small rule base)."""
    try:
        loader = importlib.import_module("engine.loader")
    except ImportError as error:
        return False, f"engine.loader cannot be imported ({error})"
    if not callable(getattr(loader, "load", None)):
        return False, "engine.loader has no load()"
    try:
        rulebase = load(prepare(probe, workdir, use_loader=True))
    except Exception as error:  # any failure means: not usable yet
        return (
            False,
            f"engine.loader.load fails on a generated file ({type(error).__name__}: {error})",
        )
    if len(rulebase.rules) != len(probe["rules"]):
        return False, "engine.loader.load returns a different number of rules"
    return True, "engine.loader.load"


def prepare(spec: Spec, workdir: Path, *, use_loader: bool) -> Source:
    if not use_loader:
        return Source(spec, None)
    warm_imports(Source(spec, workdir))
    path = workdir / f"{spec['metadata']['id']}.yaml"
    path.write_text(to_yaml(spec), encoding="utf-8")
    return Source(spec, path)


def warm_imports(source: Source) -> None:
    """Import what :func:`load` needs, so that the timing excludes first imports."""
    if source.path is not None:
        importlib.import_module("engine.loader")


def load(source: Source) -> Rulebase:
    """The one place that reads a rule base: the loader if a file was written."""
    if source.path is not None:
        loader = importlib.import_module("engine.loader")
        rulebase: Rulebase = loader.load(source.path, max_bytes=MAX_BYTES)
        return rulebase
    return build_model(source.spec)


class _NoAliasDumper(yaml.SafeDumper):
    """Rule bases refuse anchors and aliases; never write them."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def to_yaml(spec: Spec) -> str:
    return yaml.dump(spec, Dumper=_NoAliasDumper, sort_keys=False, width=120)


# --- the model, built directly ----------------------------------------------------


def build_model(spec: Spec) -> Rulebase:
    """The Rulebase the loader would give for ``spec`` (the generator's subset only)."""
    meta = spec["metadata"]
    questions = tuple(_question(q, order) for order, q in enumerate(spec["questions"]))
    return Rulebase(
        metadata=Metadata(
            id=meta["id"],
            title=meta["title"],
            version=meta["version"],
            span=_SPAN,
            owners=tuple(Owner(o["name"], o["role"], _SPAN) for o in meta["owners"]),
        ),
        path=Path("bench.yaml"),
        digest=hashlib.sha256(json.dumps(spec).encode()).hexdigest(),
        questions=questions,
        facts=tuple(DerivedFact(f["id"], _SPAN, f.get("description", "")) for f in spec["facts"]),
        rules=tuple(_rule(r, order) for order, r in enumerate(spec["rules"])),
        solutions=tuple(Solution(s["id"], s["title"], _SPAN) for s in spec["solutions"]),
    )


def _question(data: dict[str, Any], order: int) -> Question:
    ask_when = data.get("ask_when")
    return Question(
        id=data["id"],
        text=data["text"],
        type=QuestionType(data["type"]),
        span=_SPAN,
        order=order,
        choices=tuple(Choice(c["id"], c["text"], _SPAN) for c in data.get("choices", ())),
        unit=data.get("unit"),
        minimum=data.get("min"),
        maximum=data.get("max"),
        priority=data.get("priority", 0),
        ask_when=None if ask_when is None else condition(ask_when),
    )


def _rule(data: dict[str, Any], order: int) -> Rule:
    actions: list[Conclude | Suggest | RuleOut] = []
    for action in data["then"]:
        if "conclude" in action:
            actions.append(Conclude(action["conclude"], _SPAN, action.get("certainty", 1.0)))
        elif "suggest" in action:
            actions.append(Suggest(action["suggest"], action["certainty"], _SPAN))
        else:
            actions.append(RuleOut(action["rule_out"], _SPAN))
    return Rule(
        id=data["id"],
        when=condition(data["when"]),
        then=tuple(actions),
        span=_SPAN,
        order=order,
        because=data.get("because", ""),
        priority=data.get("priority", 0),
    )


def condition(data: Any) -> Condition:
    """A spec condition as model records (a list means all of them)."""
    if isinstance(data, list):
        return AllOf(tuple(condition(c) for c in data), _SPAN)
    if "all" in data:
        return AllOf(tuple(condition(c) for c in data["all"]), _SPAN)
    if "any" in data:
        return AnyOf(tuple(condition(c) for c in data["any"]), _SPAN)
    if "not" in data:
        return Not(condition(data["not"]), _SPAN)
    if "fact" in data:
        return FactTest(data["fact"], _SPAN)
    (key, operand), *_ = ((k, v) for k, v in data.items() if k != "question")
    value = tuple(operand) if isinstance(operand, list) else operand
    return QuestionTest(data["question"], Operator(key), value, _SPAN)
