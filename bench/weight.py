"""Page weight: the bytes a browser fetches for one built page (HTML, CSS,
JS, fonts, images), raw and gzipped, from the files of the built site.

Assets are found by parsing the HTML (``link``, ``script``, ``img``, ``source``,
inline ``style`` attributes) and, recursively, the CSS (``url()``,
``@import``). External URLs are listed but not counted (none are expected).
"""

import gzip
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

from bs4 import BeautifulSoup

CSS_URL = re.compile(r"""url\(\s*['"]?([^'")]+)['"]?\s*\)|@import\s+['"]([^'"]+)['"]""")
KINDS = {
    ".html": "html", ".css": "css", ".js": "js",
    ".woff": "fonts", ".woff2": "fonts", ".ttf": "fonts", ".otf": "fonts", ".eot": "fonts",
    ".png": "images", ".svg": "images", ".jpg": "images", ".jpeg": "images",
    ".gif": "images", ".webp": "images", ".ico": "images", ".avif": "images",
}


def _local(base: Path, reference: str, root: Path) -> Path | None:
    parts = urlsplit(reference)
    if parts.scheme or parts.netloc or not parts.path or reference.startswith("data:"):
        return None
    # Root-relative URLs (the 404 page's) are served from the site's root.
    start = root if parts.path.startswith("/") else base.parent
    path = (start / unquote(parts.path).lstrip("/")).resolve()
    return path if path.is_file() and root.resolve() in path.parents else None


def _css_assets(css: Path, root: Path, seen: set[Path]) -> None:
    for match in CSS_URL.finditer(css.read_text(encoding="utf-8", errors="replace")):
        target = _local(css, match[1] or match[2], root)
        if target and target not in seen:
            seen.add(target)
            if target.suffix == ".css":
                _css_assets(target, root, seen)


def page_assets(page: Path, root: Path) -> tuple[set[Path], list[str]]:
    """Every local file the page loads (itself included), and external URLs."""
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "lxml")
    references = []
    for link in soup.find_all("link", href=True):
        rel = set(link.get("rel") or [])
        if rel & {"stylesheet", "icon", "shortcut", "preload", "apple-touch-icon"}:
            references.append(link["href"])
    references += [tag["src"] for tag in soup.find_all(["script", "img", "source"], src=True)]
    references += [tag["srcset"].split()[0] for tag in soup.find_all(["img", "source"],
                                                                        srcset=True)]
    for styled in soup.find_all(style=True):
        references += [m[1] for m in CSS_URL.finditer(styled["style"]) if m[1]]
    for inline in soup.find_all("style"):
        references += [m[1] or m[2] for m in CSS_URL.finditer(inline.get_text())]
    seen = {page.resolve()}
    external = []
    for reference in references:
        target = _local(page, reference, root)
        if target is None:
            if urlsplit(reference).scheme in ("http", "https"):
                external.append(reference)
            continue
        if target not in seen:
            seen.add(target)
            if target.suffix == ".css":
                _css_assets(target, root, seen)
    return seen, external


def page_weight(page: Path, root: Path) -> dict:
    files, external = page_assets(page, root)
    kinds: dict[str, dict[str, int]] = {}
    for path in sorted(files):
        data = path.read_bytes()
        kind = KINDS.get(path.suffix.lower(), "other")
        totals = kinds.setdefault(kind, {"files": 0, "raw": 0, "gzip": 0})
        totals["files"] += 1
        totals["raw"] += len(data)
        totals["gzip"] += len(gzip.compress(data, compresslevel=6, mtime=0))
    return {
        "page": page.relative_to(root).as_posix(),
        "raw": sum(kind["raw"] for kind in kinds.values()),
        "gzip": sum(kind["gzip"] for kind in kinds.values()),
        "by_kind": kinds,
        "files": [path.relative_to(root.resolve()).as_posix() for path in sorted(files)],
        "external": external,
    }
