"""``sphinx-scholar new``: the files it writes, its questions, its escaping,
and the sites it makes, built from the installed wheel (``installed.py``:
``new_sites``) with their own ``make test``; ``sphinx-scholar check``."""

import json
import runpy
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote

import pytest
import yaml
from bs4 import BeautifulSoup
from lxml import etree
from pybtex.database import parse_file

from conftest import sphinx_build
from installed import ALFOLIO_BIB, site_pins
from sphinx_scholar import quickstart, sitecheck
from test_html_valid import explained, run_vnu, where
from sphinx_scholar.papers import page_name
from sphinx_scholar.version import __version__

STARTER_FILES = ["conf.py", "refs.bib", "Makefile", "requirements.txt", "README.md",
                 ".readthedocs.yaml", ".gitignore", ".github/workflows/pages.yml",
                 "docs/index.md", "docs/publications.md", "docs/news.md", "docs/contact.md",
                 "docs/_static/favicon.svg"]
HOSTILE = 'Ada "Lovelace" <script>alert(1)</script> {cite}`x` *b* [l](javascript:alert(2))'


def new(*args: str, cwd: Path, input: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "sphinx_scholar", "new", *map(str, args)],
                          cwd=cwd, input=input, capture_output=True, text=True)


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")


# -- The sites made and built from the wheel -------------------------------------------

def test_plain_site_has_every_file(new_sites):
    for name in STARTER_FILES:
        assert (new_sites.plain / name).is_file(), name
    for built in ("index.html", "publications.html", "news.html", "contact.html", "404.html",
                  "news.atom", "sitemap.xml", "robots.txt", "_static/social-card.png"):
        assert (new_sites.plain / "_build" / "html" / built).is_file(), built


def test_plain_site_pages(new_sites):
    html = new_sites.plain / "_build" / "html"
    home = soup(html / "index.html")
    assert home.find("h1").get_text(strip=True).rstrip("¶") == "Ada Lovelace"
    article = home.select_one("article")
    assert "Professor of Mathematics, Analytical Engine Institute" in article.get_text()
    links = {a.get_text(strip=True): a["href"] for a in article.select("a.reference.external")}
    assert links["GitHub"] == "https://github.com/ada-example"
    assert links["Google Scholar"] == "https://scholar.google.com/citations?user=ADA&hl=en"
    assert "Your biography goes here" in article.get_text()
    # The example news item: on the news page, in the home page's latest news, in the feed.
    item = soup(html / "news.html").select_one("article.news-item")
    assert item is not None and "This website is online." in item.get_text()
    assert home.select("article.news-item"), "the home page shows no latest news"
    feed = etree.parse(str(html / "news.atom"))
    entries = feed.findall("{http://www.w3.org/2005/Atom}entry")
    assert len(entries) == 1
    contact = soup(html / "contact.html").select_one("article")
    # (docutils writes the address percent-encoded, against harvesters)
    assert unquote(contact.select_one('a[href^="mailto:"]')["href"]) == "mailto:ada@example.org"
    # The canonical address is the one given (--url).
    assert home.select_one('link[rel="canonical"]')["href"] == "https://ada.example.org/"


def test_alfolio_site_lists_every_paper(new_sites):
    html = new_sites.alfolio / "_build" / "html"
    keys = list(parse_file(str(ALFOLIO_BIB)).entries)
    assert len(keys) > 5
    listing = soup(html / "publications.html")
    listed = {div["id"].removeprefix("pub-") for div in listing.select("div.publication[id]")}
    assert listed == set(keys)
    for key in keys:
        assert (html / "publications" / f"{page_name(key)}.html").is_file(), key
    # The owner's name is highlighted in author lists.
    assert any("Einstein" in strong.get_text() for strong in listing.select("div.publication strong"))
    # Selected papers (selected = {true}) on the home page.
    selected = soup(html / "index.html").select("ul.selected-publications li")
    bib = parse_file(str(ALFOLIO_BIB)).entries
    assert len(selected) == sum(e.fields.get("selected", "") == "true" for e in bib.values()) > 0
    # The file its pdf field names came along from the al-folio checkout.
    assert (new_sites.alfolio / "assets" / "pdf" / "example_pdf.pdf").is_file()
    assert (html / "_files" / "example_pdf.pdf").is_file()


