import os, sys
sys.path.insert(0, os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", "..", "_ext")))
extensions = ["myst_parser", "sphinx_scholar"]
project = "Chart Lab"
author = "Ada Lovelace"
html_theme = "basic"
html_baseurl = "https://example.org/lab/"
bibtex_bibfiles = ["refs.bib"]
homepage_owner_names = ["Ada Lovelace"]
