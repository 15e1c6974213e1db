"""Unit tests of ``sphinx_scholar.chart``'s pure functions: ticks, the chart in
words, the area a paper is counted under."""

import pytest
from pybtex.database import Entry

from sphinx_scholar.chart import MAX_TICKS, ChartData, Series, chart_area, description, tick_step


@pytest.mark.parametrize("maximum, step", [
    (1, 1), (5, 1), (6, 2), (10, 2), (11, 5), (25, 5), (26, 10), (50, 10), (51, 20),
    (125, 25), (2500, 500), (2501, 501),
])
def test_tick_step(maximum, step):
    assert tick_step(maximum) == step
    assert -(-maximum // step) <= MAX_TICKS


def test_description_in_words():
    data = ChartData([2019, 2020, 2021], [
        Series("hw", "Hardware", "#000", {2019: 2, 2021: 1}),
        Series("", "Other", "#111", {2019: 1}),
    ])
    assert description(data) == (
        "4 papers from 2019 to 2021. 2019: 3 papers (Hardware 2; Other 1). "
        "2020: 0 papers. 2021: 1 paper (Hardware 1).")
    assert description(ChartData([], [])) == "No publications."


def test_chart_area_is_the_first_declared_keyword():
    paper = Entry("misc", fields={"keywords": "robots, engines, misc"})
    assert chart_area(paper, {"engines", "robots"}) == "robots"
    assert chart_area(paper, {"engines"}) == "engines"
    assert chart_area(paper, set()) == ""
