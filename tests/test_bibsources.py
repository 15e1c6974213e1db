"""Real-world BibTeX renders right (issue #13): the root ``test-bibsources``
holds a bib file in the style of each common source (Zotero with Better
BibTeX, JabRef, BibDesk, Google Scholar, DBLP, ACM DL, IEEE Xplore,
PubMed/EndNote, arXiv, an al-folio site, a biblatex thesis), a file per
LaTeX construct and one of odd layouts (CRLF, key on the next line,
parentheses, tabs, @string, @comment, @preamble, odd keys). Every entry is
written for this project. The root is built once, like ``make html``
(warnings are errors); each test reads the result."""

import json
import re
import shutil
import unicodedata
from pathlib import Path

import pytest
import rispy
from bs4 import BeautifulSoup
from pybtex.database import parse_string

from conftest import ROOT, sphinx_build

BIBSOURCES = ROOT / "tests" / "roots" / "test-bibsources"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("bibsources")
    # A copy: a build writes the paper pages' stubs into its source folder.
    project = out / "project"
    shutil.copytree(BIBSOURCES, project)
    result = sphinx_build(out / "html", "-d", str(out / "doctrees"), srcdir=project,
                          confdir=project)
    return result, out / "html"


@pytest.fixture(scope="module")
def html(built) -> Path:
    result, out = built
    assert result.returncode == 0, result.stderr
    return out


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")


def text(element) -> str:
    """Visible text, one line, no-break spaces as spaces, composed (NFC)."""
    return unicodedata.normalize("NFC", " ".join(element.get_text().split()))


@pytest.fixture(scope="module")
def listing(html) -> dict:
    page = soup(html / "publications.html")
    for toggle in page.select("details.pub-bibtex"):
        toggle.decompose()  # the BibTeX toggle shows the source, as written
    return {div["id"].removeprefix("pub-"): div for div in page.select("div.publication")}


def paper(html: Path, key: str) -> BeautifulSoup:
    name = re.sub(r"[^A-Za-z0-9._-]", "-", key)
    return soup(html / "publications" / f"{name}.html")


