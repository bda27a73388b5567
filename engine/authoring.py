"""The SME's tools as library functions: checks, codes, reports, schema, graphs and
new rule bases (``engine.diff`` compares two versions of a rule base). Each
``guide`` command for authors calls one of these and only renders what it returns.
"""

from __future__ import annotations

from engine.codes import CODES, CodeInfo
from engine.errors import UNREADABLE_CODES, UnknownCodeError
from engine.graph import to_dot, to_mermaid
from engine.lint import check, check_text, explain_code, lint
from engine.lint.sarif import sarif_log
from engine.report import diagnostic_dict, text_report
from engine.scaffold import ScaffoldError, new_rulebase, render_scaffold
from engine.schema import rulebase_schema

__all__ = [
    "CODES",
    "UNREADABLE_CODES",
    "CodeInfo",
    "ScaffoldError",
    "UnknownCodeError",
    "check",
    "check_text",
    "diagnostic_dict",
    "explain_code",
    "lint",
    "new_rulebase",
    "render_scaffold",
    "rulebase_schema",
    "sarif_log",
    "text_report",
    "to_dot",
    "to_mermaid",
]
