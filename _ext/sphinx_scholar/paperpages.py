"""A page per paper (``publications/<key>.html``): its citation, links,
research areas, the news that cite it and its BibTeX/RIS, written at
``html-collect-pages``.

Paper pages are not documents (their source is refs.bib), so Sphinx neither
knows when they are out of date nor puts them in its search index. Both are
done here:

- A page is written again only when something it shows changed. Its digest
  covers its entry, the news citing it, its research areas, the whole
  bibliography's check (citations inside news show other entries) and the
  site around it (configuration, templates, static files, the titles and
  tables of contents the navigation shows). The digests are kept in the
  doctree directory.
- A page is fed to the search index when it is written. Sphinx prunes its
  index to its documents, when it loads the last build's index and before
  it writes it: the paper pages are kept both times, so an unchanged page
  stays in the index without being read or fed again.
"""

import hashlib
import html
import pickle
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

from docutils import nodes
from pybtex.database import Entry
from sphinx.application import Sphinx
from sphinx.util import logging
from sphinx.util.docutils import new_document

from . import nodes as hp_nodes
from . import bibfiles
from .domain import HomepageDomain
from .export import cite_section, exports, write_exports
from .news import resolved_news_article_for
from .sitefiles import config_digest
from .parallel import in_processes
from .state import build_state
from .areas import area_names
from .papers import (award_text, bib_entries, entry_keywords, field_rich, field_text,
                     ordinary_keywords, paper_docname)
from .publications import entry_nodes, rich, rich_title

logger = logging.getLogger(__name__)

#: In the doctree directory: what was written, for the next build.
STATE_FILE = "homepage-paper-pages.pickle"
#: Bump when the pages' markup changes: every page is then written again.
PAGES_VERSION = 4


class WrittenPage(NamedTuple):
    digest: str  #: of everything the page shows (``page_digest``)
    title: str  #: plain text


def paper_page_body(app: Sphinx, key: str, entry: Entry,
                    texts: dict[str, str]) -> nodes.document:
    env = app.env
    docname = paper_docname(app.config, key)
    domain: HomepageDomain = env.get_domain("homepage")  # type: ignore[assignment]
    page = nodes.section(ids=[key])
    page += nodes.title("", "", *rich_title(entry))
    page += entry_nodes(env, key, entry, docname, area_names(env), with_title=False,
                        with_news=False)
    keywords = ordinary_keywords(entry, area_names(env))
    if keywords:  # what publishers export; research areas have their own section
        line = nodes.paragraph(classes=["pub-keywords"])
        line += nodes.strong("Keywords:", "Keywords:")
        # PubMed's MeSH terms have commas: "Models, Theoretical".
        separator = "; " if any("," in word for word in keywords) else ", "
        line += nodes.Text(" " + separator.join(keywords))
        page += line
    citation = nodes.paragraph(classes=["pub-citation"])
    citation.extend(rich(bibfiles.formatted(env, entry).reference.text))
    citation_section = nodes.section(ids=["citation"])
    citation_section += nodes.title("", "Citation")
    citation_section += citation
    page += citation_section
    if award_text(entry):  # al-folio: award_name is the badge, award says more
        award = nodes.section(ids=["award"])
        award += nodes.title("", "Award")
        award += nodes.paragraph("", "", *rich(field_rich(entry, "award")),
                                 classes=["pub-award"])
        page += award
    if "abstract" in entry.fields:
        abstract = nodes.section(ids=["abstract"])
        abstract += nodes.title("", "Abstract")
        abstract += nodes.paragraph("", "", *rich(field_rich(entry, "abstract")))
        page += abstract
    areas = [domain.area(name) for name in entry_keywords(entry)]
    areas = [area for area in areas if area is not None]
    if areas:
        section = nodes.section(ids=["research-areas"])
        section += nodes.title("", "Research areas")
        listing = nodes.bullet_list()
        for area in areas:
            uri = app.builder.get_relative_uri(docname, area.docname) + "#" + area.anchor
            listing += nodes.list_item("", nodes.paragraph(
                "", "", nodes.reference("", area.title, refuri=uri, internal=True)))
        section += listing
        page += section
    items = domain.news_citing(key)
    if items:
        section = nodes.section(ids=["in-the-news"])
        section += nodes.title("", "In the news")
        for item in items:
            section += resolved_news_article_for(app, item, docname)
        page += section
    page += cite_section(key, texts)
    document = new_document(docname)
    document.settings.env = env
    document += page
    return document


def site_digest(app: Sphinx) -> str:
    """What every paper page shows besides its own content: it changes with
    the configuration, the templates, the stylesheets and scripts, and the
    navigation."""
    builder = app.builder
    digest = hashlib.sha256()
    digest.update(repr((PAGES_VERSION, config_digest(app))).encode())
    if builder.templates:
        digest.update(repr(builder.templates.newest_template_mtime()).encode())
    static = Path(builder.outdir) / "_static"
    for path in sorted(static.rglob("*")) if static.is_dir() else ():
        # Pages link stylesheets and scripts with a checksum of their content.
        if path.suffix in (".css", ".js") and path.is_file():
            digest.update(str(path.relative_to(static)).encode())
            digest.update(path.read_bytes())
    # The navigation: incremental.pages_showing_titles keeps its fingerprint.
    digest.update(app.env.get_domain("homepage").data["outline"].encode())
    return digest.hexdigest()


