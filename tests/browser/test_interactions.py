"""What a visitor does with the site, done in Chromium: switch to dark mode,
filter the publications, copy a citation, follow a news permalink, search,
and go through every control with the keyboard."""

import json
import re
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from bs4 import BeautifulSoup
from .browsing import DESKTOP, PHONE, describe_violations

# Colour of the page background, as a relative luminance (0 black, 1 white).
LUMINANCE = """() => {
  const [r, g, b] = getComputedStyle(document.body).backgroundColor.match(/[\\d.]+/g).map(Number);
  const lin = (c) => { c /= 255; return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4; };
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
}"""


@pytest.fixture
def context(browser, base_url):
    context = browser.new_context(viewport=DESKTOP, color_scheme="light", base_url=base_url)
    yield context
    context.close()


# -- Dark mode -------------------------------------------------------------

def _theme(page) -> tuple[str, str | None, float]:
    return (page.evaluate("document.body.dataset.theme"),
            page.evaluate("localStorage.getItem('theme')"),
            page.evaluate(LUMINANCE))


def test_dark_mode_toggle_switches_and_persists(page):
    page.goto("index.html")
    theme, stored, light_luminance = _theme(page)
    assert (theme, stored) == ("auto", None)
    assert light_luminance > 0.8, "the system prefers light: the page starts light"

    # With a light system preference, furo cycles auto -> dark -> light.
    page.locator(".theme-toggle:visible").click()
    theme, stored, luminance = _theme(page)
    assert (theme, stored) == ("dark", "dark")
    assert luminance < 0.1

    page.goto("news.html")  # the choice follows to the next page
    theme, stored, luminance = _theme(page)
    assert (theme, stored) == ("dark", "dark")
    assert luminance < 0.1

    page.locator(".theme-toggle:visible").click()
    page.goto("publications.html")
    theme, stored, luminance = _theme(page)
    assert (theme, stored) == ("light", "light")
    assert luminance > 0.8


# -- Publication filter ----------------------------------------------------

SHOWN_ENTRIES = """() => Array.from(document.querySelectorAll('.publication'))
  .filter((e) => e.checkVisibility()).map((e) => e.id)"""
ENTRIES = """() => Array.from(document.querySelectorAll('.publication')).map((e) => ({
  id: e.id, year: e.dataset.year, areas: e.dataset.areas.split(' ').filter(Boolean),
  type: e.dataset.type}))"""
YEAR_SECTIONS = """() => Array.from(document.querySelectorAll('section[id^="year-"]')).map((s) => ({
  id: s.id, shown: s.checkVisibility(),
  hasShownEntry: Array.from(s.querySelectorAll('.publication')).some((e) => e.checkVisibility())}))"""


def _options(page, select: str) -> list[str]:
    return page.eval_on_selector_all(f"{select} option", "os => os.map((o) => o.value)")


def _assert_filtered(page, entries, expected_ids: set[str]) -> None:
    assert set(page.evaluate(SHOWN_ENTRIES)) == expected_ids
    assert page.locator("#pub-filter-status").text_content().strip() == (
        f"Showing {len(expected_ids)} of {len(entries)} publications")
    for section in page.evaluate(YEAR_SECTIONS):
        assert section["shown"] == section["hasShownEntry"], section


