"""The check of ``pipeline.check`` as Dask work: extract → match → cluster → find.

Only small things reach the client whole: one integer per partition, the
candidate name pairs of name-variant (with the names and clusters of the
documents giving them) and the findings. Quotes, keys, pairs, labels and
clusters stay on the workers until the report is written, which reads the
partitions, then the clusters, one partition at a time, in report order.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

import dask
import dask.dataframe as dd
from distributed import Client, Future, wait

from quotecheck.distributed import clusters as clustering
from quotecheck.distributed import components, extract, match, names, shards
from quotecheck.distributed.shared import broadcast, settled
from quotecheck.errors import UsageError
from quotecheck.pipeline import Options
from quotecheck.progress import Progress
from quotecheck.reading import read
from quotecheck.records import Cluster, Finding

IN_FLIGHT = 2  # partitions of text per worker thread sent ahead of the extraction
# Quotes per partition of the matching's shuffled frames. The extraction's
# partitions are sized by text for a worker's memory, and a 1M-article corpus
# has hundreds: shuffled at that width, a task-based shuffle is tens of
# thousands of small tasks, and two cores spent the matching scheduling them.
# 100,000 quotes (a few MB of keys, a few million sketch values) per task keeps
# a 1M-article corpus under 32 partitions, which Dask shuffles in one stage.
QUOTES_PER_PARTITION = 100_000


@dataclass(frozen=True)
class Clusters:
    """The clusters in report order (ids c1, c2, ...), read one partition at a
    time: futures of frames (ck, record) sorted by ck, each partition's ck below
    the next one's, so the client never holds them all."""

    parts: list[Future]

    def __iter__(self) -> Iterator[Cluster]:
        number = 0
        for future in self.parts:
            for cluster in future.result()["record"].tolist():
                number += 1
                yield Cluster(f"c{number}", cluster.quotes, cluster.groups)


@dataclass(frozen=True)
class Tables:
    """Futures, one per partition, of what the later stages read of it, each
    submitted as soon as its partition is: computed on the worker holding the
    partition while it is still in memory, not read back after a spill."""

    keys: list[Future] = field(default_factory=list)
    people: list[Future] = field(default_factory=list)
    payload: list[Future] = field(default_factory=list)
    unknown: list[Future] = field(default_factory=list)

    def add(self, client: Client, part: Future) -> None:
        self.keys.append(client.submit(extract.keys_frame, part))
        self.people.append(client.submit(extract.people_frame, part))
        self.payload.append(client.submit(extract.payload_frame, part))
        self.unknown.append(client.submit(_unknown, part))


@dataclass(frozen=True)
class Outcome:
    """What the report is written from: the partitions (futures, in input order),
    the clusters in report order and the sorted findings (the one part of the
    report collected on the client: a few hundred bytes a finding)."""

    parts: list[Future]
    clusters: Clusters
    findings: list[Finding]


def run(client: Client, paths: Iterable[str | os.PathLike[str]], options: Options,
        progress: Progress) -> Outcome:
    progress.phase("checking")
    paths = list(paths)
    sharded = [p for p in paths if shards.is_shard(p)]
    if sharded and len(sharded) < len(paths):
        raise UsageError("--dask reads either URLs and globs (JSON Lines shards, read by the "
                         f"workers) or plain paths in one run, not both: {sharded[0]} and "
                         f"{next(p for p in paths if p not in sharded)}")
    tables = Tables()
    if sharded:
        parts = shards.submit(client, sharded, options, progress,
                              lambda part: tables.add(client, part))
    else:
        items = read(paths, options.include, options.exclude,
                     max_bytes=options.max_document_bytes)
        parts = submit_parts(client, items, options, progress, tables)
    _raise_stopping_errors(parts)
    with dask.config.set({"dataframe.shuffle.method": "tasks",
                          "dataframe.convert-string": False}):
        clusters, findings = _match_and_find(client, tables, options, progress)
    return Outcome(parts, clusters, findings)


def submit_parts(client: Client, items: Iterable[Any], options: Options,
                 progress: Progress, tables: Tables | None = None) -> list[Future]:
    """Extraction futures, one per partition; at most ``IN_FLIGHT`` per thread pending."""
    limit = max(1, sum(client.nthreads().values())) * IN_FLIGHT
    futures: list[Future] = []
    pending: dict[Future, int] = {}
    chars = extract.partition_chars(worker_memory(client))
    for number, batch in enumerate(extract.partitions(items, chars)):
        future = client.submit(extract.extract_partition, number, batch, options,
                               key=f"quotecheck-extract-{number}", pure=False)
        futures.append(future)
        if tables is not None:
            tables.add(client, future)
        pending[future] = len(batch)
        while len(pending) >= limit:
            _settle(pending, wait(list(pending), return_when="FIRST_COMPLETED").done,
                    progress)
    _settle(pending, wait(list(pending)).done, progress)
    return futures


