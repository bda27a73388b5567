"""The consultation written down: a Markdown or HTML report, and the expert's handover.

Templates live in ``wizards/templates``. Everything an SME wrote (questions,
steps, reasons) reaches them as data already rendered by the engine's sandbox,
in the form the engine chose for the worker's proficiency; it is never
rendered as a template again. HTML is autoescaped; in Markdown, text that can
hold what a worker typed (answers, and questions and steps that show answers)
goes through :func:`markdown_text`, so it cannot add HTML, links or code.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import re
import tempfile
import urllib.parse
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import jinja2
import markupsafe
from markdown_it import MarkdownIt

import engine
from engine.errors import RenderError
from wizards import present
from wizards.errors import WizardError

TEMPLATES = Path(__file__).parent / "templates"

#: How every summary for the expert begins (``handover.md.j2``): ``w FILE`` replaces
#: only a file that begins so.
HANDOVER_HEADING = "# Handover: "
# What the report templates write near their start, so a report is only ever
# written over an earlier report, never over an article or someone's notes.
REPORT_MARKERS = (b"\nConsultation report from Guide, ", b'<meta name="generator" content="Guide">')
# A title or rule-base id may be long, so the markers are looked for in the first 4 KiB.
_REPORT_MARKER_REACH = 4096
#: Report formats by file extension.
FORMATS = {".md": "md", ".markdown": "md", ".html": "html", ".htm": "html"}
#: The environment variable naming where a rule base's article files are published
#: (an intranet, a wiki, the web front-end), for the links in reports.
ARTICLES_URL_VARIABLE = "GUIDE_ARTICLES_URL"
#: An e-mail address inside an expert's or owner's contact text.
_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")


@dataclass(frozen=True, slots=True)
class Link:
    id: str
    #: The title with the article's kind before it: ``Course: Safety stock in practice``.
    title: str
    #: Shown to the reader; None when the article has neither file nor URL.
    url: str | None
    #: Clickable only when the scheme is safe (web, file or mail).
    href: str | None
    #: The report carries the article itself (see :func:`for_report`); ``href`` is its anchor.
    embedded: bool = False


@dataclass(frozen=True, slots=True)
class EmbeddedArticle:
    """An article written into a report, for readers who cannot open the worker's files."""

    id: str
    #: The title with the article's kind before it.
    heading: str
    #: Rendered with the consultation's answers; None when it could not be read.
    markdown: str | None
    sources: tuple[str, ...] = ()

    @property
    def anchor(self) -> str:
        return f"article-{self.id}"

    @property
    def body(self) -> str | None:
        """The Markdown without its own title line: the report heads it with kind and title."""
        if self.markdown is None:
            return None
        text = self.markdown.strip("\n")
        first, _, rest = text.partition("\n")
        return rest.strip("\n") if first.startswith("# ") else text


@dataclass(frozen=True, slots=True)
class Profile:
    """An expert as the worker meets them: who, then how, when and about what to call."""

    #: The name, then the role if given.
    heading: str
    #: ``Contact: ...``, ``Available: ...``, ``Knows about: ...``, as far as given.
    details: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Answer:
    id: str
    text: str
    answer: str


@dataclass(frozen=True, slots=True)
class Solution:
    id: str
    title: str
    summary: str
    state: str
    confirmed: bool
    certainty: str
    steps: tuple[str, ...]
    reasons: tuple[str, ...]
    articles: tuple[Link, ...]
    expert: Profile | None
    explanation: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Consultation:
    """What a report or handover shows, in words, computed once from the session."""

    rulebase_id: str
    title: str
    version: str
    owners: tuple[str, ...]
    date: str
    answered: tuple[Answer, ...]
    unknown: tuple[Answer, ...]
    solutions: tuple[Solution, ...]
    ruled_out: tuple[str, ...]
    experts: tuple[Profile, ...]
    confirmed: bool
    #: The worker said the recommended fix did not work.
    fix_failed: bool
    #: How familiar the worker said they are with the task (steps and summaries
    #: come in the form for it); None when not said.
    proficiency: str | None = None
    #: The articles the worker opened (kind and title), in the order first opened.
    articles_read: tuple[str, ...] = ()
    #: When nothing is confirmed: what the worker could find out to go further.
    leads: tuple[str, ...] = ()
    #: The question of each lead, by id, in the same order.
    lead_questions: tuple[str, ...] = ()
    #: Articles a report carries in full (:func:`for_report`), in the order first linked.
    embedded: tuple[EmbeddedArticle, ...] = ()


