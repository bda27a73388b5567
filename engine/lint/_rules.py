"""Every lint rule, in the order of their codes."""

from __future__ import annotations

from types import MappingProxyType

from engine.lint import characters, choices, facts, macros, never_fires, redundant, unused, upkeep
from engine.lint._registry import LintRule

RULES: tuple[LintRule, ...] = tuple(
    sorted(
        (
            unused.solution_never_suggested,
            unused.question_never_used,
            unused.article_never_referenced,
            unused.expert_never_referenced,
            facts.fact_never_tested,
            facts.fact_never_concluded,
            never_fires.rule_never_fires,
            never_fires.test_no_answer_passes,
            never_fires.followup_never_asked,
            redundant.duplicate_rule,
            redundant.rule_covered,
            upkeep.article_past_review,
            upkeep.article_review_due,
            upkeep.article_without_owner,
            upkeep.solution_without_steps,
            upkeep.rule_without_because,
            characters.control_character,
            characters.direction_mark,
            choices.choice_text_collides,
            macros.macro_calls_itself,
        ),
        key=lambda rule: rule.code,
    )
)

BY_CODE = MappingProxyType({rule.code: rule for rule in RULES})
