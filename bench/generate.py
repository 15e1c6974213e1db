"""Deterministic generator of benchmark sites: a refs.bib of N realistic
entries and the pages that use it the way the real site does (docs/*.md with
``{research-area}``, ``{publications}``, ``{news}``, ``{latest-news}``).

The same ``(entries, seed)`` always gives byte-identical files, so timings of
two runs (or two commits) are comparable. Usable on its own::

    python bench/generate.py 1000 /tmp/site1000
"""

import argparse
import random
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OWNER = ("Han", "Song")
AREAS = ["compression", "applications", "hw-for-ml", "ml-for-hw", "secure-ai"]
AREA_TITLES = {
    "compression": "Model Compression / AutoML / NAS",
    "applications": "Efficient AI Applications: Video / Point Cloud / NLP",
    "hw-for-ml": "HW for ML",
    "ml-for-hw": "ML for HW",
    "secure-ai": "Secure AI",
}
NEWS_TAGS = ["award", "paper", "talk", "press", "open-source", "people"]

FIRST = ["Han", "Ji", "Yujun", "Zhijian", "Tianzhe", "Hanrui", "Kuan", "Ligeng",
         "Zhekai", "Chuang", "Haotian", "Muyang", "Shang", "Guangxuan", "Wei-Ming",
         "Xiuyu", "Yaoyao", "Jiaming", "Zhuoyang", "Enze", "Junyan", "Qinghao",
         "Yilong", "Lucas", "Anna", "Maria", "David", "Jan", "Chen", "Xin"]
LAST = ["Cai", "Lin", "Lin", "Liu", "Wang", "Wang", "Wang", "Zhu", "Zhang",
        "Gan", "Tang", "Li", "Yang", "Xiao", "Chen", "Li", "Ding", "Tang",
        "Zhang", "Xie", "Zhu", "Hu", "Zhao", "M{\\\"u}ller", "Dally", "Mao",
        "Pool", "Kautz", "Wu", "Gu"]
ADJECTIVES = ["Efficient", "Sparse", "Quantized", "Hardware-Aware", "Once-for-All",
              "Tiny", "Scalable", "Private", "Robust", "Memory-Efficient",
              "Low-Latency", "Energy-Efficient", "Adaptive", "Dynamic", "Fast"]
NOUNS = ["Transformers", "Neural Networks", "Point Clouds", "Video Understanding",
         "Language Models", "Diffusion Models", "GANs", "Accelerators",
         "Circuit Design", "Federated Learning", "Attention", "Convolutions",
         "Graph Networks", "Inference Engines", "On-Device Training"]
CLAIMS = ["via Pruning and Quantization", "with Neural Architecture Search",
          "on Microcontrollers", "at the Edge", "for Mobile Devices",
          "with Reinforcement Learning", "through Hardware-Software Co-Design",
          "without Retraining", "under a Memory Budget", "in Sparse Tensors"]
ACRONYM_LETTERS = "ABCDEFGHKLMNPQRSTVWXYZ"

