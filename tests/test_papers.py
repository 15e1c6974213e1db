"""Unit tests of ``sphinx_scholar.papers``: venue tags, short venues, page names,
publication types, link buttons, arXiv ids, on tiny entries made here."""

import pytest
from pybtex.database import Entry, Person

from sphinx_scholar.papers import (LINK_FIELDS, PUBLICATION_TYPES, Conventions, arxiv_id,
                                   arxiv_url, is_preprint_venue, is_workshop, page_name,
                                   paper_links, person_text, publication_type, short_venues,
                                   venue_abbr, venue_field, venue_name, venue_tag)


def entry(kind: str = "inproceedings", key: str = "k", **fields: str) -> Entry:
    made = Entry(kind, fields={"title": "T", "year": "2016", **fields},
                 persons={"author": [Person("Doe, Jane")]})
    made.key = key
    return made


VENUES = short_venues({"International Conference on Learning Representations": "ICLR"})
#: The engine's defaults, with these venues.
PLAIN = Conventions(venues=VENUES)
#: A site's own: the flagship's conf.py settings.
OWN = Conventions(venues=VENUES, tag_format="{venue}\u2019{yy}", workshop_tag=" W",
                  abbreviations={"best paper": "BP", "oral": "oral", "spotlight": "spotlight"})


@pytest.mark.parametrize("fields, tag", [
    ({"abbr": "ICLR"}, "ICLR 2016"),
    ({"booktitle": "Somewhere Else"}, "2016"),
    ({"abbr": "NeurIPS", "booktitle": "NeurIPS Workshop on ML"}, "NeurIPS 2016 Workshop"),
    ({"abbr": "ICLR", "award": "Best Paper Award"}, "ICLR 2016, Best Paper Award"),
    ({"abbr": "CVPR", "presentation": "Oral"}, "CVPR 2016, Oral"),
])
def test_venue_tag_by_default(fields, tag):
    """Nothing of one owner: the year in full, awards and presentations as
    refs.bib writes them."""
    assert venue_tag(entry(**fields), PLAIN) == tag


@pytest.mark.parametrize("fields, tag", [
    ({"abbr": "ICLR"}, "ICLR\u201916"),
    ({"booktitle": "International Conference on Learning  Representations,"}, "ICLR\u201916"),
    ({"booktitle": "international conference on learning representations."},
     "ICLR\u201916"),
    ({"booktitle": "Somewhere Else"}, "2016"),
    ({"abbr": "NeurIPS", "booktitle": "NeurIPS Workshop on ML"}, "NeurIPS\u201916 W"),
    ({"abbr": "ICLR", "award": "Best Paper Award"}, "ICLR\u201916, BP"),
    ({"abbr": "CVPR", "presentation": "Oral"}, "CVPR\u201916, oral"),
    ({"abbr": "X", "award_name": "Test of Time", "award": "long text"},
     "X\u201916, Test of Time"),
])
def test_venue_tag_in_a_sites_own_format(fields, tag):
    assert venue_tag(entry(**fields), OWN) == tag


def test_workshop_words():
    paper = entry(booktitle="Atelier on Learning")
    assert not is_workshop(paper) and publication_type(paper) == "conference"
    assert is_workshop(paper, ("atelier",)) and publication_type(paper, ("atelier",)) == "workshop"
    assert venue_tag(entry(abbr="X", booktitle="Atelier"), OWN._replace(
        workshop_words=("atelier",))) == "X\u201916 W"


def test_link_labels_come_from_the_site():
    paper = entry(url="https://example.org/p", code="https://example.org/c")
    assert [link.label for link in paper_links(paper)] == ["Paper", "Code"]
    labels = {**LINK_FIELDS, "url": "PDF page", "code": "Source"}
    assert [link.label for link in paper_links(paper, labels=labels)] == ["PDF page", "Source"]
    assert PLAIN.link_labels is LINK_FIELDS and PLAIN.type_labels is PUBLICATION_TYPES


def test_venue_abbr_prefers_the_entry_and_needs_the_venues_given():
    assert venue_abbr(entry(abbr="Own", booktitle="International Conference on Learning "
                            "Representations"), VENUES) == "Own"
    paper = entry(booktitle="International Conference on Learning Representations")
    assert venue_abbr(paper, VENUES) == "ICLR"
    assert venue_abbr(paper, {}) == ""


