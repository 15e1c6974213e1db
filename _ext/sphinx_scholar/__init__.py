"""Sphinx extension for an academic homepage: news timeline, research areas,
publications from refs.bib, and the links between them.

``setup()`` registers, and lists the extension's whole event flow: per Sphinx
event, our steps in the order they run. Priorities that matter relative to
Sphinx or another extension are named in ``priorities``, with their reason.
Modules only define functions and classes (and register their directives,
roles, nodes and transforms in a ``setup_<module>(app)``).
"""

from sphinx.application import Sphinx

from . import (areas, bibfiles, chart, citations, config, cv, cvfacts, domain, encoding,
               feed, i18n, incremental, metadata, news, nodes, paperlink, paperpages, parallel,
               publications, state, style, themes)
from .priorities import (CHECK_BIB, COMPLETE_SITEMAP, END_BUILD, PAGE_METADATA,
                         SHARE_NAVIGATION, START_BUILD, WRITE_STUBS)
from .version import VERSION_NUMBER, __version__

__all__ = ["__version__", "setup"]


def setup(app: Sphinx) -> dict:
    app.setup_extension("sphinxcontrib.bibtex")  # its cite domain, replaced below

    # -- What is registered -------------------------------------------------
    config.setup_config(app)
    i18n.setup_i18n(app)  # the engine's words in the site's language
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
    paperpages.setup_paperpages(app)
    cvfacts.setup_cvfacts(app)
    cv.setup_cv(app)
    app.add_css_file("homepage.css")

    # -- The event flow, in order ---------------------------------------------
    # config-inited: check our settings; set the engine's defaults in other
    # extensions' settings and the theme's (themes.set_theme_defaults).
    app.connect("config-inited", config.validate)
    app.connect("config-inited", config.set_engine_defaults)
    app.connect("config-inited", themes.set_theme_defaults)

    # builder-inited: the build's state and style, then refs.bib checked and
    # handed to sphinxcontrib-bibtex (whose own handler runs at 500); our
    # templates and static files.
    app.connect("builder-inited", state.start_build, priority=START_BUILD)
    app.connect("builder-inited", bibfiles.check_bib_files, priority=CHECK_BIB)
    # our templates and static files, and the theme's tweaks (after the
    # builder made its template loader and took the configuration's hash);
    # the compiled templates kept for the next build.
    app.connect("builder-inited", themes.add_theme_files)
    app.connect("builder-inited", themes.keep_compiled_templates)
    app.connect("builder-inited", metadata.check_base_url)
    # the paper pages' generated sources, from the entries just loaded.
    app.connect("builder-inited", paperpages.write_stubs, priority=WRITE_STUBS)
    # Our catalog in templates and homepage.js_t (before pages and static files).
    app.connect("builder-inited", i18n.add_template_helpers)
    # (with -j) how the reading and the writing are shared out among processes.
    app.connect("builder-inited", parallel.schedule_reading)
    app.connect("builder-inited", parallel.schedule_writing)

    # env-get-outdated: every document read again when our catalogs changed.
    app.connect("env-get-outdated", i18n.pages_with_old_words)

    # env-before-read-docs: pages that are not UTF-8 reported, then read
    # leniently; the bib data kept out of what -j reading processes send back.
    app.connect("env-before-read-docs", encoding.check_encoding)
    app.connect("env-before-read-docs", bibfiles.keep_bib_data_in_main_process)
    # The heap loaded so far frozen (out of the collector's full passes, and
    # with -j out of the forked readers' pages); (with -j) the collector
    # paused while Sphinx merges what they read.
    app.connect("env-before-read-docs", parallel.freeze_loaded_heap)
    app.connect("env-before-read-docs", parallel.collect_between_merges)

    # Reading, per document (transforms, by priority; see ``priorities``):
    # news.KeepNewsAsShown (STORE_NEWS) stores each news item in the domain;
    # cvfacts.RegisterCVFacts (REGISTER_CV_FACTS) records awards and degrees;
    # news.GroupNewsByYear (GROUP_NEWS); then Sphinx's doctree-read:
    app.connect("doctree-read", citations.note_cited_bib)
    app.connect("doctree-read", metadata.note_description)
    # and areas.RegisterResearchAreas (REGISTER_AREAS) records the areas.
    # A paper page's stub is read by paperpages.PaperPageParser.
    # env-purge-doc / env-merge-info: HomepageDomain.clear_doc / merge_domaindata;
    # (with -j) the merged environments collected every so often.
    app.connect("env-merge-info", parallel.collect_merged_chunks)

    # env-updated: after sphinxcontrib-bibtex's env_updated (500, connected first).
    app.connect("env-updated", paperpages.label_paper_pages)
    app.connect("env-updated", parallel.collector_back_on)

    # env-get-updated: pages that show what other pages declare, written
    # again when that changed (digests kept in the domain, pickled after this).
    app.connect("env-get-updated", domain.pages_showing_news)
    app.connect("env-get-updated", areas.pages_showing_areas)
    app.connect("env-get-updated", incremental.pages_showing_titles)
    app.connect("env-get-updated", paperpages.pages_showing_their_news)
    app.connect("env-get-updated", cv.pages_showing_cv)

    # env-check-consistency (only when a document was read), after
    # HomepageDomain.check_consistency:
    app.connect("env-check-consistency", areas.check_paper_areas)
    app.connect("env-check-consistency", publications.check_local_files)
    app.connect("env-check-consistency", cv.check_cv_pdf_links)

    # Writing, per document: post-transforms fill the placeholders
    # (publications.FillPublications at FILL_PUBLICATIONS; news.FillLatestNews,
    # feed.FillNewsFeedLink, areas.FillResearchInterests,
    # publications.FillPaperNews, publications.FillPublicationFilter,
    # chart.DrawPublicationCharts, cv.FillCV at FILL_PLACEHOLDERS), then doctree-resolved:
    app.connect("doctree-resolved", news.keep_resolved_news_page)
    app.connect("doctree-resolved", metadata.absolute_404_links)
    app.connect("doctree-resolved", paperpages.fill_paper_page)

    # write-started: (with -j) the heap frozen before Sphinx forks its writers.
    app.connect("write-started", parallel.freeze_heap_before_forking)

    # html-page-context, per page written:
    app.connect("html-page-context", paperpages.paper_page_context,
                priority=SHARE_NAVIGATION)
    app.connect("html-page-context", metadata.add_page_metadata, priority=PAGE_METADATA)
    app.connect("html-page-context", feed.feed_head_link)

    # html-collect-pages (after every document is written and indexed):
    app.connect("html-collect-pages", incremental.drop_stale_search_terms)

    # build-finished:
    app.connect("build-finished", metadata.complete_sitemap, priority=COMPLETE_SITEMAP)
    app.connect("build-finished", feed.write_feed)
    app.connect("build-finished", publications.copy_local_files)
    app.connect("build-finished", metadata.write_site_files)
    app.connect("build-finished", cv.write_cv_pdf)
    app.connect("build-finished", parallel.collector_back_on)  # if reading failed
    app.connect("build-finished", state.end_build, priority=END_BUILD)
    app.connect("build-finished", parallel.thaw_heap, priority=END_BUILD)
    app.connect("build-finished", parallel.leave_heap_at_exit, priority=END_BUILD)

    return {
        "version": __version__,
        "env_version": VERSION_NUMBER,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }

