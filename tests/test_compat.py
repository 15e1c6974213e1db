"""Each shim of ``sphinx_scholar.compat`` against the pinned upstreams: these fail
loudly, here, when an upgrade moves or changes what a shim relies on."""

import inspect
import queue
import textwrap
from pathlib import Path
from types import SimpleNamespace

import pytest
from pybtex.database import BibliographyData
from pybtex.style.template import field, join

from sphinx_scholar import compat


def parameters(function) -> list[str]:
    return list(inspect.signature(function).parameters)


# -- Sphinx -------------------------------------------------------------------

@pytest.mark.sphinx("html", testroot="news")
def test_env_app_and_settings(app):
    """env._app (env.app is deprecated in Sphinx 9) and the docutils input
    encoding in env.settings."""
    assert compat.app_of(app.env) is app
    assert compat.builder_of(app.env) is app.builder
    assert compat.source_encoding(app.env) == app.config.source_encoding
    compat.read_sources_with(app.env, "utf-8")
    assert app.env.settings["input_encoding"] == "utf-8"


@pytest.mark.sphinx("html", testroot="news")
def test_template_environment(app):
    """builder.templates.environment: our template helpers are there, and
    Sphinx renders *_t static files with it."""
    environment = compat.template_environment(app.builder)
    assert environment is app.builder.templates.environment
    assert environment.from_string('{{ scholar_gettext("Cite") }} {{ "{n} x" | '
                                   'js_template(n="a") }}').render() == "Cite `${a} x`"
    assert "renderer=self.templates" in inspect.getsource(
        type(app.builder).copy_html_static_files)
    assert compat.template_environment(object()) is None


@pytest.mark.sphinx("html", testroot="news", confoverrides={"html_theme": "furo"})
def test_template_folder_joins_the_builders_loader(app, tmp_path):
    """Ours after the project's templates_path, before the theme's; "!name"
    still starts at the theme; the configuration (and its .buildinfo hash)
    does not name it."""
    from sphinx.jinja2glue import BuiltinTemplateLoader

    loader = app.builder.templates
    assert isinstance(loader, BuiltinTemplateLoader)
    ours = Path(compat.__file__).parent / "theme-tweaks" / "furo" / "templates"
    assert not any(str(ours) in str(path) for path in app.config.templates_path)
    position = len(app.config.templates_path)
    assert loader.templatepathlen == position + 1
    assert Path(loader.pathchain[position]) == ours
    assert Path(loader.loaders[position].searchpath[0]) == ours
    source, filename, _ = loader.get_source(loader.environment, "page.html")
    assert Path(filename).parent == ours
    _, theme_page, _ = loader.get_source(loader.environment, "!page.html")
    assert Path(theme_page).parent != ours
    other = tmp_path / "more"
    other.mkdir()
    (other / "extra.html").write_text("x")
    assert compat.add_template_folder(app.builder, other)
    assert loader.get_source(loader.environment, "extra.html")[0] == "x"
    assert not compat.add_template_folder(SimpleNamespace(templates=None), other)


@pytest.mark.sphinx("html", testroot="news", confoverrides={"html_title": "T"})
def test_config_sets(app):
    """conf.py's own values (private _raw_config) and -D overrides, not defaults."""
    assert compat.config_sets(app.config, "project")  # in test-news's conf.py
    assert compat.config_sets(app.config, "html_title")  # -D
    assert not compat.config_sets(app.config, "bibtex_tooltips")  # a default


def test_sphinx_reads_sources_with_the_settings_encoding():
    """The lenient codec works only while Sphinx decodes with this setting."""
    from sphinx.builders import Builder

    assert "env.settings['input_encoding']" in inspect.getsource(Builder.read_doc)


# -- sphinxcontrib-bibtex -----------------------------------------------------

