"""Publications from refs.bib: ``{publications}`` (every entry, by year),
``{selected-publications}`` (entries with ``selected = {true}``), the entry
markup the paper pages (``paperpages``) reuse, and the files refs.bib names."""

import html
import os
from collections.abc import Collection, Iterator
from pathlib import Path

from docutils import nodes
from pybtex.database import Entry
from sphinx.application import Sphinx
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

import pybtex_docutils

from . import nodes as hp_nodes
from .areas import area_names, paper_xref
from .bibfiles import formatted, source_of
from .compat import app_of, builder_of
from .domain import HEADLINES, HomepageDomain
from .export import bibtex_text
from .i18n import N_, _
from .sitefiles import write_if_changed
from .papers import (FILES_URL, LOCAL_FILE_FIELDS, award, bib_entries,
                     entry_areas, entry_year, field_rich, field_text, is_true, local_file,
                     note_bib_dependency, paper_docname, paper_links, presentation,
                     publication_type, root_of, venue_abbr)
from .priorities import FILL_PLACEHOLDERS, FILL_PUBLICATIONS
from .state import build_state

logger = logging.getLogger(__name__)
_backend = pybtex_docutils.Backend()


def rich(text) -> list[nodes.Node]:
    """pybtex rich text -> docutils nodes (escaped by the HTML writer)."""
    return text.render(_backend) if hasattr(text, "render") else [nodes.Text(str(text))]


def rich_title(entry: Entry) -> list[nodes.Node]:
    """The title with its markup (``\\emph{}`` in italics)."""
    return rich(field_rich(entry, "title"))


def rich_paragraph(entry: Entry, field: str, classes: list[str]) -> nodes.paragraph:
    return nodes.paragraph("", "", *rich(field_rich(entry, field)), classes=classes)


def badge(text: str, kind: str) -> nodes.inline:
    return nodes.inline(text, text, classes=["pub-badge", f"pub-badge-{kind}"])


def toggles(entry: Entry) -> list[nodes.Node]:
    """The abstract (when there is one) and, with al-folio's ``bibtex_show``,
    the BibTeX, each closed until asked for."""
    shown: list[nodes.Node] = []
    if field_text(entry, "abstract"):
        box = hp_nodes.disclosure(summary=_("Abstract"), classes=["pub-toggle", "pub-abstract"])
        box += rich_paragraph(entry, "abstract", [])
        shown.append(box)
    if is_true(entry, "bibtex_show"):
        box = hp_nodes.disclosure(summary=_("BibTeX"), classes=["pub-toggle", "pub-bibtex"])
        text = bibtex_text(entry)
        box += nodes.literal_block(text, text, language="none")
        shown.append(box)
    return shown


def preview_path(confdir: str, folder: str, entry: Entry) -> Path | None:
    """The image al-folio's ``preview`` field names, if it is in ``folder``
    (relative to ``confdir``); a missing one is no error (al-folio's example
    names images a site need not have)."""
    name = entry.fields.get("preview", "").strip()
    if not name:
        return None
    base = (Path(confdir) / folder).resolve()
    path = (base / name).resolve()
    return path if path.is_relative_to(base) and path.is_file() else None


def preview_image(env, entry: Entry) -> nodes.image | None:
    """A thumbnail of the preview image, which Sphinx then copies to
    ``_images/`` like any image of the page; decorative (``alt=""``): the
    title beside it says what it is."""
    path = preview_path(app_of(env).confdir, env.config.homepage_preview_dir, entry)
    if path is None:
        return None
    here = Path(env.srcdir) / Path(env.doc2path(env.docname, base=False)).parent
    uri = Path(os.path.relpath(path, here)).as_posix()
    return nodes.image(uri=uri, alt="", loading="lazy", classes=["pub-preview"])


