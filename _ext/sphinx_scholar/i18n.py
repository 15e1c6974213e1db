"""The engine's words in the site's ``language``: its message catalog (through
``sphinx.locale``, as sphinx-design and sphinxcontrib-bibtex ship theirs) and
its dates and month names (through Babel, Sphinx's own dependency, which
knows every locale's patterns and names).

``_`` marks and translates a message, for the language of the build that
is running (Sphinx loads the catalog for it: ``setup_i18n``); constants made
at import are marked with ``N_`` instead and translated where they are
shown. English is the message itself: the catalog is English-keyed and
English needs no translation file.

The catalog lives in ``locale/``: ``sphinx_scholar.pot`` made from the
sources, ``<language>/LC_MESSAGES/sphinx_scholar.po`` and its ``.mo``
(``make locale`` makes them again: ``locale/catalogs.py``).
"""

from __future__ import annotations

import datetime
import functools
import hashlib
import re
from pathlib import Path
from typing import TYPE_CHECKING

from babel import Locale, UnknownLocaleError
from babel.dates import format_skeleton, get_month_names
from sphinx.locale import get_translator

from .compat import template_environment

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

#: The name of the ``.pot``, ``.po`` and ``.mo`` files.
MESSAGE_CATALOG = "sphinx_scholar"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"


def _(message: str) -> str:
    """``message`` in the language of the build that is running (as it is,
    outside a build). Always text, unlike ``sphinx.locale.get_translation``'s
    function, whose lazy proxy (before the catalog is loaded) pybtex's
    templates reject."""
    return get_translator(MESSAGE_CATALOG).gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    """``singular`` or ``plural``, or the language's own form for ``count``
    (``sphinx.locale`` gives extensions ``gettext`` only)."""
    return get_translator(MESSAGE_CATALOG).ngettext(singular, plural, count)


def N_(message: str) -> str:
    """Marks a message for the catalog without translating it: for constants
    made at import, when no build's language is known yet; the code
    translates them where it shows them (``_(LABELS[kind])``)."""
    return message


def catalog_digest(locale_dir: Path = LOCALE_DIR) -> str:
    """Of every compiled catalog: the engine's words change with it, so
    what is cached across builds (documents, the bib check's formatted
    entries, paper pages, the feed) is made again when it changes."""
    digest = hashlib.sha256()
    for path in sorted(locale_dir.glob(f"*/LC_MESSAGES/{MESSAGE_CATALOG}.mo")):
        digest.update(path.relative_to(locale_dir).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def pages_with_old_words(app: Sphinx, env: BuildEnvironment, added: set[str],
                         changed: set[str], removed: set[str]) -> list[str]:
    """``env-get-outdated``: every document is read again when the catalogs
    changed (its news items' dates and permalinks are made at read time);
    Sphinx knows the site's ``language`` but not our catalogs."""
    store = env.get_domain("homepage").data
    previous, store["catalog_digest"] = store.get("catalog_digest", ""), catalog_digest()
    return sorted(env.found_docs) if previous not in ("", store["catalog_digest"]) else []


def setup_i18n(app: Sphinx) -> None:
    """Our catalog for the site's language (none is needed for English)."""
    app.add_message_catalog(MESSAGE_CATALOG, str(LOCALE_DIR))


@functools.lru_cache(maxsize=None)
def babel_locale(language: str | None) -> Locale:
    """Sphinx's ``language`` (``de``, ``zh_CN``, ``pt-BR``) as a Babel locale;
    English for none or one Babel does not know (Sphinx, too, then shows its
    own words in English)."""
    try:
        return Locale.parse((language or "en").replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        return Locale.parse("en")


#: CLDR skeletons, which each locale turns into its own pattern: in English
#: "Aug 2020" and "Mar 26, 2018", in German "Aug. 2020" and "26. März 2018".
MONTH_SKELETON = "yMMM"
DAY_SKELETON = "yMMMd"


@functools.lru_cache(maxsize=4096)
def format_news_date(year: int, month: int, day: int | None, language: str | None) -> str:
    """A news item's date as the language writes it. Memoised: a site has a
    few hundred dates, shown on several pages and in the feed."""
    skeleton = MONTH_SKELETON if day is None else DAY_SKELETON
    return format_skeleton(skeleton, datetime.date(year, month, day or 1),
                           locale=babel_locale(language))


@functools.lru_cache(maxsize=None)
def month_names(language: str | None) -> tuple[str, ...]:
    """The twelve months' full names as the language writes them alone
    ("June", "Juni"), for a reference's ``month`` field."""
    names = get_month_names("wide", context="stand-alone", locale=babel_locale(language))
    return tuple(names[number] for number in range(1, 13))


_FIELD = re.compile(r"\{(\w+)\}")


def js_template_literal(text: str, **expressions: str) -> str:
    """A translated message with ``{name}`` fields as a JavaScript template
    literal whose fields are ``${expression}``: ``homepage.js_t`` gets its
    words from the catalog, the script none of its own. The text around the
    fields is escaped, so a translation cannot break out of the literal."""
    def literal(piece: str) -> str:
        return piece.replace("\\", "\\\\").replace("`", "\\`").replace("$", "\\$")

    parts = _FIELD.split(str(text))  # text, name, text, name, ..., text
    out = [literal(part) if index % 2 == 0
           else "${" + expressions[part] + "}" if part in expressions
           else literal("{" + part + "}")
           for index, part in enumerate(parts)]
    return "`" + "".join(out) + "`"


def add_template_helpers(app: Sphinx) -> None:
    """``builder-inited``: our templates (``page.html``, ``search.html``) and
    static templates (``homepage.js_t``) translate with our catalog, not
    Sphinx's (the ``_`` that templates have): ``scholar_gettext``; and
    ``js_template`` makes a JavaScript template literal of a message.
    Added to this builder's own template environment only."""
    environment = template_environment(app.builder)
    if environment is None:  # a builder without Jinja templates
        return
    environment.globals["scholar_gettext"] = _
    environment.filters["js_template"] = js_template_literal
