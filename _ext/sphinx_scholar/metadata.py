"""Metadata for search engines, social networks and Google Scholar.

- every page: ``<meta name="description">`` and Open Graph / Twitter tags
  (sphinxext-opengraph; we give it the page's own description, and call it
  for the pages it skips because they have no doctree, e.g. the search page);
- the home page: schema.org ``Person`` as JSON-LD;
- each paper page: schema.org ``ScholarlyArticle`` and Highwire Press
  ``citation_*`` tags, from its refs.bib entry;
- ``robots.txt`` (pointing to sphinx-sitemap's sitemap), the social card image,
  and absolute links in the body of the 404 page (sphinx-notfound-page);
- one address per page (canonical link, og:url, sitemap, JSON-LD): the home
  page's is the site's, not ``index.html``; the 404 and search pages are
  ``noindex``, without a canonical link.

Every value that comes from data is escaped for where it goes: attribute
values with :func:`html.escape`, JSON-LD so that no ``<``, ``>`` or ``&`` can
end the ``<script>`` element.
"""

import html
import json
import textwrap
from io import BytesIO
from pathlib import Path
from typing import Any, NamedTuple
from urllib.parse import urljoin, urlsplit

from docutils import nodes
from pybtex.database import Entry
from sphinx.application import Sphinx
from sphinx.util import logging
from sphinx.util.docutils import new_document

from .areas import area_names
from .feed import base_url
from .compat import (notfound_pagename, opengraph_tags, put_sitemap_links, sitemap_excluded,
                     sitemap_links)
from .digest import digest_of
from .i18n import _
from .sitefiles import is_current, write_if_changed, write_output
from .papers import (arxiv_id, arxiv_url, bib_entries, entry_year, field_text, has_others,
                     is_arxiv_abstract, is_preprint_venue, link_url,
                     month_number, ordinary_keywords, paper_links, people, person_text,
                     venue_field, venue_name)
from .config import SOCIAL_CARD_STYLE
from .state import build_state
from .version import __version__
from .style import is_owner

logger = logging.getLogger(__name__)

#: Paper fields that are other pages about the same work (schema.org sameAs).
SAME_AS_FIELDS = ("url", "html", "arxiv", "doi", "code", "website")

#: A description names every author of a paper with up to this many; of more,
#: the first five and the site owner.
DESCRIPTION_AUTHORS = 6

#: A description taken from a page's text is cut, at a word, to about this
#: many characters (what search engines show).
DESCRIPTION_LENGTH = 200

#: The social card: size recommended by Facebook and X for large cards.
CARD_SIZE = (1200, 630)


class MetaTag(NamedTuple):
    """One ``<meta name=... content=...>`` tag."""

    name: str  #: e.g. ``citation_author``
    content: str  #: plain text; escaped when rendered


# -- Rendering, escaped ---------------------------------------------------

def render_meta(tag: MetaTag) -> str:
    return f'<meta name="{html.escape(tag.name)}" content="{html.escape(tag.content)}">'


def render_json_ld(data: dict[str, Any]) -> str:
    """A ``<script type="application/ld+json">`` element. ``<``, ``>`` and ``&``
    become JSON escapes, so data cannot close the element or open a comment."""
    text = json.dumps(data, ensure_ascii=False, indent=1)
    for char in "<>&":
        text = text.replace(char, f"\\u{ord(char):04x}")
    return f'<script type="application/ld+json">\n{text}\n</script>'


def canonical_url(app: Sphinx, pagename: str) -> str:
    """The one address of a page. The home page's is the site's address, not
    ``.../index.html``: both serve it, and search engines should know one."""
    if pagename == app.config.root_doc:
        return base_url(app)
    return urljoin(base_url(app), app.builder.get_target_uri(pagename))


def is_noindex_page(app: Sphinx, pagename: str, templatename: str) -> bool:
    """Pages not to be found by search engines: the search page (its template
    says so) and the 404 page, served at every missing address."""
    return templatename == "search.html" or (
        pagename == notfound_pagename(app.config))


# -- Papers ---------------------------------------------------------------

def author_names(entry: Entry, role: str = "author") -> list[str]:
    """Every named author (``and others`` names no one)."""
    return [person_text(person) for person in people(entry, role)]


