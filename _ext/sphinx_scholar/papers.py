"""Facts about papers, read from the refs.bib entries that sphinxcontrib-bibtex
has already parsed (once per build, cached by file modification time)."""

import re
from collections.abc import Collection, Mapping
from typing import NamedTuple
from urllib.parse import quote, urlsplit

from pybtex.database import Entry, Person
from sphinx.config import Config
from sphinx.environment import BuildEnvironment

from .compat import cite_bib_paths, cite_entries
from .fieldtext import is_web_url, plain_field_text, plain_text, rich_field
from .i18n import N_, _, month_names


class PaperLink(NamedTuple):
    """A link button of a paper."""

    field: str  #: the refs.bib field it comes from
    label: str  #: button text
    url: str  #: absolute http(s) URL


#: refs.bib field -> button label, in display order. ``url`` is the paper page
#: (arXiv or proceedings); ``html`` is al-folio's (publisher's HTML version).
LINK_FIELDS = {
    "url": N_("Paper"), "html": N_("HTML"), "arxiv": N_("arXiv"), "pdf": N_("PDF"),
    "doi": N_("DOI"), "code": N_("Code"), "website": N_("Project"), "slides": N_("Slides"),
    "poster": N_("Poster"), "video": N_("Video"), "demo": N_("Demo"),
    "supp": N_("Supplement"), "blog": N_("Blog"),
}

#: Fields the pages show as text: only these are read as LaTeX (and checked).
#: Others (file, owner, timestamp, groups, date-added, bdsk-url-1, mendeley-
#: tags...) are reference managers' bookkeeping, never shown. Persons
#: (author, editor) are read by pybtex's name parser.
SHOWN_FIELDS = frozenset({
    "title", "booktitle", "journal", "howpublished", "school", "institution",
    "organization", "publisher", "address", "series", "volume", "number", "pages",
    "edition", "chapter", "type", "version", "month", "note", "abstract", "award",
    "award_name", "annotation", "additional_info", "abbr", "presentation", "keywords",
})

#: Fields that may name a file of the site instead of a URL, as al-folio
#: allows (``pdf = {paper.pdf}``): it is looked up in ``homepage_files_dir``
#: and published under ``FILES_URL``.
LOCAL_FILE_FIELDS = ("pdf", "supp", "slides", "poster")
FILES_URL = "_files"


def bib_entries(env: BuildEnvironment) -> Mapping[str, Entry]:
    """All refs.bib entries by key, in file order: the parsed data itself, read
    only (a copy per call made every lookup cost the whole bibliography)."""
    return cite_entries(env)


def note_bib_dependency(env: BuildEnvironment) -> None:
    """Re-read the current document whenever refs.bib changes."""
    for path in cite_bib_paths(env):  # absolute paths
        env.note_dependency(str(path))


def root_of(docname: str) -> str:
    """The relative path from ``docname``'s page to the site's root."""
    return "../" * docname.count("/")


_UNSAFE_IN_PAGE_NAME = re.compile(r"[^A-Za-z0-9._-]")


def page_name(key: str) -> str:
    """The file name (without suffix) of a paper's page: the key, with every
    character outside ``[A-Za-z0-9._-]`` made a hyphen. DBLP- and DOI-style
    keys (``DBLP:conf/iclr/X21``) would otherwise make folders, or a link
    ``DBLP:conf/...`` that browsers read as a URL scheme. A leading dot too:
    no hidden files, no ``..``. Two keys with the same page name are
    reported by the bib check (``bibfiles.check_page_names``)."""
    name = _UNSAFE_IN_PAGE_NAME.sub("-", key)
    return "-" + name[1:] if name.startswith(".") else name


def paper_docname(config: Config, key: str) -> str:
    return f"{config.homepage_publications_doc}/{page_name(key)}"


