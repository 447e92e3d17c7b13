"""Match stage: the same statement across documents, as clusters of quotes.

1. A matching key per quote: its words (of every part of a split quote, not the
   attribution between them), case-folded, diacritics kept, with the language's
   synonyms ("Hoa Kỳ" → "mỹ"). Each key word keeps its span in the document.
2. Blocking: exact duplicates collapse; each key indexes the 16 smallest
   hashes of its word triples (a bottom-k sketch, as MinHash), and keys sharing
   one are candidates; values shared by very many keys are skipped. Each key
   costs a constant amount of work, so the cost grows about linearly.
3. Verification with rapidfuzz on candidate pairs only; 4. union-find.

Measured on the seeds (see ``../shared/design/matching.md``): the same statement
translated twice scores ratio 64-79 and token_set_ratio 81-92, different
statements at most 44 and 66; the mean of the two separates them.
"""

from __future__ import annotations

import heapq
import itertools
import zlib
from array import array
from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple

from rapidfuzz import fuzz

from quotecheck.lexicon import Lexicon, fold
from quotecheck.records import Cluster, Quote
from quotecheck.textutil import WORD_RE

SAME_SCORE = 66.0  # mean of ratio and token_set_ratio for one statement
MIN_RATIO = 50.0  # and never below this plain ratio
SHORT_WORDS = 5  # keys shorter than this must be near-identical
SHORT_RATIO = 85.0
CONTAINED = 92.0  # partial_ratio for a fragment quoted from a longer statement
SMALL_BUCKET = 10  # quotes sharing a sketch value are all compared up to this many
LARGE_BUCKET = 1000  # beyond SMALL_BUCKET only neighbours in key order; beyond this, none
SKETCH = 16  # word-triple hashes kept per quote for blocking
GRAM = 3
_MAX_SYNONYM = 4


class KeyWord(NamedTuple):
    """A word of a matching key and its span in the document text."""

    word: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Keyed:
    """A quote ready for matching: its key (words joined by one space) and the
    start and end of each word in the document text, flattened.

    A string and a packed array rather than a record per word: keys cross
    process boundaries (``--jobs``) and fill memory on large corpora.
    """

    quote: Quote
    key: str
    spans: array[int]

    @classmethod
    def of(cls, quote: Quote, words: Sequence[KeyWord]) -> Keyed:
        return cls(quote, " ".join(w.word for w in words),
                   array("l", [offset for w in words for offset in (w.start, w.end)]))

    @property
    def words(self) -> list[str]:
        return self.key.split(" ") if self.key else []

    def located(self) -> tuple[KeyWord, ...]:
        """The key words with their spans."""
        return tuple(KeyWord(word, self.spans[2 * i], self.spans[2 * i + 1])
                     for i, word in enumerate(self.words))


def key_words(text: str, quote: Quote, lexicon: Lexicon | None) -> tuple[KeyWord, ...]:
    """The matching key of ``quote``: folded words with their spans in ``text``."""
    parts = quote.parts or ((quote.start, quote.end),)
    raw = [KeyWord(fold(m.group()), m.start(), m.end())
           for start, end in parts for m in WORD_RE.finditer(text, start, end)]
    if lexicon is None or not lexicon.synonyms:
        return tuple(raw)
    words: list[KeyWord] = []
    i = 0
    while i < len(raw):
        if raw[i].word not in lexicon.phrase_starts:
            words.append(raw[i])
            i += 1
            continue
        for size in range(min(_MAX_SYNONYM, len(raw) - i), 0, -1):
            canonical = lexicon.synonyms.get(tuple(w.word for w in raw[i : i + size]))
            if canonical is not None:
                words.append(KeyWord(canonical, raw[i].start, raw[i + size - 1].end))
                i += size
                break
        else:
            words.append(raw[i])
            i += 1
    return tuple(words)


def same_statement(a: str, b: str) -> bool:
    """Whether two matching keys are the same statement (symmetric)."""
    return strength(a, b) is not None


