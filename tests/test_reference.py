"""REFERENCE.md documents everything the extension understands: each
directive (with its options), role, configuration value and bib field it
registers or reads, each with an example. What is registered is recorded as
``sphinx_scholar``'s ``setup()`` registers it, through Sphinx's public API;
the bib fields are those of the modules' field tables and every field name
the code reads from an entry."""

import re
import subprocess
import sys

import pytest
from sphinx.testing.util import SphinxTestApp

from conftest import ROOT, sphinx_build
from sphinx_scholar import export, fieldtext, metadata, paperlink, papers

REFERENCE = (ROOT / "REFERENCE.md").read_text(encoding="utf-8")
PACKAGE = ROOT / "_ext" / "sphinx_scholar"


def sections(level: str) -> dict[str, str]:
    """Heading text -> the text up to the next heading of that level or
    above (lines inside code examples are not headings)."""
    found: dict[str, list[str]] = {}
    current, in_code = None, False
    for line in REFERENCE.splitlines():
        if line.startswith("```"):
            in_code = not in_code
        heading = re.match(r"(#+) (.*)", line) if not in_code else None
        if heading and len(heading.group(1)) <= len(level):
            current = heading.group(2).strip() if len(heading.group(1)) == len(level) else None
            if current is not None:
                found[current] = []
        elif current is not None:
            found[current].append(line)
    return {heading: "\n".join(lines) for heading, lines in found.items()}


CHAPTERS = sections("##")
ENTRIES = sections("###")


@pytest.fixture(scope="module")
def registered(tmp_path_factory):
    """What sphinx_scholar's setup() registers: its directives, roles, domain
    and configuration values (the extensions it builds on loaded before, so
    only its own calls are recorded)."""
    srcdir = tmp_path_factory.mktemp("reference")
    (srcdir / "conf.py").write_text('extensions = ["myst_parser", "sphinxcontrib.bibtex"]\n'
                                    'bibtex_bibfiles = ["refs.bib"]\n')
    (srcdir / "refs.bib").write_text("")
    (srcdir / "index.md").write_text("# Index\n")
    app = SphinxTestApp("html", srcdir=srcdir)
    found = {"directives": {}, "roles": {}, "config": [], "domains": []}
    originals = {name: getattr(app, name) for name in
                 ("add_directive", "add_role", "add_config_value", "add_domain")}

    def add_directive(name, cls, *args, **kwargs):
        found["directives"][name] = cls
        return originals["add_directive"](name, cls, *args, **kwargs)

    def add_role(name, role, *args, **kwargs):
        found["roles"][name] = role
        return originals["add_role"](name, role, *args, **kwargs)

    def add_config_value(name, *args, **kwargs):
        found["config"].append(name)
        return originals["add_config_value"](name, *args, **kwargs)

    def add_domain(domain, *args, **kwargs):
        found["domains"].append(domain)
        return originals["add_domain"](domain, *args, **kwargs)

    app.add_directive, app.add_role = add_directive, add_role
    app.add_config_value, app.add_domain = add_config_value, add_domain
    try:
        app.setup_extension("sphinx_scholar")
    finally:
        app.cleanup()
    return found


def has_example(text: str) -> bool:
    return "```" in text


def test_the_recording_sees_the_registrations(registered):
    """The recording works: the well-known names are there."""
    assert {"news", "publications"} <= set(registered["directives"])
    assert "paper-links" in registered["roles"]
    assert "homepage_owner_names" in registered["config"]
    assert "homepage" in {domain.name for domain in registered["domains"]}


def test_every_directive_and_its_options(registered):
    for name, cls in registered["directives"].items():
        text = ENTRIES.get(f"`{{{name}}}`")
        assert text is not None, f"directive {name} is not in REFERENCE.md (### `{{{name}}}`)"
        assert has_example(text), f"directive {name}: no example"
        assert f":::{{{name}}}" in text, f"directive {name}: the example does not use it"
        for option in (getattr(cls, "option_spec", None) or {}):
            assert f"`:{option}:`" in text, f"directive {name}: option :{option}: undocumented"


def test_every_role(registered):
    roles = set(registered["roles"])
    for domain in registered["domains"]:
        if domain.name == "homepage":
            roles |= {f"homepage:{role}" for role in domain.roles}
        elif domain.name == "cite":  # sphinxcontrib-bibtex's roles, resolved by ours
            roles |= {"cite:p", "cite:t"}
    assert roles >= {"paper-links", "homepage:paper", "cite:p"}
    for role in roles:
        text = next((t for heading, t in ENTRIES.items() if f"`{{{role}}}`" in heading), None)
        assert text is not None, f"role {role} is not in REFERENCE.md"
        assert has_example(text) and f"{{{role}}}`" in text, f"role {role}: no example using it"


def test_every_configuration_value(registered):
    assert len(registered["config"]) >= 10
    for name in registered["config"]:
        text = ENTRIES.get(f"`{name}`")
        assert text is not None, f"configuration value {name} is not in REFERENCE.md"
        assert has_example(text) and f"{name} = " in text, f"{name}: no example setting it"
        assert "Default" in text, f"{name}: its default is not given"


