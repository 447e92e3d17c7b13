"""Render a ``Report`` in the format asked for: json, text, github or rich."""

from __future__ import annotations

from collections.abc import Iterable

from quotecheck.records import Report

SEVERITY_ORDER = ("info", "warning", "error")


def shown(report: Report, min_severity: str) -> Report:
    """The report with findings below ``min_severity`` left out (JSON keeps all)."""
    floor = SEVERITY_ORDER.index(min_severity)
    findings = tuple(f for f in report.findings if SEVERITY_ORDER.index(f.severity) >= floor)
    return Report(report.documents, report.quotes, report.clusters, findings, report.people)


def render(report: Report, *, fmt: str, min_severity: str = "info",
           color: bool | None = None) -> str:
    return "".join(render_chunks(report, fmt=fmt, min_severity=min_severity, color=color))


def render_chunks(report: Report, *, fmt: str, min_severity: str = "info",
                  color: bool | None = None) -> Iterable[str]:
    """The rendered report in pieces, so a large JSON report is streamed."""
    if fmt == "json":
        from quotecheck.report import chunks

        return chunks(report)
    return [_render_for_people(report, fmt, min_severity, color)]


def _render_for_people(report: Report, fmt: str, min_severity: str,
                       color: bool | None) -> str:
    visible = shown(report, min_severity)
    if fmt in ("sarif", "junit"):
        from quotecheck import ci_formats

        return ci_formats.sarif(visible) if fmt == "sarif" else ci_formats.junit(visible)
    if fmt == "github":
        from quotecheck.terminal import github

        return github(visible)
    if fmt == "rich":
        from quotecheck.terminal import rich_report

        return rich_report(visible, color=color)
    from quotecheck.terminal import text

    return text(visible)
