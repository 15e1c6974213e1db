"""A new site in one command (``sphinx-scholar new DIR``), as
``sphinx-quickstart`` does for Sphinx: the answers (flags or prompts) become
a ``SiteSpec``, which fills the templates of ``quickstart/``.

Every value a person types reaches a file through an escaping made for that
file's language, applied to every ``{{ }}`` of a template by Jinja's
``finalize`` (so a template cannot forget it): a Python literal (``repr``)
in conf.py, backslash-escaped punctuation in MyST (no markup, role or raw
HTML can come through), a JSON string in YAML front matter, a validated and
percent-encoded URL in links. The files without user values (Makefile,
workflows, requirements) are rendered with the package's own values only.
"""

import html
import json
import pprint
import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from urllib.parse import quote, urlsplit

import jinja2

from .papers import LOCAL_FILE_FIELDS
from .version import __version__

TEMPLATES = Path(__file__).parent / "quickstart"

#: (template in ``quickstart/``, file written, kind of text)
FILES = (
    ("conf.py.jinja", "conf.py", "python"),
    ("index.md.jinja", "docs/index.md", "myst"),
    ("publications.md.jinja", "docs/publications.md", "myst"),
    ("news.md.jinja", "docs/news.md", "myst"),
    ("contact.md.jinja", "docs/contact.md", "myst"),
    ("refs.bib.jinja", "refs.bib", "static"),
    ("README.md.jinja", "README.md", "myst"),
    ("Makefile.jinja", "Makefile", "static"),
    ("requirements.txt.jinja", "requirements.txt", "static"),
    ("readthedocs.yaml.jinja", ".readthedocs.yaml", "static"),
    ("gitignore.jinja", ".gitignore", "static"),
    ("pages.yml.jinja", ".github/workflows/pages.yml", "static"),
    ("favicon.svg.jinja", "docs/_static/favicon.svg", "static"),
)

#: al-folio's folders, relative to its repository root, for the files that its
#: papers.bib names: (bib field, folder). They are also the defaults of
#: ``homepage_files_dir`` and ``homepage_preview_dir``, so the copies are found.
ALFOLIO_FILES = tuple((name, "assets/pdf") for name in LOCAL_FILE_FIELDS) + (
    ("preview", "assets/img/publication_preview"),)


class QuickstartError(Exception):
    """A value that cannot make a site; the message says what to give."""


@dataclass(frozen=True)
class SiteSpec:
    """The answers: everything a new site is made of."""

    name: str  #: the owner's name, the home page's heading
    url: str  #: the site's address, ending in "/"
    title: str = ""  #: the site's title (default: the name)
    position: str = ""  #: e.g. "Assistant Professor"
    affiliation: str = ""  #: e.g. "MIT EECS"
    email: str = ""
    links: tuple[tuple[str, str], ...] = ()  #: profile links: (label, URL)
    bib: Path | None = None  #: an existing .bib, copied to refs.bib
    owner_names: tuple[str, ...] = ()  #: how the name is written in author lists
    created: date = field(default_factory=date.today)  #: the example news item's date


@dataclass
class Written:
    """What ``write_site`` did: the files, and what the person should know."""

    files: list[Path] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


# -- Checking the answers ------------------------------------------------------

def one_line(value: str, what: str, required: bool = False) -> str:
    text = " ".join(str(value or "").split())
    if required and not text:
        raise QuickstartError(f"{what} is required")
    return text


def web_url(value: str, what: str = "the site's address") -> str:
    """An absolute http(s) URL with a host and nothing that could end a link."""
    url = str(value or "").strip()
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname or re.search(r"[\s<>\"\\]", url):
        raise QuickstartError(f"{what}: {value!r} is not a web address "
                              "(write it in full, e.g. https://ada.example.org/)")
    return url


def site_url(value: str) -> str:
    url = web_url(value)
    if urlsplit(url).query or urlsplit(url).fragment:
        raise QuickstartError(f"the site's address {value!r} must not have a ?query or #fragment")
    return url.rstrip("/") + "/"


_EMAIL = re.compile(r"[^@\s<>()\[\]\\,;:\"]+@[^@\s<>()\[\]\\,;:\"]+\.[^@\s<>()\[\]\\,;:\"]+")


def email_address(value: str) -> str:
    address = str(value or "").strip()
    if address and not _EMAIL.fullmatch(address):
        raise QuickstartError(f"{value!r} is not an e-mail address")
    return address


def profile_link(value: str) -> tuple[str, str]:
    """``"Google Scholar=https://..."`` -> ``("Google Scholar", "https://...")``."""
    label, sep, url = str(value).partition("=")
    if not sep or not label.strip():
        raise QuickstartError(f"link {value!r}: write it as LABEL=URL, e.g. "
                              "GitHub=https://github.com/ada")
    return one_line(label, "a link's label"), web_url(url, f"link {label.strip()!r}")


