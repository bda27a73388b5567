"""cProfile of Guide's step loop (answer + recommendations + next question)."""

from __future__ import annotations

import cProfile
import io
import pstats
from pathlib import Path

from _generate import generate
from _implementations import Guide
from _load import prepare
from _run import INTERLEAVED_SESSIONS, SCRIPT_LENGTH, SCRIPT_SEED


def profile_guide(size: int, workdir: Path, *, use_loader: bool, top: int = 30) -> str:
    """The profile of replaying the 20 benchmark scripts, as printable text."""
    guide = Guide(prepare(generate(size), workdir, use_loader=use_loader))
    guide.build()
    scripts = guide.scripts(INTERLEAVED_SESSIONS, SCRIPT_LENGTH, SCRIPT_SEED)
    sessions = [guide.new_session() for _ in scripts]
    profiler = cProfile.Profile()
    profiler.enable()
    for session, script in zip(sessions, scripts, strict=True):
        for question_id, value in script:
            session.step(question_id, value)
    profiler.disable()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out).strip_dirs()
    stats.sort_stats("tottime").print_stats(top)
    stats.sort_stats("cumulative").print_stats(top)
    return out.getvalue()
