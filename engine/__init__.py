"""Guide's engine: load a rule base, start sessions, get answers and explanations.

>>> import engine
>>> rulebase = engine.load(engine.resolve("inventory"))   # doctest: +SKIP
>>> session = rulebase.start()                            # doctest: +SKIP
>>> prompt = session.next_question()                      # doctest: +SKIP

Everything a front-end needs comes from here; ``engine`` never prints, never
reads the terminal and never exits. See docs/embedding.md.
"""

from engine._junit import junit_xml
from engine.answers import answer_text, expected_input, parse_answer, validate_answer
from engine.catalog import resolve, shipped_rulebases
from engine.codes import CODES, CodeInfo
from engine.diff import Change, ReplayOutcome
from engine.diff import diff as diff_rulebases
from engine.errors import (
    UNREADABLE_CODES,
    AnswerError,
    Diagnostic,
    GuideError,
    RenderError,
    RulebaseError,
    SessionError,
    Severity,
    Span,
)
from engine.explain import HowConcluded, WhyAsked, WhyNot
from engine.graph import to_dot, to_mermaid
from engine.lint import check, check_text, explain_code
from engine.lint import lint as lint_rulebase
from engine.lint.sarif import sarif_log
from engine.loader import load, load_text
from engine.model import (
    Article,
    Choice,
    Expert,
    Question,
    QuestionType,
    Rulebase,
    Solution,
    SolutionState,
    Value,
)
from engine.outcome import AnsweredQuestion, Handover, RecommendedSolution
from engine.report import diagnostic_dict, text_report
from engine.scaffold import ScaffoldError, new_rulebase, render_scaffold
from engine.schema import rulebase_schema
from engine.session import Progress, Prompt, Recommendation, Session
from engine.testing import (
    AddedScenario,
    Coverage,
    CoverageMeasure,
    ScenarioResult,
    TestReport,
    add_scenario,
    run_tests,
    scenario_from_session,
)

__all__ = [
    "CODES",
    "UNREADABLE_CODES",
    "AddedScenario",
    "AnswerError",
    "AnsweredQuestion",
    "Article",
    "Change",
    "Choice",
    "CodeInfo",
    "Coverage",
    "CoverageMeasure",
    "Diagnostic",
    "Expert",
    "GuideError",
    "Handover",
    "HowConcluded",
    "Progress",
    "Prompt",
    "Question",
    "QuestionType",
    "Recommendation",
    "RecommendedSolution",
    "RenderError",
    "ReplayOutcome",
    "Rulebase",
    "RulebaseError",
    "ScaffoldError",
    "ScenarioResult",
    "Session",
    "SessionError",
    "Severity",
    "Solution",
    "SolutionState",
    "Span",
    "TestReport",
    "Value",
    "WhyAsked",
    "WhyNot",
    "add_scenario",
    "answer_text",
    "check",
    "check_text",
    "diagnostic_dict",
    "diff_rulebases",
    "expected_input",
    "explain_code",
    "junit_xml",
    "lint_rulebase",
    "load",
    "load_text",
    "new_rulebase",
    "parse_answer",
    "render_scaffold",
    "resolve",
    "rulebase_schema",
    "run_tests",
    "sarif_log",
    "scenario_from_session",
    "shipped_rulebases",
    "text_report",
    "to_dot",
    "to_mermaid",
    "validate_answer",
]
