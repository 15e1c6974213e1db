"""The CV: a page (``:::{cv}``) and a PDF made from the site's own sources,
so it can never drift from them.

- the profile: ``author``, ``homepage_person`` (jobTitle, affiliation,
  sameAs, memberOf), ``homepage_email`` (as the site writes it) and
  ``html_baseurl``;
- education and awards: the ``{education}`` and ``{awards}`` lists of the
  site's pages (``cvfacts``), in the domain;
- publications: refs.bib, grouped by type, newest first, owner in bold, with
  award and oral/spotlight notes; all, or the ``selected`` ones
  (``homepage_cv_publications``);
- talks: the news items tagged ``talk``.

``cv_data`` gathers them as plain JSON; the page is rendered from it at
write time (its facts are declared on other pages) and the PDF by Typst
(``typst/cv.typ``), which reads that JSON as data: no field is ever Typst
markup. The PDF is written at build-finished only when the digest of its
JSON, its template or Typst changed (``sitefiles``), with no creation date,
so equal inputs give equal bytes.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from docutils import nodes
from docutils.utils.smartquotes import smartyPants
from pybtex.database import Entry
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective, SphinxRole

from .areas import paper_xref
from . import bibfiles
from .bibfiles import formatted
from .digest import digest_of
from .i18n import N_, _
from .papers import (PUBLICATION_TYPES, award, bib_entries, entry_year, field_text,
                     has_others, is_true, note_bib_dependency, paper_docname, people,
                     person_text, presentation, publication_type, root_of)
from .priorities import FILL_PLACEHOLDERS
from .publications import rich
from .sitefiles import config_digest, is_current, write_output
from .state import build_state
from .style import is_owner

logger = logging.getLogger(__name__)

TEMPLATE = Path(__file__).parent / "typst" / "cv.typ"
#: The news tag whose items are the CV's talks.
TALK_TAG = "talk"


# -- The data -----------------------------------------------------------------

def link_text(url: str) -> str:
    """A link as a CV prints it: "twitter.com/ada_lovelace" (no scheme, no
    "www.", no trailing slash)."""
    parts = urlsplit(url)
    host = parts.netloc.removeprefix("www.")
    rest = parts.path.rstrip("/") + (f"?{parts.query}" if parts.query else "")
    return host + rest


def _name(value: Any) -> str:
    return value.get("name", "") if isinstance(value, dict) else str(value or "")


def profile_lines(person: dict[str, Any]) -> list[str]:
    """Job title and affiliation from schema.org Person properties:
    ["Assistant Professor", "Department of ..., Massachusetts Institute of
    Technology"]. Only what they say; nothing is assumed."""
    lines = []
    if person.get("jobTitle"):
        lines.append(str(person["jobTitle"]))
    affiliation = person.get("affiliation")
    if isinstance(affiliation, list):
        affiliation = affiliation[0] if affiliation else None
    if affiliation:
        department = affiliation.get("department") if isinstance(affiliation, dict) else None
        names = [_name(department), _name(affiliation)]
        lines.append(", ".join(name for name in names if name))
    return lines


def profile_links(person: dict[str, Any], homepage: str) -> list[str]:
    """The homepage, then the person's ``sameAs``, then the ``url`` and
    ``sameAs`` of the groups they are a ``memberOf``; each once."""
    urls = [homepage] if homepage else []
    same = person.get("sameAs") or []
    urls += [same] if isinstance(same, str) else list(same)
    groups = person.get("memberOf") or []
    for group in [groups] if isinstance(groups, dict) else groups:
        if isinstance(group, dict):
            urls += [group["url"]] if group.get("url") else []
            more = group.get("sameAs") or []
            urls += [more] if isinstance(more, str) else list(more)
    return list(dict.fromkeys(url for url in urls if url.startswith(("https://", "http://"))))


def cv_papers(env) -> list[Entry]:
    """The papers the CV lists, newest first: all, or the ``selected`` ones."""
    entries = build_state(env).style.sort(bib_entries(env).values())
    if env.config.homepage_cv_publications == "selected":
        entries = [entry for entry in entries if is_true(entry, "selected")]
    return entries


def paper_record(app: Sphinx, entry: Entry) -> dict[str, Any]:
    from .metadata import canonical_url

    owners = build_state(app.env).owners
    notes = [note for note in (award(entry), presentation(entry).capitalize()) if note]
    return {
        "key": entry.key,
        "authors": [{"name": person_text(person), "owner": is_owner(person, owners)}
                    for person in people(entry)],
        "others": has_others(entry),
        "title": formatted(app.env, entry).title or field_text(entry, "title"),
        "venue": str(formatted(app.env, entry).venue),
        "year": entry_year(entry),
        "notes": notes,
        "url": canonical_url(app, paper_docname(app.config, entry.key))
        if app.config.html_baseurl else "",
        "doi": field_text(entry, "doi").strip(),
    }


def talks(env) -> list:
    domain = env.get_domain("homepage")
    return [item for item in domain.all_news() if TALK_TAG in item.tags]


def talk_title(item, config) -> str:
    """The talk's headline with typographic quotes, as its page shows it
    (headlines are kept as typed)."""
    return smartyPants(item.title, "qDe", (config.language or "en").replace("_", "-"))


def facts_digest(env) -> str:
    """Of what the CV shows from the pages: awards, degrees, talks' headlines."""
    domain = env.get_domain("homepage")
    return digest_of(domain.awards(), domain.degrees(),
                     [item.headline_fingerprint() for item in talks(env)])


def cv_data(app: Sphinx) -> dict[str, Any]:
    """Everything the CV shows, as JSON-ready values (strings, numbers,
    booleans, lists, objects)."""
    from .metadata import canonical_url

    env, config = app.env, app.config
    domain = env.get_domain("homepage")
    homepage = config.html_baseurl
    person = config.homepage_person
    award_groups: dict[str, list[dict[str, Any]]] = {}
    for item in domain.awards():
        award_groups.setdefault(item.group or str(_("Awards")), []).append(
            {"name": item.name, "date": item.date, "text": item.text})
    publications = []
    papers = cv_papers(env)
    for kind, label in PUBLICATION_TYPES.items():
        items = [paper_record(app, entry) for entry in papers
                 if publication_type(entry) == kind]
        if items:
            publications.append({"type": kind, "title": str(_(label)), "items": items})
    return {
        "title": str(_("%s: Curriculum Vitae")) % config.author,
        "lang": (config.language or "en").split("_")[0],
        "paper": config.homepage_cv_paper,
        "labels": {name: str(text) for name, text in (
            ("email", _("Email")), ("education", _("Education")),
            ("publications", _("Publications")), ("talks", _("Talks")),
            ("et_al", _("et al.")))},
        "profile": {
            "name": config.author,
            "lines": profile_lines(person),
            "email": config.homepage_email,
            "links": [{"url": url, "text": link_text(url)}
                      for url in profile_links(person, homepage)],
        },
        "education": [{"degree": degree.degree, "institution": degree.institution,
                       "details": degree.details} for degree in domain.degrees()],
        "awards": [{"title": title, "items": items} for title, items in award_groups.items()],
        "publications": publications,
        "talks": [{"date": item.date.display(config.language), "title": talk_title(item, config),
                   "url": (canonical_url(app, item.docname) + "#" + item.anchor)
                   if homepage else ""} for item in talks(env)],
    }


# -- The page -----------------------------------------------------------------

class cv_part(nodes.General, nodes.Element):
    """Placeholder for one part of the CV (``part``: profile, education,
    awards, publications, talks), filled at write time."""


#: part -> its section title (None: no section), in the page's order.
PARTS = {"profile": None, "education": N_("Education"), "awards": N_("Awards"),
         "publications": N_("Publications"), "talks": N_("Talks")}


class CVDirective(SphinxDirective):
    """``:::{cv}``: the whole CV. Its sections are made now, so the page's
    table of contents has them; their content is filled at write time."""

    def run(self) -> list[nodes.Node]:
        note_bib_dependency(self.env)
        domain = self.env.get_domain("homepage")
        domain.note_cv_reader(self.env.docname)  # type: ignore[attr-defined]
        result: list[nodes.Node] = []
        for part, title in PARTS.items():
            placeholder = cv_part(part=part)
            self.set_source_info(placeholder)
            if title is None:
                result.append(placeholder)
                continue
            section = nodes.section(ids=[f"cv-{part}"], names=[f"cv-{part}"],
                                    classes=["cv-section"])
            section += nodes.title(_(title), _(title))
            section += placeholder
            result.append(section)
        return result


def pdf_uri(config, docname: str) -> str:
    """The PDF's address relative to ``docname``'s page (as the paper
    links' ``root_of``)."""
    return root_of(docname) + config.homepage_cv_pdf


class CVPdfRole(SphinxRole):
    """``{cv-pdf}`CV (PDF)```: a link to the CV's PDF, from any page."""

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        if not self.config.homepage_cv_pdf:
            logger.warning("cv-pdf: homepage_cv_pdf is empty, so no PDF is made: set it "
                           '(e.g. "cv.pdf") or remove this link',
                           location=self.get_location(), type="homepage", subtype="cv")
            return [nodes.Text(self.text)], []
        self.env.get_domain("homepage").note_cv_pdf_link(  # type: ignore[attr-defined]
            self.env.docname, self.lineno)
        uri = pdf_uri(self.config, self.env.docname)
        return [nodes.reference(self.text, self.text, refuri=uri,
                                classes=["cv-pdf-link"])], []


def check_cv_pdf_links(app: Sphinx, env) -> None:
    """``env-check-consistency``: a ``{cv-pdf}`` link on a site with no
    ``{cv}`` page points to a PDF that is never made (``write_cv_pdf``)."""
    domain = env.get_domain("homepage")
    if domain.data["cv_readers"] or not env.config.homepage_cv_pdf:
        return
    for docname, lineno in sorted(domain.data["cv_pdf_links"].items()):
        logger.warning(f"cv-pdf: no page has a ':::{{cv}}' directive, so "
                       f"{env.config.homepage_cv_pdf} is never made: add a CV page "
                       "with ':::{cv}' or remove this link",
                       location=(docname, lineno), type="homepage", subtype="cv")


def _paragraph(*children: nodes.Node, classes: list[str] | None = None) -> nodes.paragraph:
    return nodes.paragraph("", "", *children, classes=classes or [])


def _joined(parts: list[list[nodes.Node]], separator: str = " · ") -> list[nodes.Node]:
    joined: list[nodes.Node] = []
    for index, part in enumerate(parts):
        if index:
            joined.append(nodes.Text(separator))
        joined.extend(part)
    return joined


def _reference(url: str, text: str) -> nodes.reference:
    return nodes.reference(text, text, refuri=url)


class FillCV(SphinxPostTransform):
    """Fill the CV's parts from ``cv_data`` and the domain; a part with
    nothing to show is left out with its section."""

    default_priority = FILL_PLACEHOLDERS

    def run(self, **kwargs) -> None:
        placeholders = list(self.document.findall(cv_part))
        if not placeholders:
            return
        data = cv_data(self.app)
        for placeholder in placeholders:
            content = getattr(self, f"_{placeholder['part']}")(data)
            if content:
                placeholder.replace_self(content)
            elif isinstance(placeholder.parent, nodes.section):
                placeholder.parent.parent.remove(placeholder.parent)
            else:
                placeholder.parent.remove(placeholder)

    def _profile(self, data: dict) -> list[nodes.Node]:
        profile = data["profile"]
        # The name, then a line each for the job title and the affiliation.
        result: list[nodes.Node] = [_paragraph(nodes.strong(profile["name"], profile["name"]),
                                               classes=["cv-name"])]
        result += [_paragraph(nodes.Text(line), classes=["cv-title"]) for line in profile["lines"]]
        if profile["email"]:
            result.append(_paragraph(nodes.Text(f"{data['labels']['email']}: {profile['email']}")))
        if profile["links"]:
            result.append(_paragraph(*_joined(
                [[_reference(link["url"], link["text"])] for link in profile["links"]]),
                classes=["cv-links"]))
        if self.config.homepage_cv_pdf:
            text = _("Download this CV as a PDF")
            result.append(_paragraph(nodes.reference(
                text, text, refuri=pdf_uri(self.config, self.env.docname),
                classes=["cv-pdf-link"]), classes=["cv-pdf"]))
        return result

    def _education(self, data: dict) -> list[nodes.Node]:
        domain = self.env.get_domain("homepage")
        degrees = domain.degrees()  # type: ignore[attr-defined]
        if not degrees:
            return []
        listing = nodes.bullet_list(classes=["cv-education"])
        for degree in degrees:
            listing += nodes.list_item("", _paragraph(nodes.Text(degree.text)))
        return [listing]

    def _awards(self, data: dict) -> list[nodes.Node]:
        result: list[nodes.Node] = []
        for index, group in enumerate(data["awards"]):
            section = nodes.section(ids=[f"cv-awards-{index + 1}"], classes=["cv-subsection"])
            section += nodes.title(group["title"], group["title"])
            listing = nodes.bullet_list(classes=["cv-awards"])
            for item in group["items"]:
                listing += nodes.list_item("", _paragraph(nodes.Text(item["text"])))
            section += listing
            result.append(section)
        return result

    def _publications(self, data: dict) -> list[nodes.Node]:
        entries = bib_entries(self.env)
        result: list[nodes.Node] = []
        for group in data["publications"]:
            section = nodes.section(ids=[f"cv-publications-{group['type']}"],
                                    classes=["cv-subsection"])
            section += nodes.title(group["title"], group["title"])
            listing = nodes.bullet_list(classes=["cv-publications"])
            for paper in group["items"]:
                listing += nodes.list_item("", self._paper(entries[paper["key"]], paper))
            section += listing
            result.append(section)
        return result

    def _paper(self, entry: Entry, paper: dict) -> nodes.paragraph:
        shown = formatted(self.env, entry)
        para = _paragraph(classes=["cv-paper"])
        if len(shown.authors):
            para.extend(rich(shown.authors))  # the owner in bold, as everywhere
            para += nodes.Text(". ")
        para += paper_xref(entry.key, paper["title"], self.env.docname)
        para += nodes.Text(". ")
        para += nodes.emphasis("", "", *rich(shown.venue))
        if paper["notes"]:
            para += nodes.Text(f" ({', '.join(paper['notes'])})")
        para += nodes.Text(".")
        return para

    def _talks(self, data: dict) -> list[nodes.Node]:
        listing = nodes.bullet_list(classes=["cv-talks"])
        for item in talks(self.env):
            para = _paragraph()
            para += nodes.Text(f"{item.date.display(self.config.language)}: ")
            xref = addnodes.pending_xref("", refdomain="homepage", reftype="news",
                                         reftarget=item.anchor, refdoc=self.env.docname,
                                         refexplicit=True, refwarn=True)
            title = talk_title(item, self.config)
            xref += nodes.inline(title, title)
            para += xref
            listing += nodes.list_item("", para)
        return [listing] if len(listing) else []


def pages_showing_cv(app: Sphinx, env) -> list[str]:
    """``env-get-updated``: when an award, a degree or a talk changed, the
    CV page(s) and the home page (its schema.org Person lists the awards and
    schools) are written again. (refs.bib: the page depends on it.)"""
    domain = env.get_domain("homepage")
    digest = facts_digest(env)
    previous, domain.data["cv_digest"] = domain.data.get("cv_digest", ""), digest
    if previous == digest:
        return []
    return sorted({*domain.data["cv_readers"], env.config.root_doc} & set(env.found_docs))


# -- The PDF ------------------------------------------------------------------

def render_pdf(data: dict[str, Any], template: bytes = b"") -> bytes:
    """The CV as PDF bytes: Typst's own embedded fonts only (no system font
    can change the output), the data passed as one JSON input."""
    import typst

    compiler = typst.Compiler(template or TEMPLATE.read_bytes(), ignore_system_fonts=True,
                              sys_inputs={"cv": json.dumps(data, ensure_ascii=False)})
    return compiler.compile(format="pdf")


def write_cv_pdf(app: Sphinx, exception: Exception | None) -> None:
    """``build-finished``: the PDF, when the site has a CV page and the
    digest of its data, template and Typst changed since it was written."""
    if exception is not None or app.builder.format != "html" or not app.config.homepage_cv_pdf:
        return
    if not app.env.get_domain("homepage").data["cv_readers"]:
        return
    import typst

    template = TEMPLATE.read_bytes()
    # Of its inputs, not of its data: making the data formats every paper,
    # most of a no-op rebuild. The settings (config_digest: owner, profile,
    # language, catalogs...), refs.bib as checked, and the awards, degrees
    # and talks (facts_digest, kept by pages_showing_cv).
    digest = digest_of(config_digest(app), bibfiles.fingerprint(app.env),
                       app.env.get_domain("homepage").data["cv_digest"], template,
                       typst.__version__)
    path = Path(app.outdir) / app.config.homepage_cv_pdf
    if is_current(app, path, digest):
        return
    try:
        pdf = render_pdf(cv_data(app), template)
    except typst.TypstError as error:
        logger.warning(f"cv: Typst could not make {app.config.homepage_cv_pdf}: "
                       f"{error.message}", type="homepage", subtype="cv")
        return
    write_output(app, path, pdf, digest)


def setup_cv(app: Sphinx) -> None:
    app.add_node(cv_part)
    app.add_directive("cv", CVDirective)
    app.add_role("cv-pdf", CVPdfRole())
    app.add_post_transform(FillCV)
