"""quotecheck: find quotes in news, attribute them, flag attribution errors across sources.

Library first: ``quotecheck.check(paths) -> Report``; the ``quotecheck`` command
renders that report for people (rich) or for machines (JSON, CI formats).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"
__all__ = ["Options", "Report", "__version__", "check"]

if TYPE_CHECKING:
    from quotecheck.pipeline import Options, check
    from quotecheck.records import Report


def __getattr__(name: str) -> Any:
    # Imported lazily so that `quotecheck --help` stays fast.
    if name in ("check", "Options"):
        from quotecheck import pipeline

        return getattr(pipeline, name)
    if name == "Report":
        from quotecheck.records import Report

        return Report
    raise AttributeError(name)
