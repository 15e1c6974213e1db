"""The engine on any Sphinx theme. Its components (homepage.css, homepage.js)
are theme-neutral; what only furo needs (templates/furo: names for its
landmarks, its drawers' toggles within reach of the keyboard, a heading on
its search page; static/furo/homepage-furo.css) is added only when the site
uses furo. Themes built on pydata-sphinx-theme get its documented default
colour mode, "auto", unless conf.py chooses one."""

import os
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.config import Config

HERE = Path(__file__).parent

#: Themes built on pydata-sphinx-theme, which reads ``default_mode``.
PYDATA_THEMES = ("pydata_sphinx_theme", "sphinx_book_theme")


def is_furo(config: Config) -> bool:
    return config.html_theme == "furo"


def add_theme_files(app: Sphinx, config: Config) -> None:
    """``config-inited``: our templates and static files ship with the
    extension, so a site only adds ``sphinx_scholar`` to its extensions.
    Templates must be known before the builder creates its template loader.
    Paths relative to the configuration directory, as Sphinx takes them: the
    configuration hash in .buildinfo then does not depend on the checkout."""
    config.html_static_path.append(os.path.relpath(HERE / "static", app.confdir))
    if is_furo(config):
        config.templates_path.append(os.path.relpath(HERE / "templates" / "furo", app.confdir))
        config.html_static_path.append(os.path.relpath(HERE / "static" / "furo", app.confdir))
        app.add_css_file("homepage-furo.css")
    elif config.html_theme in PYDATA_THEMES:
        # Without it the theme's script reports "invalid theme mode" in the
        # console on a first visit, then falls back to "auto".
        # (An html_context value of that theme, not a theme option.)
        config.html_context = {"default_mode": "auto", **(config.html_context or {})}
