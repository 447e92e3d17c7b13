"""``--format jsonl-dir DIR``: the report written one file per partition.

For corpora whose quotes do not fit one process: each partition's lines are
rendered by the worker holding it, and the client writes them, one partition
at a time and in input order, to ``DIR/part-NNNNN.jsonl`` (its documents and
quotes, one JSON object a line, each with a ``type`` field), then
``DIR/clusters.jsonl``, ``DIR/findings.jsonl`` and ``DIR/summary.json``. The
objects are those of the JSON report (``../spec/report-json.md``).
"""

from __future__ import annotations

import json
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from distributed import Client, Future

from quotecheck.distributed import engine
from quotecheck.distributed.extract import Part
from quotecheck.records import DocumentResult, Report
from quotecheck.report import SCHEMA, cluster_json, document_json, finding_json, quote_json

AHEAD = 4  # partitions rendered ahead of the one being written


@dataclass(frozen=True)
class Rendered:
    """One partition's file, and what the summary and the exit status need of it."""

    number: int
    text: str
    noted: list[DocumentResult]  # skipped, or read with a warning
    documents: int
    checked: int
    quotes: int


def render(part: Part) -> Rendered:
    """The JSON Lines of one partition (on the worker that holds it)."""
    rows = [{"type": "document", **document_json(d)} for d in part.results]
    rows += [{"type": "quote", **quote_json(q)} for q in part.quotes]
    return Rendered(part.number, "".join(map(_line, rows)),
                    [d for d in part.results if d.status == "skipped" or d.warning],
                    len(part.results), sum(d.status == "checked" for d in part.results),
                    len(part.quotes))


def rendered(client: Client, parts: list[Future]) -> Iterator[Rendered]:
    """The partitions rendered, in input order, with ``AHEAD`` more under way."""
    window: deque[Future] = deque()
    for part in parts:
        window.append(client.submit(render, part, pure=False))
        if len(window) > AHEAD:
            yield window.popleft().result()
    while window:
        yield window.popleft().result()


def write_dir(client: Client, outcome: engine.Outcome, directory: Path,
              finish: Callable[[Report], Report] = lambda r: r) -> Report:
    """Write the report into ``directory``; returns it without quotes or
    clusters, with only the documents that were skipped or warned about (what
    the exit status and the messages on stderr need). ``finish`` applies rule
    settings to findings. The clusters are written as they are read, one
    partition at a time."""
    directory.mkdir(parents=True, exist_ok=True)
    noted: list[DocumentResult] = []
    totals = {"documents": 0, "checked": 0, "quotes": 0}
    for part in rendered(client, outcome.parts):
        (directory / f"part-{part.number:05d}.jsonl").write_text(part.text, "utf-8")
        noted.extend(part.noted)
        totals["documents"] += part.documents
        totals["checked"] += part.checked
        totals["quotes"] += part.quotes
    clusters = _lines(directory / "clusters.jsonl", map(cluster_json, outcome.clusters))
    report = finish(Report(tuple(noted), (), (), tuple(outcome.findings)))
    _lines(directory / "findings.jsonl", map(finding_json, report.findings))
    summary = {"schema": SCHEMA, **totals, "skipped": totals["documents"] - totals["checked"],
               "clusters": clusters, "findings": report.count_by_severity()}
    (directory / "summary.json").write_text(json.dumps(summary, indent=1) + "\n", "utf-8")
    return report


def _line(row: dict[str, Any]) -> str:
    return json.dumps(row, ensure_ascii=False) + "\n"


def _lines(path: Path, rows: Iterable[dict[str, Any]]) -> int:
    """Write ``rows`` as JSON Lines; returns how many."""
    count = 0
    with path.open("w", encoding="utf-8") as handle:
        for row in rows:
            handle.write(_line(row))
            count += 1
    return count


