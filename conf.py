"""Sphinx configuration of Song Han's homepage.

It only configures: the work is done by the extension in ``_ext/homepage``.
Build with ``make html`` (sources in ``docs/``, this file at the root).
"""

import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "_ext"))

# -- Project ---------------------------------------------------------------
project = "Song Han"
author = "Song Han"
copyright = "Song Han"
language = "en"
root_doc = "index"

extensions = [
    "myst_parser",
    "sphinx_design",
    "sphinxcontrib.bibtex",
    "homepage",
]

exclude_patterns = ["_build", ".venv"]
templates_path = []
nitpicky = True

# -- Where the site lives --------------------------------------------------
# Every absolute URL (feed, canonical links) follows this one setting:
# HOMEPAGE_BASEURL overrides it, Read the Docs sets READTHEDOCS_CANONICAL_URL.
html_baseurl = (
    os.environ.get("HOMEPAGE_BASEURL")
    or os.environ.get("READTHEDOCS_CANONICAL_URL")
    or "https://songhan.mit.edu/"
)

# -- MyST ------------------------------------------------------------------
myst_enable_extensions = ["colon_fence", "deflist", "attrs_inline"]
myst_heading_anchors = 3

# -- Bibliography ----------------------------------------------------------
bibtex_bibfiles = ["refs.bib"]
bibtex_default_style = "homepage"
bibtex_reference_style = "author_year"

# -- The homepage extension ------------------------------------------------
# How the owner's name is written in refs.bib author lists (highlighted).
homepage_owner_names = ["Song Han", "S. Han"]
# The news tag vocabulary: tag -> badge label.
homepage_news_tags = {
    "award": "Award",
    "paper": "Paper",
    "talk": "Talk",
    "press": "Press",
    "open-source": "Open source",
    "people": "People",
}
homepage_news_feed = "news.atom"

# -- HTML ------------------------------------------------------------------
html_theme = "furo"
html_title = "Song Han"
html_static_path = []
html_show_sourcelink = False
html_copy_source = False
html_last_updated_fmt = None
