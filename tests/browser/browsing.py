"""What the browser tests share: how Chromium is started, the two widths,
how a built site is served, the scan of its pages, and small page helpers."""

import gzip
import mimetypes
import threading
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

from axe_playwright_python.sync_playwright import Axe

CHROMIUM = "/usr/bin/chromium"
# Without the background-networking flags Chromium calls Google's hosts at
# start, which this machine (and the site) must do without.
CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync"]
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 375, "height": 740}


def set_theme(page, theme: str) -> None:
    """What furo's toggle does: body[data-theme] and the stored choice."""
    page.evaluate("t => { localStorage.setItem('theme', t); document.body.dataset.theme = t; }",
                  theme)


def describe_violations(violations: list[dict]) -> str:
    """One line per rule and node: enough to find and fix it."""
    lines = []
    for violation in violations:
        for node in violation["nodes"]:
            lines.append(f"  {violation['id']} ({violation['impact']}): {node['target']} "
                         f"{(node.get('failureSummary') or '').splitlines()[-1].strip()}")
    return "\n".join(lines)


# Text is gzipped on the way, as by any real host; Lighthouse measures that.
COMPRESSIBLE = {".html", ".css", ".js", ".json", ".svg", ".txt", ".xml", ".atom", ".bib", ".ris"}


class SiteHandler(SimpleHTTPRequestHandler):
    """Serves the built site like a static host does: gzip when asked."""

    def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        accepts_gzip = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (accepts_gzip and path.suffix in COMPRESSIBLE and path.is_file()):
            super().do_GET()
            return
        body = gzip.compress(path.read_bytes(), compresslevel=6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Vary", "Accept-Encoding")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format, *args) -> None:  # keep pytest's output readable
        pass


mimetypes.add_type("application/x-bibtex", ".bib")
mimetypes.add_type("application/x-research-info-systems", ".ris")


@contextmanager
def serve(site: Path):
    """The built site at ``site`` on an ephemeral port of 127.0.0.1: its URL."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(SiteHandler, directory=str(site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@dataclass
class PageScan:
    """What one page did in the browser."""
    console_errors: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)
    overflow_px: int = 0
    axe: dict[str, list[dict]] = field(default_factory=dict)  # run name -> violations
    axe_passes: dict[str, int] = field(default_factory=dict)  # run name -> rules passed


def scan_pages(browser, base_url: str, html_pages: list[str]) -> dict[str, PageScan]:
    """Loads every page once and records all the checks on it.

    One load per page keeps the suite fast: light at desktop width, then the
    same page switched to dark, then narrowed to a phone's width (a resize
    reflows the page as a phone would lay it out). axe runs in each state.
    """
    axe = Axe()
    context = browser.new_context(viewport=DESKTOP, color_scheme="light")
    page = context.new_page()
    scans: dict[str, PageScan] = {}
    current: list[PageScan] = []

    def record_console(message) -> None:
        if message.type == "error":
            current[-1].console_errors.append(message.text)

    def record_response(response) -> None:
        if response.status >= 400:
            current[-1].failed_requests.append(f"{response.status} {response.url}")

    def record_request(request) -> None:
        host = urlsplit(request.url).hostname
        if urlsplit(request.url).scheme in ("http", "https") and host != "127.0.0.1":
            current[-1].failed_requests.append(f"external request {request.url}")

    page.on("console", record_console)
    page.on("pageerror", lambda error: current[-1].console_errors.append(f"uncaught {error}"))
    page.on("requestfailed", lambda request: current[-1].failed_requests.append(
        f"{request.failure} {request.url}"))
    page.on("response", record_response)
    page.on("request", record_request)

    for name in html_pages:
        scan = PageScan()
        current.append(scan)
        page.set_viewport_size(DESKTOP)
        page.goto(f"{base_url}/{name}", wait_until="load")
        set_theme(page, "light")
        page.evaluate(axe.axe_script)
        for run, theme, viewport in (("light", "light", DESKTOP), ("dark", "dark", DESKTOP),
                                     ("dark-phone", "dark", PHONE)):
            set_theme(page, theme)
            page.set_viewport_size(viewport)
            result = page.evaluate("axe.run({resultTypes: ['violations']})")
            scan.axe[run] = result["violations"]
            scan.axe_passes[run] = len(result["passes"])
        scan.overflow_px = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth")
        scans[name] = scan
    context.close()
    return scans