def test_publication_filter_narrows_and_resets(page):
    page.goto("publications.html")
    form = page.locator("#pub-filter")
    assert form.is_visible(), "the script did not reveal the filter (#pub-filter stays hidden)"
    entries = page.evaluate(ENTRIES)
    all_ids = {entry["id"] for entry in entries}
    assert len(all_ids) > 1
    _assert_filtered(page, entries, all_ids)

    years = [value for value in _options(page, "#pub-filter-year") if value]
    assert _options(page, "#pub-filter-year")[0] == "" and len(years) > 1
    year = years[-1]
    page.select_option("#pub-filter-year", year)
    by_year = {e["id"] for e in entries if e["year"] == year}
    assert 0 < len(by_year) < len(entries), "choosing a year must narrow the list"
    _assert_filtered(page, entries, by_year)

    # Then by area and type too: the criteria combine.
    areas = [value for value in _options(page, "#pub-filter-area") if value]
    assert areas, "no research area to filter by"
    area = max(areas, key=lambda a: sum(a in e["areas"] for e in entries))
    page.select_option("#pub-filter-year", "")
    page.select_option("#pub-filter-area", area)
    by_area = {e["id"] for e in entries if area in e["areas"]}
    assert 0 < len(by_area) < len(entries)
    _assert_filtered(page, entries, by_area)

    kind = next(value for value in _options(page, "#pub-filter-type") if value)
    page.select_option("#pub-filter-type", kind)
    _assert_filtered(page, entries, {e["id"] for e in entries
                                     if area in e["areas"] and e["type"] == kind})

    page.locator("#pub-filter button[type=reset]").click()
    page.wait_for_function("document.querySelectorAll('.publication[hidden]').length === 0")
    _assert_filtered(page, entries, all_ids)
    for select in ("#pub-filter-area", "#pub-filter-year", "#pub-filter-type"):
        assert page.input_value(select) == ""


def test_publication_filter_from_the_address(page):
    page.goto("publications.html")
    entries = page.evaluate(ENTRIES)
    year = max({e["year"] for e in entries})
    page.goto(f"publications.html?year={year}")
    assert page.input_value("#pub-filter-year") == year
    _assert_filtered(page, entries, {e["id"] for e in entries if e["year"] == year})


def _tab_to(page, selector: str, limit: int = 60) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement.matches(s)", selector):
            return
    pytest.fail(f"Tab never reached {selector}")


def test_publication_filter_with_the_keyboard_only(page):
    page.goto("publications.html")
    entries = page.evaluate(ENTRIES)
    all_ids = {entry["id"] for entry in entries}
    areas = [value for value in _options(page, "#pub-filter-area") if value]
    years = [value for value in _options(page, "#pub-filter-year") if value]

    # The arrow keys change a closed <select>: the list follows at once.
    _tab_to(page, "#pub-filter-area")
    page.keyboard.press("ArrowDown")
    assert page.input_value("#pub-filter-area") == areas[0]
    by_area = {e["id"] for e in entries if areas[0] in e["areas"]}
    assert 0 < len(by_area) < len(entries)
    _assert_filtered(page, entries, by_area)

    # On to the year, the oldest one (End), combined with the area.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "pub-filter-year"
    page.keyboard.press("End")
    assert page.input_value("#pub-filter-year") == years[-1]
    _assert_filtered(page, entries, {e["id"] for e in by_area_and_year(entries, areas[0],
                                                                          years[-1])})
    page.keyboard.press("Home")  # "All years" again
    _assert_filtered(page, entries, by_area)

    # The reset button, with Enter: everything is back.
    _tab_to(page, "#pub-filter button[type=reset]", limit=5)
    page.keyboard.press("Enter")
    page.wait_for_function("document.querySelectorAll('.publication[hidden]').length === 0")
    _assert_filtered(page, entries, all_ids)
    assert page.input_value("#pub-filter-area") == ""


def by_area_and_year(entries, area: str, year: str) -> list[dict]:
    return [e for e in entries if area in e["areas"] and e["year"] == year]


