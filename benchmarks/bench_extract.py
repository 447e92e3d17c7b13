"""Extraction and attribution speed, and how time grows with input size.

    python -m benchmarks.bench_extract [--corpus ../shared/eval/polnear-dev.jsonl]

Reports articles/s and MB/s of extraction (finding and attributing quotes) and
of the whole ``check`` (with matching and findings) on the corpus, then the time
ratio for 10x the input, in two ways: ten times as many articles, and articles
ten times as long (each text repeated). Linear code gives ratios near 10.
The corpus is read at run time; nothing of it is stored in the project.
"""

from __future__ import annotations

import argparse
import json
import platform
import time
from pathlib import Path

from quotecheck import lexicon
from quotecheck.backends.builtin import BuiltinBackend
from quotecheck.extract import extract_all
from quotecheck.pipeline import Options, check
from quotecheck.records import Document

DEFAULT = Path(__file__).resolve().parents[2] / "shared" / "eval" / "polnear-dev.jsonl"


def load(path: Path) -> list[Document]:
    docs = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            record = json.loads(line)
            docs.append(Document(record["id"], record["text"], str(path), record["id"], "en"))
    return docs


def extract_seconds(docs: list[Document], repeat: int = 3) -> float:
    """Best of ``repeat`` runs of extraction over ``docs`` (the machine is shared)."""
    lex, backend = lexicon.load("en"), BuiltinBackend()
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        for doc in docs:
            extract_all(doc, lex, backend)
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=DEFAULT)
    parser.add_argument("--json", default=None, help="write the figures to this file")
    args = parser.parse_args()
    docs = load(args.corpus)
    megabytes = sum(len(d.text.encode()) for d in docs) / 1e6
    one = extract_seconds(docs)
    start = time.perf_counter()
    check([args.corpus], options=Options(lang="en"))
    whole = time.perf_counter() - start
    many = [Document(f"{d.id}~{n}", d.text, d.path, d.source, "en")
            for n in range(10) for d in docs]
    longer = [Document(d.id, "\n\n".join([d.text] * 10), d.path, d.source, "en") for d in docs]
    figures = {
        "machine": f"{platform.platform()}, {__import__('os').cpu_count()} CPUs",
        "articles": len(docs), "megabytes": round(megabytes, 2),
        "extract_articles_per_second": round(len(docs) / one, 1),
        "extract_mb_per_second": round(megabytes / one, 2),
        "check_articles_per_second": round(len(docs) / whole, 1),
        "ratio_10x_articles": round(extract_seconds(many, 1) / one, 2),
        "ratio_10x_longer_articles": round(extract_seconds(longer, 1) / one, 2),
    }
    for key, value in figures.items():
        print(f"{key:28} {value}")
    if args.json:
        Path(args.json).write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
