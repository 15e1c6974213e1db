"""Our own per-entry work on ``-j N`` processes, the way Sphinx reads and
writes documents in parallel (``sphinx.util.parallel``: forked workers, their
log records replayed in the main process)."""

import gc
import os
from collections.abc import Callable, Sequence
from typing import Any

from sphinx.util.parallel import ParallelTasks


def even_chunks(items: Sequence, jobs: int) -> list[Sequence]:
    """``jobs`` slices of about equal size: one forked process each. Sphinx's
    ``make_chunks`` makes many small ones, and forking a build that holds
    thousands of entries, then sending each result back, costs more than
    formatting a small chunk."""
    size = -(-len(items) // jobs)
    return [items[start:start + size] for start in range(0, len(items), size)]


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
    base = type(value)
    here = os.getpid()

    def __reduce_ex__(self, protocol):
        if os.getpid() != here:
            return type(None), ()
        return base._make, (tuple(self),)

    kept = type(base.__name__, (base,), {"__slots__": (), "__reduce_ex__": __reduce_ex__})
    return kept._make(value)


def freeze_heap_before_forking(app, *args) -> None:
    """``env-before-read-docs`` and ``write-started``, with ``-j``: the
    objects alive now (the environment, the bib data, the templates) go to
    the collector's permanent generation (``gc.freeze``, Python's advice
    before forking). Each process Sphinx forks to read or write a chunk
    would otherwise walk the whole inherited heap in its full collections,
    copying every page it touches: most of what made ``-j 2`` cost more
    CPU than ``-j 1``. Undone at build-finished (``thaw_heap``)."""
    if app.parallel > 1:
        gc.freeze()


def thaw_heap(app, exception) -> None:
    """``build-finished``: the frozen objects are collectable again."""
    if gc.get_freeze_count():
        gc.unfreeze()
