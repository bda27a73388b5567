"""The interactive wizard, driven with a scripted reader and a plain console."""

from __future__ import annotations

import datetime as dt
import io
import json
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from rich.console import Console

import engine
from wizards.screens import Screen, make_console, wants_plain
from wizards.terminal import Ending, Wizard

NOW = dt.datetime(2026, 3, 14, 9, 26, 53, tzinfo=dt.UTC)
#: The shipped articles' folder as a file:// URL, replaced so golden files travel.
ARTICLES = engine.resolve("stock_count").parent.resolve().as_uri()


class Script:
    """Feeds typed lines to the wizard, then raises what a person would cause."""

    def __init__(self, *lines: str, end: type[BaseException] = EOFError) -> None:
        self.lines: Iterator[str] = iter(lines)
        self.end = end
        self.prompts = 0

    def __call__(self, prompt: str) -> str:
        self.prompts += 1
        try:
            return next(self.lines)
        except StopIteration:
            raise self.end from None


def stock_count() -> engine.Rulebase:
    return engine.load(engine.resolve("stock_count"))


def wizard(
    script: Script, tmp_path: Path, session: engine.Session | None = None, width: int = 80
) -> tuple[Wizard, io.StringIO]:
    out = io.StringIO()
    screen = Screen(make_console(plain=True, file=out, width=width), plain=True)
    return Wizard(
        session or engine.start(stock_count()), screen, script, tmp_path / "saved.json", lambda: NOW
    ), out


def shown(out: io.StringIO) -> str:
    return out.getvalue().replace(ARTICLES, "file:///RULEBASES")


def flat(out: io.StringIO) -> str:
    """The output with line breaks and runs of spaces as single spaces."""
    return " ".join(shown(out).split())


def test_a_full_consultation_with_help_why_back_and_dont_know(tmp_path: Path) -> None:
    script = Script(
        "?",  # help for the first question
        "why",
        "b",  # nothing to go back to yet
        "3",  # not a choice: explained, asked again
        "system_lower",  # by id
        "s",  # I don't know the timing
        "b",  # ... changed my mind: back to the timing question
        "1",
        "units",  # counted in whole units, by id
        "zero",  # not a number
        "0",  # out of range
        "1 units per case",  # the unit is understood (as typed: the plural is fine too)
        "1",  # a delivery
        "partly_posted",
        "none",  # no receipt message waiting in the interface
        "q",
    )
    w, out = wizard(script, tmp_path)
    assert w.run() is Ending.CONFIRMED
    text = flat(out)
    assert "Compare the on-hand quantity the system shows" in text  # help
    assert "Read more: Article: Counting a location so the count can be trusted" in text
    # why, in the worker's words: one sentence, no ids
    assert "rules need your answer: it could lead to “" in text
    assert "Type why more for the rules behind it." in text
    assert "is asked because" not in text  # the rules behind it only with `why more`
    assert "This is the first question: there is nothing to go back to." in text
    assert "Not accepted: this question has no choice number 3" in text
    assert "Hint: choose a number from 1 to 2" in text
    assert "Back to: When you counted, was every movement" in text
    assert "Not accepted: this question expects a number, not `zero`" in text
    assert "Hint: type a whole number from 1 to 10000 units per case, digits only" in text
    assert "expects a whole number from 1 to 10000 units per case, not 0" in text
    assert "1. Correct the receipt to match what arrived Confirmed, certainty 90%" in text
    assert w.session.skipped == frozenset()
    assert w.session.answers["count_timing"] == "all_posted"
    # Finished: kept, but no longer offered for --resume.
    assert json.loads((tmp_path / "saved.json").read_text())["wizard"]["status"] == "finished"


def test_progress_is_shown_with_each_question(tmp_path: Path) -> None:
    w, out = wizard(Script("2"), tmp_path)
    assert w.run() is Ending.STOPPED
    text = shown(out)
    assert "Question 1 (0 answered; 1 to 28 more questions)" in text
    assert "Question 2 (1 answered; 1 to 23 more questions)" in text
    assert "? help · why · b back · s don't know · c answers · q quit" in text


@pytest.mark.parametrize("end", [EOFError, KeyboardInterrupt])
def test_end_of_input_or_ctrl_c_saves_and_says_how_to_resume(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, end: type[BaseException]
) -> None:
    monkeypatch.chdir(tmp_path)
    w, out = wizard(Script("2", "1", end=end), tmp_path)
    assert w.run() is Ending.STOPPED
    assert flat(out).endswith(
        f"Stopped. Your answers are saved in {tmp_path / 'saved.json'}"
        " To continue where you stopped, run: guide run --resume saved.json"
    )
    saved = json.loads((tmp_path / "saved.json").read_text(encoding="utf-8"))
    assert saved["events"] == [
        {"answer": "discrepancy_direction", "value": "system_lower"},
        {"answer": "count_timing", "value": "all_posted"},
    ]
    resumed = engine.resume(stock_count(), saved)
    assert resumed.next_question() is not None
    assert resumed.next_question().id == "item_measure"  # type: ignore[union-attr]


