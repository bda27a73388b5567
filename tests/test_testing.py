"""`guide test` and engine.testing: results with their trail, coverage, JUnit XML."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from conftest import HEADER

import cli
import engine
import engine.testing
from engine.testing import run_scenario, run_tests

GOLDEN = Path(__file__).parent / "golden"

#: A small rule base whose scenarios pass; tests break it on purpose.
PRINTER = (
    HEADER
    + """\
questions:
  - id: power_light
    text: Is the power light on?
    type: yes_no
    article: power_guide
  - id: display
    text: What does the display say?
    type: choice
    choices:
      - id: paper_jam
        text: Paper jam
      - id: nothing
        text: Nothing
    ask_when:
      question: power_light
      is: yes
rules:
  - id: no_power
    when:
      question: power_light
      is: no
    then:
      suggest: plug_in_cable
      certainty: 0.9
    because: A dark printer gets no power.
  - id: jammed
    when:
      question: display
      is: paper_jam
    then:
      suggest: clear_jam
      certainty: 0.9
    because: The display names the jam.
solutions:
  - id: plug_in_cable
    title: Plug the power cable in firmly
    articles: [power_guide]
  - id: clear_jam
    title: Clear the paper jam
    articles: [jam_guide]
articles:
  - id: power_guide
    title: Power
    url: https://example.com/power
  - id: jam_guide
    title: Jams
    url: https://example.com/jam
# The author's scenarios, kept byte for byte.
tests:
  # A dark printer.
  - name: a dark printer
    answers:
      power_light: no
    expect:
      top: plug_in_cable

  - name: a jam
    answers: {power_light: yes, display: paper_jam}   # flow style, on purpose
    expect:
      top: clear_jam
