"""Checks of refs.bib itself: every entry well-formed before it is rendered.

sphinxcontrib-bibtex parses the bib files at ``builder-inited`` and keeps the
result while their modification times do not change. Its parser stops with a
traceback on bytes that are not UTF-8, reports syntax errors without the
entry they belong to, and accepts entries the pages cannot render (no title,
an unknown type, a year that is not a number). So this module parses the
files first, with pybtex's parser taught to note where each entry starts
(``LocatingParser``), reports each problem once with the file, the entry's
line and its key, drops the entries that cannot be rendered, and hands the
result to sphinxcontrib-bibtex, which then finds its cache up to date.

A dropped entry has already been reported, so citations of it do not warn a
second time (see ``is_reported``).

Checking an entry means formatting it, so the check keeps the result: every
page then reuses it (``formatted``). The check and its results are saved with
the environment (the ``homepage`` domain's ``bibfiles``), and are reused as
long as the bib files, their encoding and the owner's names are unchanged and
the last check found nothing wrong (a problem is reported again on every
build until it is fixed).
"""

import difflib
import re
from collections.abc import Mapping
from pathlib import Path
from typing import NamedTuple

import pybtex.errors
from pybtex.database import Entry, InvalidNameString, Person
from pybtex.database.input.bibtex import DuplicateField
from pybtex.scanner import PybtexSyntaxError
from pybtex.style.template import FieldIsMissing
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util import logging
from sphinx.util.parallel import parallel_available

from .compat import (BibData, ScanningParser, cite_bibdata, make_bibdata,
                     store_cite_bibdata)
from .digest import digest_of
from .fieldtext import rich_field
from .i18n import catalog_digest
from .papers import (LINK_FIELDS, SHOWN_FIELDS, is_web_url, link_url, local_file, page_name,
                     normalise_fields)
from .parallel import in_processes, kept_in_this_process, worth_forking
from .state import build_state
from .style import FormattedPaper, HomepageStyle, entry_labels, format_paper
from .version import __version__

logger = logging.getLogger(__name__)

#: Types that need no person: BibTeX requires none for @misc, @manual and
#: @booklet; software, data and web pages are often an organisation's.
PERSONS_OPTIONAL = {"misc", "online", "electronic", "www", "software", "dataset", "manual",
                    "booklet", "patent", "standard", "proceedings", "mvproceedings"}

# "Doe J" in "Doe J, Roe R" (PubMed's Vancouver style): initials after a surname.
_INITIALS = re.compile(r"[A-Z]{1,3}")


class BibSource(NamedTuple):
    """Where an entry is written."""

    path: Path  #: the bib file
    line: int  #: line of ``@type{key,``

    def __str__(self) -> str:
        return f"{self.path}:{self.line}"


class BibCheck(NamedTuple):
    """What the check of the bib files found, for the rest of the extension."""

    sources: dict[str, BibSource]  #: lower-cased key -> where it is written
    reported: frozenset[str]  #: lower-cased keys of entries dropped after a warning
    unreadable: bool  #: a bib file is missing or unreadable (every key is suspect)
    formatted: dict[str, FormattedPaper] = {}  #: key -> the entry formatted
    fingerprint: str = ""  #: of the inputs checked (``bib_fingerprint``)
    warnings: int = 0  #: how many problems were reported

    @property
    def clean(self) -> bool:
        return not self.warnings and not self.reported and not self.unreadable


#: Before any check: nothing known, nothing reported.
NO_CHECK = BibCheck({}, frozenset(), False)


def bib_check(env: BuildEnvironment) -> BibCheck:
    """The check of this build (made at ``builder-inited``, kept in the domain)."""
    return env.get_domain("homepage").data["bibcheck"] or NO_CHECK


def source_of(env: BuildEnvironment, key: str) -> BibSource | None:
    """Where the entry ``key`` is written."""
    return bib_check(env).sources.get(key.lower())


def bib_unreadable(env: BuildEnvironment) -> bool:
    """True if a bib file is missing (already reported): papers may be missing."""
    return bib_check(env).unreadable


