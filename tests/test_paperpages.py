"""Paper pages are Sphinx documents made from generated stubs
(``paperpages.write_stubs``): each stub is written only when its text
changes, a user's own file in the stubs' folder is never touched, a removed
entry takes its page and downloads with it, and Sphinx itself puts the pages
in the search index, the sitemap and ``objects.inv``."""

import json
import posixpath
import shutil
from pathlib import Path

from sphinx.util.inventory import InventoryFile

from conftest import ROOT, sphinx_build
from test_builds import NEW_PAPER, build, edit

ROBUST_ROOT = ROOT / "tests" / "roots" / "test-robust"
BASE_URL = "https://songhan.mit.edu/"


def robust_project(tmp_path: Path) -> Path:
    project = tmp_path / "project"
    shutil.copytree(ROBUST_ROOT, project)
    return project


def stub_times(project: Path) -> dict[str, int]:
    return {path.name: path.stat().st_mtime_ns
            for path in sorted((project / "publications").glob("*.paper"))}


def test_stubs_are_rewritten_only_when_their_entry_changes(tmp_path):
    from sphinx_scholar.paperpages import STUB_MARKER

    project = robust_project(tmp_path)
    out = tmp_path / "out"
    build(project, project, out)
    first = stub_times(project)
    assert {"babbage2018notes.paper", "lovelace2020engine.paper", "jacquard2019loom.paper"} <= set(first)
    for path in (project / "publications").glob("*.paper"):
        assert path.read_text(encoding="utf-8").startswith(STUB_MARKER + "\n")
    build(project, project, out)
    assert stub_times(project) == first, "a no-op build rewrote stubs"
    edit(project / "refs.bib", "{The Analytical Engine}", "{The Analytical Engine, Revised}")
    build(project, project, out)
    changed = sorted(name for name, mtime in stub_times(project).items()
                     if mtime != first[name])
    assert changed == ["lovelace2020engine.paper"]
    page = (out / "html" / "publications" / "lovelace2020engine.html").read_text()
    assert "The Analytical Engine, Revised" in page


def test_removed_entry_takes_its_stub_page_and_downloads(tmp_path):
    project = robust_project(tmp_path)
    out = tmp_path / "out"
    (project / "refs.bib").open("a", encoding="utf-8").write(NEW_PAPER)
    build(project, project, out)
    html = out / "html" / "publications"
    files = [html / f"somerville2021tides.{suffix}" for suffix in ("html", "bib", "ris")]
    assert all(path.is_file() for path in files)
    assert (project / "publications" / "somerville2021tides.paper").is_file()
    edit(project / "refs.bib", NEW_PAPER, "")
    build(project, project, out)
    assert not (project / "publications" / "somerville2021tides.paper").exists()
    assert [path for path in files if path.exists()] == []
    index = (out / "html" / "searchindex.js").read_text(encoding="utf-8")
    assert "somerville2021tides" not in index and "Tides and Tables" not in index


def test_a_users_own_files_in_the_folder_are_never_touched(tmp_path):
    project = robust_project(tmp_path)
    folder = project / "publications"
    folder.mkdir()
    # Not at any paper's name: a page of the user's, left alone.
    notes = folder / "reading-notes.md"
    notes.write_text("---\norphan: true\n---\n# Reading notes\n\nMine.\n", encoding="utf-8")
    # At a paper's name: reported, and it stands instead of the paper's page.
    own = folder / "babbage2018notes.md"
    own.write_text("---\norphan: true\n---\n# My own page\n\nAbout the notes.\n",
                   encoding="utf-8")
    before = {path: (path.read_bytes(), path.stat().st_mtime_ns) for path in (notes, own)}
    out = tmp_path / "out"
    result = sphinx_build(out / "html", "-d", str(out / "doctrees"),
                          srcdir=project, confdir=project)
    assert result.returncode != 0  # the clash is a warning, and -W fails the build
    warnings = [line for line in result.stderr.splitlines() if "WARNING" in line]
    assert len(warnings) == 1, result.stderr
    assert f"{own}:1" in warnings[0] and 'entry "babbage2018notes"' in warnings[0]
    assert "[homepage.paper_page]" in warnings[0]
    assert not (folder / "babbage2018notes.paper").exists()
    assert "My own page" in (out / "html" / "publications" / "babbage2018notes.html").read_text()
    # Rebuilt after the entry is renamed: the user's files are still theirs.
    edit(project / "refs.bib", "{babbage2018notes,", "{babbage2018sketch,")
    result = sphinx_build(out / "html", "-d", str(out / "doctrees"),
                          srcdir=project, confdir=project)
    assert result.returncode == 0, result.stderr
    assert {path: (path.read_bytes(), path.stat().st_mtime_ns)
            for path in (notes, own)} == before
    assert (folder / "babbage2018sketch.paper").is_file()


# -- the real site: Sphinx indexes, lists and labels the paper pages -----------

def bib_keys() -> list[str]:
    from pybtex.database import parse_file
    return list(parse_file(str(ROOT / "refs.bib")).entries)


def test_paper_pages_are_in_the_search_index(site):
    text = (site / "searchindex.js").read_text(encoding="utf-8")
    index = json.loads(text[text.index("(") + 1:text.rindex(")")])
    titles = dict(zip(index["docnames"], index["titles"]))
    for key in bib_keys():
        docname = f"publications/{key}"
        assert docname in titles, key
        page = (site / f"{docname}.html").read_text(encoding="utf-8")
        assert f"<h1>{titles[docname]}" in page
    # the words of its body (the venue) are found on it, not only its title
    ids = [index["docnames"].index(f"publications/{key}") for key in ("cai2020once",)]
    from sphinx.search.en import SearchEnglish
    found = index["terms"][SearchEnglish({}).stem("representations")]
    assert set(ids) <= set(found if isinstance(found, list) else [found])


def test_paper_pages_are_in_the_sitemap(site):
    from lxml import etree

    locs = {loc.text for loc in etree.parse(str(site / "sitemap.xml")).iter(
        "{http://www.sitemaps.org/schemas/sitemap/0.9}loc")}
    assert {f"{BASE_URL}publications/{key}.html" for key in bib_keys()} <= locs


def test_paper_pages_are_documents_and_labels_in_the_inventory(site):
    with open(site / "objects.inv", "rb") as stream:
        inventory = InventoryFile.load(stream, BASE_URL, posixpath.join)
    for key in bib_keys():
        uri = f"{BASE_URL}publications/{key}.html"
        assert inventory["std:doc"][f"publications/{key}"].uri == uri
        assert inventory["std:label"][key].uri == uri
        assert inventory["homepage:paper"][key].uri == uri
