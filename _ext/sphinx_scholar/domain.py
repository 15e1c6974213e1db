"""The ``homepage`` domain: the state collected from all documents.

Every record is stored per document, cleared when that document is re-read
and merged back from parallel readers, so incremental and ``-j`` builds see
exactly what a clean build sees.
"""

import pickle
from typing import Any, Iterable, Iterator, NamedTuple

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.domains import Domain, ObjType
from sphinx.environment import BuildEnvironment
from sphinx.roles import XRefRole
from sphinx.util import logging
from sphinx.util.nodes import make_refnode

from .dates import NewsDate
from .digest import digest_of
from .i18n import N_, _
from .version import VERSION_NUMBER

logger = logging.getLogger(__name__)


class NewsItem(NamedTuple):
    """One ``{news}`` directive."""

    docname: str  #: document the item is written in
    lineno: int  #: line of the directive in that document
    anchor: str  #: permalink id, stable across builds
    date: NewsDate  #: when it happened
    tags: tuple[str, ...]  #: tags from ``homepage_news_tags``
    title: str  #: plain-text headline (``:title:`` or the first sentence)
    cited: tuple[str, ...]  #: refs.bib keys the item cites, in order
    #: the body as its page shows it, unresolved, pickled (``body()`` makes
    #: it a tree again; None only before ``news.KeepNewsAsShown`` stores the
    #: item). Bytes, not nodes: the record cannot change once stored, and
    #: each ``-j`` reading process sends it back as one object, not as
    #: hundreds of nodes for the main process to unpickle and collect.
    content: bytes | None

    @property
    def sort_key(self) -> tuple:
        return (self.date.year, self.date.month, self.date.day or 0)

    def body(self) -> nodes.Element:
        """A new copy of the body's tree, for the page that shows it."""
        return pickle.loads(self.content)

    def fingerprint(self) -> str:
        """Everything the item shows, as text: changes whenever it does."""
        return repr((self.docname, self.anchor, self.date, self.tags, self.title,
                     self.cited, self.body().pformat()))

    def headline_fingerprint(self) -> str:
        """What a list of headlines shows of it ("In the news": date, title,
        link, under the papers it cites): changes whenever that does."""
        return repr((self.docname, self.anchor, self.date, self.title, self.cited))


class ResearchArea(NamedTuple):
    """One ``{research-area}`` directive."""

    name: str  #: the id used in refs.bib ``keywords``
    title: str  #: the heading it stands under
    docname: str  #: document that declares it
    anchor: str  #: id of its section
    lineno: int  #: line of the directive


class Award(NamedTuple):
    """One item of an ``{awards}`` list (``cvfacts``)."""

    docname: str  #: document it is written in
    lineno: int  #: its line there
    text: str  #: the item as the page shows it, citations left out
    name: str  #: the text without a trailing ", YEAR" or "(Mon YEAR)"
    date: str  #: its date as written: "2020", "2017/2018", "Aug 2020"
    year: int  #: the (last) year of that date, for sorting
    group: str  #: the heading its list stands under ("Honors")
    team: bool  #: won by the owner's team (``:team:``), not by the owner


class Degree(NamedTuple):
    """One item of an ``{education}`` list (``cvfacts``)."""

    docname: str  #: document it is written in
    lineno: int  #: its line there
    text: str  #: the item as the page shows it
    degree: str  #: "Ph.D."
    institution: str  #: "Stanford University"
    details: str  #: what follows a comma ("advised by Prof. Bill Dally"), or ""


def newest_first(items: Iterable[NewsItem]) -> list[NewsItem]:
    """Newest first; items of the same date keep their order in the source."""
    ordered = sorted(items, key=lambda item: (item.docname, item.lineno))
    return sorted(ordered, key=lambda item: item.sort_key, reverse=True)


#: What a page shows of the news of other documents (``note_news_reader``).
ITEMS = "items"
HEADLINES = "headlines"


#: The domain's maps of docname -> what that document declared, purged and
#: merged as they are (``news_readers`` merges by its own rule).
PER_DOCUMENT = ("area_readers", "descriptions", "cv_readers", "cv_pdf_links", "paper_pages")


