"""Discoverability: descriptions, canonical links, Open Graph, JSON-LD, Google
Scholar's Highwire tags, sitemap, robots.txt, 404 page, favicon, social card,
html_baseurl everywhere, and hostile refs.bib data kept inert."""

import json
import os
import re
import struct
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup, Comment
from lxml import etree
from PIL import Image
from pybtex.database import parse_file
from pybtex.richtext import Text

from conftest import ROOT, sphinx_build

BASE = "https://songhan.mit.edu/"
ENTRIES = parse_file(str(ROOT / "refs.bib")).entries
SITEMAP_NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}
#: Built pages deliberately left out of the sitemap: not content.
NOT_IN_SITEMAP = {"search.html", "404.html"}
#: Built pages search engines are asked not to index: no canonical link.
NOINDEX = {"search.html", "404.html"}
#: The owner's own profiles, and his lab's (schema.org memberOf).
PERSON_SAME_AS = {"https://twitter.com/SongHan_MIT",
                  "https://scholar.google.com/citations?user=E0iCaa4AAAAJ",
                  "https://www.linkedin.com/in/songhanmit/"}
LAB_SAME_AS = {"https://www.youtube.com/c/MITHANLab", "https://github.com/mit-han-lab"}
MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]


# -- Helpers: read what was built, and refs.bib, independently ---------------

def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")


def html_pages(site: Path) -> list[str]:
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html")
                  if not p.relative_to(site).parts[0].startswith("_"))


def meta(page: BeautifulSoup, name: str) -> list[str]:
    return [tag["content"] for tag in page.find_all("meta", attrs={"name": name})]


def prop(page: BeautifulSoup, name: str) -> list[str]:
    return [tag["content"] for tag in page.find_all("meta", attrs={"property": name})]


def json_ld(page: BeautifulSoup) -> list[dict]:
    return [json.loads(script.string)
            for script in page.find_all("script", type="application/ld+json")]


def text(latex: str) -> str:
    return Text.from_latex(latex).render_as("text")


def bib_author(person) -> str:
    """"First von Last", or "First von Last, Jr." with a name suffix."""
    name = text(" ".join(person.first_names + person.middle_names + person.prelast_names
                         + person.last_names))
    return f"{name}, {text(' '.join(person.lineage_names))}" if person.lineage_names else name


def bib_authors(entry) -> list[str]:
    return [bib_author(person) for person in entry.persons["author"]]


def bib_date(entry, separator: str) -> str:
    month = entry.fields.get("month", "")[:3].lower()
    year = entry.fields["year"]
    return f"{year}{separator}{MONTHS.index(month) + 1:02d}" if month else year


def bib_arxiv(entry) -> str:
    return entry.fields["eprint"] if entry.fields.get("archiveprefix") == "arXiv" else ""


def bib_arxiv_only(entry) -> bool:
    """``journal = {arXiv preprint arXiv:...}``: a preprint, in no journal."""
    return entry.fields.get("journal", "").lower().startswith("arxiv")


def page_address(base: str, name: str) -> str:
    """The canonical URL of a built page: the home page's is the site's."""
    return base if name == "index.html" else base + name


def normalise(value: str) -> str:
    return " ".join(value.replace("\u2019", "'").split())


# -- Every page ---------------------------------------------------------------

def test_every_page_has_description_canonical_and_open_graph(site):
    pages = html_pages(site)
    assert {"index.html", "search.html", "404.html"} <= set(pages)
    assert {f"publications/{key}.html" for key in ENTRIES} <= set(pages)
    for name in pages:
        page = soup(site / name)
        canonical = [link["href"] for link in page.find_all("link", rel="canonical")]
        assert canonical == ([] if name in NOINDEX else [page_address(BASE, name)]), name
        [description] = meta(page, "description")
        assert len(description) > 20, name
        assert prop(page, "og:url") == [page_address(BASE, name)], name
        assert prop(page, "og:title") and prop(page, "og:title")[0].strip(), name
        assert prop(page, "og:description") == [description], name
        assert prop(page, "og:type") == ["article" if name.startswith("publications/")
                                         else "website"], name
        assert meta(page, "twitter:card") == ["summary_large_image"], name
        [image] = prop(page, "og:image")
        assert image == BASE + "_static/social-card.png", name