def page_digest(app: Sphinx, site: str, key: str, entry: Entry) -> str:
    domain: HomepageDomain = app.env.get_domain("homepage")  # type: ignore[assignment]
    areas = [domain.area(name) for name in entry_keywords(entry)]
    inputs = (
        site, key, entry.type, sorted(entry.fields.items()),
        sorted((role, [str(person) for person in persons])
               for role, persons in entry.persons.items()),
        [tuple(area) if area else name for name, area in zip(entry_keywords(entry), areas)],
        [item.fingerprint() for item in domain.news_citing(key)],
        # citations in the news above show other entries
        bibfiles.fingerprint(app.env) if domain.news_citing(key) else "",
    )
    return hashlib.sha256(repr(inputs).encode()).hexdigest()


def load_written(app: Sphinx) -> dict[str, WrittenPage]:
    """The pages the last build wrote into this output directory."""
    try:
        with open(Path(app.doctreedir) / STATE_FILE, "rb") as file:
            state = pickle.load(file)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError,
            TypeError, ValueError):  # none yet, or an older layout: write every page
        return {}
    if state.get("outdir") != str(app.outdir) or state.get("version") != PAGES_VERSION:
        return {}
    return state.get("pages", {})


def save_written(app: Sphinx, pages: dict[str, WrittenPage]) -> None:
    with open(Path(app.doctreedir) / STATE_FILE, "wb") as file:
        pickle.dump({"outdir": str(app.outdir), "version": PAGES_VERSION, "pages": pages},
                    file, pickle.HIGHEST_PROTOCOL)


def page_files(app: Sphinx, docname: str) -> list[Path]:
    """A paper's page and its downloads."""
    base = Path(app.builder.outdir) / docname  # not with_suffix: keys have dots
    return [base.parent / f"{base.name}{suffix}" for suffix in (".html", ".bib", ".ris")]


def is_on_disk(app: Sphinx, docname: str) -> bool:
    return all(path.is_file() for path in page_files(app, docname))


def remove_pages(app: Sphinx, docnames: set[str]) -> None:
    """Delete the pages (and downloads) of papers no longer in the
    bibliography: an incremental build must not keep publishing them."""
    for docname in docnames:
        for path in page_files(app, docname):
            path.unlink(missing_ok=True)


def keep_in_search_index(builder, docnames: set[str]) -> None:
    """Sphinx prunes its search index to documents before writing it; keep
    the paper pages too."""
    indexer = builder.indexer
    prune = indexer.prune

    def prune_to_documents_and_papers(keep) -> None:
        prune(set(keep) | docnames)

    indexer.prune = prune_to_documents_and_papers


def indexed_pages(builder) -> set[str]:
    """The pages the search index holds. (``IndexBuilder`` has no public
    accessor: its ``_titles`` maps every page it holds to its title.)"""
    return set(builder.indexer._titles) if builder.indexer is not None else set()


def indexed_paper_pages(app: Sphinx) -> set[str]:
    """The paper pages the search index holds: its pages in the papers'
    folder that are not documents."""
    prefix = paper_docname(app.config, "")
    return {docname for docname in indexed_pages(app.builder)
            if docname.startswith(prefix) and docname not in app.env.all_docs}


def forget_pages(indexer, docnames: set[str]) -> None:
    """Drop ``docnames`` from the search index, and the words only they had
    (``prune`` would keep those with no page, which a clean build has not)."""
    indexer.prune(set(indexer._titles) - docnames)
    for mapping in (indexer._mapping, indexer._title_mapping):
        for word in [word for word, pages in mapping.items() if not pages]:
            del mapping[word]


def keep_loaded_paper_pages(app: Sphinx) -> None:
    """``builder-inited``: when Sphinx loads the last build's search index,
    it prunes it to the documents it is not about to write again; keep the
    paper pages there (``collect_paper_pages`` drops those it writes again)."""
    builder = app.builder
    if builder.format != "html" or not hasattr(builder, "load_indexer"):
        return
    load_indexer = builder.load_indexer

    def load_indexer_keeping_paper_pages(docnames) -> None:
        indexer = builder.indexer
        prune = indexer.prune

        def prune_keeping_paper_pages(keep) -> None:
            prune(set(keep) | indexed_paper_pages(app))

        indexer.prune = prune_keeping_paper_pages
        try:
            load_indexer(docnames)
        finally:
            indexer.prune = prune

    builder.load_indexer = load_indexer_keeping_paper_pages


