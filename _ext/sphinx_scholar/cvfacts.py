"""The owner's awards and education, typed once as ordinary Markdown lists
on the pages that show them and recorded as structured facts in the domain:
the CV (``cv.py``) and the home page's schema.org Person (``metadata``) are
made from these records, so no fact is typed twice.

``:::{awards}`` wraps a list whose every item ends with its date: ", 2020",
", 2017/2018", "FPGA'2017" or "(Aug 2020)"; ``:team:`` marks awards won by
the owner's team (competitions), which the CV lists but schema.org's
``award`` of the person does not. ``:::{education}`` wraps a list whose
items read "DEGREE INSTITUTION[, details]" ("Ph.D. Stanford University,
advised by Prof. Bill Dally"). The lists render as written; a malformed item
is reported with its file and line and what to write instead.
"""

import re

from docutils import nodes
from sphinx import addnodes
from sphinx.transforms import SphinxTransform
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from .i18n import format_news_date
from .papers import month_number
from .domain import Award, Degree
from .priorities import REGISTER_CV_FACTS

logger = logging.getLogger(__name__)

#: Marks the list a directive wrapped: the value is the kind of facts.
FACTS_ATTRIBUTE = "homepage_cv_facts"

_YEAR = r"(?:19|20)\d\d"
#: ", 2020" / ", 2017/2018" / "FPGA'2017" (either apostrophe) at the end.
_TRAILING_YEAR = re.compile(rf"(?:,\s*|['’])({_YEAR}(?:\s*[/–-]\s*{_YEAR})?)\s*$")
#: "(Aug 2020)" / "(June 2019)" at the end.
_TRAILING_MONTH = re.compile(r"\(\s*([A-Za-z]+)\.?\s+(\d{4})\s*\)\s*$")


def award_date(text: str) -> tuple[str, int]:
    """The date an award item ends with, as written ("2017/2018", "Aug 2020"),
    and its year (the last one) for sorting. Raises ValueError saying what to
    write when there is none or it cannot be read."""
    text = text.strip()
    match = _TRAILING_MONTH.search(text)
    if match:
        month, year = match[1], int(match[2])
        if month_number(month) is None or not 1900 <= year <= 2099:
            raise ValueError(
                f'cannot read the date "({match[1]} {match[2]})": write a month and a '
                'four-digit year, e.g. "(Aug 2020)"')
        # Normalised as the owner's English text writes months ("Aug 2020").
        return format_news_date(year, month_number(month), None, "en"), year
    match = _TRAILING_YEAR.search(text)
    if match:
        return match[1], int(re.findall(r"\d{4}", match[1])[-1])
    raise ValueError(
        'the award has no year: end the item with its year, e.g. ", 2020", '
        '", 2017/2018" or "(Aug 2020)"')


def award_name(text: str) -> str:
    """The award without its trailing date ("NSF CAREER Award" of
    "NSF CAREER Award, 2020"); the whole text when the date is part of its
    name ("Best paper award, FPGA'2017")."""
    text = text.strip()
    match = _TRAILING_MONTH.search(text)
    if match:
        return text[:match.start()].rstrip(" ,")
    match = _TRAILING_YEAR.search(text)
    if match and match[0].lstrip().startswith(","):
        return text[:match.start()].rstrip(" ,")
    return text


#: A degree as its first word: with a dot ("Ph.D.", "B.S.", "M.Eng.") or
#: two capitals ("PhD", "MSc", "MBA").
_DEGREE = re.compile(r"(?:[A-Z][A-Za-z]*\.(?:[A-Za-z]+\.)*|[A-Z][a-z]*[A-Z][A-Za-z]*)")


