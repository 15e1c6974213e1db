"""The CV (``cv.py``, ``cvfacts.py``): the pure functions that read awards,
degrees and the profile; then the page and the PDF of the small
``test-robust`` root (its awards, education, talk and papers), built like
`make html`. The real site's CV is checked in test_site.py; incremental and
parallel builds in test_builds.py; bad input in test_bad_input.py."""

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from pypdf import PdfReader

from conftest import ROOT, sphinx_build
from sphinx_scholar.cv import link_text, profile_lines, profile_links, render_pdf
from sphinx_scholar.cvfacts import award_date, award_name, parse_degree
from sphinx_scholar.papers import month_number

ROBUST_ROOT = ROOT / "tests" / "roots" / "test-robust"
MAX_PDF_BYTES = 300_000


# -- pure functions -------------------------------------------------------------

@pytest.mark.parametrize("text, date, year", [
    ("NSF CAREER Award, 2020", "2020", 2020),
    ("SONY Faculty Award, 2017/2018", "2017/2018", 2018),
    ("Best paper award, FPGA'2017", "2017", 2017),
    ("Best paper award, ICLR’2016", "2016", 2016),
    ("First place, Visual Wake Words Challenge (June 2019)", "Jun 2019", 2019),
    ("2nd place (Xiangning), AutoML Challenge (Dec 2018)", "Dec 2018", 2018),
    ("Prize (Sept. 2001)", "Sep 2001", 2001),
])
def test_award_date(text, date, year):
    assert award_date(text) == (date, year)


@pytest.mark.parametrize("text, says", [
    ("NSF CAREER Award", "has no year"),
    ("Prize, 20", "has no year"),
    ("Prize (Agu 2020)", "cannot read the date"),
    ("Prize (Aug 20200)", "has no year"),
])
def test_award_date_says_what_to_write(text, says):
    with pytest.raises(ValueError, match=says) as error:
        award_date(text)
    assert "2020" in str(error.value)  # an example of what to write


@pytest.mark.parametrize("text, name", [
    ("NSF CAREER Award, 2020", "NSF CAREER Award"),
    ("SONY Faculty Award, 2017/2018", "SONY Faculty Award"),
    ("Best paper award, FPGA’2017", "Best paper award, FPGA’2017"),  # the year names the venue
    ("First place, Loom Challenge (Aug 2019)", "First place, Loom Challenge"),
])
def test_award_name(text, name):
    assert award_name(text) == name


def test_month_number():
    assert [month_number(m) for m in ("Aug", "aug.", "August", "Sept", "Ma", "Foo")] == \
        [8, 8, 8, 9, None, None]


@pytest.mark.parametrize("text, parts", [
    ("Ph.D. Stanford University, advised by Prof. Bill Dally",
     ("Ph.D.", "Stanford University", "advised by Prof. Bill Dally")),
    ("B.S. Tsinghua University", ("B.S.", "Tsinghua University", "")),
    ("PhD  ETH Zürich", ("PhD", "ETH Zürich", "")),
    ("M.Eng. MIT, 2010", ("M.Eng.", "MIT", "2010")),
])
def test_parse_degree(text, parts):
    assert parse_degree(text) == parts


@pytest.mark.parametrize("text, says", [
    ("Ph.D.", "has no institution"),
    ("Ph.D. , advised by someone", "has no institution"),
    ("Stanford University", "must start with the degree"),
])
def test_parse_degree_says_what_to_write(text, says):
    with pytest.raises(ValueError, match=says) as error:
        parse_degree(text)
    assert "Ph.D. Stanford University" in str(error.value)


def test_link_text():
    assert link_text("https://www.linkedin.com/in/songhanmit/") == "linkedin.com/in/songhanmit"
    assert link_text("https://scholar.google.com/citations?user=E0iCaa4AAAAJ") == \
        "scholar.google.com/citations?user=E0iCaa4AAAAJ"


def test_profile_from_schema_org_properties_only():
    person = {"jobTitle": "Professor",
              "affiliation": {"name": "Uni", "department": {"name": "Dept"}},
              "sameAs": ["https://a.org/me"],
              "memberOf": {"url": "https://lab.org/", "sameAs": ["https://code.org/lab",
                                                                 "javascript:alert(1)"]}}
    assert profile_lines(person) == ["Professor", "Dept, Uni"]
    assert profile_lines({}) == []  # nothing given, nothing made up
    assert profile_links(person, "https://me.org/") == [
        "https://me.org/", "https://a.org/me", "https://lab.org/", "https://code.org/lab"]


def minimal_data(**changes) -> dict:
    data = {"title": "T", "lang": "en", "paper": "a4",
            "labels": {"email": "Email", "education": "Education",
                       "publications": "Publications", "talks": "Talks", "et_al": "et al."},
            "profile": {"name": "Ada", "lines": [], "email": "", "links": []},
            "education": [], "awards": [], "publications": [], "talks": []}
    data.update(changes)
    return data