# The end.
"""
)

#: PRINTER with a third solution no scenario reaches and two failing scenarios.
FAILING = (
    PRINTER.replace(
        "articles:\n  - id: power_guide",
        "  - id: call_technician\n    title: Call the technician\narticles:\n  - id: power_guide",
    )
    .replace("      top: clear_jam\n", "      top: plug_in_cable\n      not_asked: [display]\n")
    .replace(
        "# The end.\n",
        "  - name: a lit printer\n    answers:\n      power_light: yes\n"
        "    expect:\n      includes: [call_technician]\n",
    )
)


@pytest.fixture
def printer(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """PRINTER as `printer.yaml` in the current folder (so reports show a short path)."""
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "printer.yaml"
    path.write_text(PRINTER, encoding="utf-8")
    return Path("printer.yaml")


@pytest.fixture
def failing(printer: Path) -> Path:
    printer.write_text(FAILING, encoding="utf-8")
    return printer


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = cli.main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def golden(name: str, actual: str, update: bool) -> None:
    path = GOLDEN / name
    if update:
        path.write_text(actual, encoding="utf-8")
    assert actual == path.read_text(encoding="utf-8")


# --- the library ---------------------------------------------------------------------


def test_a_passing_rule_base_reports_full_coverage(printer: Path) -> None:
    report = run_tests(engine.load(printer))
    assert (report.passed, report.failed) == (2, 0)
    assert [(m.name, m.summary()) for m in report.measures] == [
        ("rules fired", "2/2 (100%)"),
        ("solutions reached", "2/2 (100%)"),
        ("questions asked", "2/2 (100%)"),
        ("articles shown", "2/2 (100%)"),
    ]
    assert report.overall_coverage == 100.0


def test_a_wrong_top_solution_carries_how_and_why_not(failing: Path) -> None:
    rulebase = engine.load(failing)
    result = run_scenario(rulebase, rulebase.tests[1])
    assert result.failures == (
        "expected `plug_in_cable` on top, got `clear_jam`",
        "expected `display` not to be asked, but it was",
    )
    assert result.trail == (
        "how `clear_jam` came out on top:",
        "  `clear_jam` is confirmed (certainty 0.90).",
        "  Suggested by:",
        "  - rule `jammed` (0.90): The display names the jam.",
        "      because `display` was answered paper_jam",
        "why not `plug_in_cable`:",
        "  No rule that suggests `plug_in_cable` has fired.",
        "  - rule `no_power` failed",
        "      needs `power_light` is no, but it was answered yes",
        "why `display` is asked:",
        "  `display` is asked because:",
        "  - rule `jammed` would suggest `clear_jam`: The display names the jam.",
    )


def test_an_unforeseen_question_names_the_rule_that_needs_it(failing: Path) -> None:
    rulebase = engine.load(failing)
    result = run_scenario(rulebase, rulebase.tests[2])
    assert result.failures[0] == "`display` is asked, but the scenario does not answer it"
    assert result.trail[:3] == (
        "why `display` is asked:",
        "  `display` is asked because:",
        "  - rule `jammed` would suggest `clear_jam`: The display names the jam.",
    )


def test_coverage_counts_what_no_scenario_reaches(failing: Path) -> None:
    report = run_tests(engine.load(failing))
    assert report.coverage.solutions_not_recommended == ("call_technician",)
    assert report.measures[1].summary() == "2/3 (66%)"
    assert report.overall_coverage == pytest.approx(200 / 3)


def test_an_article_is_shown_only_by_an_asked_question_or_a_recommendation(
    printer: Path,
) -> None:
    rulebase = engine.load(printer)
    dark = run_scenario(rulebase, rulebase.tests[0])
    assert dark.articles == ("power_guide",)
    report = engine.testing.TestReport(rulebase, (dark,), engine.testing.coverage(rulebase, [dark]))
    assert report.coverage.articles_not_shown == ("jam_guide",)
    assert report.measures[3].summary() == "1/2 (50%)"


def test_nothing_to_reach_counts_as_fully_covered() -> None:
    assert engine.testing.CoverageMeasure("articles shown", 0, ()).percent == 100.0


# --- guide test ------------------------------------------------------------------------


def test_guide_test_passes(capsys: pytest.CaptureFixture[str], printer: Path) -> None:
    code, out, err = run(capsys, "test", str(printer))
    assert (code, err) == (0, "")
    assert out == (
        "printer 1.0 (printer.yaml): 2 scenarios\n"
        "PASS  a dark printer\n"
        "PASS  a jam\n"
        "\n"
        "coverage of printer:\n"
        "  rules fired        2/2 (100%)\n"
        "  solutions reached  2/2 (100%)\n"
        "  questions asked    2/2 (100%)\n"
        "  articles shown     2/2 (100%)\n"
        "  overall            100% (the lowest of the four)\n"
        "2 passed, 0 failed in printer\n"
        "\n"
        "2 passed, 0 failed\n"
    )


def test_guide_test_failures_show_the_trail(
    capsys: pytest.CaptureFixture[str], failing: Path, update_golden: bool
) -> None:
    code, out, err = run(capsys, "test", str(failing))
    assert (code, err) == (1, "")
    assert out.splitlines()[-1] == "1 passed, 2 failed"
    golden("test_report_failing.txt", out, update_golden)


def test_junit_xml_parses_back(
    capsys: pytest.CaptureFixture[str], failing: Path, update_golden: bool
) -> None:
    code, _, _ = run(capsys, "test", str(failing), "--junit-xml", "results.xml")
    assert code == 1
    text = Path("results.xml").read_text(encoding="utf-8")
    golden("test_junit.xml", text, update_golden)
    root = ET.fromstring(text)
    (suite,) = root.iter("testsuite")
    assert (suite.get("name"), suite.get("tests"), suite.get("failures")) == ("printer", "3", "2")
    cases = {case.get("name"): case for case in suite.iter("testcase")}
    assert list(cases) == ["a dark printer", "a jam", "a lit printer"]
    assert cases["a dark printer"].find("failure") is None
    failure = cases["a jam"].find("failure")
    assert failure is not None
    assert failure.get("message", "").startswith("expected `plug_in_cable` on top")
    assert "why not `plug_in_cable`:" in (failure.text or "")


def test_junit_xml_escapes_markup_and_replaces_what_xml_cannot_hold(failing: Path) -> None:
    report = run_tests(engine.load(failing))
    result = report.results[1]
    odd = type(result)(
        result.scenario, ('<b>&"quoted"</b> \x01',), (), (), trail=("]]> & <", "\x1b[0m")
    )
    text = engine.testing.junit_xml([type(report)(report.rulebase, (odd,), report.coverage)])
    failure = ET.fromstring(text.split("\n", 1)[1]).find(".//failure")
    assert failure is not None
    assert failure.get("message") == '<b>&"quoted"</b> \ufffd'
    assert failure.text == '<b>&"quoted"</b> \ufffd\n]]> & <\n\ufffd[0m'


@pytest.mark.parametrize(("minimum", "code"), [("66", 0), ("66.7", 1), ("100", 1)])
def test_min_coverage(
    capsys: pytest.CaptureFixture[str], failing: Path, minimum: str, code: int
) -> None:
    # Only the coverage decides here: the passing scenarios, with a solution none reaches.
    passing = FAILING.split("tests:")[0] + "tests:" + PRINTER.split("tests:")[1]
    failing.write_text(passing, encoding="utf-8")
    actual, out, _ = run(capsys, "test", "--min-coverage", minimum, str(failing))
    assert actual == code
    below = f"coverage of printer is 66%, below the minimum of {minimum}%\n"
    assert out.endswith((below if code else "") + "2 passed, 0 failed\n")


def test_min_coverage_must_be_a_percentage(
    capsys: pytest.CaptureFixture[str], printer: Path
) -> None:
    code, _, err = run(capsys, "test", "--min-coverage", "101", str(printer))
    assert code == 2
    assert "--min-coverage" in err


def test_a_rule_base_with_errors_prints_its_diagnostics(
    capsys: pytest.CaptureFixture[str], printer: Path
) -> None:
    printer.write_text(PRINTER.replace("question: display", "question: dispaly"), "utf-8")
    code, out, err = run(capsys, "test", str(printer))
    assert code == 2
    assert err.startswith(
        "printer.yaml:36:7: error G202 unknown question `dispaly`; did you mean `display`?\n"
    )
    assert err.endswith("guide: printer.yaml: the rule base cannot be tested\n")
    assert out == "0 passed, 0 failed\n"


def test_a_missing_file_exits_2(capsys: pytest.CaptureFixture[str], printer: Path) -> None:
    code, out, err = run(capsys, "test", str(printer), "missing.yaml")
    assert code == 2
    assert "missing.yaml" in err
    assert out.endswith("2 passed, 0 failed\n")


def test_name_without_add_scenario_is_bad_usage(
    capsys: pytest.CaptureFixture[str], printer: Path
) -> None:
    assert run(capsys, "test", "--name", "x", str(printer)) == (
        2,
        "",
        "guide: --name is only for --add-scenario\n"
        "  hint: guide test --add-scenario FILE --name TEXT PATH\n",
    )


def test_the_shipped_rule_bases_pass(capsys: pytest.CaptureFixture[str]) -> None:
    names = ("inventory", "test_design", "stock_count", "software_testing")
    code, out, _ = run(capsys, "test", *names, "--min-coverage", "100")
    assert code == 0
    # Counted from the rule bases, so that a scenario added to one keeps this test true.
    scenarios = sum(len(engine.load(engine.resolve(n)).tests) for n in names)
    assert out.endswith(f"\n{scenarios} passed, 0 failed\n")
