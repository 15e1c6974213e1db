"""Unit tests of ``sphinx_scholar.bibfiles.check_entry``: what makes an entry
unfit to render, on tiny entries made here, with a style made here."""

import pytest
from pybtex.database import Entry, Person

from sphinx_scholar.bibfiles import EntryCheck, EntryProblem, check_entry
from sphinx_scholar.style import FormattedPaper, owner_names, style_for_build

STYLE = style_for_build(owner_names(["Jane Doe"]))()


def entry(kind: str = "inproceedings", authors: str | None = "Doe, Jane and Roe, Rick",
          **fields: str) -> Entry:
    fields = {"title": "A Title", "year": "2020", "booktitle": "A Venue", **fields}
    made = Entry(kind, fields={k: v for k, v in fields.items() if v is not None},
                 persons={"author": [Person(name) for name in authors.split(" and ")]}
                 if authors else {})
    made.key = "key"
    return made


def test_a_good_entry_is_formatted_with_the_owner_in_bold():
    check = check_entry(STYLE, "key", entry(), label="DR20")
    assert isinstance(check, EntryCheck) and check.problem is None
    assert isinstance(check.formatted, FormattedPaper)
    assert check.formatted.reference.label == "DR20"
    assert check.formatted.authors.render_as("html") == "<strong>Jane Doe</strong> and Rick Roe"
    assert check.formatted.venue.render_as("text") == "A Venue, 2020"


@pytest.mark.parametrize("made, subtype, says", [
    (entry("inprocedings"), "bib_type", "did you mean @inproceedings?"),
    (entry(title=" "), "bib_field", "has no title"),
    (entry(authors=None), "bib_field", "has no author"),
    (entry(year=None), "bib_field", "has no year"),
    (entry(year="2020a"), "bib_field", "is not a year"),
    (entry(authors="Doe, Jane and and Roe, Rick"), "bib_author", "stray \"and\""),
    (entry(authors="Doe J, Roe R"), "bib_author", "PubMed"),
    (entry(title="{Unbalanced"), "bib_latex", "cannot be read"),
    (entry("article", journal=None, booktitle=None, pages=None, authors="Doe, Jane",
           title="T", volume="1"), None, None),  # an article without journal is shown
    (entry("book", publisher=None, booktitle=None), "bib_field", "has no publisher"),
])
def test_problems(made, subtype, says):
    check = check_entry(STYLE, "key", made)
    if subtype is None:
        assert check.problem is None and check.formatted is not None
        return
    assert check.formatted is None
    assert isinstance(check.problem, EntryProblem)
    assert check.problem.subtype == subtype
    assert says in check.problem.message and '"key"' in check.problem.message


def test_misc_needs_no_author_and_unshown_fields_are_not_read():
    check = check_entry(STYLE, "key", entry("misc", authors=None, file="{broken"))
    assert check.problem is None
