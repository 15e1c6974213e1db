"""Every HTML page of the built site, in a real Chromium: it loads cleanly,
fits a phone's width and has no accessibility violation in light or dark
mode. The pages are scanned once (``page_scans``); each test reads one check
for all of them, so a failure lists every page at fault."""

from pathlib import Path

from bs4 import BeautifulSoup
from .browsing import describe_violations


def test_every_page_is_scanned(site: Path, html_pages, page_scans):
    # Paper pages included: one per entry of the publications list.
    soup = BeautifulSoup((site / "publications.html").read_text(), "lxml")
    keys = {entry["id"].removeprefix("pub-") for entry in soup.select("div.publication[id]")}
    assert keys, "publications.html lists no entry"
    assert {f"publications/{key}.html" for key in keys} <= set(page_scans)
    assert set(page_scans) == set(html_pages)
    for required in ("index.html", "research.html", "news.html", "publications.html",
                     "search.html"):
        assert required in page_scans


def test_no_console_errors(page_scans):
    errors = {name: scan.console_errors for name, scan in page_scans.items()
              if scan.console_errors}
    assert not errors, "console errors:\n" + "\n".join(
        f"{name}: {message}" for name, messages in errors.items() for message in messages)


def test_no_failed_or_external_requests(page_scans):
    failed = {name: scan.failed_requests for name, scan in page_scans.items()
              if scan.failed_requests}
    assert not failed, "failed requests:\n" + "\n".join(
        f"{name}: {request}" for name, requests in failed.items() for request in requests)


def test_no_horizontal_overflow_on_a_phone(page_scans):
    overflowing = {name: scan.overflow_px for name, scan in page_scans.items()
                   if scan.overflow_px > 0}
    assert not overflowing, f"pages wider than 375 px (by px): {overflowing}"


def _assert_no_axe_violations(page_scans, run: str) -> None:
    for name, scan in page_scans.items():
        # axe really ran: it checked (and passed) rules on every page.
        assert scan.axe_passes[run] > 10, f"axe did not run on {name} ({run})"
    failing = {name: scan.axe[run] for name, scan in page_scans.items() if scan.axe[run]}
    assert not failing, f"axe violations ({run}):\n" + "\n".join(
        f"{name}:\n{describe_violations(violations)}" for name, violations in failing.items())


def test_axe_light_mode(page_scans):
    _assert_no_axe_violations(page_scans, "light")


def test_axe_dark_mode(page_scans):
    _assert_no_axe_violations(page_scans, "dark")


def test_axe_dark_mode_on_a_phone(page_scans):
    _assert_no_axe_violations(page_scans, "dark-phone")
