"""Publications: filter data, Cite blocks with BibTeX/RIS exports, the
{paper-links} role, entries as al-folio shows them (abstract and BibTeX
toggles, preview, note, award), short venue names, page names of any key,
citations with labels, and an al-folio papers.bib rendered unchanged."""

import collections
import hashlib
import re
import shutil
from pathlib import Path

import pytest
import rispy
from bs4 import BeautifulSoup
from pybtex.database import parse_file, parse_string

from conftest import ROOT, copied_root, sphinx_build

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


MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]


def newest_first(entries) -> list:
    """The order the issue asks for: newest year first; within a year the
    newest month first (an entry without a month after those with one),
    then by title: stable and readable."""
    def key(entry):
        month = entry.fields.get("month", "")[:3].lower()
        return (-int(entry.fields["year"]),
                -(MONTHS.index(month) + 1 if month in MONTHS else 0),
                entry.fields["title"].lower(), entry.key)
    return sorted(entries, key=key)


def test_publications_grouped_by_year_newest_first_in_a_stable_order(site, bib):
    page = soup(site / "publications.html")
    sections = page.select('section[id^="year-"]')
    years = [section["id"].removeprefix("year-") for section in sections]
    assert years == sorted({e.fields["year"] for e in bib.values()}, reverse=True)
    for section, year in zip(sections, years):
        assert section.h2.get_text().rstrip("¶") == year
        listed = [div["id"].removeprefix("pub-") for div in section.select("div.publication")]
        expected = [e.key for e in newest_first(bib.values()) if e.fields["year"] == year]
        assert listed == expected, year
    # e.g. 2020: June's papers before February's, each month by title.
    in_2020 = [div["id"].removeprefix("pub-") for div in page.select("#year-2020 div.publication")]
    assert in_2020.index("wang2020apq") < in_2020.index("wu2020lite")  # jun < feb


def test_oral_and_spotlight_badges_in_the_list(site, bib):
    page = soup(site / "publications.html")
    shown = {}
    for div in page.select("div.publication"):
        badges = [b.get_text() for b in div.select(".pub-badge-presentation")]
        shown[div["id"].removeprefix("pub-")] = badges
    expected = {key: [e.fields["presentation"].capitalize()] if "presentation" in e.fields else []
                for key, e in bib.items()}
    assert shown == expected
    assert shown["wang2019haq"] == ["Oral"] and shown["liu2019pvcnn"] == ["Spotlight"]


def test_paper_pages_link_back_to_their_research_areas(site, bib):
    research = soup(site / "research.html")
    checked = 0
    for key, entry in bib.items():
        areas = [a.strip() for a in entry.fields.get("keywords", "").split(",") if a.strip()]
        paper = soup(site / "publications" / f"{key}.html")
        links = paper.select("section#research-areas li a")
        assert len(links) == len(areas), key
        for link, area in zip(links, areas):
            target, _, anchor = link["href"].partition("#")
            assert target == "../research.html", link
            section = research.find(id=anchor)
            assert section is not None and section.name == "section", link
            # The anchor is the section of that area: its heading, its tags.
            assert section.h2.get_text().rstrip("¶") == link.get_text()
            tags = section.select_one("ul.venue-tags")
            assert tags.find("a", href=f"publications/{key}.html"), (key, area)
            checked += 1
    assert checked >= 15


def test_selected_publications_on_the_home_page_in_order(site, bib):
    home = soup(site / "index.html")
    links = home.select("ul.selected-publications a")
    selected = [e for e in newest_first(bib.values())
                if e.fields.get("selected", "").lower() == "true"]
    assert len(selected) >= 10
    assert [a["href"] for a in links] == [f"publications/{e.key}.html" for e in selected]
    assert [a.get_text() for a in links] == [text_of(e, "title") for e in selected]
    # Compact: a line per paper, no abstract, authors or buttons.
    listing = home.select_one("ul.selected-publications")
    assert not listing.select("details, .pub-authors, .pub-links")


