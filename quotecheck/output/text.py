"""``--format text``: one line per finding, ``path:line:col: severity rule: message``.

Every line goes through ``log_line``: no control character, terminal escape or
CI workflow command from the corpus reaches the log.
"""

from __future__ import annotations

from collections.abc import Iterable

from quotecheck.escape import log_line
from quotecheck.names import Aliases
from quotecheck.output import Settings, summary_line
from quotecheck.output.locate import Locator
from quotecheck.records import Report


def text(report: Report, *, aliases: Aliases | None = None) -> str:
    """One line per finding at its primary quote, skipped documents, then the summary."""
    locate = Locator(report, aliases)
    lines = []
    for finding in report.findings:
        where = locate.where_finding(finding)
        suggestion = (f" (suggested speaker: {finding.suggested_speaker})"
                      if finding.suggested_speaker else "")
        lines.append(f"{f'{where}: ' if where else ''}{finding.severity} {finding.rule}: "
                     f"{finding.message}{suggestion}")
    for doc in report.documents:
        if doc.status == "skipped":
            lines.append(f"{doc.path}: skipped: {doc.error}")
        elif doc.warning:
            where = f"{doc.path}:{doc.line}" if doc.line else doc.path
            lines.append(f"{where}: read with a warning: {doc.warning}")
    lines.append(summary_line(report))
    return "".join(log_line(line) + "\n" for line in lines)


def emit(report: Report, settings: Settings) -> Iterable[str]:
    return [text(report, aliases=settings.aliases)]
