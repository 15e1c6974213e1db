"""The engine in any language: its message catalogs are complete and up to
date, its dates are Babel's for the site's language (today's English kept
exactly), and a site in German (tests/roots/test-i18n) shows no English word
of the engine on any page, in the feed, the search index or the script."""

import importlib.util
import json
import re
import subprocess
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from bs4 import BeautifulSoup
from lxml import etree

from conftest import ROOT, copied_root, sphinx_build
from sphinx_scholar.dates import NewsDate
from sphinx_scholar.i18n import format_news_date, js_template_literal, month_names
from sphinx_scholar.papers import month_name

LOCALE = ROOT / "_ext" / "sphinx_scholar" / "locale"
LANGUAGE = "de"  # the language of tests/roots/test-i18n
ATOM = "{http://www.w3.org/2005/Atom}"


def _catalogs_module():
    """``locale/catalogs.py`` (a script, not part of the package)."""
    spec = importlib.util.spec_from_file_location("catalogs", LOCALE / "catalogs.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


catalogs = _catalogs_module()


def _read(path: Path):
    with open(path, "rb") as file:
        return read_po(file)


def _fields(text: str) -> set[str]:
    return set(re.findall(r"\{(\w+)\}", text))


# -- Dates --------------------------------------------------------------------

#: The English the engine wrote before it used Babel: it must stay as it was.
OLD_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct",
              "Nov", "Dec")


@pytest.mark.parametrize("month", range(1, 13))
def test_english_news_dates_are_as_before(month):
    assert NewsDate(2019, month, None).display("en") == f"{OLD_MONTHS[month - 1]} 2019"
    assert NewsDate(2019, month, 7).display("en") == f"{OLD_MONTHS[month - 1]} 7, 2019"
    assert format_news_date(2019, month, 28, None) == f"{OLD_MONTHS[month - 1]} 28, 2019"


@pytest.mark.parametrize("language, month, day, shown", [
    ("de", 3, 26, "26. März 2018"), ("de", 10, None, "Okt. 2018"),
    ("fr", 3, 26, "26 mars 2018"), ("zh_CN", 3, 26, "2018年3月26日"),
    ("pt-BR", 3, None, "mar. de 2018"),
    ("xx", 3, 26, "Mar 26, 2018"),  # unknown to Babel: English, as Sphinx's own words
])
def test_news_dates_in_other_languages(language, month, day, shown):
    assert NewsDate(2018, month, day).display(language) == shown


def test_month_names_for_references():
    assert month_names("en") == ("January", "February", "March", "April", "May", "June",
                                 "July", "August", "September", "October", "November",
                                 "December")
    assert month_name("jun") == month_name("June", "en") == "June"
    assert month_name("6", "de") == "Juni"
    assert month_name("Spring", "de") == "Spring"  # not a month: as written


# -- The script's messages ---------------------------------------------------

def _run_js(expression: str, setup: str) -> str:
    result = subprocess.run(["node", "-e", f"{setup}; process.stdout.write({expression})"],
                            capture_output=True, text=True, check=True)
    return result.stdout


@pytest.mark.parametrize("message, expected", [
    ("Showing {shown} of {total} publications", "Showing 3 of 7 publications"),
    ("{shown} von {total} Publikationen angezeigt", "3 von 7 Publikationen angezeigt"),
    # A translation cannot break out of the literal, nor run code.
    ("`${process.exit(3)}` \\ $ {shown}/{total} {unknown}",
     "`${process.exit(3)}` \\ $ 3/7 {unknown}"),
])
def test_js_template_literal_substitutes_fields_and_nothing_else(message, expected):
    literal = js_template_literal(message, shown="shown", total="entries.length")
    assert _run_js(literal, "const shown = 3, entries = {length: 7}") == expected


# -- The catalogs ------------------------------------------------------------

def test_pot_is_up_to_date_with_the_sources():
    """A message added, changed or removed in the code (or a template) without
    ``make locale`` fails here: it would show untranslated."""
    made = catalogs.without_dates(catalogs.po_text(catalogs.extract()))
    assert catalogs.without_dates(catalogs.POT_PATH.read_text(encoding="utf-8")) == made, \
        "run `make locale` and translate what is new in each .po"


