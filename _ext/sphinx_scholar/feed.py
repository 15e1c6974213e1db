"""The Atom feed of all news items (written with feedgen), its ``<link>`` in
every page's ``<head>``, and ``{news-feed-link}``, a visible link to it."""

import html
from pathlib import Path
from urllib.parse import urljoin

from docutils import nodes
from feedgen.feed import FeedGenerator
from sphinx.application import Sphinx
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective
from sphinx.util.osutil import relative_uri

from . import nodes as hp_nodes
from .bibfiles import fingerprint
from .compat import builder_of
from .digest import digest_of
from .domain import HomepageDomain
from .i18n import _
from .news import resolved_body
from .sitefiles import config_digest, is_current, write_output
from .priorities import FILL_PLACEHOLDERS

logger = logging.getLogger(__name__)


def base_url(app: Sphinx) -> str:
    url = app.config.html_baseurl or ""
    return url if url.endswith("/") else url + "/"


def absolute_links(tree: nodes.Element, page_url: str) -> None:
    """Make every link of ``tree`` absolute, relative to ``page_url``."""
    for ref in tree.findall(nodes.reference):
        if ref.get("refuri"):
            ref["refuri"] = urljoin(page_url, ref["refuri"])
        elif ref.get("refid"):
            ref["refuri"] = f"{page_url}#{ref['refid']}"
            del ref["refid"]


def feed_title(app: Sphinx) -> str:
    """"Ada Lovelace: news": the feed's name, in readers and in each page's head."""
    return _("{project}: news").format(project=app.config.project)


def build_feed(app: Sphinx) -> bytes:
    builder = app.builder
    domain: HomepageDomain = app.env.get_domain("homepage")  # type: ignore[assignment]
    items = domain.all_news()
    root = base_url(app)
    feed = FeedGenerator()
    feed.id(urljoin(root, app.config.homepage_news_feed))
    feed.title(feed_title(app))
    feed.author({"name": app.config.author})
    feed.link(href=urljoin(root, app.config.homepage_news_feed), rel="self")
    feed.language(app.config.language or "en")
    if items:
        first_doc = items[0].docname
        feed.link(href=urljoin(root, builder.get_target_uri(first_doc)), rel="alternate")
        feed.updated(items[0].date.as_datetime())
    bodies: dict[str, list[nodes.Element]] = {}
    for item in items:
        # The feed is the last user of the resolved pages: their bodies are
        # changed (absolute links) and moved, not copied.
        body = resolved_body(app, item)
        absolute_links(body, urljoin(root, builder.get_target_uri(item.docname)))
        bodies.setdefault(item.docname, []).append(body)
    contents = {}
    for docname, page_bodies in bodies.items():
        contents[docname] = iter(hp_nodes.render_fragments(builder, page_bodies, docname))
    rendered = [(item, next(contents[item.docname])) for item in items]
    # feedgen prepends each entry: add the oldest first to list the newest first.
    for item, content in reversed(rendered):
        page_url = urljoin(root, builder.get_target_uri(item.docname))
        entry = feed.add_entry()
        entry.id(f"{page_url}#{item.anchor}")
        entry.title(item.title)
        entry.link(href=f"{page_url}#{item.anchor}", rel="alternate")
        entry.published(item.date.as_datetime())
        entry.updated(item.date.as_datetime())
        for tag in item.tags:
            entry.category(term=tag, label=app.config.homepage_news_tags.get(tag, tag))
        entry.content(content, type="html")
    return feed.atom_str(pretty=True)


def write_feed(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    path = Path(app.outdir) / app.config.homepage_news_feed
    store = app.env.get_domain("homepage").data
    # The items, the entries their citations show, the page titles and URLs.
    digest = digest_of(config_digest(app), store["news_digest"], fingerprint(app.env),
                       store["outline"])
    if not is_current(app, path, digest):
        write_output(app, path, build_feed(app), digest)


def feed_head_link(app: Sphinx, pagename, templatename, context, doctree) -> None:
    feed = app.config.homepage_news_feed
    # Absolute: feed readers take it as it is, and the 404 page is served at
    # any path, where a relative link would break.
    href = urljoin(base_url(app), feed)
    title = html.escape(feed_title(app))
    context["metatags"] = context.get("metatags", "") + (
        f'\n<link rel="alternate" type="application/atom+xml" '
        f'title="{title}" href="{html.escape(href)}">'
    )


class NewsFeedLinkDirective(SphinxDirective):
    """``:::{news-feed-link}``: "Subscribe to the news feed (Atom)"."""

    def run(self) -> list[nodes.Node]:
        return [hp_nodes.news_feed_link()]


class FillNewsFeedLink(SphinxPostTransform):
    default_priority = FILL_PLACEHOLDERS

    def run(self, **kwargs) -> None:
        feed = self.config.homepage_news_feed
        for placeholder in list(self.document.findall(hp_nodes.news_feed_link)):
            href = relative_uri(builder_of(self.env).get_target_uri(self.env.docname), feed)
            para = nodes.paragraph(classes=["news-feed-link"])
            para += nodes.reference("", _("Subscribe to the news feed (Atom)"),
                                    refuri=href, type="application/atom+xml")
            placeholder.replace_self(para)


def setup_feed(app: Sphinx) -> None:
    app.add_directive("news-feed-link", NewsFeedLinkDirective)
    app.add_post_transform(FillNewsFeedLink)
