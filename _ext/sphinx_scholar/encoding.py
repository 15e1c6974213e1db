"""Pages that are not UTF-8: a located warning instead of a crash.

Sphinx reads every page with a strict decoder, so a single Latin-1 byte
(an editor's "save as" in a hurry) stops the build with a traceback. Before
reading, each page to read is checked here; a bad one is reported with its
line, and is read with the bad bytes replaced, so the rest of the build goes
on and ``-W`` fails it with this one message.
"""

import codecs
import encodings.utf_8_sig

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util import logging

from .compat import read_sources_with, source_encoding

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


def register_lenient_codec() -> None:
    """Make ``LENIENT_ENCODING`` known, once per process (from ``setup()``,
    not at import). Python has only a process-wide codec registry, and Sphinx
    9 reads sources with ``Path.read_text(encoding=...)``, with no error
    handler to set: a codec is its one way to read with replacement. The
    search function answers only for this name."""
    try:
        codecs.lookup(LENIENT_ENCODING)
    except LookupError:
        codecs.register(_find_codec)


def check_encoding(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    """``env-before-read-docs``: report pages that are not UTF-8."""
    if source_encoding(env) not in (STRICT_ENCODING, "utf-8", LENIENT_ENCODING):
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
    read_sources_with(env, LENIENT_ENCODING)