def test_no_two_pages_share_a_canonical_url_or_description(site):
    canonicals, descriptions = [], []
    for name in html_pages(site):
        page = soup(site / name)
        canonicals += [link["href"] for link in page.find_all("link", rel="canonical")]
        descriptions.append(meta(page, "description")[0])
    assert len(canonicals) == len(html_pages(site)) - len(NOINDEX)
    assert len(set(canonicals)) == len(canonicals)
    assert len(set(descriptions)) == len(descriptions)


def test_home_page_has_one_address(site):
    """index.html and the site's address serve the same page: every link to
    it that search engines read names the site's address."""
    home = soup(site / "index.html")
    assert [link["href"] for link in home.find_all("link", rel="canonical")] == [BASE]
    assert prop(home, "og:url") == [BASE]
    [person] = json_ld(home)
    assert person["url"] == BASE and person["@id"] == BASE + "#person"
    locs = sitemap_locs(site)
    assert BASE in locs and BASE + "index.html" not in locs


def test_noindex_pages_have_no_canonical(site):
    """The 404 page is served at every missing address and the search page
    is not content: search engines are told not to index them, and no
    canonical link contradicts that."""
    for name in NOINDEX:
        page = soup(site / name)
        assert meta(page, "robots") == ["noindex"], name
        assert page.find("link", rel="canonical") is None, name


def test_social_card_is_our_own_png(site):
    data = (site / "_static" / "social-card.png").read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    assert (width, height) == (1200, 630)
    assert prop(soup(site / "index.html"), "og:image:width") == ["1200"]


def test_every_json_ld_is_valid_json_and_typed(site):
    for name in html_pages(site):
        documents = json_ld(soup(site / name))
        expected = (["Person"] if name == "index.html"
                    else ["ScholarlyArticle"] if name.startswith("publications/") else [])
        assert [doc["@type"] for doc in documents] == expected, name
        for doc in documents:
            assert doc["@context"] == "https://schema.org"


def test_home_page_person(site):
    home = soup(site / "index.html")
    [person] = json_ld(home)
    for key in ("name", "jobTitle", "affiliation", "alumniOf", "award", "sameAs", "url"):
        assert person[key], key
    assert person["name"] == "Song Han"
    assert person["url"] == BASE
    assert person["jobTitle"] == "Assistant Professor"
    assert person["affiliation"]["alternateName"] == "MIT"
    assert "Electrical Engineering and Computer Science" in \
        person["affiliation"]["department"]["name"]
    assert {school["name"] for school in person["alumniOf"]} == {
        "Stanford University", "Tsinghua University"}
    # Every fact can be checked on the site itself.
    home_text = normalise(home.get_text(" "))
    assert "Stanford University" in home_text and "Tsinghua University" in home_text
    assert "Electrical Engineering and Computer Science" in home_text
    awards_text = normalise(soup(site / "awards.html").get_text(" "))
    for award in person["award"]:
        assert normalise(award) in awards_text, award
    # His profiles are his; the lab's channel, code and website are the lab's.
    home_links = {a["href"] for a in home.select("article[role=main] a[href]")}
    assert set(person["sameAs"]) == PERSON_SAME_AS
    lab = person["memberOf"]
    assert lab["@type"] == "ResearchOrganization"
    assert lab["name"] == "MIT HAN Lab"
    assert lab["url"] == "https://hanlab.mit.edu/"
    assert set(lab["sameAs"]) == LAB_SAME_AS
    assert PERSON_SAME_AS | LAB_SAME_AS | {lab["url"]} <= home_links
    assert "HAN Lab" in normalise(soup(site / "news.html").get_text(" "))
    # Contact without the address: the page that shows it obfuscated.
    assert "email" not in person
    assert person["contactPoint"]["url"] == BASE + "contact.html"
    assert person["contactPoint"]["contactType"] == "academic"  # conf.py's homepage_contact_type
    assert (site / "contact.html").is_file()


def test_no_plain_email_in_any_built_file(site):
    for path in site.rglob("*"):
        if path.is_file() and path.suffix in {".html", ".xml", ".txt", ".atom", ".js"}:
            content = path.read_text(encoding="utf-8")
            assert "mailto:" not in content, path
            assert not re.search(r"@mit\.edu", content, re.I), path


