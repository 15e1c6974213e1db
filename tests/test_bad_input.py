"""The bad-input corpus: each hurried mistake in refs.bib or the pages gives
one located, actionable message and a failed build, never a traceback;
markup in data is always shown as text.

Every case is a copy of ``tests/roots/test-robust`` with one change. The
builds are independent subprocesses, started together on a small pool when
the module's first test asks for them, so the corpus takes a fraction of the
time of building the cases one after another.
"""

import json
import re
import shutil
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Callable, NamedTuple

import pytest
from bs4 import BeautifulSoup

from conftest import ROOT, sphinx_build

ROBUST_ROOT = ROOT / "tests" / "roots" / "test-robust"
ENGINE = "lovelace2020engine"
LOOM = "jacquard2019loom"


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def line_of(path: Path, needle: str, occurrence: int = 1) -> int:
    """1-based line of the ``occurrence``-th line containing ``needle``."""
    lines = [n for n, line in enumerate(path.read_bytes().split(b"\n"), start=1)
             if needle.encode() in line]
    return lines[occurrence - 1]


def bib_entry(src: Path, key: str, occurrence: int = 1) -> str:
    """``refs.bib:LINE`` of the ``@type{key,`` line."""
    return f"refs.bib:{line_of(src / 'refs.bib', '{' + key + ',', occurrence)}"


def at(file: str, needle: str, occurrence: int = 1) -> Callable[[Path], str]:
    return lambda src: f"{file}:{line_of(src / file, needle, occurrence)}"


def entry(key: str, occurrence: int = 1) -> Callable[[Path], str]:
    return lambda src: bib_entry(src, key, occurrence)


def add_news(src: Path, item: str) -> None:
    edit(src / "news.md", ":::{news} 2020-08\n", item + "\n:::{news} 2020-08\n")


class Case(NamedTuple):
    """One mistake, and what the build must say about it."""

    change: Callable[[Path], None]  #: makes the mistake in a copy of the root
    location: Callable[[Path], str] | None  #: "file:line" the message must name
    says: tuple[str, ...]  #: what is wrong and how to fix it (substrings)
    subtype: str = ""  #: the warning's "homepage.<subtype>"


NEW_BIB = """
@inproceedings{{babbage2021mill,
  title     = {{{title}}},
  author    = {{{author}}},
  booktitle = {{International Conference on Mills}},
  year      = {{2021}},
  abbr      = {{ICM}},
  keywords  = {{engines}},{extra}
}}
"""


def append_bib(src: Path, key: str = "babbage2021mill", title: str = "The Mill",
               author: str = "Babbage, Charles", extra: str = "") -> None:
    with (src / "refs.bib").open("a", encoding="utf-8") as bibfile:
        bibfile.write(NEW_BIB.replace("babbage2021mill", key).format(
            title=title, author=author, extra=extra))


def append_raw(text: str, newline: str = "\n") -> Callable[[Path], None]:
    """Append ``text`` to refs.bib as it is (its own layout and line ends)."""
    def change(src: Path) -> None:
        with (src / "refs.bib").open("a", encoding="utf-8", newline="") as bibfile:
            bibfile.write(text.replace("\n", newline))
    return change


#: An institutional repository's layout: the key on the line after "@type{".
KEY_ON_NEXT_LINE = """
@inproceedings{
  lovelace2020engine,
  title     = {The Analytical Engine, Again},
  author    = {Lovelace, Ada},
  booktitle = {Repository Conference},
  year      = {2021},
}
"""

PARENTHESES_CRLF = """
@misc(jacquard2019loom,
\ttitle = {Another Loom},
\tauthor = {Jacquard, Joseph Marie},
\tyear = {2021}
)
"""


def page(name: str, old: str, new: str) -> Callable[[Path], None]:
    return lambda src: edit(src / name, old, new)


def bib(old: str, new: str) -> Callable[[Path], None]:
    return lambda src: edit(src / "refs.bib", old, new)


def write_bytes(name: str, old: str, new: bytes) -> Callable[[Path], None]:
    def change(src: Path) -> None:
        raw = (src / name).read_bytes()
        assert old.encode() in raw
        (src / name).write_bytes(raw.replace(old.encode(), new, 1))
    return change


