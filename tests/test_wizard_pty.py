"""The real wizard in a pseudo-terminal, typed at as a person would.

One consultation of `stock_count`: help, why, I don't know, back, Ctrl-C, resume,
quit, resume again, and on to a recommendation and its explanation. At 40 columns:
an advisory rule base's overview and "which will you use?", and a dead end that
offers the skipped question.
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

import pytest

pexpect = pytest.importorskip("pexpect")

TIMEOUT = 5  # seconds per step; each step takes milliseconds when all is well


def spawn(
    tmp_path: Path, *args: str, timeout: float = TIMEOUT, columns: int = 100
) -> pexpect.spawn:
    """`guide run ARGS` in a real pseudo-terminal of 40 lines by 100 (or ``columns``) columns."""
    env = {k: v for k, v in os.environ.items() if k not in {"NO_COLOR", "COLUMNS", "LINES"}}
    env["TERM"] = "xterm-256color"
    return pexpect.spawn(
        sys.executable,
        ["-m", "cli", "run", *args],
        cwd=str(tmp_path),
        env=env,
        encoding="utf-8",
        timeout=timeout,
        dimensions=(40, columns),
    )


def finish(child: pexpect.spawn) -> int:
    child.expect(pexpect.EOF)
    child.close()
    return int(child.exitstatus if child.exitstatus is not None else -1)


@pytest.mark.skipif(sys.platform == "win32", reason="pseudo-terminals are POSIX only")
def test_a_person_consults_stock_count_stops_and_resumes(tmp_path: Path) -> None:
    child = spawn(tmp_path, "stock_count")
    child.expect(r"Stock on the shelf does not match the system \(version 2\.1\)")
    child.expect(r"Question 1 \(0 answered")
    assert "Written by" not in child.before  # the owners are under `?`
    child.expect("> ")
    assert "\x1b[" in child.before  # a terminal: in colour

    child.sendline("?")
    child.expect(r"Compare the on-hand quantity[\s\S]*Written by Dana Ruiz")  # help, then owners
    child.sendline("why")
    child.expect("rules need your answer")
    child.sendline("4")
    child.expect("has no choice number 4")
    child.sendline("2")
    child.expect(r"Question 2 \(1 answered")
    child.sendline("s")  # I don't know
    child.expect(r"Question 3 \(1 answered, 1 not known")
    child.sendline("b")  # back to the timing question
    child.expect("Back to: When you counted")
    child.expect(r"Question 2 \(1 answered")
    child.sendline("1")
    child.expect(r"Question 3 \(2 answered")
    child.expect("> ")
    child.sendintr()  # Ctrl-C
    child.expect(r"guide run --resume (guide-stock_count-\d{8}-\d{6}\.json)")
    saved = child.match.group(1)
    assert finish(child) == 130
    assert "Traceback" not in child.before

    child = spawn(tmp_path, "--resume", saved)
    child.expect(r"Question 3 \(2 answered")
    child.sendline("1")
    child.expect(r"Question 4 \(3 answered")
    child.sendline("q")  # quit: saved again, in the same file
    child.expect(f"guide run --resume {saved}")
    assert finish(child) == 130

    child = spawn(tmp_path, "--resume", saved)
    child.expect(r"Question 4 \(3 answered")
    child.sendline("1")
    child.expect(r"Question 5 \(4 answered")
    child.sendline("delivery")
    child.expect(r"Question 6 \(5 answered")
    child.sendline("3")
    child.expect(r"Question 7 \(6 answered")
    child.sendline("none")
    child.expect("Result")
    child.expect("Correct the receipt to match what arrived")
    child.expect("Confirmed, certainty 90%")
    child.sendline("h 1")
    child.expect(r"Suggested because:[\s\S]*\(90%\)")  # in the worker's words, no rule ids
    child.sendline("q")
    assert finish(child) == 0


DISCOUNT_RULE = (
    "--set=change_type=new_feature",
    "--set=feature_kind=business_rules",
    "--set=risk_level=moderate",
    "--set=spec_quality=clear",
    "--set=requirement_text=Members get 10% off orders of at least 50 EUR.",
    "--set=condition_count=3",
    "--set=conditions_interact=combine",
    "--set=time_pressure=no",
    "--set=defect_history=nothing",
)


@pytest.mark.skipif(sys.platform == "win32", reason="pseudo-terminals are POSIX only")
def test_an_advisory_overview_at_40_columns(tmp_path: Path) -> None:
    child = spawn(tmp_path, "software_testing", *DISCOUNT_RULE, columns=40)
    child.expect(r"How should I test this\? \(version")
    child.expect("3 recommendations, best first:")
    child.expect(r"1\. Decision table testing \(confirmed,")
    child.expect(r"3\. Equivalence partitioning")
    child.expect("Which of these will you use?")
    child.expect("> ")
    assert "fix the problem" not in child.before
    # Every line fits the 40 columns (a URL alone on its line may run over).
    lines = child.before.replace("\r", "").split("\n")
    assert all(len(strip_ansi(line)) <= 40 for line in lines if "file://" not in line)
    child.sendline("2")  # the second in full
    child.expect(r"2\. Boundary value analysis[\s\S]*?Suggested, certainty 54%")
    child.expect("> ")
    child.sendline("u 1 2")
    child.expect(r"Noted: you will use 1\. .Decision table[\s\S]*?and 2\.")
    assert finish(child) == 0


def strip_ansi(text: str) -> str:
    return re.sub(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07\x1b]*(\x07|\x1b\\\\)", "", text)


@pytest.mark.skipif(sys.platform == "win32", reason="pseudo-terminals are POSIX only")
def test_a_dead_end_offers_the_skipped_question(tmp_path: Path) -> None:
    fixture = Path(__file__).parent / "fixtures" / "everything.yaml"
    child = spawn(tmp_path, str(fixture), columns=40)
    while child.expect([r"Question \d+ \(", "No solution fits these answers."]) == 0:
        child.expect("> ")
        child.sendline("s")  # I don't know, every time
    child.expect(r"1\. What does the printer's")
    child.expect(r"Type f 1 or f 2")
    child.expect("> ")
    assert "y/n/d" not in child.before
    child.sendline("f 1")
    child.expect("Changing answer 1")
    child.expect("> ")
    child.sendline("1")  # a paper jam
    child.expect(r"Did 1\. .Clear the paper jam. fix the")
    child.sendline("y")
    assert finish(child) == 0
