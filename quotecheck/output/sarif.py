"""``--format sarif``: SARIF 2.1.0 for code-scanning dashboards.

Results carry a fingerprint from the baseline key (rule, quote key, speakers),
so dashboards follow a finding across edits; each quote of a finding is a
location with its file, line and column. JSON does the escaping; file paths
are percent-encoded URIs.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from quotecheck import __version__
from quotecheck.baseline import entry
from quotecheck.escape import uri
from quotecheck.findings import RULES
from quotecheck.names import Aliases
from quotecheck.output import Settings
from quotecheck.output.locate import Locator
from quotecheck.records import Report

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_LEVEL = {"error": "error", "warning": "warning", "info": "note"}


def sarif(report: Report, *, aliases: Aliases | None = None) -> str:
    quotes = {q.id: q for q in report.quotes}
    documents = {d.id: d for d in report.documents}
    locate = Locator(report, aliases)
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


def emit(report: Report, settings: Settings) -> Iterable[str]:
    return [sarif(report, aliases=settings.aliases)]