FAILING: dict[str, Case] = {
    # -- refs.bib: syntax and encoding ------------------------------------
    "bib-unbalanced-brace": Case(
        bib("{The Analytical Engine}", "{The Analytical {Engine}"), entry(ENGINE),
        (f'entry "{ENGINE}"', "every { in this entry has its }"), "bib_syntax"),
    "bib-missing-comma": Case(
        bib("  abbr      = {ICE},\n", "  abbr      = {ICE}\n"), entry(ENGINE),
        (f'entry "{ENGINE}"', "every field ends with a comma"), "bib_syntax"),
    "bib-duplicate-key": Case(
        lambda src: append_bib(src, ENGINE), entry(ENGINE, 2),
        (f'duplicate key "{ENGINE}"', "first used at", "rename one"), "bib_duplicate"),
    "bib-duplicate-key-on-next-line": Case(
        append_raw(KEY_ON_NEXT_LINE), at("refs.bib", "@inproceedings{", 2),
        (f'duplicate key "{ENGINE}"', "first used at", "refs.bib:1)", "rename one"),
        "bib_duplicate"),
    "bib-duplicate-key-parentheses-crlf": Case(
        append_raw(PARENTHESES_CRLF, "\r\n"), at("refs.bib", "@misc(jacquard2019loom"),
        (f'duplicate key "{LOOM}"', "refs.bib:13)", "rename one"), "bib_duplicate"),
    "bib-missing-comma-key-on-next-line": Case(
        append_raw(KEY_ON_NEXT_LINE.replace("lovelace2020engine", "lovelace2021again")
                   .replace("{Lovelace, Ada},", "{Lovelace, Ada}")),
        at("refs.bib", "@inproceedings{", 2),
        ('entry "lovelace2021again"', "every field ends with a comma"), "bib_syntax"),
    "bib-duplicate-field": Case(
        bib("  abbr      = {ICE},\n", "  abbr      = {ICE},\n  title     = {Again},\n"),
        entry(ENGINE), (f'entry "{ENGINE}" has title twice', "delete one"), "bib_field"),
    "bib-duplicate-key-other-case": Case(
        lambda src: append_bib(src, LOOM.upper()), entry(LOOM.upper()),
        (f'duplicate key "{LOOM.upper()}"', "case-insensitive"), "bib_duplicate"),
    "bib-not-utf8": Case(
        write_bytes("refs.bib", "Punched Cards", "Punched Cards \xe0 la".encode("latin-1")),
        at("refs.bib", "Punched Cards"), ("not UTF-8", "byte 0xe0", "save the file"),
        "bib_encoding"),
    "bib-missing-file": Case(
        lambda src: (src / "refs.bib").unlink(), at("conf.py", "bibtex_bibfiles"),
        ("refs.bib not found", "bibtex_bibfiles in conf.py"), "bib_missing"),
    # -- refs.bib: entries the pages cannot render ------------------------
    "bib-no-title": Case(bib("  title     = {The Analytical Engine},\n", ""), entry(ENGINE),
                         (f'entry "{ENGINE}" has no title', "title = {...}"), "bib_field"),
    "bib-empty-title": Case(bib("{The Analytical Engine}", "{ }"), entry(ENGINE),
                            (f'entry "{ENGINE}" has no title', "title = {...}"), "bib_field"),
    "bib-no-author": Case(bib("  author    = {Lovelace, Ada and Babbage, Charles},\n", ""),
                          entry(ENGINE), (f'entry "{ENGINE}" has no author', "author = {...}"),
                          "bib_field"),
    "bib-no-year": Case(bib("  year      = {2019},\n", ""), entry(LOOM),
                        (f'entry "{LOOM}" has no year', "year = {...}",
                         "date = {YYYY-MM-DD}"), "bib_field"),
    "bib-book-without-author-or-editor": Case(
        lambda src: (bib("@misc{babbage2018notes", "@book{babbage2018notes")(src),
                     bib("  author    = {Babbage, Charles},\n  howpublished", "  howpublished")(src)),
        entry("babbage2018notes"),
        ('entry "babbage2018notes" has no author', "author = {...}", "editor = {...}"),
        "bib_field"),
    "bib-year-not-a-number": Case(bib("{2019}", "{2O19}"), entry(LOOM),
                                  ("is not a year", "four digits"), "bib_field"),
    "bib-techreport-no-institution": Case(
        bib("@misc{babbage2018notes", "@techreport{babbage2018notes"), entry("babbage2018notes"),
        ("has no institution", "@techreport needs"), "bib_field"),
    "bib-keys-same-page": Case(
        lambda src: (append_bib(src, "babbage:2021mill"), append_bib(src, "babbage/2021mill")),
        entry("babbage/2021mill"),
        ('entry "babbage/2021mill" would have the same page as "babbage:2021mill"',
         "babbage-2021mill.html", "rename one"), "bib_page"),
    "bib-unknown-type": Case(bib("@inproceedings{lovelace", "@inproceeding{lovelace"),
                             entry(ENGINE), ("unknown type @inproceeding",
                                             "did you mean @inproceedings?", "@thesis"),
                             "bib_type"),
    "bib-author-and-and": Case(bib("Lovelace, Ada and Babbage", "Lovelace, Ada and and Babbage"),
                               entry(ENGINE), ('stray "and"', "Last, First"), "bib_author"),
    "bib-author-trailing-and": Case(bib("Lovelace, Ada and Babbage, Charles}",
                                        "Lovelace, Ada and Babbage, Charles and}"),
                                    entry(ENGINE), ('stray "and"', 'one " and " between names'),
                                    "bib_author"),
    "bib-author-too-many-commas": Case(bib("Babbage, Charles},", "Babbage, Charles, Sir, Jr},"),
                                       entry(ENGINE), ("Too many commas", "Last, First"),
                                       "bib_author"),
    "bib-latex-unparseable": Case(bib("{Punched Cards for Looms}", "{Punched Cards for Looms \\}"),
                                  entry(LOOM), ("LaTeX in title", "cannot be read"),
                                  "bib_latex"),
    "bib-author-vancouver": Case(bib("Lovelace, Ada and Babbage, Charles", "Lovelace A, Babbage C"),
                                 entry(ENGINE), ("looks like a list of names",
                                                 '"Doe, J. and Roe, R."'), "bib_author"),
    # -- refs.bib: link fields --------------------------------------------
    "bib-url-javascript": Case(bib("https://example.org/engine}", "javascript:alert(1)}"),
                               entry(ENGINE), ("url = {javascript:alert(1)} is not a web address",
                                               "https://"), "bib_url"),
    "bib-pdf-data-url": Case(bib("https://example.org/loom.pdf",
                                 "data:text/html;base64,PHNjcmlwdD4="),
                             entry(LOOM), ("pdf = {data:text/html", "not a web address"),
                             "bib_url"),
    "bib-code-not-a-url": Case(bib("https://example.org/engine/code", "github dot com slash ada"),
                               entry(ENGINE), ("code = {github dot com slash ada}",
                                               "https:// URL"), "bib_url"),
    "bib-local-pdf-missing": Case(bib("https://example.org/loom.pdf", "loom.pdf"), entry(LOOM),
                                  ('pdf file "loom.pdf" is not in', "add the file there"),
                                  "bib_file"),
    # -- citations ----------------------------------------------------------
    "cite-missing-key-in-news": Case(
        lambda src: edit(src / "news.md", "{cite:p}`jacquard2019loom`", "{cite:p}`nobody1999`"),
        at("news.md", ":::{news} 2019-06"), ('"nobody1999"', "not in refs.bib", "add the entry or correct the key"),
        "news_citation"),
    "cite-missing-key-in-page": Case(
        lambda src: edit(src / "research.md", "## Looms\n",
                         "## Looms\n\nSee {cite:t}`nobody1999`.\n"),
        at("research.md", "nobody1999"), ('"nobody1999"', "add an entry"), "unknown_citation"),
    "cite-broken-entry-reported-once": Case(
        bib("  title     = {Punched Cards for Looms},\n", ""), entry(LOOM),
        (f'entry "{LOOM}" has no title', "title = {...}"), "bib_field"),
    # -- news -------------------------------------------------------------
    "news-month-13": Case(lambda src: add_news(src, ":::{news} 2020-13\nText.\n:::\n"),
                          at("news.md", "2020-13"), ("does not exist", "01-12"), "news_date"),
    "news-february-30": Case(lambda src: add_news(src, ":::{news} 2020-02-30\nText.\n:::\n"),
                             at("news.md", "2020-02-30"),
                             ("does not exist", "check the month (01-12) and the day"), "news_date"),
    "news-words-as-date": Case(lambda src: add_news(src, ":::{news} last spring\nText.\n:::\n"),
                               at("news.md", "last spring"),
                               ("cannot read the date", "write it as YYYY-MM"), "news_date"),
    "news-missing-date": Case(lambda src: add_news(src, ":::{news}\nText.\n:::\n"),
                              at("news.md", ":::{news}\n".strip()),
                              ("without a date", ":::{news} 2020-08"), "news_date"),
    "news-unknown-tag": Case(lambda src: add_news(src, ":::{news} 2020-01\n:tags: gossip\n"
                                                        "T.\n:::\n"),
                             at("news.md", "2020-01"), ('unknown news tag "gossip"',
                                                        "homepage_news_tags"), "news_tag"),
    "news-empty-body": Case(lambda src: add_news(src, ":::{news} 2020-01\n:tags: award\n:::\n"),
                            at("news.md", "2020-01"),
                            ("has no text", "write what happened"), "news_empty"),
    "news-not-utf8": Case(write_bytes("news.md", "A day with no tags.",
                                      "A d\xe9j\xe0 vu.".encode("latin-1")),
                          at("news.md", "A d"), ("news.md is not UTF-8", "byte 0xe9",
                                                 "save the file"), "encoding"),
    # -- research areas -----------------------------------------------------
    "area-without-papers": Case(
        lambda src: edit(src / "research.md", "## Looms\n",
                         "## Gears\n\n:::{research-area} gears\n:::\n\n## Looms\n"),
        at("research.md", "{research-area} gears"),
        ('research area "gears" has no papers', "keywords"), "area_empty"),
    "research-interests-without-areas": Case(
        lambda src: (edit(src / "index.md", ":::{latest-news}",
                          ":::{research-interests}\n:::\n\n:::{latest-news}"),
                     (src / "research.md").write_text("# Research\n\nNo areas yet.\n")),
        at("index.md", "{research-interests}"),
        ("declares no research area", "':::{research-area} NAME'"), "area"),
    "bib-keyword-misspelt-area": Case(
        bib("keywords  = {looms}", "keywords  = {looms, engins}"), entry(LOOM),
        (f'entry "{LOOM}"', '"engins"', 'looks like the research area "engines"',
         'write "engines"', "{research-area}"), "area_unknown"),
    "bib-keyword-area-other-spelling": Case(
        bib("keywords  = {looms}", "keywords  = {Looms}"), entry(LOOM),
        (f'entry "{LOOM}"', '"Looms"', 'write "looms"'), "area_unknown"),
    # -- the CV's facts: awards and education (cvfacts) ---------------------
    "award-without-year": Case(
        page("awards.md", "Analytical Society, 2020", "Analytical Society"),
        at("awards.md", "Fellowship"), ("the award has no year", '", 2020"'), "cv_awards"),
    "award-malformed-date": Case(
        page("awards.md", "(Aug 2019)", "(Agu 2019)"), at("awards.md", "Loom Challenge"),
        ('cannot read the date "(Agu 2019)"', '"(Aug 2020)"'), "cv_awards"),
    "education-without-institution": Case(
        page("index.md", "- B.A. Home tuition", "- B.A."), at("index.md", "- B.A."),
        ('"B.A." has no institution', '"Ph.D. Stanford University"'), "cv_education"),
    "education-without-degree": Case(
        page("index.md", "- B.A. Home tuition", "- Home tuition"), at("index.md", "- Home"),
        ("must start with the degree", "Ph.D., B.S."), "cv_education"),
    "cv-pdf-link-without-cv-page": Case(
        lambda src: (page("cv.md", ":::{cv}\n:::", "To come.")(src),
                     page("index.md", "- B.A. Home tuition\n:::\n",
                          "- B.A. Home tuition\n:::\n\nMy {cv-pdf}`CV`.\n")(src)),
        at("index.md", "{cv-pdf}"),
        ("no page has a ':::{cv}' directive", "cv.pdf is never made",
         "add a CV page with ':::{cv}' or remove this link"), "cv"),
}

