"""The real wizard in a pseudo-terminal, typed at as a person would.

One consultation of `stock_count`: help, why, I don't know, back, Ctrl-C, resume,
quit, resume again, and on to a recommendation and its explanation.
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

import pytest

pexpect = pytest.importorskip("pexpect")

TIMEOUT = 5  # seconds per step; each step takes milliseconds when all is well


def spawn(tmp_path: Path, *args: str, timeout: float = TIMEOUT) -> pexpect.spawn:
    """`guide run ARGS` in a real pseudo-terminal of 40 lines by 100 columns."""
    env = {k: v for k, v in os.environ.items() if k not in {"NO_COLOR", "COLUMNS", "LINES"}}
    env["TERM"] = "xterm-256color"
    return pexpect.spawn(
        sys.executable,
        ["-m", "cli", "run", *args],
        cwd=str(tmp_path),
        env=env,
        encoding="utf-8",
        timeout=timeout,
        dimensions=(40, 100),
    )


def finish(child: pexpect.spawn) -> int:
    child.expect(pexpect.EOF)
    child.close()
    return int(child.exitstatus if child.exitstatus is not None else -1)


@pytest.mark.skipif(sys.platform == "win32", reason="pseudo-terminals are POSIX only")
def test_a_person_consults_stock_count_stops_and_resumes(tmp_path: Path) -> None:
    child = spawn(tmp_path, "stock_count")
    child.expect("Written by Dana Ruiz")
    child.expect(r"Question 1 \(0 answered")
    child.expect("> ")
    assert "\x1b[" in child.before  # a terminal: in colour

    child.sendline("?")
    child.expect("Compare the on-hand quantity")
    child.sendline("why")
    child.expect("is asked because")
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
    child.expect(r"saved in\s+(\S+/sessions/guide-stock_count-\d{8}-\d{6}\.json)")
    saved = child.match.group(1)
    child.expect(r"-m cli run --resume\r\n")  # as it was started: guide may not be on PATH
    assert finish(child) == 130
    assert "Traceback" not in child.before

    child = spawn(tmp_path, "--resume", saved)
    child.expect(r"Question 3 \(2 answered")
    child.sendline("1")
    child.expect(r"Question 4 \(3 answered")
    child.sendline("q")  # quit: saved again, in the same file
    child.expect(f"saved in\\s+{re.escape(saved)}")
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
    child.expect("receipt_posted` was answered partly_posted")
    child.sendline("q")
    assert finish(child) == 0


@pytest.mark.skipif(sys.platform == "win32", reason="pseudo-terminals are POSIX only")
def test_resume_without_a_file_offers_the_unfinished_and_start_again_keeps_them(
    tmp_path: Path,
) -> None:
    child = spawn(tmp_path, "stock_count")
    child.expect(r"Question 1 \(0 answered")
    child.sendline("2")
    child.expect(r"Question 2 \(1 answered")
    child.sendline("q")
    assert finish(child) == 130
    child = spawn(tmp_path, "inventory")
    child.expect(r"Question 1 \(0 answered")
    child.sendline("1")
    child.expect(r"Question 2 \(1 answered")
    child.sendline("q")
    assert finish(child) == 130
    assert list(tmp_path.iterdir()) == []  # nothing in the working folder

    child = spawn(tmp_path, "--resume")
    child.expect("Unfinished consultations, newest first:")
    child.expect(r"1\. Days on hand above target")  # the newest first
    child.expect(r"2\. Stock on the shelf does not match the system \(stock_count\)")
    child.expect(r"1\s+answer,\s+at\s+“When\s+you\s+counted")
    child.expect("> ")
    child.sendline("2")
    child.expect(r"Question 2 \(1 answered")
    child.sendline("r")  # start again: asked first
    child.expect("Start again from the first question")
    child.sendline("y")
    child.expect("Starting again. The earlier answers are kept in")
    child.expect(r"Question 1 \(0 answered")
    child.sendline("1")
    child.expect(r"Question 2 \(1 answered")
    child.sendline("q")
    assert finish(child) == 130

    child = spawn(tmp_path, "--resume")  # all three kept: the one left and the new one
    child.expect(r"1\. Stock on the shelf[^“]*1\s+answer,\s+at\s+“When\s+you\s+counted")
    child.expect(r"2\. Stock on the shelf")  # the one left, saved when the worker left it
    child.expect(r"3\. Days on hand above target")
    child.sendline("q")
    assert finish(child) == 130
