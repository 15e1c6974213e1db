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
the environment, and are reused as long as the bib files, their encoding and
the owner's names are unchanged and the last check found nothing wrong (a
problem is reported again on every build until it is fixed).
"""

import difflib
import hashlib
import re
from collections.abc import Mapping
from pathlib import Path
from typing import NamedTuple

import pybtex.errors
from pybtex.database import Entry, InvalidNameString, Person
from pybtex.database.input.bibtex import DuplicateField, LowLevelParser, Parser
from pybtex.scanner import PybtexSyntaxError
from pybtex.style.template import FieldIsMissing
from sphinx.application import Sphinx
from sphinx.util import logging
from sphinx.util.parallel import parallel_available
from sphinxcontrib.bibtex.bibfile import BibData, BibFile, get_mtime

from .fieldtext import HTML_FIELDS, rich_field
from .papers import (LINK_FIELDS, SHOWN_FIELDS, field_value_text, is_web_url, link_url,
                     local_file, page_name, normalise_fields, remember_plain_texts)
from .parallel import in_processes, kept_in_this_process
from .style import FormattedPaper, entry_labels, format_paper, homepage_style

#: Bump when the check or the formatting changes: saved results are then redone.
FORMAT_VERSION = 3

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
    plain_texts: dict[tuple[bool, str], str] = {}  #: (HTML?, field value) -> plain text
    fingerprint: str = ""  #: of the inputs checked (``bib_fingerprint``)
    warnings: int = 0  #: how many problems were reported

    @property
    def clean(self) -> bool:
        return not self.warnings and not self.reported and not self.unreadable


# Derived from the bib files at ``builder-inited``, before any document is read
# (parallel readers and writers are forked afterwards and inherit it).
_result = BibCheck({}, frozenset(), False)
_warnings = 0


def source_of(key: str) -> BibSource | None:
    """Where the entry ``key`` is written."""
    return _result.sources.get(key.lower())


def bib_unreadable() -> bool:
    """True if a bib file is missing (already reported): papers may be missing."""
    return _result.unreadable


def is_reported(key: str) -> bool:
    """True if ``key`` is missing because an error about it was already shown
    (a dropped entry, or a bib file that could not be read)."""
    return _result.unreadable or key.lower() in _result.reported


def fingerprint() -> str:
    """Of the bib files as checked: changes whenever any entry does."""
    return _result.fingerprint


def formatted(entry: Entry) -> FormattedPaper:
    """The entry as formatted by the check (formatted now if the check did not
    see it, e.g. an entry added by another extension)."""
    return _result.formatted.get(entry.key) or format_paper(entry)


def _warn(message: str, location: object, subtype: str) -> None:
    global _warnings
    _warnings += 1
    logger.warning(message, location=str(location), type="homepage", subtype=subtype)


def decode(path: Path, raw: bytes, encoding: str) -> str:
    try:
        return raw.decode(encoding)
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        name = "UTF-8" if encoding.lower().replace("_", "-").startswith("utf-8") else encoding
        _warn(f"{path.name} is not {name} (byte 0x{raw[error.start]:02x} on this line): "
              f"save the file with the {name} encoding (bibtex_encoding), or write the "
              'character as LaTeX (e.g. {\\"o} for ö)', f"{path}:{line}", "bib_encoding")
        return raw.decode(encoding, errors="replace")


class _Scanner(LowLevelParser):
    """pybtex's scanner, noting the line of each command's ``@``: wherever
    the key is (the next line, after a parenthesis), whatever the line ends."""

    command_line = 0

    def parse_command(self):
        self.command_line = self.lineno  # the scanner has just read the "@"
        return super().parse_command()


class BibProblem(NamedTuple):
    """A problem pybtex found while reading an entry."""

    key: str | None  #: the entry's key, if it was read
    line: int  #: line of the entry's ``@``
    error: Exception  #: pybtex's


class LocatingParser(Parser):
    """pybtex's parser, which knows where each entry starts: every problem
    it finds, and every entry it reads, has its line."""

    def __init__(self, encoding: str) -> None:
        super().__init__(encoding)
        self.lines: dict[str, int] = {}  #: key -> line of its ``@``, in this file
        self.problems: list[BibProblem] = []
        self._scanner: _Scanner | None = None
        self._entry: tuple[str, int] | None = None  # the entry being processed

    def parse_string(self, text: str):
        """pybtex's own, keeping its scanner (for the lines)."""
        self.lines, self.problems = {}, []
        self.unnamed_entry_counter = 1
        self.command_start = 0
        self._scanner = _Scanner(text, keyless_entries=self.keyless_entries,
                                 handle_error=self.handle_error,
                                 want_entry=self.data.want_entry, filename=self.filename,
                                 macros=self.macros)
        for command in self._scanner:
            kind = command[0].lower()
            if kind == "preamble":
                self.process_preamble(*command[1])
            elif kind != "string":
                self.process_entry(command[0], *command[1])
        return self.data

    def handle_error(self, error: Exception) -> None:
        if self._entry is not None:
            key, line = self._entry
        else:
            key, line = self._scanner.current_entry_key, self._scanner.command_line
        self.problems.append(BibProblem(key, line, error))

    def process_entry(self, entry_type, key, fields) -> None:
        line = self._scanner.command_line
        self._entry = (key, line)
        # Name errors are reported through pybtex.errors: keep this entry's.
        with pybtex.errors.capture() as errors:
            super().process_entry(entry_type, key, fields)
        self._entry = None
        self.problems += [BibProblem(key, line, error) for error in errors]
        self.lines.setdefault(key, line)


