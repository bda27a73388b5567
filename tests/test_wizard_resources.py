"""Learning resources by kind and expert profiles, as the worker sees them in the wizard,
the reports and the summary for the expert."""

from __future__ import annotations

import datetime as dt
import io
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import HEADER

import engine
from wizards import reports
from wizards.screens import Screen, make_console
from wizards.terminal import Ending, Wizard

RULEBASE = HEADER + textwrap.dedent("""\
    questions:
      - id: power_light
        text: Is the power light on?
        type: yes_no
        article: power_course
    rules:
      - id: no_power
        when: {question: power_light, is: no}
        then: {suggest: plug_in_cable, certainty: 0.5}
        because: No light usually means no power.
    solutions:
      - id: plug_in_cable
        title: Plug the power cable in firmly
        steps: [Push the cable in until it clicks.]
        articles: [cable_checklist, power_course]
        expert: office_it
    articles:
      - id: cable_checklist
        title: Power cables that stay in
        kind: checklist
        file: cables.md
        owner: Sam Okafor
        review_by: 2027-06-30
        sources:
          - "Office equipment safety: a field guide, Example Safety Council (2023)"
          - "IEC 60320, appliance couplers, IEC (2021)"
      - id: power_course
        title: Power faults for office staff
        kind: course
        url: https://learning.example.com/power
    experts:
      - id: office_it
        name: Office IT support desk
        role: IT support analyst
        contact: it-support@example.com, extension 4100
        available: Weekdays 08:00-18:00; Fridays until 14:00
        covers: [printers, power faults]
    """)

NOW = dt.datetime(2026, 3, 14, 9, 26, 53, tzinfo=dt.UTC)
EXPERT_LINES = (
    "Office IT support desk, IT support analyst",
    "Contact: it-support@example.com, extension 4100",
    "Available: Weekdays 08:00-18:00; Fridays until 14:00",
    "Knows about: printers, power faults",
)


@pytest.fixture
def rulebase(tmp_path: Path) -> engine.Rulebase:
    (tmp_path / "rulebase.yaml").write_text(RULEBASE, encoding="utf-8")
    (tmp_path / "cables.md").write_text("# Cables\n\nPush until it clicks.\n", encoding="utf-8")
    return engine.load(tmp_path / "rulebase.yaml")


def script(*lines: str) -> Callable[[str], str]:
    """What the worker types, line by line; then the end of input."""
    typed = iter(lines)

    def read(prompt: str) -> str:
        try:
            return next(typed)
        except StopIteration:
            raise EOFError from None

    return read


def run(read: Callable[[str], str], tmp_path: Path, session: engine.Session) -> tuple[Ending, str]:
    out = io.StringIO()
    screen = Screen(make_console(plain=True, file=out, width=100), plain=True)
    ending = Wizard(session, screen, read, tmp_path / "saved.json", lambda: NOW).run()
    return ending, out.getvalue()


def test_the_result_shows_each_article_with_its_kind_and_the_expert_profile(
    rulebase: engine.Rulebase, tmp_path: Path
) -> None:
    session = rulebase.start({"power_light": False})
    _, text = run(script("q"), tmp_path, session)
    assert (
        "   Articles:\n"
        "     [1] Checklist: Power cables that stay in\n"
        f"         {(tmp_path / 'cables.md').as_uri()}\n"
        "     [2] Course: Power faults for office staff\n"
        "         https://learning.example.com/power\n"
        "   Expert: Office IT support desk, IT support analyst\n"
        "     Contact: it-support@example.com, extension 4100\n"
        "     Available: Weekdays 08:00-18:00; Fridays until 14:00\n"
        "     Knows about: printers, power faults\n"
    ) in text
    # Nothing is confirmed: the expert is offered with the whole profile.
    assert (
        "No solution is confirmed: an expert can take it from here.\n"
        "  Office IT support desk, IT support analyst\n"
        "    Contact: it-support@example.com, extension 4100\n"
        "    Available: Weekdays 08:00-18:00; Fridays until 14:00\n"
        "    Knows about: printers, power faults\n"
    ) in text


def test_an_opened_article_shows_its_kind_owner_review_date_and_sources(
    rulebase: engine.Rulebase, tmp_path: Path
) -> None:
    session = rulebase.start({"power_light": False})
    _, text = run(script("a 1", "a 2", "q"), tmp_path, session)
    assert (
        "Checklist: Power cables that stay in\n"
        "Kept by Sam Okafor, to be reviewed by 2027-06-30.\n"
        "\n"
        "# Cables\n"
        "\n"
        "Push until it clicks.\n"
        "\n"
        "Sources:\n"
        "  - Office equipment safety: a field guide, Example Safety Council (2023)\n"
        "  - IEC 60320, appliance couplers, IEC (2021)\n"
    ) in text
    assert (
        "Course: Power faults for office staff\n"
        "This article is a link only: https://learning.example.com/power\n"
    ) in text
    assert session.articles_opened == ("cable_checklist", "power_course")


def test_help_at_a_question_names_the_article_with_its_kind(
    rulebase: engine.Rulebase, tmp_path: Path
) -> None:
    _, text = run(script("?", "q"), tmp_path, rulebase.start())
    assert "Read more: Course: Power faults for office staff\n" in text


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_reports_show_kinds_and_the_expert_profile(rulebase: engine.Rulebase, fmt: str) -> None:
    data = reports.consultation(rulebase.start({"power_light": False}), NOW)
    text = reports.render_report(data, fmt)
    assert "Checklist: Power cables that stay in" in text
    assert "Course: Power faults for office staff" in text
    for line in EXPERT_LINES:
        # In HTML the e-mail address is a mailto: link.
        shown = str(reports.mailto_links(line)) if fmt == "html" else line
        assert text.count(shown) == 2  # under the solution, and under "Who to call"
    if fmt == "html":
        assert '<a href="mailto:it-support@example.com">it-support@example.com</a>' in text


def test_the_handover_lists_each_expert_with_the_profile_and_articles_read_with_kinds(
    rulebase: engine.Rulebase,
) -> None:
    session = rulebase.start({"power_light": False})
    session.open_article("cable_checklist")
    text = reports.render_handover(reports.consultation(session, NOW))
    assert (
        "## Who to call\n"
        "\n"
        "- Office IT support desk, IT support analyst\n"
        "  - Contact: it-support@example.com, extension 4100\n"
        "  - Available: Weekdays 08:00-18:00; Fridays until 14:00\n"
        "  - Knows about: printers, power faults\n"
    ) in text
    assert "Articles the worker already read: Checklist: Power cables that stay in." in text


def test_an_expert_with_a_name_only_reads_as_before(tmp_path: Path) -> None:
    path = tmp_path / "bare.yaml"
    path.write_text(
        RULEBASE.replace(
            "    role: IT support analyst\n"
            "    contact: it-support@example.com, extension 4100\n"
            "    available: Weekdays 08:00-18:00; Fridays until 14:00\n"
            "    covers: [printers, power faults]\n",
            "",
        ).replace("    file: cables.md\n", "    url: https://example.com/cables\n"),
        encoding="utf-8",
    )
    data = reports.consultation(engine.load(path).start({"power_light": False}), NOW)
    assert data.experts == (reports.Profile("Office IT support desk", ()),)
    text = reports.render_handover(data)
    assert "## Who to call\n\n- Office IT support desk\n\n## Answers" in text
