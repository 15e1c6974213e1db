"""Research areas: ``{research-area}`` names the area of the section it stands
in and lists that area's papers as the owner's venue tags ("ICLR'16, BP"),
each linking to the paper's page. Papers join areas through the ``keywords``
field of refs.bib: a keyword that names a declared area puts the paper in it;
the others are ordinary keywords (what publishers and reference managers
export), shown on the paper's page, except one that looks like a misspelt
area, which is reported."""

import difflib
import re

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.transforms import SphinxTransform
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from .bibcheck import bib_unreadable, source_of
from .domain import ResearchArea
from .papers import (bib_entries, entry_areas, entry_keywords, entry_year, note_bib_dependency,
                     venue_abbr, venue_name, venue_tag)

logger = logging.getLogger(__name__)


def paper_xref(key: str, text: str | list[nodes.Node],
               docname: str) -> addnodes.pending_xref:
    """A link to the paper's page, showing ``text`` (or these nodes)."""
    xref = addnodes.pending_xref("", refdomain="homepage", reftype="paper",
                                 reftarget=key, refdoc=docname, refexplicit=True,
                                 refwarn=True)
    xref += nodes.inline(text, text) if isinstance(text, str) else nodes.inline("", "", *text)
    return xref


class ResearchAreaDirective(SphinxDirective):
    """``:::{research-area} compression`` under the area's heading."""

    required_arguments = 1

    def run(self) -> list[nodes.Node]:
        name = self.arguments[0].strip()
        note_bib_dependency(self.env)
        papers = [(key, entry) for key, entry in bib_entries(self.env).items()
                  if name in entry_keywords(entry)]
        if not papers and not bib_unreadable():  # else refs.bib's absence was reported
            logger.warning(
                f'research area "{name}" has no papers: add "{name}" to the keywords of '
                "its papers in refs.bib, or remove this area",
                location=self.get_location(), type="homepage", subtype="area_empty")
        papers.sort(key=lambda pair: entry_year(pair[1]), reverse=True)  # stable
        tags = nodes.bullet_list(classes=["venue-tags"], research_area=name)
        self.set_source_info(tags)
        for key, entry in papers:
            para = nodes.paragraph()
            para += paper_xref(key, venue_tag(entry), self.env.docname)
            tags += nodes.list_item("", para)
        return [tags]


class RegisterResearchAreas(SphinxTransform):
    """Record each area with the heading it stands under (known only once the
    whole page is parsed)."""

    default_priority = 880

    def apply(self, **kwargs) -> None:
        domain = self.env.get_domain("homepage")
        for tags in self.document.findall(nodes.bullet_list):
            if "research_area" not in tags:
                continue
            name = tags["research_area"]
            section = tags.parent
            while section is not None and not isinstance(section, nodes.section):
                section = section.parent
            if section is None or not section["ids"]:
                logger.warning(
                    f'research area "{name}" must stand under a heading that names it',
                    location=tags, type="homepage", subtype="area")
                continue
            domain.add_area(ResearchArea(  # type: ignore[attr-defined]
                name=name, title=section[0].astext(), docname=self.env.docname,
                anchor=section["ids"][0], lineno=tags.line or 0))


def declared_areas(env) -> set[str]:
    """The names of the research areas the pages declare."""
    return {area.name for area in env.get_domain("homepage").areas}


def _loose(name: str) -> str:
    return re.sub(r"[\s_-]+", "", name).lower()


def misspelt_area(keyword: str, declared: set[str]) -> str | None:
    """The declared area ``keyword`` is likely meant to name: the same but
    for case, hyphens and spaces ("HW for ML"), or a close spelling
    ("compresion"); None for an ordinary keyword."""
    loose = {_loose(name): name for name in declared}
    if _loose(keyword) in loose:
        return loose[_loose(keyword)]
    close = difflib.get_close_matches(_loose(keyword), list(loose), n=1, cutoff=0.85)
    return loose[close[0]] if close else None


def check_paper_areas(app: Sphinx, env) -> None:
    """``env-check-consistency``: every area a paper names is declared somewhere
    (otherwise the paper would silently be missing from that area), and a
    paper shown as an area's tag has a short venue name for it."""
    declared = declared_areas(env)
    if not declared:
        return  # a site without research areas (e.g. al-folio's): keywords are just keywords
    for key, entry in bib_entries(env).items():
        if not venue_abbr(entry) and entry_areas(entry, declared):
            where = source_of(key)
            venue = venue_name(entry)
            logger.warning(
                f'entry "{key}" is a research-area tag without a short venue name, so the '
                f'tag shows only its year ("{venue_tag(entry)}"): add abbr = {{...}} to the '
                "entry, or "
                + (f'map "{venue}" to its short name in homepage_venues in conf.py'
                   if venue else "a venue field and its short name in homepage_venues"),
                location=str(where) if where else None, type="homepage", subtype="bib_abbr")
        for name in entry_keywords(entry):
            meant = misspelt_area(name, declared) if name not in declared else None
            if meant:
                where = source_of(key)
                logger.warning(
                    f'entry "{key}": keywords names "{name}", which looks like the research '
                    f'area "{meant}" but is not its name: write "{meant}" (declared areas: '
                    f"{', '.join(sorted(declared))}), or add a section with "
                    f"':::{{research-area}} {name}' if it is an area of its own",
                    location=str(where) if where else None, type="homepage",
                    subtype="area_unknown")


def setup(app: Sphinx) -> None:
    app.add_directive("research-area", ResearchAreaDirective)
    app.add_transform(RegisterResearchAreas)
    app.connect("env-check-consistency", check_paper_areas)