def latex_to_text(value: str) -> str:
    """``{\\"o}`` -> ``ö``, ``{GAN}`` -> ``GAN``, ``\\emph{x}`` -> ``x``: plain
    text of a LaTeX value (``fieldtext``)."""
    return plain_text(value)


def field_value_text(field: str, value: str) -> str:
    """Plain text of ``field = {value}``: LaTeX, and in al-folio's HTML
    fields, the text of its tags."""
    return plain_field_text(field, value)


def field_text(entry: Entry, field: str) -> str:
    return field_value_text(field, entry.fields[field]) if field in entry.fields else ""


def field_rich(entry: Entry, field: str):
    """The field as pybtex rich text (markup kept), for the pages."""
    return rich_field(field, entry.fields[field])


#: BibTeX's month macros and every way a month is written: "jun", "June", "6".
MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August",
               "September", "October", "November", "December")


def month_number(value: str) -> int | None:
    """1-12 for ``jun``, ``June``, ``6`` or ``06``; None for anything else."""
    word = value.strip().rstrip(".").lower()
    if word.isdigit():
        return int(word) if 1 <= int(word) <= 12 else None
    return next((number for number, name in enumerate(MONTH_NAMES, start=1)
                 if len(word) >= 3 and name.lower().startswith(word)), None)


def month_name(value: str, language: str | None = None) -> str:
    """"June" for any spelling of June ("Juni" in German: ``language``);
    other text as it is."""
    number = month_number(value)
    return month_names(language)[number - 1] if number else value


# biblatex's date = {2020-05-01} (also 2020, 2020-05, a range 2020-05-01/2020-05-03).
_ISO_DATE = re.compile(r"\s*(\d{4})(?:-(\d{1,2}))?")


def normalise_fields(entry: Entry) -> None:
    """What exporters write differently, written one way for every page:
    empty fields (IEEE's ``volume={}``) are absent; biblatex's ``date``
    gives ``year`` (and ``month``), ``journaltitle`` is the ``journal``,
    ``location`` the ``address`` (BibTeX's own fields win)."""
    fields = entry.fields
    for name in [name for name, value in fields.items() if not value.strip()]:
        del fields[name]
    date = _ISO_DATE.match(fields.get("date", ""))
    if date and "year" not in fields:
        fields["year"] = date[1]
        if date[2] and "month" not in fields:
            fields["month"] = date[2]
    for biblatex, bibtex in (("journaltitle", "journal"), ("location", "address")):
        if biblatex in fields and bibtex not in fields:
            fields[bibtex] = fields[biblatex]


def name_text(parts: list[str]) -> str:
    """Name parts (a person's first names, last names...) as plain text."""
    return latex_to_text(" ".join(parts))


def person_text(person: Person) -> str:
    """"First Middle von Last, Jr." as plain text (``{\\O}lstad`` is "Ølstad")."""
    name = name_text([*person.first_names, *person.middle_names, *person.prelast_names,
                      *person.last_names])
    if person.lineage_names:
        name += ", " + name_text(person.lineage_names)
    return name


def filed_person_text(person: Person) -> str:
    """"von Last, First Middle, Jr.": the name as reference managers file it
    (RIS ``AU``), as plain text."""
    name = name_text([*person.prelast_names, *person.last_names])
    first = name_text([*person.first_names, *person.middle_names])
    if first:
        name += ", " + first
    if person.lineage_names:
        name += ", " + name_text(person.lineage_names)
    return name


def is_others(person: Person) -> bool:
    """BibTeX's ``and others``: the list goes on (et al.), no one is called so."""
    return str(person).strip().lower() == "others"


def people(entry: Entry, role: str = "author") -> list[Person]:
    """The persons of ``role``, without BibTeX's ``others``."""
    return [person for person in entry.persons.get(role, []) if not is_others(person)]


def has_others(entry: Entry, role: str = "author") -> bool:
    return any(is_others(person) for person in entry.persons.get(role, []))


def is_true(entry: Entry, field: str) -> bool:
    """A flag field such as al-folio's ``selected = {true}``."""
    return entry.fields.get(field, "").strip().lower() in ("true", "yes", "1")