def test_without_javascript_the_full_list_and_no_filter(browser, base_url, paper_page):
    context = browser.new_context(viewport=DESKTOP, base_url=base_url, java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto("publications.html")
        entries = page.locator(".publication")
        assert entries.count() > 10
        for index in range(entries.count()):
            assert entries.nth(index).is_visible(), index
        for section in page.locator("section[id^='year-']").all():
            assert section.is_visible()
        # The filter could not work: it is not offered.
        assert page.locator("#pub-filter").count() == 1
        assert not page.locator("#pub-filter").is_visible()
        assert not page.locator("#pub-filter select").first.is_visible()
        # Nor the copy buttons; the citations and downloads are all there.
        page.goto(paper_page)
        assert not page.locator("button.copy-button").first.is_visible()
        assert page.locator("#cite-bibtex").is_visible()
        assert page.locator("#cite a[download]").first.is_visible()
    finally:
        context.close()


# -- Copy buttons ----------------------------------------------------------

@pytest.mark.parametrize("fmt, suffix", [("bibtex", ".bib"), ("ris", ".ris")])
def test_copy_button_puts_the_exact_citation_on_the_clipboard(
        context, page, base_url, site: Path, paper_page, fmt, suffix):
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=base_url)
    page.goto(paper_page)
    button = page.locator(f"button.copy-button[data-copy-target='cite-{fmt}']")
    assert button.is_visible(), f"no visible copy button for cite-{fmt}"
    page.evaluate("navigator.clipboard.writeText('nothing copied yet')")

    button.click()
    # Announced to screen readers, in a live region.
    page.get_by_role("status").filter(has_text="Copied").wait_for(timeout=5000)
    copied = page.evaluate("navigator.clipboard.readText()")

    assert copied == page.locator(f"#cite-{fmt}").text_content()
    # The same text as the file the page offers to download.
    href = page.locator(f"#cite a[download][href$='{suffix}']").get_attribute("href")
    downloaded = (site / Path(paper_page).parent / href).resolve()
    assert downloaded.is_file()
    assert copied.strip() == downloaded.read_text().strip()
    assert copied.lstrip().startswith("@" if fmt == "bibtex" else "TY  - ")


# -- News permalink --------------------------------------------------------

IN_TOP_HALF = """(e) => { const r = e.getBoundingClientRect();
  return r.top >= 0 && r.top < innerHeight / 2; }"""