# key -> (title, authors as the list shows them, venue line, link buttons)
EXPECTED = {
    # Zotero (Better BibTeX): month macro, % in abstract and file, keywords
    "quellhorstSnowballEarthClimate2021": (
        "Snowball Earth Climate Dynamics in a Coupled Model",
        "Mira Quellhorst, Tamsin Okonkwo-Bauer, and Jürgen Ølstad",
        "GRL 2021 Geophysical Research Letters, 2021",
        {"Paper": "https://example.org/grl/2021/snowball",
         "DOI": "https://doi.org/10.5555/grl.2021.0042"}),
    # Zotero (biblatex): date only, unicode names, and others
    "quellhorstAlbedoFeedbacksLarge2020": (
        "Albedo Feedbacks in Large Ensembles",
        "Mira Quellhorst, Łucja Wąsowska, Émilie Þórsdóttir, et al.",
        "Proceedings of the EGU General Assembly, 2020", {}),
    # JabRef
    "Quellhorst2019": (
        "Brine Rejection under Arctic Sea Ice",
        "Mira Quellhorst, Dietrich Groß, and Åsa Strøm",
        "JOG 2019 Journal of Glaciology, 2019",
        {"DOI": "https://doi.org/10.5555/jog.2019.31"}),
    "Okonkwo2018": (
        "Melt Ponds – Observations and Models — a Review",
        "Tamsin Okonkwo-Bauer and Mira Quellhorst",
        "Proceedings of the International Glaciological Society Symposium, 2018", {}),
    # BibDesk: @string, tabs, month = 6
    "Quellhorst:2017aa": (
        "Mixed-Layer Heat Budgets of the Southern Ocean",
        "Mira Quellhorst and François Lévêque",
        "JGR 2017 Journal of Geophysical Research: Oceans, 2017",
        {"DOI": "https://doi.org/10.5555/jgr.2017.118"}),
    "Quellhorst:2016ab": (
        "Heat Transport beneath Ice Shelves", "Mira Quellhorst",
        "Handbook of Polar Oceanography, 2016", {}),
    # Google Scholar
    "quellhorst2022tidal": (
        "Tidal side channels in IoT buoys",
        "Mira Quellhorst, Thái Nguyễn, and Tamsin Okonkwo-Bauer",
        "31st USENIX Security Symposium (USENIX Security 22), 2022", {}),
    "quellhorst2021arxiv": (
        "Learning sea-ice rheology with graph networks", "Mira Quellhorst and Åsa Strøm",
        "arXiv preprint arXiv:2104.01234, 2021", {}),
    "okonkwo2015thesis": (
        "Frazil ice formation in polynyas", "Tamsin Okonkwo-Bauer",
        "University of Tromsø, 2015", {}),
    # DBLP
    "DBLP:conf/nips/QuellhorstOO20": (
        "Neural Emulators of Ocean Heat Uptake",
        "Mira Quellhorst, Tamsin Okonkwo-Bauer, and Jürgen Ølstad",
        "Advances in Neural Information Processing Systems 33: Annual Conference on Neural "
        "Information Processing Systems 2020, NeurIPS 2020, December 6-12, 2020, virtual, 2020",
        {"Paper": "https://proceedings.example.org/paper/2020/hash/0123456789abcdef-Abstract.html"}),
    "DBLP:journals/corr/abs-2101-00002": (
        "Sea-Ice Drift from SAR Imagery with Transformers", "Mira Quellhorst and Łucja Wąsowska",
        "CoRR, 2021", {"Paper": "https://arxiv.org/abs/2101.00002"}),
    # ACM DL
    "10.1145/3379337.3415899": (
        "Tide: Haptic Interfaces for Ocean Data",
        "Mira Quellhorst, Thái Nguyễn, and Siobhán Ní Bhriain",
        "Proceedings of the 33rd Annual ACM Symposium on User Interface Software and "
        "Technology, 2020", {"Paper": "https://doi.org/10.1145/3379337.3415899"}),
    "10.1145/3411764.3445001": (
        "Sonifying Sea Ice: Listening to the Arctic", "Thái Nguyễn and Mira Quellhorst",
        "ACM Trans. Comput.-Hum. Interact., 2021",
        {"Paper": "https://doi.org/10.1145/3411764.3445001"}),
    # IEEE Xplore (CRLF, empty fields)
    "9156789": (
        "Segmenting Leads in Sea Ice with Self-Supervision",
        "M. Quellhorst, T. Okonkwo-Bauer, and Ç. Yıldız",
        "2020 IEEE/CVF Conference on Computer Vision and Pattern Recognition (CVPR), 2020",
        {"DOI": "https://doi.org/10.1109/CVPR42600.2020.00001"}),
    "9312345": (
        "Passive Microwave Retrievals of Thin Ice SMOS", "M. Quellhorst and Z. Fairweather-Lisle",
        "IEEE Transactions on Geoscience and Remote Sensing, 2021",
        {"DOI": "https://doi.org/10.1109/TGRS.2021.3050001"}),
    # PubMed (quoted values) and EndNote
    "pmid33012345": (
        "Ice-algal blooms under thinning Arctic sea ice",
        "M. Quellhorst, D. Groß, and T. Okonkwo-Bauer", "Nat Geosci, 2021",
        {"DOI": "https://doi.org/10.5555/ngeo.2021.155"}),
    "RN42": (
        "Seasonal forecasts of Antarctic sea ice extent",
        "M. Quellhorst and Z. Fairweather-Lisle", "Journal of Climate, 2020",
        {"DOI": "https://doi.org/10.5555/jcli.2020.7901"}),
    # arXiv: nine authors in unicode, math in the title
    "quellhorst2023ocean": (
        "Ocean Heat Uptake in a 1.5°C World",
        "Mira Quellhorst, Tamsin Okonkwo-Bauer, Émilie Þórsdóttir, Łucja Wąsowska, "
        "Dietrich Groß, Åsa Strøm, Thái Nguyễn, Zoë Fairweather-Lisle, and Çağrı Yıldız",
        "2023", {"Paper": "https://arxiv.org/abs/2301.01234"}),
    # al-folio
    "quellhorst2022albedo": (
        "Albedo of Melting Snow on Sea Ice", "Mira Quellhorst and Tamsin Okonkwo-Bauer",
        "GRL 2022 Geophysical Research Letters, 2022. Featured on the cover OSPA",
        {"HTML": "https://example.org/grl/2022/albedo",
         "PDF": "https://example.org/grl/2022/albedo.pdf"}),
    # biblatex thesis bibliography
    "quellhorst2016thesis": (
        "Sea Ice, Brine and the Deep Ocean", "Mira Quellhorst", "Universität Bremen, 2016",
        {"DOI": "https://doi.org/10.5555/suub.2016.1"}),
    "quellhorst2012msc": (
        "Ice Crystal Fabrics in Drill Cores", "Mira Quellhorst", "University of Tromsø, 2012",
        {}),
    "quellhorst2015brine": (
        "Brine Channels as a Habitat", "Mira Quellhorst and Dietrich Groß",
        "Polar Biology, 2015", {}),
    "icemapper2019": (
        "IceMapper: Daily Sea-Ice Charts", "Polar Data Collective",
        "Polar Data Collective, 2019", {"Paper": "https://example.org/icemapper"}),
    "seaicekit2022": (
        "seaicekit", "Mira Quellhorst and Åsa Strøm", "Zenodo, 2022",
        {"Paper": "https://example.org/seaicekit"}),
    "floes2021": (
        "Floe Size Distributions from Drone Surveys", "Łucja Wąsowska and Mira Quellhorst",
        "PANGAEA, 2021", {"DOI": "https://doi.org/10.5555/pangaea.2021.9"}),
    "quellhorst2018report": (
        "Ice Charting Practices Survey", "Mira Quellhorst", "Norwegian Polar Office, 2018", {}),
    "polarreader2020": (
        "The Polar Oceans Reader", "Mira Quellhorst and Tamsin Okonkwo-Bauer (Eds.)",
        "Polar Press, 2020", {}),
    # every standard type
    "qtypes2019conference": ("A Conference Paper Typed the Old Way", "Mira Quellhorst",
                             "Proceedings of the Polar Conference, 2019", {}),
    "qtypes2019book": ("Sea Ice: A Primer", "Mira Quellhorst", "Polar Press, 2019", {}),
    "qtypes2019edited": ("Edited Volume on Leads", "Mira Quellhorst (Ed.)", "Polar Press, 2019",
                         {}),
    "qtypes2019inbook": ("Sea Ice: A Primer", "Mira Quellhorst", "Polar Press, 2019", {}),
    "qtypes2019proceedings": ("Proceedings of the Polar Workshop",
                              "Mira Quellhorst and Rich Roe (Eds.)", "Polar Press, 2019", {}),
    "qtypes2010masters": ("Ice Cores of the Fram Strait", "Mira Quellhorst",
                          "University of Kiel, 2010", {}),
    "qtypes2019techreport": ("Buoy Drift Statistics", "Mira Quellhorst",
                             "Norwegian Polar Office, 2019", {}),
    "qtypes2019booklet": ("Field Safety on Sea Ice", "Mira Quellhorst",
                          "Handed out at the field station, 2019", {}),
    "qtypes2019manual": ("Buoy Deployment Manual", "", "Norwegian Polar Office, 2019", {}),
    "qtypes2019unpublished": ("Notes on Frazil Ice", "Mira Quellhorst", "2019", {}),
    "qtypes2019misc": ("A Poster on Polynyas", "Mira Quellhorst et al.",
                       "Poster at the Polar Meeting, 2019", {}),
    # LaTeX
    "qlatex2020markup": (
        "Italic, Emphasis, Bold, Small Caps, mono and old style", "Mira Quellhorst",
        "Journal of Markup & Typesetting, 2020", {}),
    "qlatex2020links": ("Links: https://example.org/a_b%20c and the docs", "Mira Quellhorst",
                        "Linked Journal, 2020", {}),
    "qlatex2020math": ("Math: O(n log n) Melt, α-Ice and 10-3 Salinity at 1.5°C",
                       "Mira Quellhorst", "Numerical Journal, 2020", {}),
    "qlatex2020punct": ("Self-Similar Floes Revisited: 1990–2020 — a Review", "Mira Quellhorst",
                        "Journal of Dashes, 2020", {}),
    "qlatex2020accents": (
        "Accents in Every Spelling: ü ü ü í ß ø å ł",
        "Jörg Müller, Anna Müller, Karl Müller, Siobhán Ní, Dietrich Groß, Bjørn Ølstad, "
        "åse Åberg, and Lech Wałęsa", "Journal of Names, 2020", {}),
    "qlatex2020specials": ("Specials: R&D, $5, #1, snake_case and 50% Ice", "Mira Quellhorst",
                           "Special Journal, 2020", {}),
    "qlatex2020scholar": ("SIMBA: Ice Mass-Balance Buoys", "Mira Quellhorst",
                          "USENIX Annual Technical Conference, 2020", {}),
    # layouts
    "qlayout2019nextline": ("Key on the Next Line", "Mira Quellhorst", "Polar Research, 2019",
                            {}),
    "qlayout2019parens": ("Parentheses instead of Braces", "Mira Quellhorst",
                          "Polar Research, Series B, 2019", {}),
    "qlayout2019spaces": ("Spaces and Tabs around the Key", "Mira Quellhorst",
                          "Polar Research, 2019", {}),
    "Quellhorst:2019:Odd+Key.v2": ("An Odd Key", "Mira Quellhorst", "2019", {}),
    # {Okafor, Jude,} (Last, Jr) must not change how {Okafor, Jude} reads
    "qlayout2019lineage": ("A Name with a Lineage", "Okafor, Jude", "2019", {}),
    "qlayout2019notlineage": ("The Same Words, Last and First", "Jude Okafor and Rich Roe",
                              "2019", {}),
    "qlayout2018month6": ("Month as a Number", "Mira Quellhorst", "2018", {}),
    "qlayout2018monthname": ("Month as a Name", "Mira Quellhorst", "2018", {}),
}


