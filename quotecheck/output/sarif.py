"""``--format sarif``: SARIF 2.1.0 for code-scanning dashboards."""

from __future__ import annotations

from collections.abc import Iterable

from quotecheck import ci_formats
from quotecheck.output import Settings
from quotecheck.records import Report


def emit(report: Report, settings: Settings) -> Iterable[str]:
    return [ci_formats.sarif(report)]
