"""Checks of refs.bib itself: every entry well-formed before it is rendered.

sphinxcontrib-bibtex parses the bib files at ``builder-inited`` and keeps the
result while their modification times do not change. Its parser stops with a
traceback on bytes that are not UTF-8, reports syntax errors without the
entry they belong to, and accepts entries the pages cannot render (no title,
an unknown type, a year that is not a number). So this module parses the
files first, with pybtex's errors captured, reports each problem once with
the file, line and key, drops the entries that cannot be rendered, and hands
the result to sphinxcontrib-bibtex, which then finds its cache up to date.

A dropped entry has already been reported, so citations of it do not warn a
second time (see ``is_reported``).

Checking an entry means formatting it, so the check keeps the result: every
page then reuses it (``formatted``). The check and its results are saved with
the environment, and are reused as long as the bib files, their encoding and
the owner's names are unchanged and the last check found nothing wrong (a
problem is reported again on every build until it is fixed).
"""

import hashlib

import re
from collections.abc import Mapping
from pathlib import Path
from typing import NamedTuple

import pybtex.errors
from pybtex.database import Entry, Person
from pybtex.database.input.bibtex import Parser
from pybtex.scanner import PybtexSyntaxError
from pybtex.style.template import FieldIsMissing
from sphinx.application import Sphinx
from sphinx.util import logging
from sphinx.util.parallel import parallel_available
from sphinxcontrib.bibtex.bibfile import BibData, BibFile, get_mtime

from .papers import (LINK_FIELDS, is_web_url, latex_to_text, link_url, local_file, page_name,
                     remember_plain_texts)
from .parallel import in_processes
from .style import FormattedPaper, entry_labels, format_paper, homepage_style

#: Bump when the check or the formatting changes: saved results are then redone.
FORMAT_VERSION = 2

logger = logging.getLogger(__name__)

#: Fields the pages always show: an entry without one cannot be listed.
REQUIRED_FIELDS = ("title", "author", "year")
#: Fields that are not text to show (links, identifiers, flags).
NON_TEXT_FIELDS = {*LINK_FIELDS, "keywords", "eprint", "archiveprefix", "primaryclass",
                   "selected", "month", "isbn", "issn", "preview", "bibtex_show"}

_ENTRY_HEAD = re.compile(r"^[ \t]*@[ \t]*(\w+)[ \t]*[{(][ \t]*([^,\s{}()]+)[ \t]*,", re.M)
_SPECIAL_TYPES = {"comment", "string", "preamble"}
_UNESCAPED_PERCENT = re.compile(r"(?<!\\)%")


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
    plain_texts: dict[str, str] = {}  #: field value (LaTeX) -> plain text
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


def entry_heads(text: str) -> list[tuple[str, str, int]]:
    """``(type, key, line)`` of every entry, in file order."""
    heads = []
    line, counted = 1, 0  # lines counted from the previous entry on, not from the top
    for match in _ENTRY_HEAD.finditer(text):
        line += text.count("\n", counted, match.start())
        counted = match.start()
        if match[1].lower() not in _SPECIAL_TYPES:
            heads.append((match[1].lower(), match[2], line))
    return heads


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


def enclosing_entry(heads: list[tuple[str, str, int]], line: int) -> tuple[str, int] | None:
    """The key and line of the entry that starts last at or before ``line``."""
    before = [(key, start) for _, key, start in heads if start <= line]
    return before[-1] if before else None


def report_parse_error(path: Path, text: str, heads, error: Exception) -> str | None:
    """Warn about one of pybtex's parse errors; return the key of the entry
    it is about, if known (that entry is then not checked further)."""
    if isinstance(error, PybtexSyntaxError):
        # pybtex notices a missing brace only where it runs out of text; the
        # entry it was reading (the start of its context) is the one to fix.
        context = error.get_context() or ""
        match = _ENTRY_HEAD.search(context)
        culprit = next(((key, line) for _, key, line in heads if match and key == match[2]),
                       None) or enclosing_entry(heads, error.lineno)
        if culprit:
            key, line = culprit
            _warn(f'entry "{key}": {error.args[0]} (noticed on line {error.lineno}): check '
                  "that every { in this entry has its }, every field ends with a comma, "
                  "and the entry ends with }", f"{path}:{line}", "bib_syntax")
            return key
        _warn(f"{error.args[0]}: every entry must look like @type{{key, field = {{...}}, }}",
              f"{path}:{error.lineno}", "bib_syntax")
        return None
    message = str(error)
    if message.startswith("repeated bibliography entry"):
        return None  # reported with both lines by check_duplicates
    # Name-parsing errors quote the offending text: find its line.
    quoted = re.search(r"'(.+)'", message)
    offset = text.find(quoted[1]) if quoted else -1
    line = text.count("\n", 0, offset) + 1 if offset >= 0 else 0
    culprit = enclosing_entry(heads, line) if line else None
    if culprit:
        _warn(f'entry "{culprit[0]}": {message}: write each name as "Last, First" and '
              'separate names with " and "', f"{path}:{culprit[1]}", "bib_author")
        return culprit[0]
    _warn(f"{message}", path, "bib_syntax")
    return None


