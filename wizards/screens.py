"""What the worker sees in the terminal, drawn with rich.

Two looks, the same words: colour, links and rules on a terminal;
plain text with no colour, boxes or rules for pipes, ``TERM=dumb``, screen
readers and ``--plain``. Text is wrapped here (never by rich) so that lists
keep hanging indents at any width and no line ends in spaces.
"""

from __future__ import annotations

import os
import textwrap
from collections.abc import Iterable
from typing import IO

from rich.console import Console
from rich.panel import Panel
from rich.text import Text

import engine
from wizards import present, reports
from wizards.controls import SafeConsole, visible
from wizards.reports import Consultation, Link, article_link

#: The one-line hint of the commands at every question.
QUESTION_COMMANDS = "? help · why · b back · s don't know · c answers · q quit"
#: Every command at a question, for ``?``.
QUESTION_HELP = (
    ("??", "read the question's article here"),
    ("why", "see why the question is asked"),
    ("b", "go back one question"),
    ("s", "say I don't know"),
    ("c", "check your answers"),
    ("c N", "change answer N (the later answers are kept for you to confirm)"),
    ("r", "start again from the first question (this consultation is kept)"),
    ("q", "stop; your answers are saved"),
)
#: ... and at the result: what to say about the recommendations, then the rest.
FIX_COMMANDS = "y/n/d did it fix it?"
ADVICE_COMMANDS = "u N… which you will use"
OTHER_RESULT_COMMANDS = "a N read article · e expert · c answers · b back · q done"
RESULT_COMMANDS = f"{FIX_COMMANDS} · h N how · {OTHER_RESULT_COMMANDS}"


def result_commands(*, advisory: bool, recommended: bool, leads: bool = False) -> str:
    """The one-line hint at the result: no question about the recommendations, nor
    how they were concluded, when there are none; "which will you use" for an
    advisory rule base; "find out" when a question could take it further."""
    parts = []
    if recommended:
        parts += [ADVICE_COMMANDS if advisory else FIX_COMMANDS, "h N how"]
    if leads:
        parts.append("f N find out")
    return " · ".join([*parts, OTHER_RESULT_COMMANDS])


def wants_plain(plain: bool, stream: IO[str]) -> bool:
    """Plain output when asked, when the output is not a terminal, or when TERM=dumb."""
    return plain or not stream.isatty() or os.environ.get("TERM") == "dumb"


def make_console(
    *, plain: bool, file: IO[str] | None = None, width: int | None = None, height: int = 24
) -> Console:
    """A console for the wizard: no colour, emoji or highlighting in plain mode.

    Give ``width`` to fix it (rich would otherwise assume 80 columns under TERM=dumb).
    """
    return SafeConsole(
        file=file,
        width=width,
        height=None if width is None else height,
        color_system=None if plain else "auto",
        no_color=True if plain else None,
        highlight=False,
        emoji=False,
    )


