"""Research areas: ``{research-area}`` names the area of the section it stands
in and lists that area's papers as the owner's venue tags ("ICLR'16, BP"),
each linking to the paper's page. Papers join areas through the ``keywords``
field of refs.bib."""

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.transforms import SphinxTransform
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from .domain import ResearchArea
from .papers import bib_entries, entry_areas, entry_year, note_bib_dependency, venue_tag

logger = logging.getLogger(__name__)


def paper_xref(key: str, text: str, docname: str) -> addnodes.pending_xref:
    xref = addnodes.pending_xref("", refdomain="homepage", reftype="paper",
                                 reftarget=key, refdoc=docname, refexplicit=True,
                                 refwarn=True)
    xref += nodes.inline(text, text)
    return xref


class ResearchAreaDirective(SphinxDirective):
    """``:::{research-area} compression`` under the area's heading."""

    required_arguments = 1

    def run(self) -> list[nodes.Node]:
        name = self.arguments[0].strip()
        note_bib_dependency(self.env)
        papers = [(key, entry) for key, entry in bib_entries(self.env).items()
                  if name in entry_areas(entry)]
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


def setup(app: Sphinx) -> None:
    app.add_directive("research-area", ResearchAreaDirective)
    app.add_transform(RegisterResearchAreas)