#: How the code reads a field of an entry.
FIELD_READS = [r'fields\.get\("(\w+)"', r'fields\["(\w+)"\]', r'"(\w+)" in (?:entry\.)?fields\b',
               r'is_true\(entry, "(\w+)"\)', r'field_(?:text|rich)\(entry, "(\w+)"\)',
               r'\(\("(\w+)", "\w+"\), \("(\w+)", "\w+"\)\)']


def fields_read_by_the_code() -> set[str]:
    found = set()
    for module in PACKAGE.glob("*.py"):
        source = module.read_text(encoding="utf-8")
        for pattern in FIELD_READS:
            for match in re.finditer(pattern, source):
                found |= {group for group in match.groups() if group}
    return found


def test_every_bib_field():
    fields = (set(papers.SHOWN_FIELDS) | set(papers.LINK_FIELDS) | set(papers.LOCAL_FILE_FIELDS)
              | set(export.BIBTEX_FIELDS) | set(fieldtext.HTML_FIELDS)
              | set(metadata.SAME_AS_FIELDS) | set(paperlink.PAPER_FIELDS)
              | fields_read_by_the_code())
    assert {"title", "year", "selected", "bibtex_show", "preview", "journaltitle"} <= fields
    table = CHAPTERS["BibTeX fields"]
    rows = dict(re.findall(r"^\| `(\w+)` \|[^|]+\| (.+) \|$", table, flags=re.M))
    missing = sorted(fields - set(rows))
    assert not missing, f"bib fields missing from REFERENCE.md: {missing}"
    for field, example in rows.items():
        assert example.startswith(f"`{field} = "), f"{field}: no example"


#: The papers the examples cite.
EXAMPLE_BIB = """
@inproceedings{cai2020once,
  title = {Once-for-All: Train One Network and Specialize it for Efficient Deployment},
  author = {Cai, Han and Gan, Chuang and Han, Song},
  booktitle = {International Conference on Learning Representations}, year = {2020},
  keywords = {compression}, url = {https://arxiv.org/abs/1908.09791},
  code = {https://github.com/mit-han-lab/once-for-all}, website = {https://ofa.mit.edu/},
  selected = {true}
}
@inproceedings{han2016deep,
  title = {Deep Compression}, author = {Han, Song and Mao, Huizi and Dally, William J.},
  booktitle = {International Conference on Learning Representations}, year = {2016},
  keywords = {compression}, url = {https://arxiv.org/abs/1510.00149}
}
"""


def test_the_examples_build_without_warnings(tmp_path):
    """Every Python example in one conf.py, every MyST example on one page:
    the build passes with warnings as errors, nitpicky."""
    blocks = re.findall(r"```(\w+)\n(.*?)```", REFERENCE, flags=re.S)
    python = [text for kind, text in blocks if kind == "python"]
    myst = [text for kind, text in blocks if kind == "md"]
    assert len(python) > 10 and len(myst) > 10
    (tmp_path / "conf.py").write_text(
        'project = author = "Ada Lovelace"\nhtml_baseurl = "https://example.org/"\n'
        'html_theme = "furo"\n' + "\n".join(python))
    (tmp_path / "refs.bib").write_text(EXAMPLE_BIB)
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "index.md").write_text("# Examples\n\n" + "\n".join(myst)
                                   + "\n```{toctree}\n:hidden:\npublications\ncontact\n```\n")
    (docs / "publications.md").write_text("# Publications\n")
    (docs / "contact.md").write_text("# Contact\n")
    result = sphinx_build(tmp_path / "html", "-d", str(tmp_path / "doctrees"), srcdir=docs,
                          confdir=tmp_path)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr
    page = (tmp_path / "html" / "index.html").read_text()
    for shown in ('class="news-item"', 'class="selected-publications', 'class="publication-chart"',
                  'class="paper-links"', "Deep Compression"):
        assert shown in page, shown


def command_help(*args: str) -> str:
    return subprocess.run([sys.executable, "-m", "sphinx_scholar", *args, "--help"],
                          capture_output=True, text=True, check=True).stdout


def test_command_line_options():
    commands = re.findall(r"^    (\w[\w-]*) ", command_help(), flags=re.M)
    assert {"new", "check"} <= set(commands)
    for command in commands:
        text = ENTRIES.get(f"`sphinx-scholar {command}`")
        assert text is not None, f"sphinx-scholar {command} is not in REFERENCE.md"
        assert has_example(text) and f"sphinx-scholar {command} " in text
        options = set(re.findall(r"(?<![\w-])(--[a-z][\w-]*)", command_help(command)))
        for option in options - {"--help"}:
            assert f"`{option}`" in text, f"sphinx-scholar {command} {option} undocumented"


def test_readme_starts_with_how_to_start_a_site():
    first_lines = "\n".join((ROOT / "README.md").read_text().splitlines()[:25])
    assert "pip install sphinx-scholar" in first_lines
    assert "sphinx-scholar new" in first_lines
