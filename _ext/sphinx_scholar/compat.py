"""Every use of a private or undocumented API of Sphinx, pybtex or another
extension, in one place. Each shim here has a test in ``tests/test_compat.py``
that fails loudly (a missing attribute, another signature) when the pinned
upstream changes, so an upgrade breaks there and not on a page.

Not here (each says so where it is): ``nodes.render_fragments``
(``sphinx.builders.html._*_TRANSFORMS``, ``builder._settings``, for the feed)
and ``incremental.drop_stale_search_terms`` (the search indexer's word maps).
"""

from __future__ import annotations

import os
import queue
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pybtex.database.input.bibtex import LowLevelParser, Parser
from pybtex.style.template import Node as TemplateNode
from sphinxcontrib.bibtex.bibfile import BibData, BibFile, get_mtime
from sphinxcontrib.bibtex.citation_target import parse_citation_targets
from sphinxcontrib.bibtex.domain import BibtexDomain
from sphinxcontrib.bibtex.style.referencing import format_references
from sphinxcontrib.bibtex.style.template import SphinxReferenceInfo

if TYPE_CHECKING:
    from pybtex.database import BibliographyData, Entry
    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.environment import BuildEnvironment

__all__ = ["BibtexDomain", "SphinxReferenceInfo", "format_references",
           "parse_citation_targets"]


# -- Sphinx -------------------------------------------------------------------

def config_and_tags_hashes(app: Sphinx) -> tuple[str, str]:
    """The hashes of the configuration (values that rebuild pages or the
    environment) and of the tags, as Sphinx keeps them in ``.buildinfo`` to
    decide whether every page must be written again (private:
    ``sphinx.builders.html._build_info.BuildInfo``)."""
    from sphinx.builders.html._build_info import BuildInfo

    info = BuildInfo(app.config, app.builder.tags, frozenset({"html", "env"}))
    return info.config_hash, info.tags_hash


def add_template_folder(builder: Builder, folder: Path) -> bool:
    """Put ``folder`` among the builder's template folders: after the
    project's own (``templates_path``, which still override ours), before the
    theme's. Sphinx's public way, ``templates_path``, is part of the
    configuration hash in ``.buildinfo``, so the path of an installed package
    there made the output depend on where the package is installed. Hence the
    loader, once the builder made it (private: ``BuiltinTemplateLoader``'s
    ``loaders``, ``pathchain`` and ``templatepathlen``, the count of the
    project's folders that a ``{% extends "!page.html" %}`` skips). False for
    a builder without templates."""
    from sphinx.jinja2glue import BuiltinTemplateLoader, SphinxFileSystemLoader

    loader = getattr(builder, "templates", None)
    if not isinstance(loader, BuiltinTemplateLoader):
        return False
    position = loader.templatepathlen
    loader.loaders.insert(position, SphinxFileSystemLoader(folder))
    loader.pathchain.insert(position, folder)  # its templates' mtimes count too
    loader.templatepathlen += 1
    return True


def config_sets(config, name: str) -> bool:
    """Whether conf.py (or ``-D``) sets ``name``, rather than leaving its
    default: Sphinx keeps what conf.py set in the private ``_raw_config``."""
    return name in config.overrides or name in config._raw_config


def app_of(env: BuildEnvironment) -> Sphinx:
    """The application of an environment. Post-transforms and directives get
    only ``env``; Sphinx 9 deprecated ``env.app`` (removal in 11) and gives
    no public way to the builder, so its private ``_app`` it is."""
    return env._app


def builder_of(env: BuildEnvironment) -> Builder:
    return app_of(env).builder


def template_environment(builder: Builder):
    """The Jinja environment the builder renders its templates (and ``*_t``
    static files) with, or None for a builder without templates. Sphinx
    documents ``builder.templates`` (its ``TemplateBridge``) but not the
    ``environment`` of its ``BuiltinTemplateLoader``; extensions add their
    template globals and filters there."""
    return getattr(getattr(builder, "templates", None), "environment", None)


def source_encoding(env: BuildEnvironment) -> str:
    """The encoding Sphinx reads sources with (``source_encoding``, kept in
    the docutils settings of the environment)."""
    return env.settings["input_encoding"]


def read_sources_with(env: BuildEnvironment, encoding: str) -> None:
    """Make Sphinx read the documents of this build with ``encoding``: the
    docutils settings every document is read with (not a config value, so
    the environment does not count it as a configuration change)."""
    env.settings["input_encoding"] = encoding


