"""Unit tests of ``sphinx_scholar.export``: the BibTeX text is pybtex's own."""

import pytest
from pybtex.database import BibliographyData, Entry, Person

from sphinx_scholar.export import BIBTEX_FIELDS, bibtex_text

TITLES = [
    "Once-for-All: Train One Network and Specialize it for Efficient Deployment",
    "Zürich – naïve ≤ µ “quoted” {CNN}s",
    "100% of R&D_costs ~ #1",  # the characters the codec escapes
    r"Deep \emph{Compression}: {\'E}t{\'e} $x^2$",
    "",
]


@pytest.mark.parametrize("title", TITLES)
def test_bibtex_text_is_pybtex_writer_output(title):
    entry = Entry("inproceedings", fields={
        "title": title, "booktitle": "ICLR", "year": "2020", "url": "https://x.org/a_b%20c",
        "keywords": "not exported", "note": "50% & more"},
        persons={"author": [Person("Han, Song"), Person("Müller, Jürgen")]})
    entry.key = "han2020x"
    fields = {name: value for name, value in entry.fields.items()
              if name.lower() in BIBTEX_FIELDS}
    expected = BibliographyData(entries={"han2020x": Entry(
        entry.type, fields=fields, persons=entry.persons)}).to_string("bibtex")
    assert bibtex_text(entry) == expected
    assert "keywords" not in bibtex_text(entry)
