"""One Locator for every format: each points a finding at its primary quote, and
``--aliases`` decides which version disagrees in all of them alike."""

from __future__ import annotations

import json
import re
from xml.etree import ElementTree

import pytest

from quotecheck.names import Aliases
from quotecheck.output import FORMATS, Settings, render_chunks
from quotecheck.output.github import step_summary
from quotecheck.output.locate import Locator
from quotecheck.records import Cluster, DocumentResult, Finding, Quote, Report

TEXT = "We will open the northern pier to ferries in March and not a day later"
ALIASES = Aliases({"Nguyen Phuc Vinh Thuy": ["Bao Dai"]})


def _quote(doc: str, speaker: str, line: int, column: int) -> Quote:
    return Quote(id=f"{doc}#1", document=doc, start=0, end=len(TEXT), text=TEXT,
                 kind="statement", speaker=speaker, speaker_mention=speaker, cue="said",
                 lang="en", line=line, column=column)


@pytest.fixture(scope="module")
def report() -> Report:
    """Three versions: an alias of the suggested speaker (a), the suggested (b), another (c)."""
    documents = tuple(DocumentResult(id=d, path=f"corpus/{d}.txt", source=d, lang="en",
                                     status="checked") for d in "abc")
    quotes = (_quote("a", "Bao Dai", 3, 1), _quote("b", "Nguyen Phuc Vinh Thuy", 4, 2),
              _quote("c", "Konda", 5, 7))
    finding = Finding(rule="misattribution", severity="error",
                      message="Same quote attributed to three people",
                      quotes=tuple(q.id for q in quotes), documents=("a", "b", "c"),
                      speakers=("Bao Dai", "Konda", "Nguyen Phuc Vinh Thuy"),
                      suggested_speaker="Nguyen Phuc Vinh Thuy")
    return Report(documents, quotes, (Cluster("c1", tuple(q.id for q in quotes)),),
                  (finding,))


def test_the_primary_quote_is_the_first_disagreeing_one_aliases_considered(
        report: Report) -> None:
    (finding,) = report.findings
    assert Locator(report).where_finding(finding) == "corpus/a.txt:3:1"  # Bao Dai differs
    assert Locator(report, ALIASES).where_finding(finding) == "corpus/c.txt:5:7"  # Konda


def _where(fmt: str, output: str) -> str:
    """Where the format points the one finding, as ``path:line[:col]``."""
    if fmt == "text":
        return output.split(": error", 1)[0]
    if fmt == "github":
        found = re.search(r"file=([^,]+),line=(\d+),col=(\d+)", output)
        assert found is not None
        return ":".join(found.groups())
    if fmt == "sarif":
        location = json.loads(output)["runs"][0]["results"][0]["locations"][0]
        physical = location["physicalLocation"]
        return (f"{physical['artifactLocation']['uri']}:{physical['region']['startLine']}:"
                f"{physical['region']['startColumn']}")
    if fmt == "junit":
        (case,) = [c for c in ElementTree.fromstring(output).iter("testcase")
                   if c.find("failure") is not None]
        return f"{case.get('file')}:{case.get('line')}"
    if fmt == "html":
        found = re.search(r'<span class="where">([^<]*)</span>', output)
        assert found is not None
        return found.group(1)
    if fmt == "rich":  # the version marked as the one that differs
        block = output.split("✗ differs")[0].rsplit("\n  corpus/", 1)[1]
        return "corpus/" + block.split()[0]
    raise AssertionError(fmt)


@pytest.mark.parametrize("fmt", [f for f in FORMATS if f != "json"])
@pytest.mark.parametrize(("aliases", "expected"), [
    (None, ("corpus/a.txt:3:1", "corpus/a.txt:3")),
    (ALIASES, ("corpus/c.txt:5:7", "corpus/c.txt:5")),
])
def test_every_format_points_where_the_locator_does(report: Report, fmt: str,
                                                    aliases: Aliases | None,
                                                    expected: tuple[str, str]) -> None:
    output = "".join(render_chunks(report, fmt, Settings(aliases=aliases, width=100)))
    assert _where(fmt, output) in expected
    summary = step_summary(report, aliases=aliases)
    assert expected[1].replace(".", "&#46;").replace("/", "&#47;").replace(":", "&#58;") in summary
