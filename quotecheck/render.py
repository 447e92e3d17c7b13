"""Render a ``Report`` in a format: kept for callers of the old entry point.

The formats live in ``quotecheck.output`` (one module each, the FORMATS registry).
"""

from __future__ import annotations

from collections.abc import Iterable

from quotecheck.output import SEVERITY_ORDER, Settings, shown
from quotecheck.output import render_chunks as _render_chunks
from quotecheck.records import Report

__all__ = ["SEVERITY_ORDER", "render", "render_chunks", "shown"]


def render(report: Report, *, fmt: str, min_severity: str = "info",
           color: bool | None = None) -> str:
    return "".join(render_chunks(report, fmt=fmt, min_severity=min_severity, color=color))


def render_chunks(report: Report, *, fmt: str, min_severity: str = "info",
                  color: bool | None = None) -> Iterable[str]:
    return _render_chunks(report, fmt, Settings(min_severity=min_severity, color=bool(color)))