#: Markup in data: the site builds, and shows it as text.
INJECTIONS: dict[str, Callable[[Path], None]] = {
    "title-script": bib("{The Analytical Engine}", "{<script>alert(1)</script> Engine}"),
    "title-img-onerror": bib("{Punched Cards for Looms}",
                             "{\"><img src=x onerror=alert(1)> Looms}"),
    "author-img-onerror": bib("Babbage, Charles},",
                              "Babbage, Charles and {<img src=x onerror=alert(1)>}},"),
    "venue-script": bib("{Journal of Weaving}", "{Journal of <script>alert(1)</script>}"),
    "news-title-script": lambda src: edit(
        src / "news.md", ":tags: award\n",
        ":tags: award\n:title: <script>alert(1)</script> and \"><img src=x onerror=alert(1)>\n"),
}

#: Input that looks wrong but is usable (al-folio's own example has both):
#: the site builds without a warning. (changed file, paper whose page shows it)
ACCEPTED: dict[str, tuple[Callable[[Path], None], str]] = {
    "bib-url-http": (bib("https://example.org/engine}", "http://example.org/engine}"), ENGINE),
    "bib-no-booktitle": (bib("  booktitle = {International Conference on Engines},\n", ""),
                         ENGINE),
    "bib-article-no-journal": (bib("  journal   = {Journal of Weaving},\n", ""), LOOM),
    # A % in a field is a percent sign, as every reference manager means it.
    "bib-percent-in-title": (bib("{Punched Cards for Looms}", "{Punched Cards for 100% of Looms}"),
                             LOOM),
    # A keyword that names no research area is an ordinary keyword.
    "bib-keyword-ordinary": (bib("keywords  = {looms}", "keywords  = {looms, weaving}"), LOOM),
    # BibTeX's own alias of @inproceedings.
    "bib-conference-type": (bib("@inproceedings{lovelace", "@conference{lovelace"), ENGINE),
}

