"""``--format junit``: JUnit XML for test dashboards, one failure per finding at or
above ``--fail-on``.

One test suite. Each finding at or above the ``--fail-on`` severity is a test
case with one failure, placed at the finding's primary quote (its class is that
document's path, so dashboards group failures by file); each document without
such a finding is a passing (or skipped) test case. Findings below the threshold
fail nothing: they are listed in the suite's ``system-out``. So ``failures``
equals the number of findings that make the exit status 1.

Every value passes through ``xml_text``: control characters in an id, a path or
a message cannot make the file malformed.
"""

from __future__ import annotations

from collections.abc import Iterable
from xml.etree import ElementTree

from quotecheck.escape import xml_text
from quotecheck.names import Aliases
from quotecheck.output import Settings, at_or_above
from quotecheck.output.locate import Locator
from quotecheck.records import Finding, Report


def junit(report: Report, *, fail_on: str = "error", aliases: Aliases | None = None) -> str:
    locate = Locator(report, aliases)
    suite = ElementTree.Element("testsuite", name="quotecheck")
    failed_documents: set[str] = set()
    below = []
    for finding in report.findings:
        if not at_or_above(finding.severity, fail_on):
            below.append(f"{locate.where_finding(finding)}: {finding.severity} "
                         f"{finding.rule}: {finding.message}")
            continue
        doc, _line, _column = locate(finding)
        if doc is not None:
            failed_documents.add(doc.id)
        _failure_case(suite, finding, locate)
    skipped = 0
    for doc in report.documents:
        if doc.from_store or doc.id in failed_documents:
            continue
        case = ElementTree.SubElement(suite, "testcase", classname=xml_text(doc.path),
                                      name=xml_text(doc.id), file=xml_text(doc.path))
        if doc.status == "skipped":
            skipped += 1
            ElementTree.SubElement(case, "skipped", message=xml_text(doc.error or "skipped"))
    if below:
        ElementTree.SubElement(suite, "system-out").text = _lines(below)
    failures = sum(1 for f in report.findings if at_or_above(f.severity, fail_on))
    root = ElementTree.Element("testsuites", name="quotecheck")
    for element in (root, suite):
        element.set("tests", str(len(suite.findall("testcase"))))
        element.set("failures", str(failures))
        element.set("errors", "0")
        element.set("skipped", str(skipped))
    root.append(suite)
    ElementTree.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ElementTree.tostring(
        root, encoding="unicode") + "\n"


def _failure_case(suite: ElementTree.Element, finding: Finding, locate: Locator) -> None:
    """A test case with one failure: the finding at its primary quote, with every version."""
    doc, line, _column = locate(finding)
    where = locate.where_finding(finding)
    path = doc.path if doc else ""
    case = ElementTree.SubElement(suite, "testcase", classname=xml_text(path or "quotecheck"),
                                  name=xml_text(f"{finding.rule} at {where or 'the corpus'}"),
                                  file=xml_text(path), line=str(line))
    details = [finding.message]
    if finding.suggested_speaker:
        details.append(f"suggested speaker: {finding.suggested_speaker}")
    details += [f"{locate.where(locate.quotes[q])}  {locate.quotes[q].speaker or 'no speaker'}"
                for q in finding.quotes if q in locate.quotes]
    failure = ElementTree.SubElement(case, "failure", type=xml_text(finding.rule),
                                     message=xml_text(f"{finding.severity}: {finding.message}"))
    failure.text = _lines(details)


def _lines(lines: Iterable[str]) -> str:
    """Lines of text for an element: each made well-formed, joined by real newlines."""
    return "\n".join(xml_text(line) for line in lines)


def emit(report: Report, settings: Settings) -> Iterable[str]:
    return [junit(report, fail_on=settings.fail_on, aliases=settings.aliases)]