def entry_year(entry: Entry) -> int:
    return int(entry.fields["year"])


def split_keywords(value: str) -> list[str]:
    """Keywords as exporters write them, each once, in order: separated by
    semicolons when there is one (PubMed's MeSH terms and IEEE's have commas
    inside: "Models, Theoretical"), else by commas."""
    words = (word.strip() for word in value.split(";" if ";" in value else ","))
    return list(dict.fromkeys(word for word in words if word))


def entry_keywords(entry: Entry) -> list[str]:
    """Every word of the ``keywords`` field, as written."""
    return split_keywords(entry.fields.get("keywords", ""))


def entry_areas(entry: Entry, declared: Collection[str]) -> list[str]:
    """The keywords that name a declared research area (``{research-area}``)."""
    return [word for word in entry_keywords(entry) if word in declared]


def ordinary_keywords(entry: Entry, declared: Collection[str]) -> list[str]:
    """The keywords that are no research area, as plain text (shown on the
    paper's page and in its metadata)."""
    return [latex_to_text(word) for word in entry_keywords(entry) if word not in declared]


#: The words that mark a booktitle as a workshop's, unless the site says
#: otherwise (``homepage_workshop_words``).
WORKSHOP_WORDS = ("workshop",)


def is_workshop(entry: Entry, words: Collection[str] = WORKSHOP_WORDS) -> bool:
    """Its booktitle has one of ``words`` (``homepage_workshop_words``, lower case)."""
    booktitle = field_text(entry, "booktitle").lower()
    return any(word in booktitle for word in words)


#: publication type -> label, in the filter's order.
PUBLICATION_TYPES = {"conference": N_("Conference"), "journal": N_("Journal"),
                     "workshop": N_("Workshop"), "preprint": N_("Preprint"), "book": N_("Book"),
                     "thesis": N_("Thesis"), "report": N_("Report"),
                     "software": N_("Software and data"), "other": N_("Other")}

#: BibTeX/biblatex entry type -> publication type, for the types a venue
#: does not decide.
_TYPE_OF_ENTRY = {
    "inproceedings": "conference", "conference": "conference", "proceedings": "conference",
    "book": "book", "inbook": "book", "incollection": "book", "collection": "book",
    "phdthesis": "thesis", "mastersthesis": "thesis", "thesis": "thesis",
    "techreport": "report", "report": "report",
    "software": "software", "dataset": "software",
}


def publication_type(entry: Entry, workshop_words: Collection[str] = WORKSHOP_WORDS) -> str:
    """One of ``PUBLICATION_TYPES``: what kind of venue the paper appeared in."""
    kind = entry.type.lower()
    if is_workshop(entry, workshop_words):
        return "workshop"
    if kind == "article":
        return "preprint" if is_preprint_venue(entry) else "journal"
    if kind in _TYPE_OF_ENTRY:
        return _TYPE_OF_ENTRY[kind]
    if kind in ("unpublished", "misc", "online") and arxiv_id(entry):
        return "preprint"
    return "other"


def presentation(entry: Entry) -> str:
    """``oral`` or ``spotlight`` when the entry says so, else empty."""
    return field_text(entry, "presentation").strip().lower()


def award(entry: Entry) -> str:
    """The award's name, for badges (al-folio's ``award_name``, or ``award``)."""
    return field_text(entry, "award_name") or field_text(entry, "award")


def award_text(entry: Entry) -> str:
    """al-folio's long ``award`` text, when ``award_name`` names the award
    (the badge); the paper's page shows it. Else empty."""
    return field_text(entry, "award") if field_text(entry, "award_name") else ""


def _venue_key(name: str) -> str:
    return " ".join(name.split()).rstrip(",;. ").lower()