def entry_nodes(env, key: str, entry: Entry, docname: str, declared: Collection[str],
                with_title: bool = True, with_news: bool = True, with_toggles: bool = False,
                preview: nodes.image | None = None) -> hp_nodes.publication:
    """One publication: title, authors (and al-folio's annotation of them),
    venue with badges (and al-folio's additional_info), note, link buttons;
    in lists, its preview image and its abstract and BibTeX toggles.
    ``declared``: the research areas' names."""
    shown = formatted(env, entry)
    state = build_state(env)
    site = state.conventions
    venues = site.venues
    item = hp_nodes.publication(classes=["publication"], ids=[f"pub-{key}"])
    # Read by the filter script on the publications page.
    item["data-year"] = str(entry_year(entry))
    item["data-areas"] = " ".join(entry_areas(entry, declared))
    item["data-type"] = publication_type(entry, site.workshop_words)
    if preview is not None:
        item += preview  # floats beside the rest
    if with_title:
        title = nodes.paragraph(classes=["pub-title"])
        title += paper_xref(key, rich_title(entry), docname)
        item += title
    if len(shown.authors):  # software or a web page may have none
        authors = nodes.paragraph(classes=["pub-authors"])
        authors.extend(rich(shown.authors))
        item += authors
    if field_text(entry, "annotation"):  # al-folio: what the authors' marks mean
        item += rich_paragraph(entry, "annotation", ["pub-annotation"])
    venue = nodes.paragraph(classes=["pub-venue"])
    if venue_abbr(entry, venues):  # a badge only where a short venue name is known
        venue += badge(state.venue_tag(entry).split(",")[0], "venue")
        venue += nodes.Text(" ")
    venue.extend(rich(shown.venue))
    if field_text(entry, "additional_info"):  # al-folio: right after the year, e.g. ", Oral"
        venue.extend(rich(field_rich(entry, "additional_info")))
    if award(entry):
        venue += nodes.Text(" ")
        venue += badge(award(entry), "award")
    if presentation(entry):
        venue += nodes.Text(" ")
        venue += badge(presentation(entry).capitalize(), "presentation")
    item += venue
    if field_text(entry, "note"):
        item += rich_paragraph(entry, "note", ["pub-note"])
    links = paper_links(entry, root=root_of(docname), labels=site.link_labels)
    if links:
        buttons = nodes.paragraph(classes=["pub-links"])
        for link in links:
            buttons += nodes.reference(link.label, link.label, refuri=link.url,
                                       classes=["pub-link", f"pub-link-{link.field}"])
            buttons += nodes.Text(" ")
        item += buttons
    if with_toggles:
        item.extend(toggles(entry))
    if with_news:
        item += hp_nodes.paper_news(key=key)
    return item


class PublicationsDirective(SphinxDirective):
    """``:::{publications}``: every refs.bib entry, newest year first."""

    option_spec: dict = {}

    def run(self) -> list[nodes.Node]:
        note_bib_dependency(self.env)
        domain = self.env.get_domain("homepage")
        # Each paper lists the headlines of the news citing it, and the
        # filter the research areas of every page.
        domain.note_news_reader(self.env.docname, HEADLINES)  # type: ignore[attr-defined]
        domain.note_area_reader(self.env.docname)  # type: ignore[attr-defined]
        entries = build_state(self.env).style.sort(bib_entries(self.env).values())
        sections: list[nodes.Node] = [hp_nodes.publication_filter()]
        current = None
        for entry in entries:
            year = str(entry_year(entry))
            if current is None or current["names"][0] != year:
                # Year headings now: the page's table of contents shows them.
                current = nodes.section(ids=[f"year-{year}"], names=[year])
                current += nodes.title(year, year)
                current += hp_nodes.publication_list(keys=[], preview_keys=[])
                sections.append(current)
            papers = current[-1]
            papers["keys"].append(entry.key)
            preview = preview_image(self.env, entry)
            if preview is not None:
                papers["preview_keys"].append(entry.key)
                papers += preview
        return sections


class SelectedPublicationsDirective(SphinxDirective):
    """``:::{selected-publications}``: entries with ``selected = {true}``."""

    def run(self) -> list[nodes.Node]:
        note_bib_dependency(self.env)
        listing = nodes.bullet_list(classes=["selected-publications"])
        state = build_state(self.env)
        for entry in state.style.sort(bib_entries(self.env).values()):
            if is_true(entry, "selected"):
                item = nodes.list_item()
                para = nodes.paragraph()
                para += paper_xref(entry.key, rich_title(entry), self.env.docname)
                para += nodes.Text(f" ({state.venue_tag(entry)})")
                item += para
                listing += item
        return [listing]


def news_line_for(env, builder, key: str, docname: str) -> list[nodes.Node]:
    """One short line in a list ("In the news (3)"), linking to the news on
    the paper's page: a list is scanned, the items themselves are read there."""
    domain: HomepageDomain = env.get_domain("homepage")  # type: ignore[assignment]
    count = len(domain.news_citing(key))
    if not count:
        return []
    uri = builder.get_relative_uri(docname, paper_docname(env.config, key)) + "#in-the-news"
    label = _("In the news ({count})").format(count=count)
    line = nodes.paragraph(classes=["pub-news"])
    line += nodes.reference(label, label, refuri=uri, internal=True)
    return [line]


class FillPaperNews(SphinxPostTransform):
    """Replace each paper's "In the news" placeholder with its line."""

    default_priority = FILL_PLACEHOLDERS

    def run(self, **kwargs) -> None:
        for placeholder in list(self.document.findall(hp_nodes.paper_news)):
            replacement = news_line_for(self.env, builder_of(self.env), placeholder["key"],
                                        self.env.docname)
            if replacement:
                placeholder.replace_self(replacement)
            else:
                placeholder.parent.remove(placeholder)


#: The filter's status line; homepage.js_t writes it too, as the filter changes.
FILTER_STATUS = N_("Showing {shown} of {total} publications")


