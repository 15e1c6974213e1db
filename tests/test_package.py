"""The engine as a package (pyproject.toml): the wheel and sdist that
``python -m build`` makes, what ``twine check`` says of them, what they hold,
and the wheel installed in a new virtual environment (``installed.py``)."""

import email
import re
import subprocess
import sys
import tarfile
import tomllib
import zipfile
from pathlib import Path

from packaging.requirements import Requirement

import sphinx_scholar
from installed import ROOT, run
from sphinx_scholar.version import __version__

PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())


def wheel_metadata(wheel: Path) -> email.message.Message:
    with zipfile.ZipFile(wheel) as archive:
        name = next(n for n in archive.namelist() if n.endswith(".dist-info/METADATA"))
        return email.message_from_bytes(archive.read(name))


def test_twine_check_passes(dist):
    result = run([sys.executable, "-m", "twine", "check", "--strict", dist.wheel, dist.sdist],
                 cwd=dist.wheel.parent)
    assert result.stdout.count("PASSED") == 2, result.stdout


def test_the_version_lives_in_version_py_only():
    assert "version" in PYPROJECT["project"]["dynamic"]
    assert "version" not in PYPROJECT["project"]
    assert PYPROJECT["tool"]["hatch"]["version"]["path"] == "_ext/sphinx_scholar/version.py"
    assert sphinx_scholar.__version__ == __version__


def test_wheel_holds_every_file_of_the_package(dist):
    """Package data included: every file git tracks under the package
    (templates, static files, quickstart templates, catalogues...)."""
    tracked = subprocess.run(["git", "ls-files", "_ext/sphinx_scholar"], cwd=ROOT,
                             capture_output=True, text=True, check=True).stdout.split()
    assert "_ext/sphinx_scholar/theme-tweaks/furo/templates/page.html" in tracked
    with zipfile.ZipFile(dist.wheel) as archive:
        names = set(archive.namelist())
    expected = {path.removeprefix("_ext/") for path in tracked}
    assert expected <= names, f"not in the wheel: {sorted(expected - names)}"
    assert not {n for n in names if "__pycache__" in n or n.endswith(".pyc")}
    assert not {n for n in names if n.startswith(("tests/", "docs/", "bench/", "_ext/"))}


def test_wheel_metadata(dist):
    metadata = wheel_metadata(dist.wheel)
    assert metadata["Name"] == "sphinx-scholar"
    assert metadata["Version"] == __version__
    assert metadata["Requires-Python"] == ">=3.11"
    assert metadata["Description-Content-Type"] == "text/markdown"
    assert metadata.get_payload().lstrip().startswith("# ")  # the README, for PyPI's page
    requirements = [Requirement(line) for line in metadata.get_all("Requires-Dist")]
    core = {r.name.lower(): r for r in requirements if not r.marker}
    # Ranges, not pins: a site pins; the package must install beside other packages.
    for requirement in requirements:
        assert requirement.specifier, f"{requirement} has no version range"
        assert not any(spec.operator == "==" for spec in requirement.specifier), requirement
    for name in ("sphinx", "sphinxcontrib-bibtex", "pybtex", "myst-parser", "feedgen", "rispy",
                 "nh3", "pylatexenc", "jinja2"):
        assert name in core, f"{name} is not a dependency"
    assert "pillow" not in core  # optional: the social card
    assert set(metadata.get_all("Provides-Extra")) == {"social-card", "fast-search"}
    extras = {r.name.lower(): str(r.marker) for r in requirements if r.marker}
    assert 'extra == "social-card"' in extras["pillow"]
    assert 'extra == "fast-search"' in extras["pystemmer"]


def test_every_dependency_range_admits_the_site_pins():
    """The site's exact pins satisfy the package's ranges (else `make html`
    could not install both)."""
    pins = {}
    for line in (ROOT / "requirements.txt").read_text().splitlines():
        line = line.split("#")[0].strip()
        if "==" in line and not line.startswith("-"):
            name, version = line.split("==")
            pins[name.strip().lower().replace("_", "-")] = version.strip()
    declared = PYPROJECT["project"]["dependencies"] + [
        spec for specs in PYPROJECT["project"]["optional-dependencies"].values() for spec in specs]
    for spec in declared:
        requirement = Requirement(spec)
        name = requirement.name.lower()
        assert name in pins, f"{name}: declared by the package, not pinned in requirements.txt"
        assert requirement.specifier.contains(pins[name]), f"{name}=={pins[name]} not in {spec}"


def test_sdist_holds_the_package_and_not_the_site(dist):
    with tarfile.open(dist.sdist) as archive:
        names = {name.split("/", 1)[1] for name in archive.getnames() if "/" in name}
    for required in ("pyproject.toml", "README.md", "REFERENCE.md", "PKG-INFO",
                     "_ext/sphinx_scholar/__init__.py", "_ext/sphinx_scholar/theme-tweaks/furo/templates/page.html",
                     "_ext/sphinx_scholar/quickstart/conf.py.jinja"):
        assert required in names
    assert not {n for n in names if n.startswith(("tests/", "docs/", "bench/")) or n == "refs.bib"}


def test_the_site_installs_the_package_not_a_path():
    """conf.py files import the installed package: no sys.path change."""
    for conf in [ROOT / "conf.py", *sorted((ROOT / "tests" / "roots").glob("*/conf.py"))]:
        assert "sys.path" not in conf.read_text(), conf
    requirements = (ROOT / "requirements.txt").read_text().splitlines()
    assert "-e .[social-card,fast-search]" in requirements
    # Imported from this checkout, through the editable install.
    assert Path(sphinx_scholar.__file__).parent == ROOT / "_ext" / "sphinx_scholar"


def test_installed_from_the_wheel_in_a_new_environment(new_sites, tmp_path):
    python = new_sites.venv / "bin" / "python"
    result = run([python, "-c", "import sphinx_scholar, sys; print(sphinx_scholar.__file__); "
                  "print(sys.prefix != sys.base_prefix)"], cwd=tmp_path)
    location, in_venv = result.stdout.split()
    assert Path(location).is_relative_to(new_sites.venv), location
    assert in_venv == "True"
    # No package of the test environment leaks in (no --system-site-packages).
    config = (new_sites.venv / "pyvenv.cfg").read_text()
    assert re.search(r"include-system-site-packages\s*=\s*false", config)
    version = run([new_sites.venv / "bin" / "sphinx-scholar", "--version"], cwd=tmp_path)
    assert version.stdout.strip() == f"sphinx-scholar {__version__}"


def test_social_card_without_pillow_says_which_extra(new_sites):
    """Pillow is optional: a site that asks for the card without it fails
    before building, naming the extra to install."""
    result = new_sites.without_pillow
    assert result.returncode != 0
    assert "pip install 'sphinx-scholar[social-card]'" in result.stdout + result.stderr

