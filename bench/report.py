"""BENCHMARKS.md from the results of bench/run.py (also bench/results.json).
The hand-written analysis in bench/analysis.md, if any, is included as is."""

import math
from pathlib import Path

HERE = Path(__file__).resolve().parent
GIB = 1024 ** 3
MIB = 1024 ** 2

DESCRIPTIONS = {
    "floor_full": "Floor: one page, same conf.py/theme/extensions, one-entry refs.bib — clean build",
    "real_full": "Real site (docs/, conf.py, refs.bib) — clean build",
    "floor_noop": "Floor — no-op rebuild",
    "real_noop": "Real site — no-op rebuild",
    "real_edit_news": "Real site — rebuild after editing one news item (docs/news.md)",
    "real_edit_bib": "Real site — rebuild after editing one refs.bib entry (a title)",
    "plain_bibtex": "Plain sphinxcontrib-bibtex: one `{bibliography}` `:all:`, default style (the site's other extensions and theme, not ours)",
    "ours_publications_no_paper_pages": "Ours: one page with `{publications}`, paper pages dropped",
    "ours_publications_with_paper_pages": "Ours: one page with `{publications}` + its per-paper pages",
}


def seconds(value) -> str:
    return "—" if value is None else f"{value:.2f}"


def mib(value) -> str:
    """Bytes as MiB; a dash for a figure not measured (results before PSS was)."""
    return "—" if not value else f"{value / MIB:.0f}"


def figure_row(key: str, fig: dict | None, label: str) -> str:
    if not fig or not fig.get("runs"):
        error = (fig or {}).get("error", "not measured")
        return f"| {label} | — | — | — | 0 | — | {error[:120].splitlines()[0] if error else ''} |"
    rss = fig.get("tree_rss_peak_bytes") or 0
    return (f"| {label} | {seconds(fig['median_s'])} | {seconds(fig['min_s'])} | "
            f"{seconds(fig['max_s'])} | {fig['runs']} | {rss / MIB:.0f} | "
            f"{fig.get('note') or ''} |")


def ratio_text(ratio: dict | None) -> str:
    return "—" if not ratio or ratio.get("value") is None else f"{ratio['value']:.2f}×"


