"""``--format json``: the versioned report of ``../shared/spec/report-json.md``, streamed."""

from __future__ import annotations

from collections.abc import Iterable

from quotecheck import report as json_report
from quotecheck.output import Settings
from quotecheck.records import Report


def emit(report: Report, settings: Settings) -> Iterable[str]:
    return json_report.chunks(report)
