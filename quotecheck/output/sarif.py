"""``--format sarif``: SARIF 2.1.0 for code-scanning dashboards.

Results carry a fingerprint from the baseline key (rule, quote key, speakers),
so dashboards follow a finding across edits. A result's one location is the
finding's primary quote (the version that disagrees, from the shared Locator);
the other sources' versions are its related locations, each with its speaker.
Messages are made ``visible``; file paths are percent-encoded URIs.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from quotecheck import __version__
from quotecheck.baseline import entry
from quotecheck.escape import uri, visible
from quotecheck.findings import RULES
from quotecheck.names import Aliases
from quotecheck.output import Settings
from quotecheck.output.locate import Locator
from quotecheck.records import Finding, Quote, Report

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_LEVEL = {"error": "error", "warning": "warning", "info": "note"}


def sarif(report: Report, *, aliases: Aliases | None = None) -> str:
    quotes = {q.id: q for q in report.quotes}
    locate = Locator(report, aliases)
    rules = [{"id": r.id, "shortDescription": {"text": r.meaning},
              "defaultConfiguration": {"level": _LEVEL[r.severity]}} for r in RULES]
    results = []
    for finding in report.findings:
        result: dict[str, Any] = {
            "ruleId": finding.rule, "level": _LEVEL[finding.severity],
            "message": {"text": visible(finding.message)},
            "locations": _locations(finding, locate),
            "partialFingerprints": {"quotecheck/v1": entry(finding, quotes).fingerprint},
            "properties": {"speakers": list(finding.speakers),
                           "suggested_speaker": finding.suggested_speaker},
        }
        related = _related(finding, locate)
        if related:
            result["relatedLocations"] = related
        results.append(result)
    log = {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [{
        "tool": {"driver": {"name": "quotecheck", "version": __version__,
                            "informationUri": "https://github.com/quotecheck/quotecheck",
                            "rules": rules}},
        "results": results,
    }]}
    return json.dumps(log, ensure_ascii=False, indent=2) + "\n"


def _locations(finding: Finding, locate: Locator) -> list[dict[str, Any]]:
    """The one location a dashboard shows: the finding's primary quote, else a name."""
    quote = locate.primary(finding)
    if quote is not None:
        return [_quote_location(quote, locate)]
    doc, line, _column = locate(finding)
    return [_location(doc.path, {"startLine": line})] if doc is not None else []


def _related(finding: Finding, locate: Locator) -> list[dict[str, Any]]:
    """The finding's other quotes: each source's version, with its speaker."""
    primary = locate.primary(finding)
    others = [locate.quotes[q] for q in finding.quotes
              if q in locate.quotes and locate.quotes[q] is not primary]
    related = []
    for n, quote in enumerate(others, 1):
        location = _quote_location(quote, locate)
        location["id"] = n
        location["message"] = {"text": visible(
            f"{quote.speaker or 'no speaker'} in {quote.document}")}
        related.append(location)
    return related


def _quote_location(quote: Quote, locate: Locator) -> dict[str, Any]:
    doc = locate.documents.get(quote.document)
    region: dict[str, int] = {"startLine": quote.line}
    if quote.column:
        region["startColumn"] = quote.column
    return _location(doc.path if doc else quote.document, region)


def _location(path: str, region: dict[str, int]) -> dict[str, Any]:
    return {"physicalLocation": {"artifactLocation": {"uri": uri(path)}, "region": region}}


def emit(report: Report, settings: Settings) -> Iterable[str]:
    return [sarif(report, aliases=settings.aliases)]