def check_duplicates(path: Path, heads, seen: dict[str, BibSource]) -> None:
    for _, key, line in heads:
        first = seen.get(key.lower())
        if first is not None:
            _warn(f'duplicate key "{key}" (first used at {first}): keys are case-insensitive '
                  "and must be unique; rename one of the entries or delete the copy",
                  f"{path}:{line}", "bib_duplicate")
        else:
            seen[key.lower()] = BibSource(path, line)


def bad_person(person: Person) -> bool:
    parts = person.rich_first_names + person.rich_middle_names + \
        person.rich_prelast_names + person.rich_last_names
    words = [str(part).strip() for part in parts]
    return not any(words) or any(word.lower() == "and" for word in words)


def entry_problem(key: str, entry: Entry,
                  label: str | None = None) -> tuple[str, str] | FormattedPaper:
    """The first reason the entry cannot be rendered, as (message, subtype),
    or else the entry formatted (with ``label``, its label in the bibliography)."""
    style = homepage_style()
    if not hasattr(style, f"get_{entry.type.lower()}_template"):
        known = sorted(name[4:-9] for name in dir(style)
                       if name.startswith("get_") and name.endswith("_template"))
        return (f'entry "{key}" has the unknown type @{entry.type}: use one of '
                f"@{', @'.join(known)}", "bib_type")
    for field in REQUIRED_FIELDS:
        present = entry.persons.get(field) if field == "author" else \
            entry.fields.get(field, "").strip()
        if not present:
            return (f'entry "{key}" has no {field}: every paper needs {field} = {{...}} '
                    "(title, author and year are shown in every listing)", "bib_field")
    if not re.fullmatch(r"\d{4}", entry.fields["year"].strip()):
        return (f'entry "{key}": year = {{{entry.fields["year"]}}} is not a year: write '
                "four digits, e.g. year = {2020}", "bib_field")
    for role, persons in entry.persons.items():
        if any(bad_person(person) for person in persons):
            return (f'entry "{key}": the {role} list has an empty name or a stray "and": '
                    'write "Last, First and Last, First", with one " and " between names',
                    "bib_author")
    for field, value in entry.fields.items():
        if field.lower() in NON_TEXT_FIELDS:
            continue
        if _UNESCAPED_PERCENT.search(value):
            return (f'entry "{key}": {field} contains %, which starts a LaTeX comment and '
                    r"hides the rest of the field: write \% for a percent sign", "bib_latex")
        try:
            latex_to_text(value)
        except Exception as error:  # pybtex raises several kinds, all meaning "bad LaTeX"
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
              "the keys", sources.get(key.lower(), "refs.bib"), "bib_page")
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


def check_entries(entries: Mapping[str, Entry], keys: list[str],
                  jobs: int) -> dict[str, tuple[str, str] | FormattedPaper]:
    """``entry_problem`` of each key, on ``jobs`` processes: formatting every
    entry is most of the work for a large bibliography. Labels ("Han16a")
    depend on the other entries, so they are made first, for all of them."""
    labels = entry_labels([entries[key] for key in keys])

    def check(chunk: list[str]) -> tuple[dict, dict[str, str]]:
        outcomes = {key: entry_problem(key, entries[key], labels[key]) for key in chunk}
        texts = {value: latex_to_text(value) for key in chunk
                 for name, value in entries[key].fields.items()
                 if name.lower() not in NON_TEXT_FIELDS
                 and not isinstance(outcomes[key], tuple)}
        return outcomes, texts

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
    parser = Parser(encoding)
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
        text = decode(path, path.read_bytes(), encoding)
        heads = entry_heads(text)
        check_duplicates(path, heads, sources)
        with pybtex.errors.capture() as errors:
            parser.parse_string(text)
        for error in errors:
            reported.add((report_parse_error(path, text, heads, error) or "").lower())
        keys = [key for key in parser.data.entries.keys() if key not in before]
        bibfiles[path] = BibFile(mtime=get_mtime(path), keys=dict.fromkeys(keys))
    reported |= check_page_names(
        [key for key in parser.data.entries if key.lower() not in reported], sources)
    outcomes = check_entries(parser.data.entries,
                             [key for key in parser.data.entries if key.lower() not in reported],
                             jobs)
    for key, entry in list(parser.data.entries.items()):
        source = sources.get(key.lower(), "refs.bib")
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
                     {value: latex_to_text(value) for entry in parser.data.entries.values()
                      for name, value in entry.fields.items()
                      if name.lower() not in NON_TEXT_FIELDS},
                     fingerprint, _warnings))


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


def setup(app: Sphinx) -> None:
    app.connect("builder-inited", check_bib_files, priority=400)
