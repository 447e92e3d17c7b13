"""JSON Lines shards read by the workers themselves: globs and fsspec URLs.

``quotecheck check 's3://bucket/crawl/*.jsonl' --dask ADDRESS``: the client
lists the shards (names and sizes, never their contents) and cuts each into
byte ranges of about one partition's text. A range owns the lines that begin
in it. The workers read the ranges with fsspec, in three passes:

1. ``count``: each range's lines (one integer per range reaches the client:
   line numbers run through a shard, as in a local read);
2. ``ids``: each line's document id, in a frame kept on the workers; only the
   ids given more than once reach the client, which gives them what a local
   read gives them (a second record of an id in one shard is skipped with the
   reason, one in another shard is renamed ``id~2``);
3. ``extract_range``: the range's documents and skipped lines, checked as one
   partition.

A line ends at ``\\n`` (a local read also ends one at a lone ``\\r``); UTF-16
shards are not read from URLs or globs. Everything else (bad lines, overlong
lines, duplicate ids) is skipped with the reason of a local read.
"""

from __future__ import annotations

import glob
import os
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path, PurePosixPath
from typing import Any

import pandas as pd

from quotecheck import files
from quotecheck.errors import UsageError
from quotecheck.reading import (  # one parser
    JSONL_SUFFIXES,
    DocumentIds,
    Item,
    document_stem,
    jsonl_item,
)
from quotecheck.records import Document, Skipped

BLOCK = 1 << 20  # bytes read at a time
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
IDS_META = pd.DataFrame({"range": pd.Series(dtype="int64"), "index": pd.Series(dtype="int64"),
                         "line": pd.Series(dtype="int64"), "id": pd.Series(dtype=object),
                         "kind": pd.Series(dtype="int64")})
DOCUMENT, RECORD, OTHER = 2, 1, 0  # kinds: a document; a record skipped after its id; else


def is_shard(raw: str | os.PathLike[str]) -> bool:
    """A URL (``s3://...``, ``file://...``), or a glob that is not itself a path."""
    text = os.fsdecode(raw)
    return "://" in text or (glob.has_magic(text) and not os.path.lexists(text))


@dataclass(frozen=True, slots=True)
class Shard:
    url: str  # what fsspec opens
    shown: str  # the path in the report
    size: int

    @property
    def stem(self) -> str:
        return document_stem(Path(PurePosixPath(self.shown).name))


@dataclass(frozen=True, slots=True)
class Range:
    """Bytes [start, end) of a shard: the lines that begin there. ``first`` is the
    number of its first line; ``empty`` marks the last range of a shard without
    a JSON line (it then says so, as a local read does)."""

    number: int
    shard: Shard
    start: int
    end: int
    first: int = 1
    empty: bool = False


def find(patterns: Sequence[str | os.PathLike[str]]) -> tuple[list[Shard], list[Skipped]]:
    """The shards of ``patterns``, sorted by path as a local read sorts files; a
    pattern matching nothing, or a file that is not JSON Lines, is skipped."""
    shards: dict[str, Shard] = {}
    skipped: list[Skipped] = []
    for raw in patterns:
        pattern = os.fsdecode(raw)
        matches = _matches(pattern)
        if not matches:
            skipped.append(Skipped(document_stem(Path(pattern)) or pattern, pattern,
                                   "no file matches"))
        for url, shown, info in matches:
            if info.get("type") != "file":
                skipped.append(Skipped(document_stem(Path(shown)), shown, "not a regular file"))
            elif PurePosixPath(shown).suffix.lower() not in JSONL_SUFFIXES:
                skipped.append(Skipped(document_stem(Path(shown)), shown,
                                       "not JSON Lines (.jsonl): URLs and globs are read as "
                                       "JSON Lines shards"))
            else:
                shards[shown] = Shard(url, shown, int(info.get("size") or 0))
    return sorted(shards.values(), key=lambda s: s.shown), skipped


