"""The `guide` command: exact output and exit codes."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import cli
import engine

BROKEN = """\
format: 1
metadata:
  id: broken
  title: Broken
  version: "1.0"
  owners:
    - name: Dana Ruiz
      role: Inventory control lead
questions:
  - id: stock_count
    text: How many units are on the shelf?
    type: number
rules:
  - id: empty_shelf
    when:
      question: stok_count
      is: 0
    then:
      - suggest: restock
        certainty: 0.8
solutions:
  - id: restock
    title: Restock the shelf
"""


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = cli.main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_check_a_clean_shipped_rulebase(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "check", "stock_count", "software_testing")
    assert code == 0
    assert out == f"{engine.resolve('stock_count')}: ok\n{engine.resolve('software_testing')}: ok\n"


def test_check_reports_problems_with_source_and_hint(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("broken.yaml").write_text(BROKEN, encoding="utf-8")
    code, out, _ = run(capsys, "check", "broken.yaml")
    assert code == 1
    assert out == (
        "broken.yaml:16:7: error G202 unknown question `stok_count`; did you mean `stock_count`?\n"
        "          question: stok_count\n"
        "          ^\n"
        "  hint: change `stok_count` to `stock_count`; if `stok_count` is new, add a question with "
        "that id under `questions`\n"
        "  see: guide explain G202\n"
        "broken.yaml: 1 error, 0 warnings\n"
    )


def test_check_json(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("broken.yaml").write_text(BROKEN, encoding="utf-8")
    code, out, _ = run(capsys, "check", "--format", "json", "broken.yaml")
    assert code == 1
    assert json.loads(out) == [
        {
            "path": "broken.yaml",
            "line": 16,
            "column": 7,
            "severity": "error",
            "code": "G202",
            "message": "unknown question `stok_count`; did you mean `stock_count`?",
            "hint": "change `stok_count` to `stock_count`; if `stok_count` is new, add a question "
            "with that id under `questions`",
        }
    ]


@pytest.mark.parametrize("make", ["missing", "directory", "binary", "empty"])
def test_unreadable_input_exits_2(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, make: str
) -> None:
    path = tmp_path / "input.yaml"
    if make == "directory":
        path.mkdir()
    elif make == "binary":
        path.write_bytes(b"\x00\x01\x02")
    elif make == "empty":
        path.write_text("", encoding="utf-8")
    code, out, _ = run(capsys, "check", str(path))
    assert code == 2
    assert out.startswith(f"{path}:1:1: error G00")
    assert "Traceback" not in out


def test_bad_usage_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "chek", "stock_count")
    assert code == 2
    assert "No such command 'chek'" in err
    code, _, err = run(capsys, "check")
    assert code == 2
    assert "Missing argument" in err


def test_internal_error_exits_3_without_traceback_unless_debug(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(path: object, today: object = None) -> list[engine.Diagnostic]:
        raise RuntimeError("boom")

    monkeypatch.setattr(engine, "check", broken)
    code, _, err = run(capsys, "check", "stock_count")
    assert (code, err) == (3, "guide: internal error: boom (run with --debug for details)\n")
    code, _, err = run(capsys, "--debug", "check", "stock_count")
    assert code == 3
    assert "Traceback" in err


def test_interrupt_exits_130(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def interrupted(path: object, today: object = None) -> list[engine.Diagnostic]:
        raise KeyboardInterrupt

    monkeypatch.setattr(engine, "check", interrupted)
    code, _, err = run(capsys, "check", "stock_count")
    assert code == 130
    assert "Traceback" not in err


def test_installed_command_finds_shipped_rulebases_from_anywhere(tmp_path: Path) -> None:
    guide = shutil.which("guide", path=str(Path(sys.executable).parent))
    assert guide is not None, "the console script `guide` is not installed"
    done = subprocess.run(
        [guide, "check", "stock_count"], cwd=tmp_path, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0
    assert done.stdout.endswith("stock_count.yaml: ok\n")


def test_importing_the_engine_leaves_the_host_untouched() -> None:
    code = (
        "import collections, logging, engine\n"
        "session = engine.load(engine.resolve('stock_count')).start()\n"
        "session.answer(session.next_question().id, session.next_question().choices[0].id)\n"
        "assert logging.getLogger().handlers == [], logging.getLogger().handlers\n"
        "assert not hasattr(collections, 'Mapping')\n"
        "print('clean')\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert (done.returncode, done.stdout, done.stderr) == (0, "clean\n", "")
