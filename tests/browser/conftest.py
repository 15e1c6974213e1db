"""Fixtures of the browser tests: the built site served on 127.0.0.1, one
Debian Chromium driven by Playwright for the whole session, and a scan of
every HTML page done once and shared by the per-check tests."""

from pathlib import Path

import pytest
from .browsing import CHROMIUM, CHROMIUM_FLAGS, PageScan, scan_pages, serve
from playwright.sync_api import sync_playwright


@pytest.fixture(scope="session")
def base_url(site: Path):
    """The site on an ephemeral port of 127.0.0.1, for the whole session."""
    with serve(site) as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def html_pages(site: Path) -> list[str]:
    """Every HTML page of the built site, as paths relative to its root."""
    pages = sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html")
                   if not p.relative_to(site).parts[0].startswith("_"))
    assert "index.html" in pages
    return pages


@pytest.fixture(scope="session")
def paper_page(html_pages) -> str:
    """One paper page, the first in name order (the site has one per entry)."""
    papers = [p for p in html_pages if p.startswith("publications/")]
    assert papers, "the site has no publications/<key>.html page"
    return papers[0]


@pytest.fixture(scope="session")
def page_scans(browser, base_url, html_pages) -> dict[str, PageScan]:
    """Every page loaded once, all the checks recorded (``browsing.scan_pages``)."""
    return scan_pages(browser, base_url, html_pages)


@pytest.fixture
def page(context):
    """A page of the test module's own ``context`` fixture; an uncaught script
    error in it fails the test."""
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    assert not errors, f"uncaught errors in the page: {errors}"
