"""The real site, end to end: every part of the owner's homepage is there."""

import re
import subprocess
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from lxml import etree
from pybtex.database import parse_file

from conftest import ROOT
from test_chart import bar_counts, declared_areas, expected_counts
from test_chart import soup as chart_soup

ENTRIES = parse_file(str(ROOT / "refs.bib")).entries

# The dates of the 52 items of the source's "News Blog", in its order.
SOURCE_NEWS_DATES = (
    ["2020-08"] * 2 + ["2020-07"] * 3 + ["2020-06"] * 2 + ["2020-05"] + ["2020-04"] * 2
    + ["2020-03"] * 2 + ["2020-02"] * 3 + ["2020-01"] + ["2019-12"] * 2 + ["2019-11"]
    + ["2019-10"] * 7 + ["2019-09"] * 2 + ["2019-07"] + ["2019-06"] * 4 + ["2019-05"]
    + ["2019-04"] * 2 + ["2019-03"] * 2 + ["2019-02"] + ["2019-01"] * 2
    + ["2018-12"] * 4 + ["2018-09"] * 3 + ["2018-06"]
    + ["2018-03-26", "2018-02-26", "2018-01-29"]
)


def page(site: Path, name: str) -> BeautifulSoup:
    return BeautifulSoup((site / name).read_text(encoding="utf-8"), "lxml")


def main_text(site: Path, name: str) -> str:
    return " ".join(page(site, name).select_one("article[role=main]").get_text(" ").split())


def test_build_has_no_warnings(site):
    log = (site / ".build-log").read_text()
    assert "WARNING" not in log and "ERROR" not in log


def test_home_page(site):
    text = main_text(site, "index.html")
    for expected in ["Song Han", "Assistant Professor, MIT EECS",
                     "Efficient AI with Tiny Resource", "Accelerate Deep Learning Computing",
                     "We actively collaborate with industry partners",
                     "High performance, High energy efficiency Hardware",
                     "AutoML, Architectures and Accelerators for AI",
                     "Novel applications with Neural Networks",
                     "Ph.D. Stanford University, advised by Prof. Bill Dally",
                     "B.S. Tsinghua University",
                     "FirstnameLastname [at] mit [dot] edu"]:
        assert expected in text
    links = {a.get_text(strip=True): a["href"]
             for a in page(site, "index.html").select("article[role=main] a")}
    for label in ["YouTube", "Twitter", "Google Scholar", "GitHub", "LinkedIn",
                  "Group Website", "MIT News", "IEEE Spectrum", "PyTorch", "AutoGluon"]:
        assert links[label].startswith("https://"), label


def test_latest_news_on_home_page(site):
    items = page(site, "index.html").select(".latest-news article.news-item")
    assert [i.time["datetime"] for i in items] == SOURCE_NEWS_DATES[:5]


def test_email_never_in_plain_form(site):
    for html in site.rglob("*.html"):
        text = html.read_text(encoding="utf-8")
        assert "mailto:" not in text, html
        assert not re.search(r"[\w.]+@mit\.edu", text, re.I), html


# The source's "Research Interests": each area and its tags, in its order and words.
RESEARCH_INTERESTS = [
    ("Model Compression / AutoML / NAS",
     ["ICLR’20", "CVPR’20", "ICLR’19", "CVPR’19, oral", "ECCV’18", "ICLR’16, BP", "NIPS’15"]),
    ("Efficient AI Applications: Video / Point Cloud / NLP",
     ["ICLR’20", "CVPR’20", "NeurIPS’19, spotlight", "ICCV’19"]),
    ("HW for ML", ["HPCA’20", "FPGA’17, BP", "ISCA’16"]),
    ("ML for HW", ["DAC’20", "NeurIPS’19 W"]),
    ("Secure AI", ["NeurIPS’19", "ICLR’19"]),
]


def test_research_areas(site):
    soup = page(site, "research.html")
    sections = soup.select("article[role=main] section section")
    areas = [(s.h2.get_text(strip=True).rstrip("¶"),
              [a.get_text() for a in s.select("ul.venue-tags a")]) for s in sections]
    assert areas == RESEARCH_INTERESTS
    for section in sections:
        # The tags line, then the same papers by title, each with its tag.
        tags = section.select("ul.venue-tags a")
        papers = section.select("ul.area-papers > li")
        assert section.select_one("ul.venue-tags").find_next_sibling("ul") is papers[0].parent
        assert [li.a["href"] for li in papers] == [a["href"] for a in tags]
        for li, tag in zip(papers, tags):
            own_page = page(site, li.a["href"])
            assert li.a.get_text() == own_page.h1.get_text(strip=True).rstrip("¶")
            assert li.select_one(".area-paper-venue").get_text() == tag.get_text()
            assert (site / li.a["href"]).is_file()


