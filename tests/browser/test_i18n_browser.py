"""The script's words in the site's language: the German test site
(tests/roots/test-i18n) driven in Chromium, where homepage.js writes the
filter's status, the copy buttons' announcement and the "On this page"
button's name."""

import threading
from functools import partial
from http.server import ThreadingHTTPServer

import pytest

from conftest import copied_root, sphinx_build
from .browsing import DESKTOP
from .browsing import SiteHandler


@pytest.fixture(scope="module")
def german_url(tmp_path_factory):
    """The German test site, built and served on 127.0.0.1."""
    out = tmp_path_factory.mktemp("i18n-browser")
    root = copied_root("test-i18n", out)
    result = sphinx_build(out / "html", "-d", str(out / "doctrees"), srcdir=root, confdir=root)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr
    server = ThreadingHTTPServer(("127.0.0.1", 0),
                                 partial(SiteHandler, directory=str(out / "html")))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture
def context(browser, german_url):
    context = browser.new_context(viewport=DESKTOP, color_scheme="light", base_url=german_url,
                                  locale="de-DE")
    yield context
    context.close()


def test_filter_status_is_german(page):
    page.goto("publikationen.html")
    status = page.locator("#pub-filter-status")
    assert status.text_content() == "12 von 12 Publikationen angezeigt"
    page.select_option("#pub-filter-type", "thesis")
    assert status.text_content() == "3 von 12 Publikationen angezeigt"
    assert page.locator(".publication:visible").count() == 3
    page.get_by_role("button", name="Zurücksetzen").click()
    page.wait_for_function("document.getElementById('pub-filter-status').textContent"
                           " === '12 von 12 Publikationen angezeigt'")


def test_copy_button_announces_in_german(context, page, german_url):
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=german_url)
    page.goto("publikationen/lovelace2020maschine.html")
    page.get_by_role("button", name="RIS kopieren").click()
    page.get_by_role("status").filter(has_text="Kopiert").wait_for(timeout=5000)
    assert page.evaluate("navigator.clipboard.readText()") == \
        page.locator("#cite-ris").text_content()


def test_table_of_contents_button_is_named_in_german(page):
    # Between 63em and 82em the script makes furo's icon a named button.
    page.set_viewport_size({"width": 1100, "height": 800})
    page.goto("index.html")
    button = page.get_by_role("button", name="Auf dieser Seite")
    assert button.is_visible()
    assert page.get_by_role("button", name="On this page").count() == 0