def test_venue_field_and_name():
    assert venue_field(entry(journal="J", booktitle="B")) == "booktitle"
    assert venue_field(entry("phdthesis", school="MIT")) == "school"
    assert venue_field(entry("misc")) is None
    assert venue_name(entry("article", journal="{Phys. Rev.,}")) == "Phys. Rev."
    assert venue_name(entry("misc")) == ""


@pytest.mark.parametrize("key, name", [
    ("han2016deep", "han2016deep"), ("DBLP:conf/iclr/X21", "DBLP-conf-iclr-X21"),
    ("PhysRev.47.777", "PhysRev.47.777"), (".hidden", "-hidden"), ("a b/c", "a-b-c"),
])
def test_page_name(key, name):
    assert page_name(key) == name


@pytest.mark.parametrize("kind, fields, expected", [
    ("inproceedings", {"booktitle": "ICLR"}, "conference"),
    ("inproceedings", {"booktitle": "NeurIPS Workshop on Systems"}, "workshop"),
    ("article", {"journal": "IEEE Micro"}, "journal"),
    ("article", {"journal": "arXiv preprint arXiv:1904.10616"}, "preprint"),
    ("misc", {"eprint": "2001.00001", "archiveprefix": "arXiv"}, "preprint"),
    ("unpublished", {"arxiv": "2001.00001"}, "preprint"),
    ("misc", {}, "other"),
    ("phdthesis", {"school": "Stanford"}, "thesis"),
    ("techreport", {}, "report"),
    ("software", {}, "software"),
    ("incollection", {"booktitle": "A Book"}, "book"),
])
def test_publication_type(kind, fields, expected):
    assert publication_type(entry(kind, **fields)) == expected


def test_preprint_venue():
    assert is_preprint_venue(entry("article", journal="arXiv preprint arXiv:1"))
    assert not is_preprint_venue(entry("article", journal="Nature"))


@pytest.mark.parametrize("fields, identifier", [
    ({"eprint": " 1904.10616 ", "archiveprefix": "arXiv"}, "1904.10616"),
    ({"eprint": "1904.10616"}, ""),  # no archiveprefix: not said to be arXiv's
    ({"arxiv": "2001.00001"}, "2001.00001"),
    ({"arxiv": "https://arxiv.org/abs/2001.00001"}, "2001.00001"),
    ({}, ""),
])
def test_arxiv_id(fields, identifier):
    assert arxiv_id(entry(**fields)) == identifier


def test_arxiv_url():
    assert arxiv_url("1904.10616") == "https://arxiv.org/abs/1904.10616"
    assert arxiv_url("1904.10616", "pdf") == "https://arxiv.org/pdf/1904.10616"


def test_paper_links_in_order_once_per_page():
    paper = entry(url="https://arxiv.org/abs/1904.10616v2", doi="10.1/x",
                  code="https://github.com/x/y", eprint="1904.10616", archiveprefix="arXiv",
                  pdf="paper.pdf", video="javascript:alert(1)")
    links = paper_links(paper, root="../")
    assert [(link.field, link.label, link.url) for link in links] == [
        ("url", "Paper", "https://arxiv.org/abs/1904.10616v2"),
        ("pdf", "PDF", "../_files/paper.pdf"),
        ("doi", "DOI", "https://doi.org/10.1/x"),
        ("code", "Code", "https://github.com/x/y"),
    ]  # no arXiv button: the Paper button is that abstract; no javascript: link


def test_eprint_gives_the_arxiv_button():
    links = paper_links(entry(eprint="2001.00001", archiveprefix="arXiv"))
    assert [(link.field, link.url) for link in links] == [
        ("eprint", "https://arxiv.org/abs/2001.00001")]


@pytest.mark.parametrize("name, text", [
    ("Lovelace, Ada", "Ada Lovelace"),
    ("{\\O}lstad, Kari", "Kari Ølstad"),
    ("von Neumann, John", "John von Neumann"),
    ("Doe, Jr., John", "John Doe, Jr."),
])
def test_person_text(name, text):
    assert person_text(Person(name)) == text