# -- Paper pages ----------------------------------------------------------------

def check_highwire_tags(page: BeautifulSoup, entry) -> None:
    """The paper page's Google Scholar tags say what its refs.bib entry says."""
    assert meta(page, "citation_title") == [text(entry.fields["title"])]
    assert meta(page, "citation_author") == bib_authors(entry)
    assert meta(page, "citation_publication_date") == [bib_date(entry, "/")]
    if entry.type == "inproceedings":
        assert meta(page, "citation_conference_title") == [text(entry.fields["booktitle"])]
        assert meta(page, "citation_journal_title") == []
    elif bib_arxiv_only(entry):  # arXiv is no journal; citation_arxiv_id says it
        assert meta(page, "citation_journal_title") == []
        assert meta(page, "citation_conference_title") == []
    else:
        assert meta(page, "citation_journal_title") == [text(entry.fields["journal"])]
        assert meta(page, "citation_conference_title") == []
    assert meta(page, "citation_doi") == ([entry.fields["doi"]] if "doi" in entry.fields else [])
    arxiv = bib_arxiv(entry)
    assert meta(page, "citation_arxiv_id") == ([arxiv] if arxiv else [])
    pdf = entry.fields.get("pdf") or (f"https://arxiv.org/pdf/{arxiv}" if arxiv else "")
    assert meta(page, "citation_pdf_url") == ([pdf] if pdf else [])
    for field, name in (("volume", "citation_volume"), ("number", "citation_issue")):
        assert meta(page, name) == ([entry.fields[field]] if field in entry.fields else [])


@pytest.mark.parametrize("key", list(ENTRIES))
def test_paper_highwire_tags_match_refs_bib(site, key):
    check_highwire_tags(soup(site / "publications" / f"{key}.html"), ENTRIES[key])


def check_venue(article: dict, entry) -> None:
    """A conference paper is part of its proceedings (schema.org has no type
    for them), a journal article of its journal; a preprint of nothing."""
    if entry.type == "inproceedings":
        assert article["isPartOf"] == {"@type": "CreativeWork",
                                       "name": text(entry.fields["booktitle"])}
    elif bib_arxiv_only(entry):
        assert "isPartOf" not in article
        assert "publisher" not in article
    else:
        assert article["isPartOf"] == {"@type": "Periodical",
                                       "name": text(entry.fields["journal"])}


@pytest.mark.parametrize("key", list(ENTRIES))
def test_paper_scholarly_article_matches_refs_bib(site, key):
    entry = ENTRIES[key]
    page = soup(site / "publications" / f"{key}.html")
    [article] = json_ld(page)
    assert article["@type"] == "ScholarlyArticle"
    assert article["headline"] == text(entry.fields["title"])
    assert [author["name"] for author in article["author"]] == bib_authors(entry)
    owner = [author for author in article["author"] if author["name"] == "Song Han"]
    assert owner and owner[0]["@id"] == BASE + "#person"
    assert article["datePublished"] == bib_date(entry, "-")
    check_venue(article, entry)
    assert article["url"] == BASE + f"publications/{key}.html"
    # Other pages about the same work: its web links, arXiv and DOI.
    expected = {entry.fields[field] for field in ("url", "html", "code", "website")
                if field in entry.fields}
    if bib_arxiv(entry):
        expected.add(f"https://arxiv.org/abs/{bib_arxiv(entry)}")
    if "doi" in entry.fields:
        expected.add(f"https://doi.org/{entry.fields['doi']}")
    assert set(article.get("sameAs", [])) == expected
    assert ("sameAs" in article) == bool(expected)


def check_paper_description(description: str, entry, owner: str) -> None:
    """Title, authors, venue and year, each one sentence: the site owner among
    the authors even when the list is cut, and no doubled full stop."""
    assert description.startswith(text(entry.fields["title"]))
    assert owner in description
    assert ".." not in description
    assert description.endswith(f"{entry.fields['year']}.")
    authors = bib_authors(entry)
    named = authors if len(authors) <= 6 else authors[:5]
    assert all(name in description for name in named)


