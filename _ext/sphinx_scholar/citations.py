"""``{cite:p}`` and ``{cite:t}`` point at the cited paper's own page.

sphinxcontrib-bibtex resolves a citation to an entry of a ``bibliography``
directive. Here every refs.bib entry has a page of its own, so the ``cite``
domain is extended to resolve there directly: the citation text is still
formatted by sphinxcontrib-bibtex's referencing style.
"""


from __future__ import annotations

from typing import TYPE_CHECKING

import docutils.nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.util import logging

from .bibfiles import formatted, is_reported
from .compat import (BibtexDomain, SphinxReferenceInfo, format_references,
                     parse_citation_targets)
from .papers import note_bib_dependency, paper_docname
from .state import BuildState, build_state

if TYPE_CHECKING:
    from pybtex.richtext import BaseText
    from sphinx.builders import Builder
    from sphinx.environment import BuildEnvironment

logger = logging.getLogger(__name__)


class PaperCitationDomain(BibtexDomain):
    """The ``cite`` domain, resolving each key to ``publications/<key>``."""

    def resolve_xref(self, env, fromdocname, builder, typ, target, node, contnode):
        state = build_state(env)
        text = state.citation_texts.get((typ, target, fromdocname))
        if text is None:
            text, complete = self.citation_text(env, state, fromdocname, builder, typ, target,
                                                node)
            if complete:  # one missing a key is not kept: an unknown key warns at each place
                state.citation_texts[typ, target, fromdocname] = text
        result = docutils.nodes.inline(rawsource=target, classes=["bibtex-citation"])
        if text:
            result += text.render(self.backend)
        return result

    def citation_text(self, env: BuildEnvironment, state: BuildState, fromdocname: str,
                      builder: Builder, typ: str, target: str, node: addnodes.pending_xref,
                      ) -> tuple[BaseText | str, bool]:
        """The citation's text ("" if no key is known) and whether every key
        is known. Kept per role, target and page: the text depends on nothing
        else, and sphinxcontrib-bibtex's style formats every author anew."""
        entries = self.bibdata.data.entries
        references = []
        complete = True
        for citation in parse_citation_targets(target):
            entry = entries.get(citation.key)
            if entry is None:
                complete = False
                if is_reported(env, citation.key):
                    continue  # refs.bib's check already said what is wrong with it
                logger.warning(
                    f'citation of unknown key "{citation.key}": add an entry with '
                    "this key to refs.bib, or correct the key",
                    location=node, type="homepage", subtype="unknown_citation",
                )
                continue
            paper = formatted(env, entry)  # its title's text kept with it: no LaTeX read again
            info = SphinxReferenceInfo(
                builder=builder,
                fromdocname=fromdocname,
                todocname=paper_docname(env.config, citation.key),
                citation_id="",
                title=f"{paper.title} ({state.venue_tag(entry)})",
                pre_text=citation.pre,
                post_text=citation.post,
            )
            references.append((entry, paper.reference, info))
        text = format_references(self.reference_style, typ, references) if references else ""
        return text, complete


def note_cited_bib(app: Sphinx, doctree: docutils.nodes.document) -> None:
    """``doctree-read``: a page that cites is written from refs.bib (the
    citation text and its title), so it is read again whenever refs.bib changes."""
    if any(xref.get("refdomain") == "cite" for xref in doctree.findall(addnodes.pending_xref)):
        note_bib_dependency(app.env)


def setup_citations(app: Sphinx) -> None:
    app.add_domain(PaperCitationDomain, override=True)
