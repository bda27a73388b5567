"""A real `guide run` process stopped as a worker's machine stops it.

Closing the terminal (SIGHUP), `kill` or a shutdown (SIGTERM) save the session
and write the record, as Ctrl-C does; SIGKILL, which nothing can catch, costs at
most the answer being typed, because the session is saved after every answer.
Ctrl-C while Guide starts says "interrupted", never a traceback.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import sysconfig
import time
from pathlib import Path

import pytest

import engine
import engine.recording
import engine.store
from tests.conftest import REPO
from tests.test_cli_run import MINI
from tests.test_wizard_pty import spawn as spawn_wizard

pexpect = pytest.importorskip("pexpect")

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")

TIMEOUT = 10  # seconds per step; each step takes milliseconds when all is well


@pytest.fixture
def mini(tmp_path: Path) -> Path:
    path = tmp_path / "mini.yaml"
    path.write_text(MINI, encoding="utf-8")
    return path


def spawn(tmp_path: Path, *args: str) -> pexpect.spawn:
    return spawn_wizard(tmp_path, *args, timeout=TIMEOUT)


def answer_two(child: pexpect.spawn) -> None:
    child.expect(r"Question 1 \(0 answered")
    child.sendline("no")
    child.expect(r"Question 2 \(1 answered")
    child.sendline("foo")
    child.expect(r"Question 3 \(2 answered")
    child.expect("> ")


def records(data_dir: Path) -> list[engine.recording.ConsultationRecord]:
    return engine.store.open_store(engine.store.store_settings(os.environ)).records("printer")


@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGHUP, signal.SIGQUIT])
def test_kill_or_a_closed_terminal_saves_the_session_and_writes_the_record(
    tmp_path: Path, mini: Path, data_dir: Path, stop: signal.Signals
) -> None:
    child = spawn(tmp_path, mini.name, "--save", "s.json")
    answer_two(child)
    child.kill(stop)
    child.expect(pexpect.EOF)
    child.close()
    assert "Traceback" not in (child.before or "")

    saved = json.loads((tmp_path / "s.json").read_text(encoding="utf-8"))
    resumed = engine.resume(engine.load(mini), saved)
    assert resumed.answers == {"q1": False, "q2": "foo"}
    [record] = records(data_dir)
    assert [answer.question for answer in record.answers] == ["q1", "q2"]
    assert record.resolution is engine.recording.Resolution.ABANDONED


def test_sigkill_costs_at_most_the_answer_being_typed(
    tmp_path: Path, mini: Path, data_dir: Path
) -> None:
    child = spawn(tmp_path, mini.name)
    answer_two(child)
    child.send("6")  # typing the third answer when the power goes
    child.kill(signal.SIGKILL)
    child.expect(pexpect.EOF)
    child.close()

    sessions = data_dir / "sessions"
    [saved_file] = sessions.glob("guide-printer-*.json")
    saved = json.loads(saved_file.read_text(encoding="utf-8"))
    assert engine.resume(engine.load(mini), saved).answers == {"q1": False, "q2": "foo"}
    assert not list(sessions.glob(".*.guide-tmp"))  # written whole or not at all


def test_a_finished_consultation_is_kept_marked_finished_and_not_in_the_folder(
    tmp_path: Path, mini: Path, data_dir: Path
) -> None:
    child = spawn(tmp_path, mini.name)
    answer_two(child)
    child.sendline("60")
    child.expect("Empty it")
    child.sendline("q")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert list(tmp_path.iterdir()) == [tmp_path / "mini.yaml"]
    [saved_file] = (data_dir / "sessions").glob("guide-printer-*.json")
    assert json.loads(saved_file.read_text(encoding="utf-8"))["wizard"]["status"] == "finished"


# --- Ctrl-C while Guide starts ---------------------------------------------------------


#: After Python itself has started (0.1 s on a busy machine), while Guide's modules
#: load (most of a second) and the rule base is read.
@pytest.mark.parametrize("delay", [0.25, 0.5, 0.8, 1.2])
def test_ctrl_c_during_start_up_says_interrupted(tmp_path: Path, mini: Path, delay: float) -> None:
    # -S: Python's own site start-up is left out (it is not Guide's to handle); the
    # installed packages and this repository are found through PYTHONPATH instead.
    path = os.pathsep.join([str(REPO), sysconfig.get_paths()["purelib"]])
    env = {**os.environ, "PYTHONPATH": path}
    child = subprocess.Popen(
        [sys.executable, "-S", "-m", "cli", "run", mini.name, "--plain"],
        cwd=tmp_path,
        env=env,
        stdin=subprocess.PIPE,  # open: the wizard waits at the first question
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    time.sleep(delay)
    child.send_signal(signal.SIGINT)
    _, err = child.communicate(timeout=TIMEOUT)
    assert "Traceback" not in err.decode()
    # Killed by the signal itself (before Python installed its handler, on a busy
    # machine) is what a shell also reports as 130.
    assert child.returncode in {130, -signal.SIGINT}
    assert err.decode().endswith("interrupted\n") or err == b""
