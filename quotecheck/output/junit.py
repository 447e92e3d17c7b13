"""``--format junit``: JUnit XML for test dashboards, a test case per document."""

from __future__ import annotations

from collections.abc import Iterable

from quotecheck import ci_formats
from quotecheck.output import Settings
from quotecheck.records import Report


def emit(report: Report, settings: Settings) -> Iterable[str]:
    return [ci_formats.junit(report)]
