"""Session fixtures for the package as a researcher gets it (a pytest plugin,
named in conftest.py): the wheel and sdist built once with ``python -m build``,
a new virtual environment with the wheel installed (its dependencies from pip's
index, pinned as the site pins them; nothing from this checkout or the test
environment), and two sites written there by ``sphinx-scholar new`` and built
with their own ``make test``: a plain one and one from an al-folio papers.bib.
"""

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
ALFOLIO_BIB = ROOT / "tests" / "roots" / "test-alfolio" / "papers.bib"


@dataclass(frozen=True)
class Dist:
    wheel: Path
    sdist: Path


@dataclass(frozen=True)
class NewSites:
    venv: Path  #: the new environment the sites were made and built in
    plain: Path  #: `sphinx-scholar new plain --yes --name ... --url ...` (and links, e-mail)
    alfolio: Path  #: the same with --bib papers.bib of al-folio's example
    without_pillow: subprocess.CompletedProcess  #: the plain site built before Pillow was installed


def clean_env() -> dict[str, str]:
    """The environment of a person's shell: no PYTHONPATH to this checkout,
    no virtual environment active, no colours in the messages."""
    env = {name: value for name, value in os.environ.items()
           if name not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV", "PYTHONSTARTUP")}
    env["NO_COLOR"] = "1"
    return env


def run(args, cwd: Path, check: bool = True) -> subprocess.CompletedProcess:
    result = subprocess.run([str(arg) for arg in args], cwd=cwd, env=clean_env(),
                            capture_output=True, text=True)
    if check:
        assert result.returncode == 0, (f"{' '.join(map(str, args))} failed:\n"
                                        f"{result.stdout[-4000:]}\n{result.stderr[-4000:]}")
    return result


def site_pins() -> list[str]:
    """requirements.txt's exact pins, without the editable install of this checkout."""
    return [line.split("#")[0].strip() for line in (ROOT / "requirements.txt").read_text().splitlines()
            if "==" in line.split("#")[0] and not line.startswith("-")]


@pytest.fixture(scope="session")
def dist(tmp_path_factory) -> Dist:
    """``python -m build``: the sdist, then the wheel built from the sdist (so
    the sdist is known complete), in an isolated build environment."""
    out = tmp_path_factory.mktemp("dist")
    run([sys.executable, "-m", "build", "--outdir", out, ROOT], cwd=out)
    wheels, sdists = list(out.glob("*.whl")), list(out.glob("*.tar.gz"))
    assert len(wheels) == 1 and len(sdists) == 1, sorted(out.iterdir())
    return Dist(wheel=wheels[0], sdist=sdists[0])


@pytest.fixture(scope="session")
def new_sites(dist, tmp_path_factory) -> NewSites:
    work = tmp_path_factory.mktemp("new-sites")
    venv = work / "venv"
    run([sys.executable, "-m", "venv", venv], cwd=work)
    python, script = venv / "bin" / "python", venv / "bin" / "sphinx-scholar"
    constraints = work / "constraints.txt"
    constraints.write_text("\n".join(site_pins()) + "\n")
    # The package alone, no extra: its dependency ranges resolve to the site's pins.
    run([python, "-m", "pip", "install", "--quiet", "-c", constraints, dist.wheel], cwd=work)

    plain = work / "plain"
    run([script, "new", plain, "--yes", "--name", "Ada Lovelace", "--title", "Ada Lovelace",
         "--position", "Professor of Mathematics", "--affiliation", "Analytical Engine Institute",
         "--url", "https://ada.example.org/", "--email", "ada@example.org",
         "--link", "GitHub=https://github.com/ada-example",
         "--link", "Google Scholar=https://scholar.google.com/citations?user=ADA&hl=en"], cwd=work)
    # Its social card needs the extra that is not installed yet.
    without_pillow = run([python, "-m", "sphinx", "-c", ".", "-W", "--keep-going", "-n",
                          "-b", "html", "docs", work / "no-pillow"], cwd=plain, check=False)
    # The site's own `make test`: installs its requirements.txt (the extras,
    # pinned) into the environment, builds with -W -n, checks the result.
    run(["make", "test", f"VENV={venv}"], cwd=plain)

    alfolio = work / "alfolio"
    bib_dir = work / "al-folio"  # an al-folio checkout: the bib and the files it names
    shutil.copytree(ALFOLIO_BIB.parent / "assets", bib_dir / "assets")
    (bib_dir / "_bibliography").mkdir()
    shutil.copy(ALFOLIO_BIB, bib_dir / "_bibliography" / "papers.bib")
    run([python, "-m", "sphinx_scholar", "new", alfolio, "--yes", "--name", "Albert Einstein",
         "--url", "https://example.org/einstein/",
         "--bib", bib_dir / "_bibliography" / "papers.bib"], cwd=work)
    run(["make", "test", f"VENV={venv}"], cwd=alfolio)
    return NewSites(venv=venv, plain=plain, alfolio=alfolio, without_pillow=without_pillow)
