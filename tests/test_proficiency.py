"""Steps and summaries by proficiency, and the worker's context a session keeps.

A novice reads the fuller form of a step, an expert the short one, everyone
else the text for all; the session keeps the proficiency, the articles opened
and the time per question through back and save/resume.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import math
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import HEADER

import engine
from engine.errors import Diagnostic
from engine.model import Rulebase
from tests.test_cli_run import SHRINKAGE
from tests.test_schema import EXPRESSIBLE, VALIDATOR, as_json
from tests.test_wizard_terminal import NOW, Script, delivery_partly_posted, shown, stock_count
from wizards.screens import Screen, make_console
from wizards.terminal import Wizard

QUESTIONS = """\
questions:
  - id: power_light
    text: Is the power light on?
    type: yes_no
  - id: socket
    text: Which socket did you try?
    type: text
rules:
  - id: no_power
    when:
      question: power_light
      is: no
    then:
      suggest: plug_in_cable
      certainty: 0.9
solutions:
  - id: plug_in_cable
    title: Plug the power cable in firmly
"""

#: A solution with a summary and steps in every form (the block that follows QUESTIONS).
FORMS = """\
    summary:
      text: The printer gets no power.
      novice: The printer gets no power from the wall, so nothing else can work yet.
      expert: No power.
    steps:
      - Switch the printer off.
      - do: Push the cable into the back of the printer.
        novice: "Find the black cable at the back, on the left, and push it in until it
          clicks (the light is {{ answers.power_light }})."
        expert: Reseat the cable.
      - do: Try another socket.
        novice: Plug the other end into another wall socket, not a power strip.
    articles: [cables, manual]
articles:
  - id: cables
    title: Power cables
    file: articles/cables.md
  - id: manual
    title: The printer's manual
    url: https://example.com/manual
