"""The extension's configuration values, declared in one place and validated,
and the defaults the engine sets in other extensions' settings."""

import re

from importlib.util import find_spec

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.errors import ConfigError
from sphinx.util import logging

from .compat import config_sets

logger = logging.getLogger(__name__)

#: name -> (default, rebuild, types)
CONFIG_VALUES = {
    # How the owner's name appears in author lists; those names are highlighted.
    "homepage_owner_names": ([], "env", (list, tuple)),
    # Allowed news tags: tag -> label shown on its badge. A site's own replace
    # these (the flagship adds "open-source" and "people").
    "homepage_news_tags": ({"award": "Award", "paper": "Paper", "talk": "Talk",
                            "press": "Press"}, "env", (dict,)),
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
    # How the social card looks: any of the keys of ``SOCIAL_CARD_STYLE``
    # (below), e.g. {"accent": "#a31f34"}; the others keep their default.
    "homepage_social_card_style": ({}, "html", (dict,)),
    # schema.org contactType of the contactPoint ("" for none), e.g. "academic".
    "homepage_contact_type": ("", "html", (str,)),
    # Venue tags ("ICLR 2016"): a format with the fields {venue} (short venue
    # name), {year} and {yy} (its last two digits), e.g. "{venue}’{yy}".
    "homepage_venue_tag_format": ("{venue} {year}", "env", (str,)),
    # Added to the venue tag of a workshop paper, e.g. " W".
    "homepage_workshop_tag": (" Workshop", "env", (str,)),
    # Short forms in venue tags of an award or a presentation (compared without
    # case; an award without its trailing " award"), e.g. {"best paper": "BP"};
    # others are shown as refs.bib writes them.
    "homepage_tag_abbreviations": ({}, "env", (dict,)),
    # Words that make a paper's booktitle a workshop's (compared without case).
    "homepage_workshop_words": (["workshop"], "env", (list, tuple)),
    # Link button labels: refs.bib field -> label, over the engine's defaults
    # (papers.LINK_FIELDS: "url" -> "Paper", "code" -> "Code", ...).
    "homepage_link_labels": ({}, "env", (dict,)),
    # Publication type labels of the filter: type -> label, over the engine's
    # defaults (papers.PUBLICATION_TYPES: "conference" -> "Conference", ...).
    "homepage_publication_types": ({}, "env", (dict,)),
    # Bar fills of the publication chart, in research-area order, and of its
    # "Other" bar. The defaults have a contrast of at least 3:1 (WCAG 1.4.11)
    # against white and against furo's dark background.
    "homepage_chart_palette": (["#3372c4", "#d0622a", "#2a8a5a", "#8f5fcf", "#c2407e",
                                "#1f8a9a", "#b07a00"], "env", (list, tuple)),
    "homepage_chart_other_colour": ("#7a7a7a", "env", (str,)),
}

#: The social card's look (``homepage_social_card_style``): colours, fonts
#: (a TrueType/OpenType file relative to conf.py, "" for Pillow's own) and
#: layout in pixels of the 1200x630 card (the bar is the accent-coloured
#: band at its left edge; 0 for none).
SOCIAL_CARD_STYLE = {
    "background": "#ffffff", "title_colour": "#111111", "text_colour": "#333333",
    "accent": "#2b5797", "font": "", "title_size": 96, "text_size": 40, "url_size": 34,
    "margin": 80, "bar_width": 24,
}

_COLOUR = re.compile(r"#[0-9a-fA-F]{6}")

#: The pybtex style of sphinxcontrib-bibtex's bibliographies when conf.py names none.
ENGINE_BIBTEX_STYLE = "homepage"


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
    if config.homepage_social_card and find_spec("PIL") is None:
        raise ConfigError(
            f"homepage_social_card = {config.homepage_social_card!r} draws the card with Pillow, "
            "which is not installed: install sphinx-scholar with its extra "
            "(pip install 'sphinx-scholar[social-card]'), or set homepage_social_card = ''")

    if config.homepage_cv_publications not in ("all", "selected"):
        raise ConfigError(f"homepage_cv_publications: {config.homepage_cv_publications!r} "
                          'must be "all" or "selected"')
    if config.homepage_cv_pdf and (not config.homepage_cv_pdf.endswith(".pdf")
                                   or config.homepage_cv_pdf.startswith(("/", "."))):
        raise ConfigError("homepage_cv_pdf must be a file name ending in .pdf "
                          '(e.g. "cv.pdf"), or "" for no PDF')

    _validate_styles(config)


def _validate_styles(config: Config) -> None:
    style = config.homepage_social_card_style
    unknown = sorted(set(style) - set(SOCIAL_CARD_STYLE))
    if unknown:
        raise ConfigError(f"homepage_social_card_style: unknown key(s) {', '.join(unknown)}; "
                          f"use any of {', '.join(SOCIAL_CARD_STYLE)}")
    for key, value in style.items():
        default = SOCIAL_CARD_STYLE[key]
        if type(value) is not type(default) or (
                key.endswith(("colour", "background", "accent")) and not _COLOUR.fullmatch(value)):
            raise ConfigError(f"homepage_social_card_style: {key} = {value!r} must be "
                              f"like {default!r}")
    colours = [*config.homepage_chart_palette, config.homepage_chart_other_colour]
    if not config.homepage_chart_palette or not all(
            isinstance(c, str) and _COLOUR.fullmatch(c) for c in colours):
        raise ConfigError("homepage_chart_palette and homepage_chart_other_colour: colours "
                          "as '#rrggbb' (at least one in the palette), e.g. ['#3372c4']")
    try:
        config.homepage_venue_tag_format.format(venue="V", year=2020, yy="20")
    except (KeyError, IndexError, ValueError) as error:
        raise ConfigError(f"homepage_venue_tag_format {config.homepage_venue_tag_format!r}: "
                          f"use the fields {{venue}}, {{year}} and {{yy}} ({error})") from None
    for name in ("homepage_tag_abbreviations", "homepage_link_labels",
                 "homepage_publication_types"):
        if not all(isinstance(k, str) and isinstance(v, str) and v.strip()
                   for k, v in getattr(config, name).items()):
            raise ConfigError(f"{name}: must map text to text (non-empty)")


def set_engine_defaults(app: Sphinx, config: Config) -> None:
    """``config-inited``: what the engine needs of other extensions, set here
    rather than in every conf.py: our pybtex style for sphinxcontrib-bibtex
    (unless conf.py names another), and MyST's ``colon_fence``, the syntax of
    our directives in the documentation, when myst_parser is loaded."""
    if not config_sets(config, "bibtex_default_style"):
        config.bibtex_default_style = ENGINE_BIBTEX_STYLE
    if "myst_parser" in app.extensions:
        enabled = config.myst_enable_extensions
        if "colon_fence" not in enabled:
            if isinstance(enabled, (set, frozenset)):
                config.myst_enable_extensions = {*enabled, "colon_fence"}
            else:
                config.myst_enable_extensions = [*enabled, "colon_fence"]


def setup_config(app: Sphinx) -> None:
    for name, (default, rebuild, types) in CONFIG_VALUES.items():
        app.add_config_value(name, default, rebuild, types)
