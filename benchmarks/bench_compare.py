"""Whole-process speed of this tree beside an older commit, in one run.

    python -m benchmarks.bench_compare [--base REF] [--repeat 3] [--size 10000]

The base commit (default ``HEAD~1``) is checked out into a temporary git worktree;
both trees then check the same corpora as separate ``python -m quotecheck check``
processes, each started in its own tree (``benchmarks/trees.py``: started from this
checkout, the base run would import this checkout), interleaved base/new, ``--repeat``
times; the best wall time of each is kept. Corpora: a synthetic corpus of ``--size``
articles (``benchmarks/synth.py``) and PolNeAR dev five times over (ids made
unique), written under ``benchmarks/out`` at run time; nothing of PolNeAR is stored.
A ratio new/base under 1 means the new tree is faster. Shared machines are noisy:
read ratios, not seconds, and rerun when they disagree.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

from benchmarks import synth
from benchmarks.trees import ROOT, imported_from, run_in, worktree

OUT = ROOT / "benchmarks" / "out"
POLNEAR_DEV = ROOT.parent / "shared" / "eval" / "polnear-dev.jsonl"


def _polnear_x5() -> Path | None:
    if not POLNEAR_DEV.is_file():
        return None
    target = OUT / "polnear-dev-x5.jsonl"
    with POLNEAR_DEV.open(encoding="utf-8") as source, target.open("w", encoding="utf-8") as out:
        lines = source.readlines()
        for copy in range(5):
            for line in lines:
                record = json.loads(line)
                record["id"] = f"{record['id']}~{copy}"
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
    return target


def _run(tree: Path, corpus: Path) -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "quotecheck", "check", str(corpus), "--format",
                    "json", "--fail-on", "never", "-o", os.devnull], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=3600,
                   **run_in(tree))
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", default="HEAD~1")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--size", type=int, default=10_000)
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    corpora = {f"synthetic {args.size}": OUT / f"compare-synth-{args.size}.jsonl"}
    if not corpora[f"synthetic {args.size}"].is_file():
        synth.write(corpora[f"synthetic {args.size}"], args.size, seed=11)
    polnear = _polnear_x5()
    if polnear is not None:
        corpora["PolNeAR dev x5"] = polnear
    with worktree(args.base) as base:
        for tree in (base, ROOT):
            found = imported_from(tree)
            if found != tree.resolve():
                raise SystemExit(f"python -m quotecheck in {tree} imports {found}: "
                                 "the comparison would be void")
        print(f"| corpus | base {args.base} s | new s | new/base |\n|---|---|---|---|")
        for name, corpus in corpora.items():
            best = {"base": float("inf"), "new": float("inf")}
            for _ in range(args.repeat):
                best["base"] = min(best["base"], _run(base, corpus))
                best["new"] = min(best["new"], _run(ROOT, corpus))
            print(f"| {name} | {best['base']:.1f} | {best['new']:.1f} | "
                  f"{best['new'] / best['base']:.2f} |", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
