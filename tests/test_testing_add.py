"""`guide test --add-scenario`: a saved session becomes a scenario, the file otherwise untouched."""

from __future__ import annotations

import itertools
import json
import multiprocessing
import os
import re
import signal
import time
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import HEADER
from hypothesis import given
from hypothesis import strategies as st
from test_testing import PRINTER, run

import engine
import engine.authoring
import engine.testing
from engine import _yaml
from engine._scenario_text import quote, yaml_value


def save(path: Path, answers: dict[str, object], skipped: tuple[str, ...] = ()) -> Path:
    """A session of the rule base at ``path``, saved as the wizard saves it."""
    session = engine.start(engine.load(path))
    for question_id, value in answers.items():
        session.answer(question_id, value)
    for question_id in skipped:
        session.skip(question_id)
    saved = path.with_name(f"session-{len(answers)}-{len(skipped)}.json")
    saved.write_text(json.dumps(session.to_dict()), encoding="utf-8")
    return saved


@pytest.fixture
def printer(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    path = Path("printer.yaml")
    path.write_text(PRINTER, encoding="utf-8")
    return path


ADDED = """
  - name: "the wizard's answer"
    # From a saved session: `expect` is what Guide recommends now;
    # change it to what should happen.
    answers:
      power_light: yes
      display: paper_jam
    expect:
      top: clear_jam
      includes: [clear_jam]
"""


def test_round_trip_keeps_the_authors_bytes(
    capsys: pytest.CaptureFixture[str], printer: Path
) -> None:
    session = save(printer, {"power_light": True, "display": "paper_jam"})
    code, out, err = run(
        capsys,
        "test",
        "--add-scenario",
        str(session),
        "--name",
        "the wizard's answer",
        "printer.yaml",
    )
    assert (code, err) == (0, "")
    assert out == (
        'Added scenario "the wizard\'s answer" to printer.yaml at line 70.\n'
        "Its expectations are what Guide recommends now: top clear_jam; includes clear_jam.\n"
        "If the wizard gave the wrong answer, edit `expect:` to what should happen, "
        "then run `guide test printer.yaml`.\n"
    )
    text = printer.read_text(encoding="utf-8")
    head, tail = PRINTER.split("# The end.\n")
    assert text == head + ADDED + "# The end.\n" + tail
    assert text.splitlines()[69] == '  - name: "the wizard\'s answer"'
    code, out, _ = run(capsys, "test", "printer.yaml")
    assert code == 0
    assert out.endswith("\n3 passed, 0 failed\n")


def test_skips_lists_and_an_unfinished_session(tmp_path: Path, printer: Path) -> None:
    multi = (
        PRINTER.replace("    type: choice\n", "    type: multiple_choice\n")
        .replace("display: paper_jam}", "display: [paper_jam]}")
        .replace("      is: paper_jam\n", "      contains: paper_jam\n")
    )
    printer.write_text(multi, encoding="utf-8")
    skipped = save(printer, {"power_light": True}, skipped=("display",))
    added = engine.testing.add_scenario(printer, json.loads(skipped.read_text("utf-8")), "skipped")
    assert "    skipped: [display]\n    # Nothing was recommended.\n" in added.text
    assert added.unfinished_at is None
    listed = save(printer, {"power_light": True, "display": ("paper_jam", "nothing")})
    added = engine.testing.add_scenario(printer, json.loads(listed.read_text("utf-8")), "listed")
    assert "      display: [paper_jam, nothing]\n" in added.text
    unfinished = save(printer, {"power_light": True})
    added = engine.testing.add_scenario(
        printer, json.loads(unfinished.read_text("utf-8")), "stopped"
    )
    assert added.unfinished_at == "display"
    names = [
        result.scenario.name for result in engine.testing.run_tests(engine.load(printer)).results
    ]
    assert names == ["a dark printer", "a jam", "skipped", "listed", "stopped"]


def test_an_unfinished_session_says_what_to_add(
    capsys: pytest.CaptureFixture[str], printer: Path
) -> None:
    session = save(printer, {"power_light": True})
    code, out, _ = run(capsys, "test", "--add-scenario", str(session), "printer.yaml")
    assert code == 0
    assert out.splitlines()[0] == (
        "Added scenario 'saved session session-1-0.json' to printer.yaml at line 70."
    )
    assert out.splitlines()[1:] == [
        "Nothing is recommended for it now.",
        "If the wizard gave the wrong answer, edit `expect:` to what should happen, "
        "then run `guide test printer.yaml`.",
        "The session stopped before the end: Guide asks `display` next; "
        "answer it under `answers:` or list it under `skipped:`.",
    ]


def test_a_file_without_tests_gets_a_section(tmp_path: Path, printer: Path) -> None:
    bare = PRINTER.split("# The author's")[0].rstrip("\n")  # and no final line break
    printer.write_text(bare, encoding="utf-8")
    session = save(printer, {"power_light": False})
    engine.testing.add_scenario(printer, json.loads(session.read_text("utf-8")), "dark")
    text = printer.read_text(encoding="utf-8")
    assert text.startswith(bare + '\n\ntests:\n  - name: "dark"\n')
    assert [t.name for t in engine.load(printer).tests] == ["dark"]


def test_windows_line_endings_are_kept(printer: Path) -> None:
    printer.write_bytes(PRINTER.replace("\n", "\r\n").encode("utf-8"))
    session = save(printer, {"power_light": False})
    engine.testing.add_scenario(printer, json.loads(session.read_text("utf-8")), "dark")
    data = printer.read_bytes()
    assert data.count(b"\n") == data.count(b"\r\n")
    assert engine.load(printer).tests[-1].name == "dark"


def test_a_session_from_another_version_leaves_the_file_untouched(
    capsys: pytest.CaptureFixture[str], printer: Path
) -> None:
    session = save(printer, {"power_light": False})
    printer.write_text(PRINTER.replace('version: "1.0"', 'version: "1.1"'), encoding="utf-8")
    before = printer.read_bytes()
    code, out, err = run(capsys, "test", "--add-scenario", str(session), "printer.yaml")
    assert (code, out) == (2, "")
    assert err == (
        "guide: session-1-0.json: saved session was made with version '1.0' of 'printer'; "
        "this is version '1.1'\n"
    )
    assert printer.read_bytes() == before


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "guide: session.json: this is not a saved Guide session (not JSON)\n"),
        ("[]", "guide: session.json: this is not a saved Guide session\n"),
        (
            '{"format": "guide-session", "version": 1, "rulebase": {"id": "stock_count"}}',
            "guide: session.json: saved session belongs to rule base 'stock_count', "
            "not 'printer'\n",
        ),
    ],
)
def test_a_corrupt_session_exits_2(
    capsys: pytest.CaptureFixture[str], printer: Path, content: str, message: str
) -> None:
    Path("session.json").write_text(content, encoding="utf-8")
    code, out, err = run(capsys, "test", "--add-scenario", "session.json", "printer.yaml")
    assert (code, out) == (2, "")
    assert err.startswith(message)
    assert printer.read_text(encoding="utf-8") == PRINTER