def test_research_interests_on_the_home_page(site):
    home = page(site, "index.html")
    heading = next(h for h in home.select("article[role=main] h2")
                   if h.get_text(strip=True).rstrip("¶") == "Research Interests")
    listing = heading.find_next("ul", class_="research-interests")
    assert listing.find_previous("h2") is heading  # right under the heading
    lines = [(li.p.a.get_text(), [a.get_text() for a in li.select("ul.venue-tags a")])
             for li in listing.find_all("li", recursive=False)]
    assert lines == RESEARCH_INTERESTS
    research = page(site, "research.html")
    for li in listing.find_all("li", recursive=False):
        # The area's name opens its section of the research page; each tag its paper.
        path, _, anchor = li.p.a["href"].partition("#")
        assert path == "research.html"
        assert research.find(id=anchor).h2.get_text(strip=True).rstrip("¶") == li.p.a.get_text()
        for tag in li.select("ul.venue-tags a"):
            assert tag["href"].startswith("publications/") and (site / tag["href"]).is_file()
    assert "Efficient algorithms and hardware for computation-intensive AI applications" in \
        heading.find_next("p").get_text()


def test_awards(site):
    text = main_text(site, "awards.html")
    for award in ["NSF CAREER Award, 2020", "NVIDIA Academic Partnership Award, 2020",
                  "MIT Technology Review list of 35 Innovators Under 35, 2019",
                  "SONY Faculty Award, 2017/2018", "Amazon Machine Learning Research Award, 2018/2019",
                  "Facebook Research Award, 2019", "Best paper award, FPGA’2017",
                  "Best paper award, ICLR’2016",
                  # the news items that tell of a competition won, with their dates
                  "Low-Power Computer Vision Challenge, mobile CPU track and FPGA track, "
                  "with the Once-for-All Network (Aug 2020)",
                  "both classification and detection track, with the Once-for-All Network "
                  "(Feb 2020)",
                  "DSP track at ICCV’19, with the Once-for-All Network (Oct 2019)",
                  "Visual Wake Words Challenge at CVPR’19, with ProxylessNAS (June 2019)",
                  "2nd place (Xiangning), feedback phase of the NeurIPS’18 AutoML Challenge: "
                  "AutoML for Lifelong Machine Learning (Dec 2018)"]:
        assert award in text


def test_every_entry_on_publications_page_and_own_page(site):
    soup = page(site, "publications.html")
    listed = {div["id"].removeprefix("pub-") for div in soup.select("div.publication")}
    assert listed == set(ENTRIES)
    for key in ENTRIES:
        paper = page(site, f"publications/{key}.html")
        assert paper.title.get_text().startswith(paper.h1.get_text(strip=True).rstrip("¶")[:20])


def test_owner_highlighted(site):
    soup = page(site, "publications.html")
    for div in soup.select("div.publication"):
        assert [s.get_text() for s in div.select(".pub-authors strong")] == ["Song Han"]


def test_navigation(site):
    nav = [a.get_text(strip=True) for a in page(site, "index.html").select(".sidebar-tree a")]
    assert nav == ["Research", "Publications", "News", "Awards", "Curriculum vitae", "Contact"]


def test_news_page_has_all_items_with_dates(site):
    items = page(site, "news.html").select("article.news-item")
    assert sorted(i.time["datetime"] for i in items) == sorted(SOURCE_NEWS_DATES)
    assert [i.time["datetime"] for i in items] == SOURCE_NEWS_DATES  # newest first


def test_feed_is_valid_atom_with_all_items(site):
    ns = {"a": "http://www.w3.org/2005/Atom"}
    feed = etree.parse(str(site / "news.atom"))
    entries = feed.findall("a:entry", ns)
    assert len(entries) == len(SOURCE_NEWS_DATES)
    ids = [e.findtext("a:id", namespaces=ns) for e in entries]
    assert len(set(ids)) == len(ids)
    assert all(i.startswith("https://") for i in ids)
    assert [e.findtext("a:updated", namespaces=ns)[:7] for e in entries] == \
        [d[:7] for d in SOURCE_NEWS_DATES]
    for entry in entries:
        title = entry.findtext("a:title", namespaces=ns)
        # a headline: words, without the "[paper][code]" link labels
        assert title and "[" not in title and "]" not in title, title
        # what Atom (RFC 4287) requires of an entry, and the link to the item
        alternates = [link.get("href") for link in entry.findall("a:link", ns)
                      if link.get("rel", "alternate") == "alternate"]  # Atom's default rel
        assert alternates == [entry.findtext("a:id", namespaces=ns)]
        assert entry.find("a:content", ns).get("type") == "html"
        content = BeautifulSoup(entry.findtext("a:content", namespaces=ns), "lxml")
        for link in content.find_all("a"):
            assert link["href"].startswith("https://"), link
    for name in ("research.html", "publications/han2016deep.html"):
        head = page(site, name).select_one('link[rel=alternate][type="application/atom+xml"]')
        assert head["href"] == "https://songhan.mit.edu/news.atom"  # html_baseurl + feed