def test_every_source_builds_without_a_warning(built):
    result, _ = built
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr and "Traceback" not in result.stderr, result.stderr


def test_every_entry_is_listed_once(listing):
    assert sorted(listing) == sorted([*EXPECTED, "quellhorst2020injection"])


@pytest.mark.parametrize("key", list(EXPECTED))
def test_entry_shows_title_names_venue_and_links(html, listing, key):
    title, authors, venue, links = EXPECTED[key]
    item = listing[key]
    assert text(item.select_one(".pub-title")) == title
    shown_authors = item.select_one(".pub-authors")
    assert (text(shown_authors) if shown_authors else "") == authors
    assert text(item.select_one(".pub-venue")) == venue
    assert {a.get_text(): a["href"] for a in item.select("a.pub-link")} == links
    page = paper(html, key)
    assert text(page.h1).rstrip("¶") == title
    assert text(page.title).startswith(title)
    on_page = page.select_one(".pub-authors")
    assert (text(on_page) if on_page else "") == authors
    assert {a.get_text(): a["href"] for a in page.select("a.pub-link")} == links
    # The citation names every author (or "et al."), in order, and the title.
    citation = text(page.select_one(".pub-citation"))
    assert title in citation
    assert citation.startswith(authors.replace(", and ", ", ").split(",")[0] if authors
                               else title)
    meta = [tag["content"] for tag in page.select('meta[name="citation_title"]')]
    assert meta == [title]


