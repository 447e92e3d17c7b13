"""--dask with JSON Lines shards given as globs and fsspec URLs: the workers read them."""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("distributed", reason="the dask extra is not installed "
                    "(pip install 'quotecheck[dask]')")

from benchmarks import synth
from quotecheck import distributed, pipeline
from quotecheck.cli import main
from quotecheck.distributed import extract, shards
from quotecheck.errors import UsageError
from quotecheck.report import dumps as report_json

SAID = '"We will not sign this deal before the vote," said Mayor {name} on Monday.'


def _record(doc_id: Any, name: str = "Ada Holm", **extra: Any) -> str:
    return json.dumps({"id": doc_id, "text": SAID.format(name=name), "source": "s", **extra})


@pytest.fixture(scope="module")
def client() -> Iterator[Any]:
    """One worker process with a small memory limit (the ranges are cut for it)."""
    with distributed.connect("local:1", memory_limit="512MB") as connected:
        yield connected


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Three shards: synthetic news, awkward lines then news, and no JSON line."""
    folder = tmp_path_factory.mktemp("shards")
    whole = tmp_path_factory.mktemp("synth") / "whole.jsonl"
    synth.write(whole, 80, seed=5)
    lines = whole.read_text("utf-8").splitlines()
    first = json.loads(lines[0])["id"]
    (folder / "a.jsonl").write_text("\n".join(lines[:60]) + "\n", "utf-8")
    awkward = [_record("x1"), "", "{not json", _record("x1", "Alma Berg"),  # same shard
               json.dumps({"text": "no id"}), _record(first),  # as in a.jsonl
               json.dumps({"id": "x1", "text": " "}),  # a duplicate id before empty text
               "[1, 2]", _record("x2", lang="en"), "   ", _record(f"{first}~2"),
               json.dumps({"id": "x3", "text": "x" * 3000})]  # over the size limit
    text = "\r\n".join(awkward + lines[60:])  # no final line end
    (folder / "c.jsonl").write_text("\ufeff" + text, "utf-8")
    (folder / "d.jsonl").write_text("\n\n", "utf-8")  # no JSON line
    (folder / "notes.txt").write_text("not a shard", "utf-8")
    return folder


def _shards(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.jsonl"))


def _small_ranges(monkeypatch: pytest.MonkeyPatch) -> None:
    """Ranges of 40,000 bytes: a.jsonl is read in two."""
    monkeypatch.setattr(extract, "PARTITION_CHARS", 40_000)


OPTIONS = pipeline.Options(max_document_bytes=2000)


def test_a_glob_gives_the_report_of_a_local_read(client: Any, corpus: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    _small_ranges(monkeypatch)
    local = json.loads(report_json(pipeline.check(_shards(corpus), options=OPTIONS)))
    remote = json.loads(report_json(distributed.check([str(corpus / "*.jsonl")],
                                                      client=client, options=OPTIONS)))
    assert local["clusters"]
    assert remote == local
    reasons = {d["id"]: d["error"] for d in local["documents"] if d["status"] == "skipped"}
    assert reasons["c:4"].startswith("line 4: duplicate id 'x1' (first on line 1)")
    assert reasons["c:3"].startswith("line 3: invalid JSON")
    assert reasons["c:7"] == "line 7: duplicate id 'x1' (first on line 1)"
    assert reasons["d"] == "empty (no JSON lines)"
    first = remote["documents"][0]["id"]
    assert {first, f"{first}~2", f"{first}~2~2"} <= {d["id"] for d in local["documents"]}


def test_file_urls_are_read_by_the_workers_not_the_client(
        client: Any, corpus: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from fsspec.implementations.local import LocalFileSystem

    _small_ranges(monkeypatch)

    def refuse(*_args: Any, **_kwargs: Any) -> Any:
        raise AssertionError("the client opened a shard")

    monkeypatch.setattr(LocalFileSystem, "_open", refuse)  # in this process only
    url = f"file://{corpus.as_posix()}/*.jsonl"
    remote = json.loads(report_json(distributed.check([url], client=client,
                                                      options=OPTIONS)))
    monkeypatch.undo()
    local = json.loads(report_json(pipeline.check(_shards(corpus), options=OPTIONS)))
    for document in local["documents"]:
        document["path"] = f"file://{document['path']}"
    assert remote["documents"] == local["documents"]
    assert remote["clusters"] == local["clusters"]
    assert remote["findings"] == [_with_url(f) for f in local["findings"]]


def _with_url(finding: dict[str, Any]) -> dict[str, Any]:
    text = json.dumps(finding)
    return json.loads(text.replace('"path": "/', '"path": "file:///'))


def test_ranges_cover_each_shard_once(corpus: Path) -> None:
    found, skipped = shards.find([str(corpus / "*.jsonl"), str(corpus / "*.txt"),
                                  str(corpus / "none-*.jsonl")])
    assert [Path(s.shown).name for s in found] == ["a.jsonl", "c.jsonl", "d.jsonl"]
    assert [s.reason.split(":")[0] for s in skipped] == ["not JSON Lines (.jsonl)",
                                                          "no file matches"]
    cut = shards.ranges(found, 1000)
    for shard in found:
        spans = [(r.start, r.end) for r in cut if r.shard == shard]
        assert spans[0][0] == 0
        assert spans[-1][1] == shard.size
        assert all(a[1] == b[0] for a, b in itertools.pairwise(spans))
        lines = [line for r in cut if r.shard == shard for line in shards._lines(r, 10**6)]
        whole = Path(shard.url).read_text("utf-8").removeprefix("\ufeff")
        assert lines == whole.replace("\r\n", "\n").split("\n")[:len(lines)]
        assert len(lines) == len(whole.splitlines())


def test_a_utf16_shard_is_skipped_once(tmp_path: Path) -> None:
    path = tmp_path / "wide.jsonl"
    path.write_text("\n".join(_record(n) for n in range(40)), "utf-16")
    found, _skipped = shards.find([f"file://{tmp_path.as_posix()}/*.jsonl"])
    read = [item for r in shards.ranges(found, 1000) for item in shards.items(r, 10**6)]
    assert [(i.id, i.reason) for i in read] == [  # type: ignore[union-attr]
        ("wide", "UTF-16 JSON Lines are read only from a local path given as it is "
         "(not a URL or a glob)")]


def test_a_missing_filesystem_package_is_a_clear_error(
        capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(UsageError, match="s3fs"):
        shards.find(["s3://bucket/crawl/*.jsonl"])
    assert main(["check", "gcs://bucket/x.jsonl", "--dask", "local:1"]) == 2
    err = capsys.readouterr().err
    assert "cannot read gcs://bucket/x.jsonl: its filesystem package is missing" in err
    assert "gcsfs" in err


def test_shards_and_plain_paths_are_not_mixed(corpus: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(corpus / "*.jsonl"), str(corpus / "a.jsonl"),
                 "--dask", "local:1"]) == 2
    assert "not both" in capsys.readouterr().err


@pytest.mark.parametrize(("raw", "expected"), [("s3://b/x.jsonl", True), ("data/*.jsonl", True),
                                               ("data/x.jsonl", False),
                                               ("memory://x.jsonl", True)])
def test_what_is_a_shard(raw: str, expected: bool) -> None:
    assert shards.is_shard(raw) is expected
