"""The terminal report (rich): fits the width, one block per cluster, colour on request."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

import quotecheck
from quotecheck.cli import main
from quotecheck.output import summary_line
from quotecheck.output.rich_report import color_wanted, rich_report
from tests.conftest import ROOT, SAMPLES
from tests.test_samples import GOLDEN

ANSI = re.compile(r"\x1b\[[0-9;]*m")


def _report(corpus: str, width: int, color: bool = False) -> str:
    """The sample corpus's report, its paths relative to the checkout as a user types them."""
    cwd = Path.cwd()
    try:
        os.chdir(ROOT)
        report = quotecheck.check([f"samples/{corpus}"])
    finally:
        os.chdir(cwd)
    return rich_report(report, color=color, width=width, summary=summary_line(report))


def _flat(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("width", [60, 80, 120])
@pytest.mark.parametrize("corpus", ["vi", "en"])
def test_golden_terminal_report(corpus: str, width: int, update_golden: bool) -> None:
    rendered = _report(corpus, width)
    golden = GOLDEN / f"samples-{corpus}-terminal-{width}.txt"
    if update_golden:
        golden.write_text(rendered, encoding="utf-8")
    lines = rendered.splitlines()
    assert all(len(line) <= width and line == line.rstrip() for line in lines)
    assert rendered == golden.read_text(encoding="utf-8"), (
        "terminal report changed; review and rerun with --update-golden")


def test_one_block_per_cluster_with_path_evidence_and_suggestion() -> None:
    rendered = _report("en", 80)
    blocks = rendered.split("\n\n")
    brandt = next(b for b in blocks if "Brandt" in b and "misattribution" in b)
    # three rules on one cluster, shown once with every version
    assert [r for r in ("misattribution", "speaker-variant", "unknown-speaker")
            if r in brandt] == ["misattribution", "speaker-variant", "unknown-speaker"]
    assert brandt.count("\n    speaker: ") == 3
    assert "samples/en/velden-wire.txt:5:2" in brandt
    assert "speaker: Brandt  ✗ differs" in brandt
    assert "⟨she⟩ ⟨said⟩" in brandt  # mention and cue of the pronoun attribution
    assert brandt.rstrip().splitlines()[-1] == "Suggested speaker: Helena Marsh"
    assert "⟦400⟧" in rendered
    assert "⟦40⟧" in rendered
    assert _flat(rendered).endswith("4 documents checked, 0 skipped, 13 quotes, 3 clusters, "
                                    "findings: 2 error, 3 warning, 2 info")


def test_summary_opens_a_long_report_too() -> None:
    rendered = _report("vi", 80)
    summary = "5 documents checked, 0 skipped, 37 quotes, 4 clusters, findings: 1 error"
    assert _flat(rendered).startswith(summary)
    assert summary in _flat(rendered)[-200:]


def test_colour_highlights_instead_of_brackets() -> None:
    coloured = _report("en", 80, color=True)
    assert "\x1b[" in coloured
    assert "⟦" not in coloured
    assert "400" in ANSI.sub("", coloured)


@pytest.mark.parametrize(("choice", "tty", "environ", "expected"), [
    ("auto", True, {}, True),
    ("auto", False, {}, False),
    ("auto", True, {"NO_COLOR": "1"}, False),
    ("auto", False, {"FORCE_COLOR": "1"}, True),
    ("auto", True, {"NO_COLOR": ""}, True),  # empty means unset (no-color.org)
    ("always", False, {"NO_COLOR": "1"}, True),
    ("never", True, {"FORCE_COLOR": "1"}, False),
])
def test_color_choice(choice: str, tty: bool, environ: dict[str, str], expected: bool) -> None:
    assert color_wanted(choice, tty, environ) is expected


def test_cli_colour_and_columns(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("COLUMNS", "60")
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("FORCE_COLOR", "1")
    assert main(["check", str(SAMPLES / "en"), "--format", "rich", "--fail-on", "never"]) == 0
    out = capsys.readouterr().out
    assert "\x1b[" in out
    assert max(len(line) for line in ANSI.sub("", out).splitlines()) <= 60
    assert main(["check", str(SAMPLES / "en"), "--format", "rich", "--color", "never",
                 "--fail-on", "never"]) == 0
    assert "\x1b[" not in capsys.readouterr().out


def test_article_text_is_shown_safely(tmp_path: Path) -> None:
    statement = "We [will] come back to the [bold]table[/bold] with a \x1b[2J offer today"
    (tmp_path / "a.txt").write_text(f'Tomas Okafor said: "{statement}."', encoding="utf-8")
    (tmp_path / "b.txt").write_text(f'Helena Marsh said: "{statement}."', encoding="utf-8")
    report = quotecheck.check([tmp_path])
    rendered = rich_report(report, color=True, width=200, summary=summary_line(report))
    assert "[bold]table[/bold] with a \\x1b[2J offer" in ANSI.sub("", rendered)
    assert "\x1b[2J" not in rendered
