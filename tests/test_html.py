"""The HTML report as text: self-contained, escaped, with a policy that allows nothing else."""

from __future__ import annotations

import re
from pathlib import Path

import quotecheck
from quotecheck.cli import main
from quotecheck.output.html import html_report
from quotecheck.output.html_assets import CSP
from tests.conftest import SAMPLES


def test_page_is_self_contained_with_a_strict_policy(tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    assert main(["check", str(SAMPLES / "en"), "--format", "html", "-o", str(out),
                 "--fail-on", "never"]) == 0
    page = out.read_text(encoding="utf-8")
    assert f'content="{CSP}"' in page
    assert "default-src 'none'" in CSP
    assert "unsafe-inline" not in CSP
    assert not re.search(r"\s(src|srcset|action|formaction)=", page)
    assert not re.search(r"\son[a-z]+=", page)  # no inline event handler at all
    assert all(href.startswith("#") for href in re.findall(r'href="([^"]*)"', page))
    assert page.count("<script>") == 1
    assert page.count("<style>") == 1
    assert page.count('<article class="card') == 4  # c1, c2, c3 and the name variant


def test_findings_beyond_the_page_size_are_collapsed() -> None:
    report = quotecheck.check([SAMPLES / "en", SAMPLES / "vi"])
    page = html_report(report, page_size=3)
    assert page.count('<details class="more">') == 2  # 8 cards: 3 open, then 3 and 2
    assert "Findings 4–6 of 8" in page
    assert "Findings 7–8 of 8" in page