def test_news_permalink_scrolls_to_its_item(browser, base_url, site: Path):
    soup = BeautifulSoup((site / "news.html").read_text(), "lxml")
    items = soup.select("article.news-item[id]")
    assert len(items) > 5
    target = items[len(items) // 2]["id"]  # far below the fold, far above the end
    context = browser.new_context(viewport=PHONE, base_url=base_url)
    try:
        page = context.new_page()
        page.goto(f"news.html#{target}")
        item = page.locator(f"article.news-item[id='{target}']")
        # furo scrolls smoothly: wait for the item to arrive near the top.
        page.wait_for_function(IN_TOP_HALF, arg=item.element_handle(), timeout=5000)
        # From the top of the page, following the permalink in place does it too.
        page.goto("news.html")
        assert not page.evaluate(IN_TOP_HALF, item.element_handle())
        page.goto(f"news.html#{target}")
        page.wait_for_function(IN_TOP_HALF, arg=item.element_handle(), timeout=5000)
        assert page.url.endswith(f"#{target}")
    finally:
        context.close()


# -- Search ----------------------------------------------------------------

def _distinctive_word(text: str, site_text: str) -> str:
    """The rarest long word of ``text`` across the site: a good search term."""
    words = {w for w in re.findall(r"[A-Za-z]{6,}", text)}
    assert words, text
    return min(sorted(words), key=lambda w: site_text.lower().count(w.lower()))


def _search(page, word: str) -> list[str]:
    page.goto(f"search.html?q={word}")
    page.wait_for_selector("#search-results .search-summary, #search-results ul.search li",
                           timeout=15000)
    page.wait_for_function("!document.querySelector('#search-results h2')"
                           " || document.querySelector('.search-summary')?.textContent")
    return page.eval_on_selector_all("#search-results ul.search li a",
                                     "links => links.map((a) => a.getAttribute('href'))")


def test_search_finds_a_paper_by_a_word_of_its_title(page, site: Path, paper_page):
    soup = BeautifulSoup((site / paper_page).read_text(), "lxml")
    title = soup.select_one("article h1").get_text(" ", strip=True).rstrip("¶ ")
    all_text = " ".join(p.read_text() for p in site.rglob("*.html"))
    word = _distinctive_word(title, all_text)
    found = {link.split("#")[0].split("?")[0] for link in _search(page, word)}
    # The paper's own page (publications.html lists it too).
    assert paper_page in found, f"searching {word!r} (from {title!r}) found {found}"


def test_paper_pages_are_in_the_search_index(site: Path, html_pages):
    index = (site / "searchindex.js").read_text()
    docnames = set(json.loads(index[index.index("(") + 1:index.rindex(")")])["docnames"])
    papers = {p.removesuffix(".html") for p in html_pages if p.startswith("publications/")}
    unindexed = sorted(papers - docnames)
    if unindexed:
        pytest.fail(
            f"{len(unindexed)} paper pages are not in searchindex.js (e.g. {unindexed[0]}): the "
            "site search finds a paper only as a line of publications.html, never its own page")


def test_search_finds_a_news_item_by_a_word_of_its_text(page, site: Path):
    soup = BeautifulSoup((site / "news.html").read_text(), "lxml")
    body = soup.select("article.news-item .news-body")[-1].get_text(" ", strip=True)
    all_text = " ".join(p.read_text() for p in site.rglob("*.html"))
    word = _distinctive_word(body, all_text)
    links = _search(page, word)
    assert any(link.split("#")[0].split("?")[0] == "news.html" for link in links), (
        f"searching {word!r} (from {body!r}) found {links}")
    # The results are built by script, after the page scan ran axe: check them too.
    violations = Axe().run(page).response["violations"]
    assert not violations, describe_violations(violations)


# -- Keyboard --------------------------------------------------------------

FOCUSABLE = """() => Array.from(document.querySelectorAll(
    'a[href], button, input, select, textarea, summary, [tabindex]'))
  .filter((e) => e.tabIndex >= 0 && !e.disabled && e.checkVisibility({visibilityProperty: true})
                 && e.getBoundingClientRect().width > 0)
  .map((e) => e.outerHTML.slice(0, 120))"""
# The focused element, whether its focus shows, and whether it is (at least
# partly) within the page's width: not in a drawer slid out of view. An
# invisible control (furo's drawer checkboxes) shows focus on its label.
FOCUS_STATE = """() => {
  const e = document.activeElement;
  if (!e || e === document.body) return null;
  let shown = e;
  if (parseFloat(getComputedStyle(e).opacity) === 0 && e.id) {
    shown = Array.from(document.querySelectorAll(`label[for="${e.id}"]`)).find(
      (l) => l.checkVisibility() && l.getBoundingClientRect().width > 1) || e;
  }
  const s = getComputedStyle(shown);
  const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0
                  && !/rgba\\(.*, 0\\)$/.test(s.outlineColor);
  const r = shown.getBoundingClientRect();
  return {html: e.outerHTML.slice(0, 120), visible: outline || s.boxShadow !== 'none',
          withinWidth: r.right > 0 && r.left < innerWidth};
}"""


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1280", "375"])
@pytest.mark.parametrize("name", ["index.html", "news.html", "publications.html", "paper"])
def test_every_control_is_reachable_with_tab_and_shows_focus(page, paper_page, name, viewport):
    page.set_viewport_size(viewport)
    page.goto(paper_page if name == "paper" else name)
    controls = page.evaluate(FOCUSABLE)
    assert controls
    reached: list[str] = []
    problems: list[str] = []
    for _ in range(len(controls) + 5):
        page.keyboard.press("Tab")
        state = page.evaluate(FOCUS_STATE)
        if state is None or (reached and state["html"] == reached[0]):
            break  # back at the start: the whole tab order is walked
        reached.append(state["html"])
        if not state["visible"]:
            problems.append(f"no visible focus indicator: {state['html']}")
        if not state["withinWidth"]:
            problems.append(f"focus went out of view (a closed drawer?): {state['html']}")
    missing = [c for c in controls if c not in reached]
    assert not missing, f"not reachable with Tab: {missing}"
    assert not problems, "\n".join(problems)


def test_phone_navigation_opens_with_the_keyboard(page):
    page.set_viewport_size(PHONE)
    page.goto("news.html")
    drawer = page.locator(".sidebar-drawer")
    research = drawer.get_by_role("link", name="Research")
    assert not research.is_visible(), "the closed drawer's links are hidden"
    for _ in range(5):  # after the skip link, the first control of the header
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "__navigation":
            break
    else:
        pytest.fail("Tab never reached the navigation toggle")
    page.keyboard.press("Space")
    research.wait_for(state="visible")
    page.wait_for_function("document.querySelector('.sidebar-drawer')"
                           ".getBoundingClientRect().left >= 0")
    # Tab goes on into the open drawer, to its links.
    for _ in range(10):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.closest('.sidebar-drawer') !== null"):
            break
    else:
        pytest.fail("Tab never reached the open navigation drawer")
    assert page.evaluate("document.activeElement.getBoundingClientRect().left") >= 0


@pytest.mark.parametrize("width", [1100, 1280])
def test_table_of_contents_icon_opens_with_the_keyboard(page, width):
    # Between 63em and 82em furo hides the "On this page" column behind an
    # icon in the content header; the keyboard must reach and work it too.
    page.set_viewport_size({"width": width, "height": 800})
    page.goto("research.html")
    link = page.locator(".toc-drawer a[href]").last  # the first, the page title, is hidden
    icon = page.locator(".toc-content-icon")
    assert icon.is_visible()
    assert not link.is_visible(), "the closed drawer's links are hidden"
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.matches('.toc-content-icon')"):
            break
    else:
        pytest.fail("Tab never reached the 'On this page' icon")
    state = page.evaluate(FOCUS_STATE)
    assert state["visible"], f"no visible focus indicator: {state['html']}"
    assert page.get_by_role("button", name="On this page").is_visible()
    assert icon.get_attribute("aria-expanded") == "false"
    page.keyboard.press("Enter")
    link.wait_for(state="visible")
    assert icon.get_attribute("aria-expanded") == "true"
    page.wait_for_function("document.querySelector('.toc-drawer')"
                           ".getBoundingClientRect().right <= innerWidth")
    page.keyboard.press("Escape")
    link.wait_for(state="hidden")
    assert page.evaluate("document.activeElement.matches('.toc-content-icon')")
    page.keyboard.press(" ")
    link.wait_for(state="visible")
    page.keyboard.press(" ")
    link.wait_for(state="hidden")
    icon.click()  # the mouse, as before
    link.wait_for(state="visible")


def test_phone_drawers_open_and_close_with_a_tap(page):
    page.set_viewport_size(PHONE)
    page.goto("index.html")
    # The overlay beside an open drawer closes it.
    for icon, drawer, overlay, x in (
            (".nav-overlay-icon", ".sidebar-drawer", ".sidebar-overlay", PHONE["width"] - 5),
            (".toc-header-icon", ".toc-drawer", ".toc-overlay", 5)):
        link = page.locator(f"{drawer} a[href]").last
        assert not link.is_visible()
        page.locator(icon).click()
        link.wait_for(state="visible")
        page.wait_for_function(
            "d => { const r = document.querySelector(d).getBoundingClientRect();"
            " return r.left >= 0 && r.right <= innerWidth; }", arg=drawer)
        page.locator(overlay).click(position={"x": x, "y": PHONE["height"] - 5})
        link.wait_for(state="hidden")


# -- Scanning the publications on a phone ----------------------------------

def test_publications_list_scans_in_about_nine_phone_screens(browser, base_url, site):
    """Each paper's news is one line in the list ("In the news (3)"), whose
    link opens the news on the paper's page: 29 papers then fit in about 9
    screens of a 390 px phone (15.5 when every item was repeated in full)."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, base_url=base_url)
    page = context.new_page()
    page.goto("/publications.html")
    papers = page.locator("div.publication").count()
    screens = page.evaluate("document.documentElement.scrollHeight") / 844
    assert papers == len(list((site / "publications").glob("*.html")))
    assert screens <= papers * 10 / 29, f"{papers} papers take {screens:.1f} screens"
    line = page.locator("div.publication p.pub-news a").first
    count = int(re.search(r"In the news \((\d+)\)", line.inner_text())[1])
    line.click()
    page.wait_for_url(re.compile(r"/publications/[^/]+\.html#in-the-news$"))
    assert page.locator("#in-the-news article.news-item").count() == count
    assert page.locator("#in-the-news").is_visible()
    context.close()
