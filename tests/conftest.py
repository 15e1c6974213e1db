"""Shared fixtures: sphinx.testing for small test roots, and the real site,
built once per test session."""

import collections
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import sphinx_scholar

ROOT = Path(__file__).resolve().parent.parent

# The engine is imported as installed (requirements.txt installs this checkout
# editable), never through a path of ours: a stale or foreign install would
# test other code than the checkout's, so it stops the run with what to do.
if Path(sphinx_scholar.__file__).resolve().parent != ROOT / "_ext" / "sphinx_scholar":
    pytest.exit(f"sphinx_scholar is imported from {sphinx_scholar.__file__}, not from this "
                f"checkout: run `{sys.executable} -m pip install -e {ROOT}` (make test does), "
                f"or, in an environment shared with another checkout, put this one first: "
                f"PYTHONPATH={ROOT / '_ext'}", returncode=4)

# installed: the package built, installed in a new environment, and new sites made with it.
pytest_plugins = ("sphinx.testing.fixtures", "installed")
collect_ignore = ["roots"]


@pytest.fixture(scope="session")
def rootdir() -> Path:
    return ROOT / "tests" / "roots"


def copied_root(name: str, where: Path) -> Path:
    """A copy of the test root ``tests/roots/<name>`` in ``where``: a build
    writes the paper pages' generated sources into its source folder."""
    return Path(shutil.copytree(ROOT / "tests" / "roots" / name, where / name))


def sphinx_build(outdir: Path, *extra: str, srcdir: Path = ROOT / "docs",
                 confdir: Path = ROOT, env: dict | None = None) -> subprocess.CompletedProcess:
    """Build like `make html` does: warnings are errors, nitpicky. No colour:
    Sphinx colours its output when CI=true, and tests read the messages."""
    env = dict(os.environ if env is None else env)
    return subprocess.run(
        [sys.executable, "-m", "sphinx", "-c", str(confdir), "-W", "--keep-going", "-n", "--no-color",
         "-b", "html", *extra, str(srcdir), str(outdir)],
        capture_output=True, text=True, env=env,
    )


@pytest.fixture
def forked(monkeypatch) -> dict[str, list[list]]:
    """What a ``-j`` build hands its forked processes, in order, by task
    (``read_process``, ``write_process``: Sphinx's ``ParallelTasks.add_task``)."""
    from sphinx.util.parallel import ParallelTasks

    tasks: dict[str, list[list]] = collections.defaultdict(list)
    original = ParallelTasks.add_task

    def add_task(self, task_func, arg=None, result_func=None):
        tasks[task_func.__name__].append(list(arg))
        original(self, task_func, arg, result_func)

    monkeypatch.setattr(ParallelTasks, "add_task", add_task)
    return tasks


@pytest.fixture
def read_chunks(forked) -> list[list[str]]:
    """The chunks of documents a ``-j`` build hands its reading processes."""
    return forked["read_process"]


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    """The real site, built once per session; its warnings fail the build."""
    out = tmp_path_factory.mktemp("site")
    result = sphinx_build(out / "html", "-d", str(out / "doctrees"))
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr
    site_dir = out / "html"
    (site_dir / ".build-log").write_text(result.stdout + result.stderr)
    return site_dir


#: The themes the engine supports: furo (the default, the flagship's) and the
#: others a site may choose. tests/roots/test-themes is built once per theme.
THEMES = ("furo", "pydata_sphinx_theme", "sphinx_book_theme", "alabaster")


@pytest.fixture(scope="session", params=THEMES)
def theme_site(request, tmp_path_factory) -> tuple[str, Path]:
    """(theme, output) of the small site of every component, built once per
    theme and session; its warnings fail the build."""
    theme = request.param
    out = tmp_path_factory.mktemp(f"theme-{theme}")
    root = copied_root("test-themes", out)
    result = sphinx_build(out / "html", "-d", str(out / "doctrees"), "-D", f"html_theme={theme}",
                          srcdir=root, confdir=root)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr
    return theme, out / "html"