def publication_date(entry: Entry, separator: str) -> str:
    """``2020`` or, with a month, ``2020/06`` (Highwire) / ``2020-06`` (ISO)."""
    month = month_number(entry.fields.get("month", ""))
    year = f"{entry_year(entry):04d}"
    return f"{year}{separator}{month:02d}" if month else year


def pdf_url(entry: Entry) -> str:
    """The PDF: the ``pdf`` field, else arXiv's PDF of the preprint."""
    if "pdf" in entry.fields:
        return link_url(entry, "pdf")
    if arxiv_id(entry):
        return arxiv_url(arxiv_id(entry), "pdf")
    return ""


def bare_doi(entry: Entry) -> str:
    return entry.fields.get("doi", "").strip().removeprefix("https://doi.org/")


def highwire_tags(entry: Entry, keywords: list[str] = ()) -> list[MetaTag]:
    """Google Scholar's tags (https://scholar.google.com/intl/en/scholar/inclusion.html)."""
    tags = [MetaTag("citation_title", field_text(entry, "title"))]
    tags += [MetaTag("citation_author", name) for name in author_names(entry)]
    tags += [MetaTag("citation_editor", name) for name in author_names(entry, "editor")]
    tags.append(MetaTag("citation_publication_date", publication_date(entry, "/")))
    venue = venue_field(entry)
    if venue == "booktitle":
        tags.append(MetaTag("citation_conference_title", field_text(entry, venue)))
    elif venue == "journal" and not is_preprint_venue(entry):
        tags.append(MetaTag("citation_journal_title", field_text(entry, venue)))
    for field, name in (("volume", "citation_volume"), ("number", "citation_issue"),
                        ("publisher", "citation_publisher")):
        if field in entry.fields:
            tags.append(MetaTag(name, field_text(entry, field)))
    if pdf_url(entry):
        tags.append(MetaTag("citation_pdf_url", pdf_url(entry)))
    if bare_doi(entry):
        tags.append(MetaTag("citation_doi", bare_doi(entry)))
    if arxiv_id(entry):
        tags.append(MetaTag("citation_arxiv_id", arxiv_id(entry)))
    tags += [MetaTag("citation_keywords", word) for word in keywords]
    return tags


def description_authors(app: Sphinx, entry: Entry) -> str:
    """The authors a description names: all of up to six; of more, the first
    five and the site owner (usually last, and whose site this is): "A, B, C,
    D, E, …, Ada Lovelace", or "A, B, C, D, E et al." when the last are left out."""
    authors = people(entry)
    if len(authors) <= DESCRIPTION_AUTHORS:
        listed = ", ".join(person_text(person) for person in authors)
        return f"{listed} {_('et al.')}" if listed and has_others(entry) else listed
    names: list[str] = []
    for position, person in enumerate(authors):
        if position < DESCRIPTION_AUTHORS - 1 or is_owner(person, build_state(app.env).owners):
            names.append(person_text(person))
        elif names[-1] != "…":
            names.append("…")
    if names[-1] == "…":
        return ", ".join(names[:-1]) + " " + _("et al.")
    listed = ", ".join(names)
    return f"{listed} {_('et al.')}" if has_others(entry) else listed


def sentence(text: str) -> str:
    """``text`` ended by a full stop, unless it has one already (a title that
    asks a question or ends in an abbreviation): no "..", no "?."."""
    return text if text.endswith((".", "?", "!")) else text + "."


def paper_description(app: Sphinx, entry: Entry) -> str:
    """What a search result shows: title, authors, venue and year."""
    venue = venue_name(entry)
    where = f"{venue}, {entry_year(entry)}" if venue else str(entry_year(entry))
    parts = [field_text(entry, "title"), description_authors(app, entry), where]
    return " ".join(sentence(part) for part in parts if part)


def json_ld_people(app: Sphinx, entry: Entry, role: str) -> list[dict[str, str]]:
    """schema.org Persons of ``role`` (``and others`` names no one)."""
    found = []
    for person in people(entry, role):
        data = {"@type": "Person", "name": person_text(person)}
        if is_owner(person, build_state(app.env).owners):
            data["@id"] = person_id(app)
            data["url"] = base_url(app)
        found.append(data)
    return found


