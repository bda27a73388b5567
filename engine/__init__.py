"""Guide's engine: load a rule base, start sessions, get answers and explanations.

>>> import engine
>>> rulebase = engine.load(engine.resolve("inventory"))   # doctest: +SKIP
>>> session = rulebase.start()                            # doctest: +SKIP
>>> prompt = session.next_question()                      # doctest: +SKIP

Everything a front-end needs comes from here; ``engine`` never prints, never
reads the terminal and never exits. See docs/embedding.md.
"""

from engine._context import ContextError
from engine._junit import junit_xml
from engine._persist import Event
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
    InputError,
    RenderError,
    RulebaseError,
    SessionError,
    Severity,
    Span,
    UnknownCodeError,
)
from engine.explain import HowConcluded, WhyAsked, WhyNot
from engine.feedback import Feedback, Outcome, OutcomeError, Proficiency
from engine.graph import to_dot, to_mermaid
from engine.inputs import (
    MAX_ANSWERS_BYTES,
    MAX_SESSION_BYTES,
    read_answers_file,
    read_session_file,
)
from engine.lint import check, check_text, explain_code
from engine.lint import lint as lint_rulebase
from engine.lint.sarif import sarif_log
from engine.loader import load, load_text
from engine.model import (
    Article,
    ArticleKind,
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
from engine.recording import (
    ConsultationRecord,
    RecordedAnswer,
    RecordedRecommendation,
    RecordError,
    Resolution,
    record_consultation,
    record_from_dict,
)
from engine.report import diagnostic_dict, text_report
from engine.scaffold import ScaffoldError, new_rulebase, render_scaffold
from engine.schema import rulebase_schema
from engine.session import Progress, Prompt, Recommendation, Session
from engine.stats import ArticleStats, Flag, QuestionStats, RuleStats, SolutionStats, Stats
from engine.stats import compute as compute_stats
from engine.store import Recorder, Store, StoreError, StoreSettings
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
    "MAX_ANSWERS_BYTES",
    "MAX_SESSION_BYTES",
    "UNREADABLE_CODES",
    "AddedScenario",
    "AnswerError",
    "AnsweredQuestion",
    "Article",
    "ArticleKind",
    "ArticleStats",
    "Change",
    "Choice",
    "CodeInfo",
    "ConsultationRecord",
    "ContextError",
    "Coverage",
    "CoverageMeasure",
    "Diagnostic",
    "Event",
    "Expert",
    "Feedback",
    "Flag",
    "GuideError",
    "Handover",
    "HowConcluded",
    "InputError",
    "Outcome",
    "OutcomeError",
    "Proficiency",
    "Progress",
    "Prompt",
    "Question",
    "QuestionStats",
    "QuestionType",
    "Recommendation",
    "RecommendedSolution",
    "RecordError",
    "RecordedAnswer",
    "RecordedRecommendation",
    "Recorder",
    "RenderError",
    "ReplayOutcome",
    "Resolution",
    "RuleStats",
    "Rulebase",
    "RulebaseError",
    "ScaffoldError",
    "ScenarioResult",
    "Session",
    "SessionError",
    "Severity",
    "Solution",
    "SolutionState",
    "SolutionStats",
    "Span",
    "Stats",
    "Store",
    "StoreError",
    "StoreSettings",
    "TestReport",
    "UnknownCodeError",
    "Value",
    "WhyAsked",
    "WhyNot",
    "add_scenario",
    "answer_text",
    "check",
    "check_text",
    "compute_stats",
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
    "read_answers_file",
    "read_session_file",
    "record_consultation",
    "record_from_dict",
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
