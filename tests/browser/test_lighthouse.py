"""Lighthouse (the npm package pinned in package.json, run on Debian's
Chromium) on the five pages people land on, with its default mobile preset:
accessibility, best practices and SEO at 100, performance at least 95. The
scores are written to _build/lighthouse.json for people to read."""

import json
import os
import subprocess
from pathlib import Path

import pytest
from .browsing import CHROMIUM, CHROMIUM_FLAGS

ROOT = Path(__file__).resolve().parents[2]
LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
REPORT = ROOT / "_build" / "lighthouse.json"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
PERFECT = ("accessibility", "best-practices", "seo")
MIN_PERFORMANCE = 95


def _failed_audits(report: dict, category: str) -> list[str]:
    """The audits of a category that cost points, with Lighthouse's summary."""
    failed = []
    for ref in report["categories"][category]["auditRefs"]:
        audit = report["audits"][ref["id"]]
        if ref["weight"] and audit["score"] is not None and audit["score"] < 1:
            failed.append(f"{ref['id']} ({audit['score']}): "
                          f"{audit.get('displayValue') or audit['title']}")
    return failed


@pytest.fixture(scope="module")
def lighthouse(base_url, paper_page, tmp_path_factory) -> dict[str, dict]:
    """Runs Lighthouse on each page (twice if its performance falls short);
    returns each page's scores (0-100) and the audits that cost points, and
    writes them to _build/lighthouse.json."""
    if not LIGHTHOUSE.exists():
        pytest.fail(f"{LIGHTHOUSE} is missing: `make test` installs it with `npm ci`")
    out = tmp_path_factory.mktemp("lighthouse")
    env = dict(os.environ, CHROME_PATH=CHROMIUM)
    pages = {"home": "", "research": "research.html", "news": "news.html",
             "publications": "publications.html", "paper": paper_page}
    results: dict[str, dict] = {}
    for name, path in pages.items():
        report = _run(base_url, path, out / f"{name}.json", env)
        performance_runs = [_score(report, "performance")]
        if performance_runs[0] < MIN_PERFORMANCE:
            # Lighthouse times the CPU work it observes: on this shared
            # 2-core machine another job can slow one run, so a low score
            # gets one more run, and both are reported.
            retry = _run(base_url, path, out / f"{name}-again.json", env)
            performance_runs.append(_score(retry, "performance"))
            if performance_runs[1] > performance_runs[0]:
                report = retry
        results[name] = {
            "url": f"/{path}",
            "scores": {c: _score(report, c) for c in CATEGORIES},
            "performance_runs": performance_runs,
            "failed_audits": {c: _failed_audits(report, c) for c in CATEGORIES
                              if _failed_audits(report, c)},
        }
    REPORT.parent.mkdir(exist_ok=True)
    REPORT.write_text(json.dumps({"lighthouse": _version(), "preset": "mobile (default)",
                                  "pages": results}, indent=2) + "\n")
    return results


def _run(base_url: str, path: str, report_path: Path, env: dict) -> dict:
    run = subprocess.run(
        [str(LIGHTHOUSE), f"{base_url}/{path}", "--quiet", "--output=json",
         f"--output-path={report_path}", f"--only-categories={','.join(CATEGORIES)}",
         "--chrome-flags=" + " ".join(["--headless=new", *CHROMIUM_FLAGS])],
        capture_output=True, text=True, env=env, timeout=240)
    assert run.returncode == 0, f"lighthouse failed on /{path}:\n{run.stderr[-3000:]}"
    report = json.loads(report_path.read_text())
    assert not report.get("runtimeError"), report["runtimeError"]
    return report


def _score(report: dict, category: str) -> int:
    return round(report["categories"][category]["score"] * 100)


def _version() -> str:
    package = ROOT / "node_modules" / "lighthouse" / "package.json"
    return json.loads(package.read_text())["version"]


def test_accessibility_best_practices_and_seo_are_100(lighthouse):
    below = {name: {c: (r["scores"][c], r["failed_audits"].get(c)) for c in PERFECT
                    if r["scores"][c] < 100}
             for name, r in lighthouse.items()}
    below = {name: cats for name, cats in below.items() if cats}
    assert not below, f"Lighthouse below 100: {json.dumps(below, indent=1)}"


def test_performance_is_at_least_95(lighthouse):
    slow = {name: (r["scores"]["performance"], r["failed_audits"].get("performance"))
            for name, r in lighthouse.items() if r["scores"]["performance"] < MIN_PERFORMANCE}
    assert not slow, f"Lighthouse performance below {MIN_PERFORMANCE}: {json.dumps(slow, indent=1)}"
