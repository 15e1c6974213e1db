"""The sites `sphinx-scholar new` makes (``new_sites``: built from the
installed wheel), in the same real Chromium as the flagship: every page loads
without console errors or failed requests, fits a phone's width, and has no
accessibility violation in light, dark and dark-on-a-phone."""

from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup

from .browsing import describe_violations, scan_pages, serve


@pytest.fixture(scope="module", params=["plain", "alfolio"])
def new_site_scans(request, new_sites, browser, tmp_path_factory):
    """Each site served at the path of its address (the al-folio one lives
    at /einstein/, where its 404 page's root-relative links point)."""
    html = getattr(new_sites, request.param) / "_build" / "html"
    pages = sorted(p.relative_to(html).as_posix() for p in html.rglob("*.html")
                   if not p.relative_to(html).parts[0].startswith("_"))
    home = BeautifulSoup((html / "index.html").read_text(), "lxml")
    path = urlsplit(home.select_one('link[rel="canonical"]')["href"]).path.strip("/")
    root = html
    if path:
        root = tmp_path_factory.mktemp("served")
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).symlink_to(html, target_is_directory=True)
    with serve(root) as url:
        return scan_pages(browser, f"{url}/{path}".rstrip("/"), pages)


def test_every_page_is_scanned(new_site_scans):
    assert {"index.html", "publications.html", "news.html", "contact.html",
            "search.html"} <= set(new_site_scans)


def test_no_console_errors_or_failed_requests(new_site_scans):
    problems = [f"{name}: {message}" for name, scan in new_site_scans.items()
                for message in scan.console_errors + scan.failed_requests]
    assert not problems, "\n".join(problems)


def test_no_horizontal_overflow_on_a_phone(new_site_scans):
    overflowing = {name: scan.overflow_px for name, scan in new_site_scans.items()
                   if scan.overflow_px > 0}
    assert not overflowing, f"pages wider than 375 px (by px): {overflowing}"


@pytest.mark.parametrize("run", ["light", "dark", "dark-phone"])
def test_no_axe_violations(new_site_scans, run):
    for name, scan in new_site_scans.items():
        assert scan.axe_passes[run] > 10, f"axe did not run on {name} ({run})"
    failing = {name: scan.axe[run] for name, scan in new_site_scans.items() if scan.axe[run]}
    assert not failing, f"axe violations ({run}):\n" + "\n".join(
        f"{name}:\n{describe_violations(violations)}" for name, violations in failing.items())
