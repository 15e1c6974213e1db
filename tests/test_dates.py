"""Unit tests of ``sphinx_scholar.dates``: news dates."""

import datetime

import pytest

from sphinx_scholar.dates import NewsDate, parse_news_date


@pytest.mark.parametrize("text, date, iso, display", [
    ("2020-08", NewsDate(2020, 8, None), "2020-08", "Aug 2020"),
    ("2018-03-26", NewsDate(2018, 3, 26), "2018-03-26", "Mar 26, 2018"),
    (" 2019-12 ", NewsDate(2019, 12, None), "2019-12", "Dec 2019"),
    ("2020-02-29", NewsDate(2020, 2, 29), "2020-02-29", "Feb 29, 2020"),
])
def test_dates_read_and_shown(text, date, iso, display):
    parsed = parse_news_date(text)
    assert parsed == date and parsed.iso == iso and parsed.display("en") == display


@pytest.mark.parametrize("text, says", [
    ("2020", "YYYY-MM"), ("Aug 2020", "YYYY-MM"), ("2020-8", "YYYY-MM"),
    ("2020-08-1", "YYYY-MM"), ("2020-13", "does not exist"),
    ("2019-02-29", "does not exist"), ("2020-00", "does not exist"),
])
def test_bad_dates_say_what_to_write(text, says):
    with pytest.raises(ValueError, match=says):
        parse_news_date(text)


def test_as_datetime_is_midnight_utc_of_the_first_without_a_day():
    assert NewsDate(2020, 8, None).as_datetime() == datetime.datetime(
        2020, 8, 1, tzinfo=datetime.timezone.utc)
    assert NewsDate(2018, 3, 26).as_datetime().day == 26