def _raise_stopping_errors(futures: list[Future]) -> None:
    for future in futures:
        if future.status == "error":
            future.result()  # raises the partition's exception (a missing model)


def worker_memory(client: Client) -> int | None:
    """The smallest memory limit of the cluster's workers (None: unlimited)."""
    limits = [w.get("memory_limit") for w in client.scheduler_info()["workers"].values()]
    return min((int(n) for n in limits if n), default=None)


def _settle(pending: dict[Future, int], done: Iterable[Future], progress: Progress) -> None:
    for future in done:
        progress.documents(pending.pop(future), 0)


def _frames(tables: Tables) -> tuple[dd.DataFrame, ...]:
    count = len(tables.keys)
    divisions = (*[p << extract.SEQ_BITS for p in range(count)],
                 (count << extract.SEQ_BITS) - 1)
    keys = dd.from_delayed(tables.keys, meta=extract.KEYS_META)
    people = dd.from_delayed(tables.people, meta=extract.PEOPLE_META)
    payload = dd.from_delayed(tables.payload, meta=extract.PAYLOAD_META, divisions=divisions)
    return keys, people, payload


def _match_and_find(client: Client, tables: Tables, options: Options,
                    progress: Progress) -> tuple[Clusters, list[Finding]]:
    width = shuffle_width(client, tables)
    keys, people, payload = _frames(tables)
    progress.phase("matching")
    ranked = settled(match.ranked(keys, width))
    distinct = settled(match.distinct_keys(ranked))
    pairs = match.candidates(distinct, width)
    edges = settled(match.verified(pairs, distinct, options.thresholds))
    labels = components.components(edges, width)
    members = clustering.members(ranked, edges, labels, width)
    members = settled(members.set_index("seq", divisions=payload.divisions))
    progress.phase("findings")
    rows = settled(payload.merge(members, left_index=True, right_index=True).reset_index())
    speakers = set(rows.quote.map(_speaker, meta=("quote", object)).dropna()
                   .unique().compute())
    counts = broadcast(client, names.name_counts(client, people, speakers))
    # A cluster goes to the partition of its first quote (ck is that quote's
    # sequence number): the clusters come out in report order, with no sort.
    found = settled(rows.set_index("ck", divisions=payload.divisions).map_partitions(
        clustering.cluster_records, counts, options.aliases, meta=clustering.OUT_META))
    keyed = list(found[found.kind == "finding"].record.compute())
    reported = set(found[found.kind == "variant"].record.compute())
    ordered = settled(found[found.kind == "cluster"][["ck", "record"]])
    clusters = Clusters(client.compute(ordered.to_delayed()))
    wait(clusters.parts)
    keyed.extend(item for future in tables.unknown for item in future.result())
    variants = names.name_variant_findings(
        client, people, lambda docs: _clusters_of(client, ordered, docs), reported, options.aliases,
        width)
    keyed.extend((clustering.order_key(f, {}), f) for f in variants)
    return clusters, [f for _key, f in sorted(keyed, key=lambda item: item[0])]


def shuffle_width(client: Client, tables: Tables) -> int:
    """Partitions of the shuffled frames: one per ``QUOTES_PER_PARTITION`` quotes,
    at least two per worker thread (while there are that many extraction
    partitions), at most one per extraction partition."""
    quotes = sum(client.gather([client.submit(len, keys) for keys in tables.keys]))
    threads = sum(client.nthreads().values())
    wanted = max(-(-quotes // QUOTES_PER_PARTITION), 2 * threads)
    return max(1, min(len(tables.keys), wanted))


def _speaker(quote: Any) -> str | None:
    return quote.speaker


def _clusters_of(client: Client, clusters: dd.DataFrame, docs: set[str]
                 ) -> dict[str, set[str]]:
    """The clusters (by ck) of each of ``docs`` that has a clustered quote."""
    wanted = broadcast(client, docs)
    pairs = clusters.map_partitions(clustering.documents_in, wanted,
                                    meta=clustering.DOCS_META).compute()
    found: dict[str, set[str]] = {}
    for doc, ck in pairs.itertuples(index=False):
        found.setdefault(doc, set()).add(str(ck))
    return found


def _unknown(part: extract.Part) -> list[Any]:
    seqs = {q.id: part.seq(i) for i, q in enumerate(part.quotes)}
    return clustering.unknown_speakers(part.quotes, seqs)


def stream_parts(parts: list[Future]) -> Iterator[extract.Part]:
    """The partitions in input order, one at a time on the client."""
    for future in parts:
        yield future.result()