def short_venues(venues: Mapping[str, str]) -> dict[str, str]:
    """``homepage_venues`` (full venue name -> short name) as ``venue_abbr``
    looks names up: without case, spacing or trailing punctuation."""
    return {_venue_key(name): short for name, short in venues.items()}


def venue_abbr(entry: Entry, venues: Mapping[str, str]) -> str:
    """The short venue name: the entry's ``abbr``, else the one ``venues``
    (``short_venues``) gives its venue, else empty
    (``areas.check_paper_areas`` warns when a research area shows such an entry)."""
    return field_text(entry, "abbr") or venues.get(_venue_key(venue_name(entry)), "")


class Conventions(NamedTuple):
    """How a site names its papers' venues, awards, links and kinds: its
    ``homepage_*`` settings, read once per build (``conventions``). The
    defaults are the engine's, owner-neutral."""

    venues: Mapping[str, str] = {}  #: ``short_venues(homepage_venues)``
    tag_format: str = "{venue} {year}"  #: ``homepage_venue_tag_format``
    workshop_tag: str = " Workshop"  #: ``homepage_workshop_tag``
    abbreviations: Mapping[str, str] = {}  #: ``homepage_tag_abbreviations``, lower-case keys
    workshop_words: tuple[str, ...] = WORKSHOP_WORDS  #: ``homepage_workshop_words``, lower case
    link_labels: Mapping[str, str] = LINK_FIELDS  #: ``LINK_FIELDS`` with ``homepage_link_labels``
    type_labels: Mapping[str, str] = PUBLICATION_TYPES  #: ``PUBLICATION_TYPES`` with ``homepage_publication_types``


def conventions(config: Config) -> Conventions:
    return Conventions(
        venues=short_venues(config.homepage_venues),
        tag_format=config.homepage_venue_tag_format,
        workshop_tag=config.homepage_workshop_tag,
        abbreviations={k.lower(): v for k, v in config.homepage_tag_abbreviations.items()},
        workshop_words=tuple(word.lower() for word in config.homepage_workshop_words),
        link_labels={field: config.homepage_link_labels.get(field, label)
                     for field, label in LINK_FIELDS.items()},
        type_labels={kind: config.homepage_publication_types.get(kind, label)
                     for kind, label in PUBLICATION_TYPES.items()},
    )


def venue_tag(entry: Entry, site: Conventions) -> str:
    """The site's short form (``homepage_venue_tag_format`` and the others of
    ``site``): ``ICLR 2016, Best Paper``, ``NeurIPS 2019 Workshop``, or with
    another site's settings ``ICLR’16, BP``, ``CVPR’19, oral``; the year
    alone (``2019``) without a short venue. The format is used as written:
    typographic quotes in it stay as they are (paper pages are not read, so
    no SmartQuotes, and every page must show the same tag)."""
    abbr = venue_abbr(entry, site.venues)
    year = entry_year(entry)
    tag = site.tag_format.format(venue=abbr, year=year, yy=f"{year % 100:02d}") if abbr \
        else str(year)
    if is_workshop(entry, site.workshop_words):
        tag += site.workshop_tag
    extras = []
    if award(entry):
        extras.append(site.abbreviations.get(award(entry).lower().removesuffix(" award"),
                                             award(entry)))
    shown = field_text(entry, "presentation").strip()
    if shown:
        extras.append(site.abbreviations.get(shown.lower(), shown))
    return ", ".join([tag, *extras])


#: Fields that name where a paper appeared, the first present is its venue
#: (a thesis's school, a report's institution, a manual's organization).
VENUE_FIELDS = ("booktitle", "journal", "howpublished", "school", "institution",
                "organization", "publisher")


def without_trailing_comma(venue: str) -> str:
    """Older al-folio files end venues with a comma (``journal={Phys. Rev.,}``)."""
    return venue.strip().rstrip(",").rstrip()


def venue_field(entry: Entry) -> str | None:
    """The field that names the paper's venue: the first of ``VENUE_FIELDS``
    it has (so a ``booktitle`` before a ``journal``)."""
    return next((field for field in VENUE_FIELDS if field in entry.fields), None)