@pytest.mark.parametrize("key", list(ENTRIES))
def test_paper_description_names_the_owner(site, key):
    [description] = meta(soup(site / "publications" / f"{key}.html"), "description")
    check_paper_description(description, ENTRIES[key], "Song Han")


# -- Site files -------------------------------------------------------------------

def sitemap_locs(site: Path) -> list[str]:
    tree = etree.parse(str(site / "sitemap.xml"))
    return tree.xpath("//sm:url/sm:loc/text()", namespaces=SITEMAP_NS)


def test_sitemap_lists_exactly_the_built_pages(site):
    locs = sitemap_locs(site)
    assert len(locs) == len(set(locs))
    expected = {page_address(BASE, name) for name in html_pages(site)
                if name not in NOT_IN_SITEMAP}
    assert set(locs) == expected
    assert BASE + "publications/cai2020once.html" in locs


def test_robots_txt_points_to_the_sitemap(site):
    lines = (site / "robots.txt").read_text().splitlines()
    assert "User-agent: *" in lines
    assert f"Sitemap: {BASE}sitemap.xml" in lines


def test_favicon(site):
    for name in ("index.html", "publications/han2016deep.html"):
        path = site / name
        [icon] = [link for link in soup(path).find_all("link")
                  if "icon" in link.get("rel", [])]
        target = (path.parent / icon["href"]).resolve()
        assert target.is_file()
        assert etree.parse(str(target)).getroot().tag == "{http://www.w3.org/2000/svg}svg"


def test_404_page_links_are_absolute(site):
    page = soup(site / "404.html")
    assert page.find("h1").get_text().rstrip("¶").strip() == "Page not found"
    body_links = [a["href"] for a in page.select("article[role=main] a[href]")
                  if not a["href"].startswith("#")]
    assert BASE + "index.html" in body_links and BASE + "publications.html" in body_links
    assert all(href.startswith(BASE) for href in body_links), body_links
    for tag in page.select("a[href], link[rel=stylesheet], script[src], link[rel~=icon]"):
        url = tag.get("href") or tag.get("src")
        if "alternate" in tag.get("rel", []):
            continue  # the news feed link: see test_404_feed_link_is_absolute
        assert url.startswith(("/", "https://", "http://", "#")), url
    assert "404.html" not in (site / "sitemap.xml").read_text()


def test_404_feed_link_is_absolute(site):
    [feed] = soup(site / "404.html").find_all("link", type="application/atom+xml")
    assert feed["href"].startswith(("/", BASE))


# -- html_baseurl is the one setting ------------------------------------------------

def check_urls_follow(site: Path, base: str, *elsewhere: str) -> None:
    """Every absolute URL of a site built for ``base`` (feed, sitemap,
    robots.txt, canonical, og:url, JSON-LD, the 404 page) starts with it, and
    no file names the hosts in ``elsewhere``."""
    for path in site.rglob("*"):
        if path.is_file() and path.suffix in {".html", ".xml", ".txt", ".atom"}:
            content = path.read_text(encoding="utf-8")
            assert not [host for host in elsewhere if host in content], path
    paper = "publications/cai2020once.html"
    page = soup(site / paper)
    assert page.find("link", rel="canonical")["href"] == base + paper
    assert prop(page, "og:url") == [base + paper]
    assert prop(page, "og:image") == [base + "_static/social-card.png"]
    [article] = json_ld(page)
    assert article["url"] == article["@id"] == base + paper
    assert {author["@id"] for author in article["author"] if "@id" in author} \
        == {base + "#person"}
    home = soup(site / "index.html")
    assert home.find("link", rel="canonical")["href"] == base
    assert prop(home, "og:url") == [base]
    [person] = json_ld(home)
    assert person["url"] == base and person["@id"] == base + "#person"
    assert person["contactPoint"]["url"] == base + "contact.html"
    locs = sitemap_locs(site)
    assert base in locs and base + paper in locs
    assert all(loc.startswith(base) for loc in locs)
    assert f"Sitemap: {base}sitemap.xml" in (site / "robots.txt").read_text().splitlines()
    feed = etree.parse(str(site / "news.atom"))
    atom = {"a": "http://www.w3.org/2005/Atom"}
    assert feed.xpath("/a:feed/a:id/text()", namespaces=atom)[0].startswith(base)
    # The 404 page is served at any path: its links are full URLs, its
    # assets rooted at the site's path.
    not_found = soup(site / "404.html")
    assert not_found.select_one("article[role=main] a[href$='index.html']")["href"] \
        == base + "index.html"
    assets = [tag.get("href") or tag.get("src") for tag in
              not_found.select("link[rel=stylesheet], script[src], link[rel~=icon]")]
    assert assets and all(url.startswith(urlsplit(base).path) for url in assets), assets