"""

KIT = HEADER + QUESTIONS + FORMS
#: Where the solution's block starts: its lines are numbered from here in the checks below.
BLOCK = (HEADER + QUESTIONS).count("\n")


@pytest.fixture
def kit(tmp_path: Path, load_yaml: Callable[[str], Rulebase]) -> Rulebase:
    (tmp_path / "articles").mkdir()
    (tmp_path / "articles" / "cables.md").write_text(
        "# Power cables\n\nThe light was {{ answers.power_light }}.\n", encoding="utf-8"
    )
    return load_yaml(KIT)


# --- the rule-base format --------------------------------------------------------------


def test_the_forms_land_in_the_model(kit: Rulebase) -> None:
    solution = kit.solution_by_id["plug_in_cable"]
    assert solution.summary == "The printer gets no power."
    assert solution.summary_novice.startswith("The printer gets no power from the wall")
    assert solution.summary_expert == "No power."
    plain, both, novice_only = solution.steps
    assert (plain.text, plain.novice, plain.expert) == ("Switch the printer off.", None, None)
    assert both.text == "Push the cable into the back of the printer."
    assert both.expert == "Reseat the cable."
    assert (novice_only.novice is not None, novice_only.expert) == (True, None)
    assert (both.span.line, both.span.column) == (BLOCK + 7, 9)


@pytest.mark.parametrize(
    ("level", "summary", "steps"),
    [
        (None, "The printer gets no power.", ["Switch", "Push the cable", "Try another"]),
        ("intermediate", "The printer gets no power.", ["Switch", "Push the cable", "Try"]),
        ("novice", "The printer gets no power from", ["Switch", "Find the black", "Plug the"]),
        ("expert", "No power.", ["Switch", "Reseat the cable.", "Try another socket."]),
    ],
)
def test_each_level_reads_its_form_and_falls_back_to_the_text_for_everyone(
    kit: Rulebase, level: str | None, summary: str, steps: list[str]
) -> None:
    proficiency = None if level is None else engine.Proficiency(level)
    solution = kit.solution_by_id["plug_in_cable"]
    assert solution.summary_for(proficiency).startswith(summary)
    for step, start in zip(solution.steps, steps, strict=True):
        assert step.for_level(proficiency).startswith(start)


def problems(found: list[Diagnostic]) -> list[tuple[int, int, str, str, str | None]]:
    """Each problem as (line in the solution block, column, code, message, hint)."""
    return [(d.span.line - BLOCK, d.span.column, d.code, d.message, d.hint) for d in found]


NOT_A_STEP = (
    "write the text on one line, or `do:` for everyone with `novice:` and `expert:` below it"
)
MISSING_DO = (
    "add `do:` with the text every worker reads; "
    "`novice` and `expert` only replace it for those workers"
)


@pytest.mark.parametrize(
    ("block", "expected"),
    [
        (
            "    steps:\n      - text: Push the cable in.\n        novice: Push it in hard.\n",
            [
                (2, 9, "G102", "unknown key `text` in a step; did you mean `do`?",
                 "change `text` to `do`; the keys of a step are: do, novice, expert"),
                (2, 9, "G103", "missing key `do` in a step", MISSING_DO),
            ],
        ),
        (
            "    steps:\n      - do: Push the cable in.\n        novise: Push it in hard.\n",
            [
                (3, 9, "G102", "unknown key `novise` in a step; did you mean `novice`?",
                 "change `novise` to `novice`; the keys of a step are: do, novice, expert"),
            ],
        ),
        (
            "    steps:\n      - expert: Reseat it.\n",
            [(2, 9, "G103", "missing key `do` in a step", MISSING_DO)],
        ),
        (
            "    steps:\n      - do: 42\n",
            [(2, 13, "G101", "expected text for `do` in a step, found a number `42`",
              'put it in quotes: `"42"`')],
        ),
        (
            '    steps:\n      - do: Push the cable in.\n        novice: ""\n',
            [(3, 17, "G105", "`novice` in a step is empty",
              "write the fuller text for novices, or remove `novice`: novices then read the "
              "text for everyone")],
        ),
        (
            "    steps:\n      - do: '  '\n        expert: Reseat it.\n",
            [(2, 13, "G105", "`do` in a step is empty", "write the step for every worker")],
        ),
        (
            "    steps:\n      - do: Push the cable in.\n        expert:\n",
            [(3, 16, "G101", "expected text for `expert` in a step, found nothing",
              "write a value after the colon, or remove the key")],
        ),
        (
            "    steps:\n      - 42\n",
            [(2, 9, "G101",
              "expected text, or a section with `do`, for an item of `steps`, found a number `42`",
              'put it in quotes: `"42"`')],
        ),
        (
            "    steps:\n      - [Push, the cable]\n",
            [(2, 9, "G101",
              "expected text, or a section with `do`, for an item of `steps`, found a list",
              NOT_A_STEP)],
        ),
        (
            "    steps:\n      -\n      - Try another socket.\n",
            [(2, 8, "G101",
              "expected text, or a section with `do`, for an item of `steps`, found nothing",
              "write the step after the dash, or remove the empty item")],
        ),
        (
            "    summary:\n      do: No power.\n",
            [
                (2, 7, "G102", "unknown key `do` in a summary; did you mean `text`?",
                 "change `do` to `text`; the keys of a summary are: text, novice, expert"),
                (2, 7, "G103", "missing key `text` in a summary",
                 "add `text:` with the text every worker reads; "
                 "`novice` and `expert` only replace it for those workers"),
            ],
        ),
        (
            "    summary:\n      text: No power.\n      expert: [No, power]\n",
            [(3, 15, "G101", "expected text for `expert` in a summary, found a list",
              "write a single value here; for text over several lines use `|` and indent "
              "the lines")],
        ),
        (
            "    summary: [No power]\n",
            [(1, 14, "G101",
              "expected text, or a section with `text`, for `summary`, found a list",
              "write the text on one line, or `text:` for everyone with `novice:` and "
              "`expert:` below it")],
        ),
        (
            "    steps:\n      - do: Push the cable in.\n        novice: 'Push {{ answers. }}'\n",
            [(3, 17, "G111",
              "the template cannot be read: expected name or number",
              "write answers as `{{ answers.QUESTION_ID }}`; to show `{{` literally use "
              "`{% raw %}{{{% endraw %}`")],
        ),
        (
            "    steps:\n      - do: Push the cable in.\n"
            "        expert: 'Light {{ answers.power_lite }}.'\n",
            [(3, 17, "G202",
              "the template uses `answers.power_lite`, but there is no question `power_lite`; "
              "did you mean `power_light`?",
              "change `answers.power_lite` to `answers.power_light`")],
        ),
    ],
)  # fmt: skip
def test_every_mistake_in_the_forms_is_told_where_it_is_with_a_fix(
    check_yaml: Callable[[str], list[Diagnostic]],
    block: str,
    expected: list[tuple[int, int, str, str, str | None]],
) -> None:
    found = [d for d in check_yaml(HEADER + QUESTIONS + block) if d.code < "G3"]
    assert problems(found) == expected
    # The editor's schema underlines the same mistakes, except what is inside a template.
    document = as_json(yaml.safe_load(HEADER + QUESTIONS + block))
    assert bool(list(VALIDATOR.iter_errors(document))) is (expected[0][2] in EXPRESSIBLE)


def test_the_schema_accepts_every_form(kit: Rulebase) -> None:
    document = as_json(yaml.safe_load(KIT))
    assert list(VALIDATOR.iter_errors(document)) == []


def test_a_solution_without_steps_is_still_told_so(write_yaml: Callable[[str], Path]) -> None:
    path = write_yaml(HEADER + QUESTIONS + "    summary:\n      text: No power.\n")
    assert ("G323", "solution `plug_in_cable` has no steps") in [
        (d.code, d.message) for d in engine.check(path)
    ]


# --- the session picks the form ----------------------------------------------------------


@pytest.mark.parametrize(
    ("level", "summary", "second_step"),
    [
        (None, "The printer gets no power.", "Push the cable into the back of the printer."),
        ("intermediate", "The printer gets no power.", "Push the cable into the back of the "
         "printer."),
        ("novice", "The printer gets no power from the wall, so nothing else can work yet.",
         "Find the black cable at the back, on the left, and push it in until it clicks (the "
         "light is no)."),
        ("expert", "No power.", "Reseat the cable."),
    ],
)  # fmt: skip
def test_the_session_gives_the_form_for_the_workers_proficiency(
    kit: Rulebase, level: str | None, summary: str, second_step: str
) -> None:
    session = kit.start({"power_light": False})
    session.set_proficiency(level)
    assert session.summary("plug_in_cable") == summary
    assert session.steps("plug_in_cable")[1] == second_step
    (recommended,) = session.handover(now=NOW).recommended
    assert (recommended.summary, recommended.steps[1]) == (summary, second_step)


def test_set_proficiency_takes_a_level_or_its_name_and_refuses_anything_else(
    kit: Rulebase,
) -> None:
    session = kit.start()
    assert session.proficiency is None
    session.set_proficiency(engine.Proficiency.EXPERT)
    assert session.proficiency is engine.Proficiency.EXPERT
    session.set_proficiency(" Novice ")
    assert session.proficiency is engine.Proficiency.NOVICE
    for bad in ("guru", "", 3, ["novice"]):
        with pytest.raises(engine.ContextError) as caught:
            session.set_proficiency(bad)  # type: ignore[arg-type]
        assert str(caught.value) == f"{bad!r} is not a proficiency"
        assert caught.value.hint == "use one of: novice, intermediate, expert"
    assert session.proficiency is engine.Proficiency.NOVICE  # a refused value changes nothing
    session.set_proficiency(None)
    assert session.proficiency is None


def test_open_article_reads_like_article_text_and_records_each_article_once(
    kit: Rulebase,
) -> None:
    session = kit.start({"power_light": False})
    assert session.article_text("cables") == "# Power cables\n\nThe light was no.\n"
    assert session.articles_opened == ()  # article_text only reads
    assert session.open_article("manual") is None  # a link only: opened all the same
    assert session.open_article("cables") == "# Power cables\n\nThe light was no.\n"
    session.open_article("manual")
    assert session.articles_opened == ("manual", "cables")
    for bad in ("nope", 7):
        with pytest.raises(engine.ContextError, match="there is no article"):
            session.open_article(bad)  # type: ignore[arg-type]
    assert session.articles_opened == ("manual", "cables")


def test_an_article_that_cannot_be_read_is_not_recorded_as_opened(
    kit: Rulebase, tmp_path: Path
) -> None:
    (tmp_path / "articles" / "cables.md").unlink()
    session = kit.start()
    with pytest.raises(engine.RenderError):
        session.open_article("cables")
    assert session.articles_opened == ()


def test_add_seconds_adds_up_per_question_and_refuses_what_is_not_a_time(
    kit: Rulebase,
) -> None:
    session = kit.start()
    session.add_seconds("power_light", 2.5)
    session.add_seconds("socket", 1)
    session.add_seconds("power_light", 4)
    assert session.seconds == {"power_light": 6.5, "socket": 1.0}
    with pytest.raises(engine.ContextError, match="there is no question `nope`"):
        session.add_seconds("nope", 1)
    for bad in (-1, math.nan, math.inf, True, "3"):
        with pytest.raises(engine.ContextError, match="seconds"):
            session.add_seconds("socket", bad)  # type: ignore[arg-type]
    assert session.seconds == {"power_light": 6.5, "socket": 1.0}
    session.seconds["socket"] = 99  # a copy: the session keeps its own
    assert session.seconds["socket"] == 1.0


def worked(kit: Rulebase) -> engine.Session:
    """A consultation with every part of the worker's context set."""
    session = kit.start()
    session.set_proficiency("novice")
    session.open_article("cables")
    session.add_seconds("power_light", 12.0)
    session.answer("power_light", False)
    return session


