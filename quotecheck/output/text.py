"""``--format text``: one line per finding, ``path:line:col: severity rule: message``."""

from __future__ import annotations

from collections.abc import Iterable

from quotecheck import terminal
from quotecheck.output import Settings
from quotecheck.records import Report


def emit(report: Report, settings: Settings) -> Iterable[str]:
    return [terminal.text(report)]
