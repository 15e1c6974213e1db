"""The built objects.inv: every paper, news item and research area is listed,
and another Sphinx project (which does not load our extension) links to a
paper through intersphinx, from the local inventory file (no network)."""

import posixpath
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from pybtex.database import parse_file
from sphinx.util.inventory import InventoryFile

from conftest import ROOT, sphinx_build

BASE_URL = "https://songhan.mit.edu/"


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")


def load_inventory(site: Path) -> dict:
    with open(site / "objects.inv", "rb") as stream:
        return InventoryFile.load(stream, BASE_URL, posixpath.join)


def bib_keys() -> list[str]:
    return list(parse_file(str(ROOT / "refs.bib")).entries)


def test_every_paper_is_in_the_inventory(site):
    papers = load_inventory(site)["homepage:paper"]
    assert set(papers) == set(bib_keys())
    for key, item in papers.items():
        assert item.uri == f"{BASE_URL}publications/{key}.html"
        assert (site / "publications" / f"{key}.html").is_file()


def test_every_news_item_is_in_the_inventory(site):
    news = load_inventory(site)["homepage:news"]
    anchors = [a["id"] for a in soup(site / "news.html").select("article.news-item[id]")]
    assert anchors and set(news) == set(anchors)
    for anchor in anchors:
        assert news[anchor].uri == f"{BASE_URL}news.html#{anchor}"


def test_every_research_area_is_in_the_inventory(site):
    areas = load_inventory(site)["homepage:area"]
    declared = re.findall(r"^:::\{research-area\} (.+)$",
                          (ROOT / "docs" / "research.md").read_text(), re.M)
    assert set(areas) == set(declared)
    research = soup(site / "research.html")
    for item in areas.values():
        anchor = item.uri.split("#", 1)[1]
        assert research.find(id=anchor) is not None, item.uri


def test_inventory_titles_are_plain_text(site):
    papers = load_inventory(site)["homepage:paper"]
    for key, item in papers.items():
        page_title = soup(site / "publications" / f"{key}.html").h1.get_text()
        assert item.display_name == page_title.rstrip("¶").strip(), key


def build_consumer(tmp_path: Path, site: Path, page: str) -> Path:
    """A second project with intersphinx pointing at the built inventory,
    given as a local file so the build needs no network."""
    src = tmp_path / "consumer"
    src.mkdir()
    (src / "conf.py").write_text(
        'extensions = ["myst_parser", "sphinx.ext.intersphinx"]\n'
        'project = "Consumer"\n'
        f'intersphinx_mapping = {{"songhan": ({BASE_URL!r}, {str(site / "objects.inv")!r})}}\n'
    )
    (src / "index.md").write_text(page)
    out = tmp_path / "out"
    result = sphinx_build(out, srcdir=src, confdir=src)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr
    return out / "index.html"


def test_another_project_links_to_a_paper(tmp_path, site):
    key = bib_keys()[0]
    news = load_inventory(site)["homepage:news"]
    news_anchor = next(iter(news))
    page = build_consumer(tmp_path, site, (
        "# Consumer\n\n"
        f"See [the paper](inv:songhan:homepage:paper#{key}).\n\n"
        f"Titled from the inventory: <inv:songhan:homepage:paper#{key}>.\n\n"
        f"And the news: <inv:songhan:homepage:news#{news_anchor}>.\n"
    ))
    links = soup(page).select("a.reference.external")
    hrefs = [a["href"] for a in links]
    assert hrefs == [f"{BASE_URL}publications/{key}.html"] * 2 + \
        [f"{BASE_URL}news.html#{news_anchor}"]
    assert links[0].get_text() == "the paper"
    # with no explicit text the link shows the inventory's title of the paper
    title = load_inventory(site)["homepage:paper"][key].display_name
    assert links[1].get_text() == title


def test_rst_project_links_to_a_paper_with_ref(tmp_path, site):
    key = bib_keys()[0]
    page = build_consumer(tmp_path, site, (
        "# Consumer\n\n"
        f"{{external+songhan:ref}}`{key}`\n"
    ))
    hrefs = [a["href"] for a in soup(page).select("a.reference.external")]
    assert hrefs == [f"{BASE_URL}publications/{key}.html"]
