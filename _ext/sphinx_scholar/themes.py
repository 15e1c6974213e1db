"""The engine on any Sphinx theme. Its components (static/homepage.css,
homepage.js) are theme-neutral. What a theme needs of its own lives in
``theme-tweaks/<name>/`` (templates and a stylesheet) and is added only when
the site uses that theme: for furo, names for its landmarks, its drawers'
toggles within reach of the keyboard and a heading on its search page; for
pydata-sphinx-theme and sphinx-book-theme (built on it), a landmark around
the primary sidebar and the theme's documented colour mode, "auto", unless
conf.py chooses one; for alabaster, one <h1> per page, sidebar headings in
order, a footer landmark of enough contrast. And on any theme, its templates
once compiled are kept for the next build."""

from pathlib import Path
from typing import NamedTuple

import jinja2
import sphinx
from jinja2 import FileSystemBytecodeCache
from sphinx.application import Sphinx
from sphinx.config import Config

from .compat import add_template_folder, template_environment
from .digest import digest_of

HERE = Path(__file__).parent
TWEAKS = HERE / "theme-tweaks"


class Tweaks(NamedTuple):
    folder: str  #: under theme-tweaks/: templates/ and static/ (either optional)
    stylesheet: str | None  #: in its static/, linked from every page


#: html_theme -> its tweaks. Themes not named here get none.
THEME_TWEAKS = {
    "furo": Tweaks("furo", "homepage-furo.css"),
    "pydata_sphinx_theme": Tweaks("pydata", None),
    "sphinx_book_theme": Tweaks("pydata", None),
    "alabaster": Tweaks("alabaster", "homepage-alabaster.css"),
}

#: Themes built on pydata-sphinx-theme, which reads ``default_mode``.
PYDATA_THEMES = ("pydata_sphinx_theme", "sphinx_book_theme")


def set_theme_defaults(app: Sphinx, config: Config) -> None:
    """``config-inited``: pydata-sphinx-theme's documented colour mode."""
    if config.html_theme in PYDATA_THEMES:
        # Without it the theme's script reports "invalid theme mode" in the
        # console on a first visit, then falls back to "auto". (An
        # html_context value of that theme, not a theme option.)
        config.html_context = {"default_mode": "auto", **(config.html_context or {})}


def add_theme_files(app: Sphinx) -> None:
    """``builder-inited``: our static files, and the site's theme's tweaks
    (templates and stylesheet), ship with the extension, so a site only adds
    ``sphinx_scholar`` to its extensions. Added once the builder is made (its
    configuration hash in ``.buildinfo`` taken), not to the site's
    configuration: that hash must not depend on where the package is
    installed. Templates join the builder's loader (``compat``), after the
    project's own; static folders are read when files are copied, at the end."""
    app.config.html_static_path.append(str(HERE / "static"))
    tweaks = THEME_TWEAKS.get(app.config.html_theme)
    if tweaks is None:
        return
    folder = TWEAKS / tweaks.folder
    if (folder / "templates").is_dir():
        add_template_folder(app.builder, folder / "templates")
    if (folder / "static").is_dir():
        app.config.html_static_path.append(str(folder / "static"))
    if tweaks.stylesheet:
        app.add_css_file(tweaks.stylesheet)


def keep_compiled_templates(app: Sphinx) -> None:
    """``builder-inited``: the builder's Jinja templates, once compiled, kept
    in the doctree folder (Jinja's ``FileSystemBytecodeCache``, which checks
    each template's source before using its copy). Sphinx compiled the
    theme's templates anew in every build, a no-op too (its finish writes
    the search page): on furo, 18 in the real site's rebuild after one news
    item was edited, 0.15 of its 1.8 s, profiled (``bench/analysis.md``).
    A compiled template also depends on how Sphinx set Jinja up: the cache's
    file names carry the Sphinx and Jinja versions and the extensions of the
    environment as it is now, so an upgrade compiles afresh (the old files
    stay, a few kilobytes each, until the doctree folder is removed)."""
    environment = template_environment(app.builder)
    if environment is None or environment.bytecode_cache is not None:
        return
    folder = Path(app.doctreedir) / "templates"
    folder.mkdir(parents=True, exist_ok=True)
    made_by = digest_of(sphinx.__version__, jinja2.__version__, sorted(environment.extensions))
    environment.bytecode_cache = FileSystemBytecodeCache(str(folder), f"%s-{made_by[:16]}.cache")
