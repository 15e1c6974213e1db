"""Incremental and parallel builds give exactly what a clean build gives."""

import shutil
from pathlib import Path

import pytest

from conftest import ROOT, sphinx_build

SOURCES = ["docs", "_ext", "conf.py", "refs.bib"]


def copy_project(dest: Path) -> Path:
    for name in SOURCES:
        src = ROOT / name
        if src.is_dir():
            shutil.copytree(src, dest / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(src, dest / name)
    return dest


def build(project: Path, out: Path, *extra: str) -> None:
    result = sphinx_build(out / "html", "-d", str(out / "doctrees"), *extra,
                          srcdir=project / "docs", confdir=project)
    assert result.returncode == 0, result.stderr


def site_files(out: Path) -> dict[str, bytes]:
    html = out / "html"
    return {str(p.relative_to(html)): p.read_bytes() for p in sorted(html.rglob("*"))
            if p.is_file() and p.name != ".buildinfo"}


def assert_same_site(left: Path, right: Path) -> None:
    a, b = site_files(left), site_files(right)
    assert sorted(a) == sorted(b)
    different = [name for name in a if a[name] != b[name]]
    assert different == []


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))


NEW_ITEM = ":::{news} 2020-09\n:tags: award\nA new award for the engine team. {cite:p}`han2016eie`\n:::\n\n"

EDITS = {
    "add a news item": lambda p: edit(p / "docs/news.md", ":::{news} 2020-08\n", NEW_ITEM + ":::{news} 2020-08\n"),
    "edit a news item": lambda p: edit(p / "docs/news.md", "SPVNAS ranks first", "SPVNAS ranked first"),
    "remove a news item": lambda p: edit(
        p / "docs/news.md",
        ":::{news} 2019-05\n:tags: award\nSong Han received Facebook Research Award.\n:::\n", ""),
    "edit a paper title": lambda p: edit(p / "refs.bib", "title         = {EIE: Efficient",
                                         "title         = {EIE: An Efficient"),
    "change the latest-news count": lambda p: edit(p / "docs/index.md", ":count: 5", ":count: 3"),
}


@pytest.mark.parametrize("change", list(EDITS))
def test_incremental_build_equals_clean_build(tmp_path, change):
    project = copy_project(tmp_path / "project")
    build(project, tmp_path / "incremental")
    untouched = tmp_path / "incremental" / "html" / "contact.html"
    before = untouched.stat().st_mtime_ns
    EDITS[change](project)
    build(project, tmp_path / "incremental")
    build(project, tmp_path / "clean")
    assert_same_site(tmp_path / "incremental", tmp_path / "clean")
    if change != "edit a paper title":  # a bib change re-reads the pages using it
        assert untouched.stat().st_mtime_ns == before, "an unaffected page was rewritten"


def test_parallel_build_equals_serial_build(tmp_path):
    project = copy_project(tmp_path / "project")
    build(project, tmp_path / "serial", "-j", "1")
    build(project, tmp_path / "parallel", "-j", "2")
    assert_same_site(tmp_path / "serial", tmp_path / "parallel")


def test_build_does_not_write_to_sources(tmp_path):
    project = copy_project(tmp_path / "project")
    before = {p: p.stat().st_mtime_ns for p in project.rglob("*") if p.is_file()}
    build(project, tmp_path / "out")
    after = {p: p.stat().st_mtime_ns for p in project.rglob("*")
             if p.is_file() and "__pycache__" not in p.parts}
    assert after == before
