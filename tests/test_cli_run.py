"""`guide run` and `guide list`: exact output, exit codes, golden files."""

from __future__ import annotations

import datetime as dt
import errno
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

import cli
import engine
import guide_cli.working
from tests.conftest import HEADER, MINIMAL

GOLDEN = Path(__file__).parent / "golden"
NOW = dt.datetime(2026, 3, 14, 9, 26, 53, tzinfo=dt.UTC)
ARTICLES = engine.resolve("stock_count").parent.resolve().as_uri()

#: Units missing, empty packaging found, no sales booked: two recommendations.
SHRINKAGE = [
    "--set=discrepancy_direction=system_higher",
    "--set=count_timing=all_posted",
    "--set=item_measure=units",
    "--set=pack_size=1",
    "--set=recent_activity=till_sales",
    "--set=history_findings=missing_sales",
    "--set=tracking=not_tracked",
    "--set=negative_elsewhere=no",
    "--set=interface_status=no_errors",
    "--set=shelf_check=empty_packaging",
    "--set=recount_result=same",
]

#: Three questions: yes/no, text, a number from 0 to 100 (the issue's `mini.yaml`).
MINI = (
    HEADER
    + """\
questions:
  - id: q1
    text: Is it on?
    type: yes_no
  - id: q2
    text: What does it say?
    type: text
  - id: q3
    text: How full is it?
    type: number
    min: 0
    max: 100
rules:
  - id: r1
    when:
      all:
        - question: q1
          is: no
        - question: q2
          is: foo
        - question: q3
          more_than: 50
    then:
      suggest: s1
      certainty: 0.9
solutions:
  - id: s1
    title: Empty it
"""
)


#: The embedding example's consultation, as an answers file.
ANSWERS_YAML = """\
discrepancy_direction: system_lower
count_timing: all_posted
item_measure: units
pack_size: 1
recent_activity: [delivery]
receipt_posted: partly_posted
receipt_message: none
"""


