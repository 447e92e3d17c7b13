"""The command line: formats, exit codes, skipped inputs, atomic output."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from quotecheck.cli import main
from tests.conftest import SAMPLES


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "quotecheck", *args], capture_output=True,
                          text=True, encoding="utf-8", check=False, timeout=120)


def test_help_documents_exit_codes() -> None:
    result = run("check", "--help")
    assert result.returncode == 0
    assert "exit status" in result.stdout
    assert "130" in result.stdout


def test_json_report_follows_the_spec(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["check", str(SAMPLES / "vi"), "--format", "json", "--fail-on", "never"])
    report = json.loads(capsys.readouterr().out)
    assert code == 0
    assert report["schema"] == "quotecheck.report/1"
    assert set(report) >= {"tool", "documents", "quotes", "clusters", "findings", "summary"}
    doc = report["documents"][0]
    assert set(doc) >= {"id", "path", "source", "lang", "status", "error"}
    quote = report["quotes"][0]
    assert set(quote) >= {"id", "document", "start", "end", "text", "kind", "speaker",
                          "speaker_mention", "cue"}
    assert report["summary"]["documents"] == 5


def test_extract_prints_one_json_line_per_quote(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["extract", str(SAMPLES / "en")]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines
    assert all(json.loads(line)["document"] for line in lines)


def test_skipped_input_gives_exit_2_and_still_reports(tmp_path: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "good.txt").write_text('Okafor said: "We will talk."', encoding="utf-8")
    (tmp_path / "bad.txt").write_bytes(b"\x00\x01binary")
    code = main(["check", str(tmp_path), "--format", "json", "--fail-on", "never"])
    out, err = capsys.readouterr()
    statuses = {d["id"]: d["status"] for d in json.loads(out)["documents"]}
    assert code == 2
    assert statuses == {"bad": "skipped", "good": "checked"}
    assert "skipped" in err
    assert "not text" in err


def test_unknown_language_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(SAMPLES / "en"), "--lang", "pt"]) == 2
    assert "no lexicon for language 'pt'" in capsys.readouterr().err


def test_output_file_is_written_whole(tmp_path: Path) -> None:
    target = tmp_path / "report.json"
    assert main(["check", str(SAMPLES / "en"), "--format", "json", "--fail-on", "never",
                 "-o", str(target)]) == 0
    assert json.loads(target.read_text(encoding="utf-8"))["summary"]["documents"] == 4
    assert [p.name for p in tmp_path.iterdir()] == ["report.json"]
    umask = os.umask(0o022)
    os.umask(umask)
    assert target.stat().st_mode & 0o777 == 0o666 & ~umask  # not mkstemp's 0600
    target.chmod(0o640)
    assert main(["check", str(SAMPLES / "en"), "--format", "json", "--fail-on", "never",
                 "-o", str(target)]) == 0
    assert target.stat().st_mode & 0o777 == 0o640  # a replaced report keeps its mode


def test_exit_codes_follow_fail_on(capsys: pytest.CaptureFixture[str]) -> None:
    vi = str(SAMPLES / "vi")
    assert main(["check", vi, "--format", "text"]) == 1  # one misattribution (error)
    assert main(["check", vi, "--format", "text", "--fail-on", "never"]) == 0
    assert main(["check", vi, "--format", "text", "--fail-on", "warning"]) == 1
    out = capsys.readouterr().out
    assert "misattribution" in out


def test_min_severity_hides_without_changing_exit(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["check", str(SAMPLES / "vi"), "--format", "text", "--min-severity", "error"])
    out = capsys.readouterr().out
    assert code == 1
    assert "misattribution" in out
    assert "name-variant" not in out


def test_github_annotations_point_at_the_quote(capsys: pytest.CaptureFixture[str]) -> None:
    main(["check", str(SAMPLES / "vi"), "--format", "github"])
    lines = capsys.readouterr().out.splitlines()
    [error] = [line for line in lines if line.startswith("::error ")]
    assert error.startswith("::error file=")
    assert "title=quotecheck misattribution::" in error
    path = error.split("file=", 1)[1].split(",", 1)[0]
    line = int(error.split("line=", 1)[1].split(",", 1)[0])
    text = Path(path).read_text(encoding="utf-8").splitlines()[line - 1]
    assert "Các cam kết trong hiệp ước" in text
