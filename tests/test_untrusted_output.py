"""Untrusted corpora must never forge what CI or a terminal shows (issue 12, items 6-9)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import pytest

import quotecheck
from quotecheck.cli import main
from quotecheck.output import summary_line
from quotecheck.output.github import github, step_summary
from quotecheck.output.junit import junit
from quotecheck.output.rich_report import rich_report
from quotecheck.output.sarif import sarif
from quotecheck.output.text import text
from quotecheck.records import Report

OSC52 = "\x1b]52;c;cm0gLXJmIH4=\x07"
OSC8 = "\x1b]8;;https://evil.example\x1b\\here\x1b]8;;\x1b\\"
QUOTE = "The northern pier will reopen to ferries in March, and not a day later"
HOSTILE_ID = "a\n::add-mask::secret\r::error file=x::forged"
HOSTILE_TEXT = (f"Harbour Minister Helena Marsh said: “{QUOTE}, {OSC52}{OSC8}\x1b[8mhidden"
                "\x1b[2J \u202eevil.”\n")


def _corpus(root: Path) -> Path:
    """Two sources giving one quote to two people (a misattribution), with hostile ids,
    a hostile file name and control characters in the quote."""
    root.mkdir(parents=True, exist_ok=True)
    records = [{"id": HOSTILE_ID, "text": HOSTILE_TEXT},
               {"id": "[link](https://evil.example) <img src=x> # H \\| b",
                "text": f"Tomas Okafor said: “{QUOTE}.”\n"}]
    (root / "r.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records),
                                  encoding="utf-8")
    (root / "x\n::warning::named.txt").write_text(f"Okafor said: “{QUOTE}.”\n",
                                                  encoding="utf-8")
    (root / "bad\n::error::skip.jsonl").write_text("{nope\n", encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Report:
    found = quotecheck.check([_corpus(tmp_path_factory.mktemp("out") / "c")])
    assert any(f.rule == "misattribution" for f in found.findings)
    return found


def _commands(output: str) -> list[str]:
    """Lines a GitHub runner would read as workflow commands."""
    lines = re.split("\r\n|\r|\n", output)
    return [line for line in lines if line.lstrip().startswith("::") or "##[" in line]


def test_text_report_forges_no_workflow_command(report: Report) -> None:
    output = text(report)
    assert _commands(output) == []
    assert "\r" not in output
    assert "\x1b" not in output
    assert "\\n::add-mask::secret\\r" in output  # shown, as an escape


def test_github_annotations_are_the_only_commands(report: Report) -> None:
    output = github(report)
    commands = _commands(output)
    assert commands == [line for line in output.splitlines() if line.startswith("::")]
    assert all(re.match(r"::(error|warning|notice) file=", c) for c in commands)
    assert not any("add-mask" in c.split("::")[1] for c in commands)
    assert "\r" not in output
    assert "\x1b" not in output


def test_stderr_forges_no_workflow_command(tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    for fmt in ("json", "text", "github", "sarif", "junit"):
        assert main(["check", str(_corpus(tmp_path)), "--format", fmt]) == 2
        captured = capsys.readouterr()
        assert _commands(captured.err) == [], fmt
        assert "\x1b" not in captured.err
        assert "skipped" in captured.err
        if fmt == "text":
            assert _commands(captured.out) == []


@pytest.mark.parametrize("color", [False, True])
def test_rich_report_shows_controls_as_escapes(report: Report, color: bool) -> None:
    output = rich_report(report, color=color, width=120, summary=summary_line(report))
    assert "\x1b]" not in output  # no OSC: clipboard, hyperlinks, titles
    assert "\x1b[8m" not in output
    assert "\x1b[2J" not in output
    assert "\u202e" not in output
    assert "\x07" not in output
    if not color:
        assert "\x1b" not in output
    assert "\\x1b]52;c;" in output.replace("\n", "").replace("│", "").replace(" ", "")


def test_step_summary_renders_no_link_image_html_or_heading(report: Report) -> None:
    summary = step_summary(report)
    rows = [line for line in summary.splitlines() if line.startswith("| ")]
    assert all(row.count("|") == 5 for row in rows)  # no cell split, no row ended early
    assert "\r" not in summary
    body = "\n".join(rows[1:])
    for forbidden in ("[link]", "](", "<img", "https://", "\\|", "\n#"):
        assert forbidden not in body
    assert "&#91;link&#93;" in body


def _many(report: Report, copies: int) -> Report:
    finding = report.findings[0]
    return Report(report.documents, report.quotes, report.clusters,
                  (finding,) * copies, report.people)


def test_step_summary_is_capped_with_a_count_of_the_rest(report: Report) -> None:
    summary = step_summary(_many(report, 20_000))
    assert len(summary.encode()) <= 1024 * 1024
    match = re.search(r"(\d+) more findings not shown", summary)
    assert match is not None
    shown = sum(1 for line in summary.splitlines() if line.startswith(("| error", "| warn",
                                                                         "| info")))
    assert shown + int(match.group(1)) == 20_000


def test_junit_is_well_formed_whatever_the_ids(report: Report) -> None:
    root = ElementTree.fromstring(junit(report, fail_on="info").encode())  # strict parser
    values = [v for e in root.iter() for v in (*e.attrib.values(), e.text or "")]
    assert any("\\n::add-mask::secret" in value for value in values)  # shown, as an escape
    assert not any(c in value for value in values for c in "\x1b\r\u202e")
    assert list(root.iter("failure"))


def test_sarif_uri_is_percent_encoded(report: Report) -> None:
    log: dict[str, Any] = json.loads(sarif(report))
    uris = [loc["physicalLocation"]["artifactLocation"]["uri"]
            for result in log["runs"][0]["results"] for loc in result["locations"]]
    assert uris
    for uri in uris:
        assert re.fullmatch(r"[A-Za-z0-9\-._~/%!$&'()*+,;=@]+", uri), uri
    assert any(uri.endswith("/x%0A%3A%3Awarning%3A%3Anamed.txt") for uri in uris)