#: News items that quote a refs.bib title without being about that paper.
NAMES_WITHOUT_CITING = {
    # talks (ISSCC'19 forum, FPGA'18 panel) whose titles begin with the DAC'18 paper's
    ("2019-02-song-presented-bandwidth-efficient-deep-learning", "han2018bandwidth"),
    ("2018-02-26-song-presented-bandwidth-efficient-deep-learning", "han2018bandwidth"),
}


def test_news_items_naming_a_paper_cite_it(site):
    def words(text: str) -> str:
        return " ".join(re.findall(r"[a-z0-9]+", text.lower()))

    titles = {key: words(entry.fields["title"].replace("{", "").replace("}", ""))
              for key, entry in ENTRIES.items()}
    checked = 0
    for article in page(site, "news.html").select("article.news-item"):
        text = words(article.select_one(".news-body").get_text(" "))
        links = {a["href"] for a in article.select("a[href]")}
        for key, title in titles.items():
            if title in text and (article["id"], key) not in NAMES_WITHOUT_CITING:
                checked += 1
                assert f"publications/{key}.html" in links, (article["id"], key)
    assert checked > 20  # most paper items name their paper


def test_papers_link_back_to_news(site):
    ofa = page(site, "publications/cai2020once.html")
    permalinks = [a["href"] for a in ofa.select("#in-the-news a.news-permalink")]
    assert "../news.html#2019-12-once-for-all-network-ofa-is" in permalinks
    for href in permalinks:
        anchor = href.split("#")[1]
        assert page(site, "news.html").find(id=anchor) is not None


def test_internal_links_resolve(site):
    """Every link inside the site points to an existing file and anchor."""
    for html in site.rglob("*.html"):
        soup = BeautifulSoup(html.read_text(encoding="utf-8"), "lxml")
        for link in soup.select("article[role=main] a[href]"):
            href = link["href"]
            if href.startswith(("https://", "http://")):
                continue
            target, _, fragment = href.partition("#")
            path = (html.parent / target).resolve() if target else html
            assert path.is_file(), f"{html.relative_to(site)}: {href}"
            if fragment and path.suffix == ".html":
                doc = BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")
                assert doc.find(id=fragment) is not None, f"{html.relative_to(site)}: {href}"


def test_publications_list_shows_each_papers_news_as_one_line(site):
    listing = page(site, "publications.html")
    lines = 0
    for paper in listing.select("div.publication"):
        key = paper["id"].removeprefix("pub-")
        assert not paper.select("article.news-item, time")  # the items are on the paper page
        items = page(site, f"publications/{key}.html").select("#in-the-news article.news-item")
        news = paper.select("p.pub-news")
        if not items:
            assert not news
            continue
        lines += 1
        assert len(news) == 1 and len(news[0].select("a")) == 1
        assert news[0].a.get_text() == f"In the news ({len(items)})"
        assert news[0].a["href"] == f"publications/{key}.html#in-the-news"
    assert lines >= 10  # most of the owner's papers are in the news


# The chart (moved from test_chart.py: the extension's tests use their roots).
def test_real_site_chart_counts_every_paper(site):
    chart = chart_soup(site / "publications.html").select_one("figure.publication-chart")
    areas = declared_areas(ROOT / "docs" / "research.md")
    expected = expected_counts(ROOT / "refs.bib", areas)
    assert bar_counts(chart) == expected
    assert sum(bar_counts(chart).values()) == len(parse_file(str(ROOT / "refs.bib")).entries)
    assert chart.find_next_sibling("details").select("table tbody tr")


# -- The CV: the page and the PDF, from the site's own sources --------------------

def pdf_text(path: Path) -> str:
    """The PDF's text on one line, quotes made plain (titles are compared)."""
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout
    return plain_quotes(" ".join(text.split()))


