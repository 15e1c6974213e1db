"""The news timeline: the ``{news}`` directive, the grouping of a page's items
by year, and ``{latest-news}``, which shows the newest items of the whole site.

Items are recorded in the ``homepage`` domain at read time; ``{latest-news}``
is filled by a post-transform, once every document has been read.
"""

import pickle
import posixpath
import re
import unicodedata
from urllib.parse import urlsplit

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.transforms import SphinxTransform
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective
from sphinx.util.osutil import relative_uri

from . import nodes as hp_nodes
from .bibfiles import is_reported
from .compat import builder_of
from .dates import parse_news_date
from .domain import HomepageDomain, NewsItem
from .i18n import _
from .papers import bib_entries, note_bib_dependency
from .priorities import FILL_PLACEHOLDERS, GROUP_NEWS, STORE_NEWS
from .state import build_state

logger = logging.getLogger(__name__)

NEWS_DIRECTIVE = "news"
LATEST_NEWS_DIRECTIVE = "latest-news"
SLUG_WORDS = 6


def slugify(text: str, words: int = SLUG_WORDS) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "-".join(re.findall(r"[a-z0-9]+", ascii_text.lower())[:words])


def first_sentence(text: str) -> str:
    # A removed citation or "[paper][code]" role leaves its space behind:
    # "(accepted by DAC'2020 )" reads "(accepted by DAC'2020)".
    text = re.sub(r"\s+(?=[)\]}.,;:!?]|$)|(?<=[(\[{])\s+", "", " ".join(text.split()))
    match = re.search(r"(?<=[.!?])\s+(?=[A-Z\"“(])", text)
    sentence = text[: match.start()] if match else text
    return sentence.rstrip(" .")


def cited_keys(body: nodes.Element) -> tuple[str, ...]:
    keys: list[str] = []
    for xref in body.findall(addnodes.pending_xref):
        if xref.get("refdomain") == "cite":
            for key in xref["reftarget"].split(","):
                if key.strip() and key.strip() not in keys:
                    keys.append(key.strip())
    return tuple(keys)


def text_without_citations(body: nodes.Element) -> str:
    """The item's words, without its citations and "[paper][code]" links
    (the headline and permalink are made of words)."""
    copy = body.deepcopy()
    for xref in list(copy.findall(addnodes.pending_xref)):
        if xref.get("refdomain") == "cite":
            xref.parent.remove(xref)
    for links in list(copy.findall(nodes.inline)):
        if "paper-links" in links["classes"]:
            links.parent.remove(links)
    return copy.astext()


def render_news_item(item: NewsItem, tag_labels: dict[str, str],
                     permalink: nodes.reference, content: nodes.Element,
                     language: str | None) -> hp_nodes.news_item:
    """The ``<article>`` of an item: date (a link to the item), tags, body."""
    article = hp_nodes.news_item(classes=["news-item"], headline=item.title)
    header = nodes.paragraph(classes=["news-meta"])
    shown = item.date.display(language)
    time = hp_nodes.news_time(shown, shown, datetime=item.date.iso)
    permalink += time
    permalink["classes"].append("news-permalink")
    header += permalink
    for tag in item.tags:
        header += nodes.Text(" ")
        header += nodes.inline(tag_labels.get(tag, tag), tag_labels.get(tag, tag),
                               classes=["news-tag", f"news-tag-{tag}"])
    article += header
    body = nodes.container(classes=["news-body"])
    body.extend(content.children)
    article += body
    return article


