"""The small site of tests/roots/test-themes in a real Chromium, under each
supported theme (built once per theme: ``theme_site``): every page loads
without console errors or failed requests, fits a 375 px phone, and has no
axe violation in each colour scheme the theme has (furo: light and dark, by
the system's preference and its toggle; pydata-sphinx-theme and
sphinx-book-theme: light and dark, by the system's preference and
``html[data-theme]``; alabaster: light only), at a desktop's width and, in
the last scheme, a phone's; the search page shows one heading."""

import threading
from dataclasses import dataclass, field
from functools import partial
from http.server import ThreadingHTTPServer
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe

from .browsing import DESKTOP, PHONE, describe_violations
from .browsing import SiteHandler

#: theme -> its colour schemes
SCHEMES = {"furo": ("light", "dark"), "pydata_sphinx_theme": ("light", "dark"),
           "sphinx_book_theme": ("light", "dark"), "alabaster": ("light",)}

#: What each theme's own switch does, run after the system preference is set.
SWITCH = {
    "furo": "s => { localStorage.setItem('theme', s); document.body.dataset.theme = s; }",
    "pydata_sphinx_theme": "s => { localStorage.setItem('mode', s); "
                           "document.documentElement.dataset.mode = s; "
                           "document.documentElement.dataset.theme = s; }",
}
SWITCH["sphinx_book_theme"] = SWITCH["pydata_sphinx_theme"]

#: The page's background lightness (0-255 mean of R, G, B), to know the scheme applied.
BACKGROUND = """() => {
  for (const element of [document.body, document.documentElement]) {
    const [r, g, b, a = 1] = getComputedStyle(element).backgroundColor.match(/[\\d.]+/g).map(Number);
    if (a > 0) return (r + g + b) / 3;
  }
  return 255;  // transparent all the way: the canvas, white
}"""

#: reading.html holds an ordinary sphinxcontrib-bibtex bibliography, whose
#: markup is docutils' (a citation list with DPUB roles that ARIA 1.2 gives
#: other parents), not the engine's or a theme's: those rules only are
#: not asked of it (every other rule is).
DOCUTILS_CITATIONS = {"reading.html": {"aria-allowed-role", "aria-deprecated-role",
                                       "aria-required-children"}}

#: pydata-sphinx-theme makes a <pre> focusable when it scrolls, 300 ms after a
#: resize: axe runs after a phone's width has settled.
SETTLE_MS = 400

VISIBLE_H1 = "() => [...document.querySelectorAll('h1')].filter(h => h.checkVisibility()).length"


@dataclass
class ThemeScan:
    """What every page of one theme's site did in the browser."""
    theme: str
    console_errors: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)
    overflow: dict[str, int] = field(default_factory=dict)  # page -> px wider than 375
    axe: dict[tuple[str, str], list[dict]] = field(default_factory=dict)  # (page, run) -> violations
    axe_passes: dict[tuple[str, str], int] = field(default_factory=dict)
    lightness: dict[tuple[str, str], float] = field(default_factory=dict)  # (page, scheme) -> 0..255
    search_headings: dict[str, int] = field(default_factory=dict)  # scheme -> visible h1


