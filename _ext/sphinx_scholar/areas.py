"""Research areas: ``{research-area}`` names the area of the section it stands
in and shows that area's papers as the owner's venue tags ("ICLR'16, BP"),
each linking to the paper's page, then by title; ``{research-interests}``
shows every area's line of tags on another page (the home page). Papers join
areas through the ``keywords`` field of refs.bib: a keyword that names a
declared area puts the paper in it; the others are ordinary keywords (what
publishers and reference managers export), shown on the paper's page, except
one that looks like a misspelt area, which is reported."""

import difflib
import re

from docutils import nodes
from pybtex.database import Entry
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.transforms import SphinxTransform
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from . import nodes as hp_nodes
from .bibfiles import bib_unreadable, source_of
from .digest import digest_of
from .domain import ResearchArea
from .papers import (bib_entries, entry_areas, entry_keywords, entry_year, field_text,
                     note_bib_dependency, venue_abbr, venue_name)
from .priorities import FILL_PLACEHOLDERS, REGISTER_AREAS
from .state import BuildState, build_state

logger = logging.getLogger(__name__)


def paper_xref(key: str, text: str | list[nodes.Node],
               docname: str) -> addnodes.pending_xref:
    """A link to the paper's page, showing ``text`` (or these nodes)."""
    xref = addnodes.pending_xref("", refdomain="homepage", reftype="paper",
                                 reftarget=key, refdoc=docname, refexplicit=True,
                                 refwarn=True)
    xref += nodes.inline(text, text) if isinstance(text, str) else nodes.inline("", "", *text)
    return xref


def area_papers(env, name: str) -> list[tuple[str, Entry]]:
    """The papers of area ``name`` (by their ``keywords``), newest first,
    papers of one year in refs.bib's order."""
    papers = [(key, entry) for key, entry in bib_entries(env).items()
              if name in entry_keywords(entry)]
    return sorted(papers, key=lambda pair: entry_year(pair[1]), reverse=True)  # stable


def venue_tags(papers: list[tuple[str, Entry]], docname: str,
               state: BuildState) -> nodes.bullet_list:
    """The area's tags line ("[ICLR 2020][CVPR 2020]": the brackets are the
    stylesheet's), each tag opening its paper."""
    tags = nodes.bullet_list(classes=["venue-tags"])
    for key, entry in papers:
        para = nodes.paragraph()
        para += paper_xref(key, state.venue_tag(entry), docname)
        tags += nodes.list_item("", para)
    return tags


def paper_titles(papers: list[tuple[str, Entry]], docname: str,
                 state: BuildState) -> nodes.bullet_list:
    """The area's papers by title, compactly: title, then its venue tag."""
    listing = nodes.bullet_list(classes=["area-papers"])
    for key, entry in papers:
        para = nodes.paragraph()
        para += paper_xref(key, field_text(entry, "title"), docname)
        para += nodes.Text(" ")
        tag = state.venue_tag(entry)
        para += nodes.inline(tag, tag, classes=["area-paper-venue"])
        listing += nodes.list_item("", para)
    return listing


class ResearchAreaDirective(SphinxDirective):
    """``:::{research-area} compression`` under the area's heading: its tags
    line, then its papers by title."""

    required_arguments = 1

    def run(self) -> list[nodes.Node]:
        name = self.arguments[0].strip()
        note_bib_dependency(self.env)
        papers = area_papers(self.env, name)
        if not papers and not bib_unreadable(self.env):  # else refs.bib's absence was reported
            logger.warning(
                f'research area "{name}" has no papers: add "{name}" to the keywords of '
                "its papers in refs.bib, or remove this area",
                location=self.get_location(), type="homepage", subtype="area_empty")
        state = build_state(self.env)
        tags = venue_tags(papers, self.env.docname, state)
        tags["research_area"] = name
        self.set_source_info(tags)
        return [tags, paper_titles(papers, self.env.docname, state)]


