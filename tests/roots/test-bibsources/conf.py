# Real-world BibTeX, one file per source (reference managers, publishers,
# Google Scholar, DBLP, arXiv, an al-folio site, a biblatex thesis): every
# entry written for this project, no real person's file.
from pathlib import Path
extensions = ["myst_parser", "sphinx_scholar", "sphinxext.opengraph"]
project = "Mira Quellhorst"
author = "Mira Quellhorst"
html_theme = "basic"
html_baseurl = "https://example.org/quellhorst/"
bibtex_bibfiles = sorted(str(path.relative_to(Path(__file__).parent))
                         for path in (Path(__file__).parent / "bibs").glob("*.bib"))
homepage_owner_names = ["Mira Quellhorst", "M. Quellhorst"]
homepage_news_tags = {"paper": "Paper"}
homepage_venues = {"Geophysical Research Letters": "GRL"}
