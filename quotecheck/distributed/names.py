"""The corpus-wide name statistics the rules need, as Dask reductions.

- ``name_counts``: in how many documents each speaker name of a cluster
  occurs (a filtered ``value_counts``; only those names reach the client).
- ``name_variant_findings``: distinct introduced names are exploded into the
  blocks of ``findings.name_blocks`` and shuffled by block; each task keeps the
  pairs that look like one name spelled two ways (``names.corpus_variant``, not
  declared aliases). Only those candidate pairs, and the names, documents and
  clusters of the documents giving them, are collected; the local rule's core
  (``findings.name_variants``) then decides on them exactly as a local run.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

import dask.dataframe as dd
import pandas as pd

from quotecheck.distributed.shared import broadcast
from quotecheck.findings import RULES, NameContext, name_blocks, name_variants
from quotecheck.names import Aliases, corpus_variant
from quotecheck.records import Finding

if TYPE_CHECKING:
    from distributed import Client

BLOCKS_META = pd.DataFrame({"block": pd.Series(dtype=object), "name": pd.Series(dtype=object)})
PAIRS_META = pd.DataFrame({"a": pd.Series(dtype=object), "b": pd.Series(dtype=object)})


def name_counts(client: Client, people: dd.DataFrame, names: set[str]) -> dict[str, int]:
    """Documents giving each of ``names`` (a person name is listed once per document)."""
    if not names:
        return {}
    counts = _where(client, people, "name", names).name.value_counts().compute()
    return {str(k): int(v) for k, v in counts.items()}


def _where(client: Client, frame: dd.DataFrame, column: str, values: set[str]
           ) -> dd.DataFrame:
    """The rows of ``frame`` whose ``column`` is one of ``values`` (sent to each
    worker once)."""
    wanted = broadcast(client, values)
    return frame.map_partitions(_isin, column, wanted, meta=frame._meta)


def _isin(frame: pd.DataFrame, column: str, values: set[str]) -> pd.DataFrame:
    return frame[frame[column].isin(values)]


def name_variant_findings(client: Client, people: dd.DataFrame,
                          clusters_of: Callable[[set[str]], dict[str, set[str]]],
                          reported: set[tuple[str, str]], aliases: Aliases | None,
                          npartitions: int) -> list[Finding]:
    """The name-variant findings of the corpus.

    ``clusters_of`` gives the clusters of each of a set of documents that has a
    clustered quote, ``reported`` the spelling pairs speaker-variant findings
    report.
    """
    aliases = aliases or Aliases()
    introduced = people[people.introduced][["doc", "name"]]
    names = introduced[["name"]].drop_duplicates(split_out=npartitions)
    blocks = names.map_partitions(_blocks, meta=BLOCKS_META)
    pairs = blocks.shuffle("block", npartitions=npartitions).map_partitions(
        _pairs, aliases, meta=PAIRS_META).drop_duplicates(split_out=npartitions).compute()
    if pairs.empty:
        return []
    wanted = set(pairs["a"]) | set(pairs["b"])
    giving = _where(client, introduced, "name", wanted).compute()
    documents: dict[str, set[str]] = {}
    for doc, name in giving.itertuples(index=False):
        documents.setdefault(name, set()).add(doc)
    docs = set(giving["doc"])
    around = _where(client, introduced, "doc", docs).compute()
    names_of: dict[str, set[str]] = {}
    for doc, name in around.itertuples(index=False):
        names_of.setdefault(doc, set()).add(name)
    context = NameContext(documents, names_of, clusters_of(docs), reported)
    rule = next(r for r in RULES if r.id == "name-variant")
    return list(name_variants(rule, context, aliases))


def _blocks(names: pd.DataFrame) -> pd.DataFrame:
    rows = [(repr(block), name) for name in names["name"].tolist()
            for block in name_blocks(name)]
    return pd.DataFrame(rows, columns=["block", "name"], dtype=object)


def _pairs(blocks: pd.DataFrame, aliases: Aliases) -> pd.DataFrame:
    found: list[tuple[str, str]] = []
    for _block, group in blocks.groupby("block", sort=False):
        found.extend(_variants(sorted(set(group["name"])), aliases))
    return pd.DataFrame(found, columns=["a", "b"], dtype=object)


def _variants(names: list[str], aliases: Aliases) -> Iterable[tuple[str, str]]:
    for a, b in itertools.combinations(names, 2):
        if corpus_variant(a, b) and not aliases.declared(a, b):
            yield a, b
