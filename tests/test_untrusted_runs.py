"""Never lose a document, never hang, bounded memory, clear errors (issue 12, items 10-20)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path
from typing import Any

import pytest

from quotecheck import pipeline
from quotecheck.cli import main
from quotecheck.reading import read
from quotecheck.records import Document, Skipped

QUOTE = "The northern pier will reopen to ferries in March, and not a day later."
STORY = f"Harbour Minister Helena Marsh said: “{QUOTE}”\n"
OTHER = f"Tomas Okafor said: “{QUOTE}”\n"


def _json(capsys: pytest.CaptureFixture[str]) -> dict[str, Any]:
    report: dict[str, Any] = json.loads(capsys.readouterr().out)
    return report


def _status(report: dict[str, Any]) -> dict[str, tuple[str, str | None]]:
    return {d["id"]: (d["status"], d["error"]) for d in report["documents"]}


# -- item 10: one bad input never aborts the run -----------------------------------------


def test_bad_jsonl_lines_are_skipped_and_the_rest_checked(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    lines = ["[" * 100_000, '{"id": "n", "text": "x", "n": ' + "7" * 5000 + "}",
             json.dumps({"id": "ok", "text": STORY})]
    (tmp_path / "r.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert main(["check", str(tmp_path), "--format", "json"]) == 2
    status = _status(_json(capsys))
    assert status["ok"] == ("checked", None)
    assert status["r:1"] == ("skipped", "line 1: invalid JSON (nested too deeply)")
    assert status["r:2"][0] == "skipped"
    assert status["r:2"][1] is not None
    assert "digits" in status["r:2"][1]


def test_deeply_nested_folders_are_skipped_with_a_reason(tmp_path: Path) -> None:
    (tmp_path / "top.txt").write_text(STORY, encoding="utf-8")
    deep = tmp_path
    os.chdir(tmp_path)  # relative mkdirs keep paths under PATH_MAX
    try:
        for _ in range(1_000):
            os.mkdir("d")
            os.chdir("d")
        Path("bottom.txt").write_text(STORY, encoding="utf-8")
    finally:
        os.chdir("/")
    try:
        items = list(read([deep]))
    finally:
        _remove_tree(deep / "d", 1_000)
    docs = [i for i in items if isinstance(i, Document)]
    skipped = [i for i in items if isinstance(i, Skipped)]
    assert [Path(d.path).name for d in docs] == ["top.txt"]
    assert [s.reason for s in skipped] == ["folder nested deeper than 100 levels: not read"]


def _remove_tree(top: Path, depth: int) -> None:
    """Remove a chain of ``depth`` nested "d" folders without recursion (pytest's
    clean-up, shutil.rmtree, recurses and would fail on it)."""
    os.chdir(top)
    try:
        for _ in range(depth - 1):
            os.chdir("d")
        for entry in os.listdir("."):
            os.unlink(entry)
        for _ in range(depth - 1):
            os.chdir("..")
            os.rmdir("d")
    finally:
        os.chdir("/")
    top.rmdir()


def test_huge_sparse_file_is_skipped_without_reading_it(tmp_path: Path) -> None:
    with (tmp_path / "huge.txt").open("wb") as handle:
        handle.truncate(30 * 1024**3)  # 30 GB, sparse
    (tmp_path / "ok.txt").write_text(STORY, encoding="utf-8")
    items = {i.id: i for i in read([tmp_path])}
    assert isinstance(items["ok"], Document)
    huge = items["huge"]
    assert isinstance(huge, Skipped)
    assert huge.reason.startswith("larger than the document size limit (32,212.3 MB > 10.0 MB")


# -- item 11: a size limit per document; JSON Lines streamed -----------------------------


def test_document_size_limit_is_configurable(tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "big.txt").write_text(STORY * 100, encoding="utf-8")
    (tmp_path / "small.txt").write_text(STORY, encoding="utf-8")
    lines = [json.dumps({"id": "long", "text": STORY * 100}),
             json.dumps({"id": "short", "text": STORY})]
    (tmp_path / "r.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert main(["check", str(tmp_path), "--format", "json", "--max-document-size",
                 "0.001"]) == 2
    status = _status(_json(capsys))
    assert status["small"] == status["short"] == ("checked", None)
    assert status["big"][1] is not None
    assert status["big"][1].startswith("larger than")
    assert status["r:1"][1] is not None
    assert status["r:1"][1].startswith("line 1: larger than")


def test_jsonl_is_read_a_line_at_a_time(tmp_path: Path) -> None:
    path = tmp_path / "r.jsonl"
    with path.open("wb") as handle:
        handle.write((json.dumps({"id": "first", "text": STORY}) + "\n").encode())
        handle.truncate(200 * 1024 * 1024)  # a 200 MB "line" of NUL bytes
    with path.open("ab") as handle:
        handle.write(("\n" + json.dumps({"id": "last", "text": STORY}) + "\n").encode())
    tracemalloc.start()
    try:
        items = list(read([path], max_bytes=1_000_000))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert [i.id for i in items if isinstance(i, Document)] == ["first", "last"]
    assert peak < 20 * 1024 * 1024


def test_out_of_memory_is_exit_2_never_1(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "a.txt").write_text(STORY, encoding="utf-8")
    (tmp_path / "b.txt").write_text(OTHER, encoding="utf-8")
    real = pipeline.extract_all

    def hungry(document: Document, *args: Any) -> pipeline.Extracted:
        if document.id == "a":
            raise MemoryError
        return real(document, *args)

    monkeypatch.setattr(pipeline, "extract_all", hungry)
    assert main(["check", str(tmp_path), "--format", "json"]) == 2
    status = _status(_json(capsys))
    assert status["a"][1] is not None
    assert status["a"][1].startswith("out of memory")
    assert status["b"] == ("checked", None)

    def out_of_memory(*args: Any) -> Any:
        raise MemoryError

    monkeypatch.setattr(pipeline, "match", out_of_memory)
    assert main(["check", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("quotecheck: error: out of memory")
    assert "internal error" not in err


# -- item 12: a dead worker never hangs the run ------------------------------------------


def _worker_corpus(root: Path) -> list[str]:
    root.mkdir()
    for n in range(6):  # one document per batch: several batches, so workers start
        (root / f"d{n}.txt").write_text(STORY, encoding="utf-8")
    return [str(root)]


def _killing(monkeypatch: pytest.MonkeyPatch, victim: str, flag: Path | None) -> None:
    """Workers (forked after this) SIGKILL themselves on ``victim``; once if ``flag``."""
    real = pipeline.extract_all
    parent = os.getpid()

    def deadly(document: Document, *args: Any) -> pipeline.Extracted:
        if document.id == victim and os.getpid() != parent:
            if flag is None or not flag.exists():
                if flag is not None:
                    flag.touch()
                os.kill(os.getpid(), signal.SIGKILL)
        return real(document, *args)

    monkeypatch.setattr(pipeline, "extract_all", deadly)
    monkeypatch.setattr(pipeline, "BATCH_DOCS", 1)


def test_a_worker_killed_every_time_skips_its_batch(tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    _killing(monkeypatch, "d1", None)  # batch 1: a worker's
    report = pipeline.check(_worker_corpus(tmp_path / "c"), jobs=3)
    status = {d.id: (d.status, d.error) for d in report.documents}
    assert status.pop("d1") == ("skipped", pipeline.WORKER_DIED)
    assert set(status.values()) == {("checked", None)}
    assert len(status) == 5


def test_a_worker_killed_once_is_retried(tmp_path: Path,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    _killing(monkeypatch, "d4", tmp_path / "killed-once")
    report = pipeline.check(_worker_corpus(tmp_path / "c"), jobs=3)
    assert (tmp_path / "killed-once").exists()
    assert {d.status for d in report.documents} == {"checked"}
    assert len(report.documents) == 6


# -- item 13: SIGTERM ---------------------------------------------------------------------


def test_sigterm_stops_with_one_line_exit_143_and_no_temporary_file(tmp_path: Path) -> None:
    corpus = tmp_path / "in"
    corpus.mkdir()
    line = "Councillor Ana Duarte said “the vote will wait until the audit is done”. "
    for n in range(4):
        (corpus / f"long{n}.txt").write_text(line * 100_000, encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    process = subprocess.Popen([sys.executable, "-m", "quotecheck", "check", str(corpus),
                                "-j", "2", "-o", str(out / "report.json")],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    time.sleep(4.0)  # imports done, workers checking
    process.send_signal(signal.SIGTERM)
    _out, err = process.communicate(timeout=60)
    assert process.returncode == 143
    assert err == "quotecheck: terminated\n"
    assert list(out.iterdir()) == []


# -- item 14: a broken pipe keeps the exit status ----------------------------------------


def test_broken_pipe_exits_with_the_findings_status(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(STORY, encoding="utf-8")
    (tmp_path / "b.txt").write_text(OTHER, encoding="utf-8")
    filler = "".join(f"Marsh said: “Ferry number {n} will sail at dawn from pier {n}.”\n"
                     for n in range(3000))
    (tmp_path / "c.txt").write_text(filler, encoding="utf-8")
    process = subprocess.Popen([sys.executable, "-m", "quotecheck", "check", str(tmp_path),
                                "--format", "json"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert process.stdout is not None
    assert process.stderr is not None
    process.stdout.read(10)
    process.stdout.close()  # like `| head -c 10`
    err = process.stderr.read().decode()
    assert process.wait(timeout=120) == 1  # a misattribution: exit 1, not 0
    assert "Traceback" not in err
    assert "Exception ignored" not in err


# -- item 16: the environment's problems are not quotecheck's bugs -------------------------


@pytest.mark.parametrize(("target", "message"), [
    ("", "cannot write --output '': no such folder"),
    ("{dir}", "cannot write {dir}: it is a folder"),
    ("{dir}/missing/r.json", "cannot write --output '{dir}/missing/r.json': no such folder"),
])
def test_output_problems_are_one_line(target: str, message: str, tmp_path: Path,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "a.txt").write_text(STORY, encoding="utf-8")
    target = target.format(dir=tmp_path)
    assert main(["check", str(tmp_path), "-o", target]) == 2
    assert capsys.readouterr().err == f"quotecheck: error: {message.format(dir=tmp_path)}\n"


@pytest.mark.parametrize("errno_", [13, 28, 30])  # EACCES, ENOSPC, EROFS
def test_unwritable_folder_or_full_disk_is_one_line(
        errno_: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "a.txt").write_text(STORY, encoding="utf-8")

    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise OSError(errno_, os.strerror(errno_))

    import tempfile

    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    assert main(["check", str(tmp_path), "-o", str(tmp_path / "r.json")]) == 2
    assert capsys.readouterr().err == (f"quotecheck: error: cannot write {tmp_path}/r.json: "
                                       f"{os.strerror(errno_)}\n")


@pytest.mark.parametrize(("name", "content", "option"), [
    ("baseline.json", "[" * 100_000, "--baseline"),
    ("baseline.json", '{"quotecheck_baseline": 1, "entries": [{"x": 1}]}', "--baseline"),
    ("baseline.json", "[1, 2]", "--baseline"),
    ("aliases.toml", "a = " + "[" * 100_000, "--aliases"),
    ("aliases.toml", "[aliases\n", "--aliases"),
    ("pyproject.toml", "a = " + "[" * 100_000, None),
    ("pyproject.toml", "tool = 3\n", None),
])
def test_malformed_option_files_are_one_line_not_a_bug(
        name: str, content: str, option: str | None, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text(STORY, encoding="utf-8")
    (tmp_path / name).write_text(content, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    code = main(["check", "in", *((option, name) if option else ())])
    err = capsys.readouterr().err
    if name == "pyproject.toml" and "tool = 3" in content:
        assert code == 0  # not a quotecheck table: ignored
        return
    assert code == 2
    assert err.count("\n") == 1
    assert err.startswith("quotecheck: error: ")
    assert "internal error" not in err


# -- item 17: ids stay unique across files and records -----------------------------------


def test_file_and_record_ids_never_collide(tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "c").mkdir()
    (tmp_path / "c" / "a.txt").write_text(STORY, encoding="utf-8")
    (tmp_path / "r.jsonl").write_text(json.dumps({"id": "a", "text": OTHER}) + "\n",
                                      encoding="utf-8")
    assert main(["check", str(tmp_path), "--format", "json"]) == 1
    report = _json(capsys)
    ids = [d["id"] for d in report["documents"]]
    assert sorted(ids) == ["a", "a~2"]
    assert [f["documents"] for f in report["findings"] if f["rule"] == "misattribution"] == [
        ["a", "a~2"]]


# -- item 20: no documents at all is an error -------------------------------------------


@pytest.mark.parametrize("layout", ["empty", "html"])
def test_no_documents_found_exits_2(layout: str, tmp_path: Path,
                                    capsys: pytest.CaptureFixture[str]) -> None:
    if layout == "html":
        (tmp_path / "page.html").write_text("<p>Marsh said</p>", encoding="utf-8")
    for command in (["check"], ["extract"], ["index", "--store", str(tmp_path / "s.db")]):
        assert main([*command, str(tmp_path)]) == 2
        err = capsys.readouterr().err
        assert err == (f"quotecheck: error: no documents found in {tmp_path} (quotecheck "
                       "reads .txt, .md, .jsonl files, and folders of them)\n")


# -- item 15: output grows linearly with the input ----------------------------------------


def _crowd(root: Path, people: int) -> Path:
    """One quote given to ``people`` different names, and as many unattributed copies."""
    root.mkdir()
    syllables = ["ka", "lo", "mi", "nu", "re", "sa", "to", "vi", "be", "du"]
    lines = []
    for n in range(people):
        first = "".join(syllables[int(d)] for d in f"{n:03d}").capitalize()
        last = "".join(syllables[int(d)] for d in f"{n * 7 + 3:03d}"[::-1]).capitalize()
        lines.append(json.dumps({"id": f"named{n}", "text": f"Minister {first} {last}o said: "
                                 f"“{QUOTE}”\n"}))
        lines.append(json.dumps({"id": f"bare{n}", "text": f"The notice read: “{QUOTE}”\n"}))
    (root / "crowd.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return root


def _report_size(root: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, dict[str, Any]]:
    main(["check", str(root), "--format", "json", "--fail-on", "never"])
    out = capsys.readouterr().out
    report: dict[str, Any] = json.loads(out)
    return len(out) - sum(len(json.dumps(q)) for q in report["quotes"]), report


def test_findings_list_a_bounded_number_of_versions(tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    from quotecheck.findings import MAX_VERSIONS

    small, _ = _report_size(_crowd(tmp_path / "small", 40), capsys)
    large, report = _report_size(_crowd(tmp_path / "large", 120), capsys)
    findings = report["findings"]
    assert any(f["rule"] == "misattribution" for f in findings)
    assert any(f["rule"] == "unattributed" for f in findings)
    assert all(len(f["quotes"]) <= MAX_VERSIONS for f in findings)
    assert all(len(f["speakers"]) <= MAX_VERSIONS for f in findings)
    assert any(f.get("more_quotes", 0) > 0 for f in findings)
    assert all(len(f["message"]) < 4_000 for f in findings)
    assert large / small < 4  # 3x the input: linear, not 9x