@pytest.fixture(scope="module")
def moved_site(tmp_path_factory) -> Path:
    """Built for another address, given without its trailing slash, while
    Read the Docs' address is set too: HOMEPAGE_BASEURL wins."""
    out = tmp_path_factory.mktemp("moved")
    env = dict(os.environ, HOMEPAGE_BASEURL="https://example.org/x",
               READTHEDOCS_CANONICAL_URL="https://songhan.readthedocs.io/en/latest/")
    result = sphinx_build(out / "html", "-d", str(out / "doctrees"), env=env)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr
    return out / "html"


def test_every_absolute_url_follows_html_baseurl(moved_site):
    check_urls_follow(moved_site, "https://example.org/x/", "songhan.mit.edu", "readthedocs")


# -- Hostile data ---------------------------------------------------------------------

#: As the test root's refs.bib writes it, ``<!{-}{-}`` so that LaTeX does not
#: turn the comment opener into an en dash.
EVIL_TITLE = ('Breaking </script><script>alert(1)</script> and "><img src=x '
              'onerror=alert(1)> & <!-- More')


@pytest.mark.sphinx("html", testroot="metadata")
def test_injected_markup_stays_inert(app, warning):
    app.build()
    assert warning.getvalue() == ""
    path = Path(app.outdir) / "publications" / "evil2024.html"
    raw = path.read_text(encoding="utf-8")
    page = soup(path)
    assert page.find("img") is None
    assert page.find("b") is None
    assert not page.find_all(lambda tag: "onerror" in tag.attrs)
    for script in page.find_all("script"):
        if script.get("type") == "application/ld+json":
            continue
        assert "alert" not in (script.string or ""), script
    assert raw.count("</script>") == len(page.find_all("script"))
    # The comment opener opens no comment, nor hides in a script or a tag:
    # every "<!--" of the page is a comment of the theme's.
    comments = page.find_all(string=lambda string: isinstance(string, Comment))
    assert not [comment for comment in comments if "More" in comment]
    assert raw.count("<!--") == len(comments)
    assert page.find("h1").get_text().rstrip("¶") == EVIL_TITLE
    # The data comes through intact, as text.
    assert meta(page, "citation_title") == [EVIL_TITLE]
    assert prop(page, "og:title") == [EVIL_TITLE]
    assert meta(page, "description")[0].startswith(EVIL_TITLE)
    assert meta(page, "citation_author")[1] == 'Charles "><img src=x onerror=alert(2)> Babbage'
    assert meta(page, "citation_doi") == ['10.1234/x"><img/src=x/onerror=alert(3)>']
    assert meta(page, "citation_conference_title") == [
        'Conference on </script> "Quoted" <b>Venues</b>']
    [article] = json_ld(page)
    assert article["headline"] == EVIL_TITLE
    assert "https://example.org/code?a=1&b=</script>" in article["sameAs"]
    for char in "<>&":
        assert char not in page.find("script", type="application/ld+json").string


