"""Our own per-entry work on ``-j N`` processes, the way Sphinx reads and
writes documents in parallel (``sphinx.util.parallel``: forked workers, their
log records replayed in the main process); how Sphinx's ``-j`` reading and
writing are shared out; and when Python's collector walks the build's heap."""

import atexit
import gc
import os
from collections.abc import Callable, Sequence, Sized
from typing import Any

from sphinx.util.parallel import ParallelTasks, make_chunks

from . import compat
from .state import build_state


#: Fewer documents, or entries, than this, and they stay in the main process
#: even with ``-j`` (``worth_forking``).
FORK_FROM = 6


def worth_forking(items: Sized) -> bool:
    """Whether ``items`` are enough to hand to forked processes. A fork, and
    for reading the whole environment pickled back and merged, costs more
    than a few quick pages: at ``-j auto``, rebuilding the flagship after a
    one-news edit (one page read, two written) took 0.14 to 0.27 s less in
    the main process alone, nearly half of what it adds to a no-op
    (``bench/analysis.md``). Sphinx read fewer than six documents serially until 8.1,
    which dropped the rule for pages that take long to read, as executed
    notebooks do (sphinx-doc/sphinx#12796); ours are quick, and so are the
    entries we format."""
    return len(items) >= FORK_FROM


def even_chunks(items: Sequence, jobs: int) -> list[Sequence]:
    """``jobs`` slices (fewer if there are fewer items), in order, whose sizes
    differ by one at most: one forked process each. Sphinx's
    ``make_chunks`` makes many small ones, and forking a build that holds
    thousands of entries, then sending each result back, costs more than
    formatting a small chunk."""
    count = min(jobs, len(items))
    return [items[len(items) * index // count:len(items) * (index + 1) // count]
            for index in range(count)]


def in_processes(work: Callable[[Sequence], Any], items: Sequence, jobs: int,
                 collect: Callable[[Any], None]) -> None:
    """``work`` on ``jobs`` slices of ``items`` at once, in forked processes;
    ``collect`` takes each slice's (picklable) result in the main process."""
    tasks = ParallelTasks(jobs)
    for chunk in even_chunks(items, jobs):
        tasks.add_task(work, chunk, lambda _chunk, result: collect(result))
    tasks.join()


def kept_in_this_process(value: tuple) -> tuple:
    """A copy of the named tuple ``value`` that pickles as ``None`` in the
    processes forked from this one, and as itself (its own class) here.

    With ``-j``, each of Sphinx's reading processes sends back the whole
    environment, pickled (``Builder._read_parallel``), and the main process
    unpickles each one only to merge the documents that chunk read. The bib
    files' data (sphinxcontrib-bibtex's ``bibdata``, our formatted entries)
    were most of it, sent back by every chunk, read by none: the main process
    has them already, and no domain merges them. Unpickling them cost more
    than reading the chunk (1,000 entries, ``-j 2``: 22 s of a 72 s build)."""
    # A value kept by an earlier build of this process is kept anew from its
    # own class: the kept class cannot be pickled by name.
    base = getattr(type(value), "_kept_from", type(value))
    here = os.getpid()

    def __reduce_ex__(self, protocol):
        if os.getpid() != here:
            return type(None), ()
        return base._make, (tuple(self),)

    kept = type(base.__name__, (base,), {"__slots__": (), "__reduce_ex__": __reduce_ex__,
                                         "_kept_from": base})
    return kept._make(value)


#: With ``-j``, while Sphinx merges its reading processes' environments: the
#: main process collects garbage itself once this many objects were made
#: since its last collection (a few whole passes at 5,000 entries, whose
#: final environment holds under a million objects).
COLLECT_EVERY = 2_000_000


def collect_between_merges(app, env, docnames) -> None:
    """``env-before-read-docs``, with ``-j``: the collector off in the main
    process while Sphinx reads in parallel (``Builder._read_parallel``).
    The main process unpickles each chunk's whole environment (every
    document merged so far, as docutils nodes) to merge the few documents
    that chunk read; the collector, running every 700 new objects, walked
    each of them again and again: at 5,000 entries, 39 s of a 46 s read
    phase, the unpickling itself 6 s (``bench/analysis.md``). Each merged
    environment is then garbage with cycles (docutils' parent links), so
    ``collect_merged_chunks`` collects them in a few whole passes, and
    ``collector_back_on`` restores the collector. The reading processes,
    forked meanwhile, read their chunk without it too. Documents not
    ``worth_forking`` are read in the main process, collector on."""
    if app.parallel > 1 and worth_forking(docnames) and gc.isenabled():
        gc.disable()
        build_state(env).collector_paused = True


def collect_merged_chunks(app, env, docnames, other) -> None:
    """``env-merge-info``: the environments merged so far collected, once they
    add up to ``COLLECT_EVERY`` new objects (the one being merged now goes
    at the next pass)."""
    if build_state(env).collector_paused and gc.get_count()[0] > COLLECT_EVERY:
        gc.collect()


def collector_back_on(app, *args) -> None:
    """``env-updated`` (and ``build-finished``, should reading fail): the
    collector as it was before reading."""
    state = build_state(app.env)
    if state.collector_paused:
        state.collector_paused = False
        gc.enable()


def freeze_loaded_heap(app, env, docnames) -> None:
    """``env-before-read-docs``, every build: the objects alive now (the
    modules, the environment loaded, the bib files' data, the templates) go
    to the collector's permanent generation (``gc.freeze``). They live
    through the build, and each full pass of the collector walked them all
    for nothing: after a one-news edit of the flagship, the one full pass,
    set off by Babel loading its locale data to format the news dates, took
    66 ms of the 0.26 s the rebuild adds to a no-op (``bench/analysis.md``).
    With ``-j``, it is also Python's advice before forking: each reading
    process would otherwise walk the whole inherited heap in its full
    passes, copying every page it touches. Undone at build-finished
    (``thaw_heap``): until then, what of it becomes cyclic garbage (the old
    data of a page read again) waits, as it waited for a full pass before."""
    gc.freeze()


def freeze_heap_before_forking(app, builder) -> None:
    """``write-started``, with ``-j``: the documents read since
    ``freeze_loaded_heap`` frozen too, before Sphinx forks its writers; most
    of what made ``-j 2`` cost more CPU than ``-j 1``. (Also when the few
    pages are then written in the main process: ``gc.freeze`` costs nothing.)"""
    if app.parallel > 1:
        gc.freeze()


def thaw_heap(app, exception) -> None:
    """``build-finished``: the frozen objects are collectable again
    (``gc.unfreeze`` takes no time; ``gc.get_freeze_count`` would walk the
    frozen heap)."""
    gc.unfreeze()


def leave_heap_at_exit(app, exception) -> None:
    """``build-finished``: when this process exits, Python's last collection
    leaves the build's objects alone (``gc.freeze`` at exit), and the
    operating system takes back their memory at once. That collection walks
    every object of the build, after its last file is written, to free what
    is about to be freed anyway: 5 to 7 s of a 5,000-entry build, at ``-j 1``
    and ``-j auto`` alike (``bench/analysis.md``). Python does not promise to
    finalize objects still alive at exit, so no program can rely on it.
    Registered once per process, however many builds it runs."""
    atexit.unregister(gc.freeze)
    atexit.register(gc.freeze)


#: With ``-j N``, Sphinx's documents are read in this many chunks per
#: process (``schedule_reading``).
READ_CHUNKS_PER_PROCESS = 4


def schedule_reading(app) -> None:
    """``builder-inited``, with ``-j``: Sphinx's documents read in at most
    ``READ_CHUNKS_PER_PROCESS`` chunks per process, of even size
    (``compat.read_in_parallel_with``). Each chunk costs a fork of the main
    process, its copied pages, and the whole environment pickled back and
    unpickled in the main process (``kept_in_this_process``). Sphinx's
    ``make_chunks`` puts about ``sqrt(10 * documents / N)`` documents in a
    chunk once there are many: 158 at 5,000 documents on 2 cores, so 32
    chunks, whose fixed costs made reading on two cores hardly faster than
    on one; in 8 chunks, the read phase took 11 to 17 s against 20 to 24 s
    (``bench/analysis.md``). Fewer than ``FORK_FROM`` documents (an
    incremental build's few) are read in the main process."""
    if app.parallel > 1:
        compat.read_in_parallel_with(app.builder, reading_chunks, worth_forking)


def reading_chunks(docnames: list[str], nproc: int) -> list[list[str]]:
    """``docnames`` in order, in ``READ_CHUNKS_PER_PROCESS * nproc`` chunks
    whose sizes differ by one at most; never more chunks than Sphinx's
    ``make_chunks`` (a few documents, as an incremental build reads, stay in
    Sphinx's few chunks)."""
    count = min(READ_CHUNKS_PER_PROCESS * nproc, len(make_chunks(docnames, nproc)))
    return [list(chunk) for chunk in even_chunks(docnames, count)]


#: How far below the main process the writing processes run (``os.nice``).
WRITER_NICENESS = 10


def schedule_writing(app) -> None:
    """``builder-inited``, with ``-j``: how Sphinx's writing is shared out
    (``compat.write_in_parallel_with``). With ``-j``, the main process
    resolves every page in turn (post-transforms, a paper page's content,
    the search index) while ``parallel - 1`` processes write what it
    resolved. At 5,000 entries on 2 cores that left one core idle for most
    of the write phase: first while the main process resolved, alone, the
    pages that list every paper, then while the one writer worked through
    its backlog (``bench/analysis.md``). So:

    - the paper pages (many and small) are resolved first, the others last,
      while the writers work through the paper pages already resolved;
    - one more writing process, so that no core is idle once the main
      process is done;
    - the writers below the main process, whose resolving is the one part
      that cannot be shared: it keeps its core;
    - fewer than ``FORK_FROM`` documents written by the main process alone,
      as without ``-j``."""
    if app.parallel > 1:
        compat.write_in_parallel_with(
            app.builder, lambda docnames: paper_pages_first(app.env, docnames),
            WRITER_NICENESS, worth_forking)


def paper_pages_first(env, docnames: list[str]) -> list[str]:
    """``docnames``, the paper pages first, each part in its own order."""
    domain = env.get_domain("homepage")
    papers = [name for name in docnames if domain.paper_page_key(name) is not None]
    return papers + [name for name in docnames if domain.paper_page_key(name) is None]
