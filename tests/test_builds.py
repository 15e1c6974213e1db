"""Exact builds: clean builds are deterministic, ``-j 2`` equals ``-j 1``, an
incremental build after each edit equals a clean build of the same sources,
and no build writes to its sources (but for the paper pages' generated stubs).

Outputs are compared file by file, byte for byte, with nothing normalised.
The real site is built three times (a serial and a parallel build at once,
then a serial build of a copy at another path, with another
``SOURCE_DATE_EPOCH``); the edit
sequence runs on the small ``test-robust`` root, which uses every directive
whose output depends on other pages (latest news, selected publications,
research areas, the chart, "In the news", the feed).
"""

import hashlib
import os
import shutil
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from conftest import ROOT, sphinx_build

SOURCES = ["docs", "_ext", "conf.py", "refs.bib"]
ROBUST_ROOT = ROOT / "tests" / "roots" / "test-robust"


def generated(path: Path) -> bool:
    """A paper page's stub, which each build writes (``paperpages.write_stubs``)."""
    from sphinx_scholar.paperpages import STUB_SUFFIX, is_stub
    return path.suffix == STUB_SUFFIX and is_stub(path)


def without_generated(folder: str, names: list[str]) -> list[str]:
    return [name for name in names
            if name == "__pycache__" or generated(Path(folder) / name)]


def copy_project(dest: Path) -> Path:
    """The sources, without stubs a build in place may have left."""
    for name in SOURCES:
        src = ROOT / name
        if src.is_dir():
            shutil.copytree(src, dest / name, ignore=without_generated)
        else:
            shutil.copy2(src, dest / name)
    return dest


def build(srcdir: Path, confdir: Path, out: Path, *extra: str, epoch: str | None = None) -> None:
    env = dict(os.environ)
    env.pop("SOURCE_DATE_EPOCH", None)
    if epoch is not None:
        env["SOURCE_DATE_EPOCH"] = epoch
    result = sphinx_build(out / "html", "-d", str(out / "doctrees"), *extra,
                          srcdir=srcdir, confdir=confdir, env=env)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr


def site_files(out: Path) -> dict[str, bytes]:
    """Every output file, ``.buildinfo`` included (it records the config hash)."""
    html = out / "html"
    return {str(p.relative_to(html)): p.read_bytes() for p in sorted(html.rglob("*"))
            if p.is_file()}


def assert_same_site(left: Path, right: Path) -> None:
    a, b = site_files(left), site_files(right)
    assert sorted(a) == sorted(b), "different sets of files"
    different = [name for name in a if a[name] != b[name]]
    assert different == [], f"{len(different)} files differ: {different[:10]}"


def source_state(project: Path) -> dict[str, tuple[int, str]]:
    """mtime and content hash of every source file (caches and the paper
    pages' generated stubs excluded)."""
    return {str(p.relative_to(project)): (p.stat().st_mtime_ns,
                                          hashlib.sha256(p.read_bytes()).hexdigest())
            for p in sorted(project.rglob("*"))
            if p.is_file() and "__pycache__" not in p.parts and not generated(p)}


# -- the real site: deterministic, parallel, read-only -------------------------

@pytest.fixture(scope="module")
def real_builds(tmp_path_factory) -> dict[str, Path]:
    """Three clean builds of the site: a serial and a parallel one of one copy
    at the same time, then a serial one of a second copy, at another path and
    a later time, with another ``SOURCE_DATE_EPOCH``."""
    base = tmp_path_factory.mktemp("exact")
    project = copy_project(base / "project")
    before = source_state(project)
    runs = {"serial": ("-j", "1"), "parallel": ("-j", "2")}
    with ThreadPoolExecutor(max_workers=len(runs)) as pool:
        futures = [pool.submit(build, project / "docs", project, base / name, *args)
                   for name, args in runs.items()]
        for future in futures:
            future.result()
    # Nothing may depend on where the sources are, or on when they are built.
    elsewhere = copy_project(base / "elsewhere" / "checkout")
    build(elsewhere / "docs", elsewhere, base / "serial-1970", "-j", "1", epoch="1")
    outs = {name: base / name for name in [*runs, "serial-1970"]}
    outs["project"] = project
    (base / "sources-before").write_text(repr(before))
    outs["sources-before"] = base / "sources-before"
    return outs


def test_clean_builds_are_byte_identical(real_builds):
    assert_same_site(real_builds["serial"], real_builds["serial-1970"])


def test_parallel_build_equals_serial_build(real_builds):
    assert_same_site(real_builds["serial"], real_builds["parallel"])


def test_build_does_not_write_to_sources(real_builds):
    before = real_builds["sources-before"].read_text()
    assert repr(source_state(real_builds["project"])) == before
    # What it writes are the paper pages' stubs, one per entry, in their folder.
    stubs = [p for p in (real_builds["project"] / "docs").rglob("*") if generated(p)]
    assert stubs and {p.parent.name for p in stubs} == {"publications"}
    html = real_builds["serial"] / "html" / "publications"
    assert {p.stem for p in stubs} == {p.stem for p in html.glob("*.html")}