def write_in_parallel_with(builder: Builder, order: Callable[[list[str]], list[str]],
                           niceness: int,
                           worth_forking: Callable[[Sequence[str]], bool]) -> None:
    """With ``-j``, this builder's documents written by as many processes as
    Sphinx reads with (not one fewer), resolved in the main process in
    ``order``, each writing process ``niceness`` below the main process;
    documents not ``worth_forking`` are written as without ``-j``.

    Private: ``Builder._write_parallel(docnames, nproc)``, which
    ``Builder.write_documents`` calls with the names sorted and ``nproc =
    parallel - 1``, the main process resolving each chunk of documents while
    the writing processes write the chunks it handed over; and
    ``Builder._write_serial(docnames)``, what it calls without ``-j``.
    Replaced on this builder object only, not on its class. ``builder.write_doc``
    runs in the writing process (the main one writes only the first document,
    to warm up its caches), so the niceness is set there, once per process."""
    write_parallel = builder._write_parallel
    write_doc = builder.write_doc
    main = os.getpid()
    niced: set[int] = set()

    def _write_parallel(docnames: Sequence[str], nproc: int) -> None:
        if not worth_forking(docnames):
            builder._write_serial(docnames)
            return
        write_parallel(order(list(docnames)), nproc=nproc + 1)

    def _write_doc(docname: str, doctree) -> None:
        here = os.getpid()
        if here != main and here not in niced:
            niced.add(here)
            os.nice(niceness)
        write_doc(docname, doctree)

    builder._write_parallel = _write_parallel  # type: ignore[method-assign]
    builder.write_doc = _write_doc  # type: ignore[method-assign]


def read_in_parallel_with(builder: Builder,
                          chunking: Callable[[list[str], int], list[list[str]]],
                          worth_forking: Callable[[Sequence[str]], bool]) -> None:
    """With ``-j``, this builder's documents read in the chunks that
    ``chunking(docnames, nproc)`` makes, not in those of Sphinx's
    ``make_chunks``; documents not ``worth_forking`` are read as without
    ``-j`` (``Builder._read_serial``, private too).

    Private: ``Builder._read_parallel(docnames, nproc)``, whose chunking is a
    module function it calls inside, with no setting. So this is Sphinx 9's
    own method, line for line, but for that call, on this builder object
    only; ``tests/test_compat.py`` compares Sphinx's source with this copy
    and fails when they differ in more than that call. Also private there:
    ``read_doc``'s ``_cache``, ``builder._app`` and ``env._app``."""
    import pickle

    from sphinx.locale import __
    from sphinx.util import logging
    from sphinx.util.display import status_iterator
    from sphinx.util.parallel import ParallelTasks

    logger = logging.getLogger("sphinx.builders")

    def _read_parallel(docnames: list[str], nproc: int) -> None:
        chunks = chunking(docnames, nproc)

        # create a status_iterator to step progressbar after reading a document
        # (see: ``merge()`` function)
        progress = status_iterator(
            chunks,
            __('reading sources... '),
            'purple',
            len(chunks),
            builder.config.verbosity,
        )

        # clear all outdated docs at once
        for docname in docnames:
            builder.events.emit('env-purge-doc', builder.env, docname)
            builder.env.clear_doc(docname)

        def read_process(docs: list[str]) -> bytes:
            builder.env._app = builder._app
            for docname in docs:
                builder.read_doc(docname, _cache=False)
            # allow pickling self to send it back
            return pickle.dumps(builder.env, pickle.HIGHEST_PROTOCOL)

        def merge(docs: list[str], otherenv: bytes) -> None:
            env = pickle.loads(otherenv)
            builder.env.merge_info_from(docs, env, builder._app)

            next(progress)

        tasks = ParallelTasks(nproc)
        for chunk in chunks:
            tasks.add_task(read_process, chunk, merge)

        # make sure all threads have finished
        tasks.join()
        logger.info('')

    def _read_parallel_or_serial(docnames: list[str], nproc: int) -> None:
        if worth_forking(docnames):
            _read_parallel(docnames, nproc)
        else:
            builder._read_serial(docnames)

    builder._read_parallel = _read_parallel_or_serial  # type: ignore[method-assign]


# -- sphinxcontrib-bibtex -----------------------------------------------------
# It parses the bib files itself at builder-inited (priority 500) and keeps
# them in its ``cite`` domain's data while their mtimes are unchanged; we
# hand it our checked data in its own format, so it keeps ours.

def cite_bibdata(env: BuildEnvironment) -> BibData | None:
    """sphinxcontrib-bibtex's parsed bib files, if it has them yet."""
    return env.get_domain("cite").data.get("bibdata")


def cite_entries(env: BuildEnvironment) -> Mapping[str, Entry]:
    return env.get_domain("cite").bibdata.data.entries


