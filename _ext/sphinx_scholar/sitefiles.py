"""Files made once per build outside Sphinx's page loop (the news feed, the
social card) are made again only when what they are made from changed, as
Sphinx does for pages: the digest of their inputs is kept in the doctree
directory, beside the environment."""

import json
from pathlib import Path

from sphinx.application import Sphinx

from .compat import config_and_tags_hashes
from .digest import digest_of
from .i18n import catalog_digest

STATE_FILE = "homepage-outputs.json"


def config_digest(app: Sphinx) -> str:
    """Of every setting that changes pages or the environment, and of tags
    (what Sphinx compares to decide to rewrite every page); and of the
    engine's message catalogs (``i18n.catalog_digest``)."""
    return digest_of(*config_and_tags_hashes(app), catalog_digest())


def _state_path(app: Sphinx) -> Path:
    return Path(app.doctreedir) / STATE_FILE


def _load(app: Sphinx) -> dict[str, str]:
    try:
        state = json.loads(_state_path(app).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return state.get("files", {}) if state.get("outdir") == str(app.outdir) else {}


def is_current(app: Sphinx, path: Path, digest: str) -> bool:
    """True if ``path`` was made from inputs with this digest and is still there."""
    name = str(path.relative_to(app.outdir))
    return path.is_file() and _load(app).get(name) == digest


def write_if_changed(path: Path, content: bytes) -> None:
    """Write the file unless it has these bytes already: incremental builds
    leave unchanged files (and their modification times) alone."""
    if not path.is_file() or path.read_bytes() != content:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)


def write_output(app: Sphinx, path: Path, content: bytes, digest: str) -> None:
    """Write the file (unless it has these bytes already) and note its digest."""
    write_if_changed(path, content)
    files = _load(app)
    files[str(path.relative_to(app.outdir))] = digest
    _state_path(app).write_text(json.dumps({"outdir": str(app.outdir), "files": files},
                                           indent=1, sort_keys=True), encoding="utf-8")