def test_quit_at_a_question_saves_too(tmp_path: Path) -> None:
    w, out = wizard(Script("2", "q"), tmp_path)
    assert w.run() is Ending.STOPPED
    assert "Stopped. Your answers are saved in" in shown(out)
    assert (tmp_path / "saved.json").is_file()


def test_ctrl_c_at_the_result_saves_the_finished_session(tmp_path: Path) -> None:
    session = engine.start(stock_count(), {"discrepancy_direction": "system_higher"})
    w, _ = wizard(Script("2", "3", end=KeyboardInterrupt), tmp_path, session)
    assert w.run() is Ending.STOPPED
    assert (tmp_path / "saved.json").is_file()


def test_a_session_that_cannot_be_saved_where_asked_goes_to_the_temporary_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # With no data directory given, the system's temporary folder is the last resort.
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    out = io.StringIO()
    screen = Screen(make_console(plain=True, file=out, width=200), plain=True)
    target = tmp_path / "missing-folder" / "saved.json"
    w = Wizard(engine.start(stock_count()), screen, Script("2"), target, lambda: NOW)
    assert w.run() is Ending.STOPPED
    assert f"{target}: the session cannot be saved (No such file or directory)" in out.getvalue()
    kept = tmp_path / "tmp" / "saved.json"
    assert f"Your answers are saved in {kept} instead." in out.getvalue()
    assert json.loads(kept.read_text(encoding="utf-8"))["events"] == [
        {"answer": "discrepancy_direction", "value": "system_lower"}
    ]


def test_w_never_writes_over_a_file_that_is_not_a_summary(tmp_path: Path) -> None:
    rulebase = tmp_path / "stock_count.yaml"
    rulebase.write_text("format: 1\n", encoding="utf-8")
    script = Script(f"w {rulebase}", f"w {tmp_path / 'h.md'}", f"w {tmp_path / 'h.md'}", "q")
    w, out = wizard(script, tmp_path, delivery_partly_posted())
    assert w.run() is Ending.CONFIRMED
    assert rulebase.read_text(encoding="utf-8") == "format: 1\n"
    assert f"{rulebase}: is not a summary for the expert, so it is not written over" in flat(out)
    assert flat(out).count(f"Saved the summary for the expert in {tmp_path / 'h.md'}") == 2


def delivery_partly_posted() -> engine.Session:
    return engine.start(
        stock_count(),
        {
            "discrepancy_direction": "system_lower",
            "count_timing": "all_posted",
            "item_measure": "units",
            "pack_size": 1,
            "recent_activity": ["delivery"],
            "receipt_posted": "partly_posted",
            "receipt_message": "none",
        },
    )


def test_result_commands(tmp_path: Path) -> None:
    script = Script(
        "h",
        "h 9",
        "a 1",
        "a 7",
        "dance",
        "e",
        f"w {tmp_path / 'to-expert.md'}",
        "q",
    )
    w, out = wizard(script, tmp_path, delivery_partly_posted())
    assert w.run() is Ending.CONFIRMED
    text = shown(out)
    # how, in the worker's words: the title, a percentage, the answer's text
    assert "“Correct the receipt to match what arrived” is confirmed (certainty 90%)." in text
    assert "was answered “Only part of it is received" in flat(out)
    assert "0.90" not in text and "rule `" not in text
    assert (
        "Not accepted: there is no such recommendation\nHint: type h and a number from 1 to 1"
        in (text)
    )
    assert "## Receiving a supplier delivery" in text  # the article, as Markdown text
    assert "Not accepted: there is no such article\nHint: type a and a number from 1 to 1" in text
    assert "Not accepted: `dance` is not a command here" in text
    assert "# Handover: Stock on the shelf does not match the system" in text
    assert f"Saved the summary for the expert in {tmp_path / 'to-expert.md'}" in flat(out)
    saved = (tmp_path / "to-expert.md").read_text(encoding="utf-8")
    assert saved.startswith("# Handover: Stock on the shelf does not match the system\n")
    assert "Date: 2026-03-14 09:26 UTC." in saved


def test_the_fix_did_not_work_offers_the_expert_and_exits_not_confirmed(tmp_path: Path) -> None:
    w, out = wizard(Script("n", "w", "q"), tmp_path, delivery_partly_posted())
    assert w.run() is Ending.NOT_CONFIRMED
    text = shown(out)
    assert "The fix did not work: an expert can take it from here.\n" in text
    assert (
        "  Receiving team lead, main warehouse\n"
        "    Contact: receiving@example.com, extension 2041\n"
        "    Knows about: deliveries, purchase orders, put-away, receiving discrepancies\n"
    ) in text
    handover = (tmp_path / "saved-handover.md").read_text(encoding="utf-8")
    assert "The worker followed Guide's recommendation, and the fix did not work." in handover


