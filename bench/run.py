"""``make bench``: build speed, scaling and page weight of the homepage, each
against a baseline measured in the same run; writes BENCHMARKS.md and
bench/results.json, and prints PASS/MISS per target.

    .venv/bin/python bench/run.py            # the full run (make bench)
    .venv/bin/python bench/run.py --quick    # small sizes, 2 runs: for development

Every build is a separate ``python -m sphinx`` process with the Makefile's
options but ``-W`` (``--keep-going -n``; warnings are counted instead), in a
scratch directory: the repository's files are only read. See bench/README.md.
"""

import argparse
import json
import math
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from importlib.metadata import version
from pathlib import Path

import psutil

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import generate  # noqa: E402
from measure import (BuildFailed, BuildTimeout, Figure, measure, run_build,  # noqa: E402
                     sphinx_command)
import sites  # noqa: E402
from weight import page_weight  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
GIB = 1024 ** 3

FULL = {"runs": 5, "sizes": [100, 1000, 5000], "timeout": 600, "budget_min": 45}
QUICK = {"runs": 2, "sizes": [50, 200], "timeout": 300, "budget_min": 15}

#: The sections, in the order they run.
SECTIONS = ["real_site", "weight", "baseline", "scale", "baseline_with_pages", "profiles"]

#: A build whose warm-up takes longer than this is its figure's only run, so
#: the full run stays bounded on a 2-core machine; BENCHMARKS.md says where.
SLOW_AFTER = 60.0

#: Timed runs of each slow scale figure (-j 1 and -j auto), the two taken in
#: turn: this machine's speed drifts by 15 % over minutes, so one run each
#: compared a fast moment with a slow one; in turn, each pair shares one.
SLOW_ROUNDS = 3

#: Edit and no-op pairs of the real site, per timed run of the other
#: figures. This machine runs a no-op of the site in 0.8 s or in 1.3 s,
#: in phases of tens of seconds (CPU time follows: the processor itself
#: slows), so five pairs put their ratio anywhere from 1.27 to 1.40.
NEWS_PAIRS_PER_RUN = 3


