"""Reports for CI systems: SARIF 2.1.0, JUnit XML and a GitHub step summary.

SARIF results carry a fingerprint from the baseline key (rule, quote key,
speakers), so code-scanning dashboards follow a finding across edits; each
quote of a finding is a location with its file, line and column.
"""

from __future__ import annotations

import json
from typing import Any
from xml.etree import ElementTree

from quotecheck import __version__
from quotecheck.baseline import entry
from quotecheck.escape import markdown_cell, uri, xml_text
from quotecheck.findings import RULES
from quotecheck.records import Finding, Report
from quotecheck.terminal import _Locator, summary_line

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_LEVEL = {"error": "error", "warning": "warning", "info": "note"}
ANNOTATION_LIMIT = 50  # GitHub shows at most this many annotations per job


def sarif(report: Report) -> str:
    quotes = {q.id: q for q in report.quotes}
    documents = {d.id: d for d in report.documents}
    locate = _Locator(report)
    rules = [{"id": r.id, "shortDescription": {"text": r.meaning},
              "defaultConfiguration": {"level": _LEVEL[r.severity]}} for r in RULES]
    results = []
    for finding in report.findings:
        locations = []
        for quote_id in finding.quotes:
            quote = quotes[quote_id]
            region: dict[str, int] = {"startLine": quote.line}
            if quote.column:
                region["startColumn"] = quote.column
            locations.append(_location(documents[quote.document].path, region))
        if not locations:
            doc, line, _column = locate(finding)
            if doc is not None:
                locations.append(_location(doc.path, {"startLine": line}))
        results.append({
            "ruleId": finding.rule, "level": _LEVEL[finding.severity],
            "message": {"text": finding.message}, "locations": locations,
            "partialFingerprints": {"quotecheck/v1": entry(finding, quotes).fingerprint},
            "properties": {"speakers": list(finding.speakers),
                           "suggested_speaker": finding.suggested_speaker},
        })
    log = {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [{
        "tool": {"driver": {"name": "quotecheck", "version": __version__,
                            "informationUri": "https://github.com/quotecheck/quotecheck",
                            "rules": rules}},
        "results": results,
    }]}
    return json.dumps(log, ensure_ascii=False, indent=2) + "\n"


def _location(path: str, region: dict[str, int]) -> dict[str, Any]:
    return {"physicalLocation": {"artifactLocation": {"uri": uri(path)}, "region": region}}


def junit(report: Report) -> str:
    """One test case per document; a failure per finding that involves it.

    Every value passes through ``xml_text``: control characters in an id, a
    path or a message cannot make the file malformed.
    """
    by_document: dict[str, list[Finding]] = {}
    for finding in report.findings:
        for document in finding.documents:
            by_document.setdefault(document, []).append(finding)
    checked = [d for d in report.documents if not d.from_store]
    suite = ElementTree.Element("testsuite", name="quotecheck", tests=str(len(checked)))
    failures = skipped = 0
    for doc in checked:
        case = ElementTree.SubElement(suite, "testcase", classname="quotecheck",
                                      name=xml_text(doc.id), file=xml_text(doc.path))
        if doc.status == "skipped":
            skipped += 1
            ElementTree.SubElement(case, "skipped", message=xml_text(doc.error or "skipped"))
        for finding in by_document.get(doc.id, []):
            failures += 1
            failure = ElementTree.SubElement(
                case, "failure", type=xml_text(finding.rule),
                message=xml_text(f"{finding.severity}: {finding.message}"))
            failure.text = xml_text(finding.message)
    suite.set("failures", str(failures))
    suite.set("skipped", str(skipped))
    root = ElementTree.Element("testsuites")
    root.append(suite)
    ElementTree.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ElementTree.tostring(
        root, encoding="unicode") + "\n"


SUMMARY_LIMIT = 900_000  # bytes; GitHub refuses a step summary over 1 MiB


def step_summary(report: Report, limit: int = SUMMARY_LIMIT) -> str:
    """Markdown for $GITHUB_STEP_SUMMARY: the findings beyond the annotation limit,
    every value escaped for Markdown and HTML, at most ``limit`` bytes: what does
    not fit is counted in a last "N more findings" line."""
    locate = _Locator(report)
    lines = ["## quotecheck", "", markdown_cell(summary_line(report)), ""]
    if report.findings:
        if len(report.findings) > ANNOTATION_LIMIT:
            lines += [f"GitHub shows the first {ANNOTATION_LIMIT} annotations; the "
                      f"{len(report.findings)} findings are listed here.", ""]
        lines += ["| severity | rule | where | message |", "|---|---|---|---|"]
    size = sum(len(line.encode()) + 1 for line in lines) + 100  # room for the last line
    for shown, finding in enumerate(report.findings):
        doc, line, _column = locate(finding)
        where = markdown_cell(f"{doc.path}:{line}") if doc else ""
        row = (f"| {finding.severity} | {markdown_cell(finding.rule)} | {where} | "
               f"{markdown_cell(finding.message)} |")
        size += len(row.encode()) + 1
        if size > limit:
            rest = len(report.findings) - shown
            lines += ["", f"{rest} more finding{'s' if rest > 1 else ''} not shown: the "
                      "summary is limited to 1 MB; see the report."]
            break
        lines.append(row)
    return "\n".join(lines) + "\n"
