"""The projects the benchmark builds, each in a scratch directory: a copy of
the real site, the floor, and the plain-sphinxcontrib-bibtex baseline. The
repository's files are never edited: only these copies are."""

import ast
import re
import shutil
from pathlib import Path

from generate import ROOT, bib_text, link_extension, make_entries

FLOOR_INDEX = "# Floor\n\nA one-page project with the site's theme and extensions.\n"


def copy_real_site(site: Path) -> Path:
    """conf.py, refs.bib and docs/ copied (the extension is the installed package)."""
    site.mkdir(parents=True)
    link_extension(site)
    shutil.copy(ROOT / "refs.bib", site / "refs.bib")
    shutil.copytree(ROOT / "docs", site / "docs", dirs_exist_ok=True)
    return site


def make_floor(site: Path) -> Path:
    """Same conf.py (theme, extensions, settings), a one-entry refs.bib, one
    page and no content."""
    import random
    site.mkdir(parents=True)
    link_extension(site)
    entries = make_entries(1, random.Random(1))
    del entries[0]["fields"]["keywords"]  # no page declares research areas
    (site / "refs.bib").write_text(bib_text(entries), encoding="utf-8")
    (site / "docs").mkdir(exist_ok=True)
    (site / "docs" / "index.md").write_text(FLOOR_INDEX, encoding="utf-8")
    return site


PLAIN_CONF = '''\
# Plain sphinxcontrib-bibtex: the site's theme, parser and other extensions,
# without the homepage extension, so that the comparison measures ours alone.
project = "Plain bibliography"
extensions = {extensions!r}
bibtex_bibfiles = ["refs.bib"]
html_theme = "furo"
html_baseurl = "https://example.org/"
html_copy_source = False
'''


def site_extensions() -> list[str]:
    """The ``extensions`` of the repository's conf.py."""
    tree = ast.parse((ROOT / "conf.py").read_text(encoding="utf-8"))
    return next(ast.literal_eval(node.value) for node in tree.body
                if isinstance(node, ast.Assign)
                and any(getattr(target, "id", None) == "extensions" for target in node.targets))


PLAIN_INDEX = "# Publications\n\n```{bibliography}\n:all:\n```\n"
OURS_INDEX = "# Publications\n\n:::{publications}\n:::\n"

#: Appended to a copy of conf.py: drop the per-paper pages, to separate the
#: cost of the list from the cost of the pages (bench only, _ext untouched).
NO_PAPER_PAGES = '''

def setup(app):
    from sphinx_scholar.paperpages import write_stubs

    def drop_paper_pages(app, config):
        listeners = app.events.listeners["builder-inited"]
        listeners[:] = [l for l in listeners if l.handler is not write_stubs]

    app.connect("config-inited", drop_paper_pages)
'''


def make_plain_bibtex(site: Path, bib: Path) -> Path:
    site.mkdir(parents=True)
    extensions = [name for name in site_extensions() if name != "sphinx_scholar"]
    (site / "conf.py").write_text(PLAIN_CONF.format(extensions=extensions), encoding="utf-8")
    shutil.copy(bib, site / "refs.bib")
    (site / "docs").mkdir()
    (site / "docs" / "index.md").write_text(PLAIN_INDEX, encoding="utf-8")
    return site


def make_ours_publications(site: Path, bib: Path, paper_pages: bool) -> Path:
    site.mkdir(parents=True)
    link_extension(site)
    if not paper_pages:
        with open(site / "conf.py", "a", encoding="utf-8") as conf:
            conf.write(NO_PAPER_PAGES)
    shutil.copy(bib, site / "refs.bib")
    (site / "docs").mkdir(exist_ok=True)
    (site / "docs" / "index.md").write_text(OURS_INDEX, encoding="utf-8")
    return site


# -- Edits for the incremental rebuilds -------------------------------------

def edit_news(site: Path, original: str, run: int) -> None:
    """Change the text of the first ``{news}`` item (a new text each run)."""
    lines = original.splitlines(keepends=True)
    start = next(i for i, line in enumerate(lines) if line.startswith(":::{news}"))
    body = next(i for i in range(start + 1, len(lines)) if not lines[i].startswith(":"))
    lines[body] = lines[body].rstrip("\n") + f" Edited {run}.\n"
    (site / "docs" / "news.md").write_text("".join(lines), encoding="utf-8")


def edit_bib_entry(site: Path, original: str, run: int) -> None:
    """Change the title of the first refs.bib entry (a new title each run)."""
    edited, count = re.subn(r"(\n\s*title\s*=\s*\{)([^\n]*)\},",
                            lambda m: f"{m[1]}{m[2]} (rev. {run})}},", original, count=1)
    assert count == 1, "no title field found in refs.bib"
    (site / "refs.bib").write_text(edited, encoding="utf-8")