def parse_degree(text: str) -> tuple[str, str, str]:
    """"Ph.D. Stanford University, advised by Prof. Bill Dally" ->
    ("Ph.D.", "Stanford University", "advised by Prof. Bill Dally").
    Raises ValueError saying what to write."""
    text = " ".join(text.split())
    degree, _sep, rest = text.partition(" ")
    if not _DEGREE.fullmatch(degree):
        raise ValueError(
            f'the education entry "{text}" must start with the degree, then the '
            'institution, e.g. "Ph.D. Stanford University" (a degree is written '
            'with dots or capitals: Ph.D., B.S., PhD, MSc)')
    institution, _sep, details = rest.partition(",")
    if not institution.strip():
        raise ValueError(
            f'the education entry "{text}" has no institution: write it after the '
            'degree, e.g. "Ph.D. Stanford University"')
    return degree, institution.strip(), details.strip()


def item_text(item: nodes.list_item) -> str:
    """The item as its page shows it, without its citations (the CV and the
    metadata are text; the citation is a link of the page)."""
    copy = item.deepcopy()
    for xref in list(copy.findall(addnodes.pending_xref)):
        xref.parent.remove(xref)
    for sub in list(copy.findall(nodes.bullet_list)):  # nested lists are details
        sub.parent.remove(sub)
    return " ".join(copy.astext().split())


class FactsDirective(SphinxDirective):
    """Parses its content (a Markdown list), marks the list and returns it
    unchanged: the page shows what the owner wrote."""

    has_content = True
    kind = ""
    option_spec: dict = {}

    def run(self) -> list[nodes.Node]:
        parsed = self.parse_content_to_nodes()
        lists = [node for node in parsed if isinstance(node, nodes.bullet_list)]
        if len(lists) != 1 or len(parsed) != 1:
            logger.warning(
                f"{self.name}: write one Markdown list inside the directive, an item per "
                "line (- ...)", location=self.get_location(), type="homepage",
                subtype="cv_facts")
            return parsed
        listing = lists[0]
        listing[FACTS_ATTRIBUTE] = self.kind
        listing["homepage_team"] = "team" in self.options
        listing["homepage_line"] = self.lineno
        return parsed


class AwardsDirective(FactsDirective):
    """``:::{awards}``: the list of awards under this heading."""

    kind = "awards"
    option_spec = {"team": lambda argument: True}


class EducationDirective(FactsDirective):
    """``:::{education}``: the degrees, newest first as written."""

    kind = "education"


def _item_line(item: nodes.list_item, listing: nodes.bullet_list, index: int) -> int:
    """The item's line in its file (MyST gives list items their line)."""
    return item.line or (listing.line or listing["homepage_line"]) + index


def _section_title(node: nodes.Node) -> str:
    section = node.parent
    while section is not None and not isinstance(section, nodes.section):
        section = section.parent
    return section[0].astext() if section is not None else ""


class RegisterCVFacts(SphinxTransform):
    """Record each item of the marked lists, as its page shows it (after
    SmartQuotes), with the heading its list stands under."""

    default_priority = REGISTER_CV_FACTS

    def apply(self, **kwargs) -> None:
        domain = self.env.get_domain("homepage")
        for listing in list(self.document.findall(nodes.bullet_list)):
            kind = listing.get(FACTS_ATTRIBUTE)
            if not kind:
                continue
            group = _section_title(listing)
            for index, item in enumerate(listing.findall(nodes.list_item)):
                if item.parent is not listing:
                    continue
                text = item_text(item)
                line = _item_line(item, listing, index)
                try:
                    if kind == "awards":
                        date, year = award_date(text)
                        domain.add_award(Award(  # type: ignore[attr-defined]
                            docname=self.env.docname, lineno=line, text=text,
                            name=award_name(text), date=date, year=year, group=group,
                            team=listing["homepage_team"]))
                    else:
                        degree, institution, details = parse_degree(text)
                        domain.add_degree(Degree(  # type: ignore[attr-defined]
                            docname=self.env.docname, lineno=line, text=text,
                            degree=degree, institution=institution, details=details))
                except ValueError as error:
                    logger.warning(str(error), location=(self.env.docname, line),
                                   type="homepage", subtype=f"cv_{kind}")


def setup_cvfacts(app) -> None:
    app.add_directive("awards", AwardsDirective)
    app.add_directive("education", EducationDirective)
    app.add_transform(RegisterCVFacts)