def cite_bib_paths(env: BuildEnvironment) -> Iterable[Path]:
    """The bib files' absolute paths."""
    return env.get_domain("cite").bibdata.bibfiles


def make_bibdata(encoding: str, keys_by_path: Mapping[Path, Iterable[str]],
                 data: BibliographyData) -> BibData:
    """sphinxcontrib-bibtex's record of parsed bib files: with the files'
    current mtimes, so it takes the data as up to date."""
    return BibData(encoding=encoding, data=data,
                   bibfiles={path: BibFile(mtime=get_mtime(path), keys=dict.fromkeys(keys))
                             for path, keys in keys_by_path.items()})


def store_cite_bibdata(env: BuildEnvironment, bibdata: BibData) -> None:
    env.get_domain("cite").data["bibdata"] = bibdata


# -- pybtex -------------------------------------------------------------------

def register_pybtex_plugin(group: str, name: str, klass: type) -> None:
    """``klass`` as pybtex's plugin ``name`` of ``group``, where pybtex looks
    first (its runtime registry). pybtex's own ``register_plugin`` scans every
    installed distribution's entry points on each call, even with
    ``force=True``: six calls were a tenth of a no-op rebuild."""
    from pybtex import plugin

    if group.split(".aliases")[0].split(".suffixes")[0] not in plugin._DEFAULT_PLUGINS:
        raise plugin.PluginGroupNotFound(group)
    plugin._RUNTIME_PLUGINS.setdefault(group, {})[name] = klass


def clone_template(template: TemplateNode, function=None) -> TemplateNode:
    """A copy of a pybtex template node (pybtex's own ``_clone``), formatting
    with ``function`` instead of its own if given; its ``children`` may then
    be replaced."""
    copy = template._clone()
    if function is not None:
        copy.f = function
    return copy


def template_function(template: TemplateNode):
    """The formatting function behind a ``@node`` (its ``f``)."""
    return template.f


class LineScanner(LowLevelParser):
    """pybtex's scanner, noting the line of each command's ``@``: wherever
    the key is (the next line, after a parenthesis), whatever the line ends."""

    command_line = 0

    def parse_command(self):
        self.command_line = self.lineno  # the scanner has just read the "@"
        return super().parse_command()


class ScanningParser(Parser):
    """pybtex's ``Parser.parse_string``, keeping the scanner it makes, so a
    subclass knows the line of the entry being processed (``command_line``)
    and the key being read when an error is found (``current_key``)."""

    _scanner: LineScanner | None = None

    def parse_string(self, text: str):
        self.unnamed_entry_counter = 1
        self.command_start = 0
        self._scanner = LineScanner(text, keyless_entries=self.keyless_entries,
                                    handle_error=self.handle_error,
                                    want_entry=self.data.want_entry, filename=self.filename,
                                    macros=self.macros)
        for command in self._scanner:
            kind = command[0].lower()
            if kind == "preamble":
                self.process_preamble(*command[1])
            elif kind != "string":
                self.process_entry(command[0], *command[1])
        return self.data

    @property
    def command_line(self) -> int:
        return self._scanner.command_line

    @property
    def current_key(self) -> str | None:
        return self._scanner.current_entry_key


# -- sphinx-sitemap, sphinxext-opengraph, sphinx-notfound-page ----------------

def sitemap_links(app: Sphinx) -> list[tuple[str, str | None]] | None:
    """Take every (link, last updated) out of the queue sphinx-sitemap
    collects written pages in (``app.sitemap_links``, set at builder-inited
    and read by its ``create_sitemap`` at build-finished); None without it."""
    links = getattr(app, "sitemap_links", None)
    if links is None:
        return None
    taken = []
    while True:
        try:
            taken.append(links.get_nowait())
        except queue.Empty:
            return taken


def put_sitemap_links(app: Sphinx, links: Iterable[tuple[str, str | None]]) -> None:
    for link in links:
        app.sitemap_links.put(link)


def sitemap_excluded(link: str, config) -> bool:
    from sphinx_sitemap import is_excluded

    return is_excluded(link, config.sitemap_excludes)


def opengraph_tags(app: Sphinx, context: dict[str, Any], doctree) -> str:
    """sphinxext-opengraph's tags of a page (its ``get_tags``)."""
    from sphinxext.opengraph import get_tags

    return get_tags(context, doctree, srcdir=app.srcdir, outdir=app.outdir,
                    config=app.config, builder=app.builder, env=app.env)


def notfound_pagename(config) -> str | None:
    """The 404 page's document name, if sphinx-notfound-page is loaded."""
    return config.notfound_pagename if "notfound_pagename" in config else None
