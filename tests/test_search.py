"""`engine.search` and `guide search`: solutions and articles found by their words."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

import cli
import engine
from engine.search import Where, search, words
from tests.conftest import MINIMAL

PRINTER = (
    MINIMAL.replace(
        "    title: Plug the power cable in firmly\n",
        "    title: Plug the power cable in firmly\n"
        "    summary: A loose cable is the commonest cause of a dead printer.\n"
        "    steps:\n"
        "      - Switch the printer off at the wall.\n"
        "      - Push the cable into the socket until it clicks.\n"
        "    articles: [power_faults]\n"
        "  - id: call_the_cafe\n"
        "    title: Ask the Café team for the spare printer\n",
    )
    + "articles:\n"
    "  - id: power_faults\n"
    "    title: Power faults in office printers\n"
    "    kind: checklist\n"
    "    file: power_faults.md\n"
    "    tags: [cable, socket]\n"
    "    owner: Sam Okafor\n"
)

ARTICLE = """\
# Power faults

A printer that shows **no light** at all usually has no power.

{{ answers.power_light }} Check the fuse in the plug before you call the café.
"""


@pytest.fixture
def printer(write_yaml: Callable[..., Path], tmp_path: Path) -> engine.Rulebase:
    (tmp_path / "power_faults.md").write_text(ARTICLE, encoding="utf-8")
    return engine.load(write_yaml(PRINTER))


def found(rulebase: engine.Rulebase, text: str) -> list[tuple[str, str, Where, str]]:
    return [(h.kind, h.id, h.where, h.snippet) for h in search([rulebase], text)]


def test_title_matches_come_before_summary_and_body(printer: engine.Rulebase) -> None:
    assert found(printer, "printer") == [
        ("solution", "call_the_cafe", Where.TITLE, ""),
        ("article", "power_faults", Where.TITLE, "cable, socket"),
        (
            "solution",
            "plug_in_cable",
            Where.SUMMARY,
            "A loose cable is the commonest cause of a dead printer.",
        ),
    ]


def test_every_word_must_match_anywhere_and_words_match_by_their_start(
    printer: engine.Rulebase,
) -> None:
    assert found(printer, "CABLE clicks") == [
        ("solution", "plug_in_cable", Where.BODY, "Push the cable into the socket until it clicks.")
    ]
    assert found(printer, "socket fuse") == [
        (
            "article",
            "power_faults",
            Where.BODY,
            "Check the fuse in the plug before you call the café.",
        )
    ]
    assert found(printer, "cable elephant") == []
    assert found(printer, "power_light") == []  # templates in articles are not text
    assert found(printer, "  ") == []


def test_accents_and_case_are_ignored(printer: engine.Rulebase) -> None:
    assert [h.id for h in search([printer], "CAFE")] == ["call_the_cafe", "power_faults"]
    assert words("Crème BRÛLÉE, s'il vous plaît") == ["creme", "brulee", "s", "il", "vous", "plait"]


def test_long_texts_give_a_short_snippet_around_the_match(
    write_yaml: Callable[..., Path],
) -> None:
    long = "word " * 30 + "needle " + "more " * 30
    rulebase = engine.load(
        write_yaml(
            MINIMAL.replace(
                "    title: Plug the power cable in firmly\n",
                f"    title: Plug the power cable in firmly\n    summary: {long}\n",
            )
        )
    )
    (hit,) = search([rulebase], "needle")
    assert hit.snippet.startswith("…word ")
    assert hit.snippet.endswith(" more…")
    assert "needle" in hit.snippet
    assert len(hit.snippet) <= 80


def test_an_unreadable_article_is_searched_by_title_and_tags(
    printer: engine.Rulebase, tmp_path: Path
) -> None:
    (tmp_path / "power_faults.md").unlink()
    assert found(printer, "fuse") == []
    assert [h.id for h in search([printer], "socket")] == ["power_faults", "plug_in_cable"]


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = cli.main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_guide_search_shipped_rule_bases(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "search", "negative", "stock")
    assert (code, err) == (0, "")
    assert out == (
        '2 found for "negative stock":\n'
        "\n"
        "1. Clear the negative stock by finding the missing booking\n"
        "   solution `fix_negative_on_hand` in inventory\n"
        "   More was booked out of this item than was ever booked in, so a receipt,…\n"
        "   start the consultation: guide run inventory\n"
        "\n"
        "2. Article: Negative stock, and what it tells you\n"
        "   article `negative_stock` in inventory (negative_stock.md)\n"
        "   negative on-hand, receipts, replenishment\n"
        "   start the consultation: guide run inventory\n"
    )


def test_an_article_hit_has_its_kind_and_a_solution_none(printer: engine.Rulebase) -> None:
    hits = {h.id: h for h in search([printer], "socket")}
    article, solution = hits["power_faults"], hits["plug_in_cable"]
    assert article.article_kind is engine.ArticleKind.CHECKLIST
    assert article.heading == "Checklist: Power faults in office printers"
    assert (solution.article_kind, solution.heading) == (None, solution.title)


def test_guide_search_a_rule_base_file(
    capsys: pytest.CaptureFixture[str], printer: engine.Rulebase
) -> None:
    code, out, _ = run(capsys, "search", "fuse", "--rulebase", str(printer.path))
    assert code == 0
    assert out == (
        '1 found for "fuse":\n'
        "\n"
        "1. Checklist: Power faults in office printers\n"
        f"   article `power_faults` in {printer.path} (power_faults.md)\n"
        "   Check the fuse in the plug before you call the café.\n"
        f"   start the consultation: guide run {printer.path}\n"
    )


def test_guide_search_without_hits_or_words(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "search", "zebra") == (
        1,
        'Nothing found for "zebra".\n'
        "See which rule bases there are with `guide list`, and start one with `guide run`.\n",
        "",
    )
    code, _, err = run(capsys, "search", "?!")
    assert (code, err.splitlines()[0]) == (2, "guide: '?!' has no words to look for")
    code, _, err = run(capsys, "search", "x", "--rulebase", "missing.yaml")
    assert code == 2


def test_the_novice_and_expert_forms_are_searched_too(
    write_yaml: Callable[..., Path], tmp_path: Path
) -> None:
    (tmp_path / "power_faults.md").write_text(ARTICLE, encoding="utf-8")
    forms = PRINTER.replace(
        "    summary: A loose cable is the commonest cause of a dead printer.\n",
        "    summary:\n"
        "      text: A loose cable is the commonest cause of a dead printer.\n"
        "      novice: The cable between the wall socket and the back of the printer.\n",
    ).replace(
        "      - Push the cable into the socket until it clicks.\n",
        "      - do: Push the cable into the socket until it clicks.\n"
        "        novice: If the socket strip has a red rocker switch, switch it on too.\n"
        "        expert: Reseat the IEC lead.\n",
    )
    rulebase = engine.load(write_yaml(forms))
    assert [(h.id, h.where) for h in search([rulebase], "rocker switch")] == [
        ("plug_in_cable", Where.BODY)
    ]
    assert [(h.id, h.where) for h in search([rulebase], "IEC lead")] == [
        ("plug_in_cable", Where.BODY)
    ]
    assert [(h.id, h.where) for h in search([rulebase], "back of the printer")] == [
        ("plug_in_cable", Where.SUMMARY)
    ]