# -- nothing raw anywhere ------------------------------------------------------

#: What a page must never show: LaTeX, or HTML as text.
RAW = re.compile(r"[\\{}$]|<\s*/?\s*(b|i|em|strong|br|nobr|sup|sub|span|a)\b|&lt;|&gt;|"
                 r"javascript:|onerror|onclick", re.I)
#: The one "$" the data means ("\$5" in a title).
LEGITIMATE = ("$5",)


def raw_in(value: str) -> list[str]:
    for allowed in LEGITIMATE:
        value = value.replace(allowed, "")
    return RAW.findall(value) and [value]


def strings_of(data) -> list[str]:
    if isinstance(data, str):
        return [data]
    if isinstance(data, dict):
        return [s for value in data.values() for s in strings_of(value)]
    if isinstance(data, list):
        return [s for value in data for s in strings_of(value)]
    return []


def visible_text(page: BeautifulSoup) -> str:
    for hidden in page.select("script, style, pre, details.pub-bibtex, .highlight"):
        hidden.decompose()  # BibTeX/RIS blocks show the source, as written
    return page.get_text(" ")


def test_nothing_raw_on_any_page(html):
    pages = [html / "publications.html", html / "index.html", html / "news.html",
             html / "research.html", *sorted((html / "publications").glob("*.html"))]
    assert len(pages) > 50
    for path in pages:
        page = soup(path)
        leaks = raw_in(page.title.get_text()) or raw_in(visible_text(soup(path)))
        assert not leaks, (path.name, leaks)
        for tag in page.select("meta[content]"):
            assert not raw_in(tag["content"]), (path.name, tag)
        for script in page.select('script[type="application/ld+json"]'):
            data = json.loads(script.string)
            for value in strings_of(data):
                assert not raw_in(value), (path.name, value)