class Bench:
    def __init__(self, args) -> None:
        self.args = args
        self.config = dict(QUICK if args.quick else FULL)
        if args.runs:
            self.config["runs"] = args.runs
        if args.sizes:
            self.config["sizes"] = args.sizes
        self.deadline = time.monotonic() + self.config["budget_min"] * 60
        self.work = Path(args.workdir or tempfile.mkdtemp(prefix="homepage-bench-"))
        self.work.mkdir(parents=True, exist_ok=True)
        self.logs = self.work / "logs"
        self.logs.mkdir(exist_ok=True)
        self.results: dict = {"figures": {}, "ratios": {}, "targets": [], "weight": [],
                              "scale": {}, "profiles": {}, "skipped": []}

    # -- helpers ----------------------------------------------------------
    def remaining(self) -> float:
        return self.deadline - time.monotonic()

    def timeout(self) -> float:
        return max(30.0, min(self.config["timeout"], self.remaining()))

    def figure(self, key: str, figure: Figure) -> Figure:
        self.results["figures"][key] = figure.as_dict()
        return figure

    def build(self, key: str, site: Path, out: str, *, clean: bool, jobs: str | None = None,
              prepare=None, runs: int | None = None, warmups: int = 1, slow: bool = False,
              strict: bool = False) -> Figure:
        outdir, doctrees = self.work / out / "html", self.work / out / "doctrees"
        command = sphinx_command(site / "docs", site, outdir, doctrees, jobs, strict)

        def prepare_run(run: int) -> None:
            if clean:
                shutil.rmtree(self.work / out, ignore_errors=True)
            if prepare:
                prepare(run)

        figure = measure(key, command, site, runs=runs or self.config["runs"],
                         warmups=warmups, prepare=prepare_run, timeout=self.timeout(),
                         log=self.logs / f"{key}.log",
                         slow_after=SLOW_AFTER if slow else None)
        return self.figure(key, figure)

    def ratio(self, key: str, numerator: str, denominator: str) -> float | None:
        top = self.results["figures"].get(numerator, {}).get("median_s")
        bottom = self.results["figures"].get(denominator, {}).get("median_s")
        value = top / bottom if top and bottom else None
        self.results["ratios"][key] = {"value": value, "of": numerator, "to": denominator}
        return value

    def target(self, name: str, value, limit, unit: str = "×", note: str = "") -> None:
        status = "MISS" if value is None else ("PASS" if value <= limit else "MISS")
        self.results["targets"].append({"target": name, "value": value, "limit": limit,
                                        "unit": unit, "status": status, "note": note})

    # -- 1 and 2: the real site against the floor ------------------------
    def real_site(self) -> None:
        print("1-2. Real site vs floor")
        real = sites.copy_real_site(self.work / "real")
        floor = sites.make_floor(self.work / "floor")
        self.build("floor_full", floor, "floor-out", clean=True, slow=True)
        self.build("real_full", real, "real-out", clean=True, slow=True)
        # The last clean build stays: the no-op and edit rebuilds start from it.
        self.build("floor_noop", floor, "floor-out", clean=False)
        news = (real / "docs" / "news.md").read_text(encoding="utf-8")
        pairs = self.edit_and_noop(real, news)
        (real / "docs" / "news.md").write_text(news, encoding="utf-8")
        bib = (real / "refs.bib").read_text(encoding="utf-8")
        self.build("real_edit_bib", real, "real-out", clean=False,
                   prepare=lambda run: sites.edit_bib_entry(real, bib, run))
        (real / "refs.bib").write_text(bib, encoding="utf-8")
        self.target("Real site full build / floor full build",
                    self.ratio("full_vs_floor", "real_full", "floor_full"), 1.5)
        self.target("No-op rebuild / floor's no-op rebuild",
                    self.ratio("noop_vs_floor_noop", "real_noop", "floor_noop"), 1.1)
        news_vs_noop = self.ratio("news_vs_noop", "real_edit_news", "real_noop")
        self.target("One-news-item rebuild / no-op rebuild", news_vs_noop, 1.3,
                    note=self.pair_ratios("news_vs_noop", *pairs))
        self.ratio("bib_vs_noop", "real_edit_bib", "real_noop")
        self.ratio("bib_vs_full", "real_edit_bib", "real_full")

    def edit_and_noop(self, real: Path, news: str) -> tuple[Figure, Figure]:
        """The no-op and the one-news-item rebuilds of the real site, in
        turn: an edit, then a no-op after it (nothing changed since). Their
        ratio is a target, and this machine's speed drifts over minutes:
        measured one after the other, each pair shares one moment. Returns
        the two figures, their builds in pairs."""
        out = self.work / "real-out"
        command = sphinx_command(real / "docs", real, out / "html", out / "doctrees")
        figures = {key: Figure(key, warmups=1) for key in ("real_edit_news", "real_noop")}
        print("  real_edit_news and real_noop, in turn ...", end="", flush=True)
        key = "real_edit_news"
        try:
            # the first pair is the warm-up
            for run in range(1 + self.config["runs"] * NEWS_PAIRS_PER_RUN):
                sites.edit_news(real, news, run)
                for key in figures:
                    build = run_build(command, real, self.timeout(), self.logs / f"{key}.log")
                    if run:
                        figures[key].builds.append(build)
        except (BuildFailed, BuildTimeout) as error:
            figures[key].error = f"{type(error).__name__}: {error}"
        for key, figure in figures.items():
            warned = max((build.warnings for build in figure.builds), default=0)
            figure.note = "; ".join(filter(None, [
                "in turn: an edit, then a no-op" if figure.builds else "",
                f"{warned} warning(s): see {self.logs / (key + '.log')}" if warned else ""]))
            self.figure(key, figure)
        print(" " + ", ".join(f"{key} median {figure.median:.2f} s" for key, figure
                              in figures.items() if figure.builds))
        return figures["real_edit_news"], figures["real_noop"]

    def pair_ratios(self, key: str, numerator: Figure, denominator: Figure) -> str:
        """The ratios of builds taken in pairs (each pair shares one moment
        of the machine), kept with the ratio ``key`` and said in the target's
        note."""
        pairs = [top.seconds / bottom.seconds for top, bottom in
                 zip(numerator.builds, denominator.builds)]
        if len(pairs) < 4:
            return ""
        quarter, median, three_quarters = statistics.quantiles(pairs, n=4)
        self.results["ratios"][key]["pairs"] = {
            "count": len(pairs), "median": median, "quartiles": [quarter, three_quarters]}
        return (f"median of the {len(pairs)} pairs' own ratios: {median:.2f} "
                f"(middle half {quarter:.2f} to {three_quarters:.2f})")

    # -- 5: page weight ----------------------------------------------------
    def weight(self) -> None:
        print("5. Page weight")
        html = self.work / "real-weight"
        shutil.rmtree(html, ignore_errors=True)
        real = self.work / "real"
        subprocess.run(sphinx_command(real / "docs", real, html / "html", html / "doctrees"),
                       cwd=real, check=True, stdout=subprocess.DEVNULL)
        root = html / "html"
        pages = [root / f"{doc.stem}.html" for doc in sorted((real / "docs").glob("*.md"))]
        papers = sorted((root / "publications").glob("*.html"))
        pages += papers[:1]
        for page in pages:
            self.results["weight"].append(page_weight(page, root))
            print(f"  {page.relative_to(root)}: {self.results['weight'][-1]['gzip']:,} B gzip")
        home = next(w for w in self.results["weight"] if w["page"] == "index.html")
        self.target("Home page, gzipped (HTML+CSS+JS+fonts+images)", home["gzip"] / 1000,
                    150, "KB")

    # -- 3: scale ----------------------------------------------------------
    def scale(self) -> None:
        print("3. Scale (generated sites)")
        previous: tuple[int, float] | None = None
        for size in self.config["sizes"]:
            site = self.work / f"gen{size}"
            if not site.exists():
                generate(size, site)
            figures = {}
            for jobs in ("1", "auto"):
                key = f"scale_{size}_j{jobs}"
                # Linear projection from the previous size: skip a build that
                # cannot finish within the per-build time limit.
                if previous and previous[1] * size / previous[0] > self.timeout():
                    projected = previous[1] * size / previous[0]
                    self.results["skipped"].append(
                        f"{key}: projected {projected:.0f} s (linear from {previous[0]:,} "
                        f"entries) > the {self.timeout():.0f} s limit per build")
                    print(f"  {key} skipped: projected {projected:.0f} s")
                    continue
                out = f"gen{size}-out-j{jobs}"
                figure = self.build(key, site, out, clean=True, jobs=jobs, slow=True)
                shutil.rmtree(self.work / out, ignore_errors=True)
                figures[key] = (jobs, out, figure)
                if jobs == "1" and figure.median:
                    previous = (size, figure.median)
            self.more_slow_rounds(size, site, figures)
            self.results["scale"][size] = {
                jobs: self.results["figures"].get(f"scale_{size}_j{jobs}")
                for jobs in ("1", "auto")}
        big, mid = self.config["sizes"][-1], self.config["sizes"][-2]
        for jobs in ("1", "auto"):
            ratio = self.ratio(f"growth_{mid}_{big}_j{jobs}", f"scale_{big}_j{jobs}",
                               f"scale_{mid}_j{jobs}")
            self.results["ratios"][f"growth_{mid}_{big}_j{jobs}"]["exponent"] = (
                math.log(ratio) / math.log(big / mid) if ratio else None)
        label = f"{big:,} entries" + (" (quick run: not the 5,000 of the target)"
                                      if big != 5000 else "")
        fig = self.results["figures"].get(f"scale_{big}_jauto", {})
        self.target(f"{label} with paper pages, -j auto: full build",
                    fig.get("median_s"), 90, "s")
        # Two workers on this 2-core machine must pay for themselves.
        serial = self.results["figures"].get(f"scale_{big}_j1", {}).get("median_s")
        self.target(f"{label} with paper pages: -j auto / -j 1",
                    fig.get("median_s") / serial if fig.get("median_s") and serial else None,
                    0.8)
        # The memory the build holds: PSS counts a page its forked processes
        # share once (their RSS counts it in each); the RSS sum is in the table.
        pss, rss = fig.get("tree_pss_peak_bytes"), fig.get("tree_rss_peak_bytes")
        self.target(f"{label}, -j auto: peak memory of the build process tree (PSS)",
                    pss / GIB if pss else None, 2, "GiB",
                    f"RSS summed over the processes: {rss / GIB:.2f} GiB" if rss else "")
        self.target(f"Growth {mid:,}→{big:,} entries: time ratio (-j 1)",
                    self.results["ratios"][f"growth_{mid}_{big}_j1"]["value"],
                    5.5 if big / mid == 5 else 1.1 * big / mid)

    def more_slow_rounds(self, size: int, site: Path,
                         figures: dict[str, tuple[str, str, Figure]]) -> None:
        """When both builds of a size were too slow for repeats (one run
        each), up to ``SLOW_ROUNDS`` runs each, -j 1 and -j auto in turn, as
        the time budget allows. ``figures``: key -> (jobs, output folder,
        figure so far)."""
        slow = [figure for _, _, figure in figures.values()
                if len(figure.builds) == 1 and not figure.error and not figure.warmups]
        if len(slow) != 2:
            return
        for _ in range(SLOW_ROUNDS - 1):
            if self.remaining() < 2 * sum(figure.median for figure in slow) + 600:
                self.results["skipped"].append(
                    f"scale_{size}: more rounds would not fit in the time budget")
                break
            for key, (jobs, out, figure) in figures.items():
                again = self.build(key, site, out, clean=True, jobs=jobs, runs=1, warmups=0)
                shutil.rmtree(self.work / out, ignore_errors=True)
                figure.builds += again.builds
                figure.error = figure.error or again.error
                figure.note = "; ".join(filter(None, [figure.note, again.note]))
        for key, (_, _, figure) in figures.items():
            if len(figure.builds) > 1:
                # measure()'s first note said "the only run"; what else it said stays.
                rest = figure.note.split("; ", 1)[1:] if "only run" in figure.note else [figure.note]
                figure.note = "; ".join(filter(None, [
                    f"first build took {figure.builds[0].seconds:.0f} s > {SLOW_AFTER:.0f} s: "
                    f"no warm-up; {len(figure.builds)} runs, -j 1 and -j auto in turn", *rest]))
            self.figure(key, figure)

    # -- 4: our extension against plain sphinxcontrib-bibtex ---------------
    def baseline(self) -> None:
        size = self.config["sizes"][-1]
        print(f"4. Baseline: {size:,} entries, plain sphinxcontrib-bibtex vs ours")
        site = self.work / f"gen{size}"
        if not site.exists():
            generate(size, site)
        # Without the keywords field: a one-page project declares no research
        # areas, and one warning per entry would time the logger, not the list.
        bib = self.work / f"baseline-{size}.bib"
        source = (site / "refs.bib").read_text(encoding="utf-8")
        bib.write_text(re.sub(r"(?m)^\s*keywords\s*=.*\n", "", source), encoding="utf-8")
        plain = sites.make_plain_bibtex(self.work / "plain", bib)
        bare = sites.make_ours_publications(self.work / "ours-nopages", bib, paper_pages=False)
        sites.make_ours_publications(self.work / "ours", bib, paper_pages=True)
        self.build("plain_bibtex", plain, "plain-out", clean=True, slow=True)
        self.build("ours_publications_no_paper_pages", bare, "ours-nopages-out", clean=True,
                   slow=True)
        self.target(f"Our publications page (no paper pages) / plain sphinxcontrib-bibtex, "
                    f"{size:,} entries",
                    self.ratio("ours_vs_plain", "ours_publications_no_paper_pages",
                               "plain_bibtex"), 1.0)

    def baseline_with_pages(self) -> None:
        """After the scale section: as long as the whole site of that size."""
        size = self.config["sizes"][-1]
        key = "ours_publications_with_paper_pages"
        whole_site = self.results["figures"].get(f"scale_{size}_j1", {})
        if not whole_site.get("median_s") or self.remaining() < 2 * whole_site["median_s"]:
            self.results["skipped"].append(
                f"{key}: the whole {size:,}-entry site (same paper pages) was not measured "
                "or would not fit in the time budget")
            print(f"  {key} skipped")
            return
        self.build(key, self.work / "ours", "ours-out", clean=True, slow=True)
        shutil.rmtree(self.work / "ours-out", ignore_errors=True)
        self.ratio("ours_with_pages_vs_plain", key, "plain_bibtex")

    # -- profiles of the missed targets ------------------------------------
    def profiles(self) -> None:
        from profiling import hot_spots, profile_build
        misses = [t["target"] for t in self.results["targets"] if t["status"] == "MISS"]
        if not misses or self.args.no_profile:
            return
        print("Profiles of the missed targets (pyinstrument, -j 1)")
        real = self.work / "real"
        news = (real / "docs" / "news.md").read_text(encoding="utf-8")
        # The largest generated size that was measured: the costs that grow
        # faster than the entries only show at scale.
        measured = [size for size in self.config["sizes"]
                    if self.results["figures"].get(f"scale_{size}_j1", {}).get("median_s")]
        smallest = measured[-1] if measured else self.config["sizes"][0]
        # (key, site, output dir, clean first?, edit before the profiled build)
        wanted = []
        if any(name.startswith("Real site") for name in misses):
            wanted.append(("real_full", real, "profile-real", True, None))
        if any(name.startswith(("No-op", "One-news")) for name in misses):
            wanted.append(("real_noop", real, "profile-real", False, None))
        if any(name.startswith("One-news") for name in misses):
            wanted.append(("real_edit_news", real, "profile-real", False,
                           lambda: sites.edit_news(real, news, 999)))
        if any("entries" in name and not name.startswith("Our") for name in misses):
            wanted.append((f"scale_{smallest}", self.work / f"gen{smallest}",
                           "profile-scale", True, None))
        if any(name.startswith("Our publications") for name in misses):
            wanted.append(("ours_publications_no_paper_pages", self.work / "ours-nopages",
                           "profile-ours", True, None))
        synced = set()
        for key, site, out, clean, edit in wanted:
            if self.remaining() < 60:
                self.results["skipped"].append(f"profile {key}: out of time budget")
                continue
            outdir = self.work / out
            command = sphinx_command(site / "docs", site, outdir / "html", outdir / "doctrees")
            if clean:
                shutil.rmtree(outdir, ignore_errors=True)
            elif out not in synced:
                # An up-to-date output first, so that the profiled build is
                # the no-op (or the one edit).
                subprocess.run(command, cwd=site, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
            synced.add(out)
            if edit:
                edit()
            try:
                session = profile_build(command[3:], site, self.work / f"{key}.pyisession",
                                        timeout=max(60, self.remaining()))
            except (subprocess.SubprocessError, OSError) as error:
                self.results["skipped"].append(f"profile {key}: {error}")
                continue
            finally:
                (real / "docs" / "news.md").write_text(news, encoding="utf-8")
            self.results["profiles"][key] = hot_spots(session)
            print(f"  {key}: {self.results['profiles'][key]['total_s']} s profiled")

    # -- the run -----------------------------------------------------------
    def machine(self) -> dict:
        def git(*args):
            try:
                return subprocess.run(["git", *args], cwd=ROOT, capture_output=True,
                                      text=True, check=True).stdout.strip()
            except (subprocess.SubprocessError, OSError):
                return ""
        return {
            "cpu_logical": os.cpu_count(), "cpu_physical": psutil.cpu_count(logical=False),
            "cpu_model": platform.processor() or platform.machine(),
            "memory_bytes": psutil.virtual_memory().total,
            "python": platform.python_version(), "platform": platform.platform(),
            "versions": {name: version(name) for name in (
                "sphinx", "sphinxcontrib-bibtex", "pybtex", "myst-parser", "furo",
                "sphinx-design", "docutils")},
            "git_commit": git("rev-parse", "HEAD"),
            "git_dirty": bool(git("status", "--porcelain", "--untracked-files=no")),
        }

    def run(self) -> dict:
        started = time.time()
        self.results["machine"] = self.machine()
        self.results["mode"] = "quick" if self.args.quick else "full"
        self.results["config"] = self.config
        self.results["load_start"] = os.getloadavg()
        try:
            for name in SECTIONS:
                if name not in self.args.sections:
                    continue
                try:
                    getattr(self, name)()
                except Exception as error:  # one broken section must not lose the others
                    self.results["skipped"].append(f"section {name} failed: {error!r}")
                    print(f"section {name} failed: {error!r}")
        finally:
            self.results["load_end"] = os.getloadavg()
            self.results["elapsed_s"] = time.time() - started
            self.results["started"] = time.strftime("%Y-%m-%d %H:%M:%S %Z",
                                                    time.localtime(started))
        return self.results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true",
                        help="small sites and 2 runs per figure (development)")
    parser.add_argument("--runs", type=int, help="timed runs per figure (after a warm-up)")
    parser.add_argument("--sizes", type=int, nargs="+", help="generated site sizes")
    parser.add_argument("--workdir", help="scratch directory (default: a new temp dir)")
    parser.add_argument("--no-profile", action="store_true", help="skip pyinstrument")
    parser.add_argument("--sections", nargs="+", choices=SECTIONS, default=SECTIONS,
                        help="run only these sections (development)")
    parser.add_argument("--json", type=Path, default=ROOT / "bench" / "results.json")
    parser.add_argument("--markdown", type=Path, default=ROOT / "BENCHMARKS.md")
    parser.add_argument("--keep", action="store_true", help="keep the scratch directory")
    parser.add_argument("--report-only", action="store_true",
                        help="rewrite the Markdown from the JSON (after editing analysis.md)")
    args = parser.parse_args()
    if args.report_only:
        from report import markdown
        results = json.loads(args.json.read_text(encoding="utf-8"))
        args.markdown.write_text(markdown(results), encoding="utf-8")
        print(f"Wrote {args.markdown} from {args.json}")
        return
    bench = Bench(args)
    print(f"Scratch directory: {bench.work}")
    try:
        results = bench.run()
    finally:
        if not args.keep and not args.workdir:
            shutil.rmtree(bench.work, ignore_errors=True)
    args.json.write_text(json.dumps(results, indent=1, default=str) + "\n", encoding="utf-8")
    from report import markdown
    args.markdown.write_text(markdown(results), encoding="utf-8")
    print()
    for target in results["targets"]:
        value = "n/a" if target["value"] is None else f"{target['value']:.2f}"
        print(f"{target['status']}  {target['target']}: {value} {target['unit']} "
              f"(target ≤ {target['limit']} {target['unit']})")
    print(f"\nWrote {args.markdown} and {args.json}")


if __name__ == "__main__":
    main()
