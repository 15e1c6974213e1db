extensions = ["myst_parser", "sphinx_scholar"]
project = "Test Lab"
author = "Ada Lovelace"
html_theme = "basic"
html_baseurl = "https://example.org/lab/"
bibtex_bibfiles = ["refs.bib"]
# Citations show the label style's labels ("LB20").
bibtex_reference_style = "label"
homepage_owner_names = ["Ada Lovelace", "A. Lovelace"]
# Short venue names for entries without abbr.
homepage_venues = {"Journal of Machines": "JM"}