def _matches(pattern: str) -> list[tuple[str, str, dict[str, Any]]]:
    """(url, shown, info) of each file ``pattern`` names; a local glob keeps the
    paths as typed (so the report shows them as a local read would)."""
    fs, path = _filesystem(pattern)
    if "://" not in pattern:
        found = sorted(glob.glob(pattern))
        return [(os.path.abspath(p), files.shown(p), fs.info(os.path.abspath(p)))
                for p in found]
    names = sorted(fs.glob(path)) if glob.has_magic(path) else (
        [path] if fs.exists(path) else [])
    return [(fs.unstrip_protocol(n), fs.unstrip_protocol(n), fs.info(n)) for n in names]


def _filesystem(url: str) -> tuple[Any, str]:
    from fsspec.core import url_to_fs  # type: ignore[import-untyped]

    try:
        return url_to_fs(url)
    except ImportError as exc:  # fsspec names the package: "Install s3fs to access S3"
        raise UsageError(f"cannot read {url}: its filesystem package is missing ({exc}); "
                         "install it next to quotecheck on the client and the workers"
                         ) from None
    except ValueError as exc:  # "Protocol not known: ..."
        raise UsageError(f"cannot read {url}: {exc}") from None


def ranges(shards: Sequence[Shard], size: int, start: int = 0) -> list[Range]:
    """Each shard cut into ranges of about ``size`` bytes, numbered from ``start``."""
    cut: list[Range] = []
    for shard in shards:
        for begin in range(0, max(shard.size, 1), size):
            cut.append(Range(start + len(cut), shard, begin, min(begin + size, shard.size)))
    return cut


# -- reading a range on a worker ------------------------------------------------------


def _lines(rng: Range, limit: int) -> Iterator[str | int]:
    """The lines that begin in ``rng`` without their ends, or the length of a line
    over ``limit`` characters; raises OSError as a local read would."""
    fs, path = _filesystem(rng.shard.url)
    with fs.open(path, "rb") as handle:
        if handle.read(2) in UTF16_BOMS:  # said once, by the shard's first range
            if rng.start == 0:
                raise ValueError("UTF-16 JSON Lines are read only from a local path given "
                                 "as it is (not a URL or a glob)")
            return
        reader = _Reader(handle, max(rng.start - 1, 0))
        if rng.start > 0:
            reader.line(0)  # the end of the line begun in the range before
        bom = rng.start == 0  # utf-8-sig, as a local read
        while reader.pos < rng.end:
            line = reader.line(4 * (limit + 1))  # UTF-8: at most 4 bytes a character
            if line is None:
                return
            if isinstance(line, bytes):
                text = line.decode("utf-8", "surrogateescape").rstrip("\r\n")
                text = text.removeprefix("\ufeff") if bom else text
                yield len(text) if len(text) > limit else text
            else:
                yield line
            bom = False


class _Reader:
    """Lines of a binary file from ``pos``, read a block at a time."""

    def __init__(self, handle: Any, pos: int) -> None:
        handle.seek(pos)
        self.handle, self.pos, self.buffer = handle, pos, b""

    def line(self, limit: int) -> bytes | int | None:
        """The next line with its end; past ``limit`` bytes only its length; None at EOF."""
        kept: list[bytes] | None = []
        size = 0
        while True:
            if not self.buffer:
                self.buffer = self.handle.read(BLOCK)
                if not self.buffer:
                    break
            cut = self.buffer.find(b"\n")
            piece = self.buffer if cut < 0 else self.buffer[: cut + 1]
            self.buffer = self.buffer[len(piece):]
            self.pos += len(piece)
            size += len(piece)
            if kept is not None and size <= limit:
                kept.append(piece)
            else:
                kept = None
            if cut >= 0:
                break
        if not size:
            return None
        return b"".join(kept) if kept is not None else size