def article_json_ld(app: Sphinx, pagename: str, entry: Entry,
                    keywords: list[str] = ()) -> dict[str, Any]:
    authors = json_ld_people(app, entry, "author")
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "ScholarlyArticle",
        "@id": canonical_url(app, pagename),
        "url": canonical_url(app, pagename),
        "headline": field_text(entry, "title"),
        "name": field_text(entry, "title"),
        "author": authors,
        "datePublished": publication_date(entry, "-"),
    }
    # schema.org has no type for proceedings, and most venues here publish
    # none as a book: a conference's papers are part of a plain CreativeWork.
    # A preprint is part of nothing; its arXiv page is among sameAs (arXiv
    # distributes it but is not its publisher, so no publisher either).
    venue = venue_field(entry)
    if venue == "booktitle":
        data["isPartOf"] = {"@type": "CreativeWork", "name": field_text(entry, venue)}
    elif venue == "journal" and not is_preprint_venue(entry):
        data["isPartOf"] = {"@type": "Periodical", "name": field_text(entry, venue)}
    if "publisher" in entry.fields:
        data["publisher"] = {"@type": "Organization", "name": field_text(entry, "publisher")}
    if people(entry, "editor"):
        data["editor"] = json_ld_people(app, entry, "editor")
    if "abstract" in entry.fields:
        data["abstract"] = field_text(entry, "abstract")
    if keywords:
        data["keywords"] = list(keywords)
    if bare_doi(entry):
        data["identifier"] = {"@type": "PropertyValue", "propertyID": "DOI",
                              "value": bare_doi(entry)}
    same_as = [link.url for link in paper_links(entry) if link.field in SAME_AS_FIELDS]
    if arxiv_id(entry) and not any(is_arxiv_abstract(url) for url in same_as):
        same_as.append(arxiv_url(arxiv_id(entry)))
    if same_as:
        data["sameAs"] = same_as
    return data


# -- The site owner -------------------------------------------------------

def person_id(app: Sphinx) -> str:
    return base_url(app) + "#person"


def person_json_ld(app: Sphinx) -> dict[str, Any]:
    """``homepage_person`` (schema.org properties) plus what the build knows.
    No e-mail: the address is only ever shown obfuscated, on the contact page."""
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Person",
        "@id": person_id(app),
        "name": app.config.author,
        "url": base_url(app),
        **app.config.homepage_person,
    }
    # The awards and schools typed once on the site's pages (cvfacts).
    domain = app.env.get_domain("homepage")
    awards = [award.text for award in domain.awards() if not award.team]
    if awards:
        data["award"] = awards
    schools = dict.fromkeys(degree.institution for degree in domain.degrees())
    if schools:
        data["alumniOf"] = [{"@type": "CollegeOrUniversity", "name": name} for name in schools]
    if app.config.homepage_contact_doc:
        contact = {"@type": "ContactPoint"}
        if app.config.homepage_contact_type:
            contact["contactType"] = app.config.homepage_contact_type
        contact["url"] = canonical_url(app, app.config.homepage_contact_doc)
        data["contactPoint"] = contact
    return data


# -- Per page ---------------------------------------------------------------

def note_description(app: Sphinx, doctree: nodes.document) -> None:
    """``doctree-read``: keep the page's description in the homepage domain,
    so the social card does not load the home page's whole doctree again.
    Not in ``env.metadata``: with ``-j``, sphinx-notfound-page merges every
    worker's metadata of every page, which drops what another worker added."""
    domain = app.env.get_domain("homepage")
    domain.data["descriptions"][app.env.docname] = doctree_description(doctree)


def doctree_description(doctree: nodes.document | None) -> str:
    """The page's ``html_meta`` description (MyST front matter). A ``meta``
    element is a child of the document itself (docutils' document model):
    no need to walk a long page's whole tree."""
    for meta in doctree.children if doctree else ():
        if not isinstance(meta, nodes.meta):
            continue
        if meta.get("name") == "description":
            return meta.get("content", "")
    return ""


def text_description(doctree: nodes.document) -> str:
    """A description from the page's first paragraphs, for a page without
    one of its own. Ours, not sphinxext-opengraph's: it cuts its text after
    escaping it, anywhere, even inside an entity ("&g...")."""
    words: list[str] = []
    for paragraph in doctree.findall(nodes.paragraph):
        words += paragraph.astext().split()
        if sum(len(word) + 1 for word in words) > DESCRIPTION_LENGTH:
            break
    return textwrap.shorten(" ".join(words), DESCRIPTION_LENGTH, placeholder=" …")