def test_back_undoes_the_answer_but_keeps_the_workers_context(kit: Rulebase) -> None:
    session = worked(kit)
    assert session.back() == "power_light"
    assert session.answers == {}
    assert session.proficiency is engine.Proficiency.NOVICE
    assert session.articles_opened == ("cables",)
    assert session.seconds == {"power_light": 12.0}


def test_save_and_resume_keep_the_workers_context(kit: Rulebase) -> None:
    session = worked(kit)
    data = json.loads(json.dumps(session.to_dict()))
    assert data["version"] == 4
    assert (data["proficiency"], data["articles_opened"], data["seconds"]) == (
        "novice",
        ["cables"],
        {"power_light": 12.0},
    )
    resumed = kit.resume(data)
    assert resumed.proficiency is engine.Proficiency.NOVICE
    assert resumed.articles_opened == ("cables",)
    assert resumed.seconds == {"power_light": 12.0}
    assert resumed.steps("plug_in_cable") == session.steps("plug_in_cable")
    assert resumed.to_dict() == session.to_dict()


@pytest.mark.parametrize("version", [1, 2])
def test_older_saved_sessions_are_read_with_an_empty_context(kit: Rulebase, version: int) -> None:
    data = worked(kit).to_dict()
    data["version"] = version
    resumed = kit.resume(data)
    assert resumed.answers == {"power_light": False}
    assert (resumed.proficiency, resumed.articles_opened, resumed.seconds) == (None, (), {})
    assert resumed.to_dict()["version"] == 4


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("proficiency", "guru", "saved session's `proficiency` is 'guru', not one of novice, "
         "intermediate, expert (or null)"),
        ("proficiency", 2, "saved session's `proficiency` is 2, not one of"),
        ("articles_opened", "cables", "saved session's `articles_opened` is not a list"),
        ("articles_opened", [1], "saved session's `articles_opened` item 1 is not an id"),
        ("articles_opened", ["gone"], "saved session's `articles_opened` names article `gone`, "
         "which 'printer' does not have"),
        ("articles_opened", ["cables", "cables"], "names `cables` twice"),
        ("seconds", [], "saved session's `seconds` is not a section of question: seconds"),
        ("seconds", {"gone": 1}, "saved session's `seconds` names question `gone`, which "
         "'printer' does not have"),
        ("seconds", {"socket": -1}, "saved session's `seconds` for `socket`: -1 is not a "
         "time: seconds must be a finite number, at least 0"),
        ("seconds", {"socket": "1"}, "for `socket`: '1' is not a number of seconds"),
        ("seconds", {"socket": math.inf}, "for `socket`: inf is not a time"),
    ],
)  # fmt: skip
def test_a_corrupt_context_is_refused_precisely(
    kit: Rulebase, field: str, value: Any, message: str
) -> None:
    data = worked(kit).to_dict()
    data[field] = value
    with pytest.raises(engine.SessionError) as caught:
        kit.resume(data)
    assert message in str(caught.value)


