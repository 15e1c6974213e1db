"""Publications: filter data, Cite blocks with BibTeX/RIS exports, the
{paper-links} role, and an al-folio papers.bib rendered unchanged."""

import re
import shutil
from pathlib import Path

import pytest
import rispy
from bs4 import BeautifulSoup
from pybtex.database import parse_file, parse_string

from conftest import ROOT, sphinx_build

PUBLICATIONS_ROOT = ROOT / "tests" / "roots" / "test-publications"


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")


def text_of(entry, field: str) -> str:
    from pybtex.richtext import Text
    return Text.from_latex(entry.fields[field]).render_as("text")


# -- the real site ------------------------------------------------------------

@pytest.fixture(scope="module")
def bib():
    return parse_file(str(ROOT / "refs.bib")).entries


def test_entries_carry_filter_data(site, bib):
    page = soup(site / "publications.html")
    entries = page.select("div.publication")
    assert {e["id"].removeprefix("pub-") for e in entries} == set(bib)
    for element in entries:
        entry = bib[element["id"].removeprefix("pub-")]
        assert element["data-year"] == entry.fields["year"]
        areas = [a.strip() for a in entry.fields.get("keywords", "").split(",") if a.strip()]
        assert element["data-areas"].split() == areas
        assert element["data-type"] in {"conference", "journal", "workshop", "preprint"}
    kinds = {e["id"].removeprefix("pub-"): e["data-type"] for e in entries}
    assert kinds["han2016deep"] == "conference"
    assert kinds["cai2019automl"] == "journal"  # IEEE Micro
    assert kinds["han2019design"] == "preprint"  # arXiv
    assert kinds["zhu2019distributed"] == "workshop"


def test_filter_form_ships_hidden_with_every_choice(site, bib):
    page = soup(site / "publications.html")
    form = page.select_one("form#pub-filter")
    assert form.has_attr("hidden")  # shown by the script: no JS, full list
    years = [o["value"] for o in form.select("#pub-filter-year option")]
    assert years == [""] + sorted({e.fields["year"] for e in bib.values()}, reverse=True)
    areas = [o["value"] for o in form.select("#pub-filter-area option")][1:]
    declared = re.findall(r"^:::\{research-area\} (\S+)$",
                          (ROOT / "docs" / "research.md").read_text(), re.M)
    assert areas == declared and len(areas) == 5
    for select in form.select("select"):
        assert form.select_one(f'label[for="{select["id"]}"]')
    assert form.select_one('button[type="reset"]')
    status = form.select_one("#pub-filter-status")
    assert status["role"] == "status"
    assert status.get_text() == f"Showing {len(bib)} of {len(bib)} publications"
    assert page.find("script", src=lambda s: s and "/homepage.js" in s)


@pytest.mark.parametrize("key", ["han2016deep", "cai2019automl", "wang2020hat"])
def test_paper_page_cite_blocks_and_downloads(site, bib, key):
    page = soup(site / "publications" / f"{key}.html")
    entry = bib[key]
    section = page.select_one("section#cite")
    bibtex = section.select_one("pre#cite-bibtex").get_text()
    ris = section.select_one("pre#cite-ris").get_text()
    # The BibTeX parses back to the same paper, without our own fields.
    parsed = parse_string(bibtex, "bibtex").entries[key]
    assert parsed.type == entry.type
    assert parsed.fields["title"] == entry.fields["title"]
    assert [str(p) for p in parsed.persons["author"]] == \
        [str(p) for p in entry.persons["author"]]
    for ours in ("keywords", "selected", "abbr", "award_name", "code", "website"):
        assert ours not in parsed.fields
    # The RIS parses with rispy: type, title, ordered authors, year.
    record = rispy.loads(ris)[0]
    assert record["type_of_reference"] == ("JOUR" if entry.type == "article" else "CPAPER")
    assert record["title"] == text_of(entry, "title")
    assert len(record["authors"]) == len(entry.persons["author"])
    assert record["authors"][0].startswith(str(entry.persons["author"][0].last_names[0]))
    assert record["year"] == entry.fields["year"]
    if "doi" in entry.fields:
        assert record["doi"] == entry.fields["doi"]
    # Copy buttons (shown by the script) and downloads with the same text.
    for fmt, suffix, text in (("bibtex", "bib", bibtex), ("ris", "ris", ris)):
        button = section.select_one(f'button.copy-button[data-copy-target="cite-{fmt}"]')
        assert button and button["type"] == "button"
        link = section.select_one(f'a[download][href$=".{suffix}"]')
        download = (site / "publications" / link["href"]).read_text(encoding="utf-8")
        assert download == text


def test_news_brackets_link_to_bib_fields(site, bib):
    page = soup(site / "news.html")
    groups = page.select("span.paper-links")
    assert len(groups) >= 10
    urls = {link["href"] for group in groups for link in group.select("a")}
    bib_urls = {value.strip() for entry in bib.values() for value in entry.fields.values()}
    assert urls <= bib_urls, urls - bib_urls
    hat = next(g for g in groups if "hardware-aware-transformers" in str(g))
    assert [a.get_text() for a in hat.select("a")] == ["paper", "code", "website"]
    assert hat.get_text() == "[paper][code][website]"