def test_pot_has_the_engine_messages():
    ids = {message.id if isinstance(message.id, str) else message.id[0]
           for message in _read(catalogs.POT_PATH) if message.id}
    # One of each source: a module, a constant, a plural, a template, the script.
    assert {"Cite", "Paper", "{count} paper", "Site navigation", "Copied",
            "Showing {shown} of {total} publications"} <= ids


def test_every_language_is_complete_and_compiled():
    template = _read(catalogs.POT_PATH)
    expected = {message.id if isinstance(message.id, str) else tuple(message.id)
                for message in template if message.id}
    paths = catalogs.po_paths()
    assert [path.parent.parent.name for path in paths] == [LANGUAGE]
    for path in paths:
        catalog = _read(path)
        ids = {message.id if isinstance(message.id, str) else tuple(message.id)
               for message in catalog if message.id}
        assert ids == expected, f"{path}: not merged with the .pot: run `make locale`"
        assert not catalog.obsolete, f"{path}: obsolete entries"
        for message in catalog:
            if not message.id:
                continue
            strings = message.string if isinstance(message.string, tuple) else (message.string,)
            ids_ = message.id if isinstance(message.id, tuple) else (message.id,)
            assert all(strings) and not message.fuzzy, f"{path}: {message.id!r} untranslated"
            for string in strings:
                # A field missing or misspelt would fail .format() at build time.
                assert _fields(string) == _fields(ids_[0]), f"{path}: {message.id!r}"
        mo = path.with_suffix(".mo")
        assert mo.read_bytes() == catalogs.mo_bytes(catalog), \
            f"{mo} is not compiled from its .po: run `make locale`"


# -- A site in German ----------------------------------------------------------

@pytest.fixture(scope="module")
def german_site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("i18n")
    root = copied_root("test-i18n", out)
    result = sphinx_build(out / "html", "-d", str(out / "doctrees"), srcdir=root, confdir=root)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr
    return out / "html"


def _english_messages() -> dict[str, re.Pattern]:
    """Each message whose German differs from its English, as a pattern of
    its English (fields match any text), as a whole word."""
    translated = _read(LOCALE / LANGUAGE / "LC_MESSAGES" / "sphinx_scholar.po")
    patterns = {}
    for message in translated:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        for english in ids:
            if english in strings:
                continue  # the same in both languages ("BibTeX", "et al.")
            parts = re.split(r"\{\w+\}", english)
            body = ".+?".join(re.escape(part) for part in parts)
            start = r"\b" if re.match(r"\w", english) else ""
            end = r"\b" if re.search(r"\w$", english) else ""
            patterns[english] = re.compile(start + body + end)
    return patterns


def _engine_texts(path: Path) -> list[str]:
    """What a visitor reads or hears of a page that the engine may have
    written: the main content (but code: the BibTeX and RIS exports are
    data) with its titles, aria-labels and alts, the head's title,
    descriptions, links and JSON-LD, and the names page.html gives furo's
    landmarks. (furo's own words around the content are furo's.)"""
    soup = BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")
    texts = [soup.title.get_text() if soup.title else ""]
    for meta in soup.find_all("meta", content=True):
        if meta.get("name") == "description" or meta.get("property", "").startswith("og:"):
            texts.append(meta["content"])
    for script in soup.find_all("script", type="application/ld+json"):
        texts.append(script.get_text())
    texts += [link["title"] for link in soup.head.find_all("link", title=True)]
    # Our page.html names furo's two <aside> landmarks.
    texts += [aside["aria-label"] for aside in soup.find_all("aside", attrs={"aria-label": True})]
    main = soup.find(attrs={"role": "main"}) or soup.body
    for tag in main.find_all(True):
        texts += [tag[name] for name in ("title", "aria-label", "alt") if tag.get(name)]
    for code in main.find_all(["pre", "code"]):
        code.decompose()
    texts.append(main.get_text(" "))
    return texts


def _assert_no_english(where: str, texts: list[str], patterns: dict[str, re.Pattern]):
    text = " ".join(" ".join(texts).split())
    found = [english for english, pattern in patterns.items() if pattern.search(text)]
    assert not found, f"{where}: English of the engine: {found}"


