"""``{paper-links}`KEY: paper code website``: a paper's resources as the
owner writes them in news ("[paper][code][website]"), each a link to the URL
of that field of the refs.bib entry, so a URL lives in refs.bib only."""

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util import logging
from sphinx.util.docutils import SphinxRole

from .papers import (LINK_FIELDS, bib_entries, is_web_url, link_url, local_file,
                     note_bib_dependency, root_of)

logger = logging.getLogger(__name__)

#: "paper" means the paper itself: the first of these fields the entry has.
PAPER_FIELDS = ("url", "html", "arxiv", "pdf", "doi")


class PaperLinksRole(SphinxRole):
    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        key, _, wanted = self.text.partition(":")
        key, names = key.strip(), wanted.split()
        note_bib_dependency(self.env)
        entry = bib_entries(self.env).get(key)
        if entry is None or not names:
            problem = (f'no refs.bib entry "{key}"' if entry is None
                       else "no field names after the key")
            return self.fail(f"paper-links `{self.text}`: {problem}; write "
                             "{paper-links}`KEY: paper code website` with a key of refs.bib")
        links = nodes.inline(classes=["paper-links"])
        for name in names:
            if name != "paper" and name not in LINK_FIELDS:
                return self.fail(f'paper-links `{self.text}`: "{name}" is not a link field; '
                                 f"use paper or one of: {', '.join(LINK_FIELDS)}")
            fields = PAPER_FIELDS if name == "paper" else (name,)
            field = next((field for field in fields if field in entry.fields), None)
            if field is None:
                return self.fail(f'paper-links `{self.text}`: refs.bib entry "{key}" has no '
                                 f'"{"/".join(fields)}" field; add it to the entry or '
                                 f'drop "{name}"')
            url = link_url(entry, field, root=root_of(self.env.docname))
            if not (is_web_url(url) or local_file(entry, field)):
                return self.fail(f'paper-links `{self.text}`: the "{field}" field of "{key}" '
                                 f"is not an http(s) URL: {url!r}")
            links += nodes.Text("[")
            links += nodes.reference(name, name, refuri=url, classes=["paper-link"])
            links += nodes.Text("]")
        return [links], []

    def fail(self, message: str) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        logger.warning(message, location=self.get_location(), type="homepage",
                       subtype="paper_links")
        return [nodes.inline(self.rawtext, self.rawtext)], []


def setup_paperlink(app: Sphinx) -> None:
    app.add_role("paper-links", PaperLinksRole())
