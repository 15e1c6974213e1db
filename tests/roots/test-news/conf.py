extensions = ["myst_parser", "sphinx_scholar"]
project = "Test Lab"
author = "Ada Lovelace"
html_theme = "basic"
html_baseurl = "https://example.org/lab/"
bibtex_bibfiles = ["refs.bib"]
homepage_owner_names = ["Ada Lovelace"]
homepage_news_tags = {"award": "Award", "paper": "Paper"}
