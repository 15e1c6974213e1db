"""The command line: ``sphinx-scholar`` or ``python -m sphinx_scholar``.

- ``new DIR``: write a complete starter site (``quickstart``), asking for
  what the flags do not give, or with ``--yes`` asking nothing.
- ``check DIR``: check a built site's internal links and files (``sitecheck``).
"""

import argparse
import sys
from pathlib import Path

from . import quickstart, sitecheck
from .version import __version__


def parser() -> argparse.ArgumentParser:
    main = argparse.ArgumentParser(
        prog="sphinx-scholar",
        description="An academic homepage from your .bib and MyST pages, built with Sphinx.")
    main.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = main.add_subparsers(dest="command", required=True, metavar="COMMAND")

    new = commands.add_parser(
        "new", help="write a new site into DIR",
        description="Write a complete starter site into DIR (which must not exist or be empty): "
                    "conf.py, MyST pages, refs.bib, Makefile, pinned requirements, Read the "
                    "Docs and GitHub Pages configuration. Asks for what the options do not "
                    "give, unless --yes.",
        epilog='Example: sphinx-scholar new mysite --name "Ada Lovelace" '
               "--url https://ada.example.org/ --bib papers.bib --yes")
    new.add_argument("directory", type=Path, metavar="DIR")
    new.add_argument("--name", help="your name, as on the home page")
    new.add_argument("--title", help="the site's title (default: your name)")
    new.add_argument("--position", help='e.g. "Assistant Professor"')
    new.add_argument("--affiliation", help='e.g. "MIT EECS"')
    new.add_argument("--url", help="the site's address, e.g. https://ada.example.org/")
    new.add_argument("--email", help="shown on the contact page (optional)")
    new.add_argument("--link", action="append", default=None, metavar="LABEL=URL",
                     help='a profile link, e.g. "Google Scholar=https://scholar.google.com/'
                          'citations?user=..." (repeat for more)')
    new.add_argument("--bib", type=Path, metavar="FILE",
                     help="an existing .bib (al-folio papers.bib, Google Scholar, DBLP, Zotero "
                          "export...), copied to refs.bib; files it names (al-folio's "
                          "assets/pdf) are copied when found beside it")
    new.add_argument("--owner-name", action="append", default=None, metavar="NAME",
                     help="how your name is written in author lists, highlighted there "
                          '(repeat; default: your name and its initials form, "A. Lovelace")')
    new.add_argument("-y", "--yes", action="store_true",
                     help="ask nothing: take the options and the defaults (--name and --url "
                          "are then required)")

    check = commands.add_parser(
        "check", help="check a built site's internal links, anchors, titles and XML files")
    check.add_argument("directory", type=Path, metavar="DIR", help="the built site (_build/html)")
    return main


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    if args.command == "new":
        try:
            spec = quickstart.spec_from_args(args, ask=None if args.yes else quickstart.ask)
            written = quickstart.write_site(args.directory, spec)
        except quickstart.QuickstartError as error:
            print(f"sphinx-scholar new: {error}", file=sys.stderr)
            return 2
        for note in written.notes:
            print(f"Note: {note}")
        print(f"Wrote a new site in {args.directory}. Next:\n"
              f"  cd {args.directory}\n"
              "  make html    # builds _build/html (installs requirements.txt into .venv first)\n"
              "  make test    # builds with warnings as errors and checks every link\n"
              "Then write your biography in docs/index.md and your news in docs/news.md.")
        return 0
    problems = sitecheck.check_site(args.directory)
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        print(f"{len(problems)} problem(s) in {args.directory}", file=sys.stderr)
        return 1
    print(f"{args.directory}: every internal link, anchor, title and XML file is sound")
    return 0
