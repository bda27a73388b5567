"""The result screen: an overview of several recommendations, one in full at a time,
and the advisory question; golden files at 40 columns (a phone-sized terminal)."""

from __future__ import annotations

import io
from pathlib import Path

import engine
from tests.test_wizard_feedback import software_testing_discount_rule
from tests.test_wizard_terminal import ARTICLES, NOW, Script, delivery_partly_posted
from wizards.screens import Screen, make_console
from wizards.terminal import Ending, Wizard

GOLDEN = Path(__file__).parent / "golden"


def run_wizard(
    session: engine.Session, tmp_path: Path, *typed: str, width: int = 40
) -> tuple[Ending, str]:
    out = io.StringIO()
    screen = Screen(make_console(plain=True, file=out, width=width), plain=True)
    wizard = Wizard(session, screen, Script(*typed), tmp_path / "s.json", lambda: NOW)
    ending = wizard.run()
    return ending, out.getvalue().replace(ARTICLES, "file:///RULEBASES")


def golden(name: str, text: str, update: bool) -> None:
    path = GOLDEN / name
    if update:
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8")
    assert max(len(line) for line in text.splitlines() if "file://" not in line) <= 40


def test_several_recommendations_come_as_an_overview_then_one_in_full(
    tmp_path: Path, update_golden: bool
) -> None:
    ending, text = run_wizard(software_testing_discount_rule(), tmp_path, "3", "9", "u 1 3")
    assert ending is Ending.CONFIRMED
    result = text[text.index("Result") :]
    overview = result[: result.index("\n1. Decision table testing")]
    assert "3 recommendations, best first:" in overview
    assert "1. Decision table testing (confirmed," in overview
    assert "3. Equivalence partitioning" in overview
    # Only the first in full, until the worker asks for another by its number.
    assert result.count("Steps:") == 2
    assert "\n3. Equivalence partitioning\n   Suggested, certainty 51%" in result
    assert "\n2. Boundary value analysis\n" not in result
    assert "Not accepted: there is no such\nrecommendation" in result
    golden("wizard_advisory_overview_40.txt", text, update_golden)


def test_one_recommendation_needs_no_overview(tmp_path: Path) -> None:
    _, text = run_wizard(delivery_partly_posted(), tmp_path, "y", width=80)
    assert "best first" not in text
    assert "1. Correct the receipt to match what arrived" in text


def test_not_fixed_shows_the_next_recommendation_in_full(tmp_path: Path) -> None:
    session = engine.load(engine.resolve("stock_count")).start(
        {
            "discrepancy_direction": "system_higher",
            "count_timing": "all_posted",
            "item_measure": "units",
            "pack_size": 1,
            "recent_activity": ["till_sales"],
            "history_findings": ["missing_sales"],
            "tracking": "not_tracked",
            "negative_elsewhere": False,
            "interface_status": "no_errors",
            "shelf_check": ["empty_packaging"],
            "recount_result": "same",
        }
    )
    titles = [r.solution.title for r in session.recommendations()]
    assert len(titles) >= 2
    _, text = run_wizard(session, tmp_path, "n", "q", width=80)
    after = text[text.index("Did 1.") :]
    assert f"\n2. {titles[1]}\n" in after  # its details, before the question about it
    assert after.index(f"\n2. {titles[1]}\n") < after.index(f"Did 2. “{titles[1]}”")


def test_after_help_or_why_the_question_is_shown_again(tmp_path: Path) -> None:
    inventory = engine.load(engine.resolve("inventory")).start()
    _, text = run_wizard(inventory, tmp_path, "?", "why", "why more", "q", width=100)
    question = "Where is days on hand too high?"
    assert text.count("Back to question 1:\n" + question + "\n") == 3
    # why: one sentence and how to get the rest, not the whole list of rules
    after_help = text.split("Back to question 1:\n")[1]
    why = after_help[after_help.index("Type a number.\n") :].split("\n", 1)[1]
    assert len(why.strip().splitlines()) <= 3
    assert "Type why more for the rules behind it." in why


def test_choices_read_without_their_ids_unless_asked_for(tmp_path: Path) -> None:
    session = engine.load(engine.resolve("stock_count")).start()
    _, text = run_wizard(session, tmp_path, "system_lower", "q", width=100)  # an id still works
    assert "1. The system shows more than I counted" in text
    assert "(system_higher)" not in text
    assert "Question 2 (1 answered" in text
    out = io.StringIO()
    screen = Screen(make_console(plain=True, file=out, width=100), plain=True, show_ids=True)
    Wizard(session, screen, Script("q"), tmp_path / "t.json", lambda: NOW).run()
    assert "(all_posted)" in out.getvalue()


def test_a_dead_end_offers_what_would_help_and_one_expert(
    tmp_path: Path, update_golden: bool
) -> None:
    session = engine.load(Path(__file__).parent / "fixtures" / "everything.yaml").start()
    while (prompt := session.next_question()) is not None:
        session.skip(prompt.id)
    ending, text = run_wizard(session, tmp_path, "q")
    assert ending is Ending.NOT_CONFIRMED
    golden("wizard_dead_end_40.txt", text, update_golden)
