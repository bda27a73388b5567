"""Diagnostics as a SARIF 2.1.0 log, for code-scanning tools and editors.

One run; the tool's driver is "guide" and its rules are all of Guide's codes,
so a result's ``ruleIndex`` is stable for a given version of Guide.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import PurePath
from typing import Any
from urllib.parse import quote

from engine.codes import CODES, doc_path
from engine.errors import Diagnostic, Severity
from engine.lint import _rules

SARIF_VERSION = "2.1.0"
SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"


def sarif_log(diagnostics: Iterable[Diagnostic], *, version: str = "") -> dict[str, Any]:
    """A SARIF log of the diagnostics: a JSON-safe dict, ready for ``json.dumps``."""
    codes = sorted(CODES)
    position = {code: n for n, code in enumerate(codes)}
    driver: dict[str, Any] = {
        "name": "guide",
        "rules": [_rule(code) for code in codes],
    }
    if version:
        driver["version"] = version
    return {
        "$schema": SARIF_SCHEMA,
        "version": SARIF_VERSION,
        "runs": [
            {
                "tool": {"driver": driver},
                "results": [_result(d, position.get(d.code)) for d in diagnostics],
            }
        ],
    }


def _rule(code: str) -> dict[str, Any]:
    info = CODES[code]
    lint_rule = _rules.BY_CODE.get(code)
    severity = Severity.ERROR if lint_rule is None else lint_rule.severity
    return {
        "id": code,
        "name": "".join(word.capitalize() for word in info.title.replace("`", "").split()),
        "shortDescription": {"text": info.title},
        "fullDescription": {"text": info.summary},
        # helpUri must be absolute, and Guide's pages have no web address yet.
        "help": {"text": f"{info.summary} See {doc_path(code)} or run `guide explain {code}`."},
        "defaultConfiguration": {"level": severity.value},
    }


def _result(diagnostic: Diagnostic, rule_index: int | None) -> dict[str, Any]:
    span = diagnostic.span
    result: dict[str, Any] = {
        "ruleId": diagnostic.code,
        "level": diagnostic.severity.value,
        "message": {"text": diagnostic.message},
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": {"uri": artifact_uri(span.path)},
                    "region": {"startLine": span.line, "startColumn": span.column},
                }
            }
        ],
    }
    if rule_index is not None:
        result["ruleIndex"] = rule_index
    if diagnostic.hint:
        result["properties"] = {"hint": diagnostic.hint}
    return result


def artifact_uri(path: str) -> str:
    """A file's path as a URI reference: ``file://`` when absolute, else relative."""
    pure = PurePath(path)
    if pure.is_absolute():
        return pure.as_uri()
    return quote(pure.as_posix())