#: (abbr, entry type, venue field, venue name)
VENUES = [
    ("ICLR", "inproceedings", "booktitle", "International Conference on Learning Representations"),
    ("NeurIPS", "inproceedings", "booktitle", "Advances in Neural Information Processing Systems"),
    ("ICML", "inproceedings", "booktitle", "International Conference on Machine Learning"),
    ("CVPR", "inproceedings", "booktitle", "IEEE/CVF Conference on Computer Vision and Pattern Recognition"),
    ("ICCV", "inproceedings", "booktitle", "IEEE/CVF International Conference on Computer Vision"),
    ("ECCV", "inproceedings", "booktitle", "European Conference on Computer Vision"),
    ("ACL", "inproceedings", "booktitle", "Annual Meeting of the Association for Computational Linguistics"),
    ("MLSys", "inproceedings", "booktitle", "Conference on Machine Learning and Systems"),
    ("ISCA", "inproceedings", "booktitle", "International Symposium on Computer Architecture"),
    ("MICRO", "inproceedings", "booktitle", "IEEE/ACM International Symposium on Microarchitecture"),
    ("HPCA", "inproceedings", "booktitle", "IEEE International Symposium on High-Performance Computer Architecture"),
    ("FPGA", "inproceedings", "booktitle", "ACM/SIGDA International Symposium on Field-Programmable Gate Arrays"),
    ("DAC", "inproceedings", "booktitle", "ACM/IEEE Design Automation Conference"),
    ("NeurIPS", "inproceedings", "booktitle", "NeurIPS Workshop on Machine Learning for Systems"),
    ("IEEE Micro", "article", "journal", "IEEE Micro"),
    ("JSSC", "article", "journal", "IEEE Journal of Solid-State Circuits"),
    ("TPAMI", "article", "journal", "IEEE Transactions on Pattern Analysis and Machine Intelligence"),
]


def make_entries(count: int, rng: random.Random) -> list[dict]:
    entries = []
    for index in range(count):
        year = rng.randint(2012, 2025)
        acronym = "".join(rng.choice(ACRONYM_LETTERS) for _ in range(rng.randint(3, 5)))
        title = (f"{acronym}: {rng.choice(ADJECTIVES)} {rng.choice(NOUNS)} "
                 f"{rng.choice(CLAIMS)}")
        coauthors = [(rng.choice(LAST), rng.choice(FIRST)) for _ in range(rng.randint(1, 7))]
        # The owner is on nearly every paper, usually last (the advisor).
        if rng.random() < 0.95:
            coauthors.insert(len(coauthors) if rng.random() < 0.8 else 0, OWNER)
        abbr, kind, venue_field, venue = rng.choice(VENUES)
        first_author = "".join(ch for ch in coauthors[0][0].lower() if ch.isalpha())
        key = f"{first_author}{year}{acronym.lower()}{index}"
        fields = {
            "title": title,
            "author": " and ".join(f"{last}, {first}" for last, first in coauthors),
            venue_field: venue,
            "year": str(year),
            "abbr": abbr,
            "url": f"https://example.org/papers/{key}",
        }
        if rng.random() < 0.5:
            fields["month"] = rng.choice(["jan", "mar", "jun", "jul", "oct", "dec"])
        if rng.random() < 0.6:
            eprint = f"{year % 100:02d}{rng.randint(1, 12):02d}.{rng.randint(0, 99999):05d}"
            fields["eprint"] = eprint
            fields["archiveprefix"] = "arXiv"
            fields["pdf"] = f"https://arxiv.org/pdf/{eprint}"
        if rng.random() < 0.6:
            fields["code"] = f"https://github.com/mit-han-lab/{acronym.lower()}-{index}"
        if rng.random() < 0.2:
            fields["website"] = f"https://hanlab.mit.edu/projects/{acronym.lower()}-{index}"
        if rng.random() < 0.3:
            fields["doi"] = f"10.1109/BENCH.{year}.{index:05d}"
        areas = rng.sample(AREAS, rng.choice([1, 1, 1, 2]))
        if index < len(AREAS) and AREAS[index] not in areas:
            areas.insert(0, AREAS[index])  # no research area is left empty
        fields["keywords"] = ", ".join(areas)
        if kind == "inproceedings" and rng.random() < 0.1:
            fields["presentation"] = rng.choice(["oral", "spotlight"])
        if rng.random() < 0.02:
            fields["award_name"] = "Best Paper Award"
        if index < 12:  # a dozen selected papers for the home page
            fields["selected"] = "true"
        entries.append({"key": key, "type": kind, "fields": fields})
    return entries