def report_problem(path: Path, problem: BibProblem, sources: Mapping[str, "BibSource"]) -> None:
    """Warn about one of pybtex's findings, at its entry's line."""
    key, error = problem.key, problem.error
    where = f"{path}:{problem.line}"
    message = str(error)
    if isinstance(error, PybtexSyntaxError):
        # pybtex notices a missing brace only where it runs out of text; the
        # entry it was reading is the one to fix.
        if key:
            _warn(f'entry "{key}": {error.args[0]} (noticed on line {error.lineno}): check '
                  "that every { in this entry has its }, every field ends with a comma, "
                  "and the entry ends with }", where, "bib_syntax")
        else:
            _warn(f"{error.args[0]} (noticed on line {error.lineno}): every entry must look "
                  "like @type{key, field = {...}, }", where, "bib_syntax")
    elif message.startswith("repeated bibliography entry"):
        _warn(f'duplicate key "{key}" (first used at {sources.get(key.lower(), "?")}): keys '
              "are case-insensitive and must be unique; rename one of the entries or delete "
              "the copy", where, "bib_duplicate")
    elif isinstance(error, DuplicateField):  # "... has a duplicate title field"
        field = message.rsplit(" ", 2)[-2]
        _warn(f'entry "{key}" has {field} twice: delete one of them (only the first would '
              "be shown)", where, "bib_field")
    elif isinstance(error, InvalidNameString):
        _warn(f'entry "{key}": {message}: write each name as "Last, First" and separate '
              'names with " and "', where, "bib_author")
    else:
        _warn(f'entry "{key}": {message}: correct the entry', where, "bib_syntax")


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


