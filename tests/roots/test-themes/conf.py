# A small site with every component of the engine, built under each theme
# the engine supports (tests/test_themes.py passes html_theme with -D).
# Its MyST extensions and pybtex style are the engine's defaults: not set here.
extensions = ["myst_parser", "sphinx_design", "sphinx_scholar"]
project = "Test Lab"
author = "Ada Lovelace"
copyright = "Ada Lovelace"
html_theme = "furo"
html_baseurl = "https://example.org/lab/"
bibtex_bibfiles = ["refs.bib"]
homepage_owner_names = ["Ada Lovelace", "A. Lovelace"]
homepage_news_tags = {"award": "Award", "paper": "Paper"}
homepage_venues = {"Journal of Machines": "JM"}
html_show_sourcelink = False
html_copy_source = False
html_favicon = "_static/favicon.svg"