def plain_title(app: Sphinx, pagename: str, context: dict[str, Any]) -> str:
    """The page title as text (the context has it as HTML)."""
    if pagename in app.env.titles:
        return app.env.titles[pagename].astext()
    return html.unescape(context.get("title") or "") or pagename.capitalize()


def paper_entry(app: Sphinx, pagename: str) -> Entry | None:
    """The refs.bib entry of a paper page, else None."""
    key = app.env.get_domain("homepage").paper_page_key(pagename)  # type: ignore[attr-defined]
    return bib_entries(app.env).get(key) if key is not None else None


def add_page_metadata(app: Sphinx, pagename: str, templatename: str,
                      context: dict[str, Any], doctree: nodes.document | None) -> None:
    if app.builder.format != "html" or app.builder.embedded:
        return
    tags: list[str] = []
    own_description = doctree_description(doctree)  # Sphinx writes its meta tag
    description = own_description
    entry = paper_entry(app, pagename)
    if entry is not None:
        description = paper_description(app, entry)
        keywords = ordinary_keywords(entry, area_names(app.env))
        tags += [render_meta(tag) for tag in highwire_tags(entry, keywords)]
        tags.append(render_json_ld(article_json_ld(app, pagename, entry, keywords)))
    elif pagename == "search" and doctree is None:
        # Sphinx marks it noindex; it still needs a description and a title.
        description = _("Search the {project} website.").format(project=app.config.project)
    elif not description and doctree is not None:
        description = text_description(doctree)
    if pagename == app.config.root_doc:
        tags.append(render_json_ld(person_json_ld(app)))
    if is_noindex_page(app, pagename, templatename):
        if templatename != "search.html":  # whose template has its own
            tags.append(render_meta(MetaTag("robots", "noindex")))
        # A canonical link would ask to index what noindex excludes.
        context["pageurl"] = None
    elif context.get("pageurl"):  # Sphinx's, from html_baseurl: .../index.html
        context["pageurl"] = canonical_url(app, pagename)
    if description and not own_description:
        tags.insert(0, render_meta(MetaTag("description", description)))
    # sphinxext-opengraph escapes only '"', and takes its description from the
    # page text: give it both, escaped, as per-page overrides.
    fields = dict(context.get("meta") or {})
    title = field_text(entry, "title") if entry is not None else plain_title(app, pagename, context)
    fields["og:title"] = html.escape(title)
    if app.config.html_baseurl:
        # sphinxext-opengraph would give the home page's .../index.html.
        fields["og:url"] = html.escape(canonical_url(app, pagename))
    if description:
        fields["og:description"] = html.escape(description)
    if entry is not None:
        fields["og:type"] = "article"
    context["meta"] = fields
    context["metatags"] = context.get("metatags", "") + "\n".join(["", *tags, ""])
    if doctree is None and "ogp_site_url" in app.config:
        # sphinxext-opengraph skips pages without a doctree (ours are generated).
        stand_in = new_document(pagename)
        page = {**context, "title": context.get("title") or html.escape(title)}
        context["metatags"] += opengraph_tags(app, page, stand_in)


# -- 404 page ---------------------------------------------------------------

