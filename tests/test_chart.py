"""The publications-per-year chart: counts from refs.bib, one area per paper,
escaping, accessibility (SVG name and description, table equivalent),
colours, and redrawing when the research areas change."""

import re
import shutil
from collections import Counter
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from pybtex.database import parse_file

from conftest import ROOT, sphinx_build

CHART_ROOT = ROOT / "tests" / "roots" / "test-chart"
LIGHT_BG, DARK_BG = "#ffffff", "#131416"  # furo's page backgrounds


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")


def declared_areas(research_md: Path) -> list[str]:
    return re.findall(r"^:::\{research-area\} (.+)$", research_md.read_text(), re.M)


def expected_counts(bib: Path, areas: list[str]) -> Counter:
    """(year, area) -> papers, by the documented rule: the first keyword that
    names a declared area, else Other ("")."""
    counts: Counter = Counter()
    for entry in parse_file(str(bib)).entries.values():
        keywords = [k.strip() for k in entry.fields.get("keywords", "").split(",") if k.strip()]
        area = next((k for k in keywords if k in areas), "")
        counts[(int(entry.fields["year"]), area)] += 1
    return counts


def bar_counts(figure) -> Counter:
    counts: Counter = Counter()
    for rect in figure.select("svg rect.publication-chart-bar"):
        counts[(int(rect["data-year"]), rect["data-area"])] += int(rect["data-count"])
    return counts


def luminance(colour: str) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast(a: str, b: str) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.fixture
def chart(app):
    app.build()
    return soup(Path(app.outdir) / "publications.html").select_one("figure.publication-chart")


@pytest.mark.sphinx("html", testroot="chart")
def test_bars_match_bib(chart):
    areas = declared_areas(CHART_ROOT / "research.md")
    expected = expected_counts(CHART_ROOT / "refs.bib", areas)
    assert bar_counts(chart) == expected
    # one rect per (year, area) segment: nothing drawn twice
    assert len(chart.select("rect.publication-chart-bar")) == len(expected)


@pytest.mark.sphinx("html", testroot="chart")
def test_paper_in_several_areas_counts_once(chart):
    entries = parse_file(str(CHART_ROOT / "refs.bib")).entries
    assert sum(bar_counts(chart).values()) == len(entries)
    # both 2019 two-area papers name engines and robots, in opposite orders
    assert bar_counts(chart)[(2019, "engines")] == 1
    assert bar_counts(chart)[(2019, 'robots"<b>')] == 1
    assert "counted once" in chart.select_one("figcaption").get_text()


@pytest.mark.sphinx("html", testroot="chart")
def test_axis_and_stacking(chart):
    entries = parse_file(str(CHART_ROOT / "refs.bib")).entries.values()
    years = sorted({int(e.fields["year"]) for e in entries})
    labels = [int(t.get_text()) for t in chart.select("text.publication-chart-year")]
    assert labels == list(range(years[0], years[-1] + 1))  # a gap year keeps its place
    # segments of one year sit on top of each other, in legend order, with
    # heights proportional to their counts
    for year in years:
        rects = [r for r in chart.select("rect.publication-chart-bar")
                 if int(r["data-year"]) == year]
        ys = [float(r["y"]) for r in rects]
        assert ys == sorted(ys, reverse=True)
        for lower, upper in zip(rects, rects[1:]):
            assert float(upper["y"]) + float(upper["height"]) <= float(lower["y"])
        unit = {round((float(r["height"]) + 1) / int(r["data-count"]), 1) for r in rects}
        assert len(unit) <= 1
    totals = [int(t.get_text()) for t in chart.select("text.publication-chart-total")]
    assert totals == [c for c in (sum(n for (y, _), n in bar_counts(chart).items() if y == year)
                                  for year in labels) if c]


@pytest.mark.sphinx("html", testroot="chart")
def test_legend_uses_area_titles(app, chart):
    research = soup(Path(app.outdir) / "research.html")
    titles = {h.get_text().rstrip("¶").strip() for h in research.select("section > h2")}
    legend = [li.get_text(strip=True) for li in chart.select(".publication-chart-legend li")]
    names = [li["data-area"] for li in chart.select(".publication-chart-legend li")]
    assert names == [*declared_areas(CHART_ROOT / "research.md"), ""]  # areas, then Other
    counts = bar_counts(chart)
    for name, text in zip(names, legend):
        title = text.rsplit(" (", 1)[0]
        assert title in titles or (name == "" and title == "Other")
        assert text.endswith(f"({sum(n for (_, a), n in counts.items() if a == name)})")