@pytest.fixture(scope="session")
def theme_scan(theme_site, browser) -> ThemeScan:
    theme, site = theme_site
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(SiteHandler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    pages = sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html")
                   if not p.relative_to(site).parts[0].startswith("_"))
    axe = Axe()
    scan = ThemeScan(theme)
    try:
        for scheme in SCHEMES[theme]:
            context = browser.new_context(viewport=DESKTOP, color_scheme=scheme)
            page = context.new_page()
            where = [""]  # the page being scanned; "" while axe runs
            page.on("console", lambda m: m.type == "error" and where[0] and scan.console_errors.append(
                f"{where[0]}: {m.text}"))
            page.on("pageerror", lambda e: scan.console_errors.append(f"{where[0]}: uncaught {e}"))
            # axe fetches a stylesheet's @import again, resolved against the page
            # (pydata-sphinx-theme's "../basic.css" from /basic.css): its own
            # requests are not the page's, hence none are counted while it runs.
            page.on("requestfailed", lambda r: where[0] and scan.failed_requests.append(
                f"{where[0]}: {r.failure} {r.url}"))
            page.on("response", lambda r: r.status >= 400 and where[0] and scan.failed_requests.append(
                f"{where[0]}: {r.status} {r.url} (from {r.request.headers.get('referer')})"))
            page.on("request", lambda r: urlsplit(r.url).scheme in ("http", "https")
                    and urlsplit(r.url).hostname != "127.0.0.1" and where[0]
                    and scan.failed_requests.append(f"{where[0]}: external {r.url}"))
            for name in pages:
                where[0] = label = f"{name} ({scheme})"
                page.set_viewport_size(DESKTOP)
                page.goto(f"{base}/{name}", wait_until="load")
                if theme in SWITCH:
                    page.evaluate(SWITCH[theme], scheme)
                page.wait_for_timeout(50)  # let the switch's transitions settle
                scan.lightness[(name, scheme)] = page.evaluate(BACKGROUND)
                if name == "search.html":
                    scan.search_headings[scheme] = page.evaluate(VISIBLE_H1)
                page.evaluate(axe.axe_script)
                # At a phone's width in the theme's last scheme only, as the
                # flagship's suite does (light, dark, dark on a phone): time.
                runs = [(scheme, DESKTOP)]
                if scheme == SCHEMES[theme][-1]:
                    runs.append((f"{scheme}-phone", PHONE))
                for run, viewport in runs:
                    if viewport is PHONE:
                        page.set_viewport_size(viewport)
                        page.wait_for_timeout(SETTLE_MS)
                    where[0] = ""
                    result = page.evaluate("axe.run({resultTypes: ['violations']})")
                    where[0] = label
                    excused = DOCUTILS_CITATIONS.get(name, set())
                    scan.axe[(name, run)] = [v for v in result["violations"]
                                             if v["id"] not in excused]
                    scan.axe_passes[(name, run)] = len(result["passes"])
                if len(runs) == 2:  # at the phone's width
                    scan.overflow[name] = page.evaluate(
                        "document.documentElement.scrollWidth - document.documentElement.clientWidth")
            context.close()
    finally:
        server.shutdown()
        server.server_close()
    assert "index.html" in scan.overflow and "search.html" in scan.overflow
    return scan


def test_no_console_errors(theme_scan):
    assert not theme_scan.console_errors, f"{theme_scan.theme}: console errors:\n" + "\n".join(
        theme_scan.console_errors)


def test_no_failed_or_external_requests(theme_scan):
    assert not theme_scan.failed_requests, f"{theme_scan.theme}: failed requests:\n" + "\n".join(
        theme_scan.failed_requests)


def test_no_horizontal_overflow_on_a_phone(theme_scan):
    wide = {name: px for name, px in theme_scan.overflow.items() if px > 0}
    assert not wide, f"{theme_scan.theme}: pages wider than 375 px (by px): {wide}"


def test_each_colour_scheme_is_shown(theme_scan):
    """The scans ran in the scheme they say: light pages are light, dark dark."""
    for (name, scheme), lightness in theme_scan.lightness.items():
        assert (lightness > 180) if scheme == "light" else (lightness < 80), (
            theme_scan.theme, name, scheme, lightness)


def test_no_axe_violations_in_any_colour_scheme(theme_scan):
    for key, passes in theme_scan.axe_passes.items():
        assert passes > 10, f"axe did not run on {key} ({theme_scan.theme})"
    failing = {key: v for key, v in theme_scan.axe.items() if v}
    assert not failing, f"{theme_scan.theme}: axe violations:\n" + "\n".join(
        f"{name} ({run}):\n{describe_violations(v)}" for (name, run), v in failing.items())


def test_search_page_shows_one_heading(theme_scan):
    assert theme_scan.search_headings == {s: 1 for s in SCHEMES[theme_scan.theme]}, \
        theme_scan.theme
