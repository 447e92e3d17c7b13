"""The HTML report of a large synthetic corpus: size, time, and a real browser on it.

    python -m benchmarks.bench_html [--articles 10000] [--seed 1] [--jobs 2]

Generates the corpus (``benchmarks/synth.py``) in a temporary folder, writes its
HTML report with ``quotecheck check synth.jsonl --format html -o report.html``,
run in that folder as a separate process (wall seconds, peak RSS of the largest
process; the size is that of the README's ``synth.jsonl``), then opens the page in the
distribution's Chromium as the browser tests do (``tests/browser.py``): it
counts open cards and collapsed groups, scrolls to the end a screen at a time,
and fails on any console error, dialog or request. The suite runs the same
checks on 3,000 articles (``tests/test_html_browser.py``); checking 10,000
takes about a minute on 2 shared cores, too long for it.
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks import synth
from quotecheck.output.html import PAGE_SIZE
from tests.browser import launch, scroll_to_end


def write_report(folder: Path, articles: int, seed: int, jobs: int) -> dict[str, Any]:
    corpus = folder / "synth.jsonl"
    synth.write(corpus, articles, seed)
    out = folder / "report.html"
    started = time.perf_counter()
    # run in the folder, so the paths in the page (and its size) do not depend on it
    subprocess.run([sys.executable, "-m", "quotecheck", "check", corpus.name, "--format",
                    "html", "-o", out.name, "--fail-on", "never", "-j", str(jobs)],
                   check=True, cwd=folder)
    return {"path": out, "seconds": time.perf_counter() - started, "bytes": out.stat().st_size,
            "peak_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}


def browse(url: str, profile: str) -> dict[str, Any]:
    from playwright.sync_api import sync_playwright

    problems: list[str] = []
    with sync_playwright() as playwright:
        context = launch(playwright, profile)
        page = context.new_page()
        page.on("console", lambda m: m.type == "error" and problems.append(m.text))
        page.on("pageerror", lambda e: problems.append(str(e)))
        page.on("dialog", lambda d: (problems.append(f"dialog {d.message}"), d.dismiss()))
        page.on("request", lambda r: r.url.split("#")[0] != url and problems.append(r.url))
        started = time.perf_counter()
        page.goto(url)
        loaded = time.perf_counter() - started
        result = {"load_s": loaded, "cards": page.locator("article.card").count(),
                  "open": page.locator("article.card:visible").count(),
                  "groups": page.locator("details.more").count()}
        started = time.perf_counter()
        result["screens"] = scroll_to_end(page)
        result["scroll_s"] = time.perf_counter() - started
        context.close()
    result["problems"] = problems
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder, tempfile.TemporaryDirectory() as profile:
        written = write_report(Path(folder), args.articles, args.seed, args.jobs)
        seen = browse(written["path"].as_uri(), profile)
    print(f"{args.articles} articles: {written['bytes']:,} bytes "
          f"({written['bytes'] / 1e6:.1f} MB), written in {written['seconds']:.0f} s, "
          f"peak {written['peak_mb']:.0f} MB; {seen['cards']} cards, {seen['open']} open, "
          f"{seen['groups']} collapsed groups; loaded in {seen['load_s']:.1f} s, "
          f"scrolled {seen['screens']} screens in {seen['scroll_s']:.1f} s; "
          f"problems: {seen['problems'] or 'none'}")
    expected_groups = -(-(seen["cards"] - PAGE_SIZE) // PAGE_SIZE) if seen["cards"] else 0
    ok = (not seen["problems"] and seen["open"] == min(seen["cards"], PAGE_SIZE)
          and seen["groups"] == max(0, expected_groups))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