def test_arxiv_button_from_eprint_unless_the_url_is_that_page(site, bib):
    page = soup(site / "publications.html")
    with_eprint = 0
    for key, entry in bib.items():
        div = page.select_one(f'div.publication[id="pub-{key}"]')
        buttons = [(a.get_text(), a["href"]) for a in div.select("a.pub-link")]
        hrefs = [href for _, href in buttons]
        assert len(hrefs) == len(set(hrefs)), key  # no two buttons to one address
        if entry.fields.get("archiveprefix", "").lower() != "arxiv":
            continue
        with_eprint += 1
        abstract = f"https://arxiv.org/abs/{entry.fields['eprint']}"
        arxiv = [href for label, href in buttons if label == "arXiv"]
        if entry.fields["url"] == abstract:
            assert arxiv == [], key  # the Paper button already is that page
        else:
            assert arxiv == [abstract], key
    assert with_eprint >= 20
    hat = page.select_one('div.publication[id="pub-wang2020hat"]')
    assert [a.get_text() for a in hat.select("a.pub-link")][:2] == ["Paper", "arXiv"]


def test_venue_tags_agree_on_every_page(site):
    """Paper pages are written at html-collect-pages, after SmartQuotes ran
    on the documents: the tags themselves carry the typographic apostrophe."""
    listed = soup(site / "publications.html").select_one('div[id="pub-han2016deep"] .pub-badge')
    paper = soup(site / "publications" / "han2016deep.html").select_one(".pub-badge-venue")
    home = soup(site / "index.html").select_one("ul.selected-publications").get_text()
    assert listed.get_text() == paper.get_text() == "ICLR’16"
    assert "(ICLR’16, BP)" in home and "'" not in home


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
                     "pub-lovelace2018preprint": "preprint",
                     "pub-DBLP:conf/iclr/Lovelace21": "conference"}
    options = [(o["value"], o.get_text()) for o in page.select("#pub-filter-area option")]
    assert options == [("", "All areas"), ("engines", "Engines"), ("notes", "Notes")]
    types = [o["value"] for o in page.select("#pub-filter-type option")]
    assert types == ["", "conference", "journal", "workshop", "preprint"]


@pytest.mark.sphinx("html", testroot="publications")
def test_citations_show_labels_and_link_to_paper_pages(app, warning):
    """The root uses sphinxcontrib-bibtex's "label" referencing style: labels
    come from our pybtex label plugin (alpha-like), not the raw keys."""
    app.build()
    assert warning.getvalue() == ""
    page = soup(Path(app.outdir) / "index.html")
    parenthetical, textual = page.select("span.bibtex-citation")
    assert parenthetical.get_text() == "[LB20]"
    assert parenthetical.a["href"] == "publications/lovelace2020engine.html"
    assert textual.get_text() == "Babbage and Lovelace [BL19]"  # {cite:t}
    assert textual.a["href"] == "publications/babbage2019notes.html"
    from pybtex.plugin import find_plugin
    from sphinx_scholar.style import HomepageLabelStyle
    assert find_plugin("pybtex.style.labels", "homepage") is HomepageLabelStyle
    assert isinstance(find_plugin("pybtex.style.formatting", "homepage")().label_style,
                      HomepageLabelStyle)


def test_a_page_formats_each_citation_once(make_app, tmp_path, monkeypatch):
    """sphinxcontrib-bibtex's style formats a citation's text once per page
    and target (a news page cites one paper many times); every place still
    shows it, with its own link, as a page citing it once does."""
    from sphinx_scholar import citations

    srcdir = copied_root("test-publications", tmp_path)
    index = srcdir / "index.md"
    index.write_text(index.read_text(encoding="utf-8") + "\nAgain {cite:p}`lovelace2020engine`, "
                     "{cite:t}`babbage2019notes` and {cite:p}`lovelace2020engine`.\n",
                     encoding="utf-8")
    research = srcdir / "research.md"
    research.write_text(research.read_text(encoding="utf-8")
                        + "\nSee {cite:p}`lovelace2020engine`.\n", encoding="utf-8")
    (srcdir / "notes").mkdir()
    (srcdir / "notes" / "more.md").write_text(
        "---\norphan: true\n---\n\n# More\n\nSee {cite:p}`lovelace2020engine`.\n",
        encoding="utf-8")
    formatted = []
    original = citations.format_references

    def counting(style, typ, references):
        formatted.append((typ, references[0][2].fromdocname,
                          tuple(entry.key for entry, *_ in references)))
        return original(style, typ, references)

    monkeypatch.setattr(citations, "format_references", counting)
    app = make_app("html", srcdir=srcdir, freshenv=True)
    app.build()
    assert app.statuscode == 0
    assert sorted(formatted) == [("p", "index", ("lovelace2020engine",)),
                                 ("p", "notes/more", ("lovelace2020engine",)),
                                 ("p", "research", ("lovelace2020engine",)),
                                 ("t", "index", ("babbage2019notes",))]
    page = soup(Path(app.outdir) / "index.html")
    shown = [(cite.get_text(), cite.a["href"]) for cite in page.select("span.bibtex-citation")]
    engine = ("[LB20]", "publications/lovelace2020engine.html")
    notes = ("Babbage and Lovelace [BL19]", "publications/babbage2019notes.html")
    assert shown == [engine, notes, engine, notes, engine]
    research_page = soup(Path(app.outdir) / "research.html")
    assert [cite.get_text() for cite in research_page.select("span.bibtex-citation")] == ["[LB20]"]
    deeper = soup(Path(app.outdir) / "notes" / "more.html")
    assert [(cite.get_text(), cite.a["href"]) for cite in deeper.select("span.bibtex-citation")] \
        == [("[LB20]", "../publications/lovelace2020engine.html")]