def page_context(app: Sphinx, key: str, entry: Entry, digest: str
                 ) -> tuple[WrittenPage, nodes.document, dict]:
    """Make a page: write its downloads; return its record, its body (for
    the search index) and its template context."""
    texts = exports(entry, build_state(app.env).conventions.workshop_words)  # shown on the page and written as downloads
    document = paper_page_body(app, key, entry, texts)
    write_exports(app, key, texts)
    title = field_text(entry, "title")
    docname = paper_docname(app.config, key)
    context = {
        "title": html.escape(title),  # themes expect HTML here
        "body": hp_nodes.render_fragment(app.builder, document[0], docname),
        "meta": {},
        "toc": "",
        "display_toc": False,
        "sourcename": "",
        "page_source_suffix": "",
    }
    return WrittenPage(digest, title), document, context


def detached(body: nodes.document) -> nodes.document:
    """The body without what ties it to this build (as Sphinx does before
    pickling a doctree), to send it from a child process."""
    body.reporter = body.transformer = None
    body.settings.env = body.settings.warning_stream = None
    body.settings.record_dependencies = None
    for node in body.findall(include_self=False):
        if node.__dict__.get("_document") is not None:
            node.document = None  # copied news: not their page's whole doctree
    return body


def write_in_parallel(app: Sphinx, pending: list[tuple[str, Entry, str]],
                      done: Callable[[str, WrittenPage, nodes.document], None]) -> None:
    """Write pages on ``app.parallel`` processes, as Sphinx writes documents:
    each child renders and writes a chunk, the parent indexes the bodies."""
    entries = {key: (entry, digest) for key, entry, digest in pending}

    def write(chunk: list[str]) -> list[tuple[str, WrittenPage, nodes.document]]:
        pages = []
        for key in chunk:
            page, body, context = page_context(app, key, *entries[key])
            docname = paper_docname(app.config, key)
            app.builder.handle_page(docname, context, "page.html")
            pages.append((docname, page, detached(body)))
        return pages

    def collect(pages) -> None:
        for docname, page, body in pages:
            done(docname, page, body)

    in_processes(write, list(entries), app.parallel, collect)


def collect_paper_pages(app: Sphinx):
    """``html-collect-pages``: the pages whose content changed."""
    builder = app.builder
    if builder.format != "html":
        return
    previous = load_written(app)
    written: dict[str, WrittenPage] = {}
    _navigation.clear()
    site = site_digest(app)
    source = ", ".join(app.config.bibtex_bibfiles)

    indexed = indexed_paper_pages(app)  # the last build's, as loaded

    def done(docname: str, page: WrittenPage, body: nodes.document) -> None:
        written[docname] = page
        if builder.indexer is not None:
            builder.indexer.feed(docname, source, page.title, body)

    pending: list[tuple[str, Entry, str]] = []
    current: set[str] = set()
    for key, entry in bib_entries(app.env).items():
        docname = paper_docname(app.config, key)
        current.add(docname)
        digest = page_digest(app, site, key, entry)
        old = previous.get(docname)
        if old is not None and old.digest == digest and is_on_disk(app, docname) \
                and (builder.indexer is None or docname in indexed):
            written[docname] = old  # on disk and in the search index as it is
        else:
            pending.append((key, entry, digest))
    if builder.indexer is not None:
        # What the index holds of pages written again, or gone, is out of date.
        forget_pages(builder.indexer, (indexed - current)
                     | {paper_docname(app.config, key) for key, _, _ in pending})
    if getattr(builder, "parallel_ok", False) and len(pending) > 5:
        write_in_parallel(app, pending, done)
    else:
        for key, entry, digest in pending:
            page, body, context = page_context(app, key, entry, digest)
            done(paper_docname(app.config, key), page, body)
            yield paper_docname(app.config, key), context, "page.html"
    remove_pages(app, set(previous) - set(written))
    if builder.indexer is not None:
        keep_in_search_index(builder, set(written))
    if written != previous:
        save_written(app, written)


#: The navigation every paper page shows, by the arguments asked for; emptied
#: by each build's ``collect_paper_pages``.
_navigation: dict[tuple, str] = {}


def share_navigation(app: Sphinx, pagename: str, templatename: str, context: dict,
                     doctree) -> None:
    """``html-page-context``, before the theme's: paper pages all stand in one
    folder and in no toctree, so they show the same navigation. Sphinx builds
    it again for every page, searching the root document's whole doctree:
    quadratic when the root document is itself a list of thousands of papers
    (565 s for 5,000). Built once per build instead."""
    toctree = context.get("toctree")
    if doctree is not None or toctree is None \
            or not pagename.startswith(paper_docname(app.config, "")):
        return

    def shared_toctree(**kwargs) -> str:
        arguments = tuple(sorted(kwargs.items()))
        if arguments not in _navigation:
            _navigation[arguments] = toctree(**kwargs)
        return _navigation[arguments]

    context["toctree"] = shared_toctree


def setup(app: Sphinx) -> None:
    app.connect("builder-inited", keep_loaded_paper_pages)
    app.connect("html-collect-pages", collect_paper_pages)
    app.connect("html-page-context", share_navigation, priority=400)