def venue_name(entry: Entry) -> str:
    """The venue as text, without a trailing comma."""
    field = venue_field(entry)
    return without_trailing_comma(field_text(entry, field)) if field else ""


def is_preprint_venue(entry: Entry) -> bool:
    """The venue is arXiv (``journal = {arXiv preprint arXiv:1904.10616}``):
    a preprint, whose "journal" is no journal; its arXiv id says where it is."""
    return "arxiv" in venue_name(entry).lower()


def local_file(entry: Entry, field: str) -> str:
    """The file name a field gives instead of a URL (al-folio style), or ''."""
    value = entry.fields.get(field, "").strip()
    if field in LOCAL_FILE_FIELDS and value and not urlsplit(value).scheme \
            and not value.startswith(("/", "..")) and "://" not in value:
        return value
    return ""


def link_url(entry: Entry, field: str, root: str = "") -> str:
    """The URL a link field stands for (DOIs and arXiv ids expanded); a local
    file is given relative to the site's root, prefixed with ``root``."""
    value = entry.fields[field].strip()
    if local_file(entry, field):
        return f"{root}{FILES_URL}/{quote(value)}"
    if field == "doi" and not value.startswith("http"):
        return f"https://doi.org/{value}"
    if field == "arxiv" and not value.startswith("http"):
        return arxiv_url(value)
    return value


def _same_page(url: str) -> str:
    """What tells two URLs of one page apart: not the scheme, ``www.``, a
    trailing slash or the version of an arXiv abstract page."""
    parts = urlsplit(url)
    host = parts.netloc.lower().removeprefix("www.")
    path = parts.path.rstrip("/")
    if host == ARXIV_HOST:
        path = re.sub(r"^(/abs/.+?)v\d+$", r"\1", path)
    return f"{host}{path}?{parts.query}"


def paper_links(entry: Entry, root: str = "",
                labels: Mapping[str, str] = LINK_FIELDS) -> list[PaperLink]:
    """Link buttons, one per distinct URL, in ``LINK_FIELDS`` order, labelled
    by ``labels`` (``Conventions.link_labels``). Local
    files are linked relative to the page: ``root`` leads to the site's root.
    Without an ``arxiv`` field, ``eprint`` + ``archiveprefix = {arXiv}``
    gives the arXiv button (field ``eprint``), unless the ``url`` button
    already is that abstract page."""
    links: list[PaperLink] = []
    seen: set[str] = set()
    for field in LINK_FIELDS:
        label = labels[field]
        if field in entry.fields:
            url, source = link_url(entry, field, root), field
        elif field == "arxiv" and arxiv_id(entry):
            url, source = arxiv_url(arxiv_id(entry)), "eprint"
        else:
            continue
        page = _same_page(url)
        if page not in seen and (is_web_url(url) or local_file(entry, field)):
            seen.add(page)
            links.append(PaperLink(source, _(label), url))
    return links


ARXIV_HOST = "arxiv.org"


def arxiv_url(identifier: str, page: str = "abs") -> str:
    """arXiv's page of a paper: its abstract (``abs``) or its PDF (``pdf``)."""
    return f"https://{ARXIV_HOST}/{page}/{identifier}"


def is_arxiv_abstract(url: str) -> bool:
    """A URL of an arXiv abstract page (any version, http or https)."""
    return f"{ARXIV_HOST}/abs/" in url


def arxiv_id(entry: Entry) -> str:
    """The arXiv identifier: ``eprint`` with ``archiveprefix = {arXiv}``,
    else the ``arxiv`` field (al-folio's), bare or as an abstract's URL."""
    if entry.fields.get("archiveprefix", "").lower() == "arxiv" and "eprint" in entry.fields:
        return entry.fields["eprint"].strip()
    return entry.fields.get("arxiv", "").strip().removeprefix(arxiv_url(""))