def test_a_venue_tag_is_worked_out_once_per_paper(make_app, tmp_path, monkeypatch):
    """The research page shows each paper's tag twice (the tags line, the
    titles), the lists and citations once more: the tag is made once a build,
    and only through the build's state (no module asks ``papers`` itself)."""
    from sphinx_scholar import areas, citations, publications, state

    assert not any(hasattr(module, "venue_tag") for module in (areas, citations, publications))

    made = collections.Counter()
    original = state.venue_tag

    def counting(entry, site):
        made[entry.key] += 1
        return original(entry, site)

    monkeypatch.setattr(state, "venue_tag", counting)
    srcdir = copied_root("test-publications", tmp_path)
    app = make_app("html", srcdir=srcdir, freshenv=True)
    app.build()
    assert app.statuscode == 0
    research = soup(Path(app.outdir) / "research.html")
    tags = [tag.get_text() for tag in research.select(".venue-tags a")]
    titled = [tag.get_text() for tag in research.select(".area-paper-venue")]
    assert tags and sorted(tags) == sorted(titled)
    assert set(made.values()) == {1} and set(made) >= {"lovelace2020engine", "babbage2019notes"}


def test_an_unknown_citation_warns_at_each_place(make_app, tmp_path):
    """A citation that cannot be resolved is not kept: each place it is
    written is reported, with its own line."""
    srcdir = copied_root("test-publications", tmp_path)
    index = srcdir / "index.md"
    lines = index.read_text(encoding="utf-8").count("\n")
    index.write_text(index.read_text(encoding="utf-8")
                     + "\nFirst {cite:p}`nobody1999`.\n\nSecond {cite:p}`nobody1999`.\n",
                     encoding="utf-8")
    app = make_app("html", srcdir=srcdir, freshenv=True)
    app.build()
    unknown = [line for line in app.warning.getvalue().splitlines() if '"nobody1999"' in line]
    assert [line.split(": WARNING")[0].rsplit(":", 1)[-1] for line in unknown] == \
        [str(lines + 2), str(lines + 4)]


@pytest.mark.sphinx("html", testroot="publications")
def test_entries_as_written_in_refs_bib(app, warning):
    """Braces are text, the owner's name variants are highlighted, the note
    is shown, eprint gives an arXiv button (never a second one)."""
    app.build()
    assert warning.getvalue() == ""
    page = soup(Path(app.outdir) / "publications.html")

    def entry(key):
        return page.select_one(f'div.publication[id="pub-{key}"]')

    engine = entry("lovelace2020engine")
    assert engine.select_one(".pub-title").get_text() == "An Analytical Engine for GANs"
    for bibtex in page.select("details.pub-bibtex"):
        bibtex.decompose()  # BibTeX is shown as it is written
    assert "{" not in page.select_one("div.body").get_text()
    assert [s.get_text() for s in engine.select(".pub-authors strong")] == ["Ada Lovelace"]
    preprint = entry("lovelace2018preprint")
    assert [s.get_text().replace("\xa0", " ") for s in preprint.select(".pub-authors strong")] \
        == ["A. Lovelace"]
    notes = entry("babbage2019notes")
    assert notes.select_one(".pub-note").get_text() == "Invited paper"
    assert engine.select_one(".pub-note") is None
    assert [(a.get_text(), a["href"]) for a in notes.select("a.pub-link")] == [
        ("arXiv", "https://arxiv.org/abs/1901.00002"), ("DOI", "https://doi.org/10.1000/notes.2019")]
    # url is the arXiv page (another version of it): one button.
    assert [(a.get_text(), a["href"]) for a in preprint.select("a.pub-link")] == [
        ("Paper", "https://arxiv.org/abs/1801.00001v2")]


