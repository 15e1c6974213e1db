"""Doctree nodes of the extension and their HTML rendering.

Placeholders (``latest_news``, ``paper_news``) are replaced late, when every
document has been read; the others are rendered as semantic HTML elements.
"""

import html

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.writers.html5 import HTML5Translator


class news_item(nodes.General, nodes.Element):
    """One news item: ``<article>`` headed by its ``headline`` (for screen
    readers), with its date, tags and body."""


class news_time(nodes.Inline, nodes.TextElement):
    """A date: ``<time datetime="2020-08">Aug 2020</time>``."""


class latest_news(nodes.General, nodes.Element):
    """Placeholder for the newest items; attribute ``count``."""


class paper_news(nodes.General, nodes.Element):
    """Placeholder for the news items citing the paper ``key``."""


class publication(nodes.General, nodes.Element):
    """One paper in a list: ``<div class="publication" data-year data-areas
    data-type>``; the data attributes drive the publications filter."""

    data_attributes = ("data-year", "data-areas", "data-type")


class research_interests(nodes.General, nodes.Element):
    """Placeholder for every research area's line of venue tags."""


class publication_filter(nodes.General, nodes.Element):
    """Placeholder for the publications filter form (needs every area)."""


class publication_list(nodes.General, nodes.Element):
    """Placeholder for a year's papers (``keys``), filled at write time: a
    long list then costs the reading transforms and the pickled doctree
    nothing. Its children are the papers' preview images, made at read time
    so Sphinx collects and copies them (``preview_keys`` says whose)."""


class paper_body(nodes.General, nodes.Element):
    """Placeholder for a paper page's content but its title (``key``), made
    once the page is resolved (``paperpages.fill_paper_page``)."""


class news_feed_link(nodes.General, nodes.Element):
    """Placeholder for a link to the Atom feed."""


class disclosure(nodes.General, nodes.Element):
    """Content shown on demand: ``<details><summary>{summary}</summary>``,
    opened with the mouse or the keyboard, without a script (al-folio's ABS
    and BIB buttons)."""


def visit_news_item_html(self: HTML5Translator, node: news_item) -> None:
    self.body.append(self.starttag(node, "article"))
    # Each item is headed by its headline, one level below the section it
    # stands in: screen readers then go from item to item by heading. Hidden
    # from sight, where the item's first sentence already says it.
    level = min(self.section_level + self.initial_header_level, 6)
    self.body.append(f'<h{level} class="news-headline">{html.escape(node["headline"])}'
                     f"</h{level}>\n")


def depart_news_item_html(self: HTML5Translator, node: news_item) -> None:
    self.body.append("</article>\n")


def visit_news_time_html(self: HTML5Translator, node: news_time) -> None:
    self.body.append(self.starttag(node, "time", "", datetime=node["datetime"]))


def depart_news_time_html(self: HTML5Translator, node: news_time) -> None:
    self.body.append("</time>")


def visit_publication_html(self: HTML5Translator, node: publication) -> None:
    data = {name: node[name] for name in node.data_attributes if name in node}
    self.body.append(self.starttag(node, "div", **data))


def depart_publication_html(self: HTML5Translator, node: publication) -> None:
    self.body.append("</div>\n")


def visit_disclosure_html(self: HTML5Translator, node: disclosure) -> None:
    self.body.append(self.starttag(node, "details"))
    self.body.append(f'<summary>{html.escape(node["summary"])}</summary>\n')


def depart_disclosure_html(self: HTML5Translator, node: disclosure) -> None:
    self.body.append("</details>\n")


def _visit_children(self, node) -> None:
    """Other writers (text, LaTeX...) just render the content."""


def _depart_nothing(self, node) -> None:
    pass


def setup_nodes(app: Sphinx) -> None:
    plain = (_visit_children, _depart_nothing)
    others = {"latex": plain, "text": plain, "man": plain, "texinfo": plain}
    app.add_node(news_item, html=(visit_news_item_html, depart_news_item_html), **others)
    app.add_node(news_time, html=(visit_news_time_html, depart_news_time_html), **others)
    app.add_node(publication, html=(visit_publication_html, depart_publication_html), **others)
    app.add_node(disclosure, html=(visit_disclosure_html, depart_disclosure_html), **others)
    # Placeholders never reach a writer: post-transforms replace them.
    app.add_node(latest_news)
    app.add_node(paper_news)
    app.add_node(news_feed_link)
    app.add_node(publication_filter)
    app.add_node(research_interests)
    app.add_node(publication_list)


def render_fragment(builder, node: nodes.Node, docname: str) -> str:
    """HTML of a lone node, rendered as if it stood in ``docname``
    (outside the builder's own page loop, which normally sets this state)."""
    return render_fragments(builder, [node], docname)[0]


def render_fragments(builder, fragments: list[nodes.Node], docname: str) -> list[str]:
    """HTML of each of ``fragments``, as Sphinx's ``render_partial`` would
    render it, but with one document and one translator for all of them
    (making a translator is most of the cost of rendering a news item)."""
    from docutils.utils import new_document
    from sphinx.builders.html import _READER_TRANSFORMS, _PARSER_TRANSFORMS, _WRITER_TRANSFORMS

    builder.current_docname = docname
    builder.fignumbers = builder.env.toc_fignumbers.get(docname, {})
    document = new_document("<partial node>", builder._settings)
    for fragment in fragments:
        document.append(fragment)
    document.transformer.add_transforms(_READER_TRANSFORMS)
    document.transformer.add_transforms(_PARSER_TRANSFORMS)
    document.transformer.add_transforms(_WRITER_TRANSFORMS)
    document.transformer.apply_transforms()
    translator = builder.create_translator(document, builder)
    rendered = []
    for fragment in list(document.children):
        start = len(translator.body)
        fragment.walkabout(translator)
        rendered.append("".join(translator.body[start:]))
    return rendered
