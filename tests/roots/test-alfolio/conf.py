# An al-folio site's papers.bib, unchanged, with the homepage extension.
import os, sys
sys.path.insert(0, os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", "..", "_ext")))
extensions = ["myst_parser", "sphinx_scholar"]
project = "Albert Einstein"
author = "Albert Einstein"
html_theme = "basic"
html_baseurl = "https://example.org/einstein/"
bibtex_bibfiles = ["papers.bib"]
homepage_owner_names = ["Albert Einstein", "A. Einstein"]