def test_nothing_confirmed_offers_the_expert(tmp_path: Path) -> None:
    session = engine.start(stock_count())
    for _ in range(40):
        prompt = session.next_question()
        if prompt is None:
            break
        session.skip(prompt.id)
    w, out = wizard(Script(), tmp_path, session)  # end of input at the result: done
    assert w.run() is Ending.NOT_CONFIRMED
    text = shown(out)
    assert "No solution is confirmed: an expert can take it from here." in text
    assert "Type e to show a summary to copy for them, or w [FILE] to save it." in text


def test_back_from_the_result_asks_the_last_question_again(tmp_path: Path) -> None:
    w, out = wizard(Script("b", "b", "matches", "q"), tmp_path, delivery_partly_posted())
    w.run()
    assert "Back to: Compare the signed delivery note" in shown(out)
    assert w.session.answers["receipt_posted"] == "matches"


def test_reading_the_question_article(tmp_path: Path) -> None:
    w, out = wizard(Script("??", "q"), tmp_path)
    assert w.run() is Ending.STOPPED
    assert "# Counting a location so the count can be trusted" in shown(out)


def test_multiple_choice_and_text_answers(tmp_path: Path) -> None:
    script = Script("2", "1", "1", "6", "", "CS", "3 picking", "picking", "short", "q")
    w, out = wizard(script, tmp_path)
    assert w.run() is Ending.CONFIRMED
    assert "Type an answer, or ? for help." in shown(out)
    assert "lists the same choice twice" in shown(out)
    assert w.session.answers["system_unit"] == "CS"
    assert w.session.answers["recent_activity"] == ("picking",)
    assert w.session.recommendations()[0].solution.id == "correct_picking_error"


def test_sixty_columns_wrap_without_trailing_spaces(tmp_path: Path) -> None:
    w, out = wizard(Script("2", "1", "1", "1", "1", "2", "2", "q"), tmp_path, width=60)
    w.run()
    lines = shown(out).splitlines()
    assert all(line == line.rstrip() for line in lines)
    assert all(len(line) <= 60 for line in lines if "file:///" not in line)
    assert "\x1b" not in out.getvalue()


class FakeStream(io.StringIO):
    def __init__(self, tty: bool) -> None:
        super().__init__()
        self.tty = tty

    def isatty(self) -> bool:
        return self.tty


@pytest.mark.parametrize(
    ("flag", "tty", "term", "plain"),
    [
        (False, True, "xterm-256color", False),
        (True, True, "xterm-256color", True),  # --plain
        (False, False, "xterm-256color", True),  # a pipe or a file
        (False, True, "dumb", True),
    ],
)
def test_plain_mode_is_chosen_for_pipes_dumb_terminals_and_on_request(
    monkeypatch: pytest.MonkeyPatch, flag: bool, tty: bool, term: str, plain: bool
) -> None:
    monkeypatch.setenv("TERM", term)
    assert wants_plain(flag, FakeStream(tty)) is plain


def test_terminal_mode_has_colour_a_one_line_banner_links_and_rendered_markdown(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)
    out = io.StringIO()
    console = Console(file=out, force_terminal=True, color_system="truecolor", width=80)
    w = Wizard(
        delivery_partly_posted(), Screen(console, plain=False), Script("a 1", "q"),
        tmp_path / "s.json", lambda: NOW,
    )  # fmt: skip
    assert w.run() is Ending.CONFIRMED
    text = out.getvalue()
    assert "╭" not in text  # the banner is one line, not a frame
    assert text.startswith("\x1b[1mStock on the shelf does not match the system (version 2.1)")
    assert "\x1b[1;32m" in text  # confirmed, in bold green
    assert "\x1b]8;id=" in text and f"{ARTICLES}/articles/receiving_and_putaway.md" in text
    assert "## Receiving a supplier delivery" not in text  # Markdown is rendered
    assert "Receiving a supplier delivery" in text


def test_a_refused_choice_is_said_in_the_workers_words(tmp_path: Path) -> None:
    out = io.StringIO()
    screen = Screen(make_console(plain=True, file=out, width=100), plain=True)
    session = engine.start(engine.load(engine.resolve("stock_count")))
    Wizard(
        session, screen, Script("system_highr", "x", "q"), tmp_path / "s.json", lambda: NOW
    ).run()
    text = " ".join(out.getvalue().split())
    assert "Not accepted: this question has no choice `system_highr`" in text
    assert "Hint: did you mean 1. “The system shows more than I counted" in text
    assert "Not accepted: this question has no choice `x` Hint: type a number from 1 to 2" in text
    assert "discrepancy_direction" not in text
