"""Configuration: file discovery, precedence over defaults, command line over file, errors."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from quotecheck.cli import main

SAMPLES = Path(__file__).resolve().parents[1] / "samples"


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A project folder with the English samples, the working directory below it."""
    shutil.copytree(SAMPLES / "en", tmp_path / "articles")
    (tmp_path / "sub").mkdir()
    monkeypatch.chdir(tmp_path / "sub")
    return tmp_path


def _write(project: Path, name: str, text: str) -> None:
    (project / name).write_text(text, encoding="utf-8")


def test_pyproject_table_is_found_upward_and_the_command_line_wins(
        project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _write(project, "pyproject.toml", '[project]\nname = "x"\n\n[tool.quotecheck]\n'
           'fail-on = "never"\nbackend = "builtin"\n')
    articles = str(project / "articles")
    assert main(["check", articles, "--format", "json"]) == 0  # fail-on never from the file
    capsys.readouterr()
    assert main(["check", articles, "--format", "json", "--fail-on", "error"]) == 1
    capsys.readouterr()
    assert main(["config"]) == 0
    out = capsys.readouterr().out
    assert f'fail-on = "never"    # {project / "pyproject.toml"}' in out
    assert 'min-severity = "info"    # default' in out


def test_quotecheck_toml_wins_over_pyproject_in_the_same_folder(
        project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _write(project, "pyproject.toml", '[tool.quotecheck]\nfail-on = "info"\n')
    _write(project, "quotecheck.toml", 'fail-on = "never"\n')
    assert main(["config"]) == 0
    assert f'fail-on = "never"    # {project / "quotecheck.toml"}' in capsys.readouterr().out


@pytest.mark.parametrize(("text", "message"), [
    ('fail-on = "sometimes"\n', "'fail-on' must be one of info, warning, error, never"),
    ('colour = "red"\n', "unknown key 'colour'"),
    ("include = 3\n", "'include' must be a list of glob strings"),
    ('[rules.misattribution]\nseverity = "fatal"\n', "'rules.misattribution.severity'"),
    ("[rules.no-such-rule]\nenabled = false\n", "unknown rule 'no-such-rule'"),
    ("[rules.misattribution]\nloud = true\n", "unknown key 'rules.misattribution.loud'"),
    ("fail-on = \n", "quotecheck.toml"),
    ("[matching]\nsame-score = 120\n", "'matching.same-score' must be a number from 0 to 100"),
    ("[matching]\nspeed = 1\n", "unknown key 'matching.speed'"),
])
def test_bad_configuration_names_the_key_and_the_file(
        project: Path, capsys: pytest.CaptureFixture[str], text: str, message: str) -> None:
    _write(project, "quotecheck.toml", text)
    assert main(["check", str(project / "articles")]) == 2
    err = capsys.readouterr().err
    assert message in err
    assert str(project / "quotecheck.toml") in err


def test_rules_can_be_disabled_or_given_another_severity(
        project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _write(project, "quotecheck.toml", '[rules.misattribution]\nenabled = false\n\n'
           '[rules.speaker-variant]\nseverity = "error"\n')
    assert main(["check", str(project / "articles"), "--format", "json"]) == 1
    findings = json.loads(capsys.readouterr().out)["findings"]
    assert "misattribution" not in {f["rule"] for f in findings}
    assert {f["severity"] for f in findings if f["rule"] == "speaker-variant"} == {"error"}


def test_include_and_exclude_filter_folders(project: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    _write(project, "quotecheck.toml", 'include = ["*.txt"]\nexclude = ["velden-*"]\n'
           'fail-on = "never"\n')
    assert main(["check", str(project / "articles"), "--format", "json"]) == 0
    ids = [d["id"] for d in json.loads(capsys.readouterr().out)["documents"]]
    assert ids == ["harbour-daily"]


def test_paths_in_the_file_are_relative_to_it(project: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    _write(project, "aliases.toml", '[aliases]\n"Helena Marsh" = ["Helena Marsch"]\n')
    _write(project, "quotecheck.toml", 'aliases = "aliases.toml"\nfail-on = "never"\n')
    assert main(["check", str(project / "articles"), "--format", "json"]) == 0
    findings = json.loads(capsys.readouterr().out)["findings"]
    assert "speaker-variant" not in {f["rule"] for f in findings}


def test_matching_thresholds_change_what_is_matched(project: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    articles = str(project / "articles")
    assert main(["check", articles, "--format", "json", "--fail-on", "never"]) == 0
    default = json.loads(capsys.readouterr().out)["clusters"]
    _write(project, "quotecheck.toml", "[matching]\nsame-score = 100\nmin-ratio = 100\n"
           "short-ratio = 100\ncontained = 100\n")
    assert main(["config"]) == 0
    assert "matching.same-score = 100" in capsys.readouterr().out
    assert main(["check", articles, "--format", "json", "--fail-on", "never"]) == 0
    strict = json.loads(capsys.readouterr().out)["clusters"]
    assert len(strict) < len(default)  # only identical wording matches now
