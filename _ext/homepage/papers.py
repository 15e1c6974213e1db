"""Facts about papers, read from the refs.bib entries that sphinxcontrib-bibtex
has already parsed (once per build, cached by file modification time)."""

from collections.abc import Mapping
from typing import NamedTuple
from urllib.parse import quote, urlsplit

from pybtex.database import Entry
from pybtex.richtext import Text
from sphinx.config import Config
from sphinx.environment import BuildEnvironment


class PaperLink(NamedTuple):
    """A link button of a paper."""

    field: str  #: the refs.bib field it comes from
    label: str  #: button text
    url: str  #: absolute http(s) URL


#: refs.bib field -> button label, in display order. ``url`` is the paper page
#: (arXiv or proceedings); ``html`` is al-folio's (publisher's HTML version).
LINK_FIELDS = {
    "url": "Paper", "html": "HTML", "arxiv": "arXiv", "pdf": "PDF",
    "doi": "DOI", "code": "Code", "website": "Project", "slides": "Slides",
    "poster": "Poster", "video": "Video", "demo": "Demo", "supp": "Supplement",
    "blog": "Blog",
}

#: Fields that may name a file of the site instead of a URL, as al-folio
#: allows (``pdf = {paper.pdf}``): it is looked up in ``homepage_files_dir``
#: and published under ``FILES_URL``.
LOCAL_FILE_FIELDS = ("pdf", "supp", "slides", "poster")
FILES_URL = "_files"

#: short forms used in venue tags, as the owner writes them ("ICLR'16, BP").
AWARD_SHORT = {"best paper": "BP"}


def bib_entries(env: BuildEnvironment) -> Mapping[str, Entry]:
    """All refs.bib entries by key, in file order: the parsed data itself, read
    only (a copy per call made every lookup cost the whole bibliography)."""
    return env.get_domain("cite").bibdata.data.entries


def note_bib_dependency(env: BuildEnvironment) -> None:
    """Re-read the current document whenever refs.bib changes."""
    for path in env.get_domain("cite").bibdata.bibfiles:  # absolute paths
        env.note_dependency(str(path))


def root_of(docname: str) -> str:
    """The relative path from ``docname``'s page to the site's root."""
    return "../" * docname.count("/")


def paper_docname(config: Config, key: str) -> str:
    return f"{config.homepage_publications_doc}/{key}"


#: LaTeX field value -> plain text; saved with the bib check's results, so a
#: build with an unchanged refs.bib converts nothing (``remember_plain_texts``).
_plain_texts: dict[str, str] = {}


def latex_to_text(value: str) -> str:
    """``{\\"o}`` -> ``ö``, ``{GAN}`` -> ``GAN``: plain text of a LaTeX field."""
    text = _plain_texts.get(value)
    if text is None:
        text = _plain_texts[value] = Text.from_latex(value).render_as("text")
    return text


def remember_plain_texts(texts: Mapping[str, str]) -> None:
    _plain_texts.update(texts)


def field_text(entry: Entry, field: str) -> str:
    return latex_to_text(entry.fields[field]) if field in entry.fields else ""


def entry_year(entry: Entry) -> int:
    return int(entry.fields["year"])


def entry_areas(entry: Entry) -> list[str]:
    """Research area names from the ``keywords`` field."""
    raw = entry.fields.get("keywords", "")
    return [word.strip() for word in raw.replace(";", ",").split(",") if word.strip()]


def is_workshop(entry: Entry) -> bool:
    return "workshop" in field_text(entry, "booktitle").lower()


#: publication type -> label, in the filter's order.
PUBLICATION_TYPES = {"conference": "Conference", "journal": "Journal",
                     "workshop": "Workshop", "preprint": "Preprint", "other": "Other"}


def publication_type(entry: Entry) -> str:
    """One of ``PUBLICATION_TYPES``: what kind of venue the paper appeared in."""
    kind = entry.type.lower()
    if is_workshop(entry):
        return "workshop"
    if kind in ("inproceedings", "conference", "proceedings"):
        return "conference"
    if kind == "article":
        return "preprint" if "arxiv" in venue_name(entry).lower() else "journal"
    if kind in ("unpublished", "misc") and arxiv_id(entry):
        return "preprint"
    return "other"


def presentation(entry: Entry) -> str:
    """``oral`` or ``spotlight`` when the entry says so, else empty."""
    return field_text(entry, "presentation").strip().lower()


def award(entry: Entry) -> str:
    """The award text (al-folio's ``award_name``, or ``award``)."""
    return field_text(entry, "award_name") or field_text(entry, "award")


def venue_abbr(entry: Entry) -> str:
    return field_text(entry, "abbr") or entry.type


def venue_tag(entry: Entry) -> str:
    """The owner's short form: ``ICLR'16, BP``, ``CVPR'19, oral``, ``NeurIPS'19 W``."""
    tag = f"{venue_abbr(entry)}'{entry_year(entry) % 100:02d}"
    if is_workshop(entry):
        tag += " W"
    extras = []
    if award(entry):
        extras.append(AWARD_SHORT.get(award(entry).lower().removesuffix(" award"),
                                      award(entry)))
    if presentation(entry):
        extras.append(presentation(entry))
    return ", ".join([tag, *extras])


def venue_name(entry: Entry) -> str:
    for field in ("booktitle", "journal", "howpublished", "publisher"):
        if field in entry.fields:
            return field_text(entry, field)
    return ""


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
        return f"https://arxiv.org/abs/{value}"
    return value


def is_web_url(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in ("http", "https") and bool(parts.netloc) and " " not in url


def paper_links(entry: Entry, root: str = "") -> list[PaperLink]:
    """Link buttons, one per distinct URL, in ``LINK_FIELDS`` order. Local
    files are linked relative to the page: ``root`` leads to the site's root."""
    links: list[PaperLink] = []
    seen: set[str] = set()
    for field, label in LINK_FIELDS.items():
        if field in entry.fields:
            url = link_url(entry, field, root)
            if url not in seen and (is_web_url(url) or local_file(entry, field)):
                seen.add(url)
                links.append(PaperLink(field, label, url))
    return links


def arxiv_id(entry: Entry) -> str:
    if entry.fields.get("archiveprefix", "").lower() == "arxiv" and "eprint" in entry.fields:
        return entry.fields["eprint"].strip()
    return entry.fields.get("arxiv", "").strip().removeprefix("https://arxiv.org/abs/")