@pytest.mark.sphinx("html", testroot="publications")
def test_abstract_and_bibtex_toggles_in_the_list_only(app):
    app.build()
    out = Path(app.outdir)
    page = soup(out / "publications.html")
    engine = page.select_one('div.publication[id="pub-lovelace2020engine"]')
    toggles = engine.select("details.pub-toggle")
    assert [t.summary.get_text() for t in toggles] == ["Abstract", "BibTeX"]
    assert all(not t.has_attr("open") for t in toggles)  # closed until asked for
    assert toggles[0].p.get_text() == "We describe an engine that weaves algebraic patterns."
    shown = parse_string(toggles[1].pre.get_text(), "bibtex").entries["lovelace2020engine"]
    assert shown.fields["title"] == "An Analytical Engine for {GAN}s"
    # No abstract, no bibtex_show: nothing to toggle.
    notes = page.select_one('div.publication[id="pub-babbage2019notes"]')
    assert notes.select("details") == []
    # Not on the home page's short list, nor twice on the paper's page.
    assert soup(out / "index.html").select("details") == []
    paper = soup(out / "publications" / "lovelace2020engine.html")
    assert paper.select("details") == []
    assert "weaves algebraic patterns" in paper.select_one("section#abstract").get_text()


@pytest.mark.sphinx("html", testroot="publications")
def test_preview_image_when_the_file_exists(app, warning):
    app.build()
    assert warning.getvalue() == ""  # missing.png: silently ignored
    out = Path(app.outdir)
    page = soup(out / "publications.html")
    images = page.select("img.pub-preview")
    assert len(images) == 1
    image = images[0]
    assert image.find_parent("div", class_="publication")["id"] == "pub-lovelace2020engine"
    assert image["alt"] == "" and image["loading"] == "lazy"  # decorative: the title is beside it
    source = Path(app.srcdir) / "assets" / "img" / "publication_preview" / "engine.png"
    assert (out / image["src"]).read_bytes() == source.read_bytes()
    assert "missing.png" not in page.decode()


@pytest.mark.sphinx("html", testroot="publications")
def test_award_text_on_the_paper_page(app):
    app.build()
    out = Path(app.outdir)
    listed = soup(out / "publications.html").select_one(
        'div.publication[id="pub-lovelace2020engine"]')
    assert [b.get_text() for b in listed.select(".pub-badge-award")] == ["Best Paper Award"]
    paper = soup(out / "publications" / "lovelace2020engine.html")
    assert [b.get_text() for b in paper.select(".pub-badge-award")] == ["Best Paper Award"]
    assert paper.select_one("section#award p").get_text() == (
        "Chosen by the committee for its General method of computation, and its öther merits")
    assert soup(out / "publications" / "babbage2019notes.html").select("section#award") == []


@pytest.mark.sphinx("html", testroot="publications")
def test_short_venue_names_from_homepage_venues(app, warning):
    app.build()
    assert warning.getvalue() == ""
    out = Path(app.outdir)
    notes = soup(out / "publications.html").select_one(
        'div.publication[id="pub-babbage2019notes"]')
    assert [b.get_text() for b in notes.select(".pub-badge-venue")] == ["JM 2019"]
    research = soup(out / "research.html")
    assert [a.get_text() for a in research.select("#notes ul.venue-tags a")] == ["JM 2019"]
    assert [a.get_text() for a in research.select("#engines ul.venue-tags a")] == [
        "WE 2020 Workshop, Best Paper Award", "JM 2019"]
    # Without a short name, no badge: never the entry type ("article 2018").
    preprint = soup(out / "publications.html").select_one(
        'div.publication[id="pub-lovelace2018preprint"]')
    assert preprint.select(".pub-badge-venue") == []
    assert "article" not in soup(out / "publications.html").select_one("div.body").get_text()