def test_feed_updated_is_the_newest_item(real_builds):
    """The feed's ``updated`` is the newest item's date, not the build's."""
    from lxml import etree

    html = real_builds["serial"] / "html"
    feed = etree.parse(str(html / "news.atom"))
    ns = {"a": "http://www.w3.org/2005/Atom"}
    feed_updated = feed.findtext("a:updated", namespaces=ns)
    entry_dates = sorted(feed.xpath("a:entry/a:updated/text()", namespaces=ns))
    assert entry_dates and feed_updated == entry_dates[-1]


# -- incremental builds: a scripted sequence of edits on a small root ----------

def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


NEW_PAPER = """
@inproceedings{somerville2021tides,
  title     = {Tides and Tables},
  author    = {Somerville, Mary and Lovelace, Ada},
  booktitle = {Conference on Tides},
  year      = {2021},
  abbr      = {CT},
  keywords  = {looms},
  selected  = {true},
}
"""

PAPER = "publications/babbage2018notes.html"  # cited by no news item

#: (name, edit, pages the edit must not rewrite)
STEPS = [
    # A no-op rebuild must keep everything, objects.inv's paper labels and the
    # search index's paper pages included, and rewrite no generated page.
    ("rebuild with no change", lambda p: None,
     ("index.html", "research.html", PAPER, "news.atom", "publications/babbage2018notes.bib",
      "cv.html", "cv.pdf")),
    ("add a news item", lambda p: edit(
        p / "news.md", ":::{news} 2020-08\n",
        ":::{news} 2021-01\n:tags: paper\nA new item about the loom. "
        "{cite:p}`jacquard2019loom`\n:::\n\n:::{news} 2020-08\n"), ("research.html", PAPER)),
    ("edit a news item", lambda p: edit(
        p / "news.md", "The engine paper is out.", "The engine paper is out, with tables."),
     ("research.html", PAPER)),
    # Not its headline (first sentence) or permalink (first six words): pages
    # listing headlines ("In the news" on the publications page) stay as they are.
    ("edit a news item after its headline", lambda p: edit(
        p / "news.md", "out, with tables.", "out, with tables. Now in print."),
     ("publications.html", "research.html", PAPER)),
    ("edit a paper's title in refs.bib", lambda p: edit(
        p / "refs.bib", "{The Analytical Engine}", "{The Analytical Engine, Revised}"), ()),
    ("add a paper", lambda p: (p / "refs.bib").open("a", encoding="utf-8").write(NEW_PAPER),
     ()),
    ("remove a news item", lambda p: edit(
        p / "news.md", ":::{news} 2019-06\n:tags: award\nThe loom paper won an award. "
        "{cite:p}`jacquard2019loom`\n:::\n", ""), ("research.html", PAPER)),
    ("change a paper's research area", lambda p: edit(
        p / "refs.bib", "  keywords  = {engines},\n  selected",
        "  keywords  = {looms},\n  selected"), ()),
    # Every page's navigation shows the page titles, paper pages' too.
    ("rename a page", lambda p: edit(p / "research.md", "# Research\n", "# Research areas\n"),
     ()),
    ("change the latest-news count", lambda p: edit(p / "index.md", ":count: 2", ":count: 3"),
     ("research.html",)),
    # A paper's old page and downloads must not outlive its entry.
    ("rename a paper's key", lambda p: edit(
        p / "refs.bib", "@inproceedings{somerville2021tides,", "@inproceedings{somerville2021tables,"),
     ()),
    ("remove a paper", lambda p: edit(p / "refs.bib", NEW_PAPER.replace(
        "somerville2021tides", "somerville2021tables"), ""), ()),
    # The CV (page and PDF) follows its facts: awards, talks, refs.bib above.
    ("add an award", lambda p: edit(
        p / "awards.md", "- Fellowship of the Analytical Society, 2020\n",
        "- Fellowship of the Analytical Society, 2020\n- Medal of the Royal Society, 2021\n"),
     ("research.html", PAPER, "news.atom")),
    ("add a talk", lambda p: edit(
        p / "news.md", ":::{news} 2018-03-26\n",
        ":::{news} 2018-05\n:tags: talk\nAda spoke at the Society of Arts.\n:::\n\n"
        ":::{news} 2018-03-26\n"), ("research.html", PAPER)),
    ("remove an award", lambda p: edit(p / "awards.md", "- Medal of the Royal Society, 2021\n", ""),
     ("research.html", PAPER, "news.atom")),
    ("rebuild with no change again", lambda p: None,
     ("index.html", PAPER, "news.atom", "cv.html", "cv.pdf")),
]


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_incremental_builds_equal_clean_builds(tmp_path, jobs):
    """With ``-j 2``, the first build reads and writes in forked processes;
    most rebuilds after an edit read and write their few pages in the main
    process (``parallel.worth_forking``), those that rewrite every page
    still fork their writers. Clean builds are serial."""
    project = tmp_path / "project"
    shutil.copytree(ROBUST_ROOT, project)
    incremental = tmp_path / "incremental"
    build(project, project, incremental, "-j", jobs)
    for number, (step, change, untouched) in enumerate(STEPS):
        kept = {name: (incremental / "html" / name).stat().st_mtime_ns for name in untouched}
        change(project)
        build(project, project, incremental, "-j", jobs)
        clean = tmp_path / f"clean-{number}"
        build(project, project, clean)
        try:
            assert_same_site(incremental, clean)
        except AssertionError as error:
            raise AssertionError(f"after step {number + 1}, {step!r}: {error}") from None
        rewritten = [name for name, mtime in kept.items()
                     if (incremental / "html" / name).stat().st_mtime_ns != mtime]
        assert not rewritten, f"{step}: {rewritten} rewritten"