def bib_text(entries: list[dict]) -> str:
    chunks = ["% Generated by bench/generate.py: do not edit.\n"]
    for entry in entries:
        width = max(len(name) for name in entry["fields"])
        lines = [f"@{entry['type']}{{{entry['key']},"]
        lines += [f"  {name:<{width}} = {{{value}}}," for name, value in entry["fields"].items()]
        chunks.append("\n".join(lines) + "\n}\n")
    return "\n".join(chunks)


def news_text(entries: list[dict], rng: random.Random) -> str:
    """One ``{news}`` item per five entries, each citing one paper."""
    items = []
    for entry in entries[::5]:
        fields = entry["fields"]
        year = int(fields["year"])
        date = f"{year}-{rng.randint(1, 12):02d}"
        if rng.random() < 0.3:
            date += f"-{rng.randint(1, 28):02d}"
        tags = " ".join(sorted(rng.sample(NEWS_TAGS, rng.choice([1, 1, 2]))))
        short = fields["title"].split(":")[0]
        sentence = rng.choice([
            f"{fields['title']} is accepted by {fields['abbr']}'{year % 100:02d}.",
            f"{short} is covered by [MIT News](https://news.mit.edu/{year}/{short.lower()}).",
            f"We open sourced {short} on [GitHub](https://github.com/mit-han-lab/{short.lower()}).",
            f"Song presented {short} at {fields['abbr']}'{year % 100:02d}.",
        ])
        items.append(f":::{{news}} {date}\n:tags: {tags}\n{sentence} "
                     f"{{cite:p}}`{entry['key']}`\n:::\n")
    header = ("# News\n\n:::{news-feed-link}\n:::\n\n")
    return header + "\n".join(items)


INDEX = """\
# Song Han

**Assistant Professor, MIT EECS**

A generated benchmark site of {count} papers. Song Han works on efficient deep
learning {{cite:p}}`{first}`.

## Selected publications

:::{{selected-publications}}
:::

## Latest news

:::{{latest-news}}
:count: 5
:::

[All news](news.md)

```{{toctree}}
:hidden:

research
publications
news
```
"""

PUBLICATIONS = """\
# Publications

Every paper has its own page with the full citation, links and the news that
mention it.

:::{publications}
:::
"""


def research_text() -> str:
    parts = ["# Research\n\nEfficient algorithms and hardware for AI.\n"]
    for name in AREAS:
        parts.append(f"## {AREA_TITLES[name]}\n\n:::{{research-area}} {name}\n:::\n")
    return "\n".join(parts)


def link_extension(site: Path) -> None:
    """Sites use the repository's conf.py verbatim (the extension is the
    installed package, this checkout's: requirements.txt installs it
    editable), and the static files it names (favicon) in ``docs/_static``."""
    shutil.copy(ROOT / "conf.py", site / "conf.py")
    if (ROOT / "docs" / "_static").is_dir():
        shutil.copytree(ROOT / "docs" / "_static", site / "docs" / "_static")


def generate(count: int, site: Path, seed: int = 2024) -> Path:
    """Write a full site (conf.py, refs.bib, docs/) into ``site``."""
    rng = random.Random(f"{seed}-{count}")
    entries = make_entries(count, rng)
    site.mkdir(parents=True, exist_ok=True)
    docs = site / "docs"
    link_extension(site)
    docs.mkdir(exist_ok=True)
    (site / "refs.bib").write_text(bib_text(entries), encoding="utf-8")
    (docs / "index.md").write_text(INDEX.format(count=count, first=entries[0]["key"]),
                                   encoding="utf-8")
    (docs / "research.md").write_text(research_text(), encoding="utf-8")
    (docs / "publications.md").write_text(PUBLICATIONS, encoding="utf-8")
    (docs / "news.md").write_text(news_text(entries, rng), encoding="utf-8")
    return site


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("entries", type=int)
    parser.add_argument("site", type=Path)
    parser.add_argument("--seed", type=int, default=2024)
    args = parser.parse_args()
    generate(args.entries, args.site, args.seed)


if __name__ == "__main__":
    main()