def test_research_tag_without_short_venue_warns(tmp_path):
    src = tmp_path / "src"
    shutil.copytree(PUBLICATIONS_ROOT, src)
    conf = src / "conf.py"
    conf.write_text(conf.read_text().replace('homepage_venues = {"Journal of Machines": "JM"}',
                                             ""))
    result = sphinx_build(tmp_path / "out", srcdir=src, confdir=src)
    assert result.returncode != 0
    messages = re.findall(r"^(.*?): WARNING: (.*)$", result.stderr, re.M)
    line = (src / "refs.bib").read_text().splitlines().index("@article{babbage2019notes,") + 1
    assert messages == [(f"{src / 'refs.bib'}:{line}", messages[0][1])], result.stderr
    text = messages[0][1]
    assert 'entry "babbage2019notes"' in text and "abbr" in text and "homepage_venues" in text
    assert '"Journal of Machines"' in text and text.endswith("[homepage.bib_abbr]")
    tags = soup(tmp_path / "out" / "research.html").select("#notes ul.venue-tags a")
    assert [a.get_text() for a in tags] == ["2019"]
    assert "Traceback" not in result.stdout + result.stderr


@pytest.mark.sphinx("html", testroot="publications")
def test_keys_with_slashes_and_colons_get_a_flat_page(app, warning):
    app.build()
    assert warning.getvalue() == ""
    out = Path(app.outdir)
    key, name = "DBLP:conf/iclr/Lovelace21", "DBLP-conf-iclr-Lovelace21"
    assert not (out / "publications" / "DBLP:conf").exists()
    assert not (out / "publications" / "DBLP-conf").exists()
    listed = soup(out / "publications.html").select_one(f'div.publication[id="pub-{key}"]')
    assert listed.select_one(".pub-title a")["href"] == f"publications/{name}.html"
    paper = soup(out / "publications" / f"{name}.html")
    assert paper.h1.get_text().rstrip("¶") == "Keys with Slashes and Colons"
    downloads = [a["href"] for a in paper.select("a.cite-download")]
    assert downloads == [f"./{name}.bib", f"./{name}.ris"]  # never read as a URL scheme
    bibtex = (out / "publications" / f"{name}.bib").read_text(encoding="utf-8")
    assert key in parse_string(bibtex, "bibtex").entries
    assert bibtex == paper.select_one("pre#cite-bibtex").get_text()
    assert (out / "publications" / f"{name}.ris").is_file()


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
    assert "index.md:3: WARNING: paper-links" in output
    assert message in output
    assert "[homepage.paper_links]" in output
    assert "Traceback" not in output


# -- al-folio -------------------------------------------------------------------

#: tests/roots/test-alfolio/papers.bib is upstream al-folio's example
#: ``_bibliography/papers.bib`` byte for byte, at commit
#: 4df79f856dadefe246ec359b9052195dcc2f9392 of alshedivat/al-folio (kept free
#: of any comment of ours, so that it stays the user's file unchanged). It has
#: an http:// url, an @article without a journal, venues ending with a comma,
#: preview images the site does not have, and a local pdf, which the root
#: has in assets/pdf/ as al-folio's repository does.
ALFOLIO_SHA256 = "e594e5746691754228702b8fcd3a42a111021f4494cc204e57b7f165c5bf2584"


