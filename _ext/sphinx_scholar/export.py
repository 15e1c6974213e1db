"""Exports of a paper's citation: BibTeX and RIS, shown on the paper's page in
a block with a copy button and written beside the page as downloads
(``publications/<key>.bib`` and ``.ris``)."""

import html
import re
from collections.abc import Collection
from pathlib import Path
from urllib.parse import quote

import rispy
from docutils import nodes
from pybtex.database import BibliographyData, Entry
from pybtex.database.output.bibtex import Writer as BibTeXWriter
from sphinx.application import Sphinx

from .i18n import _
from .papers import (WORKSHOP_WORDS, arxiv_id, arxiv_url, entry_year, field_text,
                     filed_person_text, is_workshop, link_url, page_name, paper_docname, people,
                     venue_name)

#: BibTeX fields a reader's reference manager understands; our own fields
#: (keywords as areas, selected, abbr, award_name, link buttons...) stay out.
BIBTEX_FIELDS = (
    "title", "author", "editor", "booktitle", "journal", "volume", "number", "pages",
    "publisher", "address", "year", "month", "doi", "eprint", "archiveprefix", "primaryclass",
    "url", "note", "school", "institution", "organization", "howpublished", "type", "edition",
    "series", "chapter", "version",
)

#: BibTeX/biblatex entry type -> RIS reference type.
RIS_TYPES = {"inproceedings": "CPAPER", "conference": "CPAPER", "proceedings": "CONF",
             "article": "JOUR", "book": "BOOK", "collection": "EDBOOK", "inbook": "CHAP",
             "incollection": "CHAP", "phdthesis": "THES", "mastersthesis": "THES",
             "thesis": "THES", "techreport": "RPRT", "report": "RPRT", "manual": "STAND",
             "booklet": "PAMP", "unpublished": "UNPB", "online": "ELEC", "electronic": "ELEC",
             "www": "ELEC", "software": "COMP", "dataset": "DATA", "patent": "PAT",
             "misc": "GEN"}

#: (format id, label, file suffix)
FORMATS = (("bibtex", "BibTeX", "bib"), ("ris", "RIS", "ris"))


#: The only characters that pybtex's BibTeX writer changes when it writes
#: UTF-8 (its ``ulatex+UTF-8`` codec escapes them; it keeps every other).
_CODEC_CHANGES = re.compile(r"[#%&_~]")


class _BibTeXWriter(BibTeXWriter):
    """pybtex's BibTeX writer, UTF-8, whose codec is not run over a field it
    would leave as it is: latexcodec's character-by-character run was most of
    the time of a paper page's BibTeX. Same output (``tests/test_export.py``)."""

    def __init__(self) -> None:
        super().__init__(encoding="UTF-8")

    def _encode(self, text: str) -> str:
        return super()._encode(text) if _CODEC_CHANGES.search(text) else text


class _RisWriter(rispy.RisWriter):
    """rispy numbers references ("1."); a single-reference file needs none."""

    def set_header(self, count: int) -> str:
        return ""


def bibtex_text(entry: Entry) -> str:
    fields = {name: value for name, value in entry.fields.items()
              if name.lower() in BIBTEX_FIELDS}
    clean = Entry(entry.type, fields=fields, persons=entry.persons)
    return _BibTeXWriter().to_string(BibliographyData(entries={entry.key: clean}))


def ris_text(entry: Entry, workshop_words: Collection[str] = WORKSHOP_WORDS) -> str:
    record: dict = {
        "type_of_reference": RIS_TYPES.get(entry.type.lower(), "GEN"),
        "title": field_text(entry, "title"),
        # RIS has no "et al.": ``and others`` names no one.
        "authors": [filed_person_text(person) for person in people(entry)],
        "year": str(entry_year(entry)),
    }
    if people(entry, "editor"):
        record["secondary_authors"] = [filed_person_text(person) for person in people(entry, "editor")]
    venue = venue_name(entry)
    if venue:
        key = "journal_name" if entry.type.lower() == "article" and not is_workshop(entry, workshop_words) \
            else "secondary_title"
        record[key] = venue
    for bib_field, ris_field in (("volume", "volume"), ("number", "number"),
                                 ("publisher", "publisher")):
        if bib_field in entry.fields:
            record[ris_field] = field_text(entry, bib_field)
    if "pages" in entry.fields:
        start, _, end = field_text(entry, "pages").replace("--", "-").partition("-")
        record["start_page"] = start.strip()
        if end.strip():
            record["end_page"] = end.strip()
    if "doi" in entry.fields:
        record["doi"] = entry.fields["doi"].strip()
    urls = [link_url(entry, name) for name in ("url", "pdf") if name in entry.fields]
    if arxiv_id(entry):
        urls.append(arxiv_url(arxiv_id(entry)))
    if urls:
        record["urls"] = list(dict.fromkeys(urls))
    return rispy.dumps([record], implementation=_RisWriter)


def exports(entry: Entry, workshop_words: Collection[str] = WORKSHOP_WORDS) -> dict[str, str]:
    return {"bibtex": bibtex_text(entry), "ris": ris_text(entry, workshop_words)}


def download_href(key: str, suffix: str) -> str:
    """The download's address relative to the paper's page: ``./`` first, so
    that a name with a colon is never read as a URL scheme."""
    return f"./{quote(page_name(key))}.{suffix}"


def download_path(app: Sphinx, key: str, suffix: str) -> Path:
    """Beside the paper's page. Not ``with_suffix``: keys have dots
    (``PhysRev.47.777``)."""
    base = Path(app.builder.outdir) / paper_docname(app.config, key)
    return base.parent / f"{base.name}.{suffix}"


def cite_section(key: str, texts: dict[str, str]) -> nodes.section:
    """"Cite": each format in a ``<pre>`` with a copy button and a download.
    Raw HTML because docutils has no button; every piece of data is escaped."""
    section = nodes.section(ids=["cite"])
    section += nodes.title("", _("Cite"))
    for fmt, label, suffix in FORMATS:
        block_id = f"cite-{fmt}"
        copy = html.escape(_("Copy {format}").format(format=label))
        download = html.escape(_("Download .{suffix}").format(suffix=suffix))
        markup = (
            f'<div class="cite-block" data-format="{fmt}">\n'
            f'<p class="cite-label" id="{block_id}-label">{label}</p>\n'
            # A scrolling, focusable block: a named region (HTML allows
            # aria-labelledby on a <pre> only with a role).
            f'<pre id="{block_id}" class="cite-text" tabindex="0" role="region" '
            f'aria-labelledby="{block_id}-label"><code>{html.escape(texts[fmt])}</code></pre>\n'
            f'<p class="cite-actions">'
            f'<button type="button" class="copy-button" data-copy-target="{block_id}" hidden>'
            f'{copy}</button> '
            f'<a class="cite-download" download href="{html.escape(download_href(key, suffix))}">'
            f'{download}</a> '
            f'<span class="copy-status" role="status"></span></p>\n'
            f'</div>\n'
        )
        section += nodes.raw("", markup, format="html")
    return section
