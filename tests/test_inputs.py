"""engine.inputs: session and answers files a person hands Guide, read within limits."""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

import cli
import engine
import engine.inputs

#: 349 bytes of YAML that PyYAML's safe_load expands past 120 s and 731 MB.
ALIAS_BOMB = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{name}: &{name} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]\n"
    for prev, name in zip("abcdefgh", "bcdefghi", strict=True)
)


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = cli.main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(autouse=True)
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)


def test_an_alias_bomb_answers_file_is_refused_at_once(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    (tmp_path / "a.yaml").write_text(ALIAS_BOMB, encoding="utf-8")
    started = time.monotonic()
    code, out, err = run(capsys, "run", "stock_count", "--answers", "a.yaml")
    assert time.monotonic() - started < 2
    assert (code, out) == (2, "")
    assert err.startswith("guide: a.yaml:1:4: the answers file cannot be used: ")
    assert "anchors and aliases are not supported in answers files" in err


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("pack_size: " + "[" * 200 + "]" * 200 + "\n", "nested more than 64 levels deep"),
        ("pack_size: !!python/object:os.system x\n", "the tag `!!python/object:os.system`"),
        ("pack_size: 1\npack_size: 2\n", "the key `pack_size` appears twice"),
        ("pack_size: {a: 1}\n", "the answer to `pack_size` is a section"),
        ("a: 1\n---\nb: 2\n", "a second YAML document starts here"),
        ("pack_size: " + "9" * 400 + "\n", "question `pack_size` expects a whole number"),
        ("pack_size: " + "9" * 5000 + "\n", "question `pack_size` expects"),
    ],
)
def test_answers_files_outside_the_limits_exit_2(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, text: str, message: str
) -> None:
    (tmp_path / "a.yaml").write_text(text, encoding="utf-8")
    code, out, err = run(capsys, "run", "stock_count", "--answers", "a.yaml", "--plain")
    assert (code, out) == (2, "")
    assert message in err
    assert "Traceback" not in err


def test_an_answers_file_over_the_size_limit_is_not_read(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_text("# padding\n" * (engine.inputs.MAX_ANSWERS_BYTES // 10 + 1), encoding="utf-8")
    with pytest.raises(engine.InputError, match="larger than 1 MiB"):
        engine.inputs.read_answers_file(path)


def test_answers_file_values_and_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_text("# nothing yet\n", encoding="utf-8")
    assert engine.inputs.read_answers_file(path) == {}
    path.write_text("a: 6\nb: [x, 'y']\nc: null\nd: yes\n", encoding="utf-8")
    assert engine.inputs.read_answers_file(path) == {"a": 6, "b": ["x", "y"], "c": None, "d": True}


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom"])
def test_resume_from_a_device_exits_2(capsys: pytest.CaptureFixture[str], device: str) -> None:
    code, out, err = run(capsys, "run", "--resume", device)
    assert (code, out) == (2, "")
    assert err.startswith(f"guide: {device}: the session file cannot be read (it is not a regular")


def test_resume_from_a_fifo_does_not_wait_for_a_writer(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "s.json")
    with pytest.raises(engine.InputError, match="not a regular file"):
        engine.inputs.read_session_file(tmp_path / "s.json")


def test_a_session_file_over_the_size_limit_is_not_read(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    (tmp_path / "s.json").write_bytes(b" " * (engine.inputs.MAX_SESSION_BYTES + 1))
    code, _, err = run(capsys, "run", "--resume", "s.json")
    assert code == 2
    assert err.startswith("guide: s.json: the session file is larger than 10 MiB")


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("[" * 100_000 + "]" * 100_000, "nested too deeply"),
        ('{"a": ' * 50_000 + "1" + "}" * 50_000, "nested too deeply"),
        ('{"version": ' + "9" * 5000 + "}", "a number has too many digits"),
        ('{"version": 1e999}', "the number `1e999` is too large"),
        ('{"version": NaN}', "`NaN` is not a number a session holds"),
        ('{"version": -Infinity}', "`-Infinity` is not a number a session holds"),
        (b'{"a": "\xff"}'.decode("latin-1"), "cannot be read (not UTF-8 text)"),
    ],
)
def test_malformed_session_files_exit_2_for_resume_diff_and_add_scenario(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, text: str, problem: str
) -> None:
    data = text.encode("latin-1") if "\xff" in text else text.encode("utf-8")
    (tmp_path / "sessions").mkdir()
    (tmp_path / "sessions" / "s.json").write_bytes(data)
    rulebase = engine.resolve("stock_count")
    for args in (
        ["run", "--resume", "sessions/s.json"],
        ["diff", str(rulebase), str(rulebase), "--sessions", "sessions"],
        ["test", "--add-scenario", "sessions/s.json", str(rulebase)],
    ):
        code, _, err = run(capsys, *args)
        assert code == 2, args
        assert err.startswith("guide: sessions/s.json: "), (args, err)
        assert problem in err, (args, err)
        assert "Traceback" not in err


def test_diff_refuses_a_fifo_named_json_instead_of_hanging(tmp_path: Path) -> None:
    (tmp_path / "sessions").mkdir()
    os.mkfifo(tmp_path / "sessions" / "s.json")
    rulebase = str(engine.resolve("stock_count"))
    done = subprocess.run(
        [sys.executable, "-m", "cli", "diff", rulebase, rulebase, "--sessions", "sessions"],
        capture_output=True,
        text=True,
        timeout=30,
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(Path(cli.__file__).parent)},
        check=False,
    )
    assert done.returncode == 2
    assert "sessions/s.json: the session file cannot be read (it is not a regular file" in (
        done.stderr
    )


def test_a_well_formed_session_file_reads_back(tmp_path: Path) -> None:
    session = engine.start(engine.load(engine.resolve("stock_count")))
    (tmp_path / "s.json").write_text(json.dumps(session.to_dict()), encoding="utf-8")
    assert engine.inputs.read_session_file(tmp_path / "s.json") == session.to_dict()


def test_resume_says_when_the_rule_base_changed_since_the_save(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    folder = tmp_path / "kb"
    shutil.copytree(engine.resolve("stock_count").parent, folder)
    path = folder / "stock_count.yaml"
    session = engine.start(engine.load(path))
    session.answer("discrepancy_direction", "system_lower")
    (tmp_path / "s.json").write_text(json.dumps(session.to_dict()), encoding="utf-8")
    assert not engine.resume(engine.load(path), session.to_dict()).rulebase_changed
    code, out, _ = run(capsys, "run", "kb/stock_count.yaml", "--resume", "s.json", "--plain")
    assert code == 130
    assert "has changed since this session was saved" not in out

    path.write_text(path.read_text(encoding="utf-8") + "\n# a comment changes the digest\n")
    assert engine.resume(engine.load(path), session.to_dict()).rulebase_changed
    code, out, _ = run(capsys, "run", "kb/stock_count.yaml", "--resume", "s.json", "--plain")
    assert code == 130
    assert " ".join(out.split()).startswith(
        "The rule base stock_count 2.1 has changed since this session was saved; "
        "the answers still apply, but what is recommended may differ."
    )


def test_a_nul_in_the_path_is_an_input_error() -> None:
    with pytest.raises(engine.InputError, match="its name holds a NUL"):
        engine.inputs.read_session_file("s\0.json")