def test_nothing_raw_in_the_feed(html):
    feed = BeautifulSoup((html / "news.atom").read_text(encoding="utf-8"), "xml")
    entries = feed.find_all("entry")
    assert len(entries) == 2
    for entry in entries:
        assert not raw_in(entry.find("title").get_text())
        content = BeautifulSoup(entry.find("content").get_text(), "lxml")
        assert not raw_in(content.get_text(" ")), content
    shown = " ".join(entry.find("content").get_text() for entry in entries)
    assert "Quellhorst et al. [QOB+23]" in BeautifulSoup(shown, "lxml").get_text()


def test_nothing_raw_in_the_search_index(html):
    index = (html / "searchindex.js").read_text(encoding="utf-8")
    data = json.loads(index[index.index("(") + 1:index.rindex(")")])
    titles = data["titles"]
    assert "Ocean Heat Uptake in a 1.5°C World" in titles
    assert "Tidal side channels in IoT buoys" in titles
    for title in titles:
        assert not raw_in(title), title


# -- markup ----------------------------------------------------------------------

def test_latex_markup_is_html_in_pages_and_text_in_metadata(html, listing):
    title = listing["qlatex2020markup"].select_one(".pub-title")
    assert [e.get_text() for e in title.select("em")] == ["Italic", "Emphasis", "old"]
    assert [e.get_text() for e in title.select("strong")] == ["Bold"]
    assert [e.get_text() for e in title.select("code, tt")] == ["mono"]
    links = listing["qlatex2020links"].select_one(".pub-title")
    assert [(a.get_text(), a["href"]) for a in links.select("a[href^='https://example.org']")] \
        == [("https://example.org/a_b%20c", "https://example.org/a_b%20c"),
            ("the docs", "https://example.org/docs")]
    note = listing["qlatex2020links"].select_one(".pub-note")
    assert text(note) == "See no script" and note.find("a") is None  # no javascript: link
    math = listing["qlatex2020math"].select_one(".pub-title")
    assert [s.get_text() for s in math.select("sup")] == ["-3"]
    page = paper(html, "qlatex2020markup")
    assert page.find("meta", attrs={"name": "citation_title"})["content"] == \
        "Italic, Emphasis, Bold, Small Caps, mono and old style"
    assert page.find("meta", attrs={"name": "citation_journal_title"})["content"] == \
        "Journal of Markup & Typesetting"
    assert [e.get_text() for e in page.h1.select("em")] == ["Italic", "Emphasis", "old"]


