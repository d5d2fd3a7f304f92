"""Benchmark the text classifier: URL slugs and paragraphs per second, and the model's size.

    python bench/bench_text.py [--slugs 200000] [--paragraphs 20000] [--repeat 3] [--json]

- **Slugs**: the real source URLs of the GDELT samples bundled with holosec, made distinct by a number
  added to the path (a number is not a word, so each URL reads as its real headline), classified in one
  call as tagging does (each distinct URL once).
- **Paragraphs**: English and Chinese paragraphs of about 350 and 150 characters, built from the real
  texts in ``tests/data`` (CrisisLex tweets, THUCNews headlines), each made distinct.

One process, and the slugs also in one process per core (up to 2: what tagging does with a batch of
100,000 texts or more; the time includes starting the processes); best of ``--repeat`` runs. Targets
(issue 19): at least 50,000 slugs and 2,000 paragraphs a second on 2 cores; model and term lists under
50 MB. It also prints how long a year of GDELT (about 120M
events) would take at the measured slug rate if every event had its own URL (GDELT repeats URLs, so less).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import sys
import time
from collections.abc import Callable, Sequence
from importlib import resources
from pathlib import Path
from typing import Any

from holosec.samples import gdelt_samples
from holosec.text import load_model

ROOT = Path(__file__).resolve().parent.parent
SLUGS_PER_SECOND, PARAGRAPHS_PER_SECOND, MAX_MB = 50_000, 2_000, 50
YEAR_OF_GDELT = 120_000_000


def sample_urls() -> list[str]:
    urls: dict[str, None] = {}
    for path in gdelt_samples():
        for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
            last = line.rsplit("\t", 1)[-1]
            if last.startswith("http"):
                urls[last] = None
    return list(urls)


def distinct_slugs(count: int) -> list[str]:
    urls = sample_urls()
    out = []
    for i in range(count):
        url = urls[i % len(urls)]
        head, _, query = url.partition("?")
        out.append(f"{head.rstrip('/')}-{i}" + (f"?{query}" if query else ""))
    return out


def paragraphs(count: int) -> tuple[list[str], list[str]]:
    news = ROOT / "tests" / "data" / "news"
    lines = (news / "crisislex.jsonl").read_text(encoding="utf-8").splitlines()
    english = [_text(line) for line in lines]
    with (news / "thucnews.csv").open(encoding="utf-8", newline="") as handle:
        chinese = [row["title"] for row in csv.DictReader(handle)]
    return _made_distinct(english, 350, count), _made_distinct(chinese, 150, count)


def _text(line: str) -> str:
    """The text of one JSON line of the fixture ("" for its deliberately broken lines)."""
    try:
        record = json.loads(line)
    except ValueError:
        return ""
    return str(record.get("text") or "") if isinstance(record, dict) else ""


def _made_distinct(texts: Sequence[str], length: int, count: int) -> list[str]:
    joined = " ".join(t for t in texts if t)
    out = []
    for i in range(count):
        start = (i * 37) % max(1, len(joined) - length)
        out.append(f"{joined[start : start + length]} {i}")
    return out


def best_rate(texts: list[str], repeat: int, run: Callable[[list[str]], object]) -> float:
    best = float("inf")
    for _ in range(repeat):
        began = time.perf_counter()
        run(texts)
        best = min(best, time.perf_counter() - began)
    return len(texts) / best


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--slugs", type=int, default=200_000)
    parser.add_argument("--paragraphs", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    began = time.perf_counter()
    model = load_model()
    load_seconds = time.perf_counter() - began
    data = resources.files("holosec.text") / "data"
    size_mb = sum(Path(str(data / name)).stat().st_size for name in ("model.npz", "model.json")) / 1e6
    english, chinese = paragraphs(args.paragraphs)
    urls = distinct_slugs(args.slugs)
    slugs = best_rate(urls, args.repeat, model.probabilities)
    workers = min(2, os.cpu_count() or 1)
    in_processes = best_rate(
        urls, args.repeat, lambda texts: model.probabilities(texts, workers=workers, parallel_from=0)
    )
    result: dict[str, Any] = {
        "cpus": os.cpu_count(),
        "model_mb": round(size_mb, 1),
        "load_seconds": round(load_seconds, 2),
        "slugs_per_second": round(slugs),
        f"slugs_per_second_{workers}_processes": round(in_processes),
        "english_paragraphs_per_second": round(best_rate(english, args.repeat, model.probabilities)),
        "chinese_paragraphs_per_second": round(best_rate(chinese, args.repeat, model.probabilities)),
        "year_of_gdelt_minutes_at_most": round(YEAR_OF_GDELT / max(slugs, in_processes) / 60, 1),
    }
    result["targets_met"] = (
        max(slugs, in_processes) >= SLUGS_PER_SECOND
        and min(result["english_paragraphs_per_second"], result["chinese_paragraphs_per_second"])
        >= PARAGRAPHS_PER_SECOND
        and size_mb < MAX_MB
    )
    if args.json:
        print(json.dumps(result))
    else:
        for key, value in result.items():
            print(f"{key:32} {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
