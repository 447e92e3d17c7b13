"""Hostile input: every document is checked or skipped with a reason, never a traceback."""

from __future__ import annotations

import gc
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quotecheck import lexicon, pipeline
from quotecheck.backends import get_backend
from quotecheck.cli import main
from quotecheck.errors import BUG_URL
from quotecheck.extract import extract
from quotecheck.extract.quotes import find_quotes
from quotecheck.reading import read
from quotecheck.records import Document, Skipped
from tests.hostile import EXPECTED, Expected, write_corpus


@pytest.fixture(scope="module")
def hostile_run(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The whole hostile corpus checked once through the command line."""
    root = tmp_path_factory.mktemp("hostile")
    expected = write_corpus(root / "corpus")
    out = root / "report.json"
    err = root / "stderr.txt"
    started = time.perf_counter()
    run = subprocess.run([sys.executable, "-m", "quotecheck", "check", str(root / "corpus"),
                          "--format", "json", "-o", str(out)],
                         capture_output=True, text=True, timeout=300, check=False)
    err.write_text(run.stderr, encoding="utf-8")
    report = json.loads(out.read_text(encoding="utf-8"))
    return {"expected": expected, "report": report, "code": run.returncode,
            "stderr": run.stderr, "seconds": time.perf_counter() - started,
            "files": sorted(p.name for p in (root / "corpus").iterdir())}


def test_hostile_corpus_exits_2_without_traceback(hostile_run: dict[str, Any]) -> None:
    assert hostile_run["code"] == 2
    assert "Traceback" not in hostile_run["stderr"]
    ids = [d["id"] for d in hostile_run["report"]["documents"]]
    assert sorted(ids) == sorted(hostile_run["expected"])  # nothing lost, nothing added
    paths = {Path(d["path"]).name for d in hostile_run["report"]["documents"]}
    assert paths == set(hostile_run["files"])


@pytest.mark.parametrize("doc_id", sorted(EXPECTED))
def test_each_hostile_document_is_accounted_for(hostile_run: dict[str, Any],
                                                doc_id: str) -> None:
    want: Expected = hostile_run["expected"][doc_id]
    report = hostile_run["report"]
    doc = next(d for d in report["documents"] if d["id"] == doc_id)
    assert doc["status"] == want.status
    told = doc.get("error") or doc.get("warning") or ""
    if want.reason:
        assert want.reason in told
    else:
        assert told == ""
    speakers = [q["speaker"] for q in report["quotes"] if q["document"] == doc_id]
    if want.speakers:
        assert tuple(speakers[: len(want.speakers)]) == want.speakers
        if doc_id != "one-line-5mb":
            assert len(speakers) == len(want.speakers)
    if want.status == "skipped":
        assert speakers == []
        assert doc_id in hostile_run["stderr"] or doc["path"] in hostile_run["stderr"]


def test_hostile_quotes_are_slices_of_their_documents(hostile_run: dict[str, Any]) -> None:
    report = hostile_run["report"]
    for quote in report["quotes"]:
        assert 0 <= quote["start"] <= quote["end"]
    one_line = [q for q in report["quotes"] if q["document"] == "one-line-5mb"]
    assert len(one_line) > 20_000
    assert {q["speaker"] for q in one_line} == {"Ana Duarte"}
    for doc_id in ("nested", "unbalanced"):
        assert len([q for q in report["quotes"] if q["document"] == doc_id]) == 1


def test_normalisation_forms_and_invisible_marks_are_one_speaker(
        hostile_run: dict[str, Any]) -> None:
    report = hostile_run["report"]
    same = {"nfc", "nfd", "zero-width"}
    clusters = [set(c["quotes"]) for c in report["clusters"]]
    assert {f"{d}#1" for d in same} in clusters
    wrong = [f for f in report["findings"] if set(f["documents"]) & same
             and f["rule"] in ("misattribution", "speaker-variant")]
    assert wrong == []


# -- the file system -----------------------------------------------------------------


def _reasons(paths: list[Path]) -> dict[str, str | None]:
    return {Path(i.path).name: (i.reason if isinstance(i, Skipped) else None)
            for i in read(paths)}


def test_missing_path_and_link_problems_are_skipped(tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_text("Text.", encoding="utf-8")
    (tmp_path / "loop-a.txt").symlink_to(tmp_path / "loop-b.txt")
    (tmp_path / "loop-b.txt").symlink_to(tmp_path / "loop-a.txt")
    (tmp_path / "dangling.txt").symlink_to(tmp_path / "nowhere.txt")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "up").symlink_to(tmp_path)  # a folder loop is not followed
    reasons = _reasons([tmp_path, tmp_path / "loop-a.txt", tmp_path / "missing.txt"])
    assert reasons == {"good.txt": None, "loop-a.txt": "symbolic link loop",
                       "loop-b.txt": "symbolic link loop",
                       "dangling.txt": "broken symbolic link",
                       "missing.txt": "no such file or directory"}


def test_unreadable_folder_is_skipped_with_reason(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "open").mkdir()
    (tmp_path / "open" / "a.txt").write_text("Text.", encoding="utf-8")
    locked = tmp_path / "locked"
    locked.mkdir()
    (locked / "b.txt").write_text("Text.", encoding="utf-8")
    locked.chmod(0)
    real_scandir = os.scandir

    def scandir(path: Any) -> Any:  # root ignores permissions: deny as a user would be
        if Path(path) == locked:
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    try:
        assert _reasons([tmp_path]) == {"a.txt": None,
                                        "locked": "cannot read folder: Permission denied"}
    finally:
        locked.chmod(0o755)


def test_file_that_vanishes_mid_run_is_skipped(tmp_path: Path) -> None:
    for name in ("a.txt", "b.txt"):
        (tmp_path / name).write_text(f"{name} said “hello there friends”.", encoding="utf-8")
    items = read([tmp_path])
    first = next(items)
    (tmp_path / "b.txt").unlink()
    second = next(items)
    assert isinstance(first, Document)
    assert isinstance(second, Skipped)
    assert second.reason == "vanished before it could be read"


def test_lone_surrogates_and_undecodable_names_are_reported_not_raised(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    odd_name = os.fsdecode(b"caf\xe9.txt")  # a file name that is not UTF-8
    (tmp_path / odd_name).write_text("Minister Helena Marsh said: “We will go.”",
                                     encoding="utf-8")
    (tmp_path / "s.jsonl").write_text('{"id": "s", "text": "said \\ud800 this"}\n'
                                      '{"id": "ok", "text": "emoji \\ud83d\\ude00 pair"}\n',
                                      encoding="utf-8")
    assert main(["check", str(tmp_path), "--format", "json"]) == 2
    captured = capsys.readouterr()
    documents = {d["id"]: d for d in json.loads(captured.out)["documents"]}
    assert documents["caf\ufffd"]["status"] == "checked"
    assert documents["s:1"]["error"] == ("line 1: 'text' has an unpaired surrogate "
                                         "(not valid Unicode)")
    assert documents["ok"]["status"] == "checked"  # a surrogate pair is one character


# -- properties over arbitrary input -------------------------------------------------

_MARKS = list("“”‘’\"'«»„‚‹›「」『』")
_TEXTS = st.text(alphabet=st.one_of(st.sampled_from(_MARKS + list(" \n.,:;—")),
                                    st.sampled_from(list("AaBbĐđƯưMs ")), st.characters()),
                 max_size=400)


def _check_invariants(text: str, lang: str) -> None:
    document = Document(id="d", text=text, path="d", source="d")
    quotes = extract(document, lexicon.load(lang), get_backend("builtin"))
    previous = -1
    for quote in quotes:
        assert 0 <= quote.start <= quote.end <= len(text)
        assert quote.text == text[quote.start : quote.end]
        assert quote.start > previous
        previous = quote.start
        for start, end in quote.parts:
            assert quote.start <= start <= end <= quote.end
        if quote.mention_start is not None and quote.mention_end is not None:
            assert text[quote.mention_start : quote.mention_end] == quote.speaker_mention


@settings(max_examples=300, deadline=None)
@given(text=_TEXTS, lang=st.sampled_from(["en", "vi"]))
def test_any_text_gives_quotes_that_are_its_slices(text: str, lang: str) -> None:
    for span in find_quotes(text):
        assert 0 <= span.open_start <= span.start <= span.end <= span.close_end <= len(text)
    _check_invariants(text, lang)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.one_of(st.binary(max_size=600),
                      _TEXTS.map(lambda t: t.encode("utf-8", "surrogatepass")),
                      _TEXTS.map(lambda t: t.encode("utf-16", "surrogatepass"))),
       suffix=st.sampled_from([".txt", ".md", ".jsonl"]))
def test_any_bytes_are_read_or_skipped_never_raised(data: bytes, suffix: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"input{suffix}"
        path.write_bytes(data)
        items = list(read([path]))
        backend = get_backend("builtin")
        for item in items:
            if isinstance(item, Skipped):
                assert item.reason
                continue
            result, _found = pipeline.check_document(item, backend=backend,
                                                     options=pipeline.Options())
            assert "internal error" not in (result.error or "")
            _check_invariants(item.text, result.lang or "en")
    assert items  # every input is accounted for


# -- cost on adversarial input ---------------------------------------------------------


def _best_times(texts: list[str], runs: int = 4) -> list[float]:
    """Best of ``runs`` CPU times of each text, measured in turn.

    CPU time, not wall time: other processes on this shared machine do not
    count. Objects other tests left alive are frozen: the collector still runs
    for what quotecheck allocates, but a 5 MB report from an earlier test
    cannot make the larger run look superlinear.
    """
    documents = [Document(id="d", text=text, path="d", source="d") for text in texts]
    lex, backend = lexicon.load("en"), get_backend("builtin")
    best = [float("inf")] * len(texts)
    gc.collect()
    gc.freeze()
    try:
        for _ in range(runs):
            for n, document in enumerate(documents):
                started = time.process_time()
                extract(document, lex, backend)
                best[n] = min(best[n], time.process_time() - started)
    finally:
        gc.unfreeze()
    return best


@pytest.mark.parametrize("unit", ["“a ", "« b ", "\" c ' "])
def test_unbalanced_marks_cost_linear_time(unit: str) -> None:
    small, large = _best_times([unit * 10_000, unit * 100_000])
    assert large / small <= 15, f"10x the marks took {large / small:.1f}x the time"


# Labels after a dash, parenthetical reporting clauses, transcript turns and outlet
# names are looked for near each quote: many quotes in one paragraph stay linear.
@pytest.mark.parametrize("unit", ['X - Ada Vance: "ok" ', 'a, Ada said, adding, "ok" b ',
                                  '"WALLACE: ok. ', 'Ada Vance Harbor Post "ok" ',
                                  'a said "b" c. "d" '])
def test_labels_and_clauses_cost_linear_time(unit: str) -> None:
    small, large = _best_times([unit * 1_000, unit * 10_000], runs=2)
    assert large / small <= 15, f"10x the text took {large / small:.1f}x the time"


# -- determinism, interruption, bugs ---------------------------------------------------


def _corpus(root: Path) -> list[Path]:
    (root / "x").mkdir(parents=True)
    (root / "y").mkdir()
    files = {
        root / "x" / "story.txt": "Minister Helena Marsh said: “The pier will reopen in "
                                  "March, and not a day later.”\n",
        root / "y" / "story.txt": "Okafor said: “The pier will reopen in March, and not a "
                                  "day later.”\n",
        root / "a.md": "Tomas Okafor, the mayor, said: “We will vote on the budget on "
                       "Friday.”\n",
    }
    for path, text in files.items():
        path.write_text(text, encoding="utf-8")
    return list(files)


def _json_report(paths: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    assert main(["check", *paths, "--format", "json", "--fail-on", "never"]) == 0
    return capsys.readouterr().out


def test_report_does_not_depend_on_input_order(tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    files = [str(p) for p in _corpus(tmp_path)]
    reports = {
        _json_report(files, capsys),
        _json_report(list(reversed(files)), capsys),
        _json_report([files[1], files[2], files[0]], capsys),
        _json_report([str(tmp_path / "y"), str(tmp_path / "a.md"), str(tmp_path / "x")],
                     capsys),
    }
    assert len(reports) == 1
    ids = [d["id"] for d in json.loads(reports.pop())["documents"]]
    assert ids == ["a", "story", "story~2"]


def test_internal_error_skips_one_document_and_says_where_to_report(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    _corpus(tmp_path)
    real = pipeline.extract_all

    def broken(document: Document, *args: Any) -> pipeline.Extracted:
        if document.id == "a":
            raise ZeroDivisionError("division by zero")
        return real(document, *args)

    monkeypatch.setattr(pipeline, "extract_all", broken)
    assert main(["check", str(tmp_path), "--format", "json"]) == 2
    captured = capsys.readouterr()
    documents = {d["id"]: d for d in json.loads(captured.out)["documents"]}
    assert documents["a"]["status"] == "skipped"
    assert documents["a"]["error"].startswith("internal error ZeroDivisionError")
    assert BUG_URL in documents["a"]["error"]
    assert BUG_URL in captured.err
    assert documents["story"]["status"] == documents["story~2"]["status"] == "checked"
    assert "Traceback" not in captured.err


def test_internal_error_outside_documents_is_one_line(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    _corpus(tmp_path)

    def broken(*args: Any) -> Any:
        raise KeyError("boom")

    monkeypatch.setattr(pipeline, "match", broken)
    assert main(["check", str(tmp_path)]) == 2
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 1
    assert err[0].startswith("quotecheck: internal error KeyError")
    monkeypatch.setenv("QUOTECHECK_DEBUG", "1")
    with pytest.raises(KeyError):
        main(["check", str(tmp_path)])


def test_interrupted_write_leaves_old_report_and_no_temporary_file(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    _corpus(tmp_path / "in")
    out = tmp_path / "out"
    out.mkdir()
    report = out / "report.json"
    report.write_text("previous report", encoding="utf-8")

    def interrupted(src: Any, dst: Any) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", interrupted)
    assert main(["check", str(tmp_path / "in"), "--format", "json", "-o", str(report)]) == 130
    assert capsys.readouterr().err == "quotecheck: interrupted\n"
    assert report.read_text(encoding="utf-8") == "previous report"
    assert sorted(p.name for p in out.iterdir()) == ["report.json"]


def _default_sigint() -> None:
    """A test run started in the background inherits SIGINT ignored, and Python then
    installs no KeyboardInterrupt handler: give the child the default, as a shell
    in the foreground would."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def test_ctrl_c_stops_with_one_line_and_exit_130(tmp_path: Path) -> None:
    line = "Councillor Ana Duarte said “the vote will wait until the audit is done”. "
    (tmp_path / "long.txt").write_text(line * 200_000, encoding="utf-8")
    process = subprocess.Popen([sys.executable, "-m", "quotecheck", "check", str(tmp_path),
                                "--max-document-size", "100"],  # 15 MB: over the default
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               preexec_fn=_default_sigint)
    time.sleep(2.0)  # imports done, checking the long file
    process.send_signal(signal.SIGINT)
    out, err = process.communicate(timeout=30)
    assert process.returncode == 130
    assert err == "quotecheck: interrupted\n"
    assert out == ""
