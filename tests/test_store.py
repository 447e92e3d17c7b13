"""Reference store and baselines: incremental checks against what is already known."""

from __future__ import annotations

import json
import shutil
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from benchmarks import synth
from quotecheck.cli import main
from quotecheck.errors import UsageError
from quotecheck.store import Store

SEEDS = Path(__file__).resolve().parents[1] / "samples" / "vi"
NEW = SEEDS / "001_689e9db94f201af6.txt"


@pytest.fixture
def store(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    """The seed articles except 001, indexed."""
    reference = tmp_path / "reference"
    reference.mkdir()
    for path in SEEDS.glob("*.txt"):
        if path != NEW:
            shutil.copy(path, reference / path.name)
    db = tmp_path / "store.db"
    assert main(["index", str(reference), "--store", str(db)]) == 0
    assert "indexed 4 documents" in capsys.readouterr().out
    return db


def _check(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, dict[str, object]]:
    code = main(["check", str(NEW), "--format", "json", *args])
    return code, json.loads(capsys.readouterr().out)


def test_konda_is_caught_against_the_store(store: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    code, report = _check(capsys, "--against", str(store))
    assert code == 1
    findings = [f for f in report["findings"] if f["rule"] == "misattribution"]  # type: ignore[union-attr]
    assert len(findings) == 1
    assert findings[0]["documents"] == ["000_577f059b0334975b", "001_689e9db94f201af6"]
    assert findings[0]["suggested_speaker"] == "Daniel Kritenbrink"
    stored = [d for d in report["documents"] if d.get("from_store")]  # type: ignore[union-attr]
    assert "000_577f059b0334975b" in {d["id"] for d in stored}


def test_baseline_accepts_known_findings_and_catches_them_again(
        store: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    baseline = tmp_path / "baseline.json"
    code, _ = _check(capsys, "--against", str(store), "--write-baseline", str(baseline))
    assert code == 1
    entries = json.loads(baseline.read_text(encoding="utf-8"))["entries"]
    assert entries == sorted(entries, key=lambda e: (e["rule"], e["fingerprint"]))
    code, report = _check(capsys, "--against", str(store), "--baseline", str(baseline))
    assert code == 0
    assert report["findings"] == []
    data = json.loads(baseline.read_text(encoding="utf-8"))
    data["entries"] = [e for e in data["entries"] if e["rule"] != "misattribution"]
    baseline.write_text(json.dumps(data), encoding="utf-8")
    code, report = _check(capsys, "--against", str(store), "--baseline", str(baseline))
    assert code == 1
    assert [f["rule"] for f in report["findings"]] == ["misattribution"]  # type: ignore[index]


def test_baseline_survives_edits_elsewhere_and_lists_stale_entries(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    corpus = tmp_path / "corpus"
    shutil.copytree(SEEDS, corpus)
    baseline = tmp_path / "baseline.json"
    assert main(["check", str(corpus), "--format", "json", "--write-baseline",
                 str(baseline)]) == 1
    capsys.readouterr()
    edited = corpus / "001_689e9db94f201af6.txt"
    edited.write_text("Một đoạn mới ở đầu bài.\n\n" + edited.read_text(encoding="utf-8"),
                      encoding="utf-8")  # every offset and line moves
    assert main(["check", str(corpus), "--format", "json", "--baseline", str(baseline)]) == 0
    assert json.loads(capsys.readouterr().out)["findings"] == []
    (corpus / "001_689e9db94f201af6.txt").unlink()  # the misattribution is gone
    assert main(["check", str(corpus), "--format", "json", "--baseline", str(baseline)]) == 0
    stale = json.loads(capsys.readouterr().out)["findings"]
    assert "stale-baseline" in {f["rule"] for f in stale}
    assert any("Konda" in f["message"] for f in stale)


def test_reindexing_does_no_work_and_a_changed_document_replaces_its_quotes(
        store: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    reference = tmp_path / "reference"
    assert main(["index", str(reference), "--store", str(store)]) == 0
    assert "indexed 0 documents" in capsys.readouterr().out
    with Store(store) as db:
        before = db.info()["quotes"]
    target = next(reference.glob("002_*"))
    target.write_text(target.read_text(encoding="utf-8") + '\nÔng Hưng nói: “Chúng tôi sẽ '
                      'tiếp tục đàm phán với các đối tác trong năm tới.”\n', encoding="utf-8")
    assert main(["index", str(reference), "--store", str(store)]) == 0
    assert "indexed 1 documents into" in capsys.readouterr().out
    with Store(store) as db:
        assert db.info()["quotes"] == before + 1
        assert db.info()["documents"] == 4


def test_store_info_and_newer_schema_refused(store: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["store", "info", str(store)]) == 0
    out = capsys.readouterr().out
    assert "schema 2" in out
    assert "4 documents" in out
    assert "integrity ok" in out
    with sqlite3.connect(store) as raw:
        raw.execute("PRAGMA user_version = 99")
    with pytest.raises(UsageError, match="newer than this quotecheck"):
        Store(store)


def test_update_adds_documents_after_a_clean_check(store: Path, tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    fresh = tmp_path / "fresh.txt"
    fresh.write_text("Bộ trưởng Phạm Quốc Hưng cho biết: “Chúng tôi sẽ mở lại bến phía bắc "
                     "vào tháng Ba năm sau.”\n", encoding="utf-8")
    assert main(["check", str(fresh), "--against", str(store), "--update"]) == 0
    capsys.readouterr()
    with Store(store) as db:
        assert "fresh" in set(db.document_ids())
    assert main(["check", str(NEW), "--against", str(store), "--update"]) == 1
    with Store(store) as db:
        assert "001_689e9db94f201af6" not in set(db.document_ids())  # not clean: not added


def _index_process(corpus: Path, db: Path) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "quotecheck", "index", str(corpus),
                             "--store", str(db), "--jobs", "1"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _corpus(path: Path, articles: int, seed: int, prefix: str) -> Path:
    synth.write(path, articles, seed=seed)
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    path.write_text("".join(json.dumps({**r, "id": prefix + r["id"]}) + "\n"
                            for r in records), encoding="utf-8")
    return path


def test_two_writers_at_once_both_succeed(tmp_path: Path) -> None:
    first = _corpus(tmp_path / "a.jsonl", 600, 1, "a-")
    second = _corpus(tmp_path / "b.jsonl", 600, 2, "b-")
    db = tmp_path / "store.db"
    processes = [_index_process(first, db), _index_process(second, db)]
    for process in processes:
        _out, err = process.communicate(timeout=120)
        assert process.returncode == 0, err
    with Store(db) as store:
        assert store.integrity() == "ok"
        assert store.info()["documents"] == 1200


def _committed(db: Path) -> int:
    try:
        with sqlite3.connect(db, timeout=5) as raw:
            return int(raw.execute("SELECT COUNT(*) FROM documents").fetchone()[0])
    except sqlite3.Error:
        return 0


def test_a_killed_writer_leaves_a_sound_store(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path / "big.jsonl", 4000, 3, "")
    db = tmp_path / "store.db"
    process = _index_process(corpus, db)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and process.poll() is None:  # kill mid-way
        if db.exists() and _committed(db) > 0:
            break
        time.sleep(0.05)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    with Store(db) as store:
        assert store.integrity() == "ok"
        assert store.info()["documents"] < 4000


def test_opening_waits_for_a_writer_holding_a_new_store(tmp_path: Path) -> None:
    """sqlite refuses a journal-mode change on a locked file at once, without its
    busy timeout: a second ``index`` opening a new store while the first sets it
    up must wait for it, not fail with "database is locked"."""
    db = tmp_path / "store.db"
    holder = sqlite3.connect(db, isolation_level=None, check_same_thread=False)
    holder.execute("BEGIN IMMEDIATE")  # the lock a first writer holds while it sets up
    timer = threading.Timer(0.5, holder.execute, args=("COMMIT",))
    timer.start()
    try:
        with Store(db) as store:
            assert store.info()["documents"] == 0
    finally:
        timer.join()
        holder.close()