def test_every_page_is_valid_html(new_sites):
    """The W3C Nu HTML Checker on both sites, as on the flagship: no error,
    only the warnings test_html_valid explains."""
    pages = sorted(page for site in (new_sites.plain, new_sites.alfolio)
                   for page in (site / "_build" / "html").rglob("*.html"))
    messages = run_vnu(*pages)
    problems = [m for m in messages if m["type"] in ("error", "non-document-error")
                or m.get("subType") == "fatal"
                or (m.get("subType") == "warning" and not explained(m))]
    assert not problems, "\n".join(map(where, problems))


def test_requirements_pin_the_site_versions_and_the_package(new_sites):
    lines = [line for line in (new_sites.plain / "requirements.txt").read_text().splitlines()
             if line and not line.startswith("#")]
    assert lines[0] == f"sphinx-scholar[social-card,fast-search]=={__version__}"
    pins = set(lines[1:])
    assert all("==" in pin for pin in pins)
    # The flagship's pins, but sphinx-design (the starter site does not load it).
    expected = {pin for pin in site_pins() if not pin.startswith("sphinx-design")}
    assert pins == expected, f"missing: {expected - pins}; extra: {pins - expected}"


def test_hosting_files(new_sites):
    workflow = yaml.safe_load((new_sites.plain / ".github/workflows/pages.yml").read_text())
    build_steps = workflow["jobs"]["build"]["steps"]
    uses = [step.get("uses", "") for step in build_steps]
    assert any(u.startswith("actions/upload-pages-artifact@") for u in uses)
    assert any(step.get("run") == "make test" for step in build_steps)
    deploy = workflow["jobs"]["deploy"]
    assert deploy["needs"] == "build"
    assert deploy["steps"][0]["uses"].startswith("actions/deploy-pages@")
    assert workflow["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    readthedocs = yaml.safe_load((new_sites.plain / ".readthedocs.yaml").read_text())
    assert readthedocs["version"] == 2
    assert any(command.startswith("make html") for command in readthedocs["build"]["commands"])
    ignored = (new_sites.plain / ".gitignore").read_text().split()
    assert {".venv/", "_build/"} <= set(ignored)


# -- Questions, flags, errors (in this environment) ----------------------------------------

def test_questions_when_not_given(tmp_path):
    """Without --yes, each missing value is asked on standard input; a wrong
    answer is asked again."""
    answers = "\n".join([
        "Grace Hopper",  # name
        "",  # title: the name
        "Rear Admiral",  # position
        "",  # affiliation: none
        "not a url",  # the site's address: asked again
        "https://grace.example.org",
        "",  # e-mail: none
        "COBOL=https://example.org/cobol",  # a link
        "",  # no more links
        "",  # no bib
    ]) + "\n"
    result = new(tmp_path / "site", cwd=tmp_path, input=answers)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.count("The site's address") == 2
    assert "is not a web address" in result.stdout
    conf = runpy.run_path(str(tmp_path / "site" / "conf.py"))
    assert conf["project"] == conf["author"] == "Grace Hopper"
    assert conf["html_baseurl"] == "https://grace.example.org/"
    assert conf["homepage_owner_names"] == ["Grace Hopper", "G. Hopper"]
    assert conf["homepage_person"] == {"jobTitle": "Rear Admiral",
                                       "sameAs": ["https://example.org/cobol"]}


def test_no_answer_ends_the_command(tmp_path):
    """Questions without a terminal or input (a script that forgot --yes)
    stop with what to do, instead of waiting or looping."""
    result = new(tmp_path / "site", "--name", "Ada", cwd=tmp_path, input="")
    assert result.returncode == 2
    assert 'no answer to "The site\'s title"' in result.stderr and "--yes" in result.stderr
    assert not (tmp_path / "site").exists()


@pytest.mark.parametrize("args, message", [
    (["--url", "https://example.org/"], "your name (--name) is required"),
    (["--name", "Ada"], "the site's address (--url) is required"),
    (["--name", "Ada", "--url", "ftp://example.org/"], "is not a web address"),
    (["--name", "Ada", "--url", "https://example.org/", "--link", "GitHub"], "LABEL=URL"),
    (["--name", "Ada", "--url", "https://example.org/", "--link", "X=javascript:alert(1)"],
     "is not a web address"),
    (["--name", "Ada", "--url", "https://example.org/", "--bib", "missing.bib"], "no such file"),
    (["--name", "Ada", "--url", "https://example.org/", "--email", "a@b"], "not an e-mail"),
])
def test_yes_with_a_missing_or_wrong_value_fails_clearly(tmp_path, args, message):
    result = new(tmp_path / "site", "--yes", *args, cwd=tmp_path)
    assert result.returncode == 2
    assert message in result.stderr
    assert not (tmp_path / "site").exists()


def test_refuses_a_folder_that_is_not_empty(tmp_path):
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "notes.txt").write_text("mine")
    result = new(tmp_path / "site", "--yes", "--name", "Ada", "--url", "https://example.org/",
                 cwd=tmp_path)
    assert result.returncode == 2 and "not empty" in result.stderr
    assert (tmp_path / "site" / "notes.txt").read_text() == "mine"


