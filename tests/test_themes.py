"""The engine on every supported theme (issue 15, section 3): the small site
of tests/roots/test-themes builds without a warning under each, shows every
component, and gets furo's own tweaks only under furo. The browser checks of
the same builds are in tests/browser/test_themes.py. Also: the defaults the
engine sets for other extensions (that site's conf.py sets neither), and an
ordinary sphinxcontrib-bibtex bibliography beside the publications; and the
theme's templates, compiled once, kept for the next build."""

from pathlib import Path

from bs4 import BeautifulSoup
from jinja2 import Environment

from conftest import ROOT, copied_root

ROOT_CONF = ROOT / "tests" / "roots" / "test-themes" / "conf.py"
KEYS = {"lovelace2020engine", "babbage2019notes", "lovelace2018workshop", "menabrea2017sketch"}


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")


def stylesheets(page: BeautifulSoup) -> list[str]:
    return [link["href"].split("?")[0] for link in page.select('link[rel="stylesheet"]')]


def test_every_component_on_every_theme(theme_site):
    theme, site = theme_site
    publications = soup(site / "publications.html")
    assert {div["id"].removeprefix("pub-") for div in publications.select("div.publication")} \
        == KEYS, theme
    assert publications.select_one("form#pub-filter[hidden]") is not None, theme
    assert publications.select_one("svg") is not None, theme  # the chart
    home = soup(site / "index.html")
    assert len(home.select(".news-item")) == 2, theme  # latest-news :count: 2
    assert [a.get_text() for a in home.select("ul.research-interests ul.venue-tags a")] == [
        "ICE 2020, Best Paper", "JM 2019", "JM 2019", "EM 2018 Workshop, oral"], theme
    assert len(soup(site / "news.html").select(".news-item")) == 3, theme
    for key in KEYS:
        assert (site / "publications" / f"{key}.html").is_file(), (theme, key)
    for page in (home, publications):
        assert "_static/homepage.css" in stylesheets(page), theme
        assert page.select_one('script[src^="_static/homepage.js"]') is not None, theme


def test_furo_tweaks_only_under_furo(theme_site):
    theme, site = theme_site
    furo = theme == "furo"
    for name in ("index.html", "search.html", "publications/babbage2019notes.html"):
        page = soup(site / name)
        css = [href.rsplit("/", 1)[-1] for href in stylesheets(page)]
        assert ("homepage-furo.css" in css) == furo, (theme, name)
        # page.html names furo's navigation drawer (a landmark) for screen readers
        assert bool(page.select('aside[aria-label="Site navigation"]')) == furo, (theme, name)
    assert any(site.rglob("homepage-furo.css")) == furo
    assert any(site.rglob("homepage-alabaster.css")) == (theme == "alabaster")


def test_search_page_has_one_heading(theme_site):
    """Counted where a reader sees it: not in the print-only copy of the
    page's title that sphinx-book-theme keeps on every page."""
    theme, site = theme_site
    page = soup(site / "search.html")
    headings = [h1 for h1 in page.select("h1")
                if not h1.find_parent(class_="onlyprint") and "logo" not in h1.get("class", [])]
    assert len(headings) == 1, (theme, [h.get_text() for h in headings])


def test_the_engine_sets_its_defaults_for_other_extensions(theme_site):
    """The site's conf.py names neither MyST's colon_fence nor a pybtex
    style: the ::: directives are read, and the owner is bold (our style)."""
    theme, site = theme_site
    conf = ROOT_CONF.read_text()
    assert "colon_fence" not in conf and "bibtex_default_style" not in conf
    for name in ("index.html", "news.html", "publications.html", "research.html"):
        assert ":::" not in soup(site / name).get_text(), (theme, name)
    reading = soup(site / "reading.html")
    owner = [strong.get_text() for strong in reading.select(".citation strong")]
    assert owner and set(owner) == {"Ada Lovelace"}, theme


def test_citations_work_beside_an_ordinary_bibliography(theme_site):
    """reading.md has a plain sphinxcontrib-bibtex {bibliography}: it lists
    the cited entries, and the {cite} roles on its page still open the
    papers' own pages (the build has no warning: theme_site)."""
    theme, site = theme_site
    reading = soup(site / "reading.html")
    entries = reading.select(".citation")
    assert len(entries) == 3, theme  # cited on this page or elsewhere on the site
    assert "Sketch of the Analytical Engine" in reading.get_text()
    cites = reading.select(".bibtex-citation a.reference")
    assert [a["href"] for a in cites] == ["publications/babbage2019notes.html",
                                          "publications/menabrea2017sketch.html"], theme
    for a in cites:
        assert (site / a["href"]).is_file()


def test_compiled_templates_kept_for_the_next_build(make_app, tmp_path, monkeypatch):
    """A build that writes pages compiles the theme's templates once and
    keeps them in the doctree folder; the next build (every page written
    again) compiles none of them (``themes.keep_compiled_templates``)."""
    srcdir = copied_root("test-news", tmp_path)
    parsed = []
    original = Environment._parse

    def spy(self, source, name, filename):
        parsed.append(name)
        return original(self, source, name, filename)

    monkeypatch.setattr(Environment, "_parse", spy)
    first = make_app("html", srcdir=srcdir)
    first.build()
    assert first.statuscode == 0
    assert "page.html" in parsed
    assert list((Path(first.doctreedir) / "templates").glob("*.cache"))

    parsed.clear()
    second = make_app("html", srcdir=srcdir, freshenv=True)
    second.build()
    assert second.statuscode == 0
    assert (second.outdir / "news.html").stat().st_mtime_ns \
        >= (Path(second.doctreedir) / "news.doctree").stat().st_mtime_ns
    assert not [name for name in parsed if name], parsed  # from files: none compiled