def consultation(
    session: engine.Session,
    now: dt.datetime | None = None,
    *,
    fix_failed: bool = False,
    explain_ids: bool = False,
) -> Consultation:
    """The session in words, for templates and screens (``explain_ids``: explanations
    name rules, questions and solutions by id too, for an SME)."""
    handover = session.handover(now=now)
    rulebase = session.rulebase

    def answer(item: engine.AnsweredQuestion) -> Answer:
        # The handover already says answers in the worker's words; None is "I don't know".
        words = item.answer or engine.answer_text(rulebase.question_by_id[item.id], None)
        return Answer(item.id, item.text, words)

    solutions = tuple(
        Solution(
            id=r.id,
            title=r.title,
            summary=r.summary,
            state=present.state_words(r.state),
            confirmed=r.state is engine.SolutionState.CONFIRMED,
            certainty=present.certainty_words(r.certainty),
            steps=r.steps,
            reasons=r.reasons,
            articles=tuple(article_link(rulebase.article_by_id[a]) for a in r.articles),
            expert=None if r.expert is None else profile(r.expert),
            explanation=tuple(session.how_in_words(r.id, ids=explain_ids).lines()),
        )
        for r in handover.recommended
    )
    return Consultation(
        rulebase_id=handover.rulebase_id,
        title=handover.rulebase_title,
        version=handover.rulebase_version,
        owners=tuple(present.owner_words(o.name, o.role, o.contact) for o in handover.owners),
        date=f"{handover.created:%Y-%m-%d %H:%M %Z}".strip(),
        answered=tuple(answer(a) for a in handover.answered),
        unknown=tuple(answer(a) for a in handover.unknown),
        solutions=solutions,
        ruled_out=tuple(rulebase.solution_by_id[s].title for s in handover.ruled_out),
        experts=tuple(profile(e) for e in handover.experts),
        confirmed=handover.confirmed and not fix_failed,
        fix_failed=fix_failed,
        proficiency=None if session.proficiency is None else session.proficiency.value,
        articles_read=tuple(rulebase.article_by_id[a].heading for a in session.articles_opened),
        leads=tuple(lead.sentence() for lead in handover.leads),
        lead_questions=tuple(lead.question.id for lead in handover.leads),
    )


def article_link(article: engine.Article) -> Link:
    url = present.article_url(article)
    return Link(article.id, article.heading, url, present.safe_link(url))


def for_report(
    data: Consultation, session: engine.Session, articles_url: str | None
) -> Consultation:
    """The consultation as a report shows it to someone on another machine.

    An article kept as a file in the rule base is linked on the screen by a
    ``file://`` path that is dead anywhere else and shows the worker's home
    folder. In a report it is linked under ``articles_url`` (where the team
    publishes the articles: the file's name is added after a ``/``, or put
    where the URL says ``{file}``; ``{id}`` and ``{rulebase}`` are the article's
    and the rule base's ids), or, when no URL is set, carried in the report
    itself and linked to there. Articles with a URL of their own keep it.
    """
    rulebase = session.rulebase
    embedded: dict[str, EmbeddedArticle] = {}

    def relinked(link: Link) -> Link:
        article = rulebase.article_by_id[link.id]
        if article.url or article.file is None:
            return link
        if articles_url:
            url = published_url(articles_url, article, rulebase.id)
            return Link(link.id, link.title, url, present.safe_link(url))
        if link.id not in embedded:
            embedded[link.id] = _embedded(session, article)
        return Link(link.id, link.title, None, f"#{embedded[link.id].anchor}", embedded=True)

    solutions = tuple(
        dataclasses.replace(s, articles=tuple(relinked(a) for a in s.articles))
        for s in data.solutions
    )
    return dataclasses.replace(data, solutions=solutions, embedded=tuple(embedded.values()))


def published_url(articles_url: str, article: engine.Article, rulebase_id: str) -> str:
    """Where a published article file is: ``articles_url`` with the file's name."""
    assert article.file is not None
    name = urllib.parse.quote(Path(article.file).name)
    if "{" in articles_url:
        return (
            articles_url.replace("{file}", name)
            .replace("{id}", urllib.parse.quote(article.id))
            .replace("{rulebase}", urllib.parse.quote(rulebase_id))
        )
    return f"{articles_url.rstrip('/')}/{name}"


def _embedded(session: engine.Session, article: engine.Article) -> EmbeddedArticle:
    try:
        text = session.article_text(article.id)
    except RenderError:
        text = None
    return EmbeddedArticle(article.id, article.heading, text, article.sources)


def profile(expert: engine.Expert) -> Profile:
    return Profile(present.expert_heading(expert), present.expert_details(expert))


def report_format(path: Path) -> str:
    """``md`` or ``html``, from the report's file extension.

    Raises:
        WizardError: another extension.
    """
    found = FORMATS.get(path.suffix.casefold())
    if found is None:
        raise WizardError(
            f"--report {path}: a report is written as Markdown or HTML",
            hint="end the file name with .md or .html",
        )
    return found


def render_report(data: Consultation, fmt: str) -> str:
    """The report as Markdown (``md``) or HTML (``html``, autoescaped)."""
    return template_environment(html=fmt == "html").get_template(f"report.{fmt}.j2").render(c=data)


def render_handover(data: Consultation) -> str:
    """The summary for the human expert, as Markdown that also reads as plain text."""
    return template_environment(html=False).get_template("handover.md.j2").render(c=data)


def write_text(path: Path, text: str, what: str) -> None:
    """Write a report or handover file.

    Raises:
        WizardError: the file cannot be written.
    """
    try:
        path.write_text(text, encoding="utf-8")
    except OSError as error:
        raise WizardError(
            f"{path}: the {what} cannot be written ({error.strerror or error})",
            hint="choose another file name or folder",
        ) from None