@pytest.fixture(autouse=True)
def hermetic(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Run in tmp_path, 80 columns, a fixed clock and no input unless a test gives some."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("COLUMNS", "80")
    monkeypatch.delenv("GUIDE_ARTICLES_URL", raising=False)
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setattr(guide_cli.working, "now", lambda: NOW)
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = cli.main(list(args))
    out, err = capsys.readouterr()
    return code, out.replace(ARTICLES, "file:///RULEBASES"), err


def golden(name: str, text: str, update: bool) -> None:
    path = GOLDEN / name
    if update:
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8")


# --- guide list --------------------------------------------------------------------


def test_list_shows_the_flagships_first(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "list")
    assert (code, err) == (0, "")
    pad = " " * len("software_testing  ")

    def entry(name: str) -> str:
        rulebase = engine.load(engine.resolve(name))
        count = len(rulebase.questions)
        return (
            f"{name.ljust(len(pad))}{rulebase.metadata.title}\n"
            f"{pad}version {rulebase.version}, {count} questions\n"
            + "".join(f"{pad}by {o.name}, {o.role}\n" for o in rulebase.metadata.owners)
        )

    assert out == (
        "Flagship rule bases:\n"
        + entry("inventory")
        + entry("test_design")
        + "\nFurther examples:\n"
        + entry("software_testing")
        + entry("stock_count")
    )
    assert "inventory         Days on hand above target" in out


def test_list_names_a_broken_shipped_rulebase(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("format: 1\n", encoding="utf-8")
    monkeypatch.setattr(engine, "shipped_rulebases", lambda: {"broken": broken})
    code, out, _ = run(capsys, "list")
    assert (code, out) == (1, "broken  cannot be loaded: run `guide check broken`\n")


# --- non-interactive runs ----------------------------------------------------------


def test_no_input_prints_the_result_screen(
    capsys: pytest.CaptureFixture[str], update_golden: bool
) -> None:
    code, out, err = run(capsys, "run", "stock_count", "--no-input", *SHRINKAGE)
    assert (code, err) == (0, "")
    golden("run_result_plain.txt", out, update_golden)


def test_no_input_names_the_first_missing_question(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "run", "stock_count", "--no-input", "--set", "pack_size=1")
    assert (code, out) == (2, "")
    assert err == (
        "guide: --no-input: no answer for `discrepancy_direction` (Does the system show more or"
        " fewer units than you counted?)\n"
        "  hint: answer it with --set discrepancy_direction=VALUE or in --answers FILE,"
        " or leave out --no-input\n"
    )


def test_answers_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    (tmp_path / "answers.yaml").write_text(ANSWERS_YAML, encoding="utf-8")
    code, out, _ = run(capsys, "run", "stock_count", "--answers", "answers.yaml", "--no-input")
    assert code == 0
    assert "1. Correct the receipt to match what arrived\n   Confirmed, certainty 90%\n" in out


def test_set_overrides_the_answers_file_and_question_mark_is_dont_know(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    without_follow_up = ANSWERS_YAML.replace("receipt_message: none\n", "")
    (tmp_path / "answers.yaml").write_text(without_follow_up, encoding="utf-8")
    code, out, _ = run(
        capsys, "run", "stock_count", "--answers", "answers.yaml", "--set", "receipt_posted=?",
        "--json",
    )  # fmt: skip
    result = json.loads(out)
    assert result["skipped"] == ["receipt_posted"]
    assert code == 2  # receipt unknown: history and shelf questions still matter
    assert result["next_question"] == "history_findings"


@pytest.mark.parametrize(
    ("args", "message", "hint"),
    [
        (
            ["--set", "pack_sise=2"],
            "--set pack_sise=2: there is no question `pack_sise` in `stock_count`",
            "did you mean `pack_size`?",
        ),
        (
            ["--set", "pack_size=0"],
            "--set pack_size=0: question `pack_size` expects a whole number from 1 to 10000"
            " units per case, not 0",
            None,
        ),
        (
            ["--set", "discrepancy_direction=sideways"],
            "--set discrepancy_direction=sideways: question `discrepancy_direction`"
            " has no choice `sideways`",
            "choose one of: system_higher, system_lower",
        ),
        (["--set", "pack_size"], "--set pack_size: expected question=value", None),
        (
            ["--set", "recent_activity=transfer", "--set", "receipt_posted=matches"],
            "--set receipt_posted=matches: question `receipt_posted` does not apply,"
            " given the answers so far",
            None,
        ),
        (["--answers", "nope.yaml"], "nope.yaml: the answers file does not exist", None),
        (
            ["--report", "out.pdf"],
            "--report out.pdf: a report is written as Markdown or HTML",
            None,
        ),
    ],
)
def test_bad_answers_and_options_exit_2(
    capsys: pytest.CaptureFixture[str], args: list[str], message: str, hint: str | None
) -> None:
    code, out, err = run(capsys, "run", "stock_count", "--no-input", *args)
    assert (code, out) == (2, "")
    first, *rest = err.splitlines()
    assert first == f"guide: {message}"
    if hint is not None:
        assert rest == [f"  hint: {hint}"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("pack_size: [1\n", "answers.yaml:2:1: the answers file is not valid YAML"),
        ("- pack_size\n", "answers.yaml: the answers file must be a list of `question_id: answer`"),
        (
            "pack_size: 0\n",
            "answers.yaml: question `pack_size` expects a whole number from 1 to 10000",
        ),
    ],
)
def test_bad_answers_file_exits_2(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, text: str, message: str
) -> None:
    (tmp_path / "answers.yaml").write_text(text, encoding="utf-8")
    code, _, err = run(capsys, "run", "stock_count", "--answers", "answers.yaml", "--no-input")
    assert code == 2
    assert err.startswith(f"guide: {message}")


def test_json_outcome(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    (tmp_path / "answers.yaml").write_text(ANSWERS_YAML, encoding="utf-8")
    code, out, err = run(capsys, "run", "stock_count", "--answers", "answers.yaml", "--json")
    assert (code, err) == (0, "")
    result = json.loads(out)
    assert result["finished"] is True
    assert result["confirmed"] is True
    assert [r["solution"] for r in result["recommendations"]] == ["correct_receipt"]
    assert result["progress"] == {
        "answered": 7,
        "skipped": 0,
        "remaining_at_least": 0,
        "remaining_at_most": 0,
    }
    resumed = engine.resume(engine.load(engine.resolve("stock_count")), result["session"])
    assert resumed.answers["receipt_posted"] == "partly_posted"


def test_json_with_missing_answers_prints_the_outcome_and_exits_2(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, err = run(capsys, "run", "stock_count", "--json", "--set", "discrepancy_direction=1")
    assert code == 2
    result = json.loads(out)
    assert (result["finished"], result["next_question"]) == (False, "count_timing")
    assert err.startswith("guide: --json: no answer for `count_timing`")


def test_nothing_confirmed_exits_1(capsys: pytest.CaptureFixture[str]) -> None:
    unknown = ["discrepancy_direction", "count_timing", "history_findings", "tracking",
               "interface_status", "shelf_check", "recount_result"]  # fmt: skip
    skips = [f"--set={question}=?" for question in unknown]
    code, out, _ = run(capsys, "run", "stock_count", "--no-input", *skips[:2],
                       "--set=item_measure=units", "--set=pack_size=1",
                       "--set=recent_activity=none", *skips[2:])  # fmt: skip
    assert code == 1
    assert "No solution is confirmed: an expert can take it from here." in out
    assert "Type e to show" not in out  # nobody to type it
    assert "A summary for them:\n\n# Handover: Stock on the shelf does not match" in out
    assert "## Not known\n\n- Does the system show more or fewer units" in out


# --- reports -------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["report.md", "report.html"])
def test_reports(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, update_golden: bool, name: str
) -> None:
    code, out, _ = run(capsys, "run", "stock_count", "--no-input", *SHRINKAGE, "--report", name)
    assert code == 0
    assert out.endswith(f"\nReport written to {name}\n")
    text = (tmp_path / name).read_text(encoding="utf-8").replace(ARTICLES, "file:///RULEBASES")
    golden(f"run_{name}", text, update_golden)


def test_report_links_articles_under_the_configured_url(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GUIDE_ARTICLES_URL", "https://wiki.example.com/stock/")
    code, _, _ = run(capsys, "run", "stock_count", "--no-input", *SHRINKAGE, "--report", "r.html")
    assert code == 0
    html = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert "file://" not in html
    assert str(Path.home()) not in html
    assert (
        '<a href="https://wiki.example.com/stock/shrinkage.md">'
        "Article: When stock is really missing</a>"
    ) in html
    assert "<h2>Articles</h2>" not in html  # linked, not carried
    # Placeholders put the article's and the rule base's ids where a wiki wants them.
    monkeypatch.setenv("GUIDE_ARTICLES_URL", "https://kb.example.com/{rulebase}/{id}")
    code, _, _ = run(capsys, "run", "stock_count", "--no-input", *SHRINKAGE, "--report", "r.md")
    text = (tmp_path / "r.md").read_text(encoding="utf-8")
    assert "(https://kb.example.com/stock_count/shrinkage)" in text
    assert "file://" not in text


def test_report_carries_articles_without_a_url_and_never_a_file_path(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, _, _ = run(capsys, "run", "stock_count", "--no-input", *SHRINKAGE, "--report", "r.html")
    assert code == 0
    html = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert "file://" not in html
    assert str(Path.home()) not in html
    assert '<section class="article" id="article-' in html
    assert "(at the end of this report)" in html


def test_an_escalated_report_says_so_at_the_top_and_links_e_mail_addresses(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, update_golden: bool
) -> None:
    unknown = ["discrepancy_direction", "count_timing", "history_findings", "tracking",
               "interface_status", "shelf_check", "recount_result"]  # fmt: skip
    skips = [f"--set={question}=?" for question in unknown]
    for name in ("r.html", "r.md"):
        code, _, _ = run(capsys, "run", "stock_count", "--no-input", *skips[:2],
                         "--set=item_measure=units", "--set=pack_size=1",
                         "--set=recent_activity=none", *skips[2:], "--report", name)  # fmt: skip
        assert code == 1
    html = (tmp_path / "r.html").read_text(encoding="utf-8")
    top = html.split("<h1>")[1].split("<h2>")[0]
    assert (
        '<p class="escalated"><strong>Escalated:</strong> Guide could not confirm '
        'a solution from these answers. Call an expert: see <a href="#who-to-call">Who to call</a>.'
    ) in top
    assert '<h2 id="who-to-call">Who to call</h2>' in html
    assert '<a href="mailto:dana.ruiz@example.com">dana.ruiz@example.com</a>' in html
    text = (tmp_path / "r.md").read_text(encoding="utf-8")
    assert text.split("\n")[2].startswith(
        "> **Escalated:** Guide could not confirm a solution from these answers."
    )
    assert text.split("\n")[3] == ""  # the quote ends before the report goes on
    golden("run_report_escalated.html", html, update_golden)
    golden("run_report_escalated.md", text, update_golden)


def test_report_with_json_prints_only_json(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, out, _ = run(capsys, "run", "stock_count", "--json", *SHRINKAGE, "--report", "r.md")
    assert code == 0
    json.loads(out)
    assert (tmp_path / "r.md").read_text(encoding="utf-8").startswith("# Stock on the shelf")


def test_report_that_cannot_be_written_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "run", "stock_count", "--no-input", *SHRINKAGE, "--report", "x/r.md")
    assert code == 2
    assert err.startswith("guide: x/r.md: the folder x does not exist")


@pytest.mark.parametrize(
    ("report", "message"),
    [("x/r.md", "x/r.md: the folder x does not exist"), ("kb.md", "kb.md: is a folder")],
)
def test_the_report_path_is_checked_before_the_first_question(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    report: str,
    message: str,
) -> None:
    (tmp_path / "kb.md").mkdir()
    type_lines(monkeypatch, "2", "1")
    code, out, err = run(capsys, "run", "stock_count", "--report", report)
    assert code == 2
    assert err.startswith(f"guide: {message}")
    assert "Question 1" not in out


@pytest.mark.parametrize("name", ["article.md", "page.html"])
def test_a_report_never_writes_over_a_file_that_is_not_a_report(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, name: str
) -> None:
    article = tmp_path / name
    article.write_text("# Cycle counting\n\nHow we count.\n", encoding="utf-8")
    code, _, err = run(capsys, "run", "stock_count", "--no-input", *SHRINKAGE, "--report", name)
    assert code == 2
    assert err.startswith(f"guide: {name}: is not a Guide report, so it is not written over")
    assert article.read_text(encoding="utf-8") == "# Cycle counting\n\nHow we count.\n"


@pytest.mark.parametrize("name", ["report.md", "report.html"])
def test_a_report_replaces_an_earlier_report(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, name: str
) -> None:
    for _ in range(2):
        code, out, _ = run(capsys, "run", "stock_count", "--no-input", *SHRINKAGE, "--report", name)
        assert code == 0
        assert out.endswith(f"\nReport written to {name}\n")


@pytest.mark.parametrize("name", ["stock_count.yaml", "answers.yaml", "notes.json"])
def test_save_never_writes_over_a_file_that_is_not_a_session(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    kept = tmp_path / name
    shutil.copy(engine.resolve("stock_count"), kept)
    type_lines(monkeypatch, "2", "1")
    code, out, err = run(capsys, "run", "stock_count", "--save", name)
    assert code == 2
    assert err == (
        f"guide: {name}: is not a saved Guide session, so the session is not saved over it\n"
        "  hint: choose another file name with --save PATH, e.g. session.json\n"
    )
    assert "Question 1" not in out
    assert kept.read_bytes() == engine.resolve("stock_count").read_bytes()


def test_a_read_only_folder_keeps_the_session_in_the_data_directory(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    data_dir: Path,
) -> None:
    real = tempfile.mkstemp

    def mkstemp(*args: object, dir: Path, **kwargs: object) -> tuple[int, str]:
        # The folder takes the check before the first question, then no more files
        # (a disk that fills up; chmod does not stop root, so it is faked).
        probing = str(kwargs.get("prefix", "")).startswith(".guide-probe-")
        if Path(dir).resolve() == tmp_path.resolve() and not probing:
            raise PermissionError(errno.EACCES, "Permission denied")
        return real(*args, dir=dir, **kwargs)  # type: ignore[call-overload,no-any-return]

    monkeypatch.setattr(tempfile, "mkstemp", mkstemp)
    type_lines(monkeypatch, "2", "1")
    code, out, _ = run(capsys, "run", "stock_count", "--save", "mine.json")
    assert code == 130
    kept = data_dir / "sessions" / "mine.json"
    assert json.loads(kept.read_text(encoding="utf-8"))["events"] == [
        {"answer": "discrepancy_direction", "value": "system_lower"},
        {"answer": "count_timing", "value": "all_posted"},
    ]
    assert "mine.json: the session cannot be saved" in out
    assert f"Stopped. Your answers are saved in {kept}" in " ".join(out.split())


def test_bytes_that_are_not_utf8_and_huge_numbers_are_asked_again(tmp_path: Path) -> None:
    (tmp_path / "mini.yaml").write_text(MINI, encoding="utf-8")
    typed = b"no\nfo\xffo\nfoo\n" + b"9" * 400 + b"\n1e400\n60\nq\n"
    done = subprocess.run(
        [sys.executable, "-m", "cli", "run", "mini.yaml", "--plain"],
        cwd=tmp_path,
        input=typed,
        capture_output=True,
        check=False,
        env={**os.environ, "COLUMNS": "200"},
    )
    out = done.stdout.decode()
    assert (done.returncode, done.stderr) == (0, b"")
    assert "Not accepted: what you typed holds bytes that are not UTF-8 text" in out
    assert (
        "Not accepted: this question expects a number from 0 to 100, not a number of 400 digits"
        in out
    )
    assert "Not accepted: this question expects a number from 0 to 100, not `1e400`" in out
    assert "Empty it" in out


# --- interactive runs, saving and resuming -------------------------------------------


def type_lines(monkeypatch: pytest.MonkeyPatch, *lines: str) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO("".join(f"{line}\n" for line in lines)))


def test_interactive_run_to_a_recommendation(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    type_lines(monkeypatch, "2", "1", "1", "1", "1", "partly_posted", "none", "q")
    code, out, _ = run(capsys, "run", "stock_count")
    assert code == 0
    # One line of title and version; who wrote it is under `?`.
    assert out.startswith(
        "Stock on the shelf does not match the system (version 2.1)\n\nQuestion 1 ("
    )
    assert "Written by" not in out
    assert "Confirmed, certainty 90%" in out
    assert "\x1b" not in out  # not a terminal: plain


def test_stopping_saves_in_the_data_directory_and_resume_alone_continues(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    data_dir: Path,
) -> None:
    type_lines(monkeypatch, "2", "1")  # then end of input
    code, out, _ = run(capsys, "run", "stock_count")
    assert code == 130
    saved = data_dir / "sessions" / "guide-stock_count-20260314-092653.json"
    assert f"Stopped. Your answers are saved in {saved}" in " ".join(out.split())
    assert out.endswith("To continue where you stopped, run:\n  guide run --resume\n")
    assert list(tmp_path.iterdir()) == []  # nothing left in the working folder
    wizard = json.loads(saved.read_text(encoding="utf-8"))["wizard"]
    assert (wizard["status"], wizard["question"]) == (
        "unfinished",
        "How is this item counted and sold?",
    )

    type_lines(monkeypatch, "1", "1", "1", "2", "2", "q")
    code, out, _ = run(capsys, "run", "--resume")  # the only unfinished one: no choice to make
    assert code == 0
    assert "Resuming Stock on the shelf does not match the system (stock_count)" in out
    assert "2 answers, at “How is this item counted and sold?”" in " ".join(out.split())
    assert "Question 3 (2 answered; 1 to 22 more questions)" in out
    assert "Question 1 " not in out
    assert "Confirmed, certainty 90%" in out
    # Finished: kept, marked, and no longer offered.
    assert json.loads(saved.read_text(encoding="utf-8"))["wizard"]["status"] == "finished"
    code, _, err = run(capsys, "run", "--resume")
    assert code == 2
    assert "there is no unfinished consultation to resume" in err


def test_nothing_is_saved_when_nothing_was_answered(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, data_dir: Path
) -> None:
    code, out, _ = run(capsys, "run", "stock_count")  # end of input at question 1
    assert code == 130
    assert out.endswith("Stopped. Nothing was answered, so there is nothing to keep.\n")
    assert not (data_dir / "sessions").exists()
    assert list(tmp_path.iterdir()) == []


def test_resume_alone_lists_several_unfinished_sessions_without_a_terminal(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, data_dir: Path
) -> None:
    type_lines(monkeypatch, "2")
    run(capsys, "run", "stock_count")
    monkeypatch.setattr(guide_cli.working, "now", lambda: NOW + dt.timedelta(minutes=5))
    type_lines(monkeypatch, "1", "1")
    run(capsys, "run", "inventory")
    code, out, err = run(capsys, "run", "--resume")
    assert (code, out) == (2, "")
    assert err.startswith("guide: there are 2 unfinished consultations; name the one to resume:\n")
    newest, oldest = err.index("(inventory)"), err.index("(stock_count)")
    assert newest < oldest
    assert "1 answer, at “When you counted" in err
    assert "2 answers, at " in err
    # A rule base narrows the choice to its own: one, so it is resumed.
    code, out, _ = run(capsys, "run", "stock_count", "--resume")
    assert code == 130
    assert "Question 2 (1 answered" in out
    code, out, _ = run(capsys, "run", "--resume", "stock_count")  # the name after --resume
    assert "Question 2 (1 answered" in out


def test_save_option_chooses_the_file(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    type_lines(monkeypatch, "2")
    code, out, _ = run(capsys, "run", "stock_count", "--save", "mine.json")
    assert code == 130
    assert "  guide run --resume mine.json\n" in out
    assert json.loads((tmp_path / "mine.json").read_text(encoding="utf-8"))["events"] == [
        {"answer": "discrepancy_direction", "value": "system_lower"}
    ]


def test_a_rulebase_file_is_named_in_the_resume_command(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.copytree(engine.resolve("stock_count").parent, tmp_path / "kb")
    type_lines(monkeypatch, "2")
    code, out, _ = run(capsys, "run", "kb/stock_count.yaml", "--save", "s.json")
    assert code == 130
    assert out.endswith("  guide run kb/stock_count.yaml --resume s.json\n")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "s.json: this is not a saved Guide session (not JSON)"),
        ("[]", "s.json: this is not a saved Guide session"),
        ('{"format": "guide-session", "rulebase": {"id": "elsewhere"}}',
         "the saved session belongs to rule base `elsewhere`, which is not shipped with Guide"),
        ('{"format": "guide-session", "version": 1, "rulebase": {"id": "stock_count",'
         ' "version": "0.9"}, "events": []}', "s.json: cannot resume: "),
    ],
)  # fmt: skip
def test_corrupt_or_foreign_session_exits_2_and_is_not_modified(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, content: str, message: str
) -> None:
    (tmp_path / "s.json").write_text(content, encoding="utf-8")
    code, out, err = run(capsys, "run", "--resume", "s.json")
    assert (code, out) == (2, "")
    assert err.startswith(f"guide: {message}")
    assert "Traceback" not in err
    assert (tmp_path / "s.json").read_text(encoding="utf-8") == content


def test_missing_session_file_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "run", "--resume", "gone.json")
    assert (code, err) == (2, "guide: gone.json: the session file does not exist\n")


def test_run_without_a_rulebase_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "run")
    assert (code, err) == (
        2,
        "guide: name a rule base to run, or --resume a saved session\n"
        "  hint: `guide run inventory` (days on hand above target) or `guide run "
        "test_design` (a certification test's strategy); `guide list` shows them all\n",
    )


def test_a_rulebase_with_errors_exits_2(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    (tmp_path / "bad.yaml").write_text("format: 1\n", encoding="utf-8")
    code, out, err = run(capsys, "run", "bad.yaml")
    assert (code, out) == (2, "")
    assert err.splitlines()[0].startswith("bad.yaml:1:1: error G")
    assert err.endswith(
        "guide: bad.yaml: the rule base cannot be run\n"
        "  hint: fix it first (guide check bad.yaml)\n"
    )


def test_unknown_rulebase_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "run", "inventroy")
    assert code == 2
    assert err.startswith("guide: there is no rule base called `inventroy`\n")
    assert "did you mean `inventory`?" in err


def test_help_lists_every_option(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "run", "--help")
    assert code == 0
    for option in ["--resume", "--save", "--answers", "--set", "--no-input", "--json",
                   "--report", "--plain"]:  # fmt: skip
        assert option in out


def test_installed_command_runs_from_anywhere(tmp_path: Path) -> None:
    guide = shutil.which("guide", path=str(Path(sys.executable).parent))
    assert guide is not None, "the console script `guide` is not installed"
    done = subprocess.run(
        [guide, "run", "stock_count", "--no-input", *SHRINKAGE, "--report", "r.html"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
        env={"PATH": "/usr/bin:/bin", "TERM": "dumb"},
    )
    assert (done.returncode, done.stderr) == (0, "")
    assert "Record the loss and report it to loss prevention" in done.stdout
    assert re.search(r"<h1>Stock on the shelf", (tmp_path / "r.html").read_text(encoding="utf-8"))


def test_a_step_that_calls_itself_shows_a_message_and_the_consultation_ends(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:

    recursive = "'{% macro r(n) %}{{ r(n+1) }}{% endmacro %}{{ r(0) }}'"
    path = tmp_path / "recursive.yaml"
    path.write_text(
        MINIMAL.replace(
            "    title: Plug the power cable in firmly\n",
            f"    title: Plug the power cable in firmly\n    steps:\n      - {recursive}\n",
        ).replace("      certainty: 0.9\n", "      certainty: 0.9\n    because: dark.\n"),
        encoding="utf-8",
    )
    code, out, err = run(capsys, "run", str(path), "--no-input", "--set=power_light=no")
    assert (code, err) == (0, "")
    assert "The steps cannot be shown: step 1 of solution `plug_in_cable` (line 1)" in out
    assert "it calls itself without end" in out


def test_ctrl_c_before_the_consultation_starts_says_interrupted(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def interrupted(env: object) -> None:
        raise KeyboardInterrupt

    import engine.store

    monkeypatch.setattr(engine.store, "store_settings", interrupted)
    code, out, err = run(capsys, "run", "stock_count")
    assert (code, out, err) == (130, "", "interrupted\n")


@pytest.mark.parametrize("flag", [("--explain-ids",), ("--debug",)])
def test_explanations_name_ids_for_authors_only_when_asked(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, flag: tuple[str, ...]
) -> None:
    code, _, _ = run(capsys, "run", "stock_count", "--no-input", *SHRINKAGE, "--report", "w.md")
    assert code == 0
    worded = (tmp_path / "w.md").read_text(encoding="utf-8")
    assert "(certainty 84%)" in worded and "[rule " not in worded
    args = ["run", "stock_count", "--no-input", *SHRINKAGE, "--report", "i.md"]
    code, _, _ = run(capsys, *(flag + tuple(args) if flag == ("--debug",) else (*args, *flag)))
    assert code == 0
    with_ids = (tmp_path / "i.md").read_text(encoding="utf-8")
    assert "[rule shortage_without_cause]" in with_ids
    assert "[solution investigate_shrinkage]" in with_ids
    assert "(certainty 84%)" in with_ids