def markdown(results: dict) -> str:
    machine = results["machine"]
    figures = results["figures"]
    ratios = results["ratios"]
    lines = [
        "# Benchmarks",
        "",
        "Written by `make bench` (`bench/run.py`); the same figures are in "
        "`bench/results.json`. Do not edit by hand: the analysis below comes from "
        "`bench/analysis.md`.",
        "",
        f"Run: {results['mode']} mode, started {results['started']}, took "
        f"{results['elapsed_s'] / 60:.1f} min. Each figure is the median of the timed "
        "runs after one untimed warm-up build, with min and max; every build is a "
        "separate `python -m sphinx --keep-going -n -q` process (as the Makefile's, without `-W`: warnings are counted and shown in the Note column instead of failing the figure).",
        "",
        "## Machine",
        "",
        f"- CPU: {machine['cpu_logical']} logical cores ({machine['cpu_physical']} physical), "
        f"{machine['cpu_model']}; memory {machine['memory_bytes'] / GIB:.1f} GiB",
        f"- {machine['platform']}, Python {machine['python']}",
        "- " + ", ".join(f"{name} {ver}" for name, ver in machine["versions"].items()),
        f"- Commit {machine['git_commit'][:12]}"
        + (" with uncommitted changes" if machine["git_dirty"] else ""),
        "- Load average (1, 5, 15 min) at start "
        + ", ".join(f"{x:.2f}" for x in results["load_start"])
        + ", at end " + ", ".join(f"{x:.2f}" for x in results["load_end"])
        + ". The load counts the bench's own builds (a `-j auto` build is two or three "
        "processes); the 1-minute load when each build started is in the JSON "
        "(`builds[].load`). On 2 cores a load above 2 means a build competed for the CPU: "
        "its time is pessimistic. This virtual machine's speed also drifts between runs "
        "(see the analysis).",
        "",
        "## Targets",
        "",
        "| Target | Measured | Limit | Status | Note |",
        "|---|---|---|---|---|",
    ]
    for target in results["targets"]:
        value = "—" if target["value"] is None else f"{target['value']:.2f} {target['unit']}"
        lines.append(f"| {target['target']} | {value} | ≤ {target['limit']} {target['unit']} "
                     f"| **{target['status']}** | {target.get('note') or ''} |")
    lines += [
        "",
        "## 1–2. Real site against the floor (seconds; peak RSS of the process tree, MiB)",
        "",
        "| Build | Median | Min | Max | Runs | RSS MiB | Note |",
        "|---|---|---|---|---|---|---|",
    ]
    for key in ("floor_full", "real_full", "floor_noop", "real_noop", "real_edit_news",
                "real_edit_bib"):
        lines.append(figure_row(key, figures.get(key), DESCRIPTIONS[key]))
    lines += [
        "",
        f"Ratios: full / floor full {ratio_text(ratios.get('full_vs_floor'))}; "
        f"no-op / floor no-op {ratio_text(ratios.get('noop_vs_floor_noop'))}; "
        f"news edit / no-op {ratio_text(ratios.get('news_vs_noop'))}; "
        f"refs.bib edit / no-op {ratio_text(ratios.get('bib_vs_noop'))}; "
        f"refs.bib edit / full {ratio_text(ratios.get('bib_vs_full'))}.",
        "",
        "## 3. Scale: generated sites (bench/generate.py, seeded), clean builds with "
        "per-paper pages",
        "",
        "One `{news}` item per five entries, each citing a paper; pages written like "
        "docs/ (`{research-area}` ×5, `{publications}`, `{news}`, `{latest-news}`, "
        "`{selected-publications}`). Peak memory: RSS summed over the build's process "
        "tree (sampled every 50 ms); PSS summed over it (sampled every 2 s: a page that "
        "`-j` processes share counts once, split among them, so this is the memory the "
        "build holds; the RSS sum counts a shared page in every process); and `ru_maxrss` "
        "of the largest single process.",
        "",
        "| Entries | -j | Median s | Min | Max | Runs | Tree RSS peak MiB | Tree PSS peak MiB "
        "| max RSS MiB | Note |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for size in results["config"]["sizes"]:
        for jobs in ("1", "auto"):
            fig = figures.get(f"scale_{size}_j{jobs}")
            if not fig or not fig.get("runs"):
                why = (fig or {}).get("error") or next(
                    (s for s in results["skipped"] if s.startswith(f"scale_{size}_j{jobs}")),
                    "not measured")
                lines.append(f"| {size:,} | {jobs} | — | — | — | 0 | — | — | — | "
                             f"{why.splitlines()[0][:160]} |")
                continue
            lines.append(
                f"| {size:,} | {jobs} | {seconds(fig['median_s'])} | {seconds(fig['min_s'])} | "
                f"{seconds(fig['max_s'])} | {fig['runs']} | "
                f"{(fig['tree_rss_peak_bytes'] or 0) / MIB:.0f} | "
                f"{mib(fig.get('tree_pss_peak_bytes'))} | "
                f"{(fig['maxrss_bytes'] or 0) / MIB:.0f} | {fig.get('note') or ''} |")
    sizes = results["config"]["sizes"]
    for small, large in zip(sizes, sizes[1:]):
        for jobs in ("1", "auto"):
            low_fig = figures.get(f"scale_{small}_j{jobs}") or {}
            high_fig = figures.get(f"scale_{large}_j{jobs}") or {}
            low, high = low_fig.get("median_s"), high_fig.get("median_s")
            # Figures measured under different conditions make no ratio.
            separate = ["separately" in (f.get("note") or "") for f in (low_fig, high_fig)]
            if low and high and separate[0] == separate[1]:
                lines += ["", f"Growth {small:,}→{large:,} entries, -j {jobs}: time ratio "
                          f"{high / low:.2f}× for {large / small:.0f}× the entries, exponent "
                          f"{math.log(high / low) / math.log(large / small):.2f} "
                          "(1.00 = linear)."]
    quiet = figures.get("scale_1000_jauto_quiet")
    if quiet:
        lines += ["", "| Entries | -j | Median s | Min | Max | Runs | Tree RSS peak MiB | "
                  "max RSS MiB | Note |", "|---|---|---|---|---|---|---|---|---|",
                  f"| 1,000 (again) | auto | {seconds(quiet['median_s'])} | "
                  f"{seconds(quiet['min_s'])} | {seconds(quiet['max_s'])} | {quiet['runs']} | "
                  f"{quiet['tree_rss_peak_bytes'] / MIB:.0f} | {quiet['maxrss_bytes'] / MIB:.0f} | "
                  f"{quiet['note']} |"]
    if results.get("supplementary_note"):
        lines += ["", results["supplementary_note"]]
    growth = [(key, value) for key, value in ratios.items() if key.startswith("growth_")]
    for key, value in growth:
        exponent = value.get("exponent")
        lines.append("")
        lines.append(f"Growth `{key}`: time ratio {ratio_text(value)}, exponent "
                     f"{'—' if exponent is None else f'{exponent:.2f}'} (1.00 = linear).")
    size = results["config"]["sizes"][-1]
    lines += [
        "",
        f"## 4. Baseline: the same {size:,}-entry refs.bib, plain sphinxcontrib-bibtex "
        "against our `{publications}`",
        "",
        "Each is a one-page project with the same parser (MyST) and theme (furo). "
        "\"No paper pages\" drops our `builder-inited` handler that writes the paper "
        "pages' sources (`paperpages.write_stubs`) in the bench's copy of conf.py "
        "(the like-for-like comparison: one page listing every entry); "
        "\"with paper pages\" is the extension as shipped (one more page per entry).",
        "",
        "| Build | Median | Min | Max | Runs | RSS MiB | Note |",
        "|---|---|---|---|---|---|---|",
    ]
    for key in ("plain_bibtex", "ours_publications_no_paper_pages",
                "ours_publications_with_paper_pages"):
        lines.append(figure_row(key, figures.get(key), DESCRIPTIONS[key]))
    lines += [
        "",
        f"Ratios to plain sphinxcontrib-bibtex: no paper pages "
        f"{ratio_text(ratios.get('ours_vs_plain'))}, with paper pages "
        f"{ratio_text(ratios.get('ours_with_pages_vs_plain'))}.",
        "",
        "## 5. Page weight (real site; every file the page loads, CSS `url()` followed)",
        "",
        "| Page | Total raw | Total gzip | HTML gz | CSS gz | JS gz | Fonts gz | Images gz | Files |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for weight in results["weight"]:
        kinds = weight["by_kind"]

        def gz(kind):
            return f"{kinds[kind]['gzip'] / 1000:.1f} KB" if kind in kinds else "0"
        lines.append(
            f"| {weight['page']} | {weight['raw'] / 1000:.1f} KB | {weight['gzip'] / 1000:.1f} KB"
            f" | {gz('html')} | {gz('css')} | {gz('js')} | {gz('fonts')} | {gz('images')} | "
            f"{len(weight['files'])} |")
    external = sorted({url for weight in results["weight"] for url in weight["external"]})
    lines += ["", "KB = 1,000 bytes; gzip level 6, each file compressed separately. "
              + (f"External URLs (not counted): {', '.join(external)}." if external
                 else "No page loads anything from another host.")]
    if results["skipped"]:
        lines += ["", "## Skipped", ""] + [f"- {item}" for item in results["skipped"]]
    if results["profiles"]:
        lines += ["", "## Profiles of the missed targets", "",
                  "pyinstrument 5.1.3, one clean `-j 1` build each, 5 ms interval "
                  "(the profiler slows the build; the shares are what matters). "
                  "Inclusive time counts a recursive function once."]
        for key, profile in results["profiles"].items():
            lines += ["", f"### {key} ({profile['total_s']:.1f} s profiled)", "",
                      "Top functions by inclusive time:", "",
                      "| Function | File:line | Seconds | Share |", "|---|---|---|---|"]
            lines += [f"| `{row['function']}` | {row['file']}:{row['line']} | "
                      f"{row['seconds']:.2f} | {row['share'] * 100:.1f} % |"
                      for row in profile["inclusive"]]
            if profile.get("extension"):
                lines += ["", "Functions of the homepage extension (`_ext/sphinx_scholar`), by "
                          "inclusive time:", "",
                          "| Function | File:line | Seconds | Share |", "|---|---|---|---|"]
                lines += [f"| `{row['function']}` | {row['file']}:{row['line']} | "
                          f"{row['seconds']:.2f} | {row['share'] * 100:.1f} % |"
                          for row in profile["extension"][:15]]
            lines += ["", "Top functions by self time:", "",
                      "| Function | File:line | Seconds | Share |", "|---|---|---|---|"]
            lines += [f"| `{row['function']}` | {row['file']}:{row['line']} | "
                      f"{row['seconds']:.2f} | {row['share'] * 100:.1f} % |"
                      for row in profile["self"][:12]]
            lines += ["", "<details><summary>Call tree (top)</summary>", "", "```",
                      profile["tree"], "```", "", "</details>"]
    analysis = HERE / "analysis.md"
    if analysis.exists():
        lines += ["", analysis.read_text(encoding="utf-8").strip()]
    return "\n".join(lines) + "\n"