def test_alfolio_bib_without_its_files_says_what_is_missing(tmp_path):
    shutil.copy(ALFOLIO_BIB, tmp_path / "papers.bib")
    result = new(tmp_path / "site", "--yes", "--name", "Albert Einstein", "--url",
                 "https://example.org/", "--bib", tmp_path / "papers.bib", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "assets/pdf/example_pdf.pdf" in result.stdout
    assert (tmp_path / "site" / "refs.bib").read_bytes() == ALFOLIO_BIB.read_bytes()


# -- Escaping ----------------------------------------------------------------------------------

def test_markdown_escaping_leaves_no_markup():
    assert quickstart.md_text("a *b* <i>") == r"a \*b\* \<i\>"
    assert quickstart.md_text("two\nlines") == "two lines"
    assert quickstart.md_url("https://x.org/a b<c>") == "<https://x.org/a%20b%3Cc%3E>"
    assert quickstart.yaml_string('say "hi"\n') == r'"say \"hi\""'


def test_hostile_values_stay_text(tmp_path):
    """A name with quotes, markup, a role and a javascript: link: conf.py
    holds it exactly, and every page shows it as text."""
    site = tmp_path / "site"
    result = new(site, "--yes", "--name", HOSTILE, "--position", "<b>Prof</b>", "--affiliation",
                 "{{ x }} `y`", "--url", "https://example.org/a'b/", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    conf = runpy.run_path(str(site / "conf.py"))
    assert conf["project"] == conf["author"] == HOSTILE
    assert conf["html_baseurl"] == "https://example.org/a'b/"
    assert conf["homepage_person"]["jobTitle"] == "<b>Prof</b>"
    out = tmp_path / "html"
    build = sphinx_build(out, "-d", str(tmp_path / "doctrees"), srcdir=site / "docs", confdir=site)
    assert build.returncode == 0, build.stdout[-3000:] + build.stderr
    for page in ("index.html", "contact.html", "news.html", "publications.html"):
        html = soup(out / page)
        for script in html.find_all("script"):
            if script.get("type") == "application/ld+json":
                json.loads(script.string)  # one whole document: the name did not end it
            else:
                assert "alert" not in script.get_text(), page
        assert not html.select('a[href^="javascript"]'), page
        assert not html.select("article b"), page
    home = soup(out / "index.html")
    assert home.find("h1").get_text().rstrip("¶").replace("“", '"').replace("”", '"') == HOSTILE
    assert "<b>Prof</b>" in home.select_one("article").get_text()
    icon = etree.parse(str(site / "docs" / "_static" / "favicon.svg"))  # well-formed
    assert icon.findtext("{http://www.w3.org/2000/svg}text") == "AL"  # letters only
    assert home.select_one(".sidebar-brand-text").get_text() == HOSTILE
    person = json.loads(home.select_one('script[type="application/ld+json"]').string)
    assert person["name"] == HOSTILE


# -- sphinx-scholar check ----------------------------------------------------------------------

def test_check_finds_broken_links_and_anchors(new_sites, tmp_path):
    html = tmp_path / "html"
    shutil.copytree(new_sites.plain / "_build" / "html", html)
    assert sitecheck.check_site(html) == []
    (html / "contact.html").unlink()
    (html / "_static" / "social-card.png").unlink()  # named by absolute og:image URLs
    # The home page's latest news links to the item's anchor on the news page.
    anchor = soup(html / "index.html").select_one('a[href^="news.html#"]')["href"].split("#")[1]
    news = html / "news.html"
    news.write_text(news.read_text().replace(f'id="{anchor}"', 'id="renamed"'))
    problems = sitecheck.check_site(html)
    assert any(p.startswith("index.html: contact.html -> contact.html: no such file")
               for p in problems), problems
    assert any("https://ada.example.org/_static/social-card.png" in p for p in problems)
    assert any(f"no element with id {anchor!r}" in p for p in problems), problems
    result = subprocess.run([sys.executable, "-m", "sphinx_scholar", "check", str(html)],
                            capture_output=True, text=True)
    assert result.returncode == 1 and "problem(s)" in result.stderr


def test_check_passes_on_the_flagship(site):
    assert sitecheck.check_site(site) == []