def absolute_404_links(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """The 404 page is served at any missing URL, so relative links would break.
    sphinx-notfound-page roots its navigation and assets at
    ``notfound_urls_prefix``; the links of its body become full URLs."""
    if docname != notfound_pagename(app.config) or app.builder.format != "html":
        return
    page = canonical_url(app, docname)
    for ref in doctree.findall(nodes.reference):
        if ref.get("internal") and ref.get("refuri"):
            ref["refuri"] = urljoin(page, ref["refuri"])


# -- Site files ---------------------------------------------------------------

def robots_text(site_url: str, sitemap: str | None) -> str:
    """robots.txt of a site at ``site_url`` (``html_baseurl``, "" when not
    set): crawlers may read everything under its path, and find the sitemap
    (a file name relative to the site) at its full address."""
    text = f"User-agent: *\nAllow: {urlsplit(site_url).path or '/'}\n"
    if sitemap and site_url:  # sphinx-sitemap writes none without html_baseurl
        text += f"\nSitemap: {urljoin(site_url, sitemap)}\n"
    return text


def robots_txt(app: Sphinx) -> str:
    sitemap = app.config.sitemap_filename if "sitemap_filename" in app.config else None
    return robots_text(base_url(app) if app.config.html_baseurl else "", sitemap)


def check_base_url(app: Sphinx) -> None:
    """``builder-inited``: without ``html_baseurl`` the absolute addresses
    are missing; said once, here, rather than by each thing that needs one."""
    if app.builder.format == "html" and not app.config.html_baseurl:
        logger.warning(
            "html_baseurl is not set: the news feed's ids, the pages' canonical links and "
            "og:url, and the sitemap need the site's address; set html_baseurl = "
            f"'https://your.site/path/' in {Path(app.confdir, 'conf.py')}",
            type="homepage", subtype="no_baseurl")  # no document: conf.py is the place


def card_style(app: Sphinx) -> dict[str, Any]:
    """``homepage_social_card_style`` over the engine's defaults."""
    return {**SOCIAL_CARD_STYLE, **app.config.homepage_social_card_style}


def card_font(app: Sphinx, path: str, size: int):
    """The font file (relative to conf.py), or Pillow's own font."""
    from PIL import ImageFont

    if path:
        return ImageFont.truetype(str(Path(app.confdir, path)), size)
    return ImageFont.load_default(size=size)


def social_card(app: Sphinx, description: str) -> bytes:
    """One card for the whole site: name, home page description, address,
    drawn in ``homepage_social_card_style`` (colours, font, layout). Pillow
    is an optional dependency (the ``social-card`` extra), imported only
    here; ``config.validate`` reports it missing before the build."""
    from PIL import Image, ImageDraw

    style = card_style(app)
    width, height = CARD_SIZE
    margin = style["margin"]
    image = Image.new("RGB", CARD_SIZE, style["background"])
    draw = ImageDraw.Draw(image)
    if style["bar_width"]:
        draw.rectangle([0, 0, style["bar_width"], height], fill=style["accent"])
    name_font = card_font(app, style["font"], style["title_size"])
    text_font = card_font(app, style["font"], style["text_size"])
    url_font = card_font(app, style["font"], style["url_size"])
    draw.text((margin, margin), app.config.project, font=name_font, fill=style["title_colour"])
    lines: list[str] = []
    for chars in range(60, 10, -2):  # the widest wrap that fits
        lines = textwrap.wrap(description, chars)
        if all(draw.textlength(line, font=text_font) <= width - 2 * margin for line in lines):
            break
    y = margin + style["title_size"] * 150 // 96
    for line in lines[:5]:
        draw.text((margin, y), line, font=text_font, fill=style["text_colour"])
        y += style["text_size"] * 54 // 40
    address = base_url(app).split("://", 1)[-1].rstrip("/")
    draw.text((margin, height - margin - style["url_size"]), address, font=url_font,
              fill=style["accent"])
    out = BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def complete_sitemap(app: Sphinx, exception: Exception | None) -> None:
    """sphinx-sitemap lists only the pages written by this build, so after an
    incremental build unchanged pages would vanish from the sitemap
    (jdillard/sphinx-sitemap#13). Before it writes, add every document to the
    queue it collects pages in, and sort the queue for a stable file. The home page
    is listed at its canonical address, the site's (sphinx-sitemap prefixes
    every link with ``html_baseurl``)."""
    if exception is not None or app.builder.format != "html":
        return
    links = sitemap_links(app)
    if links is None:  # sphinx-sitemap is not loaded
        return
    home_link = app.builder.get_target_uri(app.config.root_doc)
    collected: dict[str, str | None] = {}
    for link, last_updated in links:
        collected["" if link == home_link else link] = last_updated
    for docname in app.env.found_docs:
        link = app.builder.get_target_uri(docname)
        if not sitemap_excluded(link, app.config):
            collected.setdefault("" if link == home_link else link, None)
    put_sitemap_links(app, [(link, collected[link]) for link in sorted(collected)])


def write_site_files(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html" or app.builder.embedded:
        return
    outdir = Path(app.outdir)
    write_if_changed(outdir / "robots.txt", robots_txt(app).encode())
    if app.config.homepage_social_card:
        path = outdir / app.config.homepage_social_card
        description = app.env.get_domain("homepage").data["descriptions"].get(
            app.config.root_doc, "")
        digest = digest_of(__version__, app.config.project, description, base_url(app),
                           sorted(card_style(app).items()))
        if not is_current(app, path, digest):  # drawing it is most of a no-op build
            write_output(app, path, social_card(app, description), digest)
