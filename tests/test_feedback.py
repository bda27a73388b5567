"""Outcomes in the session, saved sessions v1/v2, and the consultation record."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable

import pytest

import engine
from engine.recording import REDACTED, Resolution, record_from_dict, resolve_ending
from tests.conftest import MINIMAL

T0 = dt.datetime(2026, 3, 14, 9, 0, tzinfo=dt.UTC)
T1 = T0 + dt.timedelta(seconds=95)

#: Two solutions, a free-text question and a redacted one.
TWO = MINIMAL.replace(
    """solutions:
  - id: plug_in_cable
    title: Plug the power cable in firmly
""",
    """  - id: maybe_socket
    when:
      question: power_light
      is: no
    then:
      suggest: try_socket
      certainty: 0.4
solutions:
  - id: plug_in_cable
    title: Plug the power cable in firmly
  - id: try_socket
    title: Try another socket
""",
).replace(
    """    type: yes_no
rules:""",
    """    type: yes_no
  - id: model
    text: Which printer is it?
    type: text
  - id: badge
    text: Your badge number?
    type: number
    redact: true
rules:""",
)


@pytest.fixture
def two(load_yaml: Callable[[str], engine.Rulebase]) -> engine.Rulebase:
    return load_yaml(TWO)


def test_outcomes_are_validated_kept_and_replaced(two: engine.Rulebase) -> None:
    session = two.start({"power_light": False})
    with pytest.raises(engine.OutcomeError, match="there is no solution `nope`"):
        session.record_outcome("nope", "fixed")
    feedback = session.record_outcome("plug_in_cable", "not_fixed", "  still dark  ")
    assert feedback == engine.Feedback("plug_in_cable", engine.Outcome.NOT_FIXED, "still dark")
    with pytest.raises(engine.OutcomeError, match="'broken' is not an outcome") as caught:
        session.record_outcome("try_socket", "broken")
    assert caught.value.hint == "use fixed, not_fixed, did_not_try, chosen"
    with pytest.raises(engine.OutcomeError, match="at most 2000 characters"):
        session.record_outcome("try_socket", "fixed", "x" * 2001)
    session.record_outcome("try_socket", engine.Outcome.FIXED, "")
    session.record_outcome("plug_in_cable", engine.Outcome.DID_NOT_TRY)
    assert [(f.solution, f.outcome, f.comment) for f in session.outcomes()] == [
        ("try_socket", engine.Outcome.FIXED, None),
        ("plug_in_cable", engine.Outcome.DID_NOT_TRY, None),
    ]


def test_an_outcome_needs_a_recommended_solution(two: engine.Rulebase) -> None:
    session = two.start({"power_light": True})
    with pytest.raises(engine.OutcomeError, match="`plug_in_cable` is not recommended") as caught:
        session.record_outcome("plug_in_cable", "fixed")
    assert caught.value.hint == "recommended now: none"


def test_outcomes_are_saved_and_survive_back_and_resume(two: engine.Rulebase) -> None:
    session = two.start({"power_light": False})
    session.record_outcome("plug_in_cable", "fixed", "thanks")
    data = json.loads(json.dumps(session.to_dict()))
    assert data["version"] == 4
    assert data["outcomes"] == [
        {
            "solution": "plug_in_cable",
            "outcome": "fixed",
            "comment": "thanks",
            "after": [{"answer": "power_light", "value": False}],
        }
    ]
    resumed = two.resume(data)
    assert resumed.outcomes() == session.outcomes()
    assert resumed.to_dict() == session.to_dict()
    session.back()
    assert session.outcomes() == resumed.outcomes()


def test_version_1_files_are_still_read(two: engine.Rulebase) -> None:
    data = two.start({"power_light": False}).to_dict()
    data["version"] = 1
    del data["outcomes"]
    resumed = two.resume(data)
    assert resumed.outcomes() == ()
    assert resumed.answers == {"power_light": False}
    assert resumed.to_dict()["version"] == 4


@pytest.mark.parametrize(
    ("outcomes", "message"),
    [
        ("fixed", "`outcomes` is not a list"),
        ([{"solution": "plug_in_cable"}], "saved outcome 1: None is not an outcome"),
        ([{"outcome": "fixed"}], "saved outcome 1 is not a solution and an outcome"),
        ([{"solution": "gone", "outcome": "fixed"}], "names solution `gone`"),
        ([{"solution": "plug_in_cable", "outcome": "fixed", "x": 1}], "is not a solution"),
    ],
)
def test_corrupt_saved_outcomes_are_refused(
    two: engine.Rulebase, outcomes: object, message: str
) -> None:
    data = two.start().to_dict()
    data["outcomes"] = outcomes
    with pytest.raises(engine.SessionError, match=message):
        two.resume(data)


def test_version_true_is_not_a_version(two: engine.Rulebase) -> None:
    data = two.start().to_dict()
    data["version"] = True
    with pytest.raises(engine.SessionError, match="versions 1 to 4"):
        two.resume(data)


def test_an_outcome_given_before_going_back_is_kept_through_save_and_resume(
    two: engine.Rulebase,
) -> None:
    # The worker tried the fix, then went back: the solution is not recommended now,
    # but it was when they said how it went, and the file says after which steps.
    session = two.start({"power_light": False})
    session.record_outcome("plug_in_cable", "not_fixed", "still dark")
    session.change(engine.Event("power_light", True))
    assert session.recommendations() == []
    resumed = two.resume(json.loads(json.dumps(session.to_dict())))
    assert resumed.outcomes() == session.outcomes()
    assert resumed.to_dict() == session.to_dict()


def test_an_outcome_for_a_solution_never_recommended_is_refused(two: engine.Rulebase) -> None:
    session = two.start({"power_light": True})  # nothing is recommended
    data = session.to_dict()
    forged = {"solution": "plug_in_cable", "outcome": "fixed", "comment": None}
    data["outcomes"] = [{**forged, "after": list(data["events"])}]
    with pytest.raises(engine.SessionError, match="was not recommended when it was given"):
        two.resume(data)
    # Claiming other steps does not help: they must be the worker's real steps then.
    data["outcomes"] = [{**forged, "after": [{"answer": "power_light", "value": "maybe"}]}]
    with pytest.raises(engine.SessionError, match="cannot be replayed"):
        two.resume(data)
    # Files before version 4 did not keep the steps: it must have been recommended
    # at some point of the session's own steps.
    data["version"] = 3
    data["outcomes"] = [forged]
    with pytest.raises(engine.SessionError, match="was not recommended when it was given"):
        two.resume(data)


def test_an_older_file_with_a_true_outcome_is_read_and_saved_with_its_steps(
    two: engine.Rulebase,
) -> None:
    session = two.start({"power_light": False})
    session.record_outcome("try_socket", "did_not_try")
    data = session.to_dict()
    data["version"] = 3
    data["outcomes"] = [{k: v for k, v in o.items() if k != "after"} for o in data["outcomes"]]
    resumed = two.resume(data)
    assert resumed.outcomes() == session.outcomes()
    assert resumed.to_dict()["outcomes"][0]["after"] == [{"answer": "power_light", "value": False}]


# --- the record ---


def record(session: engine.Session, **options: object) -> engine.ConsultationRecord:
    return engine.record_consultation(session, started=T0, ended=T1, **options)  # type: ignore[arg-type]


def test_the_record_of_a_consultation(two: engine.Rulebase) -> None:
    session = two.start()
    session.answer("power_light", "no")
    session.skip("model")
    session.answer("badge", "4711")
    session.record_outcome("plug_in_cable", "fixed", "it was loose")
    found = record(session, seconds={"power_light": 3.5, "badge": 1.0}, proficiency="novice")
    assert found.rulebase_id == "printer"
    assert found.rulebase_version == "1.0"
    assert found.resolution is Resolution.SOLVED
    assert [(a.question, a.value, a.skipped, a.seconds) for a in found.answers] == [
        ("power_light", False, False, 3.5),
        ("model", None, True, None),
        ("badge", REDACTED, False, 1.0),
    ]
    assert found.skipped == ("model",)
    assert [(r.solution, r.certainty, r.state.value) for r in found.recommendations] == [
        ("plug_in_cable", 0.9, "confirmed"),
        ("try_socket", 0.4, "suggested"),
    ]
    assert found.proficiency is engine.Proficiency.NOVICE
    assert found.seconds == 95
    assert found.quit_at is None
    assert record_from_dict(json.loads(json.dumps(found.to_dict()))) == found


@pytest.mark.parametrize(("allowed", "kept"), [(False, REDACTED), (True, "LaserJet 4")])
def test_free_text_is_kept_only_when_the_rulebase_allows_it(
    load_yaml: Callable[[str], engine.Rulebase], allowed: bool, kept: str
) -> None:
    text = TWO.replace(
        "questions:", f"settings:\n  record_free_text: {str(allowed).lower()}\nquestions:"
    )
    rulebase = load_yaml(text)
    assert rulebase.settings.record_free_text is allowed
    session = rulebase.start({"model": "LaserJet 4", "power_light": True})
    assert [a.value for a in record(session).answers if a.question == "model"] == [kept]


def test_redact_wins_over_record_free_text(load_yaml: Callable[[str], engine.Rulebase]) -> None:
    text = TWO.replace("questions:", "settings:\n  record_free_text: true\nquestions:").replace(
        "    type: text\n", "    type: text\n    redact: true\n"
    )
    session = load_yaml(text).start({"model": "secret", "power_light": True})
    assert [a.value for a in record(session).answers if a.question == "model"] == [REDACTED]


def test_format_mistakes_in_redact_and_record_free_text_are_diagnosed(
    check_yaml: Callable[[str], list[engine.Diagnostic]],
) -> None:
    text = TWO.replace("questions:", "settings:\n  record_free_text: maybe\nquestions:").replace(
        "    redact: true", "    redact: 3"
    )
    found = [(d.code, d.message) for d in check_yaml(text)]
    assert [code for code, _ in found] == ["G101", "G101"]
    assert "`record_free_text`" in found[0][1]
    assert "`redact`" in found[1][1]


@pytest.mark.parametrize(
    ("steps", "outcome", "expert", "expected"),
    [
        ({"power_light": False}, "fixed", False, Resolution.SOLVED),
        ({"power_light": False}, "not_fixed", False, Resolution.ESCALATED),
        ({"power_light": False}, "did_not_try", True, Resolution.ESCALATED),
        ({"power_light": False}, None, False, Resolution.SOLVED),  # confirmed, no feedback
        ({"power_light": True}, None, False, Resolution.ESCALATED),  # nothing confirmed
        ({}, None, False, Resolution.ABANDONED),
    ],
)
def test_where_a_consultation_ended(
    two: engine.Rulebase,
    steps: dict[str, engine.Value],
    outcome: str | None,
    expert: bool,
    expected: Resolution,
) -> None:
    session = two.start(steps)
    for question in ("model", "badge"):
        if steps:
            session.skip(question)
    if outcome is not None:
        session.record_outcome("plug_in_cable", outcome)
    found = record(session, expert_requested=expert)
    assert found.resolution is expected
    assert found.quit_at == ("power_light" if expected is Resolution.ABANDONED else None)


def test_a_bad_proficiency_is_an_engine_error(two: engine.Rulebase) -> None:
    with pytest.raises(engine.RecordError, match="'guru' is not a proficiency"):
        record(two.start(), proficiency="guru")


@pytest.mark.parametrize(
    "change",
    [
        lambda d: d.update(version=9),
        lambda d: d.update(started="yesterday"),
        lambda d: d.update(started="2026-03-14T09:00:00"),
        lambda d: d["answers"].append({"question": 1, "value": 1, "skipped": 0, "seconds": None}),
        lambda d: d["answers"].append(
            {"question": "q", "value": {}, "skipped": 0, "seconds": None}
        ),
        lambda d: d.pop("resolution"),
        lambda d: d.update(outcomes=[{"solution": "s", "outcome": "maybe"}]),
    ],
)
def test_corrupt_records_are_refused(
    two: engine.Rulebase, change: Callable[[dict[str, object]], None]
) -> None:
    data = record(two.start()).to_dict()
    change(data)
    with pytest.raises(engine.RecordError, match="not a consultation record"):
        record_from_dict(data)


@pytest.mark.parametrize(
    ("said", "advisory", "confirmed", "expected"),
    [
        ([engine.Outcome.DID_NOT_TRY], False, True, Resolution.UNRESOLVED),
        ([engine.Outcome.DID_NOT_TRY, engine.Outcome.FIXED], False, True, Resolution.SOLVED),
        ([engine.Outcome.CHOSEN], True, True, Resolution.ADVICE_TAKEN),
        ([], True, True, Resolution.UNRESOLVED),  # advice shown, none chosen
        ([], False, True, Resolution.SOLVED),
        ([], True, False, Resolution.ESCALATED),
    ],
)
def test_where_a_finished_consultation_ended(
    said: list[engine.Outcome], advisory: bool, confirmed: bool, expected: Resolution
) -> None:
    outcomes = tuple(engine.Feedback(f"s{n}", outcome) for n, outcome in enumerate(said))
    assert (
        resolve_ending(
            outcomes,
            finished=True,
            confirmed=confirmed,
            expert_requested=False,
            advisory=advisory,
        )
        is expected
    )


def test_advisory_is_a_setting(load_yaml: Callable[[str], engine.Rulebase]) -> None:
    assert not load_yaml(MINIMAL).settings.advisory
    advisory = load_yaml(
        MINIMAL.replace("questions:", "settings:\n  advisory: true\n\nquestions:", 1)
    )
    assert advisory.settings.advisory
    schema = engine.rulebase_schema()
    assert schema["$defs"]["settings"]["properties"]["advisory"]["type"] == "boolean"
    for name in ("software_testing", "test_design"):
        assert engine.load(engine.resolve(name)).settings.advisory
    assert not engine.load(engine.resolve("stock_count")).settings.advisory
