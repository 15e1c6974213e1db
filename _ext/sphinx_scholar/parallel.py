"""Our own per-entry work on ``-j N`` processes, the way Sphinx reads and
writes documents in parallel (``sphinx.util.parallel``: forked workers, their
log records replayed in the main process)."""

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
