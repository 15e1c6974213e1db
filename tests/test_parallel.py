"""How a build treats Python's garbage collector (``parallel``): the heap
loaded before reading frozen until the build is done; with ``-j``, the
collector paused while Sphinx merges what its reading processes sent back,
collected in whole passes, and restored after reading, even when the build
fails; how ``-j`` reading and writing are shared out
(``parallel.schedule_reading``, ``schedule_writing``), a few documents
staying in the main process (``worth_forking``); values kept out of what
reading processes send back (``kept_in_this_process``); and that the heap is
left alone at exit (``parallel.leave_heap_at_exit``). Output equality of
``-j 2`` and ``-j 1`` is in test_builds."""

import collections
import gc
import subprocess
import sys

import pytest
from conftest import copied_root
from sphinx.errors import ExtensionError

from sphinx_scholar import parallel

# test-publications has seven documents (four paper pages): at -j 2, enough
# to read and write in forked processes (parallel.worth_forking).


@pytest.fixture
def collector_on():
    was = gc.isenabled()
    gc.enable()
    yield
    if not was:
        gc.disable()


@pytest.mark.sphinx("html", testroot="publications", parallel=2, freshenv=True)
def test_collector_paused_while_merging_and_back_after(app, collector_on):
    states = []
    app.connect("env-merge-info", lambda *args: states.append(gc.isenabled()), priority=1)
    app.build()
    assert states, "Sphinx read in parallel (merged chunks)"
    assert not any(states)
    assert gc.isenabled()
    assert app.statuscode == 0


@pytest.mark.sphinx("html", testroot="publications", parallel=2, freshenv=True)
def test_merged_chunks_collected_in_passes(app, collector_on, monkeypatch):
    monkeypatch.setattr(parallel, "COLLECT_EVERY", 0)
    passes = []

    def note(phase, info):
        if phase == "start" and not gc.isenabled():
            passes.append(info["generation"])

    gc.callbacks.append(note)
    try:
        app.build()
    finally:
        gc.callbacks.remove(note)
    # The collector is off: every pass while reading is one of ours, whole.
    assert passes and set(passes) == {2}


@pytest.mark.sphinx("html", testroot="publications", parallel=2, freshenv=True)
def test_collector_restored_when_reading_fails(app, collector_on):
    def fail(app, env):
        raise RuntimeError("a handler failed")

    app.connect("env-updated", fail, priority=1)
    with pytest.raises(ExtensionError):
        app.build()
    assert gc.isenabled()


@pytest.mark.sphinx("html", testroot="publications", freshenv=True)
def test_serial_build_keeps_the_collector_on(app, collector_on):
    states = []
    app.connect("doctree-read", lambda *args: states.append(gc.isenabled()))
    app.build()
    assert states and all(states)


@pytest.mark.parametrize("jobs", [1, 2])
def test_heap_frozen_while_building_and_thawed_after(make_app, tmp_path, jobs):
    """The heap loaded before reading is frozen in every build; with -j, the
    documents read are frozen too before Sphinx forks its writers; once the
    build is done, everything is collectable again."""
    srcdir = copied_root("test-publications", tmp_path)
    app = make_app("html", srcdir=srcdir, parallel=jobs, freshenv=True)
    frozen = {}
    for event in ("env-before-read-docs", "doctree-resolved"):
        app.connect(event, lambda *args, event=event: frozen.setdefault(
            event, gc.get_freeze_count()), priority=900)
    gc.unfreeze()
    app.build()
    assert app.statuscode == 0
    read, written = frozen["env-before-read-docs"], frozen["doctree-resolved"]
    assert read > 0
    # (frozen objects freed since leave the count: without -j, it can only fall)
    assert written > read if jobs > 1 else written <= read
    assert gc.get_freeze_count() == 0


def paper_pages_of(app) -> set[str]:
    return set(app.env.get_domain("homepage").data["paper_pages"])


@pytest.mark.sphinx("html", testroot="publications", parallel=2, freshenv=True)
def test_parallel_writing_resolves_paper_pages_first_with_more_writers(app, monkeypatch):
    """The main process resolves the paper pages before the other pages, and
    Sphinx is asked for ``parallel`` writing processes, not one fewer."""
    from sphinx.util.parallel import ParallelTasks

    processes = []
    original = ParallelTasks.__init__

    def spy(self, nproc):
        processes.append(nproc)
        original(self, nproc)

    monkeypatch.setattr(ParallelTasks, "__init__", spy)
    resolved = []
    app.connect("doctree-resolved", lambda app, doctree, docname: resolved.append(docname),
                priority=1)
    app.build()
    assert app.statuscode == 0
    # reading with parallel processes, then writing with as many
    assert processes[-1] == app.parallel
    papers = paper_pages_of(app)
    assert papers and set(resolved) > papers
    assert set(resolved[:len(papers)]) == papers, resolved
    assert (app.outdir / "index.html").is_file()
    assert all((app.outdir / f"{name}.html").is_file() for name in papers)


@pytest.mark.sphinx("html", testroot="publications", parallel=2, freshenv=True)
def test_parallel_reading_in_even_chunks(app, read_chunks):
    """Every document read, in chunks of even size (Sphinx's make_chunks
    gives these 7 pages in chunks of 3, 3 and 1)."""
    app.build()
    assert app.statuscode == 0
    documents = sorted(app.env.found_docs)
    assert len(documents) == 7
    assert read_chunks == parallel.reading_chunks(documents, app.parallel)
    assert [len(chunk) for chunk in read_chunks] == [2, 2, 3]
    assert set(app.env.all_docs) == set(documents)
    assert paper_pages_of(app) and (app.outdir / "publications.html").is_file()


