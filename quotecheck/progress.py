"""Progress of a run, for people watching a terminal: documents, quotes, phase.

The pipeline reports to a ``Progress``; the CLI picks ``RichProgress`` when
stderr is a terminal (and not in CI), else ``Progress`` itself, which does
nothing. The bar appears only once a run has lasted ``DELAY`` seconds, so short
checks print nothing extra; it is drawn on stderr and removed when done.
"""

from __future__ import annotations

import sys
import time
from types import TracebackType
from typing import Any

DELAY = 1.0  # seconds before a bar is worth showing


class Progress:
    """Silent progress: the interface, and what non-interactive runs use."""

    def __enter__(self) -> Progress:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

    def documents(self, count: int, quotes: int) -> None:
        """``count`` more documents read and checked, with ``quotes`` quotes."""

    def phase(self, name: str) -> None:
        """A corpus-wide phase begins ("matching", "findings")."""

    def close(self) -> None:
        """Remove whatever was drawn."""


class RichProgress(Progress):
    """A transient rich bar on stderr, started after ``DELAY`` seconds."""

    def __init__(self, delay: float = DELAY) -> None:
        self.started = time.monotonic()
        self.delay = delay
        self.docs = 0
        self.quotes = 0
        self.bar: Any = None
        self.task: Any = None

    def _show(self) -> bool:
        if self.bar is None and time.monotonic() - self.started >= self.delay:
            from rich.console import Console
            from rich.progress import Progress as Bar
            from rich.progress import SpinnerColumn, TextColumn, TimeElapsedColumn

            self.bar = Bar(SpinnerColumn(), TextColumn("{task.description}"),
                           TimeElapsedColumn(), console=Console(file=sys.stderr),
                           transient=True)
            self.task = self.bar.add_task("reading")
            self.bar.start()
        return self.bar is not None

    def documents(self, count: int, quotes: int) -> None:
        self.docs += count
        self.quotes += quotes
        if self._show():
            self.bar.update(self.task, description=f"checking: {self.docs:,} documents, "
                            f"{self.quotes:,} quotes")

    def phase(self, name: str) -> None:
        if self._show():
            self.bar.update(self.task, description=f"{name}: {self.docs:,} documents, "
                            f"{self.quotes:,} quotes")

    def close(self) -> None:
        if self.bar is not None:
            self.bar.stop()
            self.bar = None


class Timings(Progress):
    """Passes everything on to ``inner`` and times each phase (``--timings``)."""

    def __init__(self, inner: Progress) -> None:
        self.inner = inner
        self.clock = time.perf_counter()
        self.current = "checking"
        self.seconds: dict[str, float] = {}
        self.docs = 0
        self.quotes = 0

    def _lap(self, name: str) -> None:
        now = time.perf_counter()
        self.seconds[self.current] = self.seconds.get(self.current, 0.0) + now - self.clock
        self.current, self.clock = name, now

    def documents(self, count: int, quotes: int) -> None:
        self.docs += count
        self.quotes += quotes
        self.inner.documents(count, quotes)

    def phase(self, name: str) -> None:
        self._lap(name)
        self.inner.phase(name)

    def close(self) -> None:
        self._lap("report")
        self.inner.close()

    def summary(self) -> str:
        """One line: seconds per phase, with the counts that explain them."""
        parts = [f"{name} {seconds:.2f} s" for name, seconds in self.seconds.items()]
        return (f"timings: {', '.join(parts)}; {self.docs:,} documents, "
                f"{self.quotes:,} quotes")
