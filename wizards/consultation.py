"""``guide run``: open or resume a session, apply answers given up front, then either
run the interactive wizard or, without prompts, show the result or JSON.

The command line parses the options and maps the :class:`Ending` (or a
:class:`WizardError`) to an exit code; everything in between happens here.
"""

from __future__ import annotations

import contextlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import engine
import engine.store
from wizards import answers_file, reports, saving
from wizards.errors import WizardError
from wizards.screens import Screen
from wizards.terminal import Clock, Ending, Reader, RecordSink, Wizard


@dataclass(frozen=True, slots=True)
class RunOptions:
    """What ``guide run`` was asked to do."""

    rulebase: str | None = None
    resume: Path | None = None
    save: Path | None = None
    answers: Path | None = None
    sets: tuple[str, ...] = ()
    no_input: bool = False
    json: bool = False
    report: Path | None = None
    #: Where interactive consultations are recorded; None: not recorded.
    store: engine.StoreSettings | None = None
    ask_proficiency: bool = False
    #: How familiar the worker is with the task, given up front (it replaces a resumed
    #: session's own): the session keeps it, and steps and summaries come in its form.
    proficiency: engine.Proficiency | None = None
    #: Where the session goes when the chosen place cannot take it (in the data directory).
    fallback_folder: Path | None = None
    #: Explanations name rules, questions and solutions by id too (for an SME).
    explain_ids: bool = False
    #: Where article files are published, for the report's links (GUIDE_ARTICLES_URL);
    #: None: the report carries them.
    articles_url: str | None = None


def run_consultation(options: RunOptions, screen: Screen, read: Reader, now: Clock) -> Ending:
    """Carry out ``guide run`` and say how the consultation ended.

    Raises:
        WizardError: unusable options, answers, session or report file; or, without
            prompts, a question that matters has no answer.
        RulebaseError: the rule base cannot be loaded.
        StoreError: the configured store is not one this Guide can use.
    """
    sink = None
    if (
        options.store is not None
        and options.store.enabled
        and not (options.json or options.no_input)
    ):
        sink = record_sink(engine.store.open_recorder(options.store), screen)
    report_format = None if options.report is None else reports.report_format(options.report)
    if options.report is not None:
        # Before the first question: a report that cannot be written is no surprise at the end.
        reports.check_writable(options.report, "report")
        reports.check_replaceable_report(options.report)
    session, save_path = open_session(options, now)
    if session.rulebase_changed and not options.json:
        screen.say(
            f"The rule base {session.rulebase.id} {session.rulebase.version} has changed since "
            "this session was saved; the answers still apply, but what is recommended may differ.",
            "yellow",
        )
    if options.json:
        screen.console.out(json.dumps(json_outcome(session), indent=2), highlight=False)
        _require_finished(session, "--json")
        data = reports.consultation(session, now(), explain_ids=options.explain_ids)
    elif options.no_input:
        _require_finished(session, "--no-input")
        screen.header(session.rulebase)
        data = reports.consultation(session, now(), explain_ids=options.explain_ids)
        screen.result(data, interactive=False)
    else:
        wizard = Wizard(
            session,
            screen,
            read,
            save_path,
            now,
            record=sink,
            ask_proficiency=options.ask_proficiency,
            fallback_folder=options.fallback_folder,
            explain_ids=options.explain_ids,
        )
        if wizard.run() is Ending.STOPPED:
            return Ending.STOPPED
        data = wizard.consultation()
    if options.report is not None and report_format is not None:
        shown = reports.for_report(data, session, options.articles_url)
        reports.write_report(options.report, reports.render_report(shown, report_format))
        if not options.json:
            screen.say(f"Report written to {options.report}")
    return Ending.CONFIRMED if data.confirmed else Ending.NOT_CONFIRMED


def record_sink(recorder: engine.Recorder, screen: Screen) -> RecordSink:
    """Keeps records with the recorder; a store problem is told, never raised."""

    def keep(record: engine.ConsultationRecord) -> None:
        try:
            saved = recorder.save(record)
        except engine.StoreError as error:
            with contextlib.suppress(OSError):  # the terminal may be gone by now
                screen.say(f"This consultation could not be recorded: {error}", "yellow")
                if error.hint:
                    screen.hint(f"Hint: {error.hint}")
            return
        if saved.queued:
            with contextlib.suppress(OSError):
                screen.hint(
                    f"The store could not be written now; this consultation's record waits in "
                    f"{recorder.queue_path} and is sent with the next one."
                )

    return keep


def open_session(options: RunOptions, now: Clock) -> tuple[engine.Session, Path]:
    """The session to run (new or resumed, answers applied) and where to save it.

    Raises:
        WizardError: see :func:`run_consultation`.
        RulebaseError: the rule base cannot be loaded.
    """
    given = []
    if options.answers is not None:
        given += answers_file.read_answers_file(options.answers)
    given += answers_file.parse_set_options(options.sets)
    if options.resume is not None:
        data = saving.read_session_file(options.resume)
        saved_id = saving.saved_rulebase_id(data, options.resume)
        rulebase = engine.load(_rulebase_path(options.rulebase, saved_id))
        session = saving.resume_session(rulebase, data, options.resume)
    else:
        if options.rulebase is None:
            raise WizardError(
                "name a rule base to run, or --resume a saved session",
                hint="`guide run inventory` (days on hand above target) or `guide run "
                "test_design` (a certification test's strategy); `guide list` shows them all",
            )
        rulebase = engine.load(engine.resolve(options.rulebase))
        session = rulebase.start()
    save_path = saving.save_path(options.save, options.resume, rulebase.id, now())
    if options.save is not None and not (options.json or options.no_input):
        # Refused now, before the first question, rather than when the worker stops.
        saving.check_save_target(options.save)
        reports.check_writable(options.save, "session")
    if options.proficiency is not None:
        session.set_proficiency(options.proficiency)
    answers_file.apply_answers(session, given)
    return session, save_path


def json_outcome(session: engine.Session) -> dict[str, Any]:
    """The engine's outcome, plus whether a solution is confirmed, progress and the session."""
    progress = session.progress()
    return {
        **session.outcome(),
        "confirmed": any(
            r.state is engine.SolutionState.CONFIRMED for r in session.recommendations()
        ),
        "progress": {
            "answered": progress.answered,
            "skipped": progress.skipped,
            "remaining_at_least": progress.remaining_at_least,
            "remaining_at_most": progress.remaining_at_most,
        },
        "session": session.to_dict(),
    }


def _rulebase_path(given: str | None, saved_id: str) -> Path:
    if given is not None:
        return engine.resolve(given)
    shipped = engine.shipped_rulebases().get(saved_id)
    if shipped is None:
        raise WizardError(
            f"the saved session belongs to rule base `{saved_id}`, which is not shipped with Guide",
            hint="name its file: guide run PATH --resume FILE",
        )
    return shipped


def _require_finished(session: engine.Session, flag: str) -> None:
    prompt = session.next_question()
    if prompt is None:
        return
    raise WizardError(
        f"{flag}: no answer for `{prompt.id}` ({prompt.text})",
        hint=f"answer it with --set {prompt.id}=VALUE or in --answers FILE, or leave out {flag}",
    )