class Screen:
    """Draws each part of a consultation on one console."""

    def __init__(self, console: Console, *, plain: bool, show_ids: bool = False) -> None:
        self.console = console
        self.plain = plain
        #: Show each choice's id after its text (for authors, ``--explain-ids``); a worker
        #: types the number, and an id typed is accepted all the same.
        self.show_ids = show_ids

    # --- small pieces -------------------------------------------------------

    def say(self, text: str, style: str = "", indent: int = 0, hanging: int | None = None) -> None:
        """A paragraph wrapped to the console; later lines indented by ``hanging``."""
        later = indent if hanging is None else hanging
        width = max(self.console.width, 20)
        # Shown before wrapping, so that lines are wrapped at the width they print at.
        for paragraph in visible(text).split("\n"):
            lines = textwrap.wrap(
                paragraph,
                width=width,
                initial_indent=" " * indent,
                subsequent_indent=" " * later,
                break_long_words=False,
                break_on_hyphens=False,
            ) or [""]
            for line in lines:
                self._line(Text(line, style=style))

    def blank(self) -> None:
        self.console.print()

    def hint(self, text: str) -> None:
        self.say(text, "dim")

    def problem(self, message: str, hint: str | None = None) -> None:
        self.say(f"Not accepted: {message}", "bold red")
        if hint:
            self.say(f"Hint: {hint}", "red")

    def lines(self, lines: Iterable[str]) -> None:
        """Explanation lines from the engine, wrapped under their own indent."""
        for line in lines:
            stripped = line.lstrip(" ")
            indent = len(line) - len(stripped)
            extra = 2 if stripped.startswith("- ") else 0
            self.say(stripped, indent=indent, hanging=indent + extra)

    def separator(self) -> None:
        if self.plain:
            self.blank()
        else:
            self.console.rule(style="dim")

    # --- the consultation ---------------------------------------------------

    def banner(self, rulebase: engine.Rulebase) -> None:
        """One line at the start of every run and resume: the title and the version.
        Who wrote it and what it is for are under ``?`` (see :meth:`about`)."""
        self.say(f"{rulebase.metadata.title} (version {rulebase.version})", "bold")

    def about(self, rulebase: engine.Rulebase) -> None:
        """What the rule base is for and who keeps it: under ``?``, for whoever wonders."""
        meta = rulebase.metadata
        owners = "; ".join(present.owner_words(o.name, o.role, o.contact) for o in meta.owners)
        self.blank()
        self.say(f"About this guide (rule base {rulebase.id}, version {rulebase.version}):", "dim")
        if meta.description:
            self.say(meta.description, "dim")
        if owners:
            self.say(f"Written by {owners}", "dim")

    def header(self, rulebase: engine.Rulebase) -> None:
        """The full heading of a printed result (``--no-input``): title, version,
        owners and description."""
        meta = rulebase.metadata
        owners = "; ".join(present.owner_words(o.name, o.role, o.contact) for o in meta.owners)
        if self.plain:
            self.say(meta.title)
            self.say(f"Rule base {rulebase.id}, version {rulebase.version}")
            if owners:
                self.say(f"Written by {owners}")
            if meta.description:
                self.say(meta.description)
            return
        body = Text()
        body.append(meta.title, "bold")
        body.append(f"\nRule base {rulebase.id}, version {rulebase.version}")
        if owners:
            body.append(f"\nWritten by {owners}")
        if meta.description:
            body.append(f"\n{meta.description}", "dim")
        self.console.print(Panel(body, expand=False, border_style="cyan"))

    def question(
        self, prompt: engine.Prompt, progress: engine.Progress, heading: str | None = None
    ) -> None:
        """The question, its choices and what to type; ``heading`` replaces the line
        with its number and the progress (when an earlier answer is being changed)."""
        self.separator()
        shown = heading or f"Question {prompt.number} ({present.progress_words(progress)})"
        self.say(shown, "dim")
        self._question_body(prompt)
        self.hint(QUESTION_COMMANDS)

    def reminder(self, prompt: engine.Prompt) -> None:
        """The question again, after help, an article or why has pushed it up the screen:
        its text, choices and what to type, without the progress and the commands."""
        self.blank()
        self.say(f"Back to question {prompt.number}:", "dim")
        self._question_body(prompt)

    def _question_body(self, prompt: engine.Prompt) -> None:
        self.say(prompt.text, "bold")
        for number, choice in enumerate(prompt.choices, start=1):
            label = f"{number}.".rjust(len(str(len(prompt.choices))) + 1)
            shown = f"{choice.text} ({choice.id})" if self.show_ids else choice.text
            self.say(f"  {label} {shown}", hanging=len(label) + 3)
        self.hint(present.input_words(prompt))

    def answers(self, rows: list[tuple[str, str]]) -> None:
        """The worker's answers so far, numbered, each under its question."""
        self.separator()
        self.say("Your answers", "bold")
        if not rows:
            self.say("You have not answered anything yet.")
            return
        width = len(str(len(rows))) + 2
        for number, (question, answer) in enumerate(rows, start=1):
            self.say(f"{number}.".ljust(width) + question, hanging=width)
            self.say(answer, "bold", indent=width)
        self.hint("Type c and a number to change that answer, e.g. c 1.")

    def commands_help(self) -> None:
        """What can be typed at every question, besides an answer (shown with ``?``)."""
        self.blank()
        self.say("At any question you can type:")
        for command, meaning in QUESTION_HELP:
            self.say(f"  {command.ljust(5)} {meaning}", hanging=8)

    def unfinished(self, lines: list[str]) -> None:
        """The unfinished consultations to choose from, newest first."""
        self.say("Unfinished consultations, newest first:", "bold")
        width = len(str(len(lines))) + 2
        for number, line in enumerate(lines, start=1):
            self.say(f"{number}.".ljust(width) + line, hanging=width)
        self.hint("Type a number to resume it (Enter: the newest), or q to stop.")

    def help(self, prompt: engine.Prompt, rulebase: engine.Rulebase | None = None) -> None:
        """The question's help and article; then, given ``rulebase``, what the rule
        base is for and who wrote it."""
        self.say(prompt.help or "There is no help text for this question.")
        if prompt.article is not None:
            self._link("Read more: ", article_link(prompt.article))
            if prompt.article.file is not None:
                self.hint("Type ?? to read it here.")
        if rulebase is not None:
            self.about(rulebase)

    def article(self, article: engine.Article, markdown: str | None) -> None:
        """An article opened: its kind and title, who keeps it current, its text (or,
        for a link only, where to open it), and the sources it rests on."""
        self.separator()
        self.say(article.heading, "bold")
        for line in present.article_details(article):
            self.say(line, "dim")
        if markdown is None:
            self.say(f"This article is a link only: {article.url}")
        elif self.plain:
            self.blank()
            self.say(markdown.strip("\n"))
        else:
            # Only an article shown in colour needs rich's Markdown (markdown-it, pygments):
            # a tenth of a second to import, so not at start-up.
            from rich.markdown import Markdown  # noqa: PLC0415

            self.console.print(Markdown(visible(markdown)))
        if article.sources:
            if markdown is not None:
                self.blank()
            self.say("Sources:")
            for source in article.sources:
                self.say(f"- {source}", indent=2, hanging=4)
        self.separator()

    def result(self, data: Consultation, *, interactive: bool = True) -> list[Link]:
        """The recommendations, steps, articles and experts; returns the numbered articles.

        Several recommendations come first as an overview, one line each; then, when
        ``interactive``, the details of the first only (the worker types a number for
        another's), else the details of each. When nothing is confirmed the expert is
        offered: with commands to show or save the summary when ``interactive``, else
        with the summary printed in full.
        """
        self.separator()
        self.say("Result", "bold")
        articles = [link for solution in data.solutions for link in solution.articles]
        if not data.solutions:
            self.say("No solution fits these answers.")
        elif len(data.solutions) > 1:
            self.overview(data)
            if interactive:
                self.hint("Below: the first in full. Type a number to see another.")
        for number in range(min(1, len(data.solutions)) if interactive else len(data.solutions)):
            self.solution(data, number)
        if data.ruled_out:
            self.blank()
            self.say("Ruled out: " + "; ".join(data.ruled_out), "dim")
        self.blank()
        if not data.confirmed and data.leads:
            self.say("Guide can go further if you can find out:", "bold")
            width = len(str(len(data.leads))) + 1
            for number, lead in enumerate(data.leads, start=1):
                self.say(f"  {f'{number}.'.rjust(width)} {lead}", hanging=width + 3)
            if interactive:
                example = "f 1" if len(data.leads) == 1 else "f 1 or f 2"
                self.hint(f"Found it out? Type {example} to answer that question now.")
            self.blank()
        if not data.confirmed:
            self.offer_expert(data, interactive=interactive)
        return articles

    def overview(self, data: Consultation) -> None:
        """One line per recommendation: number, title, state in words and certainty."""
        self.blank()
        count = len(data.solutions)
        self.say(f"{count} recommendations, best first:")
        width = len(str(count)) + 1
        for number, solution in enumerate(data.solutions, start=1):
            label = f"{number}.".rjust(width)
            said = f"{solution.state}, {solution.certainty}"
            self.say(f"  {label} {solution.title} ({said})", hanging=width + 3)

    def solution(self, data: Consultation, index: int) -> None:
        """Recommendation ``index`` (0-based) in full: state, summary, steps, articles
        (numbered across all recommendations, for ``a N``) and expert."""
        solution = data.solutions[index]
        first_article = 1 + sum(len(s.articles) for s in data.solutions[:index])
        self.blank()
        style = "bold green" if solution.confirmed else "bold yellow"
        self.say(f"{index + 1}. {solution.title}", "bold", hanging=3)
        self.say(f"{solution.state.capitalize()}, certainty {solution.certainty}", style, 3)
        if solution.summary:
            self.say(solution.summary, indent=3)
        if solution.steps:
            self.say("Steps:", indent=3)
            for step_number, step in enumerate(solution.steps, start=1):
                label = f"{step_number}.".rjust(len(str(len(solution.steps))) + 1)
                self.say(f"     {label} {step}", hanging=len(label) + 6)
        if solution.articles:
            self.say("Articles:", indent=3)
            for number, link in enumerate(solution.articles, start=first_article):
                self._link(f"     [{number}] ", link)
        if solution.expert:
            self.say(f"Expert: {solution.expert.heading}", indent=3, hanging=5)
            self.details(solution.expert.details, indent=5)

    def proficiency_question(self, levels: list[engine.Proficiency]) -> None:
        self.separator()
        self.say("How familiar are you with this task?", "bold")
        for number, level in enumerate(levels, start=1):
            self.say(f"  {number}. {level.value}")
        self.hint("Type a number, or press Enter to skip.")

    def advice_question(self, count: int) -> None:
        """Advisory rule bases: which recommendations the worker will use."""
        self.say("Which of these will you use?", "bold")
        example = "u 1" if count == 1 else "u 1 2"
        self.hint(
            f"Type u and their numbers, e.g. {example}; several may be chosen. "
            "A comment may follow after a colon: u 1: start with this."
        )

    def feedback_question(self, number: int, title: str) -> None:
        self.say(f"Did {number}. “{title}” fix the problem?", "bold")
        self.hint("y yes · n no, on to the next · d did not try · a comment may follow the letter")

    def offer_expert(self, data: Consultation, *, interactive: bool = True) -> None:
        """The expert who fits best (the first the engine names): the one to call."""
        if data.fix_failed:
            self.say("The fix did not work: an expert can take it from here.", "bold")
        else:
            self.say("No solution is confirmed: an expert can take it from here.", "bold")
        for expert in data.experts[:1]:
            self.say(expert.heading, indent=2, hanging=4)
            self.details(expert.details, indent=4)
        others = len(data.experts) - 1
        if others > 0:
            more = "1 other expert" if others == 1 else f"{others} other experts"
            self.hint(f"The summary for them names {more} who may help.")
        if interactive:
            self.hint("Type e to show a summary to copy for them, or w [FILE] to save it.")
        else:
            self.say("A summary for them:")
            self.separator()
            self.say(reports.render_handover(data).rstrip("\n"))

    # --- helpers ----------------------------------------------------------------

    def details(self, lines: Iterable[str], indent: int) -> None:
        """An expert's contact, availability and topics, under their name."""
        for line in lines:
            self.say(line, indent=indent, hanging=indent + 2)

    def _line(self, text: Text) -> None:
        self.console.print(text, no_wrap=True, overflow="ignore", crop=False)

    def _link(self, label: str, link: Link) -> None:
        """The title (clickable on a terminal), then the URL whole on its own line."""
        self.say(label + link.title, hanging=len(label))
        if link.url is None:
            return
        line = Text(" " * len(label) + link.url, style="dim")
        if link.href is not None and not self.plain:
            line.stylize(f"link {link.href}", len(label))
        self._line(line)
