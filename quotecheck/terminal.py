"""Reports for people and CI logs: rich, one line per finding, GitHub annotations.

Article text never goes through rich markup: it is put in ``rich.text.Text``
objects and styled by span, so brackets in a quote stay brackets.
"""

from __future__ import annotations

import io
import os
from collections.abc import Sequence

from quotecheck.escape import log_line, visible, workflow_data, workflow_property
from quotecheck.names import Aliases, same_person
from quotecheck.records import DocumentResult, Finding, Quote, Report

WIDTH = 100
_STYLES = {"error": "bold red", "warning": "bold yellow", "info": "bold cyan"}
_GITHUB = {"error": "error", "warning": "warning", "info": "notice"}


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def summary_line(report: Report) -> str:
    counts = report.count_by_severity()
    stored = sum(1 for d in report.documents if d.from_store)
    checked = sum(1 for d in report.documents if d.status == "checked") - stored
    skipped = len(report.documents) - checked - stored
    from_store = f" (and {stored} from the store)" if stored else ""
    return (f"{_count(checked, 'document')} checked{from_store}, {skipped} skipped, "
            f"{_count(len(report.quotes), 'quote')}, "
            f"{_count(len(report.clusters), 'cluster')}, findings: {counts['error']} error, "
            f"{counts['warning']} warning, {counts['info']} info")


class _Locator:
    """Where findings point: built once per report, not once per finding."""

    def __init__(self, report: Report) -> None:
        self.documents = {d.id: d for d in report.documents}
        self.quotes = {q.id: q for q in report.quotes}
        self.names: dict[tuple[str, str], int] = {}  # (document, name) -> line
        for person in report.people:
            self.names.setdefault((person.document, person.name), person.line)

    def __call__(self, finding: Finding) -> tuple[DocumentResult | None, int, int | None]:
        """Document, line and column a finding points at: the disagreeing quote, else a name."""
        if finding.quotes:
            # point at the version that disagrees with the suggestion, if there is one
            suggested = finding.suggested_speaker
            odd = [q for q in finding.quotes if suggested and not same_person(
                self.quotes[q].speaker or "", suggested, Aliases())]
            quote = self.quotes[(odd or list(finding.quotes))[0]]
            return self.documents.get(quote.document), quote.line, quote.column
        for document in finding.documents:
            for name in finding.speakers:
                if (document, name) in self.names:
                    return self.documents.get(document), self.names[document, name], None
        first = finding.documents[0] if finding.documents else None
        return self.documents.get(first) if first else None, 1, 1


def text(report: Report) -> str:
    """One line per finding (``path:line:col: severity rule: message``), then a summary."""
    lines = []
    locate = _Locator(report)
    for finding in report.findings:
        doc, line, col = locate(finding)
        where = f"{doc.path}:{line}:{f'{col}:' if col else ''} " if doc else ""
        suggestion = (f" (suggested speaker: {finding.suggested_speaker})"
                      if finding.suggested_speaker else "")
        lines.append(f"{where}{finding.severity} {finding.rule}: {finding.message}{suggestion}")
    for doc in report.documents:
        if doc.status == "skipped":
            lines.append(f"{doc.path}: skipped: {doc.error}")
        elif doc.warning:
            lines.append(f"{_where(doc)}: read with a warning: {doc.warning}")
    lines.append(summary_line(report))
    return "".join(log_line(line) + "\n" for line in lines)


def _where(doc: DocumentResult) -> str:
    return f"{doc.path}:{doc.line}" if doc.line else doc.path


def github(report: Report) -> str:
    """GitHub Actions workflow commands, one annotation per finding."""
    lines = []
    locate = _Locator(report)
    for finding in report.findings:
        doc, line, col = locate(finding)
        props = [f"file={workflow_property(doc.path)}", f"line={line}"] if doc else []
        if doc and col:
            props.append(f"col={col}")
        props.append(f"title={workflow_property('quotecheck ' + finding.rule)}")
        lines.append(f"::{_GITHUB[finding.severity]} {','.join(props)}::"
                     f"{workflow_data(finding.message)}")
    lines.append(log_line(summary_line(report)))
    return "\n".join(lines) + "\n"


def _differing(versions: Sequence[Quote]) -> list[set[int]]:
    """For each version, indices of its words that differ from the first version."""
    from rapidfuzz.distance import Indel

    words = [[w.casefold().strip(".,;:!?\"'“”‘’") for w in v.text.split()] for v in versions]
    marked: list[set[int]] = [set() for _ in versions]
    for n in range(1, len(versions)):
        for op in Indel.opcodes(words[0], words[n]):
            if op.tag != "equal":
                marked[0].update(range(op.src_start, op.src_end))
                marked[n].update(range(op.dest_start, op.dest_end))
    return marked


def _highlighted(quote: Quote, marked: set[int]):  # type: ignore[no-untyped-def]
    """The quote as rich text, its marked words styled, controls shown as escapes."""
    from rich.text import Text

    result = Text()
    position = 0
    for index, word in enumerate(quote.text.split()):
        start = quote.text.index(word, position)
        result.append(visible(quote.text[position:start], keep_layout=True))
        result.append(visible(word), "bold magenta underline" if index in marked else None)
        position = start + len(word)
    result.append(visible(quote.text[position:], keep_layout=True))
    return result


def rich_report(report: Report, *, color: bool | None = None, width: int | None = None) -> str:
    """The terminal report: a summary, then each finding with its versions side by side."""
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    if color is None:
        color = "NO_COLOR" not in os.environ
    buffer = io.StringIO()
    console = Console(file=buffer, width=width or WIDTH, color_system="standard" if color
                      else None, force_terminal=color, no_color=not color, highlight=False,
                      emoji=False, markup=False)
    quotes = {q.id: q for q in report.quotes}
    sources = {d.id: d.source for d in report.documents}
    console.print(Text(summary_line(report), style="bold"))
    for finding in report.findings:
        console.print()
        head = Text(f"{finding.severity.upper()} ", style=_STYLES[finding.severity])
        head.append(f"{finding.rule}  ", style="bold")
        head.append(visible(finding.message))
        console.print(head)
        versions = [quotes[q] for q in finding.quotes if q in quotes]
        if versions:
            table = Table(show_lines=True, expand=True, pad_edge=False)
            table.add_column("Source", ratio=2, overflow="fold")
            table.add_column("Speaker", ratio=2, overflow="fold")
            table.add_column("Quote", ratio=6, overflow="fold")
            for quote, marked in zip(versions, _differing(versions), strict=True):
                source = Text(visible(quote.document))
                if sources.get(quote.document, quote.document) != quote.document:
                    source.append(f"\n{visible(sources[quote.document])}", style="dim")
                table.add_row(source, Text(visible(quote.speaker or "(no speaker)")),
                              _highlighted(quote, marked))
            console.print(table)
            if finding.more_quotes:
                console.print(Text(f"... and {finding.more_quotes:,} more versions "
                                   "(see the JSON report)", style="dim"))
        if finding.suggested_speaker:
            console.print(Text("Suggested speaker: ", style="bold").append(
                Text(visible(finding.suggested_speaker))))
    for doc in report.documents:
        if doc.status == "skipped":
            console.print(Text(visible(f"skipped {doc.path}: {doc.error}"), style="yellow"))
        elif doc.warning:
            console.print(Text(visible(f"read {_where(doc)} with a warning: {doc.warning}"),
                               style="yellow"))
    return buffer.getvalue()