@pytest.mark.sphinx("html", testroot="chart")
def test_hostile_area_name_and_title_are_escaped(app, chart):
    raw = (Path(app.outdir) / "publications.html").read_text()
    figure_html = raw[raw.index('<figure class="publication-chart"'):raw.index("</figure>")]
    assert "<Tags>" not in figure_html and "&lt;Tags&gt;" in figure_html
    assert "<b>" not in figure_html
    assert not chart.find_all(["b", "tags"])
    assert any("<Tags>" in li.get_text() for li in chart.select(".publication-chart-legend li"))


@pytest.mark.sphinx("html", testroot="chart")
def test_svg_has_accessible_name_and_description(chart):
    svg = chart.select_one("svg.publication-chart-svg")
    assert svg["role"] == "img"
    title = svg.find(id=svg["aria-labelledby"])
    desc = svg.find(id=svg["aria-describedby"])
    assert title.name == "title" and "per year" in title.get_text()
    assert desc.name == "desc"
    for year in (int(t.get_text()) for t in chart.select("text.publication-chart-year")):
        assert f"{year}:" in desc.get_text()
    assert "viewbox" in svg.attrs and "width:100%" in svg["style"]
    # axis and legend text follow the theme's text colour
    assert svg["fill"] == "currentColor"


@pytest.mark.sphinx("html", testroot="chart")
def test_table_equivalent(chart):
    # Right after the figure, not in it: HTML allows no <details> in a <figure>.
    assert chart.find("details") is None
    details = chart.find_next_sibling()
    assert details.name == "details" and "publication-chart-data" in details["class"]
    table = details.select_one("table")
    assert table.caption.get_text(strip=True)
    assert table.caption["id"] == f'{chart["id"]}-caption'
    region = table.find_parent(attrs={"role": "region"})
    assert region["tabindex"] == "0" and details.find(id=region["aria-labelledby"]) is table.caption
    head = [th.get_text() for th in table.select("thead th")]
    assert all(th["scope"] == "col" for th in table.select("thead th"))
    assert head[0] == "Year" and head[-1] == "Total"
    legend = [li.get_text(strip=True).rsplit(" (", 1)[0]
              for li in chart.select(".publication-chart-legend li")]
    assert head[1:-1] == legend
    names = [li["data-area"] for li in chart.select(".publication-chart-legend li")]
    counts = bar_counts(chart)
    for row in table.select("tbody tr"):
        assert row.th["scope"] == "row"
        year = int(row.th.get_text())
        cells = [int(td.get_text()) for td in row.select("td")]
        assert cells[:-1] == [counts.get((year, name), 0) for name in names]
        assert cells[-1] == sum(cells[:-1])


@pytest.mark.sphinx("html", testroot="chart")
def test_ids_unique(app, chart):
    page = soup(Path(app.outdir) / "publications.html")
    ids = [tag["id"] for tag in page.find_all(id=True)]
    assert len(ids) == len(set(ids))


@pytest.mark.sphinx("html", testroot="chart")
def test_colours_contrast_with_both_themes(chart):
    fills = {rect["fill"] for rect in chart.select("rect")}
    assert len(fills) == len(chart.select(".publication-chart-legend li"))
    for fill in fills:
        # WCAG 1.4.11: graphical objects need 3:1 against what is next to them
        assert contrast(fill, LIGHT_BG) >= 3, fill
        assert contrast(fill, DARK_BG) >= 3, fill


@pytest.mark.sphinx("html", testroot="chart")
def test_no_warnings(app, warning):
    app.build()
    assert warning.getvalue() == ""


def test_two_charts_on_one_page_have_distinct_ids(tmp_path):
    src = tmp_path / "src"
    shutil.copytree(CHART_ROOT, src)
    page = src / "publications.md"
    page.write_text(page.read_text() + "\n:::{publication-chart}\n:::\n")
    result = sphinx_build(tmp_path / "out", srcdir=src, confdir=src)
    assert result.returncode == 0, result.stderr
    html_page = soup(tmp_path / "out" / "publications.html")
    assert len(html_page.select("figure.publication-chart")) == 2
    ids = [tag["id"] for tag in html_page.find_all(id=True)]
    assert len(ids) == len(set(ids))
    for svg in html_page.select("svg.publication-chart-svg"):
        assert svg.find(id=svg["aria-labelledby"]) is not None


def test_chart_redrawn_when_an_area_is_renamed(tmp_path):
    """The areas are declared on another page: renaming one there must reach
    the chart on an incremental build."""
    src, out = tmp_path / "src", tmp_path / "out"
    shutil.copytree(CHART_ROOT, src)
    assert sphinx_build(out, srcdir=src, confdir=src).returncode == 0
    research = src / "research.md"
    research.write_text(research.read_text().replace("## Engines", "## Steam Engines"))
    result = sphinx_build(out, srcdir=src, confdir=src)
    assert result.returncode == 0, result.stderr
    legend = [li.get_text(strip=True) for li in
              soup(out / "publications.html").select(".publication-chart-legend li")]
    assert legend[0].startswith("Steam Engines (")
