"""``sphinx-scholar check DIR``: a built site's sanity check, for a site's
``make test`` (the quickstart writes it there).

Every link, image and script reference of every page that points into the
site resolves to a file of the build, and every ``#fragment`` to an element
of that page; absolute URLs under the site's address (canonical links,
Open Graph, the feed) count as internal, the address being read from the
home page's canonical link. Each page has a language and a title; the feed
and the sitemap are well-formed XML. Standard library only: a starter site
needs nothing more to run it.
"""

import posixpath
import xml.etree.ElementTree as ElementTree
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

#: attributes holding a URL, per tag
URL_ATTRIBUTES = {"a": "href", "link": "href", "img": "src", "script": "src",
                  "source": "src", "iframe": "src", "form": "action"}
#: URL-valued meta tags (Open Graph and Twitter cards)
URL_METAS = {"og:url", "og:image", "twitter:image"}
XML_FILES = ("*.atom", "sitemap.xml")


class _Page(HTMLParser):
    """What one page holds: its ids, the URLs it refers to, its language and title."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.urls: list[str] = []
        self.lang = ""
        self.title = ""
        self.canonical = ""
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        for name in ("id", "name") if tag == "a" else ("id",):
            if values.get(name):
                self.ids.add(values[name])
        if tag == "html":
            self.lang = values.get("lang", "")
        elif tag == "title":
            self._in_title = True
        elif tag == "link" and "canonical" in values.get("rel", "").split():
            self.canonical = values.get("href", "")
        elif tag == "meta" and values.get("property", values.get("name")) in URL_METAS:
            self.urls.append(values.get("content", ""))
        attribute = URL_ATTRIBUTES.get(tag)
        if attribute and values.get(attribute):
            self.urls.append(values[attribute])

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data


def _read_page(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    page.close()
    return page


def check_site(root: Path) -> list[str]:
    """Every problem found in the built site at ``root``, one line each."""
    root = Path(root)
    if not (root / "index.html").is_file():
        return [f"{root}: no index.html (build the site first)"]
    pages = {path.relative_to(root).as_posix(): _read_page(path)
             for path in sorted(root.rglob("*.html"))
             if not path.relative_to(root).parts[0].startswith("_")}
    site_url = pages["index.html"].canonical
    base = urlsplit(site_url)
    problems: list[str] = []
    for name, page in pages.items():
        if not page.lang:
            problems.append(f"{name}: <html> has no lang")
        if not page.title.strip():
            problems.append(f"{name}: no <title>")
        for url in page.urls:
            target = _target(name, url, base)
            if target is None:
                continue
            path, fragment = target
            if path == ".." or path.startswith("../"):
                problems.append(f"{name}: {url} leaves the site")
            elif not (root / path).is_file():
                problems.append(f"{name}: {url} -> {path}: no such file")
            elif fragment and path.endswith(".html") and fragment not in _ids(root, path, pages):
                problems.append(f"{name}: {url} -> {path}: no element with id {fragment!r}")
    for pattern in XML_FILES:
        for path in sorted(root.glob(pattern)):
            try:
                ElementTree.parse(path)
            except ElementTree.ParseError as error:
                problems.append(f"{path.relative_to(root)}: not well-formed XML: {error}")
    return problems


def _target(page: str, url: str, base) -> tuple[str, str] | None:
    """The site file (relative to the site's root) and fragment that ``url``
    on ``page`` points to; None when it leaves the site (another host,
    mailto:, javascript: ...)."""
    parts = urlsplit(url)
    prefix = base.path or "/"
    if parts.scheme or parts.netloc:
        if not base.netloc or (parts.scheme, parts.netloc) != (base.scheme, base.netloc):
            return None
        if not (parts.path + "/").startswith(prefix):
            return None
        path = parts.path[len(prefix):]
    elif parts.path.startswith("/"):  # root-relative: the 404 page's links
        path = parts.path[len(prefix):] if parts.path.startswith(prefix) else parts.path[1:]
    elif parts.path:
        path = posixpath.join(posixpath.dirname(page), parts.path)
    else:
        return page, unquote(parts.fragment)  # "#fragment" on the page itself
    if path == "" or path.endswith("/"):
        path += "index.html"
    return posixpath.normpath(unquote(path)), unquote(parts.fragment)


def _ids(root: Path, path: str, pages: dict[str, _Page]) -> set[str]:
    if path not in pages:
        pages[path] = _read_page(root / path)
    return pages[path].ids
