"""Sphinx configuration of Song Han's homepage.

It only configures: the work is done by the extension ``sphinx_scholar``
(the package of this repository, ``_ext/sphinx_scholar``, which ``make html``
installs editable from requirements.txt). Build with ``make html`` (sources in
``docs/``, this file at the root).
"""

import os
from urllib.parse import urlsplit

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
    "sphinxext.opengraph",
    "sphinx_sitemap",
    "notfound.extension",
    "sphinx_scholar",
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
# sphinx-sitemap appends page paths to it as is: it must end with "/".
html_baseurl = html_baseurl.rstrip("/") + "/"

# -- MyST ------------------------------------------------------------------
# (colon_fence, the syntax of the extension's directives, is the engine's default.)
myst_enable_extensions = ["deflist", "attrs_inline", "substitution"]
myst_heading_anchors = 3

# -- Bibliography ----------------------------------------------------------
bibtex_bibfiles = ["refs.bib"]
# (The extension's pybtex style, "homepage", is the default: not set here.)
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
# The e-mail as the site writes it (never the plain address): the home and
# contact pages show it as {{ email }}, the CV from this same setting.
homepage_email = "FirstnameLastname [at] mit [dot] edu"
myst_substitutions = {"email": homepage_email}
# The CV (docs/cv.md and cv.pdf): every paper, on US letter paper.
homepage_cv_publications = "all"
homepage_cv_paper = "us-letter"
# Venue tags as he writes them: "ICLR’16, BP", "CVPR’19, oral", "NeurIPS’19 W".
homepage_venue_tag_format = "{venue}\u2019{yy}"
homepage_workshop_tag = " W"
homepage_tag_abbreviations = {"best paper": "BP", "oral": "oral", "spotlight": "spotlight"}

# -- HTML ------------------------------------------------------------------
html_theme = "furo"
html_title = "Song Han"
html_static_path = []
html_show_sourcelink = False
html_copy_source = False
html_last_updated_fmt = None
# No index entries on this site: an empty genindex page would only be noise.
html_use_index = False
# Our own icon (relative to this file, copied to _static/ by Sphinx).
html_favicon = "docs/_static/favicon.svg"

# -- Discoverability: social cards, sitemap, robots.txt, 404 -------------
# Open Graph / Twitter tags (sphinxext-opengraph); og:url follows html_baseurl.
ogp_site_url = html_baseurl
ogp_site_name = "Song Han"
# One card image for the whole site, drawn by the homepage extension at build
# time (cheap, unlike one matplotlib card per page); ogp_image is relative to
# the site root.
homepage_social_card = "_static/social-card.png"
# MIT's red for the card's bar and address.
homepage_social_card_style = {"accent": "#a31f34"}
ogp_image = homepage_social_card
ogp_image_alt = "Song Han: name, research summary and address of this site"
# Its per-page matplotlib cards are off: we draw one card ourselves.
ogp_social_cards = {"enable": False}
ogp_custom_meta_tags = [
    '<meta property="og:image:width" content="1200" />',
    '<meta property="og:image:height" content="630" />',
    '<meta name="twitter:card" content="summary_large_image" />',
]
# sphinx-sitemap: the default scheme prefixes the language ("en/"), which our
# single-language site does not have. The search page is not content, and the
# 404 page is served at missing URLs only.
sitemap_url_scheme = "{link}"
sitemap_excludes = ["search.html", "404.html"]
# sphinx-notfound-page: the 404 page's links are rooted at the site's path.
notfound_urls_prefix = urlsplit(html_baseurl).path

# -- The site owner, as schema.org Person (home page JSON-LD) --------------
# Name and url come from `author` and `html_baseurl`; award and alumniOf
# from the {awards} and {education} lists of the awards and home pages. No
# e-mail (it is only shown obfuscated): the contact page is the contactPoint.
homepage_contact_doc = "contact"
homepage_contact_type = "academic"
homepage_person = {
    "jobTitle": "Assistant Professor",
    "affiliation": {
        "@type": "CollegeOrUniversity",
        "name": "Massachusetts Institute of Technology",
        "alternateName": "MIT",
        "department": {
            "@type": "Organization",
            "name": "Department of Electrical Engineering and Computer Science",
            "alternateName": "EECS",
        },
    },
    # The profile links of the home page that are his own.
    "sameAs": [
        "https://twitter.com/SongHan_MIT",
        "https://scholar.google.com/citations?user=E0iCaa4AAAAJ",
        "https://www.linkedin.com/in/songhanmit/",
    ],
    # The others (video channel, code, group website) are his group's, which
    # his news calls "HAN Lab".
    "memberOf": {
        "@type": "ResearchOrganization",
        "name": "MIT HAN Lab",
        "url": "https://hanlab.mit.edu/",
        "sameAs": [
            "https://www.youtube.com/c/MITHANLab",
            "https://github.com/mit-han-lab",
        ],
    },
}