def test_no_english_of_the_engine_on_any_page(german_site):
    patterns = _english_messages()
    assert len(patterns) > 50
    pages = sorted(german_site.rglob("*.html"))
    papers = [page for page in pages if page.parent.name == "publikationen"]
    assert len(papers) == 12 and len(pages) > 17
    for page in pages:
        _assert_no_english(str(page.relative_to(german_site)), _engine_texts(page), patterns)


def test_the_check_finds_english(german_site, tmp_path):
    """The check above fails on a page of the engine's English."""
    page = tmp_path / "english.html"
    page.write_text('<html><head><title>x</title></head><body><main role="main">'
                    '<p>Showing 3 of 7 publications</p></main></body></html>')
    with pytest.raises(AssertionError, match="Showing"):
        _assert_no_english("english.html", _engine_texts(page), _english_messages())


def test_the_german_words_are_there(german_site):
    publications = BeautifulSoup((german_site / "publikationen.html").read_text(), "lxml")
    status = publications.find(id="pub-filter-status").get_text()
    assert status == "12 von 12 Publikationen angezeigt"
    assert publications.find("form", id="pub-filter")["aria-label"] == "Publikationen filtern"
    assert publications.find(id="pub-filter-type").find("option").get_text() == "Alle Typen"
    chart = publications.find("figure", class_="publication-chart")
    assert "12 Publikationen von 2012 bis 2021." in chart.find("desc").get_text()
    assert publications.find("details", class_="publication-chart-data").summary.get_text() \
        == "Die Zahlen als Tabelle"

    paper = BeautifulSoup((german_site / "publikationen" / "lovelace2020maschine.html")
                          .read_text(), "lxml")
    headings = [h.get_text().strip("¶ ") for h in paper.find_all(["h1", "h2"])]
    assert headings[-6:] == ["Literaturangabe", "Auszeichnung", "Zusammenfassung",
                             "Forschungsgebiete", "In den Neuigkeiten", "Zitieren"]
    assert [a.get_text() for a in paper.select(".pub-links a")] == [
        "Artikel", "PDF", "Code", "Projekt", "Folien", "Ergänzendes Material"]
    assert paper.find("button", class_="copy-button").get_text() == "BibTeX kopieren"
    # The reference: month name and thesis type in German.
    assert "Juni 2020" in paper.find(class_="pub-citation").get_text()
    thesis = BeautifulSoup((german_site / "publikationen" / "lovelace2018diss.html")
                           .read_text(), "lxml")
    assert "Dissertation, Universität Göttingen, 2018." in \
        " ".join(thesis.find(class_="pub-citation").get_text().split())

    # pybtex's words, which the style inherits.
    for key, words in [("lovelace2015seiten", "Annalen der Rechenkunst, S. 12–19, 2015."),
                       ("lovelace2014band", "Band 2 von Schriften zur Rechenkunst. "
                                            "Verlag Göttingen, zweite Auflage, 2014."),
                       ("lovelace2014kapitel", "Kapitel 3, S. 40–55. Nr. 7 in Schriften"),
                       ("lovelace2012bericht", "Technischer Bericht 5, Labor Lovelace")]:
        page = BeautifulSoup((german_site / "publikationen" / f"{key}.html").read_text(), "lxml")
        assert words in " ".join(page.find(class_="pub-citation").get_text().split()), key

    news = BeautifulSoup((german_site / "neuigkeiten.html").read_text(), "lxml")
    assert [time.get_text() for time in news.find_all("time")] == [
        "Juni 2020", "Okt. 2019", "26. März 2018"]
    assert news.find("a", class_="news-permalink")["title"].startswith("Permalink zu dieser Meldung")


def test_feed_is_in_german(german_site):
    feed = etree.parse(str(german_site / "news.atom")).getroot()
    assert feed.get("{http://www.w3.org/XML/1998/namespace}lang") == LANGUAGE
    assert feed.findtext(f"{ATOM}title") == "Labor Lovelace: Neuigkeiten"
    texts = [element.text or "" for element in feed.iter()]
    _assert_no_english("news.atom", texts, _english_messages())
    home = BeautifulSoup((german_site / "index.html").read_text(), "lxml")
    assert home.find("link", type="application/atom+xml")["title"] == \
        "Labor Lovelace: Neuigkeiten"


