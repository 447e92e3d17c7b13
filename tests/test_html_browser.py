"""The HTML report in a real browser: it renders, filters work, hostile text runs nothing."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from benchmarks import synth
from quotecheck.cli import main
from quotecheck.output.html import DOCUMENT_ROWS, PAGE_SIZE
from tests.browser import ARTIFACTS, browser_context, scroll_to_end
from tests.conftest import SAMPLES

__all__ = ["browser_context"]  # the fixture, shared through tests/browser.py

PHONE = {"width": 390, "height": 844}


def _html(tmp_path: Path, *paths: Path) -> Path:
    out = tmp_path / "report.html"
    assert main(["check", *map(str, paths), "--format", "html", "-o", str(out),
                 "--fail-on", "never"]) == 0
    return out


def _json(*paths: Path) -> dict[str, Any]:
    import quotecheck
    from quotecheck.report import to_json

    return to_json(quotecheck.check(list(paths)))


class Watched:
    """A page with every dialog, console error, page error and request recorded."""

    def __init__(self, context: Any) -> None:
        self.page = context.new_page()
        self.dialogs: list[str] = []
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("request", lambda r: self.requests.append(r.url))


@pytest.fixture
def watched(browser_context: Any) -> Iterator[Watched]:
    page = Watched(browser_context)
    yield page
    page.page.close()


def test_samples_report_renders_with_the_right_counts(tmp_path: Path, watched: Watched) -> None:
    paths = (SAMPLES / "vi", SAMPLES / "en")
    report = _json(*paths)
    watched.page.goto(_html(tmp_path, *paths).as_uri())
    page = watched.page
    # one card per cluster with findings, plus one per finding about names only
    clusters = {c["id"] for c in report["clusters"]
                for f in report["findings"] if set(f["quotes"]) & set(c["quotes"])}
    names_only = [f for f in report["findings"] if not f["quotes"]]
    assert page.locator("article.card").count() == len(clusters) + len(names_only) == 8
    assert page.locator("li.finding").count() == len(report["findings"])
    for severity, count in report["summary"]["findings"].items():
        assert page.locator(f'.count[data-severity="{severity}"]').inner_text() == str(count)
    assert page.locator("#shown").inner_text() == "8"
    assert page.locator(".version.odd").count() >= 3  # Marsch, Brandt, Konda at least
    assert page.locator("mark.diff", has_text="400").count() == 1
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "samples-report-1280x900.png"))
    page.set_viewport_size(PHONE)
    page.screenshot(path=str(ARTIFACTS / "samples-report-390x844.png"))
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert (ARTIFACTS / "samples-report-1280x900.png").stat().st_size > 10_000
    assert watched.errors == []
    assert watched.dialogs == []


def test_filters_hide_findings_and_empty_cards(tmp_path: Path, watched: Watched) -> None:
    paths = (SAMPLES / "en",)
    report = _json(*paths)
    page = watched.page
    page.goto(_html(tmp_path, *paths).as_uri())
    page.get_by_label("error").uncheck()
    shown = page.locator("li.finding:visible")
    assert shown.count() == sum(1 for f in report["findings"] if f["severity"] != "error")
    assert page.locator("article.card:visible").count() == 3  # c1 has only its error
    page.get_by_label("name-variant").uncheck()
    assert page.locator("article.card:visible").count() == 2
    assert page.locator("#shown").inner_text() == "2"
    page.get_by_label("error").check()
    page.get_by_label("name-variant").check()
    assert page.locator("article.card:visible").count() == 4
    assert watched.errors == []


def test_a_finding_links_to_its_quote_and_the_quote_back(tmp_path: Path,
                                                        watched: Watched) -> None:
    page = watched.page
    page.goto(_html(tmp_path, SAMPLES / "en").as_uri())
    page.locator("article.card").first.locator(".version .where a").nth(1).click()
    quote = page.locator("a.q:target")
    assert quote.is_visible()
    assert quote.inner_text().startswith("We have listened")
    assert page.locator("section.doc:visible").count() == 1
    assert not page.locator("main").is_visible()
    quote.click()
    assert page.locator("article.card:target").is_visible()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "samples-card-after-quote-click.png"))


HOSTILE_ID = '"><img src=x onerror=alert(1)>'
HOSTILE_SOURCE = "<script>alert(2)</script>"
HOSTILE_QUOTE = ("We will pay <script>alert(3)</script> and <a href=javascript:alert(4)>"
                 "click</a> today")
HOSTILE_LINE = '"><img src=x onerror=alert(5)> <a href="javascript:alert(11)">more</a>\n'



def _hostile_corpus(root: Path) -> Path:
    records = [
        {"id": HOSTILE_ID, "source": HOSTILE_SOURCE, "url": "javascript:alert(6)",
         "text": f"Mayor Ana Bell spoke.\n\n“{HOSTILE_QUOTE},” Ana Bell said.\n{HOSTILE_LINE}"},
        {"id": "javascript:alert(7)", "source": '" onmouseover="alert(8)',
         "text": f"Union chief Bo Dale spoke.\n\n“{HOSTILE_QUOTE},” Bo Dale said.\n"
                 f"{HOSTILE_LINE}\u202eevil\u202c \x1b[31m red\n"},
    ]
    root.mkdir()
    path = root / "hostile.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    (root / '"><svg onload=alert(9)>.txt').write_text(
        'Ann Lee spoke.\n\n"<iframe src=javascript:alert(10)> is fine," Ann Lee said.\n',
        encoding="utf-8")
    return root


def test_hostile_corpus_runs_no_script(tmp_path: Path, watched: Watched) -> None:
    corpus = _hostile_corpus(tmp_path / "corpus")
    corpus_report = _json(corpus)
    assert any(f["rule"] == "misattribution" for f in corpus_report["findings"])
    url = _html(tmp_path, corpus).as_uri()
    page = watched.page
    page.goto(url)
    assert page.locator("article.card").count() >= 1
    body = page.locator("body").inner_text()
    assert "<script>alert(3)</script>" in body  # shown as text, not run
    assert HOSTILE_ID in body
    assert page.locator("img, iframe, svg, object, embed").count() == 0
    assert page.locator("script").count() == 1  # the report's own filter script
    hrefs = page.locator("a[href]").evaluate_all("els => els.map(e => e.getAttribute('href'))")
    assert hrefs
    assert all(h.startswith("#") for h in hrefs)
    for link in page.locator("a[href]").all()[:20]:  # follow links: still nothing runs
        if link.is_visible():
            link.click()
    section = page.locator("section.doc", has_text="Union chief Bo Dale")
    page.goto(f"{url}#{section.get_attribute('id')}")
    assert "\\u202eevil\\u202c \\x1b[31m red" in section.inner_text()
    page.wait_for_timeout(300)
    assert watched.dialogs == []
    assert watched.errors == []
    assert {r.split("#")[0] for r in watched.requests} == {url}


# Articles of the synthetic corpus in the suite: enough for findings beyond the page
# size (about 150 cards). Checking 10,000 takes about a minute on 2 shared cores, so
# that size is measured by benchmarks/bench_html.py (same checks), not here.
LARGE = 3000


def test_large_report_opens_scrolls_to_the_end_with_findings_collapsed(
        tmp_path: Path, watched: Watched) -> None:
    corpus = tmp_path / "synth.jsonl"
    synth.write(corpus, LARGE, seed=1)
    url = _html(tmp_path, corpus).as_uri()
    page = watched.page
    page.goto(url)
    cards = page.locator("article.card")
    total = cards.count()
    groups = page.locator("details.more")
    assert total > PAGE_SIZE
    assert page.locator("#cards").inner_text() == page.locator("#shown").inner_text() == str(
        total)
    assert groups.count() == -(-(total - PAGE_SIZE) // PAGE_SIZE)  # collapsed, 100 a group
    assert groups.first.locator("summary").inner_text() == (
        f"Findings {PAGE_SIZE + 1}–{min(total, 2 * PAGE_SIZE)} of {total}")
    assert page.locator("article.card:visible").count() == PAGE_SIZE
    assert page.locator("#documents tbody tr").count() == min(LARGE, DOCUMENT_ROWS)
    assert scroll_to_end(page) > 10
    last_row = page.locator("#documents tbody tr").last
    assert last_row.is_visible()
    box = last_row.bounding_box()
    assert box is not None
    assert 0 <= box["y"] < page.viewport_size["height"]
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"synth-{LARGE}-report-end-1280x900.png"))
    assert not cards.nth(PAGE_SIZE).is_visible()
    groups.first.locator("summary").click()  # a collapsed group opens on demand
    assert cards.nth(PAGE_SIZE).is_visible()
    assert page.locator("article.card:visible").count() == min(total, 2 * PAGE_SIZE)
    groups.first.scroll_into_view_if_needed()
    page.screenshot(path=str(ARTIFACTS / f"synth-{LARGE}-report-groups-1280x900.png"))
    assert watched.errors == []
    assert watched.dialogs == []
    assert {r.split("#")[0] for r in watched.requests} == {url}