def count(rng: Range, limit: int) -> tuple[int, bool]:
    """Pass 1: the number of lines beginning in ``rng`` and whether one is not blank."""
    lines, content = 0, False
    try:
        for line in _lines(rng, limit):
            lines += 1
            content = content or not isinstance(line, str) or bool(line.strip())
    except (OSError, ValueError):
        content = True  # the read error is reported by the later passes
    return lines, content


def items(rng: Range, limit: int) -> Iterator[Item]:
    """The records of ``rng`` as a local read makes them, before ids are made unique."""
    number = rng.first - 1
    try:
        for line in _lines(rng, limit):
            number += 1
            if isinstance(line, str) and not line.strip():
                continue
            item = jsonl_item(Path(rng.shard.shown), number, line, {}, limit)
            if isinstance(item, Document):
                item = replace(item, key=f"{PurePosixPath(rng.shard.shown).name}#{item.id}")
            yield replace(item, path=rng.shard.shown)
    except OSError as exc:
        yield Skipped(rng.shard.stem, rng.shard.shown, f"cannot read: {exc.strerror or exc}")
    except ValueError as exc:
        yield Skipped(rng.shard.stem, rng.shard.shown, str(exc))
    if rng.empty:
        yield Skipped(rng.shard.stem, rng.shard.shown, "empty (no JSON lines)")


def ids(rng: Range, limit: int) -> pd.DataFrame:
    """Pass 2: the id of each record of ``rng`` (range, index, line, id, kind)."""
    rows = [(rng.number, i, item.line or 0, item.id, _kind(item, rng.shard.stem))
            for i, item in enumerate(items(rng, limit))]
    return pd.DataFrame(rows, columns=list(IDS_META.columns)).astype(IDS_META.dtypes)


def _kind(item: Item, stem: str) -> int:
    if isinstance(item, Document):
        return DOCUMENT
    # skipped under its record's id (missing or empty text), not under "stem:line"
    return RECORD if item.line and item.id != f"{stem}:{item.line}" else OTHER


Renamed = dict[tuple[int, int], tuple[str, str | None]]  # (range, index) -> id, skip reason


def resolve(rows: pd.DataFrame, stems: dict[int, str], shard_of: dict[int, str]) -> Renamed:
    """The ids a local read gives ``rows`` (every record whose id occurs more than
    once, and those holding an id another may be renamed to), in input order."""
    taken, first = DocumentIds(), dict[tuple[str, str], int]()
    renamed: Renamed = {}
    for rng, index, line, doc_id, kind in sorted(rows.itertuples(index=False)):
        shard = shard_of[rng]
        if kind != OTHER and (shard, doc_id) in first:
            reason = (f"line {line}: duplicate id '{doc_id}' "
                      f"(first on line {first[shard, doc_id]})")
            renamed[rng, index] = (taken.take(f"{stems[rng]}:{line}"), reason)
            continue
        if kind == DOCUMENT:
            first[shard, doc_id] = line
        renamed[rng, index] = (taken.take(doc_id), None)
    return renamed


def unique(rng: Range, limit: int, renamed: Renamed) -> list[Item]:
    """Pass 3's input: the records of ``rng`` with the ids ``resolve`` gave them."""
    found: list[Item] = []
    for index, item in enumerate(items(rng, limit)):
        new_id, reason = renamed.get((rng.number, index), (item.id, None))
        if reason is not None:
            found.append(Skipped(new_id, item.path, reason, item.line))
        else:
            found.append(replace(item, id=new_id))
    return found


# -- the passes as Dask work ----------------------------------------------------------


