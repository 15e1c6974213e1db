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
    # A file named there that is missing is reported (its button would be a
    # broken link); al-folio ships its example's assets/pdf/example_pdf.pdf.
    "homepage_files_dir": ("assets/pdf", "env", (str,)),
    # Short venue names for badges and research-area tags ("ICLR’16"), for
    # entries without an ``abbr`` field: full venue name (booktitle, journal...,
    # compared without case) -> short name, e.g. {"International Conference
    # on Learning Representations": "ICLR"}.
    "homepage_venues": ({}, "env", (dict,)),
    # Folder (relative to conf.py) of the images that al-folio's ``preview``
    # field names: shown as thumbnails in the publications list when the file
    # is there, ignored when it is not.
    "homepage_preview_dir": ("assets/img/publication_preview", "env", (str,)),
    # schema.org Person properties of the site owner (name and url come from
    # ``author`` and ``html_baseurl``).
    "homepage_person": ({}, "html", (dict,)),
    # Document linked as the owner's contactPoint (instead of an e-mail).
    "homepage_contact_doc": ("", "html", (str,)),
    # Output path of the generated social card image ("" for none).
    "homepage_social_card": ("", "html", (str,)),
    # The owner's e-mail as the site writes it ("first [at] example [dot] org"):
    # the CV shows exactly this text; never the plain address.
    "homepage_email": ("", "html", (str,)),
    # File name of the CV's PDF at the site's root ("" for none); made when a
    # page holds the ``{cv}`` directive.
    "homepage_cv_pdf": ("cv.pdf", "html", (str,)),
    # Which papers the CV lists: "all" or "selected" (``selected = {true}``).
    "homepage_cv_publications": ("all", "html", (str,)),
    # The PDF's paper size, as Typst names it: "a4", "us-letter"...
    "homepage_cv_paper": ("a4", "html", (str,)),
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
    for name, short in config.homepage_venues.items():
        if not (isinstance(name, str) and isinstance(short, str) and name.strip()
                and short.strip()):
            raise ConfigError(
                f"homepage_venues: {name!r}: {short!r} must map a venue's full name to "
                "its short name, both text (e.g. {'International Conference on Learning "
                "Representations': 'ICLR'})")

    if config.homepage_cv_publications not in ("all", "selected"):
        raise ConfigError(f"homepage_cv_publications: {config.homepage_cv_publications!r} "
                          'must be "all" or "selected"')
    if config.homepage_cv_pdf and (not config.homepage_cv_pdf.endswith(".pdf")
                                   or config.homepage_cv_pdf.startswith(("/", "."))):
        raise ConfigError("homepage_cv_pdf must be a file name ending in .pdf "
                          '(e.g. "cv.pdf"), or "" for no PDF')


def setup_config(app: Sphinx) -> None:
    for name, (default, rebuild, types) in CONFIG_VALUES.items():
        app.add_config_value(name, default, rebuild, types)
