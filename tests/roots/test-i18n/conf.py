# A site in German: no English word of the engine may show (tests/test_i18n.py).
import os, sys
sys.path.insert(0, os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", "..", "_ext")))
extensions = ["myst_parser", "sphinx_scholar"]
project = "Labor Lovelace"
author = "Ada Lovelace"
language = "de"
html_theme = "furo"  # our templates adjust furo's page and search page
html_baseurl = "https://example.org/labor/"
bibtex_bibfiles = ["refs.bib"]
bibtex_default_style = "homepage"
homepage_owner_names = ["Ada Lovelace"]
homepage_news_tags = {"preis": "Preis", "artikel": "Artikel"}
myst_enable_extensions = ["colon_fence"]
homepage_publications_doc = "publikationen"