def write_handover(path: Path, text: str) -> None:
    """Write the expert's summary, replacing only an earlier summary (or an empty file).

    Raises:
        WizardError: ``path`` holds something else (a rule base, a session, any
            other file), or cannot be written.
    """
    if path.is_file() and path.stat().st_size and not _starts_with(path, HANDOVER_HEADING):
        raise WizardError(
            f"{path}: is not a summary for the expert, so it is not written over",
            hint="type w and another file name, e.g. w handover.md",
        )
    write_text(path, text, "summary")


def write_report(path: Path, text: str) -> None:
    """Write a consultation report, replacing only an earlier report (or an empty file).

    Raises:
        WizardError: ``path`` holds something else (an article, notes, any other
            file), or cannot be written.
    """
    check_replaceable_report(path)
    write_text(path, text, "report")


def check_replaceable_report(path: Path) -> None:
    """Refuse a report path that holds anything but an earlier Guide report.

    Raises:
        WizardError: the file exists, is not empty and is not a Guide report.
    """
    if path.is_file() and path.stat().st_size and not _holds(path, REPORT_MARKERS):
        raise WizardError(
            f"{path}: is not a Guide report, so it is not written over",
            hint=f"choose another file name, e.g. {path.with_name('report' + path.suffix)}",
        )


def check_writable(path: Path, what: str) -> None:
    """Make sure a file can be written at ``path`` before the consultation starts.

    Raises:
        WizardError: ``path`` is a folder, its folder does not exist, or the folder
            takes no new files.
    """
    if path.is_dir():
        raise WizardError(
            f"{path}: is a folder; the {what} needs a file name",
            hint=f"for example {path / ('consultation' + path.suffix)}",
        )
    folder = path.parent
    if not folder.is_dir():
        raise WizardError(
            f"{path}: the folder {folder} does not exist", hint="create it, or choose another"
        )
    try:
        handle, probe = tempfile.mkstemp(dir=folder, prefix=".guide-probe-")
        os.close(handle)
        Path(probe).unlink()
    except OSError as error:
        raise WizardError(
            f"{path}: the {what} cannot be written there ({error.strerror or error})",
            hint="choose another file name or folder",
        ) from None


def _holds(path: Path, markers: tuple[bytes, ...]) -> bool:
    """True when the start of the file holds one of ``markers``."""
    try:
        with path.open("rb") as file:
            start = file.read(_REPORT_MARKER_REACH)
    except OSError:
        return False
    return any(marker in start for marker in markers)


def _starts_with(path: Path, heading: str) -> bool:
    try:
        with path.open("rb") as file:
            return file.read(len(heading.encode())) == heading.encode()
    except OSError:
        return False


def template_environment(*, html: bool) -> jinja2.Environment:
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=html,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    environment.filters["md"] = markdown_text
    environment.filters["fence"] = code_fence
    environment.filters["mailto"] = mailto_links
    environment.filters["article_html"] = article_html
    return environment


def mailto_links(text: str) -> markupsafe.Markup:
    """``text`` escaped for HTML, with each e-mail address in it a ``mailto:`` link."""
    parts = []
    last = 0
    for found in _EMAIL.finditer(text):
        address = markupsafe.escape(found.group())
        parts += [markupsafe.escape(text[last : found.start()])]
        parts += [markupsafe.Markup('<a href="mailto:{0}">{0}</a>').format(address)]
        last = found.end()
    parts.append(markupsafe.escape(text[last:]))
    return markupsafe.Markup("").join(parts)


#: Markdown as CommonMark, with raw HTML shown as text and unsafe links (javascript:,
#: file:, data:) left as text: an article may show what a worker typed.
_MARKDOWN = MarkdownIt("commonmark", {"html": False})


def article_html(markdown: str) -> markupsafe.Markup:
    """An article's Markdown as HTML inside a report: its headings below the report's own."""
    tokens = _MARKDOWN.parse(markdown)
    for token in tokens:
        if token.type in {"heading_open", "heading_close"}:
            token.tag = f"h{min(int(token.tag[1]) + 2, 6)}"
    # markdown-it escapes all text and refuses raw HTML (html=False): safe to mark.
    return markupsafe.Markup(_MARKDOWN.renderer.render(tokens, _MARKDOWN.options, {}))


#: HTML's special characters as entities, Markdown's behind a backslash.
_MARKDOWN_ESCAPES = str.maketrans(
    {"&": "&amp;", "<": "&lt;", ">": "&gt;", "\\": "\\\\", "\n": " ", "\r": " "}
    | {c: "\\" + c for c in "`*_[]~|"}
)


def markdown_text(text: str) -> str:
    """Text shown as itself in Markdown: no HTML, links, images, code or emphasis,
    and on one line (so it cannot start a heading or a list)."""
    return text.translate(_MARKDOWN_ESCAPES)


def code_fence(lines: Iterable[str]) -> str:
    """A backtick fence longer than any run of backticks in ``lines``, so they cannot close it."""
    longest = max((len(run) for line in lines for run in re.findall("`+", line)), default=0)
    return "`" * max(3, longest + 1)
