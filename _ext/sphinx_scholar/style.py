"""Entry formatting, as pybtex plugins: the ``homepage`` formatting style
(titles kept as written, the owner's name in bold, no URL clutter: links are
buttons, an entry without its venue still shown; every BibTeX type and
biblatex's common ones; fields read by ``fieldtext``), the ``homepage_owner``
name style, the ``newest_first`` sorting style and the ``homepage`` label
style ("Han16", for label-based referencing styles)."""

import unicodedata
from collections.abc import Iterable
from typing import NamedTuple

import pybtex.style.template as pybtex_template

from pybtex.database import Entry, Person
from pybtex.richtext import BaseText, Text
from pybtex.style import FormattedEntry
from pybtex.style.formatting import toplevel
from pybtex.style.formatting.unsrt import Style as UnsrtStyle
from pybtex.style.labels.alpha import LabelStyle as AlphaLabelStyle
from pybtex.style.names.plain import NameStyle as PlainNameStyle
from pybtex.style.sorting import BaseSortingStyle
from pybtex.style.template import (FieldIsMissing, Node, first_of, join, node, optional,
                                   sentence, tag, words)
from sphinx.application import Sphinx

from .compat import clone_template, register_pybtex_plugin, template_function
from .fieldtext import latex_to_rich, rich_field
from .i18n import N_, _
from .papers import (VENUE_FIELDS, field_text, has_others, month_name, month_number,
                     name_text, people, venue_field, without_trailing_comma)


@node
def field(children, context, name, apply_func=None, raw=False):
    """pybtex's ``field``, with the value read by ``fieldtext`` (LaTeX
    commands, math, al-folio's HTML) instead of ``Text.from_latex``, which
    leaves every command but accents as backslashes; and a month as its name
    ("June", for ``jun``, ``{June}`` or ``6``)."""
    if children:
        raise ValueError(children)
    entry = context["entry"]
    if name not in entry.fields:
        raise FieldIsMissing(name, entry)
    value = entry.fields[name]
    if name.lower() == "month":
        value = month_name(value, context["style"].language)
    elif name.lower() == "type":
        value = _(TYPE_NAMES[value.strip().lower()]) if value.strip().lower() in TYPE_NAMES \
            else value
    text = value if raw else rich_field(name, value)
    return apply_func(text) if apply_func else text


@node
def optional_field(children, data, *args, **kwargs):
    if children:
        raise ValueError(children)
    return optional[field(*args, **kwargs)].format_data(data)


date = words[optional_field("month"), field("year")]

#: pybtex's field nodes -> ours, in the templates unsrt builds with pybtex's.
_OUR_FIELDS = {template_function(pybtex_template.field): template_function(field),
               template_function(pybtex_template.optional_field):
                   template_function(optional_field)}


#: The words of pybtex's unsrt templates that ours inherit (article,
#: inproceedings, incollection, book, inbook, techreport): "In", "pages 1--9",
#: "Volume 3 of Series", "chapter 2", "second edition", "Technical Report".
UNSRT_WORDS = frozenset({
    N_("In"), N_("in"), N_("pages"), N_("Volume"), N_("volume"), N_("of"), N_("Number"),
    N_("number"), N_("chapter"), N_("edition"), N_("Technical Report"),
})


def with_our_fields(template):
    """A copy of a template whose field nodes are ours (``field``), and whose
    words from pybtex (``UNSRT_WORDS``) are in the build's language."""
    if isinstance(template, str):
        return _(template) if template in UNSRT_WORDS else template
    if not isinstance(template, Node):
        return template
    function = template_function(template)
    copy = clone_template(template, _OUR_FIELDS.get(function, function))
    copy.children = [with_our_fields(child) for child in copy.children]
    return copy


@node
def names(children, context, role, **kwargs):
    """pybtex's ``names``, with BibTeX's ``and others`` as "et al." (never a
    person called "others")."""
    if children:
        raise ValueError(children)
    entry = context["entry"]
    if role not in entry.persons:
        raise FieldIsMissing(role, entry)
    style = context["style"]
    formatted = [style.format_name(person, style.abbreviate_names)
                 for person in people(entry, role)]
    if not has_others(entry, role):
        return join(**kwargs)[formatted].format_data(context)
    sep = ", " if len(formatted) > 1 else " "
    return join(sep=sep)[[*formatted, _("et al.")]].format_data(context)


