"""Report stage: the JSON report of ``../spec/report-json.md`` and the quote lines.

Field names and meanings are a contract with other tools (schema
``quotecheck.report/1``); fields may be added, never renamed or removed.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterator
from typing import Any

from quotecheck import __version__
from quotecheck.records import Cluster, DocumentResult, Finding, Quote, Report

SCHEMA = "quotecheck.report/1"


def document_json(doc: DocumentResult) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": doc.id, "path": doc.path, "source": doc.source, "lang": doc.lang,
        "status": doc.status, "error": doc.error,
    }
    if doc.line is not None:
        data["line"] = doc.line
    if doc.backend is not None and doc.status == "checked":
        data["backend"] = doc.backend
    if doc.warning:
        data["warning"] = doc.warning
    if doc.from_store:
        data["from_store"] = True
    return data


def quote_json(quote: Quote) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": quote.id, "document": quote.document, "start": quote.start, "end": quote.end,
        "text": quote.text, "kind": quote.kind, "speaker": quote.speaker,
        "speaker_mention": quote.speaker_mention, "cue": quote.cue, "lang": quote.lang,
        "speaker_kind": quote.speaker_kind,
    }
    if quote.mention_start is not None:
        data["speaker_mention_span"] = [quote.mention_start, quote.mention_end]
    if quote.cue_start is not None:
        data["cue_span"] = [quote.cue_start, quote.cue_end]
    if quote.evidence is not None and quote.speaker is not None:
        data["evidence"] = quote.evidence
    if quote.sentence_start is not None:
        data["evidence_sentence_span"] = [quote.sentence_start, quote.sentence_end]
    if quote.parts:
        data["parts"] = [list(p) for p in quote.parts]
    if not quote.closed:
        data["closed"] = False
    return data


def cluster_json(cluster: Cluster) -> dict[str, Any]:
    return {"id": cluster.id, "quotes": list(cluster.quotes)}


def finding_json(finding: Finding, quotes: dict[str, Quote] | None = None) -> dict[str, Any]:
    data: dict[str, Any] = {
        "rule": finding.rule, "severity": finding.severity, "message": finding.message,
        "quotes": list(finding.quotes), "documents": list(finding.documents),
        "speakers": list(finding.speakers), "suggested_speaker": finding.suggested_speaker,
    }
    if finding.more_quotes:
        data["more_quotes"] = finding.more_quotes  # involved, beyond the bounded list
    if quotes is not None:
        data["evidence"] = [evidence_json(quotes[q]) for q in finding.quotes if q in quotes]
    return data


def evidence_json(quote: Quote) -> dict[str, Any]:
    """Why a quote has its speaker: the mention, the cue and the sentence they stand in."""
    return {
        "quote": quote.id, "document": quote.document, "line": quote.line,
        "column": quote.column, "speaker": quote.speaker,
        "mention": quote.speaker_mention,
        "mention_span": None if quote.mention_start is None else [quote.mention_start,
                                                                  quote.mention_end],
        "cue": quote.cue,
        "cue_span": None if quote.cue_start is None else [quote.cue_start, quote.cue_end],
        "rule": quote.evidence if quote.speaker is not None else None,
        "sentence": quote.sentence,
        "sentence_span": None if quote.sentence_start is None else [quote.sentence_start,
                                                                    quote.sentence_end],
    }


def summary_json(report: Report) -> dict[str, Any]:
    stored = sum(1 for d in report.documents if d.from_store)
    checked = sum(1 for d in report.documents if d.status == "checked") - stored
    return {
        "documents": len(report.documents),
        "checked": checked,
        "skipped": len(report.documents) - checked - stored,
        **({"from_store": stored} if stored else {}),
        "quotes": len(report.quotes),
        "clusters": len(report.clusters),
        "findings": report.count_by_severity(),
    }


def _fields(report: Report) -> list[tuple[str, Any]]:
    """The report's top-level fields in order; lists as lazy maps."""
    return [
        ("schema", SCHEMA),
        ("tool", {"name": "quotecheck", "version": __version__}),
        ("documents", map(document_json, report.documents)),
        ("quotes", map(quote_json, report.quotes)),
        ("clusters", map(cluster_json, report.clusters)),
        ("findings", map(finding_json, report.findings,
                         itertools.repeat(_quotes_of(report)))),
        ("summary", summary_json(report)),
    ]


def _quotes_of(report: Report) -> dict[str, Quote]:
    """The quotes that findings name, by id."""
    named = {q for f in report.findings for q in f.quotes}
    return {q.id: q for q in report.quotes if q.id in named}


def to_json(report: Report) -> dict[str, Any]:
    return {key: list(value) if isinstance(value, map) else value
            for key, value in _fields(report)}


def dumps(report: Report) -> str:
    return "".join(chunks(report))


def chunks(report: Report) -> Iterator[str]:
    """The report as JSON text, a line at a time: one line per top-level field and
    per list item, so a large report is written without being held whole.

    Readable and diff-friendly (a quote is one line), and several times faster
    than ``indent=2``, which makes ``json`` fall back to its Python encoder.
    """
    fields = _fields(report)
    yield "{\n"
    for n, (key, value) in enumerate(fields):
        comma = "," if n < len(fields) - 1 else ""
        if isinstance(value, map):
            yield f"  {_compact(key)}: ["
            for i, item in enumerate(value):
                yield f"{',' if i else ''}\n    {_compact(item)}"
            yield f"\n  ]{comma}\n"
        else:
            yield f"  {_compact(key)}: {_compact(value)}{comma}\n"
    yield "}\n"


def _compact(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(", ", ": "))


def quote_lines(report: Report) -> str:
    """One JSON object per quote, for ``quotecheck extract``."""
    lines = [json.dumps(quote_json(q), ensure_ascii=False) for q in report.quotes]
    return "".join(line + "\n" for line in lines)
