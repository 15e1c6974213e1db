"""The publications-per-year chart, stacked by research area, as build-time SVG.

``:::{publication-chart}`` leaves a placeholder; a post-transform draws the
chart once every document has been read, because the research areas (titles,
order) are declared on another page. The output is one ``<figure>``: an
inline SVG (``role="img"`` with a title and a text description), an HTML
legend that wraps on narrow screens, and the same numbers as a table for
screen readers and anyone who wants exact counts. No JavaScript.

A paper in several areas is counted once, under the first declared area its
``keywords`` name, so the stacked totals are true paper counts; papers with no
declared area are counted as "Other".
"""

import html
from collections import Counter
from typing import NamedTuple

from docutils import nodes
from pybtex.database import Entry
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util.docutils import SphinxDirective

from .i18n import N_, _, ngettext
from .papers import bib_entries, entry_keywords, entry_year, note_bib_dependency
from .priorities import FILL_PLACEHOLDERS

DIRECTIVE_NAME = "publication-chart"
OTHER_TITLE = N_("Other")


# SVG geometry, in viewBox units; the SVG scales to its container's width.
# 400 wide: on a 375 px phone the text is still about 11 px high.
WIDTH, HEIGHT = 400, 220
LEFT, RIGHT, TOP, BOTTOM = 30, 4, 20, 26
FONT_SIZE = 13
SEGMENT_GAP = 1  # keeps touching segments of similar lightness apart
MAX_TICKS = 5


class publication_chart(nodes.General, nodes.Element):
    """Placeholder for the chart; attribute ``chart_id`` (unique in its page)."""


class Series(NamedTuple):
    """One stacked layer of the chart."""

    name: str  #: research area name from refs.bib ``keywords``; "" for Other
    title: str  #: what the legend and the table call it
    colour: str  #: bar fill
    counts: dict[int, int]  #: year -> number of papers

    @property
    def total(self) -> int:
        return sum(self.counts.values())


class ChartData(NamedTuple):
    """What the chart shows: every year of the span, every non-empty series."""

    years: list[int]  #: oldest to newest, no gaps
    series: list[Series]  #: stacking order, bottom first

    def year_total(self, year: int) -> int:
        return sum(s.counts.get(year, 0) for s in self.series)

    @property
    def total(self) -> int:
        return sum(s.total for s in self.series)


def chart_area(entry: Entry, area_names: set[str]) -> str:
    """The one area a paper is counted under: the first of its ``keywords``
    that names a declared area, else "" (Other)."""
    return next((name for name in entry_keywords(entry) if name in area_names), "")


def chart_data(env: BuildEnvironment) -> ChartData:
    areas = env.get_domain("homepage").declared_areas()  # type: ignore[attr-defined]
    counts: dict[str, Counter[int]] = {area.name: Counter() for area in areas}
    counts[""] = Counter()
    names = {area.name for area in areas}
    for entry in bib_entries(env).values():
        counts[chart_area(entry, names)][entry_year(entry)] += 1
    # Bar fills: homepage_chart_palette, by declared position (stable).
    palette = env.config.homepage_chart_palette
    series = [Series(area.name, area.title, palette[i % len(palette)], dict(counts[area.name]))
              for i, area in enumerate(areas)]
    series.append(Series("", _(OTHER_TITLE), env.config.homepage_chart_other_colour,
                         dict(counts[""])))
    series = [s for s in series if s.total]
    years = sorted({year for s in series for year in s.counts})
    span = list(range(years[0], years[-1] + 1)) if years else []
    return ChartData(span, series)


def papers(count: int) -> str:
    return ngettext("{count} paper", "{count} papers", count).format(count=count)


