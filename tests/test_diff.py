"""`guide diff` and engine.diff: which consultations a new version answers differently."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from test_testing import PRINTER, run

import engine
import engine.diff
from engine.diff import Change, ReplayOutcome, replay
from engine.events import Event

#: One rule changed: a jam is now only suggested (0.5), no longer confirmed.
CHANGED = PRINTER.replace('version: "1.0"', 'version: "1.1"').replace(
    "      suggest: clear_jam\n      certainty: 0.9",
    "      suggest: clear_jam\n      certainty: 0.5",
)


@pytest.fixture
def versions(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    monkeypatch.chdir(tmp_path)
    old, new = Path("old.yaml"), Path("new.yaml")
    old.write_text(PRINTER, encoding="utf-8")
    new.write_text(CHANGED, encoding="utf-8")
    sessions = Path("sessions")
    sessions.mkdir()
    for name, answers in [("dark", {"power_light": False}), ("jam", {"power_light": True})]:
        session = engine.start(engine.load(old))
        for question_id, value in answers.items():
            session.answer(question_id, value)
        if name == "jam":
            session.answer("display", "paper_jam")
        (sessions / f"{name}.json").write_text(json.dumps(session.to_dict()), encoding="utf-8")
    return old, new


def test_one_consultation_changes_and_one_does_not(
    capsys: pytest.CaptureFixture[str], versions: tuple[Path, Path]
) -> None:
    code, out, err = run(capsys, "diff", "old.yaml", "new.yaml", "--sessions", "sessions")
    assert (code, err) == (1, "")
    assert out == (
        "scenario `a jam`\n"
        "  confirmed: clear_jam -> nothing\n"
        "sessions/jam.json\n"
        "  confirmed: clear_jam -> nothing\n"
        "2 of 4 consultations change\n"
    )


def test_no_change_exits_0(capsys: pytest.CaptureFixture[str], versions: tuple[Path, Path]) -> None:
    code, out, _ = run(
        capsys, "diff", "old.yaml", "new.yaml", "--sessions", "sessions/dark.json", "--no-scenarios"
    )
    assert (code, out) == (0, "0 of 1 consultation changes\n")


def test_the_library_returns_the_changes(versions: tuple[Path, Path]) -> None:
    old, new = (engine.load(path) for path in versions)
    data = json.loads(Path("sessions/jam.json").read_text(encoding="utf-8"))
    changes = engine.diff.diff(old, new, [("jam", data)], scenarios=False)
    confirmed = ReplayOutcome("clear_jam", ("clear_jam",), ("clear_jam",))
    assert changes == [Change("jam", confirmed, ReplayOutcome("clear_jam", ("clear_jam",), ()))]


def test_a_removed_question_is_reported(versions: tuple[Path, Path]) -> None:
    rulebase = engine.load(versions[0])
    events = [Event("power_light", True), Event("gone", None, skipped=True)]
    events.append(Event("power_light", False))  # answered twice: not possible any more
    outcome = replay(rulebase, events)
    assert outcome.dropped == (
        "question `gone` removed",
        "`power_light` not asked: question `power_light` has already been answered",
    )
    assert Change("s", ReplayOutcome(None, (), ()), outcome).lines() == [
        "now: question `gone` removed",
        "now: `power_light` not asked: question `power_light` has already been answered",
    ]


def test_a_question_the_new_version_asks_is_reported(
    capsys: pytest.CaptureFixture[str], versions: tuple[Path, Path]
) -> None:
    extra = PRINTER.replace(
        "rules:\n",
        "  - id: cable\n    text: Is the cable in?\n    type: yes_no\nrules:\n",
    ).replace(
        "      is: no\n    then:", "      is: no\n    - question: cable\n      is: no\n    then:"
    )
    extra = extra.replace(
        "    when:\n      question: power_light", "    when:\n    - question: power_light"
    )
    versions[1].write_text(extra, encoding="utf-8")
    code, out, _ = run(capsys, "diff", "old.yaml", "new.yaml")
    assert code == 1
    assert out == (
        "scenario `a dark printer`\n"
        "  now: `cable` is asked, but the scenario does not answer it\n"
        "  top: plug_in_cable -> nothing\n"
        "  recommended: plug_in_cable -> nothing\n"
        "  confirmed: plug_in_cable -> nothing\n"
        "1 of 2 consultations change\n"
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["missing.yaml", "new.yaml"], "missing.yaml"),
        (["old.yaml", "new.yaml", "--sessions", "nowhere"], "guide: nowhere: no such folder"),
    ],
)
def test_unreadable_input_exits_2(
    capsys: pytest.CaptureFixture[str], versions: tuple[Path, Path], args: list[str], message: str
) -> None:
    code, out, err = run(capsys, "diff", *args)
    assert (code, out) == (2, "")
    assert message in err


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{", "guide: sessions/bad.json: this is not a saved Guide session (not JSON)\n"),
        (
            '{"format": "guide-session", "version": 1, "rulebase": {"id": "stock_count"}}',
            "guide: sessions/bad.json: saved session belongs to rule base 'stock_count', "
            "not 'printer'\n",
        ),
        (
            '{"format": "guide-session", "version": 1, "rulebase": {"id": "printer"}, '
            '"events": [{"answer": 1}]}',
            "guide: sessions/bad.json: saved step 1 is not an answer or a skip\n",
        ),
    ],
)
def test_a_bad_session_exits_2(
    capsys: pytest.CaptureFixture[str], versions: tuple[Path, Path], content: str, message: str
) -> None:
    Path("sessions/bad.json").write_text(content, encoding="utf-8")
    code, out, err = run(capsys, "diff", "old.yaml", "new.yaml", "--sessions", "sessions")
    assert (code, out) == (2, "")
    assert err.startswith(message)


def test_a_session_of_the_new_rule_base_id_is_accepted(versions: tuple[Path, Path]) -> None:
    old = engine.load(versions[0])
    renamed = engine.load_text(CHANGED.replace("id: printer", "id: printer2"), "new.yaml")
    session = engine.start(renamed)
    session.answer("power_light", False)
    assert engine.diff.diff(old, renamed, [("s", session.to_dict())], scenarios=False) == []
    with pytest.raises(engine.SessionError, match=r"^s: this is not a saved Guide session"):
        engine.diff.diff(old, renamed, [("s", [])])  # type: ignore[list-item]


def test_a_session_the_old_version_cannot_replay_is_a_finding(
    capsys: pytest.CaptureFixture[str], versions: tuple[Path, Path]
) -> None:
    forged = json.loads(Path("sessions/dark.json").read_text(encoding="utf-8"))
    forged["events"].append({"answer": "display", "value": "paper_jam"})  # never asked
    Path("sessions/dark.json").write_text(json.dumps(forged), encoding="utf-8")
    code, out, err = run(
        capsys, "diff", "old.yaml", "old.yaml", "--sessions", "sessions", "--no-scenarios"
    )
    assert (code, err) == (1, "")
    assert out == (
        "sessions/dark.json\n"
        "  cannot be replayed: `display` not asked: question `display` does not apply, "
        "given the answers so far\n"
        "0 of 2 consultations change; 1 cannot be replayed by old.yaml\n"
    )
