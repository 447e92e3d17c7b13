"""``--format github``: GitHub Actions workflow commands, one annotation per finding,
and the Markdown step summary (``$GITHUB_STEP_SUMMARY``) that lists every finding,
since GitHub shows at most 50 annotations per job.

Annotation values go through ``workflow_data``/``workflow_property`` and summary
cells through ``markdown_cell``: an id or file name cannot forge a workflow
command, a link, an image or a table cell.
"""

from __future__ import annotations

from collections.abc import Iterable

from quotecheck.escape import log_line, markdown_cell, workflow_data, workflow_property
from quotecheck.names import Aliases
from quotecheck.output import Settings, summary_line
from quotecheck.output.locate import Locator
from quotecheck.records import Report

ANNOTATION_LIMIT = 50  # GitHub shows at most this many annotations per job
SUMMARY_LIMIT = 900_000  # bytes; GitHub refuses a step summary over 1 MiB
_COMMAND = {"error": "error", "warning": "warning", "info": "notice"}


def github(report: Report, *, aliases: Aliases | None = None) -> str:
    """One annotation per finding, at its primary quote, then the summary line."""
    lines = []
    locate = Locator(report, aliases)
    for finding in report.findings:
        doc, line, col = locate(finding)
        props = [f"file={workflow_property(doc.path)}", f"line={line}"] if doc else []
        if doc and col:
            props.append(f"col={col}")
        props.append(f"title={workflow_property('quotecheck ' + finding.rule)}")
        lines.append(f"::{_COMMAND[finding.severity]} {','.join(props)}::"
                     f"{workflow_data(finding.message)}")
    lines.append(log_line(summary_line(report)))
    return "\n".join(lines) + "\n"


def step_summary(report: Report, limit: int = SUMMARY_LIMIT, *,
                 aliases: Aliases | None = None) -> str:
    """Markdown for $GITHUB_STEP_SUMMARY: every finding, every value escaped for
    Markdown and HTML, at most ``limit`` bytes: what does not fit is counted in a
    last "N more findings" line."""
    locate = Locator(report, aliases)
    lines = ["## quotecheck", "", markdown_cell(summary_line(report)), ""]
    if report.findings:
        if len(report.findings) > ANNOTATION_LIMIT:
            lines += [f"GitHub shows the first {ANNOTATION_LIMIT} annotations; the "
                      f"{len(report.findings)} findings are listed here.", ""]
        lines += ["| severity | rule | where | message |", "|---|---|---|---|"]
    size = sum(len(line.encode()) + 1 for line in lines) + 100  # room for the last line
    for count, finding in enumerate(report.findings):
        doc, line, _column = locate(finding)
        where = markdown_cell(f"{doc.path}:{line}") if doc else ""
        row = (f"| {finding.severity} | {markdown_cell(finding.rule)} | {where} | "
               f"{markdown_cell(finding.message)} |")
        size += len(row.encode()) + 1
        if size > limit:
            rest = len(report.findings) - count
            lines += ["", f"{rest} more finding{'s' if rest > 1 else ''} not shown: the "
                      "summary is limited to 1 MB; see the report."]
            break
        lines.append(row)
    return "\n".join(lines) + "\n"


def emit(report: Report, settings: Settings) -> Iterable[str]:
    return [github(report, aliases=settings.aliases)]
