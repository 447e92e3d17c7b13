"""``quotecheck show``: a document's text with each quote's speaker, mention and cue."""

from __future__ import annotations

from pathlib import Path

import pytest

from quotecheck.cli import main
from tests.conftest import SAMPLES


def test_show_puts_speaker_mention_and_cue_beside_each_quote(
        capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["show", str(SAMPLES / "en"), "--doc", "harbour-daily", "--color", "never"]) == 0
    out = capsys.readouterr().out
    assert "harbour-daily.txt" in out
    assert 'serious offer,[1]" ⟨said⟩ union leader ⟨Helena Marsch⟩.' in out
    assert "↳ [1] Helena Marsch · mention ⟨Helena Marsch⟩ · cue ⟨said⟩ (after)" in out
    assert "↳ [2] Helena Marsch · mention ⟨Marsch⟩ · cue ⟨said⟩ (after)" in out
    assert "velden-courier" not in out  # only the document asked for


def test_show_an_unknown_document_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["show", str(SAMPLES / "en"), "--doc", "nope"]) == 2
    err = capsys.readouterr().err
    assert "no checked document with id 'nope'" in err
    assert "harbour-daily" in err


def test_show_makes_control_characters_visible(tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "a.txt").write_text('Ana Bell said: "We \x1b[2J will \u202eopen it."\n',
                                    encoding="utf-8")
    assert main(["show", str(tmp_path), "--color", "always"]) == 0
    out = capsys.readouterr().out
    assert "\\x1b[2J" in out
    assert "\\u202eopen" in out
    assert "\x1b[2J" not in out
    assert "\u202e" not in out
