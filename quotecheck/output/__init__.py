"""Output formats: one module per format, and the FORMATS registry the CLI reads.

Each format module has ``emit(report, settings) -> Iterable[str]``; modules are
imported only when their format is asked for. The JSON report always lists every
finding; the other formats show findings at or above ``settings.min_severity``.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable
from dataclasses import dataclass

from quotecheck.names import Aliases
from quotecheck.records import Report

SEVERITY_ORDER = ("info", "warning", "error")  # least severe first; the formats' one order

# format -> (module, one-line description for --help)
FORMATS: dict[str, tuple[str, str]] = {
    "rich": ("quotecheck.output.rich_report", "for people on a terminal"),
    "text": ("quotecheck.output.text", "one line per finding"),
    "json": ("quotecheck.output.json_report", "the versioned report"),
    "github": ("quotecheck.output.github", "GitHub Actions annotations"),
    "sarif": ("quotecheck.output.sarif", "SARIF 2.1.0 for code scanning"),
    "junit": ("quotecheck.output.junit", "JUnit XML, a failure per finding at or above --fail-on"),
    "html": ("quotecheck.output.html", "one self-contained page to share"),
}


@dataclass(frozen=True, slots=True)
class Settings:
    """What a format may need beyond the report."""

    min_severity: str = "info"
    fail_on: str = "error"
    color: bool = False
    width: int | None = None  # None: COLUMNS, else the terminal, else 80
    aliases: Aliases | None = None
    paths: tuple[str, ...] = ()  # the inputs, read again for document pages
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()


def at_or_above(severity: str, floor: str) -> bool:
    """``severity`` is ``floor`` or more severe (``never`` is above every severity)."""
    return floor != "never" and SEVERITY_ORDER.index(severity) >= SEVERITY_ORDER.index(floor)


def shown(report: Report, min_severity: str) -> Report:
    """The report with findings below ``min_severity`` left out."""
    findings = tuple(f for f in report.findings if at_or_above(f.severity, min_severity))
    return Report(report.documents, report.quotes, report.clusters, findings, report.people)


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def summary_line(report: Report) -> str:
    """``5 documents checked, 0 skipped, 37 quotes, 4 clusters, findings: ...``."""
    counts = report.count_by_severity()
    stored = sum(1 for d in report.documents if d.from_store)
    checked = sum(1 for d in report.documents if d.status == "checked") - stored
    skipped = len(report.documents) - checked - stored
    from_store = f" (and {stored} from the store)" if stored else ""
    return (f"{_count(checked, 'document')} checked{from_store}, {skipped} skipped, "
            f"{_count(len(report.quotes), 'quote')}, "
            f"{_count(len(report.clusters), 'cluster')}, findings: {counts['error']} error, "
            f"{counts['warning']} warning, {counts['info']} info")


def render_chunks(report: Report, fmt: str, settings: Settings | None = None) -> Iterable[str]:
    """The report in format ``fmt``, in pieces (a large JSON report is streamed)."""
    settings = settings or Settings()
    module = importlib.import_module(FORMATS[fmt][0])
    visible = report if fmt == "json" else shown(report, settings.min_severity)
    return module.emit(visible, settings)  # type: ignore[no-any-return]
