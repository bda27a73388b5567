"""Guide's engine: load a rule base, start sessions, get answers and explanations.

>>> import engine
>>> rulebase = engine.load(engine.resolve("inventory"))   # doctest: +SKIP
>>> session = rulebase.start()                            # doctest: +SKIP
>>> prompt = session.next_question()                      # doctest: +SKIP

Everything a front-end needs comes from here; ``engine`` never prints, never
reads the terminal and never exits. See docs/embedding.md.
"""

from engine.answers import answer_text, expected_input, parse_answer, validate_answer
from engine.catalog import resolve, shipped_rulebases
from engine.codes import CODES, CodeInfo
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
from engine.session import Progress, Prompt, Recommendation, Session

__all__ = [
    "CODES",
    "UNREADABLE_CODES",
    "AnswerError",
    "AnsweredQuestion",
    "Article",
    "Choice",
    "CodeInfo",
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
    "Rulebase",
    "RulebaseError",
    "Session",
    "SessionError",
    "Severity",
    "Solution",
    "SolutionState",
    "Span",
    "Value",
    "WhyAsked",
    "WhyNot",
    "answer_text",
    "check",
    "check_text",
    "diagnostic_dict",
    "expected_input",
    "explain_code",
    "lint_rulebase",
    "load",
    "load_text",
    "parse_answer",
    "resolve",
    "sarif_log",
    "shipped_rulebases",
    "text_report",
    "validate_answer",
]