# -- a small project ----------------------------------------------------------

@pytest.mark.sphinx("html", testroot="publications")
def test_paper_links_role(app, warning):
    app.build()
    assert warning.getvalue() == ""
    page = soup(Path(app.outdir) / "index.html")
    links = page.select("span.paper-links a")
    assert [(a.get_text(), a["href"]) for a in links] == [
        ("paper", "https://example.org/engine"), ("code", "https://example.org/engine/code")]


@pytest.mark.sphinx("html", testroot="publications")
def test_types_and_filter_areas_from_pages(app):
    app.build()
    page = soup(Path(app.outdir) / "publications.html")
    kinds = {e["id"]: e["data-type"] for e in page.select("div.publication")}
    assert kinds == {"pub-lovelace2020engine": "workshop", "pub-babbage2019notes": "journal",
                     "pub-lovelace2018preprint": "preprint"}
    options = [(o["value"], o.get_text()) for o in page.select("#pub-filter-area option")]
    assert options == [("", "All areas"), ("engines", "Engines"), ("notes", "Notes")]
    types = [o["value"] for o in page.select("#pub-filter-type option")]
    assert types == ["", "journal", "workshop", "preprint"]


BAD_PAPER_LINKS = {
    "unknown-key": ("{paper-links}`nobody2020: paper`", 'no refs.bib entry "nobody2020"'),
    "unknown-field": ("{paper-links}`lovelace2020engine: paper slidez`",
                      '"slidez" is not a link field'),
    "missing-field": ("{paper-links}`lovelace2020engine: slides`",
                      'has no "slides" field'),
    "no-fields": ("{paper-links}`lovelace2020engine`", "no field names after the key"),
}


@pytest.mark.parametrize("case", BAD_PAPER_LINKS)
def test_bad_paper_links_fail_with_location(tmp_path, case):
    markup, message = BAD_PAPER_LINKS[case]
    src = tmp_path / "src"
    shutil.copytree(PUBLICATIONS_ROOT, src)
    index = src / "index.md"
    index.write_text(index.read_text().replace(
        "{paper-links}`lovelace2020engine: paper code`", markup))
    result = sphinx_build(tmp_path / "out", srcdir=src, confdir=src)
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert f"index.md:3: WARNING: paper-links" in output
    assert message in output
    assert "[homepage.paper_links]" in output
    assert "Traceback" not in output


# -- al-folio -------------------------------------------------------------------

@pytest.mark.sphinx("html", testroot="alfolio")
def test_alfolio_papers_bib_renders_unchanged(app, warning):
    app.build()
    assert warning.getvalue() == ""
    out = Path(app.outdir)
    bib = parse_file(str(Path(app.srcdir) / "papers.bib")).entries
    page = soup(out / "publications.html")
    assert {e["id"].removeprefix("pub-") for e in page.select("div.publication")} == set(bib)
    for key in bib:
        assert (out / "publications" / f"{key}.html").is_file()
    text = page.get_text()
    # LaTeX accents and braces are text.
    assert "Über die von der molekularkinetischen Theorie der Wärme" in text
    assert "{" not in text and "\\" not in text
    entry = page.select_one('div.publication[id="pub-PhysRev.47.777"]')
    links = {a.get_text(): a["href"] for a in entry.select("a.pub-link")}
    assert links == {
        "Paper": "https://link.aps.org/doi/10.1103/PhysRev.47.777",
        "HTML": "https://journals.aps.org/pr/abstract/10.1103/PhysRev.47.777",
        "PDF": "_files/example_pdf.pdf",
        "DOI": "https://doi.org/10.1103/PhysRev.47.777",
        "Video": "https://www.youtube-nocookie.com/embed/aqz-KE-bpKQ",
    }
    # The local PDF is published, as al-folio does with assets/pdf.
    assert (out / "_files" / "example_pdf.pdf").read_bytes() == \
        (Path(app.srcdir) / "assets" / "pdf" / "example_pdf.pdf").read_bytes()
    paper = soup(out / "publications" / "PhysRev.47.777.html")
    assert paper.select_one('a.pub-link[href="../_files/example_pdf.pdf"]')
    assert "In a complete theory there is an element" in paper.select_one("#abstract").get_text()
    # award_name is the badge; the abbr is the venue badge.
    nobel = page.select_one('div.publication[id="pub-einstein1905photoelectriceffect"]')
    assert [b.get_text() for b in nobel.select(".pub-badge")] == ["Ann. Phys.’05", "Nobel Prize"]
    # The owner's name variants are highlighted; markup in fields is not rendered.
    meaning = page.select_one('div.publication[id="pub-einstein1950meaning"]')
    assert [s.get_text() for s in meaning.select(".pub-authors strong")] == ["Albert Einstein"]
    assert "<br>" not in paper.decode() and "preview" not in page.decode().lower()
    home = soup(out / "index.html")
    assert [a.get_text() for a in home.select(".selected-publications a")] == [
        "Can Quantum-Mechanical Description of Physical Reality Be Considered Complete?"]