def tick_step(maximum: int) -> int:
    """A round step giving at most ``MAX_TICKS`` gridlines above zero."""
    for base in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500):
        if maximum <= base * MAX_TICKS:
            return base
    return -(-maximum // MAX_TICKS)


def description(data: ChartData) -> str:
    """The chart in words, for the SVG's ``<desc>``."""
    if not data.years:
        return _("No publications.")
    parts = [_("{papers} from {first} to {last}.").format(
        papers=papers(data.total), first=data.years[0], last=data.years[-1])]
    for year in data.years:
        by_area = [f"{s.title} {s.counts[year]}" for s in data.series if s.counts.get(year)]
        detail = f" ({'; '.join(by_area)})" if by_area else ""
        parts.append(f"{year}: {papers(data.year_total(year))}{detail}.")
    return " ".join(parts)


def svg(data: ChartData, chart_id: str) -> str:
    esc = html.escape
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    highest = max((data.year_total(y) for y in data.years), default=0)
    step = tick_step(max(highest, 1))
    top = max(-(-highest // step) * step, step)
    scale = plot_h / top
    slot = plot_w / max(len(data.years), 1)
    bar_w = min(slot * 0.64, 56)
    # label every n-th year when four digits would not fit under each bar
    label_every = max(1, -(-int(FONT_SIZE * 2.6) // max(int(slot), 1)))
    title = _("Publications per year, by research area")
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="publication-chart-svg" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-labelledby="{chart_id}-title" aria-describedby="{chart_id}-desc" '
        f'style="display:block;width:100%;max-width:32rem;height:auto" '
        f'font-size="{FONT_SIZE}" fill="currentColor">',
        f'<title id="{chart_id}-title">{esc(title)}</title>',
        f'<desc id="{chart_id}-desc">{esc(description(data))}</desc>',
    ]
    for tick in range(0, top + 1, step):
        y = TOP + plot_h - tick * scale
        out.append(f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" y2="{y:.1f}" '
                   f'stroke="currentColor" stroke-opacity="{0.6 if tick == 0 else 0.2}"/>')
        out.append(f'<text x="{LEFT - 6}" y="{y + FONT_SIZE / 3:.1f}" '
                   f'text-anchor="end">{tick}</text>')
    for index, year in enumerate(data.years):
        x = LEFT + index * slot + (slot - bar_w) / 2
        base = TOP + plot_h
        for s in data.series:
            count = s.counts.get(year, 0)
            if not count:
                continue
            height = count * scale
            out.append(
                f'<rect class="publication-chart-bar" x="{x:.1f}" '
                f'y="{base - height + SEGMENT_GAP:.1f}" width="{bar_w:.1f}" '
                f'height="{height - SEGMENT_GAP:.1f}" fill="{s.colour}" '
                f'data-year="{year}" data-area="{esc(s.name)}" data-count="{count}">'
                f'<title>{year}, {esc(s.title)}: {papers(count)}</title></rect>')
            base -= height
        total = data.year_total(year)
        centre = x + bar_w / 2
        if total:
            out.append(f'<text class="publication-chart-total" x="{centre:.1f}" '
                       f'y="{base - 4:.1f}" text-anchor="middle">{total}</text>')
        if index % label_every == 0 or index == len(data.years) - 1:
            out.append(f'<text class="publication-chart-year" x="{centre:.1f}" '
                       f'y="{HEIGHT - 6}" text-anchor="middle">{year}</text>')
    out.append("</svg>")
    return "".join(out)


def legend(data: ChartData) -> str:
    items = []
    for s in data.series:
        swatch = (f'<svg width="12" height="12" aria-hidden="true" focusable="false" '
                  f'style="flex:none;margin-top:.3em">'
                  f'<rect width="12" height="12" fill="{s.colour}"/></svg>')
        # flex: a long title wraps beside its swatch, not under it
        items.append(f'<li data-area="{html.escape(s.name)}" '
                     f'style="display:flex;gap:.4em">{swatch}'
                     f'<span>{html.escape(s.title)} ({s.total})</span></li>')
    return ('<ul class="publication-chart-legend" style="list-style:none;padding:0;'
            'margin:.5rem 0;display:flex;flex-wrap:wrap;gap:.25rem 1.25rem">'
            + "".join(items) + "</ul>")


def table(data: ChartData, chart_id: str) -> str:
    esc = html.escape
    head = "".join(f'<th scope="col">{esc(s.title)}</th>' for s in data.series)
    rows = []
    for year in data.years:
        cells = "".join(f"<td>{s.counts.get(year, 0)}</td>" for s in data.series)
        rows.append(f'<tr><th scope="row">{year}</th>{cells}'
                    f"<td>{data.year_total(year)}</td></tr>")
    totals = "".join(f"<td>{s.total}</td>" for s in data.series)
    summary, year_, total = _("The numbers as a table"), _("Year"), _("Total")
    # A wide table scrolls inside its own focusable region instead of
    # widening the page on a phone.
    return (
        '<details class="publication-chart-data">'
        f'<summary>{esc(summary)}</summary>'
        f'<div role="region" tabindex="0" aria-labelledby="{chart_id}-caption" '
        'style="overflow-x:auto">'
        '<table class="docutils align-default publication-chart-table">'
        f'<caption id="{chart_id}-caption">'
        + esc(_("Publications per year, by research area (each paper counted once, "
                "under its first area)"))
        + "</caption>"
        f'<thead><tr><th scope="col">{esc(year_)}</th>{head}'
        f'<th scope="col">{esc(total)}</th></tr></thead>'
        f'<tbody>{"".join(rows)}</tbody>'
        f'<tfoot><tr><th scope="row">{esc(total)}</th>{totals}<td>{data.total}</td>'
        "</tr></tfoot></table></div></details>"
    )


def chart_html(data: ChartData, chart_id: str) -> str:
    return (
        f'<figure class="publication-chart" id="{chart_id}">'
        + svg(data, chart_id)
        + legend(data)
        + "<figcaption>"
        + html.escape(_("Publications per year, stacked by research area. A paper in "
                        "several areas is counted once, under the first area its keywords "
                        "name; papers without a research area are counted as {other}.")
                      .format(other=_(OTHER_TITLE)))
        + "</figcaption></figure>"
        # After the figure, not in it: HTML allows no <details> in a <figure>.
        + table(data, chart_id)
    )


class PublicationChartDirective(SphinxDirective):
    """``:::{publication-chart}``: publications per year, stacked by area."""

    def run(self) -> list[nodes.Node]:
        note_bib_dependency(self.env)
        # Drawn again when an area changes on another page.
        self.env.get_domain("homepage").note_area_reader(self.env.docname)  # type: ignore[attr-defined]
        serial = self.env.new_serialno(DIRECTIVE_NAME)
        chart_id = DIRECTIVE_NAME if serial == 0 else f"{DIRECTIVE_NAME}-{serial}"
        node = publication_chart(chart_id=chart_id)
        self.set_source_info(node)
        return [node]


class DrawPublicationCharts(SphinxPostTransform):
    """Replace each placeholder with the chart, now that all areas are known."""

    default_priority = FILL_PLACEHOLDERS

    def run(self, **kwargs) -> None:
        placeholders = list(self.document.findall(publication_chart))
        if not placeholders:
            return
        data = chart_data(self.env)
        for placeholder in placeholders:
            markup = chart_html(data, placeholder["chart_id"])
            placeholder.replace_self(nodes.raw("", markup, format="html"))


def setup_chart(app: Sphinx) -> None:
    app.add_node(publication_chart)
    app.add_directive(DIRECTIVE_NAME, PublicationChartDirective)
    app.add_post_transform(DrawPublicationCharts)
