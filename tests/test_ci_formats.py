"""SARIF 2.1.0, JUnit XML and the GitHub step summary, checked structurally."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import pytest

from quotecheck.cli import main
from quotecheck.names import Aliases, same_person
from tests.conftest import ROOT, SAMPLES


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
        assert len(result["locations"]) == 1
        for location in result["locations"] + result.get("relatedLocations", []):
            physical = location["physicalLocation"]
            assert Path(physical["artifactLocation"]["uri"]).exists()
            assert physical["region"]["startLine"] >= 1
    # the same findings after the files move and are listed in another order
    moved = tmp_path / "elsewhere"
    shutil.copytree(SAMPLES / "en", moved)
    again = json.loads(_run(capsys, str(moved), "--format", "sarif"))["runs"][0]["results"]
    assert sorted(r["partialFingerprints"]["quotecheck/v1"] for r in again) == sorted(
        r["partialFingerprints"]["quotecheck/v1"] for r in run["results"])


def _where(location: dict[str, Any]) -> str:
    physical = location["physicalLocation"]
    region = physical["region"]
    column = f":{region['startColumn']}" if "startColumn" in region else ""
    return f"{physical['artifactLocation']['uri']}:{region['startLine']}{column}"


def test_sarif_first_location_is_the_disagreeing_quote_and_the_rest_are_related(
        capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)  # paths as a user types them
    run = json.loads(_run(capsys, "samples/en", "--format", "sarif"))["runs"][0]
    report = json.loads(_run(capsys, "samples/en", "--format", "json"))
    quotes = {q["id"]: q for q in report["quotes"]}
    paths = {d["id"]: d["path"] for d in report["documents"]}
    misattributions = [r for r in run["results"] if r["ruleId"] == "misattribution"]
    # the odd speaker's version first: Brandt's in velden-wire, Marsch's in harbour-daily
    assert sorted((_where(r["locations"][0]), r["properties"]["suggested_speaker"])
                  for r in misattributions) == [
        ("samples/en/harbour-daily.txt:5:2", "Tomas Okafor"),
        ("samples/en/velden-wire.txt:5:2", "Helena Marsh")]
    brandt = next(r for r in misattributions if "velden-wire" in _where(r["locations"][0]))
    related = brandt["relatedLocations"]
    assert [loc["id"] for loc in related] == [1, 2]
    assert sorted(loc["message"]["text"] for loc in related) == [
        "Helena Marsch in harbour-daily", "Helena Marsh in velden-courier"]
    # every quote of a finding is located once; the first is another person's version
    # than the suggested speaker's when there is one, else another spelling (Marsch)
    for result, finding in zip(run["results"], report["findings"], strict=True):
        assert result["ruleId"] == finding["rule"]
        located = [_where(loc) for loc in result["locations"]
                   + result.get("relatedLocations", [])]
        assert len(located) == max(1, len(finding["quotes"]))
        suggested = finding["suggested_speaker"]
        if suggested and finding["quotes"]:
            first = next(q for q in finding["quotes"] if located[0].startswith(
                paths[quotes[q]["document"]] + ":"))
            assert quotes[first]["speaker"] != suggested
            if any(not same_person(quotes[q]["speaker"] or "", suggested, Aliases())
                   for q in finding["quotes"]):
                assert not same_person(quotes[first]["speaker"] or "", suggested, Aliases())


SEVERITIES = ("info", "warning", "error")


def _strict_xml(data: str) -> ElementTree.Element:
    """Parsed by expat, which refuses anything not well-formed (no recovery)."""
    parser = ElementTree.XMLParser()
    parser.feed(data.encode("utf-8"))
    return parser.close()


@pytest.mark.parametrize("fail_on", ["error", "warning", "info", "never"])
def test_junit_has_one_failure_per_finding_at_or_above_fail_on(
        fail_on: str, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    report = json.loads(_run(capsys, "samples/en", "--format", "json"))
    text_lines = _run(capsys, "samples/en", "--format", "text").splitlines()
    status = main(["check", "samples/en", "--format", "junit", "--fail-on", fail_on])
    root = _strict_xml(capsys.readouterr().out)
    expected = [f for f in report["findings"] if fail_on != "never"
                and SEVERITIES.index(f["severity"]) >= SEVERITIES.index(fail_on)]
    assert status == (1 if expected else 0)  # failures are what fails the run
    (suite,) = root.findall("testsuite")
    cases = suite.findall("testcase")
    failures = [(case, failure) for case in cases for failure in case.findall("failure")]
    assert all(len(case.findall("failure")) <= 1 for case in cases)
    assert len(failures) == len(expected)
    assert int(suite.get("failures", "-1")) == int(root.get("failures", "-1")) == len(expected)
    assert int(suite.get("tests", "-1")) == len(cases)
    assert [f.get("type") for _case, f in failures] == [f["rule"] for f in expected]
    # each failure sits at the finding's own primary quote, where the text report points
    for (case, failure), finding in zip(failures, expected, strict=True):
        line = next(t for t in text_lines if t.endswith(finding["message"]) or
                    f"{finding['rule']}: {finding['message']}" in t)
        assert line.startswith(f"{case.get('file')}:{case.get('line')}")
        assert failure.get("message") == f"{finding['severity']}: {finding['message']}"
    # a document none of those findings points at is one passing test case
    failed_files = {case.get("file") for case, _failure in failures}
    passing = [case for case in cases if not case.findall("failure")]
    assert sorted(case.get("file") for case in passing) == sorted(
        d["path"] for d in report["documents"] if d["path"] not in failed_files)
    # findings below the threshold are no failure, only listed
    below = [f for f in report["findings"] if f not in expected]
    out = suite.findtext("system-out") or ""
    assert all(f"{f['severity']} {f['rule']}: {f['message']}" in out for f in below)
    assert len(out.splitlines()) == len(below)


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
