"""Sphinx extension for an academic homepage: news timeline, research areas,
publications from refs.bib, and the links between them.

``setup()`` registers, and lists the extension's whole event flow: per Sphinx
event, our steps in the order they run. Priorities that matter relative to
Sphinx or another extension are named in ``priorities``, with their reason.
Modules only define functions and classes (and register their directives,
roles, nodes and transforms in a ``setup_<module>(app)``).
"""

from sphinx.application import Sphinx

from . import (areas, bibfiles, chart, citations, config, domain, encoding, export, feed,
               incremental, metadata, news, nodes, paperlink, paperpages, publications, state,
               style, themes)
from .priorities import (CHECK_BIB, COMPLETE_SITEMAP, END_BUILD, PAGE_METADATA,
                         START_BUILD)
from .version import VERSION_NUMBER, __version__

__all__ = ["__version__", "setup"]


def setup(app: Sphinx) -> dict:
    app.setup_extension("sphinxcontrib.bibtex")  # its cite domain, replaced below

    # -- What is registered -------------------------------------------------
    config.setup_config(app)
    style.register_styles(app)
    encoding.register_lenient_codec()
    app.add_domain(domain.HomepageDomain)
    citations.setup_citations(app)
    nodes.setup_nodes(app)
    news.setup_news(app)
    feed.setup_feed(app)
    areas.setup_areas(app)
    publications.setup_publications(app)
    paperlink.setup_paperlink(app)
    chart.setup_chart(app)
    app.add_css_file("homepage.css")

    # -- The event flow, in order ---------------------------------------------
    # config-inited: check our settings; set the engine's defaults in other
    # extensions' settings; add our templates and static files (before the
    # builder makes its template loader).
    app.connect("config-inited", config.validate)
    app.connect("config-inited", config.set_engine_defaults)
    app.connect("config-inited", themes.add_theme_files)

    # builder-inited: the build's state and style, then refs.bib checked and
    # handed to sphinxcontrib-bibtex (whose own handler runs at 500).
    app.connect("builder-inited", state.start_build, priority=START_BUILD)
    app.connect("builder-inited", bibfiles.check_bib_files, priority=CHECK_BIB)
    app.connect("builder-inited", metadata.check_base_url)
    # (paperpages.setup: builder-inited keep_loaded_paper_pages, 500)

    # env-before-read-docs: pages that are not UTF-8 reported, then read leniently.
    app.connect("env-before-read-docs", encoding.check_encoding)

    # Reading, per document (transforms, by priority; see ``priorities``):
    # news.KeepNewsAsShown (STORE_NEWS) stores each news item in the domain;
    # news.GroupNewsByYear (GROUP_NEWS); then Sphinx's doctree-read:
    app.connect("doctree-read", citations.note_cited_bib)
    app.connect("doctree-read", metadata.note_description)
    # and areas.RegisterResearchAreas (REGISTER_AREAS) records the areas.
    # env-purge-doc / env-merge-info: HomepageDomain.clear_doc / merge_domaindata.

    # env-updated: after sphinxcontrib-bibtex's env_updated (500, connected first).
    app.connect("env-updated", domain.label_papers)

    # env-get-updated: pages that show what other pages declare, written
    # again when that changed (digests kept in the domain, pickled after this).
    app.connect("env-get-updated", domain.pages_showing_news)
    app.connect("env-get-updated", areas.pages_showing_areas)
    app.connect("env-get-updated", incremental.pages_showing_titles)

    # env-check-consistency (only when a document was read), after
    # HomepageDomain.check_consistency:
    app.connect("env-check-consistency", areas.check_paper_areas)
    app.connect("env-check-consistency", publications.check_local_files)

    # Writing, per document: post-transforms fill the placeholders
    # (publications.FillPublications at FILL_PUBLICATIONS; news.FillLatestNews,
    # feed.FillNewsFeedLink, areas.FillResearchInterests,
    # publications.FillPaperNews, publications.FillPublicationFilter,
    # chart.DrawPublicationCharts at FILL_PLACEHOLDERS), then doctree-resolved:
    app.connect("doctree-resolved", news.keep_resolved_news_page)
    app.connect("doctree-resolved", incremental.drop_stale_search_terms)
    app.connect("doctree-resolved", metadata.absolute_404_links)

    # (paperpages.setup: html-collect-pages collect_paper_pages, 500)

    # html-page-context, per page written:
    # (paperpages.setup: share_navigation at SHARE_NAVIGATION, 400)
    app.connect("html-page-context", metadata.add_page_metadata, priority=PAGE_METADATA)
    app.connect("html-page-context", feed.feed_head_link)

    # build-finished:
    app.connect("build-finished", metadata.complete_sitemap, priority=COMPLETE_SITEMAP)
    app.connect("build-finished", feed.write_feed)
    app.connect("build-finished", publications.copy_local_files)
    app.connect("build-finished", metadata.write_site_files)
    app.connect("build-finished", state.end_build, priority=END_BUILD)

    paperpages.setup(app)  # paper pages: their own connections, listed above
    export.setup(app)
    return {
        "version": __version__,
        "env_version": VERSION_NUMBER,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }

