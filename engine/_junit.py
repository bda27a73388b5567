"""Scenario results as JUnit XML, the format CI servers read test results in.

One ``testsuite`` per rule base, one ``testcase`` per scenario, and a
``failure`` element (message and the explanation trail) for each failed one.
ElementTree escapes markup; characters XML 1.0 cannot hold at all are replaced.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from engine.testing import ScenarioResult, TestReport

# Everything outside XML 1.0's Char production.
_NOT_XML = re.compile("[^\x09\x0a\x0d\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _clean(text: str) -> str:
    return _NOT_XML.sub("\ufffd", text)


def junit_xml(reports: Sequence[TestReport]) -> str:
    """The reports as one JUnit XML document (UTF-8, with an XML declaration)."""
    total = sum(len(report.results) for report in reports)
    failed = sum(report.failed for report in reports)
    root = ET.Element(
        "testsuites", name="guide test", tests=str(total), failures=str(failed), errors="0"
    )
    for report in reports:
        rulebase = report.rulebase
        suite = ET.SubElement(
            root,
            "testsuite",
            name=_clean(rulebase.id),
            tests=str(len(report.results)),
            failures=str(report.failed),
            errors="0",
            skipped="0",
        )
        properties = ET.SubElement(suite, "properties")
        ET.SubElement(properties, "property", name="version", value=_clean(rulebase.version))
        for measure in report.measures:
            ET.SubElement(properties, "property", name=measure.name, value=measure.summary())
        for result in report.results:
            _testcase(suite, rulebase.id, result)
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, "unicode") + "\n"


def _testcase(suite: ET.Element, classname: str, result: ScenarioResult) -> None:
    span = result.scenario.span
    case = ET.SubElement(
        suite,
        "testcase",
        classname=_clean(classname),
        name=_clean(result.scenario.name),
        file=_clean(span.path),
        line=str(span.line),
    )
    if result.passed:
        return
    failure = ET.SubElement(
        case, "failure", message=_clean("; ".join(result.failures)), type="scenario"
    )
    failure.text = _clean("\n".join([*result.failures, *result.trail]))