@pytest.mark.sphinx("html", testroot="metadata")
def test_test_root_journal_article_and_site_files(app, warning):
    app.build()
    out = Path(app.outdir)
    for key, entry in parse_file(str(Path(app.srcdir) / "refs.bib")).entries.items():
        page = soup(out / "publications" / f"{key}.html")
        check_highwire_tags(page, entry)
        check_venue(json_ld(page)[0], entry)
        check_paper_description(meta(page, "description")[0], entry, "Ada Lovelace")
    page = soup(out / "publications" / "plain2019.html")
    assert meta(page, "citation_journal_title") == ["Scientific Memoirs"]
    assert meta(page, "citation_author") == [
        "Luigi Menabrea", "Ada Lovelace", "Charles de la Vallée Poussin"]
    assert meta(page, "citation_pdf_url") == ["https://example.org/notes.pdf"]
    assert meta(page, "citation_volume") == ["3"]
    assert meta(page, "citation_arxiv_id") == []
    [article] = json_ld(page)
    assert article["isPartOf"] == {"@type": "Periodical", "name": "Scientific Memoirs"}
    # Eight authors, the owner last: the first five, then the owner.
    preprint = soup(out / "publications" / "many2021.html")
    assert meta(preprint, "description") == [
        "Can Many Hands Make Light Work? Frederick P. Brooks, Jr., Grace Hopper, "
        "Alan Turing, Emmy Noether, Marie Curie, …, Ada Lovelace. "
        "arXiv preprint arXiv:2101.00002, 2021."]
    assert meta(preprint, "citation_author")[0] == "Frederick P. Brooks, Jr."
    assert meta(preprint, "citation_arxiv_id") == ["2101.00002"]
    # The home page description is escaped in the tags, intact as text.
    home = soup(out / "index.html")
    assert meta(home, "description") == ["Ada's lab & its <b>analytical</b> engine."]
    assert prop(home, "og:description") == meta(home, "description")
    assert json_ld(home)[0]["name"] == "Ada Lovelace"
    assert "contactPoint" not in json_ld(home)[0]
    assert (out / "_static" / "card.png").read_bytes()[:4] == b"\x89PNG"
    # homepage_social_card_style: its background, and its accent in a 40 px bar
    with Image.open(out / "_static" / "card.png") as card:
        assert card.size == (1200, 630)
        assert card.getpixel((30, 300)) == (0x10, 0x70, 0x40)
        assert card.getpixel((60, 10)) == (0xfa, 0xfa, 0xfa)
    # Everything under the site's path; the sitemap at its full address.
    assert (out / "robots.txt").read_text() == (
        "User-agent: *\nAllow: /lab/\n\nSitemap: https://example.org/lab/sitemap.xml\n")
    not_found = soup(out / "404.html")
    assert [a["href"] for a in not_found.select("a.reference.internal")] == [
        "https://example.org/lab/index.html", "https://example.org/lab/publications.html"]
    assert meta(not_found, "robots") == ["noindex"]
    assert not_found.find("link", rel="canonical") is None
    assert meta(soup(out / "search.html"), "robots") == ["noindex"]
    assert soup(out / "search.html").find("link", rel="canonical") is None
    assert home.find("link", rel="canonical")["href"] == "https://example.org/lab/"
    assert prop(home, "og:url") == ["https://example.org/lab/"]


@pytest.mark.sphinx("html", testroot="metadata")
def test_description_from_the_text_is_cut_at_a_word(app, warning):
    """A page without a description gets one from its first words, cut at a
    word (sphinxext-opengraph's own would cut its escaped text anywhere)."""
    app.build()
    raw = (Path(app.outdir) / "notes.html").read_text(encoding="utf-8")
    page = BeautifulSoup(raw, "lxml")
    descriptions = page.find_all("meta", attrs={"name": "description"})
    assert len(descriptions) == 1
    description = descriptions[0]["content"]
    assert page.find("meta", property="og:description")["content"] == description
    assert description.endswith(" …") and len(description) <= 200
    words = " ".join(page.select_one("div.body, article, body").get_text(" ").split())
    assert description.removesuffix(" …") in words
    # every escape in the attribute is whole: no "&g..." left by a cut
    for match in re.finditer(r'content="([^"]*)"', raw):
        assert not re.search(r"&[#a-z0-9]*(?![#a-z0-9;])", match.group(1)), match.group(1)


@pytest.mark.sphinx("html", testroot="metadata")
def test_sitemap_survives_an_incremental_build(app, warning):
    app.build()
    first = sitemap_locs(Path(app.outdir))
    app.build()  # nothing changed: no page is written again
    second = sitemap_locs(Path(app.outdir))
    assert "https://example.org/lab/" in second
    assert "https://example.org/lab/index.html" not in second
    assert second == first == sorted(first)
    assert "https://example.org/lab/publications/evil2024.html" in second
    assert "https://example.org/lab/404.html" not in second