def test_bibdata_records(tmp_path):
    bib = tmp_path / "refs.bib"
    bib.write_text("@misc{a, title={A}, year={2020}}\n")
    data = BibliographyData()
    record = compat.make_bibdata("utf-8", {bib: ["a"]}, data)
    assert record.encoding == "utf-8" and record.data is data
    assert record.bibfiles[bib].keys == {"a": None}
    assert record.bibfiles[bib].mtime == bib.lstat().st_mtime  # what it compares
    from sphinxcontrib.bibtex.bibfile import is_bibdata_outdated
    assert not is_bibdata_outdated(record, [bib], "utf-8")  # so it keeps ours


@pytest.mark.sphinx("html", testroot="news")
def test_cite_domain_data(app):
    domain = app.env.get_domain("cite")
    assert compat.cite_bibdata(app.env) is domain.data["bibdata"] is domain.bibdata
    assert compat.cite_entries(app.env) is domain.bibdata.data.entries
    assert list(compat.cite_bib_paths(app.env)) == list(domain.bibdata.bibfiles)
    compat.store_cite_bibdata(app.env, domain.bibdata)


def test_cite_domain_internals_our_domain_uses():
    """citations.PaperCitationDomain overrides BibtexDomain.resolve_xref."""
    assert parameters(compat.BibtexDomain.resolve_xref) == [
        "self", "env", "fromdocname", "builder", "typ", "target", "node", "contnode"]
    assert isinstance(inspect.getattr_static(compat.BibtexDomain, "bibdata"), property)
    assert hasattr(compat.BibtexDomain, "backend")
    assert "reference_style" in compat.BibtexDomain.__annotations__
    target, = compat.parse_citation_targets("key")
    assert (target.key, target.pre, target.post) == ("key", "", "")
    assert compat.SphinxReferenceInfo._fields == (
        "builder", "fromdocname", "todocname", "citation_id", "title", "pre_text",
        "post_text")
    assert parameters(compat.format_references) == ["style", "role_name", "references"]


def test_sphinxcontrib_bibtex_order():
    """Our bib check (priority CHECK_BIB) runs before its builder_inited_cite."""
    import sphinxcontrib.bibtex as bibtex
    from sphinx_scholar.priorities import CHECK_BIB

    connected = []
    fake = SimpleNamespace(connect=lambda event, handler, priority=500:
                           connected.append((event, handler.__name__, priority)))
    for name in ("add_config_value", "add_directive", "add_role", "add_node",
                 "add_domain", "add_transform", "add_post_transform", "add_css_file",
                 "add_js_file", "add_event", "setup_extension", "add_builder"):
        setattr(fake, name, lambda *args, **kwargs: None)
    bibtex.setup(fake)
    assert ("builder-inited", "builder_inited_cite", 500) in connected
    assert CHECK_BIB < 500


# -- pybtex -------------------------------------------------------------------

def test_template_clone_and_function():
    template = join(sep=", ")[field("title"), field("year")]
    copy = compat.clone_template(template)
    assert copy is not template and copy.children == template.children
    assert compat.template_function(copy) is compat.template_function(template)
    copy.children = []
    assert template.children  # the original keeps its own
    other = compat.clone_template(template, compat.template_function(field("x")))
    assert compat.template_function(other) is compat.template_function(field("y"))


def test_scanning_parser_knows_lines():
    parser = compat.ScanningParser("utf-8")
    seen = []
    process_entry = parser.process_entry

    def note(entry_type, key, fields):
        seen.append((key, parser.command_line))
        process_entry(entry_type, key, fields)

    parser.process_entry = note
    data = parser.parse_string("\n@misc{a,\n title={A}}\n\n@misc(\n b, title={B})\n")
    assert list(data.entries) == ["a", "b"]
    assert seen == [("a", 2), ("b", 5)]
    assert parser.current_key == "b"


# -- sphinx-sitemap, sphinxext-opengraph, sphinx-notfound-page ----------------

