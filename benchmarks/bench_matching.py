"""Matching cost and recall on synthetic quotes with planted near-duplicates.

    python -m benchmarks.bench_matching --sizes 10000 100000 1000000

Each size draws quotes of 10-40 words from a Zipf-like vocabulary; 10% of them
get a planted near-duplicate in another document (one to three words changed,
a word dropped, as outlets do). Reports quotes matched per second (the whole
``cluster_keys`` call: blocking, verification, union-find), the candidate pairs
compared, and the recall of planted pairs. Figures go to stdout and, with
``--json FILE``, to a JSON file.
"""

from __future__ import annotations

import argparse
import json
import math
import platform
import random
import time

from quotecheck.matching import cluster_keys

VOCABULARY = 20_000


def synthetic(n: int, seed: int) -> tuple[list[str], list[str], list[tuple[int, int]]]:
    rng = random.Random(seed)
    vocab = [f"w{i}" for i in range(VOCABULARY)]
    weights = [1 / (rank + 1) for rank in range(VOCABULARY)]
    base = n - n // 10
    keys, docs, planted = [], [], []
    for i in range(base):
        keys.append(" ".join(rng.choices(vocab, weights, k=rng.randint(10, 40))))
        docs.append(f"d{i // 5}")
    for i in range(n - base):
        source = rng.randrange(base)
        words = keys[source].split()
        for _ in range(rng.randint(1, 3)):
            words[rng.randrange(len(words))] = rng.choice(vocab)
        if len(words) > 12:
            del words[rng.randrange(len(words))]
        keys.append(" ".join(words))
        docs.append(f"p{i}")
        planted.append((source, len(keys) - 1))
    return keys, docs, planted


def measure(n: int, seed: int) -> dict[str, float]:
    keys, docs, planted = synthetic(n, seed)
    start = time.perf_counter()
    groups = cluster_keys(keys, docs)
    seconds = time.perf_counter() - start
    where = {i: g for g, (members, _parts) in enumerate(groups) for i in members}
    found = sum(1 for a, b in planted if a in where and where.get(a) == where.get(b))
    return {"quotes": n, "seconds": round(seconds, 2),
            "quotes_per_second": round(n / seconds),
            "planted": len(planted), "planted_recall": round(found / len(planted), 4)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--json", default=None, help="write the figures to this file")
    args = parser.parse_args()
    rows = [measure(n, args.seed) for n in args.sizes]
    print(f"{'quotes':>9} {'seconds':>8} {'quotes/s':>9} {'recall':>7}")
    for row in rows:
        print(f"{row['quotes']:>9} {row['seconds']:>8} {row['quotes_per_second']:>9} "
              f"{row['planted_recall']:>7}")
    if len(rows) > 1:
        first, last = rows[0], rows[-1]
        growth = last["seconds"] / first["seconds"]
        k = math.log(growth) / math.log(last["quotes"] / first["quotes"])
        print(f"time grows as size^{k:.2f} from {first['quotes']} to {last['quotes']} quotes")
    if args.json:
        with open(args.json, "w", encoding="utf-8") as handle:
            json.dump({"machine": platform.platform(), "rows": rows}, handle, indent=2)


if __name__ == "__main__":
    main()