def test_a_duplicate_name_is_refused(capsys: pytest.CaptureFixture[str], printer: Path) -> None:
    session = save(printer, {"power_light": False})
    code, _, err = run(
        capsys, "test", "--add-scenario", str(session), "--name", "a jam", "printer.yaml"
    )
    assert code == 2
    assert "there is already a scenario named 'a jam'" in err
    assert printer.read_text(encoding="utf-8") == PRINTER


def test_a_one_line_tests_section_is_refused(printer: Path) -> None:
    printer.write_text(PRINTER.split("# The author's")[0] + "tests: []\n", encoding="utf-8")
    session = save(printer, {"power_light": False})
    with pytest.raises(engine.GuideError, match="written on one line"):
        engine.testing.add_scenario(printer, json.loads(session.read_text("utf-8")), "dark")


@pytest.mark.parametrize(
    ("item", "message"),
    [
        ("  - name: [unclosed\n", "the scenario would not load (printer.yaml:"),
        ("  - name: other\n", "the scenario did not read back as written"),
    ],
)
def test_a_file_that_would_not_load_is_restored(
    printer: Path, monkeypatch: pytest.MonkeyPatch, item: str, message: str
) -> None:
    session = save(printer, {"power_light": False})
    monkeypatch.setattr(engine._scenario_text, "scenario_from_session", lambda *a, **k: item)
    with pytest.raises(engine.GuideError, match=re.escape(message)):
        engine.testing.add_scenario(printer, json.loads(session.read_text("utf-8")), "dark")
    assert printer.read_text(encoding="utf-8") == PRINTER
    assert sorted(p.name for p in Path().iterdir()) == ["printer.yaml", session.name]


def test_add_scenario_needs_one_file_and_no_other_option(
    capsys: pytest.CaptureFixture[str], printer: Path
) -> None:
    code, _, err = run(
        capsys, "test", "--add-scenario", "s.json", "--junit-xml", "x.xml", "printer.yaml"
    )
    assert code == 2
    assert err.startswith("guide: --add-scenario takes one rule base file")


