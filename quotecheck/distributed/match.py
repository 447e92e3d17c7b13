"""Stage 2: matching as Dask work, with the local matcher's rules.

1. Keys are sorted (a distributed sort) and numbered: a key's *rank* is its
   place among the distinct keys in sorted order, so quotes with the same key
   share one rank (exact duplicates are compared once, as locally) and key
   order is rank order (what large buckets chain their neighbours by).
2. Each distinct key's sketch values are exploded and shuffled by value; a
   task holds whole value groups and gives their pairs with
   ``matching.bucket_pairs``, counted per pair.
3. Pairs are summed across groups (a shuffle by pair), kept by
   ``matching.worth_verifying``, joined with both keys and verified with the
   local matcher's rapidfuzz scoring in the task that holds both.
"""

from __future__ import annotations

from typing import Any

import dask.dataframe as dd
import numpy as np
import pandas as pd
from dask.base import compute
from dask.delayed import delayed

from quotecheck.distributed.extract import TEXT
from quotecheck.matching import Thresholds, bucket_pairs, sketch, strengths, worth_verifying

RANKED_META = pd.DataFrame({"seq": pd.Series(dtype="int64"), "rank": pd.Series(dtype="int64"),
                            "key": pd.Series(dtype=TEXT), "doc": pd.Series(dtype=object)})
SKETCH_META = pd.DataFrame({c: pd.Series(dtype="int64") for c in ("value", "rank", "size")})
PAIRS_META = pd.DataFrame({c: pd.Series(dtype="int64") for c in ("a", "b", "n", "nb", "ms")})
EDGES_META = pd.DataFrame({"a": pd.Series(dtype="int64"), "b": pd.Series(dtype="int64"),
                           "same": pd.Series(dtype=bool)})


def ranked(keys: dd.DataFrame, npartitions: int) -> dd.DataFrame:
    """``keys`` (seq, key, doc) with each key's rank: one distributed sort by key.

    Equal keys land in one partition (a sort partitions by value), so each
    partition numbers its distinct keys and adds the count of the partitions
    before it (a list of one integer per partition, the only thing collected).
    """
    ordered = keys.sort_values("key", npartitions=npartitions)
    counts = compute(*[delayed(_distinct)(part) for part in ordered.to_delayed()])
    offsets = np.concatenate(([0], np.cumsum(counts)[:-1])).tolist()
    return ordered.map_partitions(_number, offsets, meta=RANKED_META)


def _distinct(frame: pd.DataFrame) -> int:
    return int(frame["key"].nunique())


def _number(frame: pd.DataFrame, offsets: list[int], partition_info: Any = None
            ) -> pd.DataFrame:
    codes, _uniques = pd.factorize(frame["key"], sort=True)
    offset = offsets[partition_info["number"]] if partition_info else 0
    return frame.assign(rank=codes.astype("int64") + offset)[list(RANKED_META.columns)]


def distinct_keys(ranked_quotes: dd.DataFrame) -> dd.DataFrame:
    """(rank, key), one row per distinct key (equal keys share a partition)."""
    return ranked_quotes[["rank", "key"]].map_partitions(
        lambda f: f.drop_duplicates("rank"), meta=RANKED_META[["rank", "key"]])


def sketch_rows(keys: pd.DataFrame) -> pd.DataFrame:
    """Each key's sketch values, exploded: (value, rank, sketch size)."""
    sketches = [sketch(key, {}) for key in keys["key"].tolist()]
    sizes = np.array([len(s) for s in sketches], dtype=np.int64)
    values = np.fromiter((v for s in sketches for v in s), dtype=np.int64,
                         count=int(sizes.sum()))
    ranks = np.repeat(keys["rank"].to_numpy(dtype=np.int64), sizes)
    return pd.DataFrame({"value": values, "rank": ranks, "size": np.repeat(sizes, sizes)})


def group_pairs(rows: pd.DataFrame) -> pd.DataFrame:
    """The pairs of the value groups of one partition, each with the number of
    groups giving it (n), whether a large group chains it (nb) and the smaller
    sketch size of its two keys (ms)."""
    if rows.empty:
        return PAIRS_META.copy()
    owners, local = np.unique(rows["rank"].to_numpy(), return_inverse=True)
    local = local.astype(np.int64)
    size = np.zeros(len(owners), dtype=np.int64)
    size[local] = rows["size"].to_numpy()
    # owners are sorted by rank, so local numbers are already in key order
    firsts, seconds, neighbours = bucket_pairs(rows["value"].to_numpy(), local,
                                               lambda: np.arange(len(owners)))
    if not firsts:
        return PAIRS_META.copy()
    a, b = np.concatenate(firsts), np.concatenate(seconds)
    low, high = np.minimum(a, b), np.maximum(a, b)
    chained = np.zeros(len(low), dtype=np.int64)
    if neighbours is not None:
        count = len(neighbours[0])
        chained[len(low) - count :] = 1  # bucket_pairs appends them last
    pairs = pd.DataFrame({"a": owners[low], "b": owners[high], "n": 1, "nb": chained,
                          "ms": np.minimum(size[low], size[high])})
    return pairs.groupby(["a", "b"], as_index=False, sort=False).agg(
        n=("n", "sum"), nb=("nb", "max"), ms=("ms", "min"))[list(PAIRS_META.columns)]


def candidates(keys: dd.DataFrame, npartitions: int) -> dd.DataFrame:
    """Candidate pairs (a, b) of ranks, a < b, that the local matcher would compare."""
    rows = keys.map_partitions(sketch_rows, meta=SKETCH_META)
    grouped = rows.shuffle("value", npartitions=npartitions)
    pairs = grouped.map_partitions(group_pairs, meta=PAIRS_META)
    summed = pairs.groupby(["a", "b"]).agg({"n": "sum", "nb": "max", "ms": "min"},
                                           split_out=npartitions).reset_index()
    return summed.map_partitions(_kept, meta=PAIRS_META[["a", "b"]])


def _kept(pairs: pd.DataFrame) -> pd.DataFrame:
    keep = worth_verifying(pairs["n"].to_numpy(), pairs["ms"].to_numpy())
    keep |= pairs["nb"].to_numpy() > 0
    return pairs.loc[keep, ["a", "b"]].astype("int64")


def verified(pairs: dd.DataFrame, keys: dd.DataFrame, limits: Thresholds) -> dd.DataFrame:
    """The matching pairs (a, b, same): ``same`` for a full match, else a fragment
    contained in the other quote. Each pair is joined with both its keys first."""
    left = keys.rename(columns={"rank": "a", "key": "key_a"})
    right = keys.rename(columns={"rank": "b", "key": "key_b"})
    joined = pairs.merge(left, on="a").merge(right, on="b")
    return joined.map_partitions(_verify, limits, meta=EDGES_META)


def _verify(pairs: pd.DataFrame, limits: Thresholds) -> pd.DataFrame:
    count = len(pairs)
    if not count:
        return EDGES_META.copy()
    keys = pairs["key_a"].tolist() + pairs["key_b"].tolist()
    same, contained = strengths(keys, np.arange(count), np.arange(count, 2 * count), limits)
    found = same | contained
    return pd.DataFrame({"a": pairs["a"].to_numpy()[found], "b": pairs["b"].to_numpy()[found],
                         "same": same[found]})