class ResearchInterestsDirective(SphinxDirective):
    """``:::{research-interests}``: every research area of the site, in the
    order the areas are declared, as a line "Area: [tags]" (the owner's
    home page). Filled at write time: the areas are declared elsewhere."""

    def run(self) -> list[nodes.Node]:
        note_bib_dependency(self.env)
        self.env.get_domain("homepage").note_area_reader(self.env.docname)  # type: ignore[attr-defined]
        node = hp_nodes.research_interests()
        self.set_source_info(node)
        return [node]


class FillResearchInterests(SphinxPostTransform):
    """Replace ``{research-interests}`` with the areas' lines. Before
    cross-references are resolved, so the tags link from this page."""

    default_priority = FILL_PLACEHOLDERS

    def run(self, **kwargs) -> None:
        domain = self.env.get_domain("homepage")
        for placeholder in list(self.document.findall(hp_nodes.research_interests)):
            areas = domain.declared_areas()  # type: ignore[attr-defined]
            if not areas:
                logger.warning("research-interests: the site declares no research area: add "
                               "':::{research-area} NAME' under an area's heading",
                               location=placeholder, type="homepage", subtype="area")
            listing = nodes.bullet_list(classes=["research-interests"])
            for area in areas:
                title = nodes.paragraph(classes=["research-interest"])
                xref = addnodes.pending_xref("", refdomain="homepage", reftype="area",
                                             reftarget=area.name, refdoc=self.env.docname,
                                             refexplicit=True, refwarn=True)
                xref += nodes.inline(area.title, area.title)
                title += xref
                title += nodes.Text(":")
                listing += nodes.list_item(
                    "", title, venue_tags(area_papers(self.env, area.name),
                                          self.env.docname, build_state(self.env)))
            placeholder.replace_self(listing)


def pages_showing_areas(app: Sphinx, env) -> list[str]:
    """``env-get-updated``: pages showing the areas of other pages (research
    interests, the chart, the publications filter) are written again when an
    area, its title, its anchor or its place changes."""
    domain = env.get_domain("homepage")
    shown = [(area.name, area.title, area.docname, area.anchor)
             for area in domain.declared_areas()]
    digest = digest_of(*shown)
    previous, domain.data["areas_digest"] = domain.data.get("areas_digest", ""), digest
    return sorted(domain.area_readers) if previous != digest else []


class RegisterResearchAreas(SphinxTransform):
    """Record each area with the heading it stands under (known only once the
    whole page is parsed)."""

    default_priority = REGISTER_AREAS

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


def area_names(env) -> set[str]:
    """The names of the research areas the pages declare: the keywords that
    are areas (``papers.entry_areas``)."""
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
    declared = area_names(env)
    if not declared:
        return  # a site without research areas (e.g. al-folio's): keywords are just keywords
    state = build_state(env)
    venues = state.venues
    for key, entry in bib_entries(env).items():
        # The keywords first: the venue is LaTeX to convert, for every entry of
        # refs.bib in every build that reads a page.
        if entry_areas(entry, declared) and not venue_abbr(entry, venues):
            where = source_of(env, key)
            venue = venue_name(entry)
            logger.warning(
                f'entry "{key}" is a research-area tag without a short venue name, so the '
                f'tag shows only its year ("{state.venue_tag(entry)}"): add abbr = {{...}} to the '
                "entry, or "
                + (f'map "{venue}" to its short name in homepage_venues in conf.py'
                   if venue else "a venue field and its short name in homepage_venues"),
                location=str(where) if where else None, type="homepage", subtype="bib_abbr")
        for name in entry_keywords(entry):
            meant = misspelt_area(name, declared) if name not in declared else None
            if meant:
                where = source_of(env, key)
                logger.warning(
                    f'entry "{key}": keywords names "{name}", which looks like the research '
                    f'area "{meant}" but is not its name: write "{meant}" (declared areas: '
                    f"{', '.join(sorted(declared))}), or add a section with "
                    f"':::{{research-area}} {name}' if it is an area of its own",
                    location=str(where) if where else None, type="homepage",
                    subtype="area_unknown")


def setup_areas(app: Sphinx) -> None:
    app.add_directive("research-area", ResearchAreaDirective)
    app.add_directive("research-interests", ResearchInterestsDirective)
    app.add_transform(RegisterResearchAreas)
    app.add_post_transform(FillResearchInterests)