def filter_form(env, builder) -> nodes.raw:
    """The publications filter: area, year and type. Shipped ``hidden`` and
    shown by homepage.js, so without JavaScript the full list is all there is."""
    entries = bib_entries(env).values()
    domain: HomepageDomain = env.get_domain("homepage")  # type: ignore[assignment]
    declared = area_names(env)
    used_areas = {name for entry in entries for name in entry_areas(entry, declared)}
    areas = [(area.name, area.title) for area in domain.declared_areas()
             if area.name in used_areas]
    years = sorted({str(entry_year(entry)) for entry in entries}, reverse=True)
    site = build_state(env).conventions
    types = [(kind, _(label)) for kind, label in site.type_labels.items()
             if any(publication_type(entry, site.workshop_words) == kind for entry in entries)]

    def select(name: str, label: str, everything: str, options) -> str:
        items = [f'<option value="">{html.escape(everything)}</option>'] + [
            f'<option value="{html.escape(value)}">{html.escape(text)}</option>'
            for value, text in options]
        return (f'<span class="pub-filter-field">'
                f'<label for="pub-filter-{name}">{html.escape(label)}</label> '
                f'<select id="pub-filter-{name}" name="{name}">{"".join(items)}</select></span>')

    name, reset = html.escape(_("Filter publications")), html.escape(_("Reset"))
    status = html.escape(_(FILTER_STATUS).format(shown=len(entries), total=len(entries)))
    markup = (
        '<form id="pub-filter" class="pub-filter" role="search" '
        f'aria-label="{name}" hidden>\n'
        + select("area", _("Research area"), _("All areas"), areas)
        + select("year", _("Year"), _("All years"), [(year, year) for year in years])
        + select("type", _("Type"), _("All types"), types)
        + f' <button type="reset">{reset}</button>\n'
        f'<p id="pub-filter-status" class="pub-filter-status" role="status">'
        f'{status}</p>\n'
        '</form>\n')
    return nodes.raw("", markup, format="html")


class FillPublications(SphinxPostTransform):
    """Replace each year's placeholder with its papers. Before the papers'
    "In the news" (``FillPaperNews``) and their cross-references are filled."""

    default_priority = FILL_PUBLICATIONS

    def run(self, **kwargs) -> None:
        placeholders = list(self.document.findall(hp_nodes.publication_list))
        if not placeholders:  # most pages: nothing to look up
            return
        entries = bib_entries(self.env)
        declared = area_names(self.env)
        for placeholder in placeholders:
            previews = dict(zip(placeholder["preview_keys"], placeholder.children))
            placeholder.replace_self([
                entry_nodes(self.env, key, entries[key], self.env.docname, declared,
                            with_toggles=True,
                            preview=previews.get(key))
                for key in placeholder["keys"] if key in entries])


class FillPublicationFilter(SphinxPostTransform):
    """The filter lists the research areas, known only once every page is read."""

    default_priority = FILL_PLACEHOLDERS

    def run(self, **kwargs) -> None:
        for placeholder in list(self.document.findall(hp_nodes.publication_filter)):
            placeholder.replace_self(filter_form(self.env, builder_of(self.env)))


def local_files(app: Sphinx) -> Iterator[tuple[str, str, Path]]:
    """(bib key, field, source path) of every file refs.bib names."""
    folder = Path(app.confdir) / app.config.homepage_files_dir
    for key, entry in bib_entries(app.env).items():
        for field in LOCAL_FILE_FIELDS:
            name = local_file(entry, field)
            if name:
                yield key, field, folder / name


def check_local_files(app: Sphinx, env) -> None:
    for key, field, path in local_files(app):
        if not path.is_file():
            # At the entry that names it: a path alone would be read as a document's name.
            where = source_of(app.env, key)
            logger.warning(
                f'entry "{key}": {field} file "{path.name}" is not in '
                f"{app.config.homepage_files_dir}/ (homepage_files_dir): add the file there "
                "or give an https URL", type="homepage", subtype="bib_file",
                location=str(where) if where else None)


def copy_local_files(app: Sphinx, exception) -> None:
    """Publish the files refs.bib names; unchanged files are not rewritten."""
    if exception is not None or app.builder.format != "html":
        return
    for _key, _field, path in local_files(app):
        if path.is_file():
            target = Path(app.builder.outdir) / FILES_URL / path.relative_to(
                Path(app.confdir) / app.config.homepage_files_dir)
            write_if_changed(target, path.read_bytes())


def setup_publications(app: Sphinx) -> None:
    app.add_directive("publications", PublicationsDirective)
    app.add_directive("selected-publications", SelectedPublicationsDirective)
    app.add_post_transform(FillPublications)
    app.add_post_transform(FillPaperNews)
    app.add_post_transform(FillPublicationFilter)
    app.add_js_file("homepage.js", loading_method="defer")