def test_sitemap_queue():
    app = SimpleNamespace()
    assert compat.sitemap_links(app) is None
    app.sitemap_links = queue.Queue()
    app.sitemap_links.put(("a.html", None))
    assert compat.sitemap_links(app) == [("a.html", None)]
    compat.put_sitemap_links(app, [("b.html", "2020")])
    assert app.sitemap_links.get_nowait() == ("b.html", "2020")
    assert compat.sitemap_excluded("404.html", SimpleNamespace(sitemap_excludes=["404*"]))
    import sphinx_sitemap
    source = inspect.getsource(sphinx_sitemap)
    assert "sitemap_links = Manager().Queue()" in source  # where it collects links
    assert "sitemap_links.get_nowait()" in source  # and reads them at build-finished


def test_opengraph_get_tags_signature():
    from sphinxext.opengraph import get_tags

    signature = inspect.signature(get_tags)
    assert list(signature.parameters) == ["context", "doctree", "srcdir", "outdir",
                                          "config", "builder", "env"]
    assert all(signature.parameters[name].kind is inspect.Parameter.KEYWORD_ONLY
               for name in ["srcdir", "outdir", "config", "builder", "env"])


def test_notfound_pagename_and_order():
    import notfound.extension
    from sphinx_scholar.priorities import PAGE_METADATA, SHARE_NAVIGATION

    assert compat.notfound_pagename(FakeConfig(notfound_pagename="404")) == "404"
    assert compat.notfound_pagename(FakeConfig()) is None
    source = inspect.getsource(notfound.extension.setup)
    assert "app.connect('html-page-context', finalize_media, priority=400)" in source
    assert SHARE_NAVIGATION >= 400 and PAGE_METADATA > 400


class FakeConfig(dict):
    def __getattr__(self, name):
        return self[name]


@pytest.mark.sphinx("html", testroot="news")
def test_config_and_tags_hashes_follow_what_rebuilds_pages(app):
    config_hash, tags_hash = compat.config_and_tags_hashes(app)
    assert len(config_hash) > 8 and len(tags_hash) > 8
    # A value that rebuilds pages changes it; the same value again does not.
    app.config.html_title = "Another title"
    assert compat.config_and_tags_hashes(app)[0] != config_hash
    assert compat.config_and_tags_hashes(app)[0] == compat.config_and_tags_hashes(app)[0]
    app.builder.tags.add("draft")
    assert compat.config_and_tags_hashes(app)[1] != tags_hash


def test_register_pybtex_plugin_is_found_first():
    """pybtex's runtime registry: find_plugin returns what the shim put there
    (also over an installed entry point), and an unknown group is refused."""
    from pybtex.database.output.bibtex import Writer
    from pybtex.plugin import PluginGroupNotFound, find_plugin

    class Marked(Writer):
        pass

    compat.register_pybtex_plugin("pybtex.database.output", "bibtex", Marked)
    try:
        assert find_plugin("pybtex.database.output", "bibtex") is Marked
    finally:
        compat.register_pybtex_plugin("pybtex.database.output", "bibtex", Writer)
    assert find_plugin("pybtex.database.output", "bibtex") is Writer
    with pytest.raises(PluginGroupNotFound):
        compat.register_pybtex_plugin("pybtex.no.such.group", "x", Marked)


def test_parallel_writing_is_sphinx_builder_method():
    """Builder.write_documents hands the sorted names and parallel - 1 to
    _write_parallel(docnames, nproc), which writes with write_doc."""
    from sphinx.builders import Builder

    assert parameters(Builder._write_parallel) == ["self", "docnames", "nproc"]
    assert parameters(Builder.write_doc) == ["self", "docname", "doctree"]
    source = inspect.getsource(Builder.write_documents)
    assert "self._write_parallel(sorted_docnames, nproc=self._app.parallel - 1)" in source
    assert "self.write_doc(docname, doctree)" in inspect.getsource(Builder._write_parallel)
    assert parameters(Builder._write_serial) == ["self", "docnames"]
    assert "self._write_serial(sorted_docnames)" in source


