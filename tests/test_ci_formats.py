"""SARIF 2.1.0, JUnit XML and the GitHub step summary, checked structurally."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from xml.etree import ElementTree

import pytest

from quotecheck.cli import main

SAMPLES = Path(__file__).resolve().parents[1] / "samples"


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    assert main(["check", *args, "--fail-on", "never"]) == 0
    return capsys.readouterr().out


def test_sarif_has_the_required_properties_and_stable_fingerprints(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    log = json.loads(_run(capsys, str(SAMPLES / "en"), "--format", "sarif"))
    assert log["version"] == "2.1.0"
    assert log["$schema"].endswith("sarif-2.1.0.json")
    (run,) = log["runs"]
    driver = run["tool"]["driver"]
    assert driver["name"] == "quotecheck"
    rule_ids = {rule["id"] for rule in driver["rules"]}
    assert {"misattribution", "speaker-variant", "unknown-speaker"} <= rule_ids
    assert run["results"]
    for result in run["results"]:
        assert result["ruleId"] in rule_ids
        assert result["level"] in ("error", "warning", "note")
        assert result["message"]["text"]
        assert result["partialFingerprints"]["quotecheck/v1"]
        for location in result["locations"]:
            physical = location["physicalLocation"]
            assert Path(physical["artifactLocation"]["uri"]).exists()
            assert physical["region"]["startLine"] >= 1
    misattributions = [r for r in run["results"] if r["ruleId"] == "misattribution"]
    assert all(len(r["locations"]) >= 2 for r in misattributions)  # every version located
    # the same findings after the files move and are listed in another order
    moved = tmp_path / "elsewhere"
    shutil.copytree(SAMPLES / "en", moved)
    again = json.loads(_run(capsys, str(moved), "--format", "sarif"))["runs"][0]["results"]
    assert sorted(r["partialFingerprints"]["quotecheck/v1"] for r in again) == sorted(
        r["partialFingerprints"]["quotecheck/v1"] for r in run["results"])


def test_junit_has_a_case_per_document_and_failures_for_findings(
        capsys: pytest.CaptureFixture[str]) -> None:
    root = ElementTree.fromstring(_run(capsys, str(SAMPLES / "en"), "--format", "junit"))
    (suite,) = root.findall("testsuite")
    cases = suite.findall("testcase")
    assert len(cases) == int(suite.get("tests", "0")) == 4
    failures = [f for case in cases for f in case.findall("failure")]
    assert len(failures) == int(suite.get("failures", "0")) > 0
    assert {f.get("type") for f in failures} >= {"misattribution", "altered-quote"}


def test_step_summary_lists_every_finding(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    summary = tmp_path / "summary.md"
    summary.write_text("earlier step\n", encoding="utf-8")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    report = json.loads(_run(capsys, str(SAMPLES / "en"), "--format", "json"))
    text = summary.read_text(encoding="utf-8")
    assert text.startswith("earlier step\n## quotecheck")  # appended, not replaced
    rows = [line for line in text.splitlines() if line.startswith("| ") and "---" not in line]
    assert len(rows) - 1 == len(report["findings"])  # minus the header row