@given(st.text(max_size=30))
def test_quoted_text_reads_back_as_itself(text: str) -> None:
    assert yaml.safe_load(f"answer: {quote(text)}") == {"answer": text}


@pytest.mark.parametrize(
    ("value", "written"),
    [
        (True, "yes"),
        (False, "no"),
        (3, "3"),
        (3.0, "3"),
        (2.5, "2.5"),
        ("paper_jam", "paper_jam"),
        ("on", '"on"'),
        ("Guest printer 2", '"Guest printer 2"'),
        ((), "[]"),
        (("a", "yes"), '[a, "yes"]'),
    ],
)
def test_values_are_written_in_the_rule_base_syntax(value: engine.Value, written: str) -> None:
    assert yaml_value(value) == written


# --- concurrent adds, kills, and numbers that read back ---------------------------------


def _add_in_child(printer: str, data: dict[str, object], name: str, start: Any) -> None:
    start.wait()
    engine.testing.add_scenario(printer, data, name)


def test_eight_concurrent_adds_keep_all_eight_scenarios(printer: Path) -> None:
    data = json.loads(save(printer, {"power_light": False}).read_text("utf-8"))
    context = multiprocessing.get_context("fork")
    start = context.Barrier(8)
    names = [f"concurrent {n}" for n in range(8)]
    children = [
        context.Process(target=_add_in_child, args=(str(printer), data, name, start))
        for name in names
    ]
    for child in children:
        child.start()
    for child in children:
        child.join(timeout=30)
    assert [child.exitcode for child in children] == [0] * 8
    kept = [test.name for test in engine.load(printer).tests]
    assert sorted(kept) == sorted(["a dark printer", "a jam", *names])
    assert not list(printer.parent.glob("*.guide-tmp"))


def _add_forever(printer: str, data: dict[str, object], broken: bool) -> None:
    if broken:  # a scenario that would not load: the file must never hold it
        engine._scenario_text.scenario_from_session = lambda *a, **k: "  - name: [unclosed\n"
    for number in itertools.count():
        try:
            engine.testing.add_scenario(printer, data, f"run {number}")
        except engine.GuideError:
            assert broken


@pytest.mark.parametrize("broken", [False, True])
@pytest.mark.parametrize("delay", [0.05, 0.15, 0.3])
def test_a_kill_during_adds_leaves_the_old_or_the_new_file(
    printer: Path, delay: float, broken: bool
) -> None:
    data = json.loads(save(printer, {"power_light": False}).read_text("utf-8"))
    child = multiprocessing.get_context("fork").Process(
        target=_add_forever, args=(str(printer), data, broken)
    )
    child.start()
    time.sleep(delay)
    assert child.pid is not None
    os.kill(child.pid, signal.SIGKILL)
    child.join()
    assert not [d for d in engine.authoring.check(printer) if d.severity is engine.Severity.ERROR]
    names = [test.name for test in engine.load(printer).tests]
    assert names[:2] == ["a dark printer", "a jam"]
    assert names[2:] == [f"run {n}" for n in range(len(names) - 2)]
    if broken:
        assert printer.read_text(encoding="utf-8") == PRINTER


NUMBER_RULEBASE = """\
questions:
  - id: concentration
    text: What concentration was measured?
    type: number
    min: 0
    max: 1
rules:
  - id: tiny
    when:
      question: concentration
      less_than: 0.001
    then:
      suggest: dilute
      certainty: 0.9
solutions:
  - id: dilute
    title: Dilute the sample
"""


def test_a_session_holding_5e_05_becomes_a_scenario(tmp_path: Path) -> None:
    path = tmp_path / "lab.yaml"
    path.write_text(HEADER + NUMBER_RULEBASE, encoding="utf-8")
    session = engine.start(engine.load(path))
    session.answer("concentration", 5e-05)
    added = engine.testing.add_scenario(path, session.to_dict(), "tiny")
    assert "concentration: 5.0e-05" in added.text
    assert dict(engine.load(path).tests[-1].answers) == {"concentration": 5e-05}


@given(st.floats(allow_nan=False, allow_infinity=False))
def test_every_finite_float_reads_back_equal(value: float) -> None:
    root, diagnostics = _yaml.read("x.yaml", f"value: {yaml_value(value)}\n")
    assert diagnostics == []
    assert isinstance(root, _yaml.Mapping)
    read = root.get("value")
    assert isinstance(read, _yaml.Scalar)
    assert isinstance(read.value, int | float) and not isinstance(read.value, bool)
    assert read.value == value
