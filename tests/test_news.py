"""The news timeline: rendering, latest news, back-links and bad input."""

import json
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from docutils import nodes

from conftest import ROOT, sphinx_build

NEWS_ROOT = ROOT / "tests" / "roots" / "test-news"


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")


@pytest.mark.sphinx("html", testroot="news")
def test_items_newest_first_grouped_by_year(app):
    app.build()
    page = soup(Path(app.outdir) / "news.html")
    years = [h.get_text(strip=True).rstrip("¶") for h in page.select("section.news-year > h2")]
    assert years == ["2020", "2019", "2018"]
    times = [t["datetime"] for t in page.select("article.news-item time")]
    assert times == ["2020-08", "2019-06", "2018-03-26"]
    labels = [t.get_text() for t in page.select("article.news-item time")]
    assert labels == ["Aug 2020", "Jun 2019", "Mar 26, 2018"]


@pytest.mark.sphinx("html", testroot="news")
def test_permalinks_are_stable_and_visible(app):
    app.build()
    page = soup(Path(app.outdir) / "news.html")
    ids = [a["id"] for a in page.select("article.news-item")]
    assert ids == ["2020-08-newest-item-it-has-a-second",
                   "2019-06-older-item-about-the-engine",
                   "2018-03-26-oldest-item-with-a-day"]
    for article in page.select("article.news-item"):
        link = article.select_one("a.news-permalink")
        assert link["href"] == f"#{article['id']}"
        assert link.get_text(strip=True)


@pytest.mark.sphinx("html", testroot="news")
def test_tags_are_badges(app):
    app.build()
    page = soup(Path(app.outdir) / "news.html")
    assert [t.get_text() for t in page.select(".news-tag")] == ["Award", "Paper"]


@pytest.mark.sphinx("html", testroot="news")
def test_latest_news_on_home_page(app):
    app.build()
    page = soup(Path(app.outdir) / "index.html")
    items = page.select(".latest-news article.news-item")
    assert len(items) == 2  # :count: 2
    assert [i.select_one("time")["datetime"] for i in items] == ["2020-08", "2019-06"]
    assert items[0].select_one("a.news-permalink")["href"] == \
        "news.html#2020-08-newest-item-it-has-a-second"
    # the citation inside the copied item resolves from the home page
    assert items[1].select_one(".bibtex-citation a")["href"] == \
        "publications/lovelace2020engine.html"
    # copies carry no duplicate ids
    assert not items[0].get("id")
    # a copy reads exactly as the item on the news page (smart quotes too)
    news = soup(Path(app.outdir) / "news.html")
    original = news.find(id="2020-08-newest-item-it-has-a-second").select_one(".news-body")
    copy = items[0].select_one(".news-body")
    assert copy.get_text() == original.get_text()
    assert "It’s “quoted”." in copy.get_text()


@pytest.mark.sphinx("html", testroot="news")
def test_paper_page_lists_news_citing_it(app):
    app.build()
    page = soup(Path(app.outdir) / "publications" / "lovelace2020engine.html")
    news = page.select("#in-the-news article.news-item")
    assert len(news) == 1
    assert news[0].select_one("a.news-permalink")["href"] == \
        "../news.html#2019-06-older-item-about-the-engine"
    # and the news item links to the paper
    newspage = soup(Path(app.outdir) / "news.html")
    cite = newspage.select_one('[id="2019-06-older-item-about-the-engine"] .bibtex-citation a')
    assert cite["href"] == "publications/lovelace2020engine.html"


@pytest.mark.sphinx("html", testroot="news")
def test_markup_in_bib_title_is_text(app):
    app.build()
    page = (Path(app.outdir) / "publications" / "lovelace2020engine.html").read_text()
    assert '"<script>" Tags' not in page
    assert "&lt;script&gt;" in page
    parsed = soup(Path(app.outdir) / "publications" / "lovelace2020engine.html")
    for script in parsed.find_all("script"):
        if "Tags" in (script.string or ""):
            # JSON-LD carries the title as a JSON string, with "<" escaped.
            assert script["type"] == "application/ld+json"
            assert "<" not in script.string
            data = json.dumps(json.loads(script.string), ensure_ascii=False)
            assert '<script>\\" Tags' in data