class NewsDirective(SphinxDirective):
    """``:::{news} 2020-08`` with ``:tags:``, ``:title:``, ``:slug:``."""

    optional_arguments = 1
    final_argument_whitespace = True
    has_content = True
    option_spec = {
        "tags": directives.unchanged,
        "title": directives.unchanged,
        "slug": directives.unchanged,
    }

    def warn(self, message: str, subtype: str) -> list[nodes.Node]:
        logger.warning(message, location=self.get_location(),
                       type="homepage", subtype=subtype)
        return []

    def run(self) -> list[nodes.Node]:
        if not self.arguments:
            return self.warn(
                "news item without a date: write it after the directive name, "
                "e.g. ':::{news} 2020-08'", "news_date")
        try:
            date = parse_news_date(self.arguments[0])
        except ValueError as error:
            return self.warn(f"news item: {error}", "news_date")
        tags = tuple(self.options.get("tags", "").replace(",", " ").split())
        vocabulary = self.config.homepage_news_tags
        for tag in tags:
            if tag not in vocabulary:
                return self.warn(
                    f'unknown news tag "{tag}": use one of '
                    f"{', '.join(sorted(vocabulary))}, or add it to "
                    "homepage_news_tags in conf.py", "news_tag")
        if not "".join(self.content).strip():
            return self.warn("news item has no text: write what happened "
                             "between the directive's opening and closing lines",
                             "news_empty")
        content = nodes.container()
        content.extend(self.parse_content_to_nodes())
        plain = text_without_citations(content)
        title = self.options.get("title") or first_sentence(plain)
        anchor = f"{date.iso}-{slugify(self.options.get('slug') or plain)}"
        if anchor in self.state.document.ids:
            return self.warn(
                f'two news items have the same permalink "{anchor}": give one of '
                "them a distinct ':slug:' (a few words that identify it)",
                "news_duplicate")
        cited = cited_keys(content)
        entries = bib_entries(self.env)
        for key in cited:
            if key not in entries and not is_reported(self.env, key):
                # The cite role warns as well; this says where the item is.
                return self.warn(
                    f'news item cites "{key}", which is not in refs.bib: add the '
                    "entry or correct the key", "news_citation")
        # Stored by ``KeepNewsAsShown``, with its body as the page shows it.
        item = NewsItem(
            docname=self.env.docname, lineno=self.lineno, anchor=anchor, date=date,
            tags=tags, title=title, cited=cited, content=None,
        )
        permalink = nodes.reference("", "", refid=anchor,
                                    reftitle=_("Permalink to this item: {title}").format(
                                        title=title))
        article = render_news_item(item, vocabulary, permalink, content, self.config.language)
        article["ids"].append(anchor)
        article["news_date"] = date.iso
        article["news_line"] = self.lineno
        article["news_record"] = item  # taken off by KeepNewsAsShown
        self.state.document.ids[anchor] = article
        self.set_source_info(article)
        return [article]


class KeepNewsAsShown(SphinxTransform):
    """Store each item in the domain, once and complete: with its body as
    its page shows it, after the reading transforms (smart quotes...), so
    copies elsewhere read the same."""

    default_priority = STORE_NEWS

    def apply(self, **kwargs) -> None:
        domain: HomepageDomain = self.env.get_domain("homepage")  # type: ignore[assignment]
        for article in self.document.findall(hp_nodes.news_item):
            item = article.attributes.pop("news_record", None)
            body = next((child for child in article.children
                         if "news-body" in child.get("classes", [])), None)
            if item is not None and body is not None:
                content = nodes.container()
                content.extend(child.deepcopy() for child in body.children)
                for node in content.findall():
                    # A copy keeps its page's document (and so, its settings
                    # and the environment); the record holds the body alone.
                    node.document = None
                domain.add_news(item._replace(
                    content=pickle.dumps(content, pickle.HIGHEST_PROTOCOL)))


class GroupNewsByYear(SphinxTransform):
    """Sort the news items of a page newest first under a heading per year.

    Runs at read time so the year headings are real sections (in the page's
    table of contents, with their own anchors): before Sphinx collects the
    table of contents (``DoctreeReadEvent``, 880).
    """

    default_priority = GROUP_NEWS

    def apply(self, **kwargs) -> None:
        parents: list[nodes.Element] = []
        for article in self.document.findall(hp_nodes.news_item):
            if "news_date" in article and article.parent not in parents:
                parents.append(article.parent)
        for parent in parents:
            self.group(parent)

    def group(self, parent: nodes.Element) -> None:
        articles = [child for child in parent.children
                    if isinstance(child, hp_nodes.news_item) and "news_date" in child]
        position = parent.index(articles[0])
        for article in articles:
            parent.remove(article)
        articles.sort(key=lambda a: a["news_date"], reverse=True)  # stable: same date keeps order
        years: dict[str, nodes.section] = {}
        for article in articles:
            year = article["news_date"][:4]
            if year not in years:
                section = nodes.section(ids=[f"year-{year}"], names=[year],
                                        classes=["news-year"])
                section += nodes.title(year, year)
                years[year] = section
            years[year] += article
        for offset, section in enumerate(years.values()):
            parent.insert(position + offset, section)


class LatestNewsDirective(SphinxDirective):
    """``:::{latest-news}`` with ``:count: N`` (default 5)."""

    option_spec = {"count": directives.positive_int}

    def run(self) -> list[nodes.Node]:
        self.env.get_domain("homepage").note_news_reader(self.env.docname)  # type: ignore[attr-defined]
        note_bib_dependency(self.env)  # the items shown may cite papers
        node = hp_nodes.latest_news(count=self.options.get("count", 5))
        self.set_source_info(node)
        return [node]


