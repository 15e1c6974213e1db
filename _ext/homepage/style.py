"""Entry formatting, as pybtex plugins: the ``homepage`` formatting style
(titles kept as written, the owner's name in bold, no URL clutter: links are
buttons, an entry without its venue still shown), the ``homepage_owner`` name
style, the ``newest_first`` sorting style and the ``homepage`` label style
("Han16", for label-based referencing styles)."""

import functools
import unicodedata
from typing import NamedTuple

import pybtex.plugin

from pybtex.database import Entry, Person
from pybtex.plugin import register_plugin
from pybtex.richtext import BaseText, Text
from pybtex.style import FormattedEntry
from pybtex.style.formatting import toplevel
from pybtex.style.formatting.unsrt import Style as UnsrtStyle
from pybtex.style.formatting.unsrt import date
from pybtex.style.labels.alpha import LabelStyle as AlphaLabelStyle
from pybtex.style.names.plain import NameStyle as PlainNameStyle
from pybtex.style.sorting import BaseSortingStyle
from pybtex.style.template import field, optional_field, sentence, tag, words
from sphinx.application import Sphinx

from .papers import VENUE_FIELDS, without_trailing_comma

MONTH_NUMBERS = {name: number for number, name in enumerate(
    ["jan", "feb", "mar", "apr", "may", "jun",
     "jul", "aug", "sep", "oct", "nov", "dec"], start=1)}


