"""The reference store: what quotecheck keeps of checked documents, in SQLite.

Per document: its id, source, content hash and result; per quote: the quote
record, its matching key and word spans, and the sketch values of its key
(indexed), so new documents are matched against old ones through the same
blocking as in one run, by an index look-up, and old article text is never
read again (it is not even stored). Person names are kept for name variants.

Safe for concurrent CI jobs: WAL journal, a busy timeout, one transaction per
batch of documents; a killed writer leaves the last committed state. The
schema version is SQLite's ``user_version`` and is migrated forward on open.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import time
from array import array
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from quotecheck import __version__
from quotecheck.errors import UsageError
from quotecheck.matching import sketch
from quotecheck.records import DocumentResult, Keyed, PersonName, Quote

SCHEMA_VERSION = 2
BUSY_SECONDS = 60  # how long a writer waits for another one, as sqlite's own timeout
_SCHEMA = """
CREATE TABLE IF NOT EXISTS documents (
    rowid INTEGER PRIMARY KEY,
    key TEXT NOT NULL UNIQUE,    -- identity: path relative to the root given (+ "#" record id)
    id TEXT NOT NULL,            -- the report id it was checked with (not unique across runs)
    hash TEXT NOT NULL,          -- sha256 of the document text
    stamp TEXT NOT NULL,         -- tool version and configuration it was read with
    result TEXT NOT NULL         -- the DocumentResult, as JSON
);
CREATE TABLE IF NOT EXISTS quotes (
    rowid INTEGER PRIMARY KEY AUTOINCREMENT,  -- never reused: see sketch
    document INTEGER NOT NULL REFERENCES documents(rowid) ON DELETE CASCADE,
    key TEXT NOT NULL,
    spans BLOB NOT NULL,         -- start and end of each key word, as int64
    record TEXT NOT NULL         -- the Quote, as JSON
);
CREATE INDEX IF NOT EXISTS quotes_document ON quotes(document);
-- One B-tree, ordered by value: the look-up index is the table. Rows of a
-- replaced quote are deleted with it (by primary key, from its stored key);
-- quote ids are never reused, so a row left by an older version cannot point
-- at another quote.
CREATE TABLE IF NOT EXISTS sketch (
    value INTEGER NOT NULL,
    quote INTEGER NOT NULL,
    PRIMARY KEY (value, quote)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS people (
    document INTEGER NOT NULL REFERENCES documents(rowid) ON DELETE CASCADE,
    record TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS people_document ON people(document);
"""
# Version 1 -> 2: documents get an identity (``key``), their report id is no longer
# unique. Rows keep their rowid, so quotes and people still point at them.
_TO_2 = """
CREATE TABLE documents_2 (
    rowid INTEGER PRIMARY KEY,
    key TEXT NOT NULL UNIQUE,
    id TEXT NOT NULL,
    hash TEXT NOT NULL,
    stamp TEXT NOT NULL,
    result TEXT NOT NULL
);
INSERT INTO documents_2 (rowid, key, id, hash, stamp, result)
    SELECT rowid, id, id, hash, stamp, result FROM documents;
DROP TABLE documents;
ALTER TABLE documents_2 RENAME TO documents;
"""
_CHUNK = 500  # values per IN (...) query
_TABLES = ("documents", "quotes", "sketch", "people")


@dataclass(frozen=True, slots=True)
class Stored:
    """What the store gives back for a check: quotes, keys, documents and names."""

    quotes: list[Quote]
    keyed: list[Keyed]
    documents: list[DocumentResult]
    people: list[PersonName]


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def stamp(settings: str) -> str:
    """What a stored result depends on besides the text: version and settings."""
    return f"{__version__};{settings}"


class Store:
    """A store, opened to write (``index``: created and migrated if needed) or
    ``read_only`` (``store info``, ``check --against``: nothing is written, and a
    file that is not a quotecheck store is refused, never converted)."""

    def __init__(self, path: str | os.PathLike[str], *, read_only: bool = False) -> None:
        self.path = Path(path)
        if not self.path.parent.is_dir():
            raise UsageError(f"cannot open store {path}: no such directory")
        try:
            if read_only:
                self.db = sqlite3.connect(f"{self.path.resolve().as_uri()}?mode=ro",
                                          uri=True, timeout=60, isolation_level=None)
                self._require_store()
                return
            self.db = sqlite3.connect(self.path, timeout=BUSY_SECONDS, isolation_level=None)
            self._require_store(allow_empty=True)
            self._journal_wal()
            self.db.execute("PRAGMA synchronous=NORMAL")
            self.db.execute("PRAGMA cache_size=-131072")  # 128 MB: fewer page writes
            self._migrate()  # before foreign keys: a rebuilt table must not cascade
            self.db.execute("PRAGMA foreign_keys=ON")
        except sqlite3.DatabaseError as exc:
            raise UsageError(f"cannot open store {path}: {exc}") from None

    def _require_store(self, *, allow_empty: bool = False) -> None:
        """Refuse a SQLite file made by something else (or not SQLite at all)."""
        tables = {name for (name,) in self.db.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table'")}
        if allow_empty and not tables:
            return
        if not set(_TABLES) <= tables:
            self.db.close()
            raise UsageError(f"{self.path} is not a quotecheck store (tables "
                             f"{', '.join(_TABLES)} missing); make one with 'quotecheck index'")

    def _journal_wal(self) -> None:
        """Switch to WAL, waiting for other writers. sqlite answers a journal-mode
        change on a busy file with "database is locked" at once, without its busy
        timeout (two ``index`` runs opening a new store together), so the wait is
        here: bounded, with growing pauses."""
        deadline = time.monotonic() + BUSY_SECONDS
        pause = 0.01
        while True:
            try:
                self.db.execute("PRAGMA journal_mode=WAL")
                return
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc) or time.monotonic() + pause > deadline:
                    raise
            time.sleep(pause)
            pause = min(pause * 2, 0.5)

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _migrate(self) -> None:
        version = self.db.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise UsageError(f"store {self.path} has schema {version}, newer than this "
                             f"quotecheck ({SCHEMA_VERSION}); upgrade quotecheck")
        if version < SCHEMA_VERSION:
            self.db.execute("BEGIN IMMEDIATE")
            try:
                current = self.db.execute("PRAGMA user_version").fetchone()[0]
                if current < 1:  # version 0: a new, empty file
                    for statement in _SCHEMA.split(";"):
                        if statement.strip():
                            self.db.execute(statement)
                elif current < 2:  # version 1: documents were keyed on their report id
                    for statement in _TO_2.split(";"):
                        if statement.strip():
                            self.db.execute(statement)
                self.db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
                self.db.execute("COMMIT")
            except BaseException:
                self.db.execute("ROLLBACK")
                raise

    # -- writing -----------------------------------------------------------------

    def versions(self) -> dict[str, tuple[str, str]]:
        """Every stored document's (content hash, stamp) by identity, in one query."""
        return {key: (text_hash, mark) for key, text_hash, mark in self.db.execute(
            "SELECT key, hash, stamp FROM documents")}

    def put(self, entries: Iterable[tuple[DocumentResult, str, list[Keyed], list[PersonName]]],
            settings: str) -> int:
        """Add or replace documents (result, content hash, keys, names), all read with
        ``settings``, in one transaction; returns how many."""
        count = 0
        word_ids: dict[str, int] = {}
        values: list[tuple[int, int]] = []  # sketch rows, written at once per batch
        names: list[tuple[int, str]] = []
        self.db.execute("BEGIN IMMEDIATE")
        try:
            mark = stamp(settings)
            for result, text_hash, keyed, people in entries:
                identity = result.key or result.id
                self._forget(identity)  # the same identity only: never another document
                self.db.execute("DELETE FROM documents WHERE key = ?", (identity,))
                row = self._insert(
                    "INSERT INTO documents (key, id, hash, stamp, result) "
                    "VALUES (?, ?, ?, ?, ?)",
                    (identity, result.id, text_hash, mark, _dumps(_record(result))))
                for item in keyed:
                    quote_row = self._insert(
                        "INSERT INTO quotes (document, key, spans, record) VALUES (?, ?, ?, ?)",
                        (row, item.key, array("q", item.spans).tobytes(),
                         _dumps(_record(item.quote))))
                    values.extend((v, quote_row) for v in sketch(item.key, word_ids))
                names.extend((row, _dumps(_record(p))) for p in people)
                count += 1
            values.sort()  # in index order: the B-tree is appended to, not scattered
            self.db.executemany("INSERT OR IGNORE INTO sketch (value, quote) VALUES (?, ?)",
                                values)
            self.db.executemany("INSERT INTO people (document, record) VALUES (?, ?)", names)
            self.db.execute("COMMIT")
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        return count

    def _forget(self, identity: str) -> None:
        """Delete the look-up rows of a document's stored quotes before it is replaced:
        their sketch values are recomputed from the stored keys, so each row is deleted
        by its primary key, not found by a scan."""
        rows = self.db.execute("SELECT q.rowid, q.key FROM quotes q JOIN documents d ON "
                               "d.rowid = q.document WHERE d.key = ?", (identity,)).fetchall()
        self.db.executemany("DELETE FROM sketch WHERE value = ? AND quote = ?",
                            [(value, row) for row, key in rows for value in sketch(key)])

    def _insert(self, sql: str, params: tuple[Any, ...]) -> int:
        row = self.db.execute(sql, params).lastrowid
        assert row is not None, "an INSERT without a row id"
        return row

    # -- reading -------------------------------------------------------------------

    def candidates(self, keys: Sequence[str], exclude: set[str]) -> Stored:
        """Stored quotes sharing a sketch value with any of ``keys``, with their
        documents and names; documents whose identity is in ``exclude`` are left
        out (a new version of a stored document replaces it)."""
        version = self.db.execute("PRAGMA user_version").fetchone()[0]
        if version != SCHEMA_VERSION:
            raise UsageError(f"store {self.path} has schema {version}; upgrade it with "
                             f"'quotecheck index PATH --store {self.path}'")
        values = sorted({v for key in keys for v in sketch(key)})
        quote_rows: set[int] = set()
        for start in range(0, len(values), _CHUNK):
            chunk = values[start : start + _CHUNK]
            marks = ",".join("?" * len(chunk))
            quote_rows.update(r for (r,) in self.db.execute(
                f"SELECT DISTINCT s.quote FROM sketch s JOIN quotes q ON q.rowid = s.quote "
                f"WHERE s.value IN ({marks})", chunk))
        stored = Stored([], [], [], [])
        documents: dict[int, DocumentResult] = {}
        ordered = sorted(quote_rows)
        for start_row in range(0, len(ordered), _CHUNK):
            chunk = ordered[start_row : start_row + _CHUNK]
            marks = ",".join("?" * len(chunk))
            rows = self.db.execute(
                "SELECT q.document, q.key, q.spans, q.record, d.result, d.key FROM quotes q "
                f"JOIN documents d ON d.rowid = q.document WHERE q.rowid IN ({marks}) "
                "ORDER BY q.rowid", chunk)
            for doc_row, key, spans, record, result, identity in rows:
                if identity in exclude:  # a new version of it is being checked
                    continue
                document = _document(json.loads(result))
                documents.setdefault(doc_row, document)
                quote = _quote(json.loads(record))
                stored.quotes.append(quote)
                stored.keyed.append(Keyed(quote, key, _spans(spans)))
        stored.documents.extend(documents[r] for r in sorted(documents))
        for doc_row in sorted(documents):
            stored.people.extend(PersonName(**json.loads(record)) for (record,) in self.db.execute(
                "SELECT record FROM people WHERE document = ? ORDER BY rowid", (doc_row,)))
        return stored

    def info(self) -> dict[str, Any]:
        count = {table: self.db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
                 for table in ("documents", "quotes", "sketch", "people")}
        size = sum(p.stat().st_size for p in (self.path, Path(f"{self.path}-wal"))
                   if p.exists())
        version = self.db.execute("PRAGMA user_version").fetchone()[0]
        return {"path": str(self.path), "schema": version, "bytes": size,
                "documents": count["documents"], "quotes": count["quotes"],
                "sketch_values": count["sketch"], "names": count["people"]}

    def integrity(self) -> str:
        try:
            return str(self.db.execute("PRAGMA integrity_check").fetchone()[0])
        except sqlite3.DatabaseError as exc:
            return f"damaged ({exc})"

    def document_ids(self) -> Iterator[str]:
        yield from (r for (r,) in self.db.execute("SELECT id FROM documents ORDER BY id"))


def _record(obj: Any) -> dict[str, Any]:
    """A flat record's fields (``dataclasses.asdict`` deep-copies, several times slower)."""
    return {name: getattr(obj, name) for name in obj.__dataclass_fields__}


def _dumps(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def _spans(blob: bytes) -> array[int]:
    spans = array("q")
    spans.frombytes(blob)
    return array("l", spans)


def _quote(data: dict[str, Any]) -> Quote:
    data["parts"] = tuple(tuple(p) for p in data.get("parts", ()))
    return Quote(**data)


def _document(data: dict[str, Any]) -> DocumentResult:
    return DocumentResult(**data)
