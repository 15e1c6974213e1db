"""The extension's configuration values, declared in one place and validated."""

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.errors import ConfigError

#: name -> (default, rebuild, types)
CONFIG_VALUES = {
    # How the owner's name appears in author lists; those names are highlighted.
    "homepage_owner_names": ([], "env", (list, tuple)),
    # Allowed news tags: tag -> label shown on its badge.
    "homepage_news_tags": ({}, "env", (dict,)),
    # File name of the Atom feed of all news items, at the site's root.
    "homepage_news_feed": ("news.atom", "html", (str,)),
    # Document that holds the publication list; paper pages live below it.
    "homepage_publications_doc": ("publications", "env", (str,)),
    # Folder (relative to conf.py) of the files that refs.bib names instead of
    # URLs, e.g. ``pdf = {paper.pdf}``; al-folio keeps them in assets/pdf.
    "homepage_files_dir": ("assets/pdf", "env", (str,)),
}


def validate(app: Sphinx, config: Config) -> None:
    for tag in config.homepage_news_tags:
        if not tag or not tag.replace("-", "").isalnum() or tag != tag.lower():
            raise ConfigError(
                f"homepage_news_tags: tag {tag!r} must be lower-case letters, "
                "digits and hyphens (e.g. 'open-source')"
            )
    if not config.homepage_news_feed.endswith(".atom"):
        raise ConfigError("homepage_news_feed must be a file name ending in .atom")


def setup(app: Sphinx) -> None:
    for name, (default, rebuild, types) in CONFIG_VALUES.items():
        app.add_config_value(name, default, rebuild, types)
    app.connect("config-inited", validate)
