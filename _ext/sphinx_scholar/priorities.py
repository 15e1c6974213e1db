"""Every event or transform priority of the extension that matters relative
to Sphinx or another extension, named once with its reason. ``__init__.setup``
lists the whole event flow with these names. (Within one priority, Sphinx
runs handlers in the order they were connected.)"""

# -- builder-inited -------------------------------------------------------------
#: The build's state and its pybtex style: before anything formats an entry.
START_BUILD = 300
#: refs.bib is parsed and checked here, before sphinxcontrib-bibtex's
#: ``builder_inited_cite`` (500), which then finds the ``bibdata`` we stored up
#: to date (same files, encoding and mtimes) and keeps it instead of parsing.
CHECK_BIB = 400
#: The paper pages' stubs, from the entries CHECK_BIB loaded; before Sphinx
#: looks for the documents to read (after builder-inited).
WRITE_STUBS = 450

# -- read transforms ------------------------------------------------------------
#: After Sphinx's SmartQuotes (750): news bodies are stored as their page shows them.
STORE_NEWS = 870
#: After SmartQuotes (750): awards and degrees are recorded as their page
#: shows them (``cvfacts.RegisterCVFacts``).
REGISTER_CV_FACTS = 860
#: Before Sphinx's DoctreeReadEvent (880) collects the page's table of
#: contents, so the news year headings are in it.
GROUP_NEWS = 875
#: Research areas are recorded with the heading they stand under, once the
#: page is parsed; equal to DoctreeReadEvent but registered later, so after it.
REGISTER_AREAS = 880

# -- post-transforms ------------------------------------------------------------
#: Placeholders filled with what other pages declare: below myst-parser's
#: resolver (9) and Sphinx's ``ReferencesResolver`` (10), so the
#: ``pending_xref`` nodes they insert resolve from the page that shows them.
FILL_PLACEHOLDERS = 5
#: The publication list, before its papers' "In the news" placeholders
#: (``paper_news``, filled at FILL_PLACEHOLDERS) exist to be filled.
FILL_PUBLICATIONS = FILL_PLACEHOLDERS - 1

# -- html-page-context ----------------------------------------------------------
#: After sphinx-notfound-page's ``finalize_media`` (400), which rewrites the
#: 404 page's helpers; before sphinxext-opengraph (500), which reads the
#: ``meta`` overrides we give it.
PAGE_METADATA = 450
#: Paper pages' shared navigation: before the theme's templates use it, after
#: sphinx-notfound-page's ``finalize_media`` (400, connected before ours).
SHARE_NAVIGATION = 400

# -- build-finished -------------------------------------------------------------
#: Before sphinx-sitemap's ``create_sitemap`` (500) writes the queue we complete.
COMPLETE_SITEMAP = 450
#: Last: the feed (500) used the build's state (its resolved news pages).
END_BUILD = 900
