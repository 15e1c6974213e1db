"""Facts about papers, read from the refs.bib entries that sphinxcontrib-bibtex
has already parsed (once per build, cached by file modification time)."""

from pathlib import Path
from typing import NamedTuple
from urllib.parse import urlsplit

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
#: (arXiv or proceedings); ``html`` is al-folio's name for the same thing.
LINK_FIELDS = {
    "url": "Paper", "html": "Paper", "arxiv": "arXiv", "pdf": "PDF",
    "doi": "DOI", "code": "Code", "website": "Project", "slides": "Slides",
    "poster": "Poster", "video": "Video", "demo": "Demo",
}

#: short forms used in venue tags, as the owner writes them ("ICLR'16, BP").
AWARD_SHORT = {"best paper": "BP"}


def bib_entries(env: BuildEnvironment) -> dict[str, Entry]:
    """All refs.bib entries by key, in file order."""
    return dict(env.get_domain("cite").bibdata.data.entries)


def note_bib_dependency(env: BuildEnvironment) -> None:
    """Re-read the current document whenever refs.bib changes."""
    for bibfile in env.config.bibtex_bibfiles:
        env.note_dependency(str((Path(env.app.confdir) / bibfile).resolve()))


def paper_docname(config: Config, key: str) -> str:
    return f"{config.homepage_publications_doc}/{key}"


def latex_to_text(value: str) -> str:
    """``{\\"o}`` -> ``ö``, ``{GAN}`` -> ``GAN``: plain text of a LaTeX field."""
    return Text.from_latex(value).render_as("text")


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


def link_url(entry: Entry, field: str) -> str:
    """The absolute URL a link field stands for (DOIs and arXiv ids expanded)."""
    value = entry.fields[field].strip()
    if field == "doi" and not value.startswith("http"):
        return f"https://doi.org/{value}"
    if field == "arxiv" and not value.startswith("http"):
        return f"https://arxiv.org/abs/{value}"
    return value


def is_web_url(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in ("http", "https") and bool(parts.netloc) and " " not in url


def paper_links(entry: Entry) -> list[PaperLink]:
    """Link buttons, one per distinct URL, in ``LINK_FIELDS`` order."""
    links: list[PaperLink] = []
    seen: set[str] = set()
    for field, label in LINK_FIELDS.items():
        if field in entry.fields:
            url = link_url(entry, field)
            if url not in seen and is_web_url(url):
                seen.add(url)
                links.append(PaperLink(field, label, url))
    return links


def arxiv_id(entry: Entry) -> str:
    if entry.fields.get("archiveprefix", "").lower() == "arxiv" and "eprint" in entry.fields:
        return entry.fields["eprint"].strip()
    return entry.fields.get("arxiv", "").strip().removeprefix("https://arxiv.org/abs/")