def test_alfolio_html_fields_keep_their_inline_tags(html, listing):
    albedo = listing["quellhorst2022albedo"]
    note = albedo.select_one(".pub-note")
    assert [s.get_text() for s in note.select("strong")] == ["Editor's Pick"]
    annotation = albedo.select_one(".pub-annotation")
    assert [e.get_text() for e in annotation.select("em")] == ["*"]
    assert text(annotation) == "* Equal contribution † Corresponding author"
    assert [s.get_text() for s in albedo.select(".pub-venue strong")] == ["Featured"]
    page = paper(html, "quellhorst2022albedo")
    award = page.select_one("section#award p")
    assert text(award) == "Outstanding student paper honourable mention"
    assert [e.get_text() for e in award.select("em")] == ["honourable"]
    citation = page.select_one(".pub-citation")
    assert [s.get_text() for s in citation.select("strong")] == ["Mira Quellhorst",
                                                                 "Editor's Pick"]


def test_alfolio_html_fields_cannot_inject(html, listing):
    note = listing["quellhorst2020injection"].select_one(".pub-note")
    assert text(note) == "Oral talk and slides alert(1)"
    for page in (soup(html / "publications.html"), paper(html, "quellhorst2020injection")):
        assert not page.select("img[src=x]")
        assert not [attr for tag in page.find_all(True) for attr in tag.attrs
                    if attr.lower().startswith("on")]
        assert not page.select('a[href^="javascript"]')
        scripts = [s for s in page.find_all("script") if "alert" in (s.string or "")]
        assert scripts == []
    slides = listing["quellhorst2020injection"].select_one('.pub-note a')
    assert slides["href"] == "https://example.org/slides" and slides.get_text() == "slides"


# -- keywords and areas -----------------------------------------------------------

def test_ordinary_keywords_on_the_page_and_in_metadata(html, listing):
    page = paper(html, "quellhorstSnowballEarthClimate2021")
    assert text(page.select_one(".pub-keywords")) == "Keywords: snowball Earth, climate dynamics"
    keywords = [t["content"] for t in page.select('meta[name="citation_keywords"]')]
    assert keywords == ["snowball Earth", "climate dynamics"]
    data = json.loads(page.select_one('script[type="application/ld+json"]').string)
    assert data["keywords"] == ["snowball Earth", "climate dynamics"]
    # sea-ice is a research area: linked, not an ordinary keyword
    assert [a.get_text() for a in page.select("section#research-areas li a")] == ["Sea ice"]
    assert listing["quellhorstSnowballEarthClimate2021"]["data-areas"] == "sea-ice"
    # PubMed's MeSH terms have commas inside: split on semicolons
    pubmed = paper(html, "pmid33012345")
    assert [t["content"] for t in pubmed.select('meta[name="citation_keywords"]')] == [
        "Arctic Regions", "Ice Cover", "Models, Theoretical", "Seasons"]
    assert text(pubmed.select_one(".pub-keywords")) == \
        "Keywords: Arctic Regions; Ice Cover; Models, Theoretical; Seasons"
    # no keywords: no line
    assert paper(html, "qtypes2019book").select_one(".pub-keywords") is None
    research = soup(html / "research.html")
    assert [a.get_text() for a in research.select("#sea-ice ul.venue-tags a")] == [
        "GRL 2022, OSPA", "GRL 2021"]


# -- names -----------------------------------------------------------------------

