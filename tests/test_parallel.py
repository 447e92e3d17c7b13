"""--jobs, progress and timings: the same report for any N, nothing on stdout but the report."""

from __future__ import annotations

import io
import json
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from benchmarks import synth
from quotecheck import cli, pipeline
from quotecheck.cli import main
from quotecheck.progress import Progress, RichProgress, Timings
from quotecheck.report import dumps as report_json


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Enough synthetic articles for several batches, with planted errors."""
    path = tmp_path_factory.mktemp("parallel") / "synthetic.jsonl"
    synth.write(path, 300, seed=5)
    return path


def test_report_is_identical_for_any_number_of_jobs(corpus: Path) -> None:
    one = report_json(pipeline.check([corpus], jobs=1))
    assert len(json.loads(one)["documents"]) == 300
    assert report_json(pipeline.check([corpus], jobs=2)) == one
    assert report_json(pipeline.check([corpus], jobs=3)) == one


def test_batches_bound_the_text_in_flight() -> None:
    from quotecheck.records import Document

    docs = [Document(id=str(n), text="x" * 50_000, path="p", source="s") for n in range(20)]
    sizes = [len(batch) for batch in pipeline.batches(docs)]
    assert sizes == [4, 4, 4, 4, 4]  # 200,000 characters each


def test_planted_misattributions_are_found(corpus: Path) -> None:
    report = pipeline.check([corpus], jobs=2)
    truth = json.loads(corpus.with_name(corpus.name + ".truth.json").read_text("utf-8"))
    flagged = [f for f in report.findings if f.rule == "misattribution"]
    assert truth
    # A plant read from "he"/"she" in an article that also names the true speaker is
    # no evidence (the pronoun may be that person): it is left out on purpose.
    named = {(p.document, p.name) for p in report.people}
    by_pronoun = {(q.document, q.speaker) for q in report.quotes if q.mention_kind != "name"}
    for plant in truth:
        found = any(plant["document"] in f.documents
                    and {plant["speaker"], plant["given"]} <= set(f.speakers) for f in flagged)
        ambiguous = ((plant["document"], plant["given"]) in by_pronoun
                     and (plant["document"], plant["speaker"]) in named)
        assert found or ambiguous, plant
    assert 0 < len(flagged) <= len(truth)


def test_jobs_must_be_positive(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["check", "samples/en", "--jobs", "0"])
    assert exit_info.value.code == 2
    assert "must be 1 or more" in capsys.readouterr().err


def test_timings_go_to_stderr_only(corpus: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(corpus), "--format", "json", "--fail-on", "never", "-j", "2",
                 "--timings"]) == 0
    captured = capsys.readouterr()
    json.loads(captured.out)  # stdout is the report and nothing else
    assert captured.err.startswith("quotecheck: timings: checking ")
    assert "matching" in captured.err
    assert "300 documents" in captured.err


def test_progress_is_off_in_ci_and_off_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stderr", io.StringIO())
    assert type(cli._progress("auto")) is Progress  # not a terminal
    assert type(cli._progress("never")) is Progress
    assert isinstance(cli._progress("always"), RichProgress)

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.setattr(sys, "stderr", Terminal())
    monkeypatch.setenv("CI", "true")
    assert type(cli._progress("auto")) is Progress
    monkeypatch.delenv("CI")
    assert isinstance(cli._progress("auto"), RichProgress)


def test_rich_progress_waits_then_draws_on_stderr(monkeypatch: pytest.MonkeyPatch) -> None:
    err = io.StringIO()
    monkeypatch.setattr(sys, "stderr", err)
    late = RichProgress(delay=3600)
    late.documents(5, 10)
    assert late.bar is None  # a short run shows nothing
    late.close()
    shown = RichProgress(delay=0)
    with shown:
        shown.documents(5, 10)
        shown.phase("matching")
        assert shown.bar is not None
        assert "matching: 5 documents, 10 quotes" in shown.bar.tasks[0].description
    assert shown.bar is None


def test_timings_count_phases() -> None:
    timings = Timings(Progress())
    with timings:
        timings.documents(3, 7)
        timings.phase("matching")
        timings.phase("findings")
    line = timings.summary()
    assert line.startswith("timings: checking ")
    assert "matching" in line
    assert "findings" in line
    assert line.endswith("; 3 documents, 7 quotes")


def _default_sigint() -> None:
    """A test run started in the background inherits SIGINT ignored (and Python then
    installs no KeyboardInterrupt handler): give the child the default."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def test_ctrl_c_stops_workers_with_one_line(corpus: Path, tmp_path: Path) -> None:
    big = tmp_path / "big.jsonl"
    synth.write(big, 6000, seed=9)
    process = subprocess.Popen([sys.executable, "-m", "quotecheck", "check", str(big),
                                "--jobs", "2"], stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True,
                               preexec_fn=_default_sigint)
    time.sleep(2.5)  # workers started and busy
    process.send_signal(signal.SIGINT)
    out, err = process.communicate(timeout=30)
    assert process.returncode == 130
    assert err == "quotecheck: interrupted\n"
    assert out == ""