def is_reported(env: BuildEnvironment, key: str) -> bool:
    """True if ``key`` is missing because an error about it was already shown
    (a dropped entry, or a bib file that could not be read)."""
    check = bib_check(env)
    return check.unreadable or key.lower() in check.reported


def fingerprint(env: BuildEnvironment) -> str:
    """Of the bib files as checked: changes whenever any entry does."""
    return bib_check(env).fingerprint


def formatted(env: BuildEnvironment, entry: Entry) -> FormattedPaper:
    """The entry as formatted by the check (formatted now if the check did not
    see it, e.g. an entry added by another extension)."""
    return bib_check(env).formatted.get(entry.key) \
        or format_paper(build_state(env).style, entry)


class Reporter:
    """Warns about the bib files, and counts the warnings (a check that
    warned is done again on the next build)."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self, message: str, location: object, subtype: str) -> None:
        self.count += 1
        logger.warning(message, location=str(location) if location is not None else None,
                       type="homepage", subtype=subtype)


def decode(path: Path, raw: bytes, encoding: str, warn: Reporter) -> str:
    try:
        return raw.decode(encoding)
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        name = "UTF-8" if encoding.lower().replace("_", "-").startswith("utf-8") else encoding
        warn(f"{path.name} is not {name} (byte 0x{raw[error.start]:02x} on this line): "
              f"save the file with the {name} encoding (bibtex_encoding), or write the "
              'character as LaTeX (e.g. {\\"o} for ö)', f"{path}:{line}", "bib_encoding")
        return raw.decode(encoding, errors="replace")


class BibProblem(NamedTuple):
    """A problem pybtex found while reading an entry."""

    key: str | None  #: the entry's key, if it was read
    line: int  #: line of the entry's ``@``
    error: Exception  #: pybtex's


class LocatingParser(ScanningParser):
    """pybtex's parser, which knows where each entry starts: every problem
    it finds, and every entry it reads, has its line."""

    def __init__(self, encoding: str) -> None:
        super().__init__(encoding)
        self.lines: dict[str, int] = {}  #: key -> line of its ``@``, in this file
        self.problems: list[BibProblem] = []
        self._entry: tuple[str, int] | None = None  # the entry being processed

    def parse_string(self, text: str):
        self.lines, self.problems = {}, []
        return super().parse_string(text)

    def handle_error(self, error: Exception) -> None:
        if self._entry is not None:
            key, line = self._entry
        else:
            key, line = self.current_key, self.command_line
        self.problems.append(BibProblem(key, line, error))

    def process_entry(self, entry_type, key, fields) -> None:
        line = self.command_line
        self._entry = (key, line)
        # Name errors are reported through pybtex.errors: keep this entry's.
        with pybtex.errors.capture() as errors:
            super().process_entry(entry_type, key, fields)
        self._entry = None
        self.problems += [BibProblem(key, line, error) for error in errors]
        self.lines.setdefault(key, line)


def report_problem(path: Path, problem: BibProblem, sources: Mapping[str, "BibSource"],
                   warn: Reporter) -> None:
    """Warn about one of pybtex's findings, at its entry's line."""
    key, error = problem.key, problem.error
    where = f"{path}:{problem.line}"
    message = str(error)
    if isinstance(error, PybtexSyntaxError):
        # pybtex notices a missing brace only where it runs out of text; the
        # entry it was reading is the one to fix.
        if key:
            warn(f'entry "{key}": {error.args[0]} (noticed on line {error.lineno}): check '
                  "that every { in this entry has its }, every field ends with a comma, "
                  "and the entry ends with }", where, "bib_syntax")
        else:
            warn(f"{error.args[0]} (noticed on line {error.lineno}): every entry must look "
                  "like @type{key, field = {...}, }", where, "bib_syntax")
    elif message.startswith("repeated bibliography entry"):
        warn(f'duplicate key "{key}" (first used at {sources.get(key.lower(), "?")}): keys '
              "are case-insensitive and must be unique; rename one of the entries or delete "
              "the copy", where, "bib_duplicate")
    elif isinstance(error, DuplicateField):  # "... has a duplicate title field"
        field = message.rsplit(" ", 2)[-2]
        warn(f'entry "{key}" has {field} twice: delete one of them (only the first would '
              "be shown)", where, "bib_field")
    elif isinstance(error, InvalidNameString):
        warn(f'entry "{key}": {message}: write each name as "Last, First" and separate '
              'names with " and "', where, "bib_author")
    else:
        warn(f'entry "{key}": {message}: correct the entry', where, "bib_syntax")


def bad_person(person: Person) -> bool:
    words = [part.strip() for part in person.first_names + person.middle_names
             + person.prelast_names + person.last_names]
    return not any(words) or any(word.lower() == "and" for word in words)


def vancouver_list(person: Person) -> bool:
    """"Doe J, Roe R" (PubMed's style), which BibTeX reads as one person
    whose last name is "Doe J": a surname then initials, on both sides."""
    return len(person.last_names) > 1 and bool(_INITIALS.fullmatch(person.last_names[-1])) \
        and bool(person.first_names) \
        and bool(_INITIALS.fullmatch((person.first_names + person.middle_names)[-1]))


class EntryProblem(NamedTuple):
    """Why an entry cannot be rendered."""

    message: str  #: what is wrong and how to fix it
    subtype: str  #: the warning's subtype (``bib_type``, ``bib_field``...)


class EntryCheck(NamedTuple):
    """What checking one entry found: a problem, or the entry formatted."""

    problem: EntryProblem | None  #: the first reason it cannot be rendered
    formatted: FormattedPaper | None  #: the entry formatted, if it has no problem


def check_entry(style: HomepageStyle, key: str, entry: Entry,
                label: str | None = None) -> EntryCheck:
    """The first reason the entry cannot be rendered, or else the entry
    formatted by ``style`` (with ``label``, its label in the bibliography)."""
    problem = entry_problem(style, key, entry)
    if problem is not None:
        return EntryCheck(problem, None)
    try:
        return EntryCheck(None, format_paper(style, entry, label))
    except FieldIsMissing as error:
        return EntryCheck(EntryProblem(
            f'entry "{key}" has no {error.field_name}, which a @{entry.type} needs: add '
            f"{error.field_name} = {{...}} or use another entry type", "bib_field"), None)
    except Exception as error:  # any other failure would be a traceback on a page
        return EntryCheck(EntryProblem(
            f'entry "{key}" cannot be formatted ({error}): check its fields', "bib_field"),
            None)


def entry_problem(style: HomepageStyle, key: str, entry: Entry) -> EntryProblem | None:
    """What makes the entry unfit to be formatted (its type, a field that every
    listing needs, its names, its LaTeX), before formatting it."""
    if not style.knows(entry.type):
        near = difflib.get_close_matches(entry.type.lower(), style.entry_types(), n=1)
        return EntryProblem(
            f'entry "{key}" has the unknown type @{entry.type}: '
            + (f"did you mean @{near[0]}? " if near else "")
            + f"use one of @{', @'.join(style.entry_types())}", "bib_type")
    if not entry.fields.get("title", "").strip():
        return EntryProblem(
            f'entry "{key}" has no title: every paper needs title = {{...}} '
            "(title, author and year are shown in every listing)", "bib_field")
    if not (entry.persons.get("author") or entry.persons.get("editor")) \
            and entry.type.lower() not in PERSONS_OPTIONAL:
        return EntryProblem(
            f'entry "{key}" has no author: every paper needs author = {{...}}, or '
            "editor = {...} for an edited book (title, author and year are shown in "
            "every listing)", "bib_field")
    if not entry.fields.get("year", "").strip():
        return EntryProblem(
            f'entry "{key}" has no year: every paper needs year = {{...}} (or '
            "biblatex's date = {YYYY-MM-DD}): the listings are by year", "bib_field")
    if not re.fullmatch(r"\d{4}", entry.fields["year"].strip()):
        return EntryProblem(
            f'entry "{key}": year = {{{entry.fields["year"]}}} is not a year: write '
            "four digits, e.g. year = {2020}", "bib_field")
    for role, persons in entry.persons.items():
        if any(bad_person(person) for person in persons):
            return EntryProblem(
                f'entry "{key}": the {role} list has an empty name or a stray "and": '
                'write "Last, First and Last, First", with one " and " between names',
                "bib_author")
        for person in persons:
            if vancouver_list(person):
                return EntryProblem(
                    f'entry "{key}": {role} = {{{person}}} looks like a list of names '
                    'written "Surname Initials, Surname Initials" (as PubMed does), '
                    'which BibTeX reads as one person: write "Last, First" names '
                    'separated by " and ", e.g. "Doe, J. and Roe, R."', "bib_author")
    for field, value in entry.fields.items():
        if field.lower() not in SHOWN_FIELDS:
            continue  # never shown (file, owner, timestamp...): never read as text
        try:
            rich_field(field, value)
        except Exception as error:  # pylatexenc raises several kinds, all meaning "bad LaTeX"
            return EntryProblem(
                f'entry "{key}": the LaTeX in {field} = {{{value}}} cannot be read '
                f"({error}): balance every {{ with }} and end commands properly, "
                r'e.g. {\"o} or \textbf{word}', "bib_latex")
    return None


def check_links(key: str, entry: Entry, source: object, warn: Reporter) -> None:
    """Link fields must be web addresses (http or https, as al-folio's own
    example writes ``url={http://link.aps.org/...}``): never ``javascript:``,
    ``data:`` or words."""
    for field in LINK_FIELDS:
        if field not in entry.fields or local_file(entry, field):
            continue  # a file of the site (al-folio style): checked by publications.py
        url = link_url(entry, field)
        if not is_web_url(url):
            warn(f'entry "{key}": {field} = {{{entry.fields[field]}}} is not a web address: '
                  f"write a full https:// URL (or remove the field)", source, "bib_url")


def check_page_names(keys: list[str], sources: Mapping[str, BibSource],
                     warn: Reporter) -> set[str]:
    """Keys whose page name (``papers.page_name``) an earlier key already has:
    each reported, located at its entry. Compared without case, as on the
    file systems that ignore it."""
    first: dict[str, str] = {}
    clashing = set()
    for key in keys:
        name = page_name(key).lower()
        if name not in first:
            first[name] = key
            continue
        clashing.add(key.lower())
        warn(f'entry "{key}" would have the same page as "{first[name]}" '
              f"({page_name(key)}.html): in page names every character "
              'other than letters, digits, ".", "_" and "-" becomes "-"; rename one of '
              "the keys", sources[key.lower()], "bib_page")
    return clashing


def setting_location(confdir: Path) -> str | None:
    """``conf.py:LINE`` of the ``bibtex_bibfiles`` setting, where a wrong path is fixed."""
    conf = confdir / "conf.py"
    if conf.is_file():
        for number, line in enumerate(conf.read_text(errors="replace").splitlines(), start=1):
            if line.lstrip().startswith("bibtex_bibfiles"):
                return f"{conf}:{number}"
    return None


def bib_fingerprint(paths: list[Path], encoding: str, owner_names, language=None) -> str:
    """Changes whenever the check could find something else."""
    def stat(path: Path):
        try:
            status = path.stat()
        except OSError:
            return None
        return (status.st_mtime_ns, status.st_size)

    # The language (and catalogs): entries are formatted with its words and month names.
    return digest_of(__version__, encoding, sorted(owner_names), language,
                     [(str(path), stat(path)) for path in paths])


def check_entries(style: HomepageStyle, entries: Mapping[str, Entry], keys: list[str],
                  jobs: int) -> dict[str, EntryCheck]:
    """``check_entry`` of each key, on ``jobs`` processes: formatting every
    entry is most of the work for a large bibliography. Labels ("Han16a")
    depend on the other entries, so they are made first, for all of them."""
    labels = entry_labels(style, [entries[key] for key in keys])

    def check(chunk: list[str]) -> dict[str, EntryCheck]:
        return {key: check_entry(style, key, entries[key], labels[key]) for key in chunk}

    if jobs <= 1 or not parallel_available or not worth_forking(keys):
        return check(keys)
    outcomes: dict[str, EntryCheck] = {}
    in_processes(check, keys, jobs, outcomes.update)
    return outcomes


def parse_bib_files(paths: list[Path], encoding: str, confdir: Path, style: HomepageStyle,
                    fingerprint: str = "", jobs: int = 1) -> tuple[BibData, BibCheck]:
    warn = Reporter()
    parser = LocatingParser(encoding)
    formatted_papers: dict[str, FormattedPaper] = {}
    keys_by_path: dict[Path, list[str]] = {}
    sources: dict[str, BibSource] = {}
    unreadable = False
    reported: set[str] = set()
    for path in paths:
        before = set(parser.data.entries.keys())
        if not path.is_file():
            unreadable = True
            warn(f"bibliography file {path} not found: create it, or correct "
                 "bibtex_bibfiles in conf.py", setting_location(confdir), "bib_missing")
            keys_by_path[path] = []
            continue
        parser.parse_string(decode(path, path.read_bytes(), encoding, warn))
        for key, line in parser.lines.items():
            sources.setdefault(key.lower(), BibSource(path, line))
        for problem in parser.problems:
            report_problem(path, problem, sources, warn)
            if problem.key and not str(problem.error).startswith("repeated bibliography"):
                reported.add(problem.key.lower())  # a copy is dropped, the first kept
        keys = [key for key in parser.data.entries.keys() if key not in before]
        for key in keys:
            normalise_fields(parser.data.entries[key])
        keys_by_path[path] = keys
    reported |= check_page_names(
        [key for key in parser.data.entries if key.lower() not in reported], sources, warn)
    outcomes = check_entries(style, parser.data.entries,
                             [key for key in parser.data.entries if key.lower() not in reported],
                             jobs)
    for key, entry in list(parser.data.entries.items()):
        source = sources[key.lower()]
        outcome = outcomes.get(key)
        if outcome is not None and outcome.problem is not None:
            warn(outcome.problem.message, source, outcome.problem.subtype)
            reported.add(key.lower())
        elif outcome is not None:
            formatted_papers[key] = outcome.formatted
        if key.lower() in reported:
            del parser.data.entries[key]
        else:
            check_links(key, entry, source, warn)
    reported.discard("")
    kept = {path: [key for key in keys if key in parser.data.entries]
            for path, keys in keys_by_path.items()}
    return (make_bibdata(encoding, kept, parser.data),
            BibCheck(sources, frozenset(reported), unreadable, formatted_papers, fingerprint,
                     warn.count))


def check_bib_files(app: Sphinx) -> None:
    """``builder-inited``, before sphinxcontrib-bibtex's own handler, which
    then finds the data we hand it up to date and keeps it."""
    paths = [(Path(app.confdir) / name).resolve() for name in app.config.bibtex_bibfiles]
    fingerprint = bib_fingerprint(paths, app.config.bibtex_encoding,
                                  app.config.homepage_owner_names,
                                  (app.config.language, catalog_digest()))
    store = app.env.get_domain("homepage").data
    previous = store.get("bibcheck")
    if previous is not None and previous.fingerprint == fingerprint and previous.clean \
            and cite_bibdata(app.env) is not None:
        return  # sphinxcontrib-bibtex keeps its parsed data too
    bibdata, store["bibcheck"] = parse_bib_files(
        paths, app.config.bibtex_encoding, Path(app.confdir), build_state(app.env).style,
        fingerprint, app.parallel)
    store_cite_bibdata(app.env, bibdata)


def keep_bib_data_in_main_process(app: Sphinx, env, docnames: list[str]) -> None:
    """``env-before-read-docs``: the bib files' parsed and formatted data stay
    out of what ``-j`` reading processes send back (``parallel.kept_in_this_process``):
    Sphinx pickles every chunk's whole environment back to the main process."""
    for data, name in ((env.get_domain("cite").data, "bibdata"),
                       (env.get_domain("homepage").data, "bibcheck")):
        if data.get(name) is not None:
            data[name] = kept_in_this_process(data[name])
