"""Stage 1: extraction, a map over partitions of the corpus on the workers.

The client reads the inputs with ``reading.read`` (so document ids, skip
reasons and read bounds are those of a local run) and sends them in
partitions of bounded size; each partition is checked on a worker by the
per-document code of ``pipeline.check_document`` and its result stays there,
as a future, until the later stages read it. The client holds at most
``in_flight`` partitions of text at a time.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

import pandas as pd
from dask.sizeof import sizeof

from quotecheck.backends import Backend, get_backend
from quotecheck.errors import ModelMissing, describe_bug
from quotecheck.pipeline import Options, batches, check_document
from quotecheck.reading import Item
from quotecheck.records import Document, DocumentResult, Keyed, PersonName, Quote, Skipped

PARTITION_CHARS = 4_000_000  # text per partition, at most
# A partition's records take about 12 bytes per character of its text (measured with
# tracemalloc on 1,000 synthetic articles), about 20 with the frames built from them.
PART_BYTES_PER_CHAR = 12
RECORDS_PER_CHAR = 20
PARTITION_DOCS = 4_000
SEQ_BITS = 32  # a quote's sequence number: partition << SEQ_BITS | its index there


@dataclass(frozen=True, slots=True)
class Part:
    """What one partition leaves behind on its worker once its text is dropped."""

    number: int
    results: list[DocumentResult]
    quotes: list[Quote]
    keyed: list[Keyed]
    people: list[PersonName]
    sources: dict[str, str]  # document id -> source
    chars: int = 0  # of text checked: what its size in memory follows

    def seq(self, index: int) -> int:
        """The sequence number of quote ``index``: sorting by it is the input order."""
        return self.number << SEQ_BITS | index


def partitions(items: Iterable[Item], chars: int | None = None,
               docs: int | None = None) -> Iterator[list[Item]]:
    """Items in partitions of at most ``docs`` documents or about ``chars`` of text
    (default: ``PARTITION_DOCS`` and ``PARTITION_CHARS``, read at each call): the
    local engine's batching, with a partition's larger bounds."""
    return batches(items, PARTITION_CHARS if chars is None else chars,
                   PARTITION_DOCS if docs is None else docs)


def partition_chars(memory_limit: int | None) -> int:
    """Text per partition for workers of ``memory_limit`` bytes: the records of one
    partition take at most a tenth of the limit (a worker holds a few at once
    while it extracts, and Dask spills the rest once past 60 %)."""
    if not memory_limit:
        return PARTITION_CHARS
    return max(50_000, min(PARTITION_CHARS, memory_limit // (10 * RECORDS_PER_CHAR)))


_BACKENDS: dict[str, Backend] = {}


def _backend(name: str) -> Backend:
    """One backend per worker process, reused by every partition it checks."""
    if name not in _BACKENDS:
        _BACKENDS[name] = get_backend(name)
    return _BACKENDS[name]


def extract_partition(number: int, items: list[Item], options: Options) -> Part:
    """Check one partition; a failure of our code skips its documents with the reason."""
    try:
        backend = _backend(options.backend)
        done = [_check(item, backend, options) for item in items]
    except ModelMissing:
        raise  # the backend the user asked for cannot run: stop, as a local run does
    except Exception as exc:
        reason = f"partition {number} failed: {describe_bug(exc)}"
        done = [(_skipped(item, reason), None) for item in items]
    results = [result for result, _found in done]
    quotes = [q for _r, found in done if found for q in found.quotes]
    keyed = [k for _r, found in done if found for k in found.keyed]
    people = [p for _r, found in done if found for p in found.people]
    chars = sum(len(item.text) for item in items if isinstance(item, Document))
    return Part(number, results, quotes, keyed, people, {r.id: r.source for r in results},
                chars)


def _part_bytes(part: Part) -> int:
    """What Dask counts for a Part when it decides to spill (its own guess, the
    size of the object without its lists, would be 80 bytes: never spilled)."""
    return 1000 + PART_BYTES_PER_CHAR * part.chars


sizeof.register(Part)(_part_bytes)


def _check(item: Item, backend: Backend, options: Options) -> tuple[DocumentResult, Any]:
    if isinstance(item, Skipped):
        return DocumentResult(item.id, item.path, item.id, None, "skipped", item.reason,
                              item.line), None
    return check_document(item, backend=backend, options=options)


def _skipped(item: Item, reason: str) -> DocumentResult:
    if isinstance(item, Skipped):
        return DocumentResult(item.id, item.path, item.id, None, "skipped", item.reason,
                              item.line)
    return DocumentResult(item.id, item.path, item.source, None, "skipped", reason, item.line)


# -- the tables the later stages read, one partition of each per Part ----------------

# Python-backed strings: exact Python values, sorted as Python sorts them.
TEXT = pd.StringDtype("python")
KEYS_META = pd.DataFrame({"seq": pd.Series(dtype="int64"), "key": pd.Series(dtype=TEXT),
                          "doc": pd.Series(dtype=object)})
PEOPLE_META = pd.DataFrame({"doc": pd.Series(dtype=object), "name": pd.Series(dtype=object),
                            "introduced": pd.Series(dtype=bool)})
PAYLOAD_META = pd.DataFrame({"quote": pd.Series(dtype=object),
                             "keyed": pd.Series(dtype=object),
                             "source": pd.Series(dtype=object)},
                            index=pd.Index([], dtype="int64", name="seq"))


def usable(keyed: Keyed) -> bool:
    """What the local matcher matches: quotes that are not terms, with a key."""
    return keyed.quote.kind != "term" and bool(keyed.key)


def keys_frame(part: Part) -> pd.DataFrame:
    """The matching key and document of each usable quote, by sequence number."""
    rows = [(part.seq(i), k.key, k.quote.document) for i, k in enumerate(part.keyed)
            if usable(k)]
    return _frame(rows, KEYS_META)


def people_frame(part: Part) -> pd.DataFrame:
    rows = [(p.document, p.name, p.introduced) for p in part.people]
    return _frame(rows, PEOPLE_META)


def payload_frame(part: Part) -> pd.DataFrame:
    """Each usable quote's records, indexed by sequence number (read for findings)."""
    found = [(part.seq(i), k.quote, k, part.sources.get(k.quote.document, k.quote.document))
             for i, k in enumerate(part.keyed) if usable(k)]
    frame = pd.DataFrame({"quote": pd.Series([f[1] for f in found], dtype=object),
                          "keyed": pd.Series([f[2] for f in found], dtype=object),
                          "source": pd.Series([f[3] for f in found], dtype=object)})
    frame.index = pd.Index([f[0] for f in found], dtype="int64", name="seq")
    return frame


def _frame(rows: list[tuple[Any, ...]], meta: pd.DataFrame) -> pd.DataFrame:
    columns: list[list[Any]] = ([list(c) for c in zip(*rows, strict=True)] if rows
                                else [[] for _ in meta.columns])
    return pd.DataFrame({name: pd.Series(values, dtype=meta[name].dtype)
                         for name, values in zip(meta.columns, columns, strict=True)})
