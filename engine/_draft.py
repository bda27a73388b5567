"""The draft that shaping builds and the meaning checks read."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from engine.errors import Span
from engine.model import (
    Article,
    Computed,
    DerivedFact,
    Expert,
    Metadata,
    Question,
    Rule,
    Rulebase,
    Scenario,
    Settings,
    Solution,
)


@dataclass(slots=True)
class Draft:
    """What shaping could build, with what the meaning checks need to know."""

    path: str
    base_dir: Path
    metadata: Metadata | None = None
    settings: Settings = field(default_factory=Settings)
    questions: list[Question] = field(default_factory=list)
    computed: list[Computed] = field(default_factory=list)
    facts: list[DerivedFact] = field(default_factory=list)
    rules: list[Rule] = field(default_factory=list)
    solutions: list[Solution] = field(default_factory=list)
    articles: list[Article] = field(default_factory=list)
    experts: list[Expert] = field(default_factory=list)
    tests: list[Scenario] = field(default_factory=list)
    #: section -> (id, where the id is written) for every id written, built or not.
    written: dict[str, list[tuple[str, Span]]] = field(default_factory=dict)
    #: Jinja2 templates to parse: (source, where it is written).
    templates: list[tuple[str, Span]] = field(default_factory=list)
    #: (id(record), what) -> where a part of a record is written, e.g. "expert".
    spans: dict[tuple[int, str], Span] = field(default_factory=dict)

    def ids(self, section: str) -> set[str]:
        return {name for name, _ in self.written.get(section, ())}

    def span_of(self, record: object, what: str, default: Span) -> Span:
        return self.spans.get((id(record), what), default)

    def to_rulebase(self, digest: str) -> Rulebase:
        assert self.metadata is not None  # a draft without metadata has errors
        return Rulebase(
            metadata=self.metadata,
            path=Path(self.path),
            digest=digest,
            settings=self.settings,
            questions=tuple(self.questions),
            computed=tuple(self.computed),
            facts=tuple(self.facts),
            rules=tuple(self.rules),
            solutions=tuple(self.solutions),
            articles=tuple(self.articles),
            experts=tuple(self.experts),
            tests=tuple(self.tests),
        )