# -- links: every internal link resolves, every external one is https ----------

LINK_ATTRIBUTES = {"a": "href", "link": "href", "area": "href", "script": "src", "img": "src",
                   "source": "src", "iframe": "src", "video": "src", "audio": "src",
                   "form": "action"}
#: conf.py's default ``html_baseurl``: absolute links under it point into the site.
BASE_URL = "https://songhan.mit.edu/"


def page_links(page_path: Path):
    """(tag, URL) of every link of a page: attributes, ``<meta content>`` URLs
    (Open Graph, Twitter) and ``srcset`` candidates."""
    from bs4 import BeautifulSoup

    page = BeautifulSoup(page_path.read_text(encoding="utf-8"), "lxml")
    for tag_name, attribute in LINK_ATTRIBUTES.items():
        for tag in page.find_all(tag_name, attrs={attribute: True}):
            yield f"<{tag_name} {attribute}>", tag[attribute]
    for tag in page.find_all(["img", "source"], attrs={"srcset": True}):
        for candidate in tag["srcset"].split(","):
            yield f"<{tag.name} srcset>", candidate.split()[0]
    for tag in page.find_all("meta", attrs={"content": True}):
        if tag["content"].startswith(("https://", "http://")):
            yield f"<meta {tag.get('property') or tag.get('name')}>", tag["content"]


def xml_links(path: Path):
    """Links of the Atom feed (entries' links and their HTML content) and of
    the sitemap."""
    from bs4 import BeautifulSoup
    from lxml import etree

    tree = etree.parse(str(path))
    for link in tree.iter("{http://www.w3.org/2005/Atom}link"):
        yield "<atom:link>", link.get("href")
    for content in tree.iter("{http://www.w3.org/2005/Atom}content"):
        for tag in BeautifulSoup(content.text or "", "lxml").find_all(["a", "img"]):
            if tag.get("href") or tag.get("src"):
                yield f"<content {tag.name}>", tag.get("href") or tag.get("src")
    for loc in tree.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc"):
        yield "<sitemap:loc>", loc.text


def test_every_link_resolves_or_is_https(real_builds):
    from urllib.parse import unquote, urlsplit

    from bs4 import BeautifulSoup

    html = real_builds["serial"] / "html"
    ids: dict[Path, set[str]] = {}

    def ids_of(path: Path) -> set[str]:
        if path not in ids:
            page = BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")
            ids[path] = {tag["id"] for tag in page.find_all(id=True)} | \
                {tag["name"] for tag in page.find_all("a", attrs={"name": True})}
        return ids[path]

    sources = [(path, page_links(path)) for path in sorted(html.rglob("*.html"))]
    sources += [(html / name, xml_links(html / name)) for name in ("news.atom", "sitemap.xml")]
    problems, internal, absolute, external = [], 0, 0, 0
    for page_path, links in sources:
        for what, url in links:
            where = f"{page_path.relative_to(html)}: {what} {url!r}"
            if url.startswith(BASE_URL):
                # An absolute link into the site (feed, sitemap, canonical,
                # Open Graph, the 404 page): it must resolve like any other.
                absolute += 1
                url = "/" + url[len(BASE_URL):]
            parts = urlsplit(url)
            if parts.scheme or url.startswith("//"):
                external += 1
                if parts.scheme != "https" or not parts.netloc or " " in url:
                    problems.append(f"{where}: not a well-formed https URL")
                continue
            internal += 1
            # Rooted links (the 404 page's, made absolute above) start at the root.
            base = html if parts.path.startswith("/") else page_path.parent
            target = page_path if not parts.path else \
                (base / unquote(parts.path).lstrip("/")).resolve()
            if target.is_dir():
                target = target / "index.html"
            if not target.is_file() or html.resolve() not in target.resolve().parents:
                problems.append(f"{where}: no such file")
            elif parts.fragment and target.suffix == ".html" and \
                    unquote(parts.fragment) not in ids_of(target):
                problems.append(f"{where}: no id {parts.fragment!r} there")
    # the walk did see the site's links, its absolute ones included
    assert internal > 100 and absolute > 100 and external > 10
    assert problems == [], "\n".join(problems)
