"""``--format jsonl-dir DIR``: the report written one file per partition.

For corpora whose quotes do not fit one process: the client reads back one
partition at a time and writes ``DIR/part-NNNNN.jsonl`` (its documents and
quotes, one JSON object a line, each with a ``type`` field), then
``DIR/clusters.jsonl``, ``DIR/findings.jsonl`` and ``DIR/summary.json``. The
objects are those of the JSON report (``../spec/report-json.md``).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from quotecheck.distributed import engine
from quotecheck.records import DocumentResult, Report
from quotecheck.report import SCHEMA, cluster_json, document_json, finding_json, quote_json


def write_dir(outcome: engine.Outcome, directory: Path,
              finish: Callable[[Report], Report] = lambda r: r) -> Report:
    """Write the report into ``directory``; returns it without quotes, with only
    the documents that were skipped or warned about (what the exit status and
    the messages on stderr need). ``finish`` applies rule settings to findings."""
    directory.mkdir(parents=True, exist_ok=True)
    noted: list[DocumentResult] = []
    totals = {"documents": 0, "checked": 0, "quotes": 0}
    for part in engine.stream_parts(outcome.parts):
        rows = [{"type": "document", **document_json(d)} for d in part.results]
        rows += [{"type": "quote", **quote_json(q)} for q in part.quotes]
        _lines(directory / f"part-{part.number:05d}.jsonl", rows)
        noted.extend(d for d in part.results if d.status == "skipped" or d.warning)
        totals["documents"] += len(part.results)
        totals["checked"] += sum(d.status == "checked" for d in part.results)
        totals["quotes"] += len(part.quotes)
    report = finish(Report(tuple(noted), (), tuple(outcome.clusters),
                           tuple(outcome.findings)))
    _lines(directory / "clusters.jsonl", map(cluster_json, report.clusters))
    _lines(directory / "findings.jsonl", map(finding_json, report.findings))
    summary = {"schema": SCHEMA, **totals, "skipped": totals["documents"] - totals["checked"],
               "clusters": len(report.clusters), "findings": report.count_by_severity()}
    (directory / "summary.json").write_text(json.dumps(summary, indent=1) + "\n", "utf-8")
    return report


def _lines(path: Path, rows: Iterable[dict[str, Any]]) -> None:
    with path.open("w", encoding="utf-8") as handle:
        for row in rows:
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")