def pdf_text(pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "doc.pdf"
    path.write_bytes(pdf)
    return " ".join(subprocess.run(["pdftotext", str(path), "-"], capture_output=True,
                                   text=True, check=True).stdout.split())


def test_typst_markup_in_data_is_text(tmp_path):
    """Fields are data for the template, never Typst markup."""
    evil = '#set page(width: 1cm) *bold* $x^2$ <lab> @ref ] [ " \\ // not a comment'
    paper = {"key": "k", "authors": [{"name": evil, "owner": True}], "others": True,
             "title": evil, "venue": evil, "year": 2020, "notes": [evil], "url": "", "doi": ""}
    pdf = render_pdf(minimal_data(
        publications=[{"type": "other", "title": "Other", "items": [paper]}],
        profile={"name": evil, "lines": [evil], "email": evil, "links": []}))
    text = pdf_text(pdf, tmp_path)
    assert text.count("#set page(width: 1cm) *bold* $x^2$ <lab> @ref ] [") >= 5, text
    assert PdfReader(tmp_path / "doc.pdf").pages[0].mediabox.width > 500  # no 1cm page


# -- the small root's CV ----------------------------------------------------------

@pytest.fixture(scope="module")
def robust_cv(tmp_path_factory) -> Path:
    src = tmp_path_factory.mktemp("cv") / "src"
    shutil.copytree(ROBUST_ROOT, src)
    out = src.parent / "html"
    result = sphinx_build(out, "-d", str(src.parent / "doctrees"), srcdir=src, confdir=src)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr
    return out


def test_cv_page_shows_every_fact(robust_cv):
    soup = BeautifulSoup((robust_cv / "cv.html").read_text(encoding="utf-8"), "lxml")
    main = soup.select_one("div.body") or soup.body
    text = " ".join(main.get_text(" ").split())
    for fact in ["Ada Lovelace", "Analyst", "Analytical Society",
                 "ada [at] example [dot] org",
                 "Ph.D. University of London, advised by Augustus De Morgan",
                 "B.A. Home tuition", "Fellowship of the Analytical Society, 2020",
                 "Best paper award, ICM’2019", "First place, Loom Challenge (Aug 2019)",
                 "Honors", "Team awards", "The Analytical Engine", "Punched Cards for Looms",
                 "Feb 2019: Ada presented “Notes on the Engine” at the Royal Society"]:
        assert fact in text, fact
    # Sections in the page's order, papers grouped by type.
    headings = [h.get_text().strip("¶") for h in main.select("h2, h3")]
    assert headings[:3] == ["Education", "Awards", "Honors"]
    assert headings.index("Publications") < headings.index("Talks")
    # The owner in bold; titles link to the papers' pages; the PDF is linked.
    assert "Ada Lovelace" in [b.get_text() for b in main.select(".cv-paper strong")]
    links = {a["href"] for a in main.select("a[href]")}
    assert "publications/lovelace2020engine.html" in links
    assert "cv.pdf" in links
    assert (robust_cv / "cv.pdf").is_file()


def test_cv_pdf_text_and_metadata(robust_cv, tmp_path):
    pdf = robust_cv / "cv.pdf"
    text = pdf_text(pdf.read_bytes(), tmp_path)
    for fact in ["Ada Lovelace", "Analyst", "ada [at] example [dot] org", "Ph.D.",
                 "University of London", "Fellowship of the Analytical Society",
                 "Best paper award, ICM’2019", "Loom Challenge", "Aug 2019",
                 "The Analytical Engine", "Punched Cards for Looms",
                 "Notes on the Difference Engine", "Royal Society"]:
        assert fact in text, fact
    reader = PdfReader(pdf)
    assert reader.metadata.title == "Ada Lovelace: Curriculum Vitae"
    assert reader.metadata.author == "Ada Lovelace"
    assert "/CreationDate" not in reader.metadata  # equal inputs, equal bytes
    assert pdf.stat().st_size <= MAX_PDF_BYTES


def pdf_links(pdf: Path) -> list[str]:
    uris = []
    for page in PdfReader(pdf).pages:
        for annotation in page.get("/Annots") or []:
            action = annotation.get_object().get("/A")
            if action is not None and "/URI" in action:
                uris.append(str(action["/URI"]))
    return uris


def test_cv_pdf_links_open_the_site(robust_cv):
    links = pdf_links(robust_cv / "cv.pdf")
    base = "https://example.org/lab/"
    for key in ("lovelace2020engine", "jacquard2019loom", "babbage2018notes"):
        assert f"{base}publications/{key}.html" in links
    talks = [link for link in links if link.startswith(f"{base}news.html#2019-02")]
    assert len(talks) == 1, links
    assert base in links  # the homepage
    for link in links:
        assert link.startswith("https://"), link
        if link.startswith(base):  # a page of this site: it was built, with that anchor
            path, _, anchor = link.removeprefix(base).partition("#")
            page = robust_cv / (path or "index.html")
            assert page.is_file(), link
            if anchor:
                assert f'id="{anchor}"' in page.read_text(encoding="utf-8"), link


def test_cv_pdf_fonts_are_embedded(robust_cv):
    fonts = subprocess.run(["pdffonts", str(robust_cv / "cv.pdf")], capture_output=True,
                           text=True, check=True).stdout.splitlines()[2:]
    assert fonts, "no fonts listed"
    for line in fonts:
        # name, type..., then the columns emb sub uni: the embedded column is "yes"
        columns = re.split(r"\s+", line.strip())
        assert columns[-5] == "yes", line