@pytest.mark.sphinx("html", testroot="news")
def test_no_warnings(app, warning):
    app.build()
    assert warning.getvalue() == ""


def build_with_news(tmp_path: Path, news_body: str) -> tuple[int, str]:
    """Build a copy of the news root whose news.md holds ``news_body``."""
    src = tmp_path / "src"
    shutil.copytree(NEWS_ROOT, src)
    (src / "news.md").write_text("# News\n\n" + news_body)
    result = sphinx_build(tmp_path / "out", srcdir=src, confdir=src)
    return result.returncode, result.stderr


BAD_NEWS = {
    "impossible month": (":::{news} 2020-13\nText.\n:::\n", "news.md:3", "does not exist"),
    "impossible day": (":::{news} 2020-02-30\nText.\n:::\n", "news.md:3", "does not exist"),
    "words as date": (":::{news} last spring\nText.\n:::\n", "news.md:3", "YYYY-MM"),
    "missing date": (":::{news}\nText.\n:::\n", "news.md:3", "without a date"),
    "unknown tag": (":::{news} 2020-01\n:tags: gossip\nText.\n:::\n", "news.md:3",
                    'unknown news tag "gossip"'),
    "empty body": (":::{news} 2020-01\n:tags: award\n:::\n", "news.md:3", "has no text"),
    "unknown citation": (":::{news} 2020-01\nText {cite:p}`nobody1999`.\n:::\n",
                         "news.md:3", '"nobody1999"'),
    "duplicate permalink": (":::{news} 2020-01\nSame text.\n:::\n\n"
                            ":::{news} 2020-01\nSame text.\n:::\n",
                            "news.md:7", "same permalink"),
}


@pytest.mark.parametrize("case", BAD_NEWS, ids=list(BAD_NEWS))
def test_bad_news_fails_with_location(tmp_path, case):
    body, location, message = BAD_NEWS[case]
    returncode, stderr = build_with_news(tmp_path, body)
    assert returncode != 0
    assert location in stderr and message in stderr, stderr
    assert "Traceback" not in stderr
    assert "[homepage." in stderr  # a type/subtype the user can silence


@pytest.mark.sphinx("html", testroot="news")
def test_each_item_is_headed_by_its_headline_one_level_below_its_section(app):
    app.build()
    out = Path(app.outdir)
    for name in ("news.html", "index.html"):
        articles = soup(out / name).select("article.news-item")
        assert articles, name
        for article in articles:
            heading = article.find(["h1", "h2", "h3", "h4", "h5", "h6"])
            assert heading is article.find(True) and "news-headline" in heading["class"]
            section_heading = article.find_parent("section").find(["h1", "h2", "h3", "h4"])
            assert int(heading.name[1]) == int(section_heading.name[1]) + 1, name
            title = article.select_one("a[title]")["title"]
            assert title.endswith(": " + heading.get_text()), (title, heading.get_text())


@pytest.mark.sphinx("html", testroot="news")
def test_year_headings_are_in_the_pages_table_of_contents(app):
    app.build()
    page = soup(Path(app.outdir) / "news.html")
    years = [h.get_text(strip=True).rstrip("¶") for h in page.select("section.news-year > h2")]
    # Sphinx's table of contents of the page (furo's "On this page").
    toc = [ref["anchorname"] for ref in app.env.tocs["news"].findall(nodes.reference)]
    assert toc[1:] == [f"#year-{year}" for year in years]


@pytest.mark.sphinx("html", testroot="news", freshenv=True)
def test_news_records_hold_their_body_alone(app):
    """A stored item is its body, pickled, without the page's document (a
    copied node keeps it, and with it the settings and the environment)."""
    app.build()
    items = app.env.get_domain("homepage").all_news()
    assert items
    for item in items:
        assert isinstance(item.content, bytes)
        body = item.body()
        assert body is not item.body()  # a new tree each time
        assert all(node.document is None for node in body.findall())
        assert body.astext().strip()
        assert len(item.content) < 20_000
