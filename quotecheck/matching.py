"""Match stage: the same statement across documents, as clusters of quotes.

1. A matching key per quote: its words (of every part of a split quote, not the
   attribution between them), case-folded, diacritics kept, with the language's
   synonyms ("Hoa Kỳ" → "mỹ"). Each key word keeps its span in the document.
2. Blocking: exact duplicates collapse; each key indexes the 16 smallest
   hashes of its word triples (a bottom-k sketch, as MinHash), and keys sharing
   one are candidates; values shared by very many keys are skipped. Each key
   costs a constant amount of work, and the grouping is one numpy sort.
3. Verification with rapidfuzz's ``cpdist`` on candidate pairs only (in C, on
   every core); 4. union-find.

Measured on the seeds (see ``../shared/design/matching.md``): the same statement
translated twice scores ratio 64-79 and token_set_ratio 81-92, different
statements at most 44 and 66; the mean of the two separates them.
"""

from __future__ import annotations

import gc
import itertools
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from rapidfuzz import fuzz, process

from quotecheck.records import Cluster, Keyed

SAME_SCORE = 66.0  # mean of ratio and token_set_ratio for one statement
MIN_RATIO = 50.0  # and never below this plain ratio
SHORT_WORDS = 5  # keys shorter than this must be near-identical
SHORT_RATIO = 85.0
CONTAINED = 92.0  # partial_ratio for a fragment quoted from a longer statement
OVERLAP_WORDS = 15  # a run of this many words in both: overlapping excerpts of one statement
SMALL_BUCKET = 10  # quotes sharing a sketch value are all compared up to this many
LARGE_BUCKET = 1000  # beyond SMALL_BUCKET only neighbours in key order; beyond this, none
SKETCH = 16  # word-triple hashes kept per quote for blocking
GRAM = 3


@dataclass(frozen=True, slots=True)
class Thresholds:
    """Scores (0-100) that decide a match; the defaults were measured on the seeds."""

    same_score: float = SAME_SCORE
    min_ratio: float = MIN_RATIO
    short_ratio: float = SHORT_RATIO
    contained: float = CONTAINED


DEFAULT = Thresholds()


def same_statement(a: str, b: str) -> bool:
    """Whether two matching keys are the same statement (symmetric)."""
    return strength(a, b) is not None


def strength(a: str, b: str, limits: Thresholds = DEFAULT) -> str | None:
    """``"same"`` statement, ``"contained"`` (a fragment of the other, or an
    overlapping excerpt) or ``None``."""
    if a == b:
        return "same"
    na, nb = a.count(" ") + 1, b.count(" ") + 1
    shorter = min(na, nb)
    ratio = fuzz.ratio(a, b)
    if shorter < SHORT_WORDS:
        if ratio >= limits.short_ratio:
            return "same"
    elif (ratio >= limits.min_ratio
          and (ratio + fuzz.token_set_ratio(a, b)) / 2 >= limits.same_score):
        return "same"
    if shorter >= 3 and _contained(a, b, na, nb, limits.contained):
        return "contained"
    if shorter >= OVERLAP_WORDS and _overlapping(a, b):
        return "contained"
    return None


def _contained(a: str, b: str, na: int, nb: int, floor: float) -> bool:
    """A fragment quoted from a longer statement: "resume within a fortnight"."""
    short, long_ = (a, b) if na <= nb else (b, a)
    if min(na, nb) * 5 > max(na, nb) * 3:
        return False
    return fuzz.partial_ratio(short, long_) >= floor and _whole_words(short, long_)


