"""The per-build state: what one build works out once and reuses, made at
``builder-inited`` and dropped at ``build-finished``.

Collected state (what documents declare) lives in the ``homepage`` domain's
data, saved with the environment; the bib check's results too. This object
holds only what is derived for the current build and must not outlive it.
It hangs off the domain instance (not its ``data``): Sphinx makes that
instance per build and never pickles it, and every handler and transform
reaches it from ``env`` (``build_state(env)``).

With ``-j``, Sphinx forks its reading and writing processes after
``builder-inited``, so they inherit the object as it was then; what a
process caches in it afterwards stays in that process (caches only, never
results: those go through the domain's ``merge_domaindata``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from docutils import nodes

from .papers import Conventions, conventions, venue_tag
from .style import HomepageStyle, owner_names, register_build_style, style_for_build

if TYPE_CHECKING:
    from pybtex.database import Entry
    from pybtex.richtext import BaseText
    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.environment import BuildEnvironment


class BuildState:
    """What one build derives once."""

    def __init__(self, config: Config) -> None:
        #: ``homepage_owner_names``, normalised (``style.is_owner``)
        self.owners: frozenset[str] = owner_names(config.homepage_owner_names)
        #: the formatting style, bound to the owners
        self.style: HomepageStyle = style_for_build(self.owners, config.language)()
        #: the site's venue tags, link labels, publication types (``papers.Conventions``)
        self.conventions: Conventions = conventions(config)
        #: ``homepage_venues``, normalised (``papers.venue_abbr``)
        self.venues: Mapping[str, str] = self.conventions.venues
        #: docname -> its doctree resolved, for the pages holding news: the
        #: paper pages copy their items, the feed renders them
        #: (``news.resolved_news_page``)
        self.resolved_news_pages: dict[str, nodes.document] = {}
        #: (folder, toctree() arguments) -> the navigation, for the paper
        #: pages (``paperpages.shared_navigation``)
        self.paper_navigation: dict[tuple, str] = {}
        #: the collector is off while Sphinx merges ``-j`` reading processes
        #: (``parallel.collect_between_merges``)
        self.collector_paused: bool = False
        #: key -> the paper's venue tag (``venue_tag``): a paper's tag is asked
        #: for by each citation of it, each area it is in, each list
        self.paper_venue_tags: dict[str, str] = {}
        #: (role, target, page) -> the citation's text as sphinxcontrib-bibtex's
        #: referencing style formats it, "" if it names no key
        #: (``citations.PaperCitationDomain``): news items cite one paper many times
        self.citation_texts: dict[tuple[str, str, str], BaseText | str] = {}

    def venue_tag(self, entry: Entry) -> str:
        """``papers.venue_tag`` with this build's conventions, worked out once
        per paper."""
        tag = self.paper_venue_tags.get(entry.key)
        if tag is None:
            tag = self.paper_venue_tags[entry.key] = venue_tag(entry, self.conventions)
        return tag


def build_state(env: BuildEnvironment) -> BuildState:
    """This build's state. Made at ``builder-inited`` (``start_build``); made
    again on demand if asked for after the build finished (a second
    ``app.build()`` of one application, as tests do)."""
    domain = env.get_domain("homepage")
    if domain.build is None:
        domain.build = BuildState(env.config)
    return domain.build


def start_build(app: Sphinx) -> None:
    """``builder-inited``, first of ours: a fresh state for this build, its
    style registered for sphinxcontrib-bibtex too."""
    domain = app.env.get_domain("homepage")
    domain.build = BuildState(app.config)
    register_build_style(type(domain.build.style))


def end_build(app: Sphinx, exception: Exception | None) -> None:
    """``build-finished``, last: the state goes with the build."""
    app.env.get_domain("homepage").build = None