class HomepageDomain(Domain):
    name = "homepage"
    label = N_("Academic homepage")
    object_types = {
        "news": ObjType(N_("news item"), "news"),
        "paper": ObjType(N_("paper"), "paper"),
        "area": ObjType(N_("research area"), "area"),
    }
    roles = {"paper": XRefRole(), "news": XRefRole(), "area": XRefRole()}
    initial_data: dict[str, Any] = {
        "news": {},  # "docname#anchor" -> NewsItem
        "areas": [],  # [ResearchArea]
        # documents that show news collected from elsewhere -> what they
        # show of them: ITEMS (whole items) or HEADLINES
        "news_readers": {},
        # documents that show the research areas of all pages
        # ({research-interests}, the chart, the publications filter) -> True
        "area_readers": {},
        # digest of the declared areas at the last write (areas.pages_showing_areas)
        "areas_digest": "",
        # digests of all news, and of their headlines, at the last write, to
        # find the pages to write again
        "news_digest": "",
        "headlines_digest": "",
        # bibfiles.BibCheck: the last check of refs.bib, reused while unchanged
        "bibcheck": None,
        # digest of the page titles and toctrees (incremental.pages_showing_titles)
        "outline": "",
        # docname -> its html_meta description (metadata.note_description)
        "descriptions": {},
        # paper page -> digest of the news it shows (paperpages.pages_showing_their_news)
        "paper_news": {},
        # paper page (docname) -> its entry's key (paperpages.read_paper_page)
        "paper_pages": {},
        # cvfacts: [Award] and [Degree] (per document), in page order
        "awards": [],
        "degrees": [],
        # documents that show the CV's facts of all pages (cv.py) -> True
        "cv_readers": {},
        # docname -> line of its first {cv-pdf} link (cv.check_cv_pdf_links)
        "cv_pdf_links": {},
        # digest of the CV's facts at the last write (cv.pages_showing_cv)
        "cv_digest": "",
        # digest of the message catalogs at the last read (i18n.pages_with_old_words)
        "catalog_digest": "",
    }
    data_version = VERSION_NUMBER

    def __init__(self, env: BuildEnvironment) -> None:
        super().__init__(env)
        #: this build's ``state.BuildState``: made at builder-inited, dropped
        #: at build-finished; never pickled (Sphinx pickles only ``data``)
        self.build = None
        self._citing: dict[str, list[NewsItem]] | None = None  # news_citing's index
        self._news_pages: frozenset[str] | None = None  # news_pages' index
        self._fingerprints: dict[str, str] = {}  # news_fingerprint's cache

    @property
    def news(self) -> dict[str, NewsItem]:
        return self.data["news"]

    @property
    def areas(self) -> list[ResearchArea]:
        return self.data["areas"]

    @property
    def news_readers(self) -> dict[str, str]:
        return self.data["news_readers"]

    def _news_changed(self) -> None:
        """The indexes and caches made from the news, dropped."""
        self._citing = self._news_pages = None
        self._fingerprints = {}

    def add_news(self, item: NewsItem) -> None:
        self._news_changed()
        self.news[f"{item.docname}#{item.anchor}"] = item

    def add_area(self, area: ResearchArea) -> None:
        self.areas.append(area)

    @property
    def area_readers(self) -> dict[str, bool]:
        return self.data["area_readers"]

    def note_area_reader(self, docname: str) -> None:
        """``docname`` shows the research areas declared on any page."""
        self.area_readers[docname] = True

    def add_award(self, award: Award) -> None:
        self.data["awards"].append(award)

    def add_degree(self, degree: Degree) -> None:
        self.data["degrees"].append(degree)

    def awards(self) -> list[Award]:
        """In page order (a parallel read merges them in any order)."""
        return sorted(self.data["awards"], key=lambda award: (award.docname, award.lineno))

    def degrees(self) -> list[Degree]:
        """In page order."""
        return sorted(self.data["degrees"], key=lambda degree: (degree.docname, degree.lineno))

    def paper_page_key(self, docname: str) -> str | None:
        """The bib key of the paper page ``docname``, if it is one."""
        return self.data["paper_pages"].get(docname)

    def note_cv_reader(self, docname: str) -> None:
        """``docname`` shows the awards, degrees and talks of all pages."""
        self.data["cv_readers"][docname] = True

    def note_cv_pdf_link(self, docname: str, lineno: int) -> None:
        """``docname`` links to the CV's PDF (its first link, at ``lineno``)."""
        self.data["cv_pdf_links"].setdefault(docname, lineno)

    def declared_areas(self) -> list[ResearchArea]:
        """In the order they are declared (a parallel read merges them in
        any order), each name once: the first declaration wins, as the
        duplicate check (``check_consistency``) says."""
        areas: dict[str, ResearchArea] = {}
        for area in sorted(self.areas, key=lambda area: (area.docname, area.lineno)):
            areas.setdefault(area.name, area)
        return list(areas.values())

    def note_news_reader(self, docname: str, shows: str = ITEMS) -> None:
        """``docname`` shows news of other documents: whole items, or only
        their headlines (which change less often)."""
        if self.news_readers.get(docname) != ITEMS:
            self.news_readers[docname] = shows

    def all_news(self) -> list[NewsItem]:
        return newest_first(self.news.values())

    def news_citing(self, key: str) -> list[NewsItem]:
        """Newest first. One index for all papers, made when first asked for
        after the news changed (asking each paper's list of all news made
        a site with thousands of papers quadratic)."""
        if self._citing is None:
            self._citing = {}
            for item in self.all_news():
                for cited in dict.fromkeys(item.cited):
                    self._citing.setdefault(cited, []).append(item)
        return self._citing.get(key, [])

    def news_fingerprint(self, item: NewsItem) -> str:
        """``item.fingerprint()``, made once per change of the news (it
        prints the item's body; the news digest and the paper pages' ask)."""
        ident = f"{item.docname}#{item.anchor}"
        if ident not in self._fingerprints:
            self._fingerprints[ident] = item.fingerprint()
        return self._fingerprints[ident]

    def news_pages(self) -> frozenset[str]:
        """The documents holding news items. An index, as ``news_citing``: a
        scan of every item per document read or written made a site with
        thousands of paper pages quadratic."""
        if self._news_pages is None:
            self._news_pages = frozenset(item.docname for item in self.news.values())
        return self._news_pages

    def area(self, name: str) -> ResearchArea | None:
        return next((area for area in self.areas if area.name == name), None)

    def clear_doc(self, docname: str) -> None:
        if docname in self.news_pages():
            for ident in [i for i, item in self.news.items() if item.docname == docname]:
                del self.news[ident]
            self._news_changed()
        self.data["areas"] = [a for a in self.areas if a.docname != docname]
        self.news_readers.pop(docname, None)
        for key in PER_DOCUMENT:
            self.data[key].pop(docname, None)
        for key in ("awards", "degrees"):
            self.data[key] = [fact for fact in self.data[key] if fact.docname != docname]

    def merge_domaindata(self, docnames, otherdata: dict[str, Any]) -> None:
        self._news_changed()
        for ident, item in otherdata["news"].items():
            if item.docname in docnames:
                self.news[ident] = item
        self.areas.extend(a for a in otherdata["areas"] if a.docname in docnames)
        for docname, shows in otherdata["news_readers"].items():
            if docname in docnames:
                self.note_news_reader(docname, shows)
        for key in PER_DOCUMENT:
            self.data[key].update((docname, value) for docname, value in otherdata[key].items()
                                  if docname in docnames)
        for key in ("awards", "degrees"):
            self.data[key].extend(fact for fact in otherdata[key] if fact.docname in docnames)

    def check_consistency(self) -> None:
        seen: dict[str, ResearchArea] = {}
        for area in sorted(self.areas, key=lambda a: (a.docname, a.lineno)):
            if area.name in seen:
                first = seen[area.name]
                logger.warning(
                    f'research area "{area.name}" is declared twice (first in '
                    f"{first.docname}, line {first.lineno}): give each area its "
                    "own name",
                    location=(area.docname, area.lineno),
                    type="homepage", subtype="duplicate_area",
                )
            else:
                seen[area.name] = area

    def news_digest(self) -> str:
        """A fingerprint of all news: changes whenever any item does."""
        return digest_of(*(self.news_fingerprint(item) for item in self.all_news()))

    def headlines_digest(self) -> str:
        """A fingerprint of the headlines of all news."""
        return digest_of(*(item.headline_fingerprint() for item in self.all_news()))

    def get_type_name(self, type: ObjType, primary: bool = False) -> str:
        """"Academic homepage paper" (search results), in the site's language:
        the label and type names are translated when asked for, not at import."""
        return _(type.lname) if primary else f"{_(self.label)} {_(type.lname)}"

    def get_objects(self) -> Iterator[tuple[str, str, str, str, str, int]]:
        for item in self.all_news():
            yield (item.anchor, item.title, "news", item.docname, item.anchor, 1)
        for area in self.areas:
            yield (area.name, area.title, "area", area.docname, area.anchor, 1)
        from .bibfiles import formatted
        from .papers import bib_entries, paper_docname

        for key, entry in bib_entries(self.env).items():
            title = formatted(self.env, entry).title or key
            yield (key, title, "paper", paper_docname(self.env.config, key), "", 1)

    def resolve_xref(self, env, fromdocname, builder, typ, target, node, contnode):
        if typ == "paper":
            from .bibfiles import formatted
            from .papers import bib_entries, paper_docname

            entry = bib_entries(env).get(target)
            if entry is None:
                return None
            return make_refnode(builder, fromdocname, paper_docname(env.config, target),
                                "", contnode, formatted(env, entry).title)
        if typ == "news":
            item = next((i for i in self.news.values() if i.anchor == target), None)
            if item is None:
                return None
            return make_refnode(builder, fromdocname, item.docname, item.anchor,
                                contnode, item.title)
        if typ == "area":
            area = self.area(target)
            if area is None:
                return None
            return make_refnode(builder, fromdocname, area.docname, area.anchor,
                                contnode, area.title)
        return None

    def resolve_any_xref(self, env, fromdocname, builder, target, node, contnode):
        results = []
        for typ in ("paper", "news", "area"):
            ref = self.resolve_xref(env, fromdocname, builder, typ, target, node, contnode)
            if ref is not None:
                results.append((f"homepage:{typ}", ref))
        return results


def pages_showing_news(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """``env-get-updated``: when any news changed, the pages that show news
    items from other documents (latest news) are written again; when a
    headline changed, so are the pages that list headlines ("In the news")."""
    domain: HomepageDomain = env.get_domain("homepage")  # type: ignore[assignment]
    changed = set()
    for shows, key, digest in ((ITEMS, "news_digest", domain.news_digest()),
                               (HEADLINES, "headlines_digest", domain.headlines_digest())):
        if digest != domain.data[key]:
            domain.data[key] = digest
            changed.add(shows)
    # (A headline is part of its item: when it changed, the item did.)
    return sorted(docname for docname, shows in domain.news_readers.items() if shows in changed)


