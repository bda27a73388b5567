"""The interactive wizard: one question at a time, then the result.

Input and output are injected (a rich Console and an input function), so every
behaviour is tested without a terminal. What to ask, what an answer means and
what to recommend all come from the engine's Session.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path

import engine
import engine.answers
import engine.recording
from wizards import reports, saving
from wizards.errors import WizardError
from wizards.reports import Consultation, Link
from wizards.screens import Screen, result_commands

#: Reads one line after showing a prompt; raises EOFError at end of input and
#: KeyboardInterrupt on Ctrl-C, like the built-in ``input``. (The command line
#: turns a closed terminal, ``kill`` and a shutdown into KeyboardInterrupt too.)
Reader = Callable[[str], str]
Clock = Callable[[], dt.datetime]
#: Keeps the record of a consultation when it ends (never raises).
RecordSink = Callable[[engine.recording.ConsultationRecord], None]

PROMPT = "> "


class Ending(Enum):
    """How a consultation ended; the command line turns it into an exit code."""

    CONFIRMED = "confirmed"
    NOT_CONFIRMED = "not confirmed"
    STOPPED = "stopped"


@dataclass
class Wizard:
    """Drives one session through the terminal until a result, or until stopped."""

    session: engine.Session
    screen: Screen
    read: Reader
    #: Where the session is saved, after every answer and when the worker stops.
    save_path: Path
    now: Clock = field(default=lambda: dt.datetime.now(dt.UTC))
    fix_failed: bool = False
    #: Where the consultation's record goes when it ends; None: not recorded.
    record: RecordSink | None = None
    #: Ask how familiar the worker is with the task, before the first question,
    #: unless the session already knows (given up front, or said before a resume).
    #: The answer goes into the session, which picks the steps' form for it.
    ask_proficiency: bool = False
    expert_requested: bool = False
    #: Which recommendation (0-based) the worker is trying.
    trying: int = 0
    #: Explanations name each rule, question and solution by id too (``--explain-ids``,
    #: ``--debug``): for an SME checking the rule base, not for the worker.
    explain_ids: bool = False
    #: Where the session goes when ``save_path`` cannot take it (the data directory).
    fallback_folder: Path | None = None
    #: How Guide was started (``guide``, ``.venv/bin/guide``, ``python -m cli``): the
    #: resume command is printed with it, so it works when ``guide`` is not on PATH.
    program: str = "guide"
    #: The data directory's sessions folder: a session kept there is resumed with
    #: ``--resume`` alone.
    sessions_folder: Path | None = None
    #: Whether the worker has been told that the session could not be saved anywhere.
    _told_unsaved: bool = field(default=False, init=False)
    #: The result on screen: the worker picks a recommendation from it by number.
    _shown: Consultation | None = field(default=None, init=False)
    #: When the consultation on screen began (a new one begins when the worker starts again).
    _started: dt.datetime = field(default_factory=lambda: dt.datetime.now(dt.UTC), init=False)

    def run(self) -> Ending:
        """Ask until nothing more can change the outcome, show it, then take commands.

        Ctrl-C, end of input or ``q`` at a question save the session and stop.
        The consultation is recorded however it ends. Time per question is kept in
        the session (measured with ``now``), so it survives a stop and resume.
        """
        self._started = self.now()
        ending = Ending.STOPPED
        try:
            ending = self._run()
        finally:  # even when something unforeseen breaks the consultation
            self._record()
        if ending is not Ending.STOPPED:
            # Finished: kept (a session becomes a test, or shows what was answered), but
            # marked, so that `guide run --resume` no longer offers it.
            self._save(status=saving.FINISHED)
        return ending

    def _record(self, *, left_early: bool = False) -> None:
        if self.record is not None:
            self.record(
                engine.recording.record_consultation(
                    # Proficiency, time per question and articles opened: from the session.
                    self.session,
                    started=self._started,
                    ended=self.now(),
                    expert_requested=self.expert_requested,
                    left_early=left_early,
                )
            )

    def _run(self) -> Ending:
        try:
            self.screen.banner(self.session.rulebase)
            if self.ask_proficiency and self.session.proficiency is None:
                self._ask_proficiency()
            while True:
                try:
                    if not self._ask_all():
                        return self._stop()
                    if self._result():
                        return Ending.CONFIRMED if self._confirmed() else Ending.NOT_CONFIRMED
                except _StartAgain:
                    self._start_again()
        except (KeyboardInterrupt, EOFError, _Stop):
            return self._stop()

    def _ask_proficiency(self) -> None:
        levels = list(engine.Proficiency)
        self.screen.proficiency_question(levels)
        while True:
            typed = self._read().strip().casefold()
            if not typed:
                return
            chosen = _pick(typed, len(levels))
            if chosen is not None:
                self.session.set_proficiency(levels[chosen])
                self._keep()
                return
            if typed in {level.value for level in levels}:
                self.session.set_proficiency(typed)
                self._keep()
                return
            self.screen.problem(f"`{typed}` is not one of the answers", "type 1, 2 or 3, or Enter")

    def consultation(self) -> Consultation:
        return reports.consultation(
            self.session, self.now(), fix_failed=self.fix_failed, explain_ids=self.explain_ids
        )

    def _confirmed(self) -> bool:
        """As ``consultation().confirmed``, without working out the whole result."""
        confirmed = engine.SolutionState.CONFIRMED
        return not self.fix_failed and any(
            r.state is confirmed for r in self.session.recommendations()
        )

    # --- the questions -------------------------------------------------------

    def _ask_all(self) -> bool:
        """Ask the questions that matter; False when the worker quits."""
        while (prompt := self.session.next_question()) is not None:
            self.screen.question(prompt, self.session.progress())
            if not self._ask(prompt):
                return False
            self._keep()
        return True

    def _ask(self, prompt: engine.Prompt) -> bool:
        """Read until the question is answered, skipped or undone; False on quit."""
        began = self.now()
        while True:
            typed = self._read().strip()
            command = typed.casefold()
            if command in {"q", "quit"}:
                self._timed(prompt.id, began)  # kept in the saved session for the resume
                return False
            if self._explained(command, prompt):
                pass
            elif command in {"b", "back"}:
                undone = self.session.back()
                if undone is not None:
                    self._timed(prompt.id, began)
                    self.screen.hint(f"Back to: {self.session.prompt(undone).text}")
                    return True
                self.screen.say("This is the first question: there is nothing to go back to.")
            elif command in {"s", "skip"}:
                self.session.skip(prompt.id)
                self._timed(prompt.id, began)
                return True
            elif command in _RESTART:
                self._timed(prompt.id, began)
                self._offer_restart()  # raises _StartAgain when the worker confirms
                self.screen.question(prompt, self.session.progress())
            elif (change := _CHANGE.fullmatch(command)) is not None:
                if self._answers_or_change([change.group(1)] if change.group(1) else []):
                    self._timed(prompt.id, began)
                    return True
                self.screen.question(prompt, self.session.progress())
            elif not typed:
                self.screen.hint("Type an answer, or ? for help.")
            else:
                try:
                    self.session.answer(prompt.id, typed)
                except engine.AnswerError as error:
                    self._refused(error)
                    continue
                self._timed(prompt.id, began)
                return True

    def _refused(self, error: engine.AnswerError) -> None:
        """An answer that does not fit, said about the question on screen (ids only
        for an SME who asked for them)."""
        if self.explain_ids:
            self.screen.problem(str(error), error.hint)
        else:
            self.screen.problem(*error.in_words())

    def _explained(self, command: str, prompt: engine.Prompt) -> bool:
        """Help, the article, or why the question is asked; False for any other command."""
        if command in {"?", "help"}:
            self.screen.help(prompt, self.session.rulebase)
            self.screen.commands_help()
        elif command == "??":
            self._read_article(prompt.article)
        elif command == "why":
            why = self.session.why_in_words(prompt.id, ids=self.explain_ids)
            self.screen.say(why.sentence)
            if why.details:
                self.screen.hint("Type why more for the rules behind it.")
        elif command in {"why more", "why?", "more"}:
            self.screen.lines(self.session.why_in_words(prompt.id, ids=self.explain_ids).details)
        else:
            return False
        self.screen.reminder(prompt)  # the question has scrolled away: never a bare prompt
        return True

    def _timed(self, question_id: str, began: dt.datetime) -> None:
        self.session.add_seconds(question_id, max((self.now() - began).total_seconds(), 0.0))

    def _read_article(self, article: engine.Article | None) -> None:
        if article is None:
            self.screen.say("There is no article for this question.")
            return
        try:
            text = self.session.open_article(article.id)
        except engine.RenderError as error:
            self.screen.problem(str(error))
            return
        self.screen.article(article, text)

    # --- the worker's answers: check and change ------------------------------------

    def _answers_or_change(self, argument: list[str]) -> bool:
        """``c``: the answers so far; ``c N``: change answer N. True when one changed."""
        history = self.session.history
        if not argument or not argument[0].strip():
            self.screen.answers([self._answer_row(event) for event in history])
            return False
        chosen = _pick(argument[0].strip(), len(history))
        if chosen is None:
            hint = f"type c and a number from 1 to {len(history)}" if history else "answer first"
            self.screen.problem("there is no such answer", hint)
            return False
        return self._change(history[chosen], chosen + 1)

    def _answer_row(self, event: engine.Event) -> tuple[str, str]:
        question = self.session.rulebase.question_by_id[event.question]
        value = None if event.skipped else event.value
        return self.session.prompt(event.question).text, engine.answers.answer_text(question, value)

    def _change(self, event: engine.Event, number: int) -> bool:
        """Ask the question again and change its answer (answer ``number`` in the list);
        later answers that no longer apply are set aside and named. True when changed."""
        prompt = self.session.prompt(event.question)
        self.screen.question(prompt, self.session.progress(), heading=f"Changing answer {number}")
        now = self._answer_row(event)[1]
        self.screen.hint(f"Your answer: {now}. Type the new one, or press Enter to keep it.")
        while True:
            typed = self._read().strip()
            if not typed:
                self.screen.say("Kept.")
                return False
            if typed.casefold() in {"s", "skip"}:
                new = engine.Event(event.question, None, skipped=True)
            else:
                new = engine.Event(event.question, typed)
            try:
                dropped = self.session.change(new)
            except engine.AnswerError as error:
                self._refused(error)
                continue
            if not dropped and self.session.history[number - 1] == event:
                self.screen.say("Kept: that is the same answer.")
                return False
            self._keep()
            self._set_aside(dropped)
            self._confirm_later(event.question)
            return True

    def _set_aside(self, dropped: tuple[engine.Event, ...]) -> None:
        if dropped:
            self.screen.say("These answers no longer apply, so they are set aside:")
            for row in (self._answer_row(e) for e in dropped):
                self.screen.say(f"- {row[0]} ({row[1]})", indent=2, hanging=4)

    def _confirm_later(self, changed: str) -> None:
        """After a change, show each later answer that was kept, for the worker to
        confirm with Enter or replace by typing a new one (never to type it all again)."""
        questions = [e.question for e in self.session.history]
        later = questions[questions.index(changed) + 1 :]
        if later:
            these = (
                "1 later answer still applies"
                if len(later) == 1
                else (f"{len(later)} later answers still apply")
            )
            self.screen.say(f"{these}: check each (Enter keeps it).")
        for question_id in later:
            kept = next((e for e in self.session.history if e.question == question_id), None)
            if kept is not None:  # else set aside by a change just made
                self._confirm(kept)

    def _confirm(self, event: engine.Event) -> None:
        """One kept answer: Enter keeps it, a new answer replaces it, s makes it
        "I don't know", ? shows the help, q stops (saved)."""
        number = self.session.history.index(event) + 1
        prompt = self.session.prompt(event.question)
        heading = f"Checking answer {number}: still right?"
        self.screen.question(prompt, self.session.progress(), heading=heading)
        self.screen.hint(
            f"Your answer: {self._answer_row(event)[1]}. Press Enter to keep it, or type a new one."
        )
        while True:
            typed = self._read().strip()
            command = typed.casefold()
            if not typed:
                return
            if command in {"q", "quit"}:
                raise _Stop
            if self._explained(command, prompt):  # ?, ??, why: in words, then the question
                continue
            if command in _NOT_WHILE_CHECKING or _CHANGE.fullmatch(command):
                # Never taken as a text answer: the worker meant the command.
                self.screen.hint("Press Enter to keep this answer, or type a new one; q stops.")
                continue
            skipped = command in {"s", "skip"}
            new = engine.Event(event.question, None, skipped=True) if skipped else None
            try:
                dropped = self.session.change(new or engine.Event(event.question, typed))
            except engine.AnswerError as error:
                self._refused(error)
                continue
            self._keep()
            self._set_aside(dropped)
            return

    # --- starting again ----------------------------------------------------------

    def _offer_restart(self) -> None:
        """Ask before starting again; raises _StartAgain when the worker says yes."""
        if not self.session.history:
            self.screen.say("Nothing is answered yet: this is already the start.")
            return
        self.screen.say("Start again from the first question? Type y to start again.", "bold")
        self.screen.hint(
            "This consultation is kept as unfinished: guide run --resume offers it again."
        )
        if self._read().strip().casefold() in {"y", "yes"}:
            raise _StartAgain
        self.screen.say("Carrying on.")

    def _start_again(self) -> None:
        """Keep this consultation (saved, recorded as left before its end) and begin a new
        one of the same rule base, for the same worker, in a new file."""
        self._save()
        kept = self.save_path if self.save_path.exists() else None
        self._record(left_early=True)
        old = self.session
        self.session = engine.start(old.rulebase)
        if old.proficiency is not None:
            self.session.set_proficiency(old.proficiency)
        self._started = self.now()
        self.fix_failed = self.expert_requested = False
        self.trying = 0
        folder = self.sessions_folder or self.save_path.parent
        path = saving.default_save_path(old.rulebase.id, self.now(), folder)
        while path.exists():  # never another consultation's file
            path = path.with_name(f"{path.stem}-{uuid.uuid4().hex[:6]}.json")
        self.save_path = path
        self.screen.blank()
        if kept is not None:
            self.screen.say(f"Starting again. The earlier answers are kept in {kept}")
        else:
            self.screen.say("Starting again.")

    # --- the result ------------------------------------------------------------

    def _result(self) -> bool:
        """Show the result and take commands; False when the worker goes back."""
        shown = self._shown = self.consultation()
        articles = self.screen.result(shown)
        self.trying = 0
        self._ask_feedback()
        while True:
            self.screen.hint(
                result_commands(
                    advisory=self._advisory,
                    recommended=bool(self.session.recommendations()),
                    leads=bool(shown.lead_questions),
                )
            )
            try:
                typed = self._read().strip()
            except EOFError:
                return True  # the consultation is complete: end of input means done
            command, _, argument = typed.partition(" ")
            command, argument = command.casefold(), argument.strip()
            if command in {"q", "quit", "done"}:
                return True
            if command in {"b", "back"}:
                undone = self.session.back()
                if undone is not None:
                    self._keep()
                    self.screen.hint(f"Back to: {self.session.prompt(undone).text}")
                    return False
                self.screen.say("There is nothing to go back to.")
            elif command.isdigit() and not argument:
                self._details(shown, command)
            elif command in {"f", "find"}:
                if self._follow_lead(shown, argument):
                    return False  # an answer given: on to what is worth asking now
            elif command in {"h", "how"}:
                self._how(argument)
            elif command in {"a", "read"}:
                self._article(articles, argument)
            elif command in {"u", "use"} and self._advisory:
                if self._use(argument):
                    return True
            elif command in {"y", "yes", "n", "no", "d"} and self._advisory:
                self.screen.problem(
                    "these recommendations are advice to choose from, not fixes to try",
                    "type u and the numbers of those you will use, e.g. u 1 2",
                )
            elif command in {"y", "yes", "n", "no", "d"}:
                solved = self._feedback(command[0], argument)
                self._keep()
                if solved:
                    return True
            elif command in {"e", "expert"}:
                self.expert_requested = True
                self.screen.separator()
                self.screen.say(reports.render_handover(self.consultation()).rstrip("\n"))
                self.screen.separator()
                self.screen.hint("Copy the summary above, or type w [FILE] to save it.")
            elif command in {"w", "write", "save"}:
                self._save_handover(argument)
            elif command in {"c", "change"}:
                if self._answers_or_change([argument] if argument else []):
                    return False  # an answer changed: on to what is worth asking now
            elif command in _RESTART:
                self._offer_restart()
            elif command:
                self.screen.problem(f"`{typed}` is not a command here")

    # --- did it fix the problem? ---------------------------------------------------

    def _tried(self) -> engine.Recommendation | None:
        recommendations = self.session.recommendations()
        return recommendations[self.trying] if self.trying < len(recommendations) else None

    @property
    def _advisory(self) -> bool:
        return self.session.rulebase.settings.advisory

    def _ask_feedback(self) -> None:
        if self._advisory:
            count = len(self.session.recommendations())
            if count:
                self.screen.advice_question(count)
            return
        tried = self._tried()
        if tried is not None:
            self.screen.feedback_question(self.trying + 1, tried.solution.title)

    def _use(self, argument: str) -> bool:
        """Advisory: record the recommendations the worker will use; True when chosen."""
        recommendations = self.session.recommendations()
        numbers, _, comment = argument.partition(":")
        typed = numbers.replace(",", " ").split()
        if [t.casefold() for t in typed] == ["none"]:
            self.screen.say("Noted: none of these. Type e if an expert should take it from here.")
            return False
        chosen = [_pick(t, len(recommendations)) for t in typed]
        if not typed or None in chosen:
            self.screen.problem(
                "type the numbers of the recommendations you will use",
                f"numbers from 1 to {len(recommendations)}, e.g. u 1 2; or u none",
            )
            return False
        picked = [recommendations[n] for n in dict.fromkeys(c for c in chosen if c is not None)]
        for recommendation in picked:
            self.session.record_outcome(
                recommendation.solution.id, engine.Outcome.CHOSEN, comment.strip() or None
            )
        self._keep()
        titles = " and ".join(
            f"{recommendations.index(r) + 1}. “{r.solution.title}”" for r in picked
        )
        self.screen.say(f"Noted: you will use {titles}. Thank you for saying so.")
        return True

    def _feedback(self, letter: str, comment: str) -> bool:
        """Record the outcome of the recommendation being tried; True when solved."""
        tried = self._tried()
        if tried is None:
            recommended = bool(self.session.recommendations())
            if letter == "n" and recommended:  # nothing left to try: over to the expert
                self.fix_failed = True
                self.screen.offer_expert(self.consultation())
            elif recommended:
                self.screen.problem("you have said that about every recommendation")
            else:
                self.screen.problem(
                    "nothing was recommended, so there is nothing to say that about",
                    "type f and a number to answer a question that could change that, "
                    "or e for the expert",
                )
            return False
        outcome = {"y": engine.Outcome.FIXED, "n": engine.Outcome.NOT_FIXED}.get(
            letter, engine.Outcome.DID_NOT_TRY
        )
        try:
            self.session.record_outcome(tried.solution.id, outcome, comment or None)
        except engine.OutcomeError as error:
            self.screen.problem(str(error), error.hint)
            return False
        title = tried.solution.title
        if outcome is engine.Outcome.FIXED:
            self.screen.say(f"Good: “{title}” fixed the problem. Thank you for saying so.")
            return True
        if outcome is engine.Outcome.DID_NOT_TRY:
            self.screen.say(f"Noted: you did not try “{title}”.")
            self.trying += 1  # on to the next one, as after "not fixed"
            if self._tried() is None:
                self.screen.say("That was the last recommendation.")
            else:
                self._show_tried()
                self._ask_feedback()
            return False
        self.trying += 1
        if self._tried() is None:
            self.fix_failed = True
            self.screen.offer_expert(self.consultation())
        else:
            self._show_tried()
            self._ask_feedback()
        return False

    def _show_tried(self) -> None:
        """The next recommendation to try, in full (the result showed the first)."""
        if self._shown is not None and self.trying < len(self._shown.solutions):
            self.screen.solution(self._shown, self.trying)

    def _follow_lead(self, shown: Consultation, typed: str) -> bool:
        """``f N``: answer the question of lead N now (asked again if it was answered
        "I don't know"); True when an answer was given."""
        chosen = _pick(typed or "1", len(shown.lead_questions))
        if chosen is None:
            count = len(shown.lead_questions)
            hint = f"type f and a number from 1 to {count}" if count else "there are none"
            self.screen.problem("there is no such question to find out", hint)
            return False
        question_id = shown.lead_questions[chosen]
        history = self.session.history
        earlier = next((n for n, e in enumerate(history) if e.question == question_id), None)
        if earlier is not None:
            return self._change(history[earlier], earlier + 1)
        prompt = self.session.prompt(question_id)
        self.screen.question(prompt, self.session.progress())
        try:
            return self._ask(prompt)
        except engine.AnswerError as error:  # no longer askable: said, not raised
            self._refused(error)
            return False

    def _details(self, shown: Consultation, typed: str) -> None:
        """A recommendation in full, by its number in the overview."""
        chosen = _pick(typed, len(shown.solutions))
        if chosen is None:
            count = len(shown.solutions)
            hint = f"type a number from 1 to {count}" if count else "nothing was recommended"
            self.screen.problem("there is no such recommendation", hint)
            return
        self.screen.solution(shown, chosen)

    def _how(self, argument: str) -> None:
        solutions = self.session.recommendations()
        chosen = _pick(argument or "1", len(solutions))
        if chosen is None:
            self.screen.problem(
                "there is no such recommendation", f"type h and a number from 1 to {len(solutions)}"
            )
            return
        solution_id = solutions[chosen].solution.id
        self.screen.lines(self.session.how_in_words(solution_id, ids=self.explain_ids).lines())

    def _article(self, articles: list[Link], argument: str) -> None:
        chosen = _pick(argument or "1", len(articles))
        if chosen is None:
            hint = (
                f"type a and a number from 1 to {len(articles)}" if articles else "there are none"
            )
            self.screen.problem("there is no such article", hint)
            return
        self._read_article(self.session.rulebase.article_by_id[articles[chosen].id])

    def _save_handover(self, argument: str) -> None:
        default = self.save_path.with_name(self.save_path.stem + "-handover.md")
        path = Path(argument) if argument else default
        try:
            reports.write_handover(path, reports.render_handover(self.consultation()))
        except WizardError as error:
            self.screen.problem(error.message, error.hint)
            return
        self.screen.say(f"Saved the summary for the expert in {path}")

    # --- stopping ----------------------------------------------------------------

    def _stop(self) -> Ending:
        # Saved before anything is shown: after a hang-up there is no terminal to show it on.
        saved = self._save(stopping=True)
        with contextlib.suppress(OSError):
            self.screen.blank()
            if saved and not self.save_path.exists():
                self.screen.say("Stopped. Nothing was answered, so there is nothing to keep.")
            elif saved:
                command = saving.resume_command(
                    self.save_path,
                    self.session.rulebase,
                    self.program,
                    by_file=not self._in_sessions_folder(),
                )
                self.screen.say(f"Stopped. Your answers are saved in {self.save_path}")
                self.screen.say("To continue where you stopped, run:")
                self.screen.say(f"  {command}")
        return Ending.STOPPED

    def _in_sessions_folder(self) -> bool:
        """Whether the session is kept where ``--resume`` alone finds it."""
        if self.sessions_folder is None:
            return False
        with contextlib.suppress(OSError):
            return self.save_path.parent.resolve() == self.sessions_folder.resolve()
        return False

    # --- keeping the session -----------------------------------------------------

    def _keep(self) -> None:
        """Save after every change, so closing the terminal or a kill loses at most
        the answer being typed."""
        self._save()

    def _save(self, *, stopping: bool = False, status: str = saving.UNFINISHED) -> bool:
        """Save the session where asked, else in another place the worker is told of.

        Nothing is written while nothing is answered (no file to clutter the folder).
        False only when no place at all could take it: the worker is told the first
        time, and again when stopping.
        """
        if not self.session.history and not self.save_path.exists():
            return True
        try:
            saved = saving.save_somewhere(
                self.session, self.save_path, self.fallback_folder, status=status, now=self.now()
            )
        except WizardError as error:
            if stopping or not self._told_unsaved:
                self._told_unsaved = True
                with contextlib.suppress(OSError):
                    self.screen.say(f"Your answers could not be saved: {error.message}", "red")
                    if error.hint:
                        self.screen.hint(f"Hint: {error.hint}")
            return False
        if saved.problem is None:
            return True
        # From now on the answers go to the place that took them.
        self.save_path = saved.path
        with contextlib.suppress(OSError):
            self.screen.say(saved.problem.message, "yellow")
            self.screen.say(f"Your answers are saved in {saved.path} instead.", "yellow")
        return True

    def _read(self) -> str:
        """One line from the worker; asked again when it is not UTF-8 text."""
        while True:
            try:
                typed = self.read(PROMPT)
            except UnicodeDecodeError:
                typed = None
            except OSError:  # the terminal is gone: stop as at the end of input
                raise EOFError from None
            if typed is not None and _is_text(typed):
                return typed
            self.screen.problem(
                "what you typed holds bytes that are not UTF-8 text",
                "type it again; if it happens again, check the terminal's character set",
            )


def _is_text(typed: str) -> bool:
    """False for a line holding undecodable bytes (read as lone surrogates)."""
    try:
        typed.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


#: Start again, at a question and at the result.
_RESTART = frozenset({"r", "restart", "start again"})
#: Commands of a question that wait while kept answers are checked one by one.
_NOT_WHILE_CHECKING = frozenset({"b", "back", "??"}) | _RESTART


class _StartAgain(Exception):
    """The worker confirmed starting again (raised out of the question or the result)."""


class _Stop(Exception):
    """The worker typed q where a later answer is being checked: stop, saved."""


#: ``c`` (the answers so far) or ``c N`` / ``change N``; never a text answer such as
#: "change the toner", which is an answer to a text question.
_CHANGE = re.compile(r"(?:c|change)(?:\s+(\d+))?")


def _pick(text: str, count: int) -> int | None:
    """A 1-based number typed by the worker as a 0-based index, or None."""
    if (
        text.isascii()
        and text.isdigit()
        and len(text) <= len(str(count))
        and 1 <= int(text) <= count
    ):
        return int(text) - 1
    return None