def test_read_in_parallel_with_is_sphinx_own_method_but_the_chunks():
    """compat.read_in_parallel_with is a copy of Builder._read_parallel, line
    for line, but for its chunking: when Sphinx changes its method, this
    fails, and the copy is made again from the new one."""
    from sphinx.builders import Builder

    upstream = textwrap.dedent(inspect.getsource(Builder._read_parallel))
    shim = inspect.getsource(compat.read_in_parallel_with)
    ours = shim[shim.index("    def _read_parallel("):shim.index("    def _read_parallel_or_serial(")]
    expected = (upstream.replace("(self, docnames", "(docnames")
                .replace("make_chunks(docnames, nproc)", "chunking(docnames, nproc)")
                .replace("self.", "builder."))
    assert textwrap.dedent(ours).rstrip() == expected.rstrip()
    assert "self._read_parallel(docnames, nproc=self._app.parallel)" \
        in inspect.getsource(Builder.read)
    assert parameters(Builder.read_doc) == ["self", "docname", "_cache"]
    assert parameters(Builder._read_serial) == ["self", "docnames"]
    assert "self._read_serial(docnames)" in inspect.getsource(Builder.read)


@pytest.mark.sphinx("html", testroot="news", parallel=2, freshenv=True)
def test_read_in_parallel_with_chunks_on_the_builder_only(app, read_chunks):
    """The builder object reads in the chunks given; its class, and so every
    other builder, keeps Sphinx's method."""
    from sphinx.builders import Builder

    asked = []

    def one_chunk(names, nproc):
        asked.append((list(names), nproc))
        return [list(names)]

    compat.read_in_parallel_with(app.builder, one_chunk, lambda names: True)
    assert type(app.builder)._read_parallel is Builder._read_parallel
    assert getattr(app.builder._read_parallel, "__func__", None) is not Builder._read_parallel
    app.build()
    documents = sorted(app.env.found_docs)
    assert asked == [(documents, 2)]
    assert read_chunks == [documents]


@pytest.mark.sphinx("html", testroot="news", parallel=2, freshenv=True)
def test_read_in_parallel_with_reads_in_the_main_process_what_is_not_worth_forking(
        app, read_chunks):
    asked = []
    compat.read_in_parallel_with(app.builder, lambda names, nproc: [list(names)],
                                 lambda names: asked.append(list(names)) or False)
    app.build()
    assert app.statuscode == 0
    documents = sorted(app.env.found_docs)
    assert asked == [documents] and read_chunks == []
    assert set(app.env.all_docs) == set(documents)


def test_write_in_parallel_with_order_writers_and_niceness():
    import multiprocessing
    import os

    calls = []
    builder = SimpleNamespace(
        _write_parallel=lambda docnames, nproc: calls.append((docnames, nproc)),
        _write_serial=lambda docnames: calls.append(("serial", docnames)),
        write_doc=lambda docname, doctree: calls.append(("wrote", docname, os.nice(0))))
    compat.write_in_parallel_with(builder, lambda names: sorted(names, reverse=True), 5,
                                  lambda names: len(names) > 2)
    builder._write_parallel(("a", "c", "b"), nproc=1)
    assert calls == [(["c", "b", "a"], 2)]
    calls.clear()
    builder._write_parallel(("a", "b"), nproc=1)  # not worth forking: as without -j
    assert calls == [("serial", ("a", "b"))]
    calls.clear()
    here = os.nice(0)
    builder.write_doc("first", None)  # the main process: its niceness untouched
    assert calls == [("wrote", "first", here)]

    def in_child(pipe):
        builder.write_doc("one", None)
        builder.write_doc("two", None)  # niced once per process, not per page
        pipe.send(calls[-2:])

    receive, send = multiprocessing.get_context("fork").Pipe(False)
    child = multiprocessing.get_context("fork").Process(target=in_child, args=(send,))
    child.start()
    written = receive.recv()
    child.join()
    assert written == [("wrote", "one", here + 5), ("wrote", "two", here + 5)]
    assert os.nice(0) == here
