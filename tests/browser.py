"""Headless Chromium from the distribution's package, driven by Playwright for Python.

No browser is ever downloaded (no ``playwright install``): the tests use
/usr/bin/chromium, which ``.ci/run`` installs where missing. Without it the
browser tests skip with the reason, except in CI (``CI=true``), where a missing
browser is a failure.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = os.environ.get("QUOTECHECK_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
ARTIFACTS = Path(__file__).parent / "artifacts"
TIMEOUT_MS = 30_000


def _missing() -> str | None:
    if not Path(CHROMIUM).is_file() and not shutil.which("chromium"):
        return f"no chromium at {CHROMIUM} (apt-get install chromium)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "playwright is not installed (pip install -e '.[test]')"
    return None


@pytest.fixture(scope="module")
def browser_context() -> Iterator[Any]:
    reason = _missing()
    if reason is not None:
        if os.environ.get("CI", "").lower() in ("true", "1"):
            pytest.fail(f"browser tests cannot run in CI: {reason}")
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright, tempfile.TemporaryDirectory() as profile:
        context = launch(playwright, profile)
        try:
            yield context
        finally:
            context.close()


def launch(playwright: Any, profile: str) -> Any:
    """The distribution's Chromium in a fresh profile, 1280x900, with the tests' arguments."""
    executable = CHROMIUM if Path(CHROMIUM).is_file() else shutil.which("chromium")
    context = playwright.chromium.launch_persistent_context(
        profile, executable_path=executable, args=ARGS, headless=True,
        viewport={"width": 1280, "height": 900}, timeout=TIMEOUT_MS)
    context.set_default_timeout(TIMEOUT_MS)
    return context


def scroll_to_end(page: Any, limit: int = 5_000) -> int:
    """Scroll down a viewport at a time, as a reader would, until the page ends.

    Returns the number of steps; fails when the end is not reached in ``limit``.
    """
    for step in range(1, limit + 1):
        at_end = page.evaluate(
            "() => { window.scrollBy(0, window.innerHeight);"
            " const root = document.documentElement;"
            " return Math.ceil(window.scrollY + window.innerHeight) >= root.scrollHeight; }")
        if at_end:
            return step
    raise AssertionError(f"the page did not end after {limit} screens")