def bib_file(value: str | Path | None) -> Path | None:
    if value is None or not str(value).strip():
        return None
    path = Path(str(value).strip()).expanduser()
    if not path.is_file():
        raise QuickstartError(f"--bib {value}: no such file")
    return path


def initials_form(name: str) -> str:
    """"Ada King Lovelace" -> "A. K. Lovelace" (how author lists often abbreviate)."""
    words = name.split()
    if len(words) < 2:
        return name
    return " ".join([f"{word[0]}." for word in words[:-1]] + [words[-1]])


def initials(name: str) -> str:
    """Up to two letters or digits for the favicon ("Ada Lovelace" -> "AL")."""
    letters = [next((c for c in word if c.isalnum()), "") for word in name.split()]
    letters = [c for c in letters if c]
    return "".join(letters[:1] + letters[-1:] if len(letters) > 1 else letters).upper()


def owner_names(name: str, given: list[str] | None) -> tuple[str, ...]:
    names = [one_line(n, "--owner-name") for n in given or []] or [name, initials_form(name)]
    return tuple(dict.fromkeys(n for n in names if n))


# -- Asking ---------------------------------------------------------------------

Ask = Callable[[str, str], str]


def ask(question: str, default: str = "") -> str:
    """One question on the terminal (or piped standard input)."""
    suffix = f" [{default}]" if default else ""
    try:
        answer = input(f"> {question}{suffix}: ").strip()
    except EOFError:
        raise QuickstartError(f"no answer to \"{question}\": give it as an option, "
                              "or use --yes to take the defaults") from None
    return answer or default


def _asked(ask_fn: Ask | None, question: str, given, default: str, check: Callable):
    """The option's value; else the answer (asked again until it is valid);
    else, with --yes, the default."""
    if given is not None:
        return check(given)
    if ask_fn is None:
        return check(default)
    while True:
        answer = ask_fn(question, default)  # no answer (end of input) ends the command
        try:
            return check(answer)
        except QuickstartError as error:
            print(f"  {error}")


def spec_from_args(args, ask: Ask | None) -> SiteSpec:
    """The ``SiteSpec`` of the command line's options, asking (``ask``) for
    the others; ``ask=None`` (``--yes``) asks nothing."""
    name = _asked(ask, "Your name", args.name, "",
                  lambda v: one_line(v, "your name (--name)", required=True))
    title = _asked(ask, "The site's title", args.title, name, lambda v: one_line(v, "title"))
    position = _asked(ask, "Position (e.g. Assistant Professor; empty for none)",
                      args.position, "", lambda v: one_line(v, "position"))
    affiliation = _asked(ask, "Affiliation (e.g. MIT EECS; empty for none)",
                         args.affiliation, "", lambda v: one_line(v, "affiliation"))

    def check_url(value):
        if not str(value).strip():
            raise QuickstartError("the site's address (--url) is required, "
                                  "e.g. https://ada.example.org/")
        return site_url(value)

    url = _asked(ask, "The site's address (e.g. https://ada.github.io/)", args.url, "",
                 check_url)
    email = _asked(ask, "E-mail for the contact page (empty for none)", args.email, "",
                   email_address)
    if args.link is not None:
        links = [profile_link(value) for value in args.link]
    else:
        links = []
        while ask is not None:
            answer = _asked(ask, "A profile link as LABEL=URL (empty when done)", None, "",
                            lambda v: profile_link(v) if str(v).strip() else None)
            if answer is None:
                break
            links.append(answer)
    bib = _asked(ask, "An existing .bib file to start from (empty for none)", args.bib, "",
                 bib_file)
    return SiteSpec(name=name, title=title or name, position=position, affiliation=affiliation,
                    url=url, email=email, links=tuple(links), bib=bib,
                    owner_names=owner_names(name, args.owner_name))


# -- Escaping, per kind of file ------------------------------------------------------

class Raw(str):
    """Text already made safe for the file it goes into (by a filter below)."""


_MD_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")


def md_text(value) -> Raw:
    """Text as MyST shows it, never as markup: every ASCII punctuation
    character backslash-escaped (CommonMark allows it for each one), so no
    emphasis, link, role, directive or raw HTML can start; one line."""
    return Raw(_MD_PUNCTUATION.sub(r"\\\1", " ".join(str(value).split())))


def md_url(value: str) -> Raw:
    """A link destination, ``<...>``: a checked web or mailto URL, with every
    character that could end it percent-encoded."""
    return Raw("<" + quote(str(value), safe="/:?#[]@!$&'()*+,;=%~-._") + ">")


def md_date(value: str) -> Raw:
    """An ISO date (YYYY-MM-DD) as a directive's argument."""
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(value)):
        raise ValueError(f"not an ISO date: {value!r}")
    return Raw(value)