def _overlapping(a: str, b: str) -> bool:
    """Two outlets quoting overlapping excerpts of one statement: a run of
    ``OVERLAP_WORDS`` words in both ("… là trận đấu hấp dẫn và các cầu thủ của tôi
    phải nỗ lực tối đa …" opening one version and closing another). Such a run
    between two different statements is rare; the link is weak all the same (it
    joins clusters, not the groups the rules compare)."""
    left, right = a.split(" "), b.split(" ")
    if len(left) > len(right):
        left, right = right, left
    size = OVERLAP_WORDS
    runs = {tuple(left[i : i + size]) for i in range(len(left) - size + 1)}
    return any(tuple(right[i : i + size]) in runs for i in range(len(right) - size + 1))


def _whole_words(short: str, long_: str) -> bool:
    words = set(long_.split())
    return sum(w in words for w in short.split()) * 4 >= len(short.split()) * 3


class _UnionFind:
    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, i: int, j: int) -> None:
        a, b = self.find(i), self.find(j)
        if a != b:
            self.parent[max(a, b)] = min(a, b)


def _sketches(keys: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    """Each key's ``SKETCH`` smallest word-triple hashes (a bottom-k sketch), flat:
    the values, and the index of the key each belongs to.

    Two keys whose triples overlap by a share J have the same smallest value
    with probability J, so reworded versions (J 0.15-0.3 for the seed
    translations) share some of 16 values almost always, while each key costs
    a constant number of index entries. Words are numbered by crc32 and
    triples hashed as tuples of ints, so results do not depend on
    PYTHONHASHSEED (only strings are hashed with it).
    """
    word_ids: dict[str, int] = {}
    values: list[int] = []
    counts: list[int] = []
    for key in keys:
        smallest = sketch(key, word_ids)
        values.extend(smallest)
        counts.append(len(smallest))
    owners = np.repeat(np.arange(len(keys), dtype=np.int64), counts)
    return np.array(values, dtype=np.int64), owners


def sketch(key: str, word_ids: dict[str, int] | None = None) -> list[int]:
    """The bottom-k sketch of one key (what the reference store indexes).

    ``word_ids`` caches the crc32 of each word across calls.
    """
    word_ids = {} if word_ids is None else word_ids
    ids = []
    for word in key.split(" "):
        number = word_ids.get(word)
        if number is None:
            number = word_ids[word] = zlib.crc32(word.encode())
        ids.append(number)
    grams = ({hash(triple) for triple in zip(ids, ids[1:], ids[2:], strict=False)}
             if len(ids) >= GRAM else {hash(tuple(ids))})
    return sorted(grams)[:SKETCH]


def candidate_pairs(keys: Sequence[str]) -> list[tuple[int, int]]:
    """Pairs ``(i, j)``, ``i < j``, whose sketches share a value: the only ones compared."""
    first, second = _candidates(keys)
    return list(zip(first.tolist(), second.tolist(), strict=True))


def _candidates(keys: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    """Candidate pairs as two sorted, de-duplicated index arrays (``first < second``):
    the pairs of ``bucket_pairs``, kept when they share enough values."""
    values, owners = _sketches(keys)
    firsts, seconds, neighbours = bucket_pairs(values, owners, lambda: _key_ranks(keys))
    if not firsts:
        empty = np.empty(0, dtype=np.int64)
        return empty, empty
    a, b = np.concatenate(firsts), np.concatenate(seconds)
    codes, shared = np.unique(_codes((a, b), len(keys))[a != b], return_counts=True)
    first, second = codes // len(keys), codes % len(keys)
    sketch = np.bincount(owners, minlength=len(keys))
    keep = worth_verifying(shared, np.minimum(sketch[first], sketch[second]))
    if neighbours is not None:  # neighbours in a syndication bucket are kept whatever they share
        keep |= np.isin(codes, _codes(neighbours, len(keys)))
    return first[keep], second[keep]


def worth_verifying(shared: np.ndarray, smaller_sketch: np.ndarray) -> np.ndarray:
    """Which candidate pairs are compared, from the number of sketch values they
    share and the length of the smaller of their two sketches.

    One shared value is chance for two long keys (common words make common
    triples); real versions of one statement share several. Keys with a short
    sketch (a fragment of a few words) can share only one.
    """
    return np.asarray((shared >= 2) | (smaller_sketch < SKETCH // 2))


def _key_ranks(keys: Sequence[str]) -> np.ndarray:
    """The position of each key in the sorted order of the keys."""
    rank = np.empty(len(keys), dtype=np.int64)
    rank[sorted(range(len(keys)), key=keys.__getitem__)] = np.arange(len(keys))
    return rank


Pairs = tuple[np.ndarray, np.ndarray]


def bucket_pairs(values: np.ndarray, owners: np.ndarray, ranks: Callable[[], np.ndarray]
                 ) -> tuple[list[np.ndarray], list[np.ndarray], Pairs | None]:
    """The pairs of each bucket of keys sharing a sketch value (``values[i]`` of key
    ``owners[i]``): pieces of first and second members, one pair per shared value,
    and the neighbour pairs of large buckets (``None``: no large bucket).

    Buckets of up to ``SMALL_BUCKET`` keys give all their pairs; larger ones (a
    statement syndicated in many versions) give neighbours in key order
    (``ranks()``), which chains the versions into one cluster at linear cost;
    beyond ``LARGE_BUCKET`` (a stock phrase), none. Grouping is one numpy sort.
    """
    order = np.argsort(values, kind="stable")
    values, owners = values[order], owners[order]
    edges = np.flatnonzero(values[1:] != values[:-1]) + 1
    starts = np.concatenate(([0], edges)).astype(np.int64)
    lengths = np.diff(np.concatenate((starts, [len(values)])))
    firsts: list[np.ndarray] = []
    seconds: list[np.ndarray] = []
    for size in range(2, SMALL_BUCKET + 1):
        runs = starts[lengths == size]
        if len(runs):
            members = owners[runs[:, None] + np.arange(size)]
            for i, j in itertools.combinations(range(size), 2):
                firsts.append(members[:, i])
                seconds.append(members[:, j])
    large = (lengths > SMALL_BUCKET) & (lengths <= LARGE_BUCKET)
    if not large.any():
        return firsts, seconds, None
    rank = ranks()
    in_large = np.repeat(large, lengths)
    run = np.repeat(np.arange(len(starts)), lengths)[in_large]
    member = owners[in_large]
    by_key = np.lexsort((rank[member], run))
    run, member = run[by_key], member[by_key]
    same_run = run[1:] == run[:-1]
    neighbours = (member[:-1][same_run], member[1:][same_run])
    firsts.append(neighbours[0])
    seconds.append(neighbours[1])
    return firsts, seconds, neighbours


def _codes(pairs: tuple[np.ndarray, np.ndarray], n: int) -> np.ndarray:
    low, high = np.minimum(*pairs), np.maximum(*pairs)
    return np.asarray(low * n + high)


def strengths(keys: Sequence[str], first: np.ndarray, second: np.ndarray,
               limits: Thresholds = DEFAULT) -> tuple[np.ndarray, np.ndarray]:
    """``strength`` of many pairs at once: (same, contained) as boolean arrays.

    The same tests in the same order as ``strength``, with rapidfuzz's
    ``cpdist`` scoring the pairs in C on every core.
    """
    left = [keys[i] for i in first.tolist()]
    right = [keys[i] for i in second.tolist()]
    sizes = np.array([key.count(" ") + 1 for key in keys], dtype=np.int64)
    na, nb = sizes[first], sizes[second]
    shorter, longer = np.minimum(na, nb), np.maximum(na, nb)
    ratio = _scores(left, right, fuzz.ratio)
    same = (shorter < SHORT_WORDS) & (ratio >= limits.short_ratio)
    long_pairs = np.flatnonzero((shorter >= SHORT_WORDS) & (ratio >= limits.min_ratio))
    if len(long_pairs):
        token_set = _scores([left[i] for i in long_pairs], [right[i] for i in long_pairs],
                            fuzz.token_set_ratio)
        same[long_pairs] = (ratio[long_pairs] + token_set) / 2 >= limits.same_score
    contained = np.zeros(len(first), dtype=bool)
    fragments = np.flatnonzero(~same & (shorter >= 3) & (shorter * 5 <= longer * 3))
    if len(fragments):
        shorts = [left[i] if na[i] <= nb[i] else right[i] for i in fragments.tolist()]
        longs = [right[i] if na[i] <= nb[i] else left[i] for i in fragments.tolist()]
        partial = _scores(shorts, longs, fuzz.partial_ratio)
        for n in np.flatnonzero(partial >= limits.contained).tolist():
            contained[fragments[n]] = _whole_words(shorts[n], longs[n])
    for n in np.flatnonzero(~same & ~contained & (shorter >= OVERLAP_WORDS)).tolist():
        contained[n] = _overlapping(left[n], right[n])
    return same, contained


def _scores(left: list[str], right: list[str], scorer: Any) -> np.ndarray:
    return process.cpdist(left, right, scorer=scorer, dtype=np.float64, workers=-1)


Group = tuple[list[int], list[list[int]]]


def cluster(items: Sequence[Keyed], limits: Thresholds = DEFAULT) -> list[Group]:
    """Statements found in several documents, as indices into ``items``."""
    return cluster_keys([item.key for item in items], [item.quote.document for item in items],
                        limits)


def cluster_keys(keys: Sequence[str], documents: Sequence[str],
                 limits: Thresholds = DEFAULT) -> list[Group]:
    """Statements found in several documents: each as its indices into ``keys``
    with its *strong* groups, the quotes joined by full matches and not only by
    a fragment contained in a longer quote.

    The cyclic garbage collector is paused meanwhile: matching allocates
    millions of small acyclic objects, and each full collection would walk
    every quote of the corpus again (30% of the time at 100k quotes).
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _cluster_keys(keys, documents, limits)
    finally:
        if enabled:
            gc.enable()


def _cluster_keys(keys: Sequence[str], documents: Sequence[str], limits: Thresholds
                  ) -> list[Group]:
    first_of: dict[str, int] = {}
    union, strong = _UnionFind(len(keys)), _UnionFind(len(keys))
    representatives: list[int] = []
    for index, key in enumerate(keys):
        if key in first_of:
            union.union(first_of[key], index)  # exact duplicates: compared once
            strong.union(first_of[key], index)
        else:
            first_of[key] = index
            representatives.append(index)
    rep_keys = [keys[r] for r in representatives]
    first, second = _candidates(rep_keys)
    same, contained = strengths(rep_keys, first, second, limits)
    for a, b, is_same in zip(first[same | contained].tolist(),
                             second[same | contained].tolist(),
                             same[same | contained].tolist(), strict=True):
        union.union(representatives[a], representatives[b])
        if is_same:
            strong.union(representatives[a], representatives[b])
    groups: dict[int, dict[int, list[int]]] = {}
    for index in range(len(keys)):
        groups.setdefault(union.find(index), {}).setdefault(strong.find(index), []).append(index)
    found_groups: list[Group] = []
    for parts in groups.values():
        members = sorted(i for part in parts.values() for i in part)
        if len({documents[i] for i in members}) >= 2:
            found_groups.append((members, sorted(parts.values())))
    return found_groups


def match(items: Sequence[Keyed], limits: Thresholds = DEFAULT) -> list[Cluster]:
    """Clusters of quotes (not terms) that are one statement in several documents."""
    usable = [item for item in items if item.quote.kind != "term" and item.key]
    ordered = sorted(cluster(usable, limits))
    return [Cluster(f"c{n}", tuple(usable[i].quote.id for i in members),
                    tuple(tuple(usable[i].quote.id for i in part) for part in parts))
            for n, (members, parts) in enumerate(ordered, start=1)]