def test_search_index_and_script_are_in_german(german_site):
    index = (german_site / "searchindex.js").read_text(encoding="utf-8")
    data = json.loads(index[index.index("(") + 1:index.rindex(")")])
    assert sorted(name for _, _, name in data["objnames"].values()) == [
        "Akademische Homepage Forschungsgebiet", "Akademische Homepage Meldung",
        "Akademische Homepage Publikation"]
    script = (german_site / "_static" / "homepage.js").read_text(encoding="utf-8")
    code = re.sub(r"^\s*//.*$", "", script, flags=re.MULTILINE)  # comments are no UI
    strings = re.findall(r'"(?:[^"\\]|\\.)*"|`(?:[^`\\]|\\.)*`', code)
    _assert_no_english("homepage.js", strings, _english_messages())
    assert "`${shown} von ${entries.length} Publikationen angezeigt`" in script
    assert '"Kopiert"' in script and '"Auf dieser Seite"' in script
    assert "{{" not in script and "{#" not in script  # rendered, not copied


def test_switching_language_in_place_equals_a_clean_build(german_site, tmp_path):
    """English first, then German in the same folders: every page, paper
    page, the feed and the search index as a clean German build (the
    formatted entries, paper pages and feed are cached across builds)."""
    root = copied_root("test-i18n", tmp_path)
    args = ("-d", str(tmp_path / "doctrees"))
    english = sphinx_build(tmp_path / "html", *args, "-D", "language=en", srcdir=root,
                           confdir=root)
    assert english.returncode == 0, english.stdout[-3000:] + english.stderr
    assert "Showing 12 of 12" in (tmp_path / "html" / "publikationen.html").read_text()
    german = sphinx_build(tmp_path / "html", *args, srcdir=root, confdir=root)
    assert german.returncode == 0, german.stdout[-3000:] + german.stderr
    # Sphinx's own leftovers of the English build: its backup of .buildinfo
    # and the English stemmer of the search.
    leftovers = {".buildinfo.bak", "_static/english-stemmer.js"}
    clean = {p.relative_to(german_site).as_posix() for p in german_site.rglob("*") if p.is_file()}
    switched = {p.relative_to(tmp_path / "html").as_posix()
                for p in (tmp_path / "html").rglob("*") if p.is_file()}
    assert switched - clean == leftovers and clean <= switched
    different = [name for name in sorted(clean)
                 if (german_site / name).read_bytes() != (tmp_path / "html" / name).read_bytes()]
    assert not different


@pytest.mark.sphinx("html", testroot="i18n", freshenv=True)
def test_a_changed_catalog_is_a_change_of_every_page(app, monkeypatch):
    """Sphinx knows the site's language but not our catalogs: when they
    change (a translation fixed), every document is read again and the
    pages made outside documents (paper pages, the feed) are made again."""
    from sphinx_scholar import i18n, sitefiles

    app.build()
    assert app.env.get_domain("homepage").data["catalog_digest"] == i18n.catalog_digest()
    assert i18n.pages_with_old_words(app, app.env, set(), set(), set()) == []
    before = sitefiles.config_digest(app)
    monkeypatch.setattr(i18n, "catalog_digest", lambda: "another catalog")
    monkeypatch.setattr(sitefiles, "catalog_digest", lambda: "another catalog")
    assert i18n.pages_with_old_words(app, app.env, set(), set(), set()) == \
        sorted(app.env.found_docs)
    assert sitefiles.config_digest(app) != before


def test_catalog_digest_follows_the_compiled_catalogs(tmp_path):
    from sphinx_scholar.i18n import catalog_digest

    mo = tmp_path / "de" / "LC_MESSAGES" / "sphinx_scholar.mo"
    mo.parent.mkdir(parents=True)
    mo.write_bytes(b"one")
    first = catalog_digest(tmp_path)
    mo.write_bytes(b"two")
    assert catalog_digest(tmp_path) != first
    assert catalog_digest(LOCALE) == catalog_digest()