def yaml_string(value) -> Raw:
    """A double-quoted YAML scalar (JSON's string syntax, ASCII only)."""
    return Raw(json.dumps(" ".join(str(value).split()), ensure_ascii=True))


def _finalize_myst(value):
    return value if isinstance(value, Raw) else md_text(value)


def _finalize_python(value):
    if isinstance(value, (str, int, list, tuple, dict, bool)) or value is None:
        return pprint.pformat(value, width=88, sort_dicts=False)
    raise TypeError(f"no Python literal for {type(value).__name__}")


def _finalize_static(value):
    if not isinstance(value, Raw):
        raise TypeError(f"a user value in a file without escaping: {value!r}")
    return value


FINALIZE = {"python": _finalize_python, "myst": _finalize_myst, "static": _finalize_static}


def environment(kind: str) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES), undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True, autoescape=False, finalize=FINALIZE[kind])
    env.filters.update(md_url=md_url, md_date=md_date, yaml=yaml_string)
    return env


def context(spec: SiteSpec, bib_facts: "BibFacts") -> dict:
    heading = ", ".join(part for part in (spec.position, spec.affiliation) if part)
    description = f"{spec.name}'s homepage" + (f": {heading}." if heading else ".")
    person = {}
    if spec.position:
        person["jobTitle"] = spec.position
    if spec.affiliation:
        person["affiliation"] = {"@type": "Organization", "name": spec.affiliation}
    if spec.links:
        person["sameAs"] = [url for _, url in spec.links]
    return {
        "spec": spec, "title_html": html.escape(spec.title), "heading": heading, "description": description, "person": person,
        "owner_names": list(spec.owner_names), "links": list(spec.links),
        "has_selected": bib_facts.has_selected, "created": spec.created.isoformat(),
        # the package's own values, for the files without escaping
        "version": Raw(__version__),
        "initials": Raw(initials(spec.name)),
    }


# -- The bib and the files it names ----------------------------------------------------

@dataclass
class BibFacts:
    has_selected: bool = False  #: an entry has selected = {true}: the home page lists them
    files: list[tuple[str, str]] = field(default_factory=list)  #: (folder, file name) it names


def read_bib(path: Path | None) -> BibFacts:
    """What the starter pages need from the bib. A file pybtex cannot read is
    still copied: the build reports its problems with their lines."""
    facts = BibFacts()
    if path is None:
        return facts
    from pybtex.database import parse_file
    from pybtex.scanner import PybtexError
    try:
        data = parse_file(str(path), bib_format="bibtex")
    except (PybtexError, UnicodeDecodeError, ValueError):
        return facts
    for entry in data.entries.values():
        fields = {name.lower(): value.strip() for name, value in entry.fields.items()}
        if fields.get("selected", "").lower() in ("true", "yes", "1"):
            facts.has_selected = True
        for name, folder in ALFOLIO_FILES:
            value = fields.get(name, "")
            if value and not urlsplit(value).scheme and "/" not in value and value not in (".", ".."):
                facts.files.append((folder, value))
    return facts


def copy_named_files(bib: Path, site: Path, facts: BibFacts, written: Written) -> None:
    """Copy the files an al-folio papers.bib names from its repository's
    folders (the bib sits in ``_bibliography/`` or at the root)."""
    missing = []
    for folder, name in dict.fromkeys(facts.files):
        found = next((base / folder / name for base in (bib.parent, bib.parent.parent)
                      if (base / folder / name).is_file()), None)
        if found is None:
            if folder == "assets/pdf":
                missing.append(f"{folder}/{name}")
            continue  # a missing preview image is only not shown
        target = site / folder / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(found, target)
        written.files.append(target)
    if missing:
        written.notes.append(
            "refs.bib names files that were not found beside it; put them there before "
            "building (or give their fields a URL): " + ", ".join(missing))


# -- Writing -----------------------------------------------------------------------------

def write_site(directory: Path, spec: SiteSpec) -> Written:
    directory = Path(directory)
    if directory.exists() and (not directory.is_dir() or any(directory.iterdir())):
        raise QuickstartError(f"{directory} exists and is not empty: choose a new folder")
    facts = read_bib(spec.bib)
    values = context(spec, facts)
    written = Written()
    environments = {kind: environment(kind) for kind in FINALIZE}
    for template, target, kind in FILES:
        if target == "refs.bib" and spec.bib is not None:
            continue
        path = directory / target
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(environments[kind].get_template(template).render(values),
                        encoding="utf-8")
        written.files.append(path)
    if spec.bib is not None:
        shutil.copyfile(spec.bib, directory / "refs.bib")
        written.files.append(directory / "refs.bib")
        copy_named_files(spec.bib, directory, facts, written)
    return written