# --- the wizard ---------------------------------------------------------------------------


def run_wizard(
    script: Script, tmp_path: Path, session: engine.Session, **options: Any
) -> tuple[Wizard, str, list[engine.ConsultationRecord]]:
    out = io.StringIO()
    kept: list[engine.ConsultationRecord] = []
    screen = Screen(make_console(plain=True, file=out, width=100), plain=True)
    wizard = Wizard(
        session, screen, script, tmp_path / "saved.json", lambda: NOW, record=kept.append,
        **options,
    )  # fmt: skip
    wizard.run()
    return wizard, " ".join(shown(out).split()), kept


DO = "If the delivery, or part of it, is not received in any system, receive the missing lines"
NOVICE = "open the purchase order, choose the lines that are still open, and receive them"
EXPERT = "Receive the open lines for the quantity that arrived, never the quantity ordered."


@pytest.mark.parametrize(
    ("typed", "shows", "hides"),
    [
        ("1", [NOVICE, "Until the receipt is corrected"], [DO, EXPERT]),
        ("2", [DO, "The delivery was not received in the system"], [NOVICE, EXPERT]),
        ("expert", [EXPERT, "Receipt missing, partial, over-received or on the wrong item."],
         [DO, NOVICE]),
        ("", [DO], [NOVICE, EXPERT]),  # not said: the text for everyone
    ],
)  # fmt: skip
def test_the_wizard_shows_each_worker_the_form_for_what_they_said(
    tmp_path: Path, typed: str, shows: list[str], hides: list[str]
) -> None:
    session = delivery_partly_posted()
    _, text, kept = run_wizard(Script(typed, "q"), tmp_path, session, ask_proficiency=True)
    assert "How familiar are you with this task?" in text
    for words in shows:
        assert words in text
    for words in hides:
        assert words not in text
    assert kept[0].proficiency is session.proficiency