def test_and_others_is_et_al_everywhere(html):
    key = "quellhorstAlbedoFeedbacksLarge2020"
    page = paper(html, key)
    names = ["Mira Quellhorst", "Łucja Wąsowska", "Émilie Þórsdóttir"]
    assert [t["content"] for t in page.select('meta[name="citation_author"]')] == names
    data = json.loads(page.select_one('script[type="application/ld+json"]').string)
    assert [author["name"] for author in data["author"]] == names
    description = page.find("meta", attrs={"name": "description"})["content"]
    assert "Mira Quellhorst, Łucja Wąsowska, Émilie Þórsdóttir et al." in description
    ris = rispy.loads((html / "publications" / f"{key}.ris").read_text(encoding="utf-8"))[0]
    assert [name.split(",")[0] for name in ris["authors"]] == ["Quellhorst", "Wąsowska",
                                                               "Þórsdóttir"]
    bibtex = (html / "publications" / f"{key}.bib").read_text(encoding="utf-8")
    assert "and others" in bibtex  # BibTeX keeps it, as BibTeX means it
    assert "others" not in text(page.select_one(".pub-citation"))


def test_editors_in_metadata_and_exports(html):
    page = paper(html, "polarreader2020")
    assert [t["content"] for t in page.select('meta[name="citation_editor"]')] == [
        "Mira Quellhorst", "Tamsin Okonkwo-Bauer"]
    data = json.loads(page.select_one('script[type="application/ld+json"]').string)
    assert [editor["name"] for editor in data["editor"]] == ["Mira Quellhorst",
                                                            "Tamsin Okonkwo-Bauer"]
    ris = rispy.loads((html / "publications" / "polarreader2020.ris").read_text())[0]
    assert ris["type_of_reference"] == "EDBOOK"
    assert ris["secondary_authors"] == ["Quellhorst, Mira", "Okonkwo-Bauer, Tamsin"]


def test_exports_keep_latex_in_bibtex_and_text_in_ris(html):
    bibtex = (html / "publications" / "qlatex2020accents.bib").read_text(encoding="utf-8")
    entry = parse_string(bibtex, "bibtex").entries["qlatex2020accents"]
    assert entry.fields["title"].startswith(r'Accents in Every Spelling: {\"u}')
    ris = rispy.loads((html / "publications" / "qlatex2020accents.ris").read_text())[0]
    assert ris["title"] == "Accents in Every Spelling: ü ü ü í ß ø å ł"
    assert ris["authors"][:3] == ["Müller, Jörg", "Müller, Anna", "Müller, Karl"]
    thesis = rispy.loads((html / "publications" / "quellhorst2016thesis.ris").read_text())[0]
    assert thesis["type_of_reference"] == "THES" and thesis["year"] == "2016"
    software = rispy.loads((html / "publications" / "seaicekit2022.ris").read_text())[0]
    assert software["type_of_reference"] == "COMP"


# -- months, types ---------------------------------------------------------------

@pytest.mark.parametrize("key, written, shown, date", [
    ("qlayout2019notlineage", "month = jun", "June 2019", "2019/06"),
    ("Quellhorst2019", "month = {jun}", "June 2019", "2019/06"),
    ("Okonkwo2018", "month = {June}", "June 2018", "2018/06"),
    ("qlayout2018month6", "month = 6", "June 2018", "2018/06"),
    ("Quellhorst:2017aa", "month = 6 (BibDesk)", "June 2017", "2017/06"),
    ("pmid33012345", 'Month="Mar"', "March 2021", "2021/03"),
    ("quellhorst2016thesis", "date = {2016-11-04}", "November 2016", "2016/11"),
])
def test_months_are_full_names(html, key, written, shown, date):
    page = paper(html, key)
    assert shown in text(page.select_one(".pub-citation")), written
    assert page.find("meta", attrs={"name": "citation_publication_date"})["content"] == date


