"""Every HTML page of the built site through the W3C Nu HTML Checker: the
``vnu.jar`` of npm's ``vnu-jar`` (``package.json``), run on Debian's Java
(``tests/setup-system.sh``). Zero errors; of its warnings, only the two kinds
explained below."""

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import ROOT

VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def run_vnu(*paths: Path) -> list[dict]:
    """The checker's messages about ``paths`` (files), every file named."""
    java = shutil.which("java")
    assert java, "Java is missing: run tests/setup-system.sh (make test does)"
    assert VNU.is_file(), f"{VNU} is missing: run npm ci (make test does)"
    result = subprocess.run(
        [java, "-jar", str(VNU), "--format", "json", "--also-check-svg", "--verbose",
         *map(str, paths)],
        capture_output=True, text=True, check=False)
    # --verbose names each file it reads on stdout: it saw every page.
    assert result.stdout.split() == [str(path) for path in paths], result.stdout[-2000:]
    return json.loads(result.stderr)["messages"]


@pytest.fixture(scope="module")
def pages(site: Path) -> list[Path]:
    found = sorted(site.rglob("*.html"))
    assert len(found) > 30  # the pages and one page per paper
    return found


@pytest.fixture(scope="module")
def messages(pages) -> list[dict]:
    return run_vnu(*pages)


def where(message: dict) -> str:
    return (f"{message['url'].rsplit('/html/', 1)[-1]}:{message.get('lastLine')}: "
            f"{message['message']}\n    {message.get('extract', '').strip()[:160]}")


def test_the_checker_finds_errors(tmp_path):
    # So that "no errors" below means something: a page known to be invalid.
    bad = tmp_path / "bad.html"
    bad.write_text('<!DOCTYPE html><html lang="en"><head><title>t</title></head><body>'
                   '<figure><p>x</p><figcaption>c</figcaption><details><summary>s</summary>'
                   '</details></figure>'
                   '<pre aria-labelledby="x">p</pre><p id="x">x</p></body></html>')
    errors = [m["message"] for m in run_vnu(bad) if m["type"] == "error"]
    assert any("“details” not allowed as child of element “figure”" in e for e in errors)
    assert any("aria-labelledby" in e for e in errors)


def test_every_page_is_valid_html(messages):
    errors = [m for m in messages if m["type"] in ("error", "non-document-error")
              or m.get("subType") == "fatal"]
    assert not errors, f"{len(errors)} errors:\n" + "\n".join(map(where, errors))


def explained(message: dict) -> bool:
    """The two warnings that stay, both about Sphinx's and furo's page frame,
    neither a problem for the document outline:

    - "Consider using the h1 element as a top-level heading only": Sphinx puts
      each page's one ``<h1>`` at the top of the page's ``<section>``, which
      is the outline every Sphinx site has (one h1, then h2 for each
      subsection), and what screen readers announce;
    - "Article lacks heading" on furo's ``<article role="main">``: its heading
      is that h1, one level down inside the page's ``<section>``.

    Every other warning fails, news items included: each has its heading."""
    text = message["message"]
    if text.startswith("Consider using the “h1” element as a top-level heading only"):
        return "<h1>" in message.get("extract", "")
    if text.startswith("Article lacks heading"):
        return 'role="main"' in message.get("extract", "")
    return False


def test_warnings_are_only_the_explained_ones(messages):
    warnings = [m for m in messages if m.get("subType") == "warning"]
    unexplained = [m for m in warnings if not explained(m)]
    assert not unexplained, f"{len(unexplained)} warnings:\n" + "\n".join(map(where, unexplained))
