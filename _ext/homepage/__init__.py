"""Sphinx extension for an academic homepage: news timeline, research areas,
publications from refs.bib, and the links between them.

``setup()`` only registers; each concern lives in its own module.
"""

import os
from pathlib import Path

from sphinx.application import Sphinx

from . import (areas, bibcheck, chart, citations, config, domain, export, feed, integrity,
               metadata, news, paperlink, paperpages, publications, style)

__version__ = "0.1.0"


def setup(app: Sphinx) -> dict:
    app.setup_extension("sphinxcontrib.bibtex")
    config.setup(app)
    style.setup(app)
    domain.setup(app)
    citations.setup(app)
    news.setup(app)
    feed.setup(app)
    areas.setup(app)
    publications.setup(app)
    paperpages.setup(app)
    paperlink.setup(app)
    export.setup(app)
    chart.setup(app)
    bibcheck.setup(app)
    integrity.setup(app)
    metadata.setup(app)
    app.add_css_file("homepage.css")
    app.connect("config-inited", _add_theme_paths)
    return {
        "version": __version__,
        "env_version": 6,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }


def _add_theme_paths(app: Sphinx, config) -> None:
    """Our templates and static files ship with the extension, so a site only
    adds ``homepage`` to its extensions. Templates must be known before the
    builder creates its template loader, hence ``config-inited``."""
    here = Path(__file__).parent
    # Relative to the configuration directory, as Sphinx takes them: the
    # configuration hash in .buildinfo then does not depend on the checkout.
    config.templates_path.append(os.path.relpath(here / "templates", app.confdir))
    config.html_static_path.append(os.path.relpath(here / "static", app.confdir))
