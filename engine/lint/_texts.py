"""Every text an author wrote in a rule base, with where it is and what it is."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from typing import Any, NamedTuple

from engine.errors import Span
from engine.model import Rulebase


class Text(NamedTuple):
    span: Span
    #: In the author's words: "the `text` of question `power_light`".
    where: str
    value: str


def texts(rulebase: Rulebase) -> Iterator[Text]:
    """The texts of the metadata and of every item of every section, nested items too."""
    yield from _item_texts(rulebase.metadata, "the rule base's metadata", rulebase.metadata.span)
    sections: tuple[tuple[str, tuple[Any, ...]], ...] = (
        ("question", rulebase.questions),
        ("fact", rulebase.facts),
        ("rule", rulebase.rules),
        ("solution", rulebase.solutions),
        ("article", rulebase.articles),
        ("expert", rulebase.experts),
    )
    for kind, items in sections:
        for item in items:
            yield from _item_texts(item, f"{kind} `{item.id}`", item.span)
    for scenario in rulebase.tests:
        yield Text(scenario.span, "a scenario", scenario.name)


def _item_texts(item: Any, owner: str, span: Span) -> Iterator[Text]:
    for field in dataclasses.fields(item):
        value = getattr(item, field.name)
        if isinstance(value, str):
            yield Text(span, f"the `{field.name}` of {owner}", value)
        elif isinstance(value, tuple):
            for number, part in enumerate(value, start=1):
                if isinstance(part, str):
                    yield Text(span, f"the `{field.name}` of {owner}", part)
                elif dataclasses.is_dataclass(part):
                    part_span = getattr(part, "span", span)
                    name = getattr(part, "id", None)
                    label = f"`{name}`" if name else str(number)
                    singular = field.name.removesuffix("s")
                    yield from _item_texts(part, f"{singular} {label} of {owner}", part_span)
