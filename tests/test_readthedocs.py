"""Read the Docs builds the same pages as `make html`, for its address."""

import os
import shutil
import subprocess
from pathlib import Path

import yaml

from conftest import ROOT
from test_metadata import check_urls_follow

RTD_URL = "https://songhan.readthedocs.io/en/latest/"


def test_readthedocs_commands_build_the_same_pages(site, tmp_path):
    config = yaml.safe_load((ROOT / ".readthedocs.yaml").read_text())
    assert config["version"] == 2
    assert config["build"]["tools"]["python"] == "3.11"
    checkout = tmp_path / "checkout"
    files = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True,
                           text=True, check=True).stdout.split()
    for name in files:
        (checkout / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, checkout / name)
    # Reuse this machine's environment instead of installing again. It has
    # requirements.txt installed (make test installs it, this checkout's
    # package editable): its stamp says so, or the copy's `make html` would
    # install the copy's package editable in its place.
    os.symlink(ROOT / ".venv", checkout / ".venv")
    (ROOT / ".venv" / ".requirements").touch()
    output = tmp_path / "rtd-output"
    env = {**os.environ, "READTHEDOCS": "True", "READTHEDOCS_OUTPUT": str(output),
           "READTHEDOCS_CANONICAL_URL": RTD_URL}
    for command in config["build"]["commands"]:
        subprocess.run(command, shell=True, cwd=checkout, env=env, check=True,
                       capture_output=True)
    rtd_pages = {p.relative_to(output / "html") for p in (output / "html").rglob("*.html")}
    make_pages = {p.relative_to(site) for p in site.rglob("*.html")}
    assert rtd_pages == make_pages
    # What is published is the site: no doctrees, pickles or build state.
    published = [p.relative_to(output / "html") for p in (output / "html").rglob("*")]
    assert not [p for p in published if p.parts[0] == ".doctrees"
                or p.suffix in (".pickle", ".doctree")], published
    feed = (output / "html" / "news.atom").read_text()
    assert f"{RTD_URL}news.html#" in feed
    # Canonical links, og:url, JSON-LD, sitemap, robots.txt and the 404 page
    # follow Read the Docs' address too (in a subfolder: /en/latest/).
    check_urls_follow(output / "html", RTD_URL, "songhan.mit.edu")