def entry_problem(key: str, entry: Entry,
                  label: str | None = None) -> tuple[str, str] | FormattedPaper:
    """The first reason the entry cannot be rendered, as (message, subtype),
    or else the entry formatted (with ``label``, its label in the bibliography)."""
    style = homepage_style()
    if not style.knows(entry.type):
        near = difflib.get_close_matches(entry.type.lower(), style.entry_types(), n=1)
        return (f'entry "{key}" has the unknown type @{entry.type}: '
                + (f"did you mean @{near[0]}? " if near else "")
                + f"use one of @{', @'.join(style.entry_types())}", "bib_type")
    if not entry.fields.get("title", "").strip():
        return (f'entry "{key}" has no title: every paper needs title = {{...}} '
                "(title, author and year are shown in every listing)", "bib_field")
    if not (entry.persons.get("author") or entry.persons.get("editor")) \
            and entry.type.lower() not in PERSONS_OPTIONAL:
        return (f'entry "{key}" has no author: every paper needs author = {{...}}, or '
                "editor = {...} for an edited book (title, author and year are shown in "
                "every listing)", "bib_field")
    if not entry.fields.get("year", "").strip():
        return (f'entry "{key}" has no year: every paper needs year = {{...}} (or '
                "biblatex's date = {YYYY-MM-DD}): the listings are by year", "bib_field")
    if not re.fullmatch(r"\d{4}", entry.fields["year"].strip()):
        return (f'entry "{key}": year = {{{entry.fields["year"]}}} is not a year: write '
                "four digits, e.g. year = {2020}", "bib_field")
    for role, persons in entry.persons.items():
        if any(bad_person(person) for person in persons):
            return (f'entry "{key}": the {role} list has an empty name or a stray "and": '
                    'write "Last, First and Last, First", with one " and " between names',
                    "bib_author")
        for person in persons:
            if vancouver_list(person):
                return (f'entry "{key}": {role} = {{{person}}} looks like a list of names '
                        'written "Surname Initials, Surname Initials" (as PubMed does), '
                        'which BibTeX reads as one person: write "Last, First" names '
                        'separated by " and ", e.g. "Doe, J. and Roe, R."', "bib_author")
    for field, value in entry.fields.items():
        if field.lower() not in SHOWN_FIELDS:
            continue  # never shown (file, owner, timestamp...): never read as text
        try:
            rich_field(field, value)
        except Exception as error:  # pylatexenc raises several kinds, all meaning "bad LaTeX"
            return (f'entry "{key}": the LaTeX in {field} = {{{value}}} cannot be read '
                    f"({error}): balance every {{ with }} and end commands properly, "
                    r'e.g. {\"o} or \textbf{word}', "bib_latex")
    try:
        return format_paper(entry, label)
    except FieldIsMissing as error:
        return (f'entry "{key}" has no {error.field_name}, which a @{entry.type} needs: add '
                f"{error.field_name} = {{...}} or use another entry type", "bib_field")
    except Exception as error:  # any other failure would be a traceback on a page
        return (f'entry "{key}" cannot be formatted ({error}): check its fields',
                "bib_field")


def check_links(key: str, entry: Entry, source: object) -> None:
    """Link fields must be web addresses (http or https, as al-folio's own
    example writes ``url={http://link.aps.org/...}``): never ``javascript:``,
    ``data:`` or words."""
    for field in LINK_FIELDS:
        if field not in entry.fields or local_file(entry, field):
            continue  # a file of the site (al-folio style): checked by publications.py
        url = link_url(entry, field)
        if not is_web_url(url):
            _warn(f'entry "{key}": {field} = {{{entry.fields[field]}}} is not a web address: '
                  f"write a full https:// URL (or remove the field)", source, "bib_url")


