"""News dates: ``YYYY-MM`` or ``YYYY-MM-DD``, validated, and shown in the
site's language (``i18n.format_news_date``)."""

import datetime
import re
from typing import NamedTuple, Optional

from .i18n import format_news_date

_DATE_RE = re.compile(r"(\d{4})-(\d{2})(?:-(\d{2}))?")


class NewsDate(NamedTuple):
    """A month, or a day, on which something happened."""

    year: int  #: four-digit year
    month: int  #: 1 to 12
    day: Optional[int]  #: day of the month, or None when only the month is known

    @property
    def iso(self) -> str:
        """``2020-08`` or ``2018-03-26``: for ``<time datetime>`` and anchors."""
        if self.day is None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"

    def display(self, language: str | None) -> str:
        """``Aug 2020`` or ``Mar 26, 2018`` in English, ``Aug. 2020`` or
        ``26. März 2018`` in German: as ``language`` writes it."""
        return format_news_date(self.year, self.month, self.day, language)

    def as_datetime(self) -> datetime.datetime:
        """Midnight UTC of the day (the first of the month if no day)."""
        return datetime.datetime(self.year, self.month, self.day or 1,
                                 tzinfo=datetime.timezone.utc)


def parse_news_date(text: str) -> NewsDate:
    """Parse a date; raise ValueError with a message that says what to write."""
    match = _DATE_RE.fullmatch(text.strip())
    if not match:
        raise ValueError(
            f"cannot read the date {text!r}: write it as YYYY-MM (2020-08) "
            "or YYYY-MM-DD (2018-03-26)"
        )
    year, month = int(match[1]), int(match[2])
    day = int(match[3]) if match[3] else None
    try:
        datetime.date(year, month, day or 1)
    except ValueError:
        raise ValueError(
            f"the date {text!r} does not exist: check the month (01-12) "
            "and the day of the month"
        ) from None
    return NewsDate(year, month, day)
