# An al-folio site's papers.bib, unchanged, with the homepage extension.
extensions = ["myst_parser", "sphinx_scholar"]
project = "Albert Einstein"
author = "Albert Einstein"
html_theme = "basic"
html_baseurl = "https://example.org/einstein/"
bibtex_bibfiles = ["papers.bib"]
homepage_owner_names = ["Albert Einstein", "A. Einstein"]
