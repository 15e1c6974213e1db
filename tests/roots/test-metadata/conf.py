extensions = ["myst_parser", "sphinxext.opengraph", "sphinx_sitemap", "notfound.extension",
              "sphinx_scholar"]
project = "Test Lab"
author = "Ada Lovelace"
html_theme = "basic"
html_baseurl = "https://example.org/lab/"
bibtex_bibfiles = ["refs.bib"]
homepage_owner_names = ["Ada Lovelace"]
homepage_news_tags = {"paper": "Paper"}
homepage_contact_doc = ""
homepage_person = {"jobTitle": "Analyst"}
homepage_social_card = "_static/card.png"
ogp_site_url = html_baseurl
ogp_image = homepage_social_card
sitemap_url_scheme = "{link}"
sitemap_excludes = ["search.html", "404.html"]
notfound_urls_prefix = "/lab/"
# Not the engine's defaults: the card follows them (tests/test_metadata.py).
homepage_social_card_style = {"accent": "#107040", "background": "#fafafa", "bar_width": 40}