def _normalise(name: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", name).replace("~", " ").split()).lower()


def owner_names(names: Iterable[str]) -> frozenset[str]:
    """``homepage_owner_names`` as ``is_owner`` compares them."""
    return frozenset(_normalise(name) for name in names)


def person_names(person: Person) -> set[str]:
    """The ways a person's name can be written: "Ada Lovelace", "A. Lovelace"."""
    first = " ".join(person.first_names + person.middle_names)
    last = " ".join(person.prelast_names + person.last_names)
    initials = " ".join(f"{part[0]}." for part in first.split() if part)
    return {_normalise(f"{first} {last}"), _normalise(f"{initials} {last}")}


def is_owner(person: Person, owners: frozenset[str]) -> bool:
    """Whether ``person`` is the site owner, one of ``owners`` (``owner_names``)."""
    return bool(person_names(person) & owners)


def person_parts(person: Person) -> tuple[tuple[str, ...], ...]:
    """What tells two names apart: each part, in its place."""
    return (tuple(person.first_names), tuple(person.middle_names),
            tuple(person.prelast_names), tuple(person.last_names),
            tuple(person.lineage_names))


class RichPerson(NamedTuple):
    """A person whose name parts are read by ``fieldtext`` (what pybtex's
    name styles ask a ``Person`` for)."""

    person: Person

    def _rich(self, parts: list[str]) -> list[Text]:
        return [latex_to_rich(part) for part in parts]

    @property
    def rich_first_names(self):
        return self._rich(self.person.first_names)

    @property
    def rich_middle_names(self):
        return self._rich(self.person.middle_names)

    @property
    def rich_prelast_names(self):
        return self._rich(self.person.prelast_names)

    @property
    def rich_last_names(self):
        return self._rich(self.person.last_names)

    @property
    def rich_lineage_names(self):
        return self._rich(self.person.lineage_names)


class OwnerNameStyle(PlainNameStyle):
    """"First Last", with the names of ``owners`` (``owner_names``) in
    ``<strong>``. Made by ``HomepageStyle``, which knows the build's owners."""

    def __init__(self, owners: frozenset[str] = frozenset()) -> None:
        super().__init__()
        self.owners = owners
        #: (name parts, abbr) -> the name formatted: a lab's bibliography
        #: names the same people again and again, and formatting names is
        #: most of the cost of formatting an entry. The result is immutable
        #: rich text, which pybtex's templates take as it is.
        self._formatted: dict[tuple[tuple, bool], BaseText] = {}

    def format(self, person, abbr=False):
        # By the parts, not str(person): "{Doe, John,}" (Last, Jr) and
        # "{Doe, John}" (Last, First) have the same string.
        cache_key = (person_parts(person), abbr)
        name = self._formatted.get(cache_key)
        if name is None:
            template = super().format(RichPerson(person), abbr)
            if is_owner(person, self.owners):
                template = tag("strong")[template]
            name = self._formatted[cache_key] = template.format_data({})
        return name


class NewestFirstSorting(BaseSortingStyle):
    """Newest year first, then newest month, then title: stable and readable."""

    def sorting_key(self, entry: Entry):
        year = int(entry.fields.get("year", "0") or 0)
        month = month_number(entry.fields.get("month", "")) or 0
        return (-year, -month, entry.fields.get("title", "").lower(), entry.key)


def plain_person(person: Person) -> Person:
    """The person with each name part as plain text (``{\\O}lstad`` is
    "Ølstad", ``Okonkwo{-}Bauer`` "Okonkwo-Bauer")."""
    return Person(first=name_text(person.first_names), middle=name_text(person.middle_names),
                  prelast=name_text(person.prelast_names), last=name_text(person.last_names),
                  lineage=name_text(person.lineage_names))


class HomepageLabelStyle(AlphaLabelStyle):
    """BibTeX's alpha labels: "Han16" for one author, "HMD16" for up to four,
    "HMD+16" for more; "a", "b"... tell apart papers with the same label, in
    the order the bibliography is given (the bib files' order). Names are
    read as text first: alpha's abbreviation keeps a braced LaTeX group whole
    ("QNguyenOB22" for ``Nguy\\~{\\^e}n``)."""

    def format_lab_names(self, persons):
        return super().format_lab_names([plain_person(person) for person in persons])


#: Entry type -> the venue field its unsrt template requires.
VENUE_FIELD_OF_TYPE = {"article": "journal", "inproceedings": "booktitle",
                       "incollection": "booktitle", "conference": "booktitle"}

#: Other names of a type (BibTeX's @conference, biblatex's and reference
#: managers' types) -> the type whose template shows it.
TYPE_ALIASES = {"conference": "inproceedings", "report": "techreport",
                "collection": "book", "mvbook": "book", "bookinbook": "book",
                "mvcollection": "book", "reference": "book", "mvreference": "book",
                "inreference": "incollection", "suppcollection": "incollection",
                "mvproceedings": "proceedings", "electronic": "online", "www": "online",
                "standard": "misc"}

#: biblatex's ``type`` keys -> what they are called.
TYPE_NAMES = {"phdthesis": N_("PhD thesis"), "mathesis": N_("Master's thesis"),
              "mastersthesis": N_("Master's thesis"), "candthesis": N_("Candidate thesis"),
              "bathesis": N_("Bachelor's thesis"), "techreport": N_("Technical report"),
              "resreport": N_("Research report"), "software": N_("Software"),
              "datacd": N_("Data CD"), "audiocd": N_("Audio CD")}


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
    """unsrt, with titles as written and without URL/DOI sentences, fields
    read by ``fieldtext``, "et al." for ``and others`` and "(Eds.)" for
    editors; every BibTeX type and biblatex's common ones. An article without
    its journal, or a paper without its booktitle (al-folio's example has
    one), is shown without a venue instead of being rejected."""

    # Classes, not plugin names: pybtex takes either, and a class needs no
    # lookup in its registry (nor the registration, for a style made in a test).
    default_name_style = OwnerNameStyle
    default_sorting_style = NewestFirstSorting
    default_label_style = HomepageLabelStyle

    def __init__(self, owners: frozenset[str] = frozenset(), language: str | None = None,
                 **kwargs) -> None:
        super().__init__(**kwargs)
        #: Sphinx's ``language``: month names (``i18n.month_names``)
        self.language = language
        if isinstance(self.name_style, OwnerNameStyle):  # not another one asked for
            # pybtex makes the name style without arguments: ours needs the owners.
            self.name_style = OwnerNameStyle(owners)
            self.format_name = self.name_style.format

    def entry_types(self) -> list[str]:
        """Every type an entry may have, for messages."""
        return sorted({name[4:-9] for name in dir(self)
                       if name.startswith("get_") and name.endswith("_template")}
                      | set(TYPE_ALIASES))

    def knows(self, entry_type: str) -> bool:
        return entry_type.lower() in self.entry_types()

    def entry_template(self, entry: Entry):
        kind = entry.type.lower()
        kind = TYPE_ALIASES.get(kind, kind)
        venue = VENUE_FIELD_OF_TYPE.get(kind)
        if venue and venue not in entry.fields:
            return self.without_venue_template(entry)
        return getattr(self, f"get_{kind}_template")(entry)

    def format_entry(self, label, entry, bib_data=None):
        entry = tidy_venue_fields(entry)
        context = {"entry": entry, "style": self, "bib_data": bib_data}
        text = with_our_fields(self.entry_template(entry)).format_data(context)
        return FormattedEntry(entry.key, text, label)

    def without_venue_template(self, e):
        return toplevel[
            sentence[self.format_names("author")],
            self.format_title(e, "title"),
            sentence[optional_field("publisher"), date],
            sentence[optional_field("note")],
        ]

    def format_names(self, role, as_sentence=True):
        # Translators: between the last two of three or more names
        # (the serial comma of English), with its spaces.
        last_sep = _(", and ")
        formatted = names(role, sep=", ", sep2=_(" and "), last_sep=last_sep)
        return sentence[formatted] if as_sentence else formatted

    def format_editor(self, e, as_sentence=True):
        """"Jane Doe and John Roe (Eds.)", as APA and Chicago write editors."""
        editors = self.format_names("editor", as_sentence=False)
        if "editor" not in e.persons:
            return editors  # raises FieldIsMissing when formatted
        many = len(e.persons["editor"]) > 1
        result = join(sep=" ")[editors, _("(Eds.)") if many else _("(Ed.)")]
        return sentence[result] if as_sentence else result

    def format_persons(self, e, as_sentence=True):
        """Authors, else editors, else nothing (software, a web page)."""
        return optional[first_of[optional[self.format_names("author", as_sentence)],
                                 optional[self.format_editor(e, as_sentence)]]]

    def get_thesis_template(self, e, kind=N_("Thesis")):
        return toplevel[
            sentence[self.format_names("author")],
            self.format_btitle(e, "title"),
            sentence[
                first_of[optional_field("type"), _(kind)],
                first_of[optional_field("school"), optional_field("institution")],
                optional_field("address"),
                date,
            ],
            sentence[optional_field("note")],
        ]

    def get_phdthesis_template(self, e):
        return self.get_thesis_template(e, N_("PhD thesis"))

    def get_mastersthesis_template(self, e):
        return self.get_thesis_template(e, N_("Master's thesis"))

    def get_online_template(self, e):
        """A web page, software or data: maybe without persons."""
        return toplevel[
            self.format_persons(e),
            self.format_title(e, "title"),
            sentence[optional[words[_("Version"), field("version")]]],
            sentence[
                first_of[optional_field("organization"), optional_field("publisher"),
                         optional_field("institution"), optional_field("howpublished")],
                date,
            ],
            sentence[optional_field("note")],
        ]

    def get_software_template(self, e):
        return self.get_online_template(e)

    def get_dataset_template(self, e):
        return self.get_online_template(e)

    def get_misc_template(self, e):
        return toplevel[
            self.format_persons(e),
            self.format_title(e, "title"),
            sentence[optional_field("howpublished"), date],
            sentence[optional_field("note")],
        ]

    def format_title(self, e, which_field, as_sentence=True):
        title = field(which_field)
        return sentence[title] if as_sentence else title

    def format_web_refs(self, e):
        return sentence[""]

    def format_authors(self, entry: Entry):
        """Just the author list (else the editors), as rich text."""
        context = {"entry": entry, "style": self, "bib_data": None}
        return with_our_fields(self.format_persons(entry, as_sentence=False)).format_data(
            context)

    def format_venue(self, entry: Entry):
        """The venue and year: "International Conference on ..., 2016"."""
        entry = tidy_venue_fields(entry)
        context = {"entry": entry, "style": self, "bib_data": None}
        venue = venue_field(entry)
        parts = [tag("em")[field(venue)]] if venue else []
        return words(sep=", ")[*parts, field("year")].format_data(context)


class FormattedPaper(NamedTuple):
    """An entry as the pages show it, formatted once per change of refs.bib
    (by the bib check, which must format it anyway to know it can be)."""

    reference: FormattedEntry  #: the whole reference (paper pages, citations)
    authors: BaseText  #: the author list
    venue: BaseText  #: venue and year
    #: the title as plain text: saved with the check, so a build that reads
    #: no page (objects.inv lists every paper) converts no LaTeX
    title: str


def style_for_build(owners: frozenset[str], language: str | None = None
                    ) -> type[HomepageStyle]:
    """``HomepageStyle`` bound to this build's owners and language. sphinxcontrib-bibtex
    makes the ``bibtex_default_style`` by name and without arguments (its
    bibliographies and footnote citations), so the class registered under
    ``homepage`` for a build is this one: its instances, ours or
    sphinxcontrib-bibtex's, all bold the build's owners, with no global."""

    class BuildHomepageStyle(HomepageStyle):
        __doc__ = HomepageStyle.__doc__

        def __init__(self, **kwargs) -> None:
            kwargs.setdefault("owners", owners)
            kwargs.setdefault("language", language)
            super().__init__(**kwargs)

    return BuildHomepageStyle


def entry_labels(style: HomepageStyle, entries: list[Entry]) -> dict[str, str]:
    """Key -> label ("Han16"), told apart across ``entries``."""
    return dict(zip((entry.key for entry in entries), style.format_labels(entries)))


def format_paper(style: HomepageStyle, entry: Entry, label: str | None = None) -> FormattedPaper:
    """``label`` is the entry's label among the whole bibliography
    (``entry_labels``); alone, the entry's own label is taken."""
    if label is None:
        label = style.label_style.format_label(entry)
    return FormattedPaper(style.format_entry(label, entry), style.format_authors(entry),
                          style.format_venue(entry), field_text(entry, "title"))


def pin_plugins() -> None:
    """pybtex finds a plugin installed as an entry point by scanning every
    installed distribution's entry points, on every lookup: most of the time
    of a paper page, whose BibTeX export asks for the ``bibtex`` writer
    (``BibliographyData.to_string``) each time. It is registered once per
    process, as the very class its entry point names, where pybtex looks first
    (``compat.register_pybtex_plugin``): same class, no scan."""
    from pybtex.database.output.bibtex import Writer as BibTeXWriter

    register_pybtex_plugin("pybtex.database.output", "bibtex", BibTeXWriter)


def register_styles(app: Sphinx) -> None:
    """Our pybtex plugins, under the names ``conf.py`` and our styles use.
    ``homepage`` is registered again per build (``register_build_style``)."""
    register_pybtex_plugin("pybtex.style.formatting", "homepage", HomepageStyle)
    register_pybtex_plugin("pybtex.style.names", "homepage_owner", OwnerNameStyle)
    register_pybtex_plugin("pybtex.style.sorting", "newest_first", NewestFirstSorting)
    register_pybtex_plugin("pybtex.style.labels", "homepage", HomepageLabelStyle)
    pin_plugins()


def register_build_style(style_class: type[HomepageStyle]) -> None:
    """``builder-inited``: this build's ``homepage`` style (``style_for_build``),
    registered before anything formats (the bib check, then sphinxcontrib-bibtex).
    pybtex's registry is process-wide: the last build started wins, as
    Sphinx builds run one at a time in a process."""
    register_pybtex_plugin("pybtex.style.formatting", "homepage", style_class)