def test_entry_types_render_with_their_fields(html, listing):
    citations = {key: text(paper(html, key).select_one(".pub-citation")) for key in (
        "quellhorst2016thesis", "quellhorst2012msc", "qtypes2010masters", "okonkwo2015thesis",
        "quellhorst2018report", "qtypes2019techreport", "seaicekit2022", "qtypes2019book",
        "qtypes2019inbook", "Quellhorst:2016ab", "qtypes2019proceedings", "qtypes2019edited")}
    assert citations["quellhorst2016thesis"] == (
        "Mira Quellhorst. Sea Ice, Brine and the Deep Ocean. PhD thesis, Universität Bremen, "
        "Bremen, November 2016.")
    assert "Master's thesis, University of Tromsø, 2012" in citations["quellhorst2012msc"]
    assert "Master's thesis, University of Kiel, 2010" in citations["qtypes2010masters"]
    assert "PhD thesis, University of Tromsø, 2015" in citations["okonkwo2015thesis"]
    assert "Technical report NPO-2018-7, Norwegian Polar Office, August 2018" in \
        citations["quellhorst2018report"]
    assert "Technical Report 7, Norwegian Polar Office, 2019" in citations["qtypes2019techreport"]
    assert citations["seaicekit2022"] == (
        "Mira Quellhorst and Åsa Strøm. seaicekit. Version 2.1.0. Zenodo, March 2022.")
    assert "Polar Press, Tromsø, second edition, 2019" in citations["qtypes2019book"]
    assert "chapter 3, pages 40–61" in citations["qtypes2019inbook"]
    assert "In Çağrı Yildiz and Zoë Fairweather-Lisle (Eds.), Handbook of Polar Oceanography" \
        in citations["Quellhorst:2016ab"]
    assert citations["qtypes2019proceedings"].startswith("Mira Quellhorst and Rich Roe (Eds.).")
    assert citations["qtypes2019edited"].startswith("Mira Quellhorst (Ed.). Edited Volume")
    kinds = {key: item["data-type"] for key, item in listing.items()}
    assert kinds["quellhorst2016thesis"] == kinds["qtypes2010masters"] == "thesis"
    assert kinds["quellhorst2018report"] == kinds["qtypes2019techreport"] == "report"
    assert kinds["seaicekit2022"] == kinds["floes2021"] == "software"
    assert kinds["qtypes2019book"] == kinds["polarreader2020"] == "book"
    assert kinds["qtypes2019conference"] == "conference"
    assert kinds["quellhorst2023ocean"] == kinds["quellhorst2021arxiv"] == "preprint"
    assert kinds["qtypes2019misc"] == "other"
    options = [(o["value"], o.get_text()) for o in soup(html / "publications.html").select(
        "#pub-filter-type option")]
    assert options == [("", "All types"), ("conference", "Conference"), ("journal", "Journal"),
                       ("workshop", "Workshop"), ("preprint", "Preprint"), ("book", "Book"),
                       ("thesis", "Thesis"), ("report", "Report"),
                       ("software", "Software and data"), ("other", "Other")]


def test_citations_in_news_name_people_not_latex(html):
    news = soup(html / "news.html")
    cited = [text(span) for span in news.select("span.bibtex-citation")]
    # Labels from the names as text (not "QOkonkwoBauerOlstad20" from Okonkwo{-}Bauer)
    assert cited == ["Quellhorst et al. [QOB+23]", "[QOB20]", "[QNOB22]"]
    for span in news.select("span.bibtex-citation a"):
        assert not raw_in(span.get("title", "")), span


def test_percent_is_a_percent_sign_and_unshown_fields_are_ignored(html, listing):
    """Zotero's abstract says "5%" and its file field "Chapter%20One.pdf";
    JabRef's groups "100% mine", BibDesk's bdsk-url "118%20full"."""
    key = "quellhorstSnowballEarthClimate2021"
    abstract = ("The coupled model improves by 5% over the slab-ocean baseline, and sea ice "
                "reaches 10% lower latitudes.")
    page = paper(html, key)
    assert text(page.select_one("section#abstract p")) == abstract
    assert text(listing[key].select_one("details.pub-abstract p")) == abstract
    data = json.loads(page.select_one('script[type="application/ld+json"]').string)
    assert data["abstract"] == abstract
    everything = (html / "publications.html").read_text(encoding="utf-8")
    for unshown in ("Chapter%20One", "100% mine", "118%20full", "bdsk", "Zotero/storage"):
        assert unshown not in everything