def submit(client: Any, patterns: Sequence[str | os.PathLike[str]], options: Any,
           progress: Any, then: Callable[[Any], None] = lambda part: None) -> list[Any]:
    """Extraction futures, one per range (and one before them for the patterns that
    match nothing), in input order; the client reads none of the shards.
    ``then`` is called with each future as soon as it is submitted."""
    from distributed import as_completed

    from quotecheck.distributed import extract
    from quotecheck.distributed.engine import worker_memory

    found, skipped = find(patterns)
    limit = options.max_document_bytes
    cut = ranges(found, extract.partition_chars(worker_memory(client)), int(bool(skipped)))
    counted = client.gather(client.map(count, cut, limit=limit, pure=False))
    cut = _numbered(cut, counted)
    renamed = _renamed(client, cut, skipped, limit)
    futures = [client.submit(extract.extract_partition, 0, _unique_skipped(skipped, renamed),
                             options, pure=False)] if skipped else []
    if futures:
        then(futures[0])
    for rng in cut:
        futures.append(client.submit(extract_range, rng, limit,
                                     {k: v for k, v in renamed.items() if k[0] == rng.number},
                                     options, key=f"quotecheck-extract-{rng.number}",
                                     pure=False))
        then(futures[-1])
    lines = {f"quotecheck-extract-{r.number}": n for r, (n, _some) in zip(cut, counted,
                                                                         strict=True)}
    for future in as_completed(futures):
        progress.documents(lines.get(future.key, len(skipped)), 0)
    return futures


def extract_range(rng: Range, limit: int, renamed: Renamed, options: Any) -> Any:
    """Pass 3: read ``rng`` and check its documents as partition ``rng.number``."""
    from quotecheck.distributed import extract
    from quotecheck.errors import describe_bug

    try:
        found = unique(rng, limit, renamed)
    except UsageError:
        raise
    except Exception as exc:
        reason = f"bytes {rng.start}-{rng.end} not read: {describe_bug(exc)}"
        found = [Skipped(f"{rng.shard.stem}@{rng.start}", rng.shard.shown, reason)]
    return extract.extract_partition(rng.number, found, options)


def _numbered(cut: list[Range], counted: list[tuple[int, bool]]) -> list[Range]:
    """Each range with the number of its first line; the last range of a shard
    without a JSON line says so."""
    numbered: list[Range] = []
    first, content = 1, False
    for i, (rng, (lines, some)) in enumerate(zip(cut, counted, strict=True)):
        if rng.start == 0:
            first, content = 1, False
        content = content or some
        last = i + 1 == len(cut) or cut[i + 1].start == 0
        numbered.append(replace(rng, first=first, empty=last and not content))
        first += lines
    return numbered


def _renamed(client: Any, cut: list[Range], skipped: list[Skipped], limit: int) -> Renamed:
    """Pass 2 and ``resolve``: only ids given more than once reach the client."""
    import dask.dataframe as dd

    known = pd.DataFrame([(0, i, 0, s.id, OTHER) for i, s in enumerate(skipped)],
                         columns=list(IDS_META.columns)).astype(IDS_META.dtypes)
    frames = client.map(ids, cut, limit=limit, pure=False)
    frame = dd.from_delayed([*frames, client.scatter(known)], meta=IDS_META)
    counts = frame["id"].value_counts()
    wanted = set(counts[counts > 1].index.compute())
    stems = {r.number: r.shard.stem for r in cut}
    shard_of = {r.number: r.shard.url for r in cut}
    stems.setdefault(0, "")
    shard_of.setdefault(0, "")
    renamed: Renamed = {}
    while wanted:
        rows = frame[frame["id"].isin(sorted(wanted))].compute()
        renamed = resolve(rows, stems, shard_of)
        given = {new for new, _reason in renamed.values()} - wanted
        clash = set(frame[frame["id"].isin(sorted(given))]["id"].unique().compute()
                    ) if given else set()
        if not clash:
            break
        wanted |= clash
    client.cancel(frames)
    return renamed


def _unique_skipped(skipped: list[Skipped], renamed: Renamed) -> list[Item]:
    return [replace(s, id=renamed.get((0, i), (s.id, None))[0]) for i, s in enumerate(skipped)]