def strength(a: str, b: str) -> str | None:
    """``"same"`` statement, ``"contained"`` (a fragment of the other) or ``None``."""
    if a == b:
        return "same"
    na, nb = a.count(" ") + 1, b.count(" ") + 1
    shorter = min(na, nb)
    ratio = fuzz.ratio(a, b)
    if shorter < SHORT_WORDS:
        if ratio >= SHORT_RATIO:
            return "same"
    elif ratio >= MIN_RATIO and (ratio + fuzz.token_set_ratio(a, b)) / 2 >= SAME_SCORE:
        return "same"
    if shorter >= 3 and _contained(a, b, na, nb):
        return "contained"
    return None


def _contained(a: str, b: str, na: int, nb: int) -> bool:
    """A fragment quoted from a longer statement: "resume within a fortnight"."""
    short, long_ = (a, b) if na <= nb else (b, a)
    if min(na, nb) * 5 > max(na, nb) * 3:
        return False
    return fuzz.partial_ratio(short, long_) >= CONTAINED and _whole_words(short, long_)


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


def _grams(key: str) -> set[str]:
    words = key.split()
    if len(words) < GRAM:
        return {key}
    return {" ".join(words[i : i + GRAM]) for i in range(len(words) - GRAM + 1)}


def _sketch(key: str) -> list[int]:
    """The ``SKETCH`` smallest hashes of the key's word triples (a bottom-k sketch).

    Two keys whose triples overlap by a share J have the same smallest value
    with probability J, so reworded versions (J 0.15-0.3 for the seed
    translations) share some of 16 values almost always, while each key costs
    a constant number of index entries. crc32 rather than ``hash``, so results
    do not depend on PYTHONHASHSEED.
    """
    return heapq.nsmallest(SKETCH, {zlib.crc32(g.encode()) for g in _grams(key)})


def candidate_pairs(keys: Sequence[str]) -> list[tuple[int, int]]:
    """Pairs ``(i, j)``, ``i < j``, whose sketches share a value: the only ones compared.

    A value shared by more than ``LARGE_BUCKET`` keys (a stock phrase) proposes none.
    """
    buckets: dict[int, list[int]] = {}
    for i, key in enumerate(keys):
        for value in _sketch(key):
            buckets.setdefault(value, []).append(i)
    found: set[tuple[int, int]] = set()
    for members in buckets.values():
        if 1 < len(members) <= SMALL_BUCKET:
            found.update((a, b) for n, a in enumerate(members) for b in members[n + 1 :])
        elif len(members) <= LARGE_BUCKET:
            # a statement syndicated in many versions: versions of it sort together,
            # so neighbours chain them into one cluster at linear cost
            ordered = sorted(members, key=lambda i: keys[i])
            found.update((min(a, b), max(a, b)) for a, b in itertools.pairwise(ordered))
    return sorted(found)


Group = tuple[list[int], list[list[int]]]


def cluster(items: Sequence[Keyed]) -> list[Group]:
    """Statements found in several documents, as indices into ``items``."""
    return cluster_keys([item.key for item in items], [item.quote.document for item in items])


def cluster_keys(keys: Sequence[str], documents: Sequence[str]) -> list[Group]:
    """Statements found in several documents: each as its indices into ``keys``
    with its *strong* groups, the quotes joined by full matches and not only by
    a fragment contained in a longer quote.
    """
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
    for a, b in candidate_pairs(rep_keys):
        found = strength(rep_keys[a], rep_keys[b])
        if found is not None:
            union.union(representatives[a], representatives[b])
        if found == "same":
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


def match(items: Sequence[Keyed]) -> list[Cluster]:
    """Clusters of quotes (not terms) that are one statement in several documents."""
    usable = [item for item in items if item.quote.kind != "term" and item.key]
    ordered = sorted(cluster(usable))
    return [Cluster(f"c{n}", tuple(usable[i].quote.id for i in members),
                    tuple(tuple(usable[i].quote.id for i in part) for part in parts))
            for n, (members, parts) in enumerate(ordered, start=1)]