@pytest.mark.sphinx("html", testroot="alfolio")
def test_alfolio_papers_bib_renders_unchanged(app, warning):
    bib_path = Path(app.srcdir) / "papers.bib"
    assert hashlib.sha256(bib_path.read_bytes()).hexdigest() == ALFOLIO_SHA256
    app.build()
    assert warning.getvalue() == ""
    out = Path(app.outdir)
    bib = parse_file(str(bib_path)).entries
    assert len(bib) == 7
    page = soup(out / "publications.html")
    listed = {e["id"].removeprefix("pub-"): e for e in page.select("div.publication")}
    assert set(listed) == set(bib)
    for key, entry in bib.items():
        assert listed[key].select_one(".pub-title").get_text() == text_of(entry, "title")
        paper = soup(out / "publications" / f"{key}.html")
        assert paper.h1.get_text().rstrip("¶") == text_of(entry, "title")
    text = " ".join(div.get_text() for div in page.select(
        "div.publication > p"))  # not the BibTeX toggles, which show the source
    # LaTeX accents and braces are text; venues lose al-folio's trailing comma.
    assert "Über die von der molekularkinetischen Theorie der Wärme" in text
    assert "{" not in text and "\\" not in text
    assert ",," not in text and ", ," not in text
    assert " ".join(listed["einstein1950meaning"].select_one(".pub-venue").get_text().split()) \
        == "AJP 1950 American Journal of Physics, 1950"
    # An @article without a journal: listed without a venue, not dropped.
    electrodynamics = listed["einstein1905electrodynamics"]
    assert electrodynamics.select_one(".pub-venue").get_text() == "1905"
    citation = soup(out / "publications" / "einstein1905electrodynamics.html").select_one(
        ".pub-citation").get_text().replace("\xa0", " ")
    assert citation == "A. Einstein. On the electrodynamics of moving bodies. 1905."
    # Link buttons, the http:// url as written.
    links = {a.get_text(): a["href"] for a in listed["PhysRev.47.777"].select("a.pub-link")}
    assert links == {
        "Paper": "http://link.aps.org/doi/10.1103/PhysRev.47.777",
        "HTML": "https://journals.aps.org/pr/abstract/10.1103/PhysRev.47.777",
        "PDF": "_files/example_pdf.pdf",
        "DOI": "https://doi.org/10.1103/PhysRev.47.777",
    }
    # The local PDF is published, as al-folio does with assets/pdf.
    assert (out / "_files" / "example_pdf.pdf").read_bytes() == \
        (Path(app.srcdir) / "assets" / "pdf" / "example_pdf.pdf").read_bytes()
    paper = soup(out / "publications" / "PhysRev.47.777.html")
    assert paper.select_one('a.pub-link[href="../_files/example_pdf.pdf"]')
    assert "In a complete theory there is an element" in paper.select_one("#abstract").get_text()
    for link in paper.select("a.cite-download"):  # keys with dots keep their downloads
        assert (out / "publications" / link["href"]).is_file(), link["href"]
    # al-folio's ABS and BIB buttons: the abstract, and BibTeX with bibtex_show.
    toggles = {key: [t.summary.get_text() for t in div.select("details")]
               for key, div in listed.items()}
    assert toggles == {key: (["Abstract"] if "abstract" in entry.fields else [])
                       + (["BibTeX"] if entry.fields.get("bibtex_show") == "true" else [])
                       for key, entry in bib.items()}
    assert toggles["PhysRev.47.777"] == ["Abstract"]
    # preview images the site does not have: ignored, silently.
    assert page.select("img") == [] and not (out / "_images").exists()
    # The abbr is the venue badge.
    assert [b.get_text() for b in listed["einstein1905movement"].select(".pub-badge")] == \
        ["Ann. Phys. 1905"]
    # The owner's name variants are highlighted: "Albert Einstein", "A. Einstein".
    for key, entry in bib.items():
        strong = [s.get_text().replace("\xa0", " ") for s in
                  listed[key].select(".pub-authors strong")]
        assert strong == ["Albert Einstein" if "Albert" in str(entry.persons["author"][0])
                          else "A. Einstein"], key
    home = soup(out / "index.html")
    assert [a.get_text() for a in home.select(".selected-publications a")] == [
        "Can Quantum-Mechanical Description of Physical Reality Be Considered Complete?"]


def test_area_shown_on_other_pages_follows_a_rename(tmp_path):
    """The research areas are declared on the research page; the home page's
    research interests and the publications filter show them. Renaming an
    area there reaches both on an incremental build, as a clean build shows."""
    src, out, clean = tmp_path / "src", tmp_path / "out", tmp_path / "clean"
    shutil.copytree(PUBLICATIONS_ROOT, src)
    index = src / "index.md"
    index.write_text(index.read_text().replace(
        "```{toctree}", ":::{research-interests}\n:::\n\n```{toctree}"))
    assert sphinx_build(out, srcdir=src, confdir=src).returncode == 0

    def shown(folder: Path) -> tuple[list, list]:
        interests = [li.p.get_text() for li in
                     soup(folder / "index.html").select("ul.research-interests > li")]
        options = [o.get_text() for o in
                   soup(folder / "publications.html").select("#pub-filter-area option")]
        return interests, options

    assert shown(out) == (["Engines:", "Notes:"], ["All areas", "Engines", "Notes"])
    research = src / "research.md"
    research.write_text(research.read_text().replace("## Engines", "## Steam Engines"))
    result = sphinx_build(out, srcdir=src, confdir=src)
    assert result.returncode == 0, result.stderr
    assert shown(out) == (["Steam Engines:", "Notes:"],
                          ["All areas", "Steam Engines", "Notes"])
    assert sphinx_build(clean, srcdir=src, confdir=src).returncode == 0
    for name in ("index.html", "publications.html"):
        assert (out / name).read_bytes() == (clean / name).read_bytes(), name
