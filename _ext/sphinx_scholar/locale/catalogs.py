"""Make the engine's message catalogs again from its sources (``make locale``):

1. ``sphinx_scholar.pot``: every message marked in the Python modules
   (``_``, ``N_``, ``ngettext``), the templates and ``static/homepage.js_t``
   (``scholar_gettext``), extracted by Babel;
2. each ``<language>/LC_MESSAGES/sphinx_scholar.po`` updated from it (new
   messages untranslated, changed ones fuzzy: translate them, then run this
   again);
3. each ``.mo`` compiled from its ``.po`` (fuzzy entries left out).

A file is written only when its content changed (the ``.pot``'s creation
date is not content), so running it twice changes nothing.
``tests/test_i18n.py`` fails when a catalog is not what this would make.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

LOCALE_DIR = Path(__file__).resolve().parent
PACKAGE_DIR = LOCALE_DIR.parent
DOMAIN = "sphinx_scholar"
POT_PATH = LOCALE_DIR / f"{DOMAIN}.pot"

#: Sources and how to read them; Jinja's extractor must not skip a template
#: it cannot parse (its default).
METHOD_MAP = [
    ("*.py", "python"),
    ("theme-tweaks/*/templates/*.html", "jinja2"),
    ("static/*.js_t", "jinja2"),
]
OPTIONS_MAP = {"theme-tweaks/*/templates/*.html": {"silent": "false"},
               "static/*.js_t": {"silent": "false"}}
#: ``scholar_gettext``: our catalog in templates (``i18n.add_template_helpers``).
KEYWORDS = {**DEFAULT_KEYWORDS, "scholar_gettext": None}
#: ``# Translators: ...`` comments above a message go into the catalog.
COMMENT_TAGS = ("Translators:",)


HEADER = """\
# The words of sphinx-scholar (the engine, not a site's own text).
# Made by `make locale` (locale/catalogs.py): do not edit the .pot;
# translate in <language>/LC_MESSAGES/sphinx_scholar.po.
#"""


def extract() -> Catalog:
    """The template catalog of the sources as they are."""
    catalog = Catalog(project="sphinx-scholar", domain=DOMAIN, fuzzy=False,
                      header_comment=HEADER, copyright_holder="the sphinx-scholar authors")
    for filename, lineno, message, comments, context in extract_from_dir(
            PACKAGE_DIR, METHOD_MAP, OPTIONS_MAP, KEYWORDS, COMMENT_TAGS,
            strip_comment_tags=True,
            directory_filter=lambda path: Path(path).name not in ("locale", "__pycache__")):
        catalog.add(message, None, [(filename, lineno)], auto_comments=comments,
                    context=context)
    return catalog


def po_text(catalog: Catalog) -> str:
    """A catalog as a ``.po``/``.pot`` file: files without line numbers (they
    would change with every edit of the code above a message)."""
    out = io.BytesIO()
    write_po(out, catalog, width=76, include_lineno=False, sort_output=True)
    return out.getvalue().decode("utf-8")


def mo_bytes(catalog: Catalog) -> bytes:
    out = io.BytesIO()
    write_mo(out, catalog, use_fuzzy=False)
    return out.getvalue()


def without_dates(text: str) -> str:
    """A catalog's text but for its creation and revision dates."""
    return "\n".join(line for line in text.splitlines()
                     if not line.startswith(('"POT-Creation-Date:', '"PO-Revision-Date:')))


def po_paths() -> list[Path]:
    return sorted(LOCALE_DIR.glob(f"*/LC_MESSAGES/{DOMAIN}.po"))


def read(path: Path) -> Catalog:
    with open(path, "rb") as file:
        return read_po(file, domain=DOMAIN)


def write_if_changed(path: Path, text: str) -> bool:
    if path.is_file() and without_dates(path.read_text(encoding="utf-8")) == without_dates(text):
        return False
    path.write_text(text, encoding="utf-8")
    return True


def main() -> int:
    template = extract()
    if write_if_changed(POT_PATH, po_text(template)):
        print(f"wrote {POT_PATH.relative_to(PACKAGE_DIR)}")
    incomplete = []
    for po_path in po_paths():
        catalog = read(po_path)
        catalog.update(template, update_creation_date=False)
        catalog.obsolete.clear()  # gone from the sources: not kept in the file
        if write_if_changed(po_path, po_text(catalog)):
            print(f"wrote {po_path.relative_to(PACKAGE_DIR)}")
        mo_path = po_path.with_suffix(".mo")
        data = mo_bytes(read(po_path))
        if not mo_path.is_file() or mo_path.read_bytes() != data:
            mo_path.write_bytes(data)
            print(f"wrote {mo_path.relative_to(PACKAGE_DIR)}")
        missing = [message.id for message in catalog
                   if message.id and (not message.string or message.fuzzy)]
        if missing:
            incomplete.append(f"{po_path.relative_to(PACKAGE_DIR)}: {len(missing)} "
                              "messages untranslated or fuzzy")
    for line in incomplete:
        print(line, file=sys.stderr)
    return 1 if incomplete else 0


if __name__ == "__main__":
    sys.exit(main())