def test_the_wizard_times_questions_in_the_session_and_the_time_survives_a_resume(
    tmp_path: Path,
) -> None:
    ticks = iter(range(0, 1000, 5))

    def clock() -> dt.datetime:
        return NOW + dt.timedelta(seconds=next(ticks))

    session = stock_count().start()
    out = io.StringIO()
    screen = Screen(make_console(plain=True, file=out, width=100), plain=True)
    Wizard(session, screen, Script("2", "q"), tmp_path / "saved.json", clock).run()
    first = session.seconds
    assert set(first) == {"discrepancy_direction", "count_timing"}  # answered, and stopped at

    saved = json.loads((tmp_path / "saved.json").read_text(encoding="utf-8"))
    resumed = stock_count().resume(saved)
    assert resumed.seconds == first
    kept: list[engine.ConsultationRecord] = []
    Wizard(
        resumed, screen, Script("1", "1", "1", "1", "partly_posted", "none", "q"),
        tmp_path / "saved.json", clock, record=kept.append,
    ).run()  # fmt: skip
    (record,) = kept
    timed = {a.question: a.seconds for a in record.answers}
    assert timed["discrepancy_direction"] == first["discrepancy_direction"]
    assert timed["count_timing"] > first["count_timing"]  # before the stop, and after


def test_a_resumed_session_that_knows_the_proficiency_is_not_asked_again(
    tmp_path: Path,
) -> None:
    session = stock_count().start()
    session.set_proficiency("expert")
    resumed = stock_count().resume(json.loads(json.dumps(session.to_dict())))
    _, text, kept = run_wizard(Script("q"), tmp_path, resumed, ask_proficiency=True)
    assert "How familiar" not in text
    assert kept[0].proficiency is engine.Proficiency.EXPERT
    saved = json.loads((tmp_path / "saved.json").read_text(encoding="utf-8"))
    assert saved["proficiency"] == "expert"


