"""Stages 3b and 4: clusters from the components, and the findings of each cluster.

Quotes and the strong (full-match) pairs are shuffled by component, so one
task holds whole components: it keeps those spanning two documents and splits
each into its strong groups with a small union-find. The records of the
clusters' quotes are then joined in where they live (partition-wise, by
sequence number) and shuffled by cluster, and each cluster's rules run in the
task that holds it, with the corpus-wide name counts they need.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import dask.dataframe as dd
import pandas as pd

from quotecheck import lexicon
from quotecheck.findings import (
    RULES,
    Corpus,
    altered_quote,
    misattribution,
    speaker_variant,
    unattributed,
)
from quotecheck.names import Aliases
from quotecheck.records import Cluster, Finding, Keyed, Quote

MEMBERS_META = pd.DataFrame({c: pd.Series(dtype="int64") for c in ("seq", "ck", "part")})
OUT_META = pd.DataFrame({"kind": pd.Series(dtype=object), "ck": pd.Series(dtype="int64"),
                         "record": pd.Series(dtype=object)})
_PER_CLUSTER = (misattribution, speaker_variant, unattributed, altered_quote)
SEVERITY_ORDER = ("error", "warning", "info")
_RULES = {rule.check: rule for rule in RULES}


def members(quotes: dd.DataFrame, edges: dd.DataFrame, labels: dd.DataFrame,
            npartitions: int) -> dd.DataFrame:
    """(seq, ck, part) of every quote in a cluster: ``ck`` the smallest sequence
    number of its cluster, ``part`` that of its strong group."""
    by_rank = labels.rename(columns={"node": "rank", "label": "comp"})
    placed = quotes[["seq", "rank", "doc"]].merge(by_rank, on="rank", how="left",
                                                  npartitions=npartitions)
    placed = placed.map_partitions(_own_component, meta=placed._meta.assign(comp=0))
    strong = edges[edges.same][["a", "b"]].merge(by_rank.rename(columns={"rank": "a"}),
                                                 on="a", npartitions=npartitions)
    return dd.map_partitions(_clusters, placed.shuffle("comp", npartitions=npartitions),
                             strong.shuffle("comp", npartitions=npartitions),
                             meta=MEMBERS_META, align_dataframes=False)


def _own_component(frame: pd.DataFrame) -> pd.DataFrame:
    """A key in no verified pair is its own component (its exact duplicates only)."""
    comp = frame["comp"].fillna(frame["rank"]).astype("int64")
    return frame.assign(comp=comp)


def _clusters(quotes: pd.DataFrame, strong: pd.DataFrame) -> pd.DataFrame:
    """The members of the partition's components that span two documents.

    Plain lists and dicts rather than one pandas group per component: a
    partition holds tens of thousands of components, and a pandas call on
    each cost more than the rest of the matching together."""
    spanning = quotes.groupby("comp", sort=False)["doc"].transform("nunique") >= 2
    quotes = quotes[spanning.to_numpy()]
    members: dict[int, list[tuple[int, int]]] = {}
    for comp, seq, rank in zip(quotes["comp"].tolist(), quotes["seq"].tolist(),
                               quotes["rank"].tolist(), strict=True):
        members.setdefault(comp, []).append((seq, rank))
    ranks = _UnionFind()
    for a, b, comp in zip(strong["a"].tolist(), strong["b"].tolist(),
                          strong["comp"].tolist(), strict=True):
        if comp in members:
            ranks.union(int(a), int(b))
    rows: list[tuple[int, int, int]] = []
    for group in members.values():
        roots = [ranks.find(rank) for _seq, rank in group]
        first: dict[int, int] = {}
        for (seq, _rank), root in zip(group, roots, strict=True):
            first[root] = min(first.get(root, seq), seq)
        ck = min(seq for seq, _rank in group)
        rows.extend((seq, ck, first[root]) for (seq, _rank), root in zip(group, roots,
                                                                            strict=True))
    return pd.DataFrame(rows, columns=list(MEMBERS_META.columns), dtype="int64")


class _UnionFind:
    def __init__(self) -> None:
        self.parent: dict[int, int] = {}

    def find(self, i: int) -> int:
        root = i
        while self.parent.get(root, root) != root:
            root = self.parent[root]
        while i != root:  # path compression
            self.parent[i], i = root, self.parent[i]
        return root

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


@dataclass(frozen=True)
class ClusterCorpus(Corpus):
    """One cluster's corpus, with the corpus-wide counts of its speakers' names."""

    counts: Counter[str] = field(default_factory=Counter)

    @property
    def name_counts(self) -> Counter[str]:
        return self.counts


def cluster_records(rows: pd.DataFrame, counts: dict[str, int], aliases: Aliases | None
                    ) -> pd.DataFrame:
    """Each cluster of a partition (rows: its quotes' records, ck, part) as a
    ``Cluster`` record, its findings and its speaker-variant spelling pairs, in
    the order of ck. ``rows`` may be indexed by ck."""
    if "ck" not in rows.columns:
        rows = rows.reset_index()
    rows = rows.sort_values(["ck", "seq"], kind="stable")
    columns = {c: rows[c].tolist() for c in ("ck", "seq", "part", "quote", "keyed", "source")}
    langs = {q.lang for q in columns["quote"]}
    negations = {code: frozenset(" ".join(p) for p in lexicon.load(code).negations)
                 for code in langs if code in lexicon.available()}
    out: list[tuple[str, int, Any]] = []
    start = 0
    cks = columns["ck"]
    for end in range(1, len(cks) + 1):
        if end == len(cks) or cks[end] != cks[start]:
            group = {c: values[start:end] for c, values in columns.items()}
            out.extend(_one_cluster(int(cks[start]), group, counts, aliases or Aliases(),
                                    negations))
            start = end
    return pd.DataFrame(out, columns=list(OUT_META.columns)).astype({"ck": "int64"})


def _one_cluster(ck: int, group: dict[str, list[Any]], counts: dict[str, int],
                 aliases: Aliases, negations: dict[str, frozenset[str]]
                 ) -> list[tuple[str, int, Any]]:
    quotes: list[Quote] = group["quote"]
    keyed: list[Keyed] = group["keyed"]
    parts: dict[int, list[str]] = {}
    for quote, part in zip(quotes, group["part"], strict=True):
        parts.setdefault(part, []).append(quote.id)
    cluster = Cluster(f"k{ck}", tuple(q.id for q in quotes),
                      tuple(tuple(parts[p]) for p in sorted(parts)))
    corpus = ClusterCorpus(
        quotes={q.id: q for q in quotes}, keyed={k.quote.id: k for k in keyed},
        clusters=[cluster], people=[],
        sources=dict(zip((q.document for q in quotes), group["source"], strict=True)),
        negations={q.lang: negations[q.lang] for q in quotes if q.lang in negations},
        aliases=aliases, counts=Counter({q.speaker: counts.get(q.speaker, 0)
                                         for q in quotes if q.speaker}))
    out: list[tuple[str, int, Any]] = [("cluster", ck, cluster)]
    seqs = dict(zip((q.id for q in quotes), group["seq"], strict=True))
    for check in _PER_CLUSTER:
        out.extend(("finding", ck, (order_key(f, seqs), f))
                   for f in check(corpus, _RULES[check]))
    pairs = {pair for _identity, variants in corpus.speaker_variants for pair in variants}
    out.extend(("variant", ck, pair) for pair in sorted(pairs))
    return out


DOCS_META = pd.DataFrame({"doc": pd.Series(dtype=object), "ck": pd.Series(dtype="int64")})


def documents_in(clusters: pd.DataFrame, docs: set[str]) -> pd.DataFrame:
    """(doc, ck) for each cluster of the partition with a quote of one of ``docs``."""
    rows = {(quote.rsplit("#", 1)[0], ck)
            for ck, cluster in zip(clusters["ck"].tolist(), clusters["record"].tolist(),
                                   strict=True)
            for quote in cluster.quotes if quote.rsplit("#", 1)[0] in docs}
    return pd.DataFrame(sorted(rows), columns=["doc", "ck"]).astype({"ck": "int64"})


def order_key(finding: Finding, seqs: dict[str, int]) -> tuple[Any, ...]:
    """The local report's order of findings, with sequence numbers as quote positions."""
    return (SEVERITY_ORDER.index(finding.severity), finding.rule,
            [seqs.get(q, 0) for q in finding.quotes], finding.documents)


def unknown_speakers(quotes: list[Quote], seqs: dict[str, int]
                     ) -> list[tuple[tuple[Any, ...], Finding]]:
    """The unknown-speaker findings of one partition (a per-document rule)."""
    rule = next(r for r in RULES if r.id == "unknown-speaker")
    corpus = Corpus(quotes={q.id: q for q in quotes}, keyed={}, clusters=[], people=[],
                    sources={}, negations={}, aliases=Aliases())
    return [(order_key(f, seqs), f) for f in rule.check(corpus, rule)]
