extensions = ["myst_parser", "sphinx_scholar", "sphinxext.opengraph"]  # meta tags carry data too
project = "Robust Lab"
author = "Ada Lovelace"
html_theme = "basic"
html_baseurl = "https://example.org/lab/"
bibtex_bibfiles = ["refs.bib"]
homepage_owner_names = ["Ada Lovelace"]
homepage_news_tags = {"award": "Award", "paper": "Paper", "talk": "Talk"}
homepage_email = "ada [at] example [dot] org"
homepage_person = {"jobTitle": "Analyst", "affiliation": {"name": "Analytical Society"},
                   "sameAs": ["https://example.org/ada/"]}
