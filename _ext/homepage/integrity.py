"""Build integrity that Sphinx itself does not give: a page that is not
UTF-8 gets a located warning instead of a crash, and an incremental build
writes the same search index, navigation and prev/next links as a clean build.

Sphinx reads every page with a strict decoder, so a single Latin-1 byte
(an editor's "save as" in a hurry) stops the build with a traceback. Before
reading, each page to read is checked here; a bad one is reported with its
line, and is read with the bad bytes replaced, so the rest of the build goes
on and ``-W`` fails it with this one message.
"""

import codecs
import encodings.utf_8_sig
import hashlib

from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util import logging

logger = logging.getLogger(__name__)

#: Sphinx's default source encoding, and our variant that cannot fail.
STRICT_ENCODING = "utf-8-sig"
LENIENT_ENCODING = "homepage-utf-8-sig-replace"


class _LenientDecoder(encodings.utf_8_sig.IncrementalDecoder):
    def __init__(self, errors: str = "strict") -> None:
        super().__init__("replace")  # the bytes were reported before reading


def _find_codec(name: str) -> codecs.CodecInfo | None:
    if name != LENIENT_ENCODING.replace("-", "_") and name != LENIENT_ENCODING:
        return None
    info = codecs.lookup(STRICT_ENCODING)
    return codecs.CodecInfo(info.encode, lambda data, errors="strict": info.decode(data, "replace"),
                            incrementalencoder=info.incrementalencoder,
                            incrementaldecoder=_LenientDecoder, name=LENIENT_ENCODING)


codecs.register(_find_codec)


def check_encoding(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    """``env-before-read-docs``: report pages that are not UTF-8."""
    if env.settings["input_encoding"] not in (STRICT_ENCODING, "utf-8", LENIENT_ENCODING):
        return  # the site chose another encoding: Sphinx's own rules apply
    for docname in sorted(docnames):
        path = env.doc2path(docname)
        raw = path.read_bytes()
        try:
            raw.decode(STRICT_ENCODING)
        except UnicodeDecodeError as error:
            line = raw.count(b"\n", 0, error.start) + 1
            logger.warning(
                f"{path.name} is not UTF-8 (byte 0x{raw[error.start]:02x} on this line): "
                "save the file with the UTF-8 encoding",
                location=(docname, line), type="homepage", subtype="encoding")
    env.settings["input_encoding"] = LENIENT_ENCODING


def drop_stale_search_terms(app: Sphinx):
    """``html-collect-pages`` (after every page is written and indexed, before
    the index is dumped at the end of the finish tasks): before an incremental
    build rewrites pages, Sphinx removes them from the search index it loads,
    but keeps their words with no page left, and writes them as ``"word":[]``,
    which a clean build does not have. Drop them, once (per page, the walk
    over the whole vocabulary made a build quadratic in its pages)."""
    indexer = getattr(app.builder, "indexer", None)
    for mapping in (getattr(indexer, "_mapping", None), getattr(indexer, "_title_mapping", None)):
        if mapping:
            for word in [word for word, pages in mapping.items() if not pages]:
                del mapping[word]
    return []


def pages_showing_titles(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """``env-get-updated``: every page shows the site's navigation (furo's
    sidebar, the prev/next links), so when a page title or a toctree (its
    entries, their titles, its caption) changes, every page is written again;
    Sphinx itself rewrites only the changed page and its toctree parents."""
    outline = hashlib.sha256()
    # A page in no toctree (a paper's page, the 404 page) is in no navigation.
    shown = {app.config.root_doc, *(child for children in env.toctree_includes.values()
                                    for child in children)}
    for docname in sorted(shown & set(env.all_docs)):
        title = env.titles.get(docname)
        toctrees = [(toctree.get("caption"), toctree["entries"])  # entries: explicit titles
                    for toctree in env.tocs[docname].findall(addnodes.toctree)] \
            if docname in env.tocs else []
        outline.update(repr((docname, title.astext() if title else "",
                             env.toctree_includes.get(docname), toctrees)).encode())
    store = env.get_domain("homepage").data
    previous, store["outline"] = store["outline"], outline.hexdigest()
    return sorted(env.all_docs) if previous not in ("", store["outline"]) else []


def setup(app: Sphinx) -> None:
    app.connect("env-before-read-docs", check_encoding)
    app.connect("html-collect-pages", drop_stale_search_terms)
    app.connect("env-get-updated", pages_showing_titles)