def check_page_names(keys: list[str], sources: Mapping[str, BibSource]) -> set[str]:
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
        _warn(f'entry "{key}" would have the same page as "{first[name]}" '
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


def bib_fingerprint(paths: list[Path], encoding: str, owner_names) -> str:
    """Changes whenever the check could find something else."""
    def stat(path: Path):
        try:
            status = path.stat()
        except OSError:
            return None
        return (status.st_mtime_ns, status.st_size)

    inputs = (FORMAT_VERSION, encoding, sorted(owner_names),
              [(str(path), stat(path)) for path in paths])
    return hashlib.sha256(repr(inputs).encode()).hexdigest()


def shown_texts(entries) -> dict[tuple[bool, str], str]:
    """The plain text of every shown field, kept with the check's results."""
    return {(name.lower() in HTML_FIELDS, value): field_value_text(name, value)
            for entry in entries for name, value in entry.fields.items()
            if name.lower() in SHOWN_FIELDS}


def check_entries(entries: Mapping[str, Entry], keys: list[str],
                  jobs: int) -> dict[str, tuple[str, str] | FormattedPaper]:
    """``entry_problem`` of each key, on ``jobs`` processes: formatting every
    entry is most of the work for a large bibliography. Labels ("Han16a")
    depend on the other entries, so they are made first, for all of them."""
    labels = entry_labels([entries[key] for key in keys])

    def check(chunk: list[str]) -> tuple[dict, dict[str, str]]:
        outcomes = {key: entry_problem(key, entries[key], labels[key]) for key in chunk}
        return outcomes, shown_texts(entries[key] for key in chunk
                                     if not isinstance(outcomes[key], tuple))

    if jobs <= 1 or not parallel_available or len(keys) <= 5:
        return check(keys)[0]
    outcomes: dict[str, tuple[str, str] | FormattedPaper] = {}

    def collect(result) -> None:
        outcomes.update(result[0])
        remember_plain_texts(result[1])

    in_processes(check, keys, jobs, collect)
    return outcomes


def parse_bib_files(paths: list[Path], encoding: str, confdir: Path,
                    fingerprint: str = "", jobs: int = 1) -> tuple[BibData, BibCheck]:
    global _warnings
    _warnings = 0
    parser = LocatingParser(encoding)
    formatted_papers: dict[str, FormattedPaper] = {}
    bibfiles: dict[Path, BibFile] = {}
    sources: dict[str, BibSource] = {}
    unreadable = False
    reported: set[str] = set()
    for path in paths:
        before = set(parser.data.entries.keys())
        if not path.is_file():
            unreadable = True
            _warnings += 1
            logger.warning(f"bibliography file {path} not found: create it, or correct "
                           "bibtex_bibfiles in conf.py", location=setting_location(confdir),
                           type="homepage", subtype="bib_missing")
            bibfiles[path] = BibFile(mtime=get_mtime(path), keys={})
            continue
        parser.parse_string(decode(path, path.read_bytes(), encoding))
        for key, line in parser.lines.items():
            sources.setdefault(key.lower(), BibSource(path, line))
        for problem in parser.problems:
            report_problem(path, problem, sources)
            if problem.key and not str(problem.error).startswith("repeated bibliography"):
                reported.add(problem.key.lower())  # a copy is dropped, the first kept
        keys = [key for key in parser.data.entries.keys() if key not in before]
        for key in keys:
            normalise_fields(parser.data.entries[key])
        bibfiles[path] = BibFile(mtime=get_mtime(path), keys=dict.fromkeys(keys))
    reported |= check_page_names(
        [key for key in parser.data.entries if key.lower() not in reported], sources)
    outcomes = check_entries(parser.data.entries,
                             [key for key in parser.data.entries if key.lower() not in reported],
                             jobs)
    for key, entry in list(parser.data.entries.items()):
        source = sources[key.lower()]
        problem = outcomes.get(key)
        if isinstance(problem, FormattedPaper):
            formatted_papers[key] = problem
        elif problem:
            _warn(problem[0], source, problem[1])
            reported.add(key.lower())
        if key.lower() in reported:
            del parser.data.entries[key]
            for bibfile in bibfiles.values():
                bibfile.keys.pop(key, None)
        else:
            check_links(key, entry, source)
    reported.discard("")
    return (BibData(encoding=encoding, bibfiles=bibfiles, data=parser.data),
            BibCheck(sources, frozenset(reported), unreadable, formatted_papers,
                     shown_texts(parser.data.entries.values()), fingerprint, _warnings))


def check_bib_files(app: Sphinx) -> None:
    """``builder-inited``, before sphinxcontrib-bibtex's own handler."""
    global _result
    paths = [(Path(app.confdir) / name).resolve() for name in app.config.bibtex_bibfiles]
    fingerprint = bib_fingerprint(paths, app.config.bibtex_encoding,
                                  app.config.homepage_owner_names)
    store = app.env.get_domain("homepage").data
    cite = app.env.get_domain("cite").data
    previous = store.get("bibcheck")
    if previous is not None and previous.fingerprint == fingerprint and previous.clean \
            and "bibdata" in cite:
        _result = previous  # and sphinxcontrib-bibtex keeps its parsed data too
        remember_plain_texts(previous.plain_texts)
        return
    bibdata, _result = parse_bib_files(paths, app.config.bibtex_encoding, Path(app.confdir),
                                       fingerprint, app.parallel)
    # Same files, encoding and mtimes: sphinxcontrib-bibtex keeps this data.
    cite["bibdata"] = bibdata
    store["bibcheck"] = _result


def keep_bib_data_in_main_process(app: Sphinx, env, docnames: list[str]) -> None:
    """``env-before-read-docs``: the bib files' parsed and formatted data stay
    out of what ``-j`` reading processes send back (``parallel.kept_in_this_process``)."""
    for data, name in ((env.get_domain("cite").data, "bibdata"),
                       (env.get_domain("homepage").data, "bibcheck")):
        if data.get(name) is not None:
            data[name] = kept_in_this_process(data[name])


def setup(app: Sphinx) -> None:
    app.connect("builder-inited", check_bib_files, priority=400)
    app.connect("env-before-read-docs", keep_bib_data_in_main_process)
