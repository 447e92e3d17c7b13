"""``--format junit``: JUnit XML for test dashboards, a test case per document.

Every value passes through ``xml_text``: control characters in an id, a path or
a message cannot make the file malformed.
"""

from __future__ import annotations

from collections.abc import Iterable
from xml.etree import ElementTree

from quotecheck.escape import xml_text
from quotecheck.output import Settings
from quotecheck.records import Finding, Report


def junit(report: Report) -> str:
    """One test case per document; a failure per finding that involves it."""
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


def emit(report: Report, settings: Settings) -> Iterable[str]:
    return [junit(report)]