CASES = {**FAILING, **{name: None for name in INJECTIONS}, **{name: None for name in ACCEPTED}}


def run_case(name: str, src: Path, out: Path):
    shutil.copytree(ROBUST_ROOT, src)
    if name in FAILING:
        FAILING[name].change(src)
    elif name in INJECTIONS:
        INJECTIONS[name](src)
    else:
        ACCEPTED[name][0](src)
    return sphinx_build(out, "-d", str(out.parent / "doctrees"), srcdir=src, confdir=src)


@pytest.fixture(scope="module")
def corpus(request, tmp_path_factory) -> dict[str, Future]:
    """Builds of the selected cases, run three at a time."""
    wanted = [item.callspec.params["case"] for item in request.session.items
              if item.module is request.module and hasattr(item, "callspec")
              and "case" in item.callspec.params]
    pool = ThreadPoolExecutor(max_workers=3)
    futures = {}
    for name in dict.fromkeys(wanted):
        base = tmp_path_factory.mktemp(name)
        futures[name] = (base / "src", pool.submit(run_case, name, base / "src", base / "html"))
    yield futures
    pool.shutdown(cancel_futures=True)


MESSAGE = re.compile(r"^(.*?)(WARNING|ERROR|CRITICAL|SEVERE): (.*)$", re.M)


