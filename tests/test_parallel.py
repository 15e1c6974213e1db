"""How a ``-j`` build treats Python's garbage collector in the main process
(``parallel``): paused while Sphinx merges what its reading processes sent
back, collected in whole passes, and restored after reading, even when the
build fails. Output equality of ``-j 2`` and ``-j 1`` is in test_builds."""

import gc

import pytest
from sphinx.errors import ExtensionError

from sphinx_scholar import parallel

# test-publications has seven documents (four paper pages): Sphinx reads
# more than five in parallel.


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
def test_serial_build_leaves_the_collector_alone(app, collector_on):
    states = []
    app.connect("doctree-read", lambda *args: states.append(gc.isenabled()))
    app.build()
    assert states and all(states)