def plain_quotes(text: str) -> str:
    return text.translate(str.maketrans("‘’“”", "''\"\""))


HONORS = ["NSF CAREER Award", "NVIDIA Academic Partnership Award",
          "MIT Technology Review list of 35 Innovators Under 35", "SONY Faculty Award",
          "Amazon Machine Learning Research Award", "Facebook Research Award",
          "Best paper award, FPGA'2017", "Best paper award, ICLR'2016"]


def test_cv_pdf_has_every_fact(site):
    text = pdf_text(site / "cv.pdf")
    for fact in ["Song Han", "Assistant Professor",
                 "Department of Electrical Engineering and Computer Science, "
                 "Massachusetts Institute of Technology",
                 "FirstnameLastname [at] mit [dot] edu",
                 "Ph.D., Stanford University", "advised by Prof. Bill Dally",
                 "B.S., Tsinghua University", *HONORS,
                 "Once-for-All Network", "Talks", "Publications"]:
        assert fact in text, fact
    assert "@mit.edu" not in text
    for date in ["2020", "2017/2018", "2018/2019", "Aug 2020", "Dec 2018"]:
        assert date in text
    # Every paper's title, as the publications page shows it.
    titles = [plain_quotes(" ".join(title.get_text(" ").split()))
              for title in page(site, "publications.html").select(".pub-title")]
    assert len(titles) == len(ENTRIES)
    for title in titles:
        assert title in text, title


def test_cv_pdf_metadata_fonts_and_size(site):
    from pypdf import PdfReader

    reader = PdfReader(site / "cv.pdf")
    assert reader.metadata.title == "Song Han: Curriculum Vitae"
    assert reader.metadata.author == "Song Han"
    assert (site / "cv.pdf").stat().st_size <= 300_000
    fonts = subprocess.run(["pdffonts", str(site / "cv.pdf")], capture_output=True, text=True,
                           check=True).stdout.splitlines()[2:]
    assert fonts
    assert all(re.split(r"\s+", line.strip())[-5] == "yes" for line in fonts), fonts


def test_cv_pdf_links_work(site):
    from pypdf import PdfReader

    links = set()
    for pdf_page in PdfReader(site / "cv.pdf").pages:
        for annotation in pdf_page.get("/Annots") or []:
            action = annotation.get_object().get("/A")
            if action is not None and "/URI" in action:
                links.add(str(action["/URI"]))
    base = "https://songhan.mit.edu/"
    for key, entry in ENTRIES.items():
        assert f"{base}publications/{key}.html" in links, key
        if "doi" in entry.fields:
            assert f"https://doi.org/{entry.fields['doi']}" in links, key
    for link in links:
        assert link.startswith("https://"), link
        if link.startswith(base):
            path, _, anchor = link.removeprefix(base).partition("#")
            target = site / (path or "index.html")
            assert target.is_file(), link
            assert not anchor or f'id="{anchor}"' in target.read_text(encoding="utf-8"), link
    # The talks: the news items tagged talk, each linking to its item.
    talks = [a["id"] for a in page(site, "news.html").select("article.news-item")
             if "Talk" in [t.get_text() for t in a.select(".news-tag")]]
    assert talks and all(f"{base}news.html#{anchor}" in links for anchor in talks)


def test_cv_page_and_links_to_it(site):
    text = main_text(site, "cv.html")
    for fact in ["Song Han", "Assistant Professor", "FirstnameLastname [at] mit [dot] edu",
                 "Ph.D. Stanford University, advised by Prof. Bill Dally",
                 "B.S. Tsinghua University", "Honors", "Competition awards",
                 "NSF CAREER Award, 2020", "Best paper award, FPGA’2017"]:
        assert fact in text, fact
    cv_page = page(site, "cv.html")
    assert len(cv_page.select(".cv-publications > li")) == len(ENTRIES)
    assert cv_page.select_one("a.cv-pdf-link")["href"] == "cv.pdf"
    home_links = [a["href"] for a in page(site, "index.html").select("article[role=main] a")]
    assert "cv.pdf" in home_links and "cv.html" in home_links


def test_awards_typed_once(site):
    """The awards page's honors are the JSON-LD's awards and the CV's."""
    import json

    honors = [" ".join(li.get_text(" ").split()) for li in
              page(site, "awards.html").select("article[role=main] section ul")[0].select("li")]
    [person] = [json.loads(script.string) for script in
                page(site, "index.html").select("script[type='application/ld+json']")]
    assert len(person["award"]) == 8
    assert [plain_quotes(award) for award in person["award"]] == \
        [plain_quotes(h.split(" [")[0]) for h in honors]