def test_every_case_checks_what_is_wrong_and_how_to_fix_it():
    thin = [name for name, case in FAILING.items() if len(case.says) < 2]
    assert thin == [], "each case needs a phrase for the mistake and one for the fix"
    assert len(FAILING) + len(INJECTIONS) >= 25  # issue #7's corpus


@pytest.mark.parametrize("case", list(FAILING), ids=list(FAILING))
def test_bad_input_fails_with_one_located_message(corpus, case):
    src, future = corpus[case]
    result = future.result()
    output = result.stdout + result.stderr
    expected = FAILING[case]
    assert result.returncode in (1, 2), output
    assert "Traceback" not in output and "traceback" not in output
    messages = MESSAGE.findall(result.stderr)
    assert len(messages) == 1, result.stderr  # one mistake, one message
    location, _, text = messages[0]
    assert "without_venue" not in text  # no internal names
    assert ".rst" not in location  # the bib file itself, never a made-up page
    if expected.location is not None:
        assert location.endswith(f"{expected.location(src)}: "), result.stderr
    for phrase in expected.says:
        assert phrase in text, result.stderr
    if expected.subtype:
        assert text.endswith(f"[homepage.{expected.subtype}]"), result.stderr


def soup_of(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")


def injected(page: BeautifulSoup) -> list[str]:
    """Elements or attributes that markup from the data would have created."""
    found = [f"<img src={img.get('src')}>" for img in page.find_all("img")
             if img.get("src") == "x"]
    found += [f"{tag.name}[{attr}]" for tag in page.find_all(True)
              for attr in tag.attrs if attr.lower().startswith("on")]
    for script in page.find_all("script"):
        text = script.string or ""
        if "alert(1)" in text:
            # JSON-LD may carry the title, but only as a JSON string.
            if script.get("type") != "application/ld+json":
                found.append(f"<script>{text[:40]}")
            else:
                json.loads(text)
    return found


def built_without_a_message(corpus, case: str) -> Path:
    """The case's output directory, once its build succeeded and said nothing."""
    src, future = corpus[case]
    result = future.result()
    assert result.returncode == 0, result.stderr
    assert MESSAGE.findall(result.stderr) == []
    return src.parent / "html"


@pytest.mark.parametrize("case", list(INJECTIONS), ids=list(INJECTIONS))
def test_markup_in_data_is_text(corpus, case):
    html = built_without_a_message(corpus, case)
    pages = sorted(html.rglob("*.html"))
    shown = 0
    for page in pages:
        parsed = soup_of(page)
        assert injected(parsed) == [], page.name
        shown += "alert(1)" in parsed.get_text()
    assert shown, "the markup was dropped instead of being shown as text"
    feed = BeautifulSoup((html / "news.atom").read_text(encoding="utf-8"), "xml")
    assert feed.find("feed") is not None and feed.find_all("entry")
    # Text constructs are shown as text; only type="html" ones are parsed.
    for element in feed.find_all(["title", "content", "summary"], type="html"):
        assert injected(BeautifulSoup(element.get_text(), "lxml")) == [], element


@pytest.mark.parametrize("case", list(ACCEPTED), ids=list(ACCEPTED))
def test_usable_input_builds_without_warnings(corpus, case):
    html = built_without_a_message(corpus, case)
    key = ACCEPTED[case][1]
    listed = soup_of(html / "publications.html").select_one(f'div.publication[id="pub-{key}"]')
    paper = soup_of(html / "publications" / f"{key}.html")
    assert listed is not None and paper.select_one(".pub-citation") is not None
    if case == "bib-url-http":
        assert listed.select_one("a.pub-link-url")["href"] == "http://example.org/engine"
    elif case == "bib-percent-in-title":
        assert listed.select_one(".pub-title").get_text() == "Punched Cards for 100% of Looms"
        assert paper.title.get_text().startswith("Punched Cards for 100% of Looms")
    elif case == "bib-keyword-ordinary":
        assert paper.select_one(".pub-keywords").get_text() == "Keywords: weaving"
        assert listed["data-areas"] == "looms"
    elif case == "bib-conference-type":
        assert listed["data-type"] == "conference"
        assert "In International Conference on Engines" in paper.select_one(
            ".pub-citation").get_text()
    else:  # shown without the venue, with its year
        assert " ".join(listed.select_one(".pub-venue").get_text().split()).endswith(
            "2020" if key == ENGINE else "2019")
        assert "Engines," not in listed.get_text() and "Weaving" not in listed.get_text()


def test_a_bib_problem_is_reported_on_every_build_until_fixed(tmp_path):
    """refs.bib's check is reused while the file is unchanged, but only a
    clean one: a problem fails every build, not just the first."""
    src, out = tmp_path / "src", tmp_path / "html"
    shutil.copytree(ROBUST_ROOT, src)
    append_bib(src, title="")
    for _ in range(2):
        result = sphinx_build(out, "-d", str(tmp_path / "doctrees"), srcdir=src, confdir=src)
        assert result.returncode != 0
        assert len(re.findall(r"has no title.*\[homepage\.bib_field\]", result.stderr)) == 1, \
            result.stderr
    edit(src / "refs.bib", "title     = {},", "title     = {The Mill},")
    result = sphinx_build(out, "-d", str(tmp_path / "doctrees"), srcdir=src, confdir=src)
    assert result.returncode == 0, result.stderr
    assert (out / "publications" / "babbage2021mill.html").is_file()


def test_author_errors_shared_by_entries_are_reported_for_each(tmp_path):
    """The same mistake in two entries: one message per entry, at its own
    line, and neither entry published (mangled)."""
    src, out = tmp_path / "src", tmp_path / "html"
    shutil.copytree(ROBUST_ROOT, src)
    for key in ("doe2021a", "doe2021b"):
        append_bib(src, key, author="Doe, J, Roe, R")  # too many commas (pybtex)
    for key in ("roe2021a", "roe2021b"):
        append_bib(src, key, author="Doe J, Roe R")  # PubMed's style (our check)
    result = sphinx_build(out, "-d", str(tmp_path / "doctrees"), srcdir=src, confdir=src)
    assert result.returncode != 0
    messages = MESSAGE.findall(result.stderr)
    assert len(messages) == 4, result.stderr
    for (location, _, text), key in zip(messages, ("doe2021a", "doe2021b", "roe2021a",
                                                   "roe2021b")):
        assert location.endswith(f"{bib_entry(src, key)}: "), result.stderr
        assert f'entry "{key}"' in text and "[homepage.bib_author]" in text
        assert not (out / "publications" / f"{key}.html").exists()