def _normalise(name: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", name).replace("~", " ").split()).lower()


def person_names(person: Person) -> set[str]:
    """The ways a person's name can be written: "Song Han", "S. Han"."""
    first = " ".join(person.first_names + person.middle_names)
    last = " ".join(person.prelast_names + person.last_names)
    initials = " ".join(f"{part[0]}." for part in first.split() if part)
    return {_normalise(f"{first} {last}"), _normalise(f"{initials} {last}")}


def is_owner(person: Person) -> bool:
    """Whether ``person`` is the site owner, by ``homepage_owner_names``
    (set when the builder starts)."""
    return bool(person_names(person) & OwnerNameStyle.owner_names)


class OwnerNameStyle(PlainNameStyle):
    """"First Last", with the site owner's name in ``<strong>``."""

    #: Set from ``homepage_owner_names`` when the builder starts.
    owner_names: frozenset[str] = frozenset()

    #: (name as written, abbr) -> the name formatted: a lab's bibliography
    #: names the same people again and again, and formatting names is most of
    #: the cost of formatting an entry. The result is immutable rich text,
    #: which pybtex's templates take as it is.
    _formatted: dict[tuple[str, bool], BaseText] = {}

    def format(self, person, abbr=False):
        cache_key = (str(person), abbr)
        name = self._formatted.get(cache_key)
        if name is None:
            template = super().format(person, abbr)
            if is_owner(person):
                template = tag("strong")[template]
            name = self._formatted[cache_key] = template.format_data({})
        return name


class NewestFirstSorting(BaseSortingStyle):
    """Newest year first, then newest month, then title: stable and readable."""

    def sorting_key(self, entry: Entry):
        year = int(entry.fields.get("year", "0") or 0)
        month = MONTH_NUMBERS.get(entry.fields.get("month", "")[:3].lower(), 0)
        return (-year, -month, entry.fields.get("title", "").lower(), entry.key)


class HomepageLabelStyle(AlphaLabelStyle):
    """BibTeX's alpha labels: "Han16" for one author, "HMD16" for up to four,
    "HMD+16" for more; "a", "b"... tell apart papers with the same label, in
    the order the bibliography is given (the bib files' order)."""


#: Entry type -> the venue field its unsrt template requires.
VENUE_FIELD_OF_TYPE = {"article": "journal", "inproceedings": "booktitle",
                       "incollection": "booktitle", "conference": "booktitle"}


def tidy_venue_fields(entry: Entry) -> Entry:
    """The entry, with the trailing comma of its venue fields removed (older
    al-folio files write ``journal={Phys. Rev.,}``, which the templates' own
    punctuation doubles); a copy only if there is one."""
    tidy = {name: without_trailing_comma(value) for name, value in entry.fields.items()
            if name.lower() in VENUE_FIELDS and value.strip().endswith(",")}
    if not tidy:
        return entry
    copy = Entry(entry.type, fields={**entry.fields, **tidy}, persons=entry.persons)
    copy.key = entry.key
    return copy


class HomepageStyle(UnsrtStyle):
    """unsrt, with titles as written and without URL/DOI sentences. An article
    without its journal, or a paper without its booktitle (al-folio's example
    has one), is shown without a venue instead of being rejected."""

    default_name_style = "homepage_owner"
    default_sorting_style = "newest_first"
    default_label_style = "homepage"

    def format_entry(self, label, entry, bib_data=None):
        entry = tidy_venue_fields(entry)
        venue = VENUE_FIELD_OF_TYPE.get(entry.type.lower())
        if venue and venue not in entry.fields:
            context = {"entry": entry, "style": self, "bib_data": bib_data}
            text = self.get_without_venue_template(entry).format_data(context)
            return FormattedEntry(entry.key, text, label)
        return super().format_entry(label, entry, bib_data)

    def get_without_venue_template(self, e):
        return toplevel[
            sentence[self.format_names("author")],
            self.format_title(e, "title"),
            sentence[optional_field("publisher"), date],
            sentence[optional_field("note")],
        ]

    def format_title(self, e, which_field, as_sentence=True):
        title = field(which_field)
        return sentence[title] if as_sentence else title

    def format_web_refs(self, e):
        return sentence[""]

    def format_authors(self, entry: Entry):
        """Just the author list, as rich text."""
        context = {"entry": entry, "style": self, "bib_data": None}
        return self.format_names("author", as_sentence=False).format_data(context)

    def format_venue(self, entry: Entry):
        """The venue and year: "International Conference on ..., 2016"."""
        entry = tidy_venue_fields(entry)
        context = {"entry": entry, "style": self, "bib_data": None}
        venue = next((f for f in VENUE_FIELDS if f in entry.fields), None)
        parts = [tag("em")[field(venue)]] if venue else []
        return words(sep=", ")[*parts, field("year")].format_data(context)


class FormattedPaper(NamedTuple):
    """An entry as the pages show it, formatted once per change of refs.bib
    (by the bib check, which must format it anyway to know it can be)."""

    reference: FormattedEntry  #: the whole reference (paper pages, citations)
    authors: BaseText  #: the author list
    venue: BaseText  #: venue and year


_style: HomepageStyle | None = None


def homepage_style() -> HomepageStyle:
    global _style
    if _style is None:
        _style = HomepageStyle()
    return _style


def entry_labels(entries: list[Entry]) -> dict[str, str]:
    """Key -> label ("Han16"), told apart across ``entries``."""
    return dict(zip((entry.key for entry in entries),
                    homepage_style().format_labels(entries)))


def format_paper(entry: Entry, label: str | None = None) -> FormattedPaper:
    """``label`` is the entry's label among the whole bibliography
    (``entry_labels``); alone, the entry's own label is taken."""
    style = homepage_style()
    if label is None:
        label = style.label_style.format_label(entry)
    return FormattedPaper(style.format_entry(label, entry), style.format_authors(entry),
                          style.format_venue(entry))


def _configure(app: Sphinx) -> None:
    OwnerNameStyle.owner_names = frozenset(
        _normalise(name) for name in app.config.homepage_owner_names)
    OwnerNameStyle._formatted.clear()


def cache_pybtex_lookups() -> None:
    """Two pure functions of pybtex are called again and again with the same
    arguments, so each result is computed once:

    - the plugin lookup in the installed packages' entry points, on every
      ``Text.render_as()`` call: a scan of every installed distribution (about
      0.1 s each, most of a small build);
    - ``Text.from_latex``, on every access to a field or a name while
      formatting: a LaTeX parse, most of the cost of formatting an entry, of
      values that recur (venues, authors) or are read several times (a title
      by the reference, the list and the plain-text title). Its ``Text``
      results are immutable."""
    if not hasattr(pybtex.plugin.entry_points, "cache_info"):
        pybtex.plugin.entry_points = functools.lru_cache(maxsize=None)(
            pybtex.plugin.entry_points)
    if not hasattr(Text.from_latex, "cache_info"):
        Text.from_latex = staticmethod(functools.lru_cache(maxsize=None)(Text.from_latex))


def setup(app: Sphinx) -> None:
    cache_pybtex_lookups()
    register_plugin("pybtex.style.formatting", "homepage", HomepageStyle)
    register_plugin("pybtex.style.names", "homepage_owner", OwnerNameStyle)
    register_plugin("pybtex.style.sorting", "newest_first", NewestFirstSorting)
    register_plugin("pybtex.style.labels", "homepage", HomepageLabelStyle)
    app.connect("builder-inited", _configure, priority=300)  # before the bib check formats
