"""Sphinx extension for an academic homepage: news timeline, research areas,
publications from refs.bib, and the links between them.

``setup()`` only registers; each concern lives in its own module.
"""

from sphinx.application import Sphinx

from . import areas, citations, config, domain, feed, news, publications, style

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
    app.add_css_file("homepage.css")
    app.connect("builder-inited", _add_static_path)
    return {
        "version": __version__,
        "env_version": 1,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }


def _add_static_path(app: Sphinx) -> None:
    from pathlib import Path

    app.config.html_static_path.append(str(Path(__file__).parent / "static"))