def test_reading_chunks_even_in_order_and_never_more_than_sphinx():
    from sphinx.util.parallel import make_chunks

    names = [f"doc{number:04d}" for number in range(5003)]
    for count, nproc in ((5003, 2), (5003, 4), (1000, 2), (200, 2), (50, 2), (7, 2), (1, 2)):
        chunks = parallel.reading_chunks(names[:count], nproc)
        assert [name for chunk in chunks for name in chunk] == names[:count]
        assert max(map(len, chunks)) - min(map(len, chunks)) <= 1, (count, nproc)
        assert len(chunks) == min(parallel.READ_CHUNKS_PER_PROCESS * nproc,
                                  len(make_chunks(names[:count], nproc))), (count, nproc)
    assert len(parallel.reading_chunks(names, 2)) == 2 * parallel.READ_CHUNKS_PER_PROCESS
    assert len(make_chunks(names, 2)) == 32  # Sphinx's, at 5,000 pages on 2 cores
    assert parallel.reading_chunks([], 2) == []


def test_even_chunks_sizes_differ_by_one_at_most():
    assert parallel.even_chunks(list(range(10)), 3) == [[0, 1, 2], [3, 4, 5], [6, 7, 8, 9]]
    assert parallel.even_chunks(list(range(2)), 4) == [[0], [1]]
    assert parallel.even_chunks([], 4) == []


Pair = collections.namedtuple("Pair", "left right")


def test_kept_in_this_process_pickles_as_itself_here_and_none_in_forks():
    import multiprocessing
    import pickle

    kept = parallel.kept_in_this_process(Pair(1, [2]))
    assert kept == (1, [2]) and isinstance(kept, Pair)
    back = pickle.loads(pickle.dumps(kept))
    assert back == kept and type(back) is Pair
    # kept again, as the next build of this process does
    again = parallel.kept_in_this_process(kept)
    assert type(pickle.loads(pickle.dumps(again))) is Pair

    def in_child(pipe):
        pipe.send_bytes(pickle.dumps((kept, again)))

    receive, send = multiprocessing.get_context("fork").Pipe(False)
    child = multiprocessing.get_context("fork").Process(target=in_child, args=(send,))
    child.start()
    sent = receive.recv_bytes()
    child.join()
    assert pickle.loads(sent) == (None, None)


def test_worth_forking_from_six():
    assert parallel.FORK_FROM == 6  # Sphinx's rule for reading, until 8.1
    assert not parallel.worth_forking(["a"] * 5)
    assert parallel.worth_forking(["a"] * 6)


@pytest.mark.sphinx("html", testroot="publications", parallel=2, freshenv=True)
def test_a_few_documents_stay_in_the_main_process(app, forked):
    """With -j, a full build of the seven pages forks to read and to write;
    the rebuild after one page changed reads and writes it in the main
    process, as without -j."""
    app.build()
    assert app.statuscode == 0
    assert forked["read_process"] and forked["write_process"]
    forked.clear()
    page = app.srcdir / "publications.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nOne more line.\n", encoding="utf-8")
    collecting = []
    app.connect("doctree-read", lambda *args: collecting.append(gc.isenabled()))
    app.build()
    assert app.statuscode == 0
    assert not any(forked.values())
    assert collecting == [True]  # no merges to pause the collector for
    assert "One more line." in (app.outdir / "publications.html").read_text(encoding="utf-8")


@pytest.mark.sphinx("html", testroot="publications", freshenv=True)
def test_serial_writing_is_sphinx_own(app):
    """Without -j, nothing is replaced: Sphinx writes in its own order."""
    from sphinx.builders import Builder

    assert app.builder._write_parallel.__func__ is Builder._write_parallel
    assert app.builder._read_parallel.__func__ is Builder._read_parallel
    resolved = []
    app.connect("doctree-resolved", lambda app, doctree, docname: resolved.append(docname))
    app.build()
    assert resolved == sorted(resolved)
    assert paper_pages_of(app) < set(resolved)


# Cyclic garbage whose finalizer tells whether Python's last collection, at
# exit, walked it.
CYCLE_AT_EXIT = """
import sys
class Cycle:
    def __del__(self):
        print("finalized at exit", flush=True)
if len(sys.argv) > 1:
    from sphinx.cmd.build import build_main
    assert build_main(["-q", "-b", "html", *sys.argv[1:]]) == 0
cycle = Cycle()
cycle.me = cycle
del cycle
"""


def test_exit_leaves_the_build_heap_to_the_system(tmp_path):
    """After a build, Python's collection at exit no longer walks the heap
    (``parallel.leave_heap_at_exit``); without a build it does (the check
    below can fail)."""
    script = tmp_path / "cycle.py"
    script.write_text(CYCLE_AT_EXIT)
    alone = subprocess.run([sys.executable, str(script)], capture_output=True, text=True)
    assert alone.stdout == "finalized at exit\n", alone.stderr

    root = copied_root("test-publications", tmp_path)
    built = subprocess.run([sys.executable, str(script), str(root), str(tmp_path / "out")],
                           capture_output=True, text=True)
    assert built.returncode == 0, built.stderr
    assert (tmp_path / "out" / "index.html").is_file()
    assert "finalized" not in built.stdout