def test_articles_read_at_a_question_and_at_the_result_are_recorded_in_the_session(
    tmp_path: Path,
) -> None:
    session = stock_count().start(
        {
            "discrepancy_direction": "system_lower",
            "count_timing": "all_posted",
            "item_measure": "units",
            "pack_size": 1,
        }
    )
    script = Script("??", "delivery", "partly_posted", "none", "a 1", "a 1", "e", "q")
    _, text, _ = run_wizard(script, tmp_path, session)
    # At a question with ??, then at the result with a 1, twice: each article once.
    assert session.articles_opened == ("transaction_history", "receiving_and_putaway")
    assert (
        "Articles the worker already read: Article: Reading an item's transaction history; "
        "Article: Receiving, put-away and transfers without stock errors." in text
    )


# --- the command line ---------------------------------------------------------------------


def guide(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    import cli

    code = cli.main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("COLUMNS", "80")
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    return tmp_path


def test_guide_run_proficiency_expert_prints_the_short_forms(
    capsys: pytest.CaptureFixture[str], here: Path
) -> None:
    code, out, err = guide(capsys, "run", "stock_count", "--proficiency", "expert", "--no-input",
                           *SHRINKAGE)  # fmt: skip
    assert (code, err) == (0, "")
    assert (
        "1. Record the loss and report it to loss prevention\n"
        "   Confirmed, certainty 84%\n"
        "   Unexplained loss: adjust as unknown loss and report to loss prevention.\n"
        "   Steps:\n"
        "     1. Do not confront or accuse anyone, and do not discuss suspicions on the\n"
        "        shop floor. Report facts only.\n"
        "     2. Keep packaging and tags as evidence, bagged and labelled.\n"
        "     3. Adjust with the unknown-loss reason code, approved by someone who did\n"
        "        not count: supervisor within the site's tolerance, inventory control and\n"
        "        the controller above it.\n"
        "     4. Report the figures and findings to loss prevention.\n"
    ) in out


def test_guide_run_proficiency_novice_writes_the_detail_into_the_report(
    capsys: pytest.CaptureFixture[str], here: Path
) -> None:
    code, _, _ = guide(capsys, "run", "stock_count", "--proficiency=novice", "--no-input",
                       *SHRINKAGE, "--report", "r.md")  # fmt: skip
    assert code == 0
    report = (here / "r.md").read_text(encoding="utf-8")
    assert "The worker's familiarity with the task: novice." in report
    assert "2. Leave any empty packaging, removed security tags or labels where you found" in (
        report
    )
    assert "Adjust with the unknown-loss reason code." not in report


def test_guide_run_proficiency_is_kept_in_the_json_session_and_over_a_resume(
    capsys: pytest.CaptureFixture[str], here: Path
) -> None:
    code, out, _ = guide(capsys, "run", "stock_count", "--json", "--proficiency", "novice",
                         *SHRINKAGE[:2])  # fmt: skip
    assert code == 2  # questions left: the outcome is printed all the same
    (here / "s.json").write_text(json.dumps(json.loads(out)["session"]), encoding="utf-8")
    code, out, _ = guide(capsys, "run", "--resume", "s.json", "--no-input", *SHRINKAGE[2:])
    assert code == 0
    assert "Units are missing from the shelf, and none of the checks found" in out
    code, out, _ = guide(capsys, "run", "--resume", "s.json", "--proficiency", "expert",
                         "--no-input", *SHRINKAGE[2:])  # fmt: skip
    assert "Unexplained loss: adjust as unknown loss" in out


def test_guide_run_refuses_an_unknown_proficiency(
    capsys: pytest.CaptureFixture[str], here: Path
) -> None:
    code, _, err = guide(capsys, "run", "stock_count", "--proficiency", "guru", "--no-input")
    assert code == 2
    assert "Invalid value for '--proficiency'" in err
    assert "'guru' is not one of" in err
