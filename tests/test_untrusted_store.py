"""The reference store under untrusted, repeated and damaged use (issue 12, items 18-19)."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from quotecheck.cli import main

QUOTE = "The northern pier will reopen to ferries in March, and not a day later."


def _write(folder: Path, docs: dict[str, str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in docs.items():
        (folder / f"{name}.txt").write_text(text, encoding="utf-8")
    return folder


def _edition(n: int) -> dict[str, str]:
    """Twenty articles whose quotes change with every edition ``n``."""
    return {f"a{i}": (f"Harbour Minister Helena Marsh said: “Pier {i} will reopen on day "
                      f"{n * 100 + i}, and ferry {i} sails after edition {n}.”\n")
            for i in range(20)}


def _counts(db: Path) -> tuple[int, int, int]:
    with sqlite3.connect(db) as conn:
        quotes = conn.execute("SELECT COUNT(*) FROM quotes").fetchone()[0]
        sketch = conn.execute("SELECT COUNT(*) FROM sketch").fetchone()[0]
        orphans = conn.execute("SELECT COUNT(*) FROM sketch WHERE quote NOT IN "
                               "(SELECT rowid FROM quotes)").fetchone()[0]
    return quotes, sketch, orphans


def test_reindexing_edited_documents_does_not_grow_the_store(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "store.db"
    sizes = []
    for n in range(4):
        corpus = _write(tmp_path / f"e{n}" / "archive", _edition(n))
        assert main(["index", str(corpus), "--store", str(db)]) == 0
        sizes.append(_counts(db))
    capsys.readouterr()
    assert all(orphans == 0 for _q, _s, orphans in sizes)
    assert len({quotes for quotes, _s, _o in sizes}) == 1
    assert max(s for _q, s, _o in sizes) <= sizes[0][1] * 1.2


def test_store_info_on_a_damaged_store_is_one_line(tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "store.db"
    corpus = _write(tmp_path / "archive", _edition(0))
    assert main(["index", str(corpus), "--store", str(db)]) == 0
    with sqlite3.connect(db) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    data = bytearray(db.read_bytes())
    page = 4096
    data[page * 2 : page * 3] = b"\xde\xad" * (page // 2)  # scribble over a page
    db.write_bytes(bytes(data))
    capsys.readouterr()
    code = main(["store", "info", str(db)])
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    assert "internal error" not in captured.err
    if code == 0:
        assert "integrity" in captured.out
        assert "integrity ok" not in captured.out
    else:
        assert code == 2
        assert captured.err.count("\n") == 1


# -- item 18: with a store, old errors do not fail a new article ---------------------------


def _archive_with_an_old_error(root: Path) -> Path:
    archive = _write(root / "archive", {
        "old1": f"Harbour Minister Helena Marsh said: “{QUOTE}”\n",
        "old2": f"Tomas Okafor said: “{QUOTE}”\n",  # an old misattribution
    })
    db = root / "store.db"
    assert main(["index", str(archive), "--store", str(db)]) == 0
    return db


def test_a_clean_new_article_passes_despite_old_errors(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = _archive_with_an_old_error(tmp_path)
    today = _write(tmp_path / "today", {  # the quote, given to no one: not an error
        "new": f"The banner over the gate: “{QUOTE}”\n"})
    capsys.readouterr()
    code = main(["check", str(today), "--against", str(db), "--format", "json"])
    report = json.loads(capsys.readouterr().out)
    assert [f["rule"] for f in report["findings"]] == ["unattributed"]
    assert all("new" in f["documents"] for f in report["findings"])
    assert code == 0  # the old misattribution between old1 and old2 is not this run's


def test_old_error_alone_in_the_archive_fails_nothing(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = _archive_with_an_old_error(tmp_path)
    today = _write(tmp_path / "today", {
        "new": f"Ana Duarte said: “{QUOTE}”\n"})  # a third speaker: a new error
    unrelated = _write(tmp_path / "other", {
        "clean": "Ana Duarte said: “The budget vote will wait until the audit is done.”\n"})
    capsys.readouterr()
    assert main(["check", str(unrelated), "--against", str(db), "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["findings"] == []
    assert main(["check", str(today), "--against", str(db), "--format", "json"]) == 1


def test_baseline_with_a_store_lists_stale_entries_only_for_checked_documents(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = _archive_with_an_old_error(tmp_path)
    baseline = tmp_path / "baseline.json"
    archive = tmp_path / "archive"
    assert main(["check", str(archive), "--write-baseline", str(baseline), "--fail-on",
                 "never"]) == 0
    assert json.loads(baseline.read_text(encoding="utf-8"))["entries"]
    other = _write(tmp_path / "other", {
        "clean": "Ana Duarte said: “The budget vote will wait until the audit is done.”\n"})
    capsys.readouterr()
    assert main(["check", str(other), "--against", str(db), "--baseline", str(baseline),
                 "--format", "json"]) == 0
    findings = json.loads(capsys.readouterr().out)["findings"]
    assert [f for f in findings if f["rule"] == "stale-baseline"] == []


def test_update_says_why_nothing_was_added(tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    db = _archive_with_an_old_error(tmp_path)
    today = _write(tmp_path / "today", {"new": f"Ana Duarte said: “{QUOTE}”\n"})
    capsys.readouterr()
    assert main(["check", str(today), "--against", str(db), "--update"]) == 1
    err = capsys.readouterr().err
    assert "not added to the store" in err


# -- item 17: a stored document's identity is its path under the root given -----------------


def test_same_file_name_in_another_folder_neither_hides_nor_replaces_a_stored_document(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    archive = _write(tmp_path / "archive" / "jan", {
        "article": f"Harbour Minister Helena Marsh said: “{QUOTE}”\n"}).parent
    db = tmp_path / "store.db"
    assert main(["index", str(archive), "--store", str(db)]) == 0
    today = _write(tmp_path / "today", {"article": f"Tomas Okafor said: “{QUOTE}”\n"})
    capsys.readouterr()
    assert main(["check", str(today), "--against", str(db), "--format", "json"]) == 1
    report = json.loads(capsys.readouterr().out)
    ids = [d["id"] for d in report["documents"]]
    assert ids == ["article", "article~2"]  # unique within the run
    assert [f["documents"] for f in report["findings"] if f["rule"] == "misattribution"] == [
        ["article", "article~2"]]
    clean = _write(tmp_path / "clean", {"article": "Ana Duarte said: “The budget vote "
                                        "will wait until the audit is done.”\n"})
    assert main(["check", str(clean), "--against", str(db), "--update"]) == 0
    with sqlite3.connect(db) as conn:
        keys = sorted(k for (k,) in conn.execute("SELECT key FROM documents"))
    assert keys == ["article.txt", "jan/article.txt"]  # added beside, not over it


def test_jsonl_records_are_stored_by_file_and_record_id(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for folder in ("a", "b"):
        _write(tmp_path / "in" / folder, {})
        (tmp_path / "in" / folder / "feed.jsonl").write_text(
            json.dumps({"id": "1", "text": f"Ana Duarte said: “{QUOTE}”\n"}) + "\n",
            encoding="utf-8")
    db = tmp_path / "store.db"
    assert main(["index", str(tmp_path / "in"), "--store", str(db)]) == 0
    assert main(["index", str(tmp_path / "in"), "--store", str(db)]) == 0
    assert "indexed 0 documents" in capsys.readouterr().out.splitlines()[-1]
    with sqlite3.connect(db) as conn:
        rows = sorted(conn.execute("SELECT key, id FROM documents"))
    assert rows == [("a/feed.jsonl#1", "1"), ("b/feed.jsonl#1", "1~2")]


def test_a_version_1_store_is_migrated_in_place(tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "old.db"
    with sqlite3.connect(db) as conn:
        conn.executescript("""
            CREATE TABLE documents (rowid INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE,
                hash TEXT NOT NULL, stamp TEXT NOT NULL, result TEXT NOT NULL);
            CREATE TABLE quotes (rowid INTEGER PRIMARY KEY AUTOINCREMENT,
                document INTEGER NOT NULL REFERENCES documents(rowid) ON DELETE CASCADE,
                key TEXT NOT NULL, spans BLOB NOT NULL, record TEXT NOT NULL);
            CREATE TABLE sketch (value INTEGER NOT NULL, quote INTEGER NOT NULL,
                PRIMARY KEY (value, quote)) WITHOUT ROWID;
            CREATE TABLE people (document INTEGER NOT NULL REFERENCES documents(rowid)
                ON DELETE CASCADE, record TEXT NOT NULL);
            INSERT INTO documents VALUES (7, 'old', 'h', 's', '{}');
            INSERT INTO quotes VALUES (3, 7, 'k', x'', '{}');
            INSERT INTO people VALUES (7, '{}');
            PRAGMA user_version = 1;
        """)
    corpus = _write(tmp_path / "in", {"new": f"Ana Duarte said: “{QUOTE}”\n"})
    assert main(["index", str(corpus), "--store", str(db)]) == 0
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 2
        assert sorted(conn.execute("SELECT key, id FROM documents")) == [
            ("new.txt", "new"), ("old", "old")]
        assert conn.execute("SELECT document FROM quotes WHERE rowid = 3").fetchone() == (7,)
        assert conn.execute("SELECT COUNT(*) FROM people WHERE document = 7").fetchone() == (1,)