def copy_for(item: NewsItem, docname: str) -> nodes.Element:
    """A copy of an item's body to show in ``docname``: cross-references are
    resolved from there, and ids are dropped so they stay unique."""
    copy = item.body()
    for node in copy.findall(nodes.Element):
        node["ids"] = []
        if isinstance(node, addnodes.pending_xref):
            node["refdoc"] = docname
    return copy


def link_to_item(item: NewsItem, docname: str, builder) -> nodes.reference:
    """On another page, the link of an item's date to the item."""
    uri = builder.get_relative_uri(docname, item.docname) + "#" + item.anchor
    return nodes.reference("", "", refuri=uri, internal=True,
                           reftitle=_("Read this item on the news page: {title}").format(
                               title=item.title))


def news_article_for(item: NewsItem, docname: str, builder,
                     tag_labels: dict[str, str], language: str | None) -> hp_nodes.news_item:
    """An item as shown on another page, its date linking to the item."""
    return render_news_item(item, tag_labels, link_to_item(item, docname, builder),
                            copy_for(item, docname), language)


def keep_resolved_news_page(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """``doctree-resolved``: keep a page of news the builder has just resolved
    for writing (in the build's state), instead of resolving it again for the
    paper pages and the feed. (With ``-j`` it is resolved in another process;
    then, or when the page is not written at all, ``resolved_news_page``
    resolves it here.)"""
    domain: HomepageDomain = app.env.get_domain("homepage")  # type: ignore[assignment]
    if docname in domain.news_pages():
        build_state(app.env).resolved_news_pages[docname] = doctree


def resolved_news_page(app: Sphinx, docname: str) -> nodes.document:
    """The resolved doctree of a page holding news, resolved once per build
    (the caller must not change it, but for the feed, its last user)."""
    pages = build_state(app.env).resolved_news_pages
    if docname not in pages:
        pages[docname] = app.env.get_and_resolve_doctree(docname, app.builder, tags=app.tags)
    return pages[docname]


def resolved_body(app: Sphinx, item: NewsItem) -> nodes.Element:
    """The ``news-body`` of an item, resolved, from its page's doctree."""
    article = resolved_news_page(app, item.docname).ids[item.anchor]
    return next(child for child in article.children
                if "news-body" in child.get("classes", []))


def moved_links(body: nodes.Element, from_docname: str, to_docname: str, builder) -> None:
    """Make the resolved links of ``body`` (relative to ``from_docname``'s
    page) work from ``to_docname``'s page."""
    source = builder.get_target_uri(from_docname)
    target = builder.get_target_uri(to_docname)
    for ref in body.findall(nodes.reference):
        if ref.get("refid"):
            ref["refuri"] = relative_uri(target, source) + "#" + ref["refid"]
            del ref["refid"]
        elif ref.get("refuri") and not urlsplit(ref["refuri"]).scheme \
                and not ref["refuri"].startswith(("/", "//")):
            path, hash_, fragment = ref["refuri"].partition("#")
            page = posixpath.normpath(posixpath.join(posixpath.dirname(source), path)) \
                if path else source
            ref["refuri"] = relative_uri(target, page) + hash_ + fragment


def resolved_news_article_for(app: Sphinx, item: NewsItem, docname: str) -> hp_nodes.news_item:
    """``news_article_for``, its body copied from the item's page as written
    there (resolved), so the page showing it needs no resolving of its own."""
    body = resolved_body(app, item).deepcopy()
    for node in body.findall(nodes.Element):
        node["ids"] = []
    moved_links(body, item.docname, docname, app.builder)
    return render_news_item(item, app.config.homepage_news_tags,
                            link_to_item(item, docname, app.builder), body,
                            app.config.language)


class FillLatestNews(SphinxPostTransform):
    """Replace ``{latest-news}`` with the newest items of the whole site.

    Runs before cross-references are resolved, so citations in the copied
    items resolve relative to the page that shows them.
    """

    default_priority = FILL_PLACEHOLDERS

    def run(self, **kwargs) -> None:
        domain: HomepageDomain = self.env.get_domain("homepage")  # type: ignore[assignment]
        for placeholder in list(self.document.findall(hp_nodes.latest_news)):
            items = domain.all_news()[: placeholder["count"]]
            listing = nodes.container(classes=["latest-news"])
            for item in items:
                listing += news_article_for(item, self.env.docname, builder_of(self.env),
                                            self.config.homepage_news_tags,
                                            self.config.language)
            placeholder.replace_self(listing)


def setup_news(app: Sphinx) -> None:
    app.add_directive(NEWS_DIRECTIVE, NewsDirective)
    app.add_directive(LATEST_NEWS_DIRECTIVE, LatestNewsDirective)
    app.add_transform(KeepNewsAsShown)
    app.add_transform(GroupNewsByYear)
    app.add_post_transform(FillLatestNews)
