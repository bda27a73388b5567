"""The rule base on experta: a real KnowledgeEngine, fact patterns, a shared network."""

from __future__ import annotations

import gc
import weakref
from pathlib import Path

import engine
from engine.compiler import InferenceRun, compiled
from engine.compiler._experta import import_experta
from engine.compiler._patterns import Answer

FIXTURE = Path(__file__).parent / "fixtures" / "everything.yaml"
experta = import_experta()


def test_the_compiled_rule_base_is_an_experta_engine_of_fact_patterns() -> None:
    rulebase = engine.load(FIXTURE)
    engine_class = compiled(rulebase).engine_class
    assert issubclass(engine_class, experta.KnowledgeEngine)
    rules = engine_class.guide_rules
    assert len(rules) == len(rulebase.rules)
    assert all(isinstance(rule, experta.Rule) for rule in rules)

    def patterns(element: object) -> list[object]:
        if isinstance(element, experta.Fact):
            return [element]
        return [p for child in element for p in patterns(child)]  # type: ignore[attr-defined]

    # Every condition is matched by fact patterns; no rule needs a Python test (TEST CE).
    assert all(patterns(rule) for rule in rules)
    assert not any(isinstance(part, experta.TEST) for rule in rules for part in rule)


def test_an_experta_retraction_withdraws_the_activation() -> None:
    rulebase = engine.load(FIXTURE)
    run = InferenceRun(compiled(rulebase))
    knowledge_engine = run._engine
    fact = knowledge_engine.declare(Answer(question="power_light", value=False))
    assert [a.rule.__name__ for a in knowledge_engine.agenda.activations] == ["no_power_light"]
    knowledge_engine.retract(fact)
    assert knowledge_engine.agenda.activations == []
    assert run.run() == []


def test_each_rule_is_the_experta_rule_its_decorator_would_make() -> None:
    # The compiler skips experta's inspection of each action and sets what it would learn.
    import inspect

    rulebase = engine.load(FIXTURE)
    for rule in compiled(rulebase).engine_class.guide_rules:
        stock = experta.Rule(*rule, salience=rule.salience)(rule._wrapped)
        assert rule._wrapped_args == stock._wrapped_args
        assert set(inspect.signature(rule._wrapped).parameters) == rule._wrapped_args
        assert rule.__name__ == stock.__name__


def test_a_rule_base_and_its_compiled_form_are_freed_together() -> None:
    # A server that loads rule bases again and again must not keep each one.
    rulebase = engine.load(FIXTURE)
    session = engine.start(rulebase)
    assert compiled(rulebase) is compiled(rulebase)  # compiled once, shared
    freed = weakref.ref(rulebase)
    del rulebase, session
    gc.collect()
    assert freed() is None
