"""The stanza backend, through the code path users run, with a tiny model trained here.

Network access is an error in these tests: stanza must never download.
"""

from __future__ import annotations

import json
import socket
import time
from pathlib import Path
from typing import Any

import pytest

from quotecheck.backends.stanza_backend import _entities
from quotecheck.cli import main
from tests.helpers import quotes_of
from tests.test_attribution import EN_CASES, EN_RESOLUTION

SAMPLES = Path(__file__).resolve().parents[1] / "samples"


def test_bioes_and_bio_tags_become_entities() -> None:
    tags = ["B-PER", "E-PER", "O", "S-ORG", "O", "B-PERSON", "I-PERSON", "O", "S-LOC",
            "I-PER"]
    found = _entities(list(range(100, 110)), tags)
    assert [(e.first, e.last, e.label) for e in found] == [
        (100, 101, "PERSON"), (103, 103, "ORG"), (105, 106, "PERSON"), (109, 109, "PERSON")]


@pytest.fixture(autouse=True)
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("network access during a test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    try:
        import stanza.resources.common as common
    except ImportError:
        return
    monkeypatch.setattr(common, "request_file", refuse, raising=False)
    monkeypatch.setattr(common, "download_resources_json", refuse, raising=False)


@pytest.fixture(scope="session")
def tiny_models(tmp_path_factory: pytest.TempPathFactory) -> Path:
    pytest.importorskip("stanza")
    from tests.stanza_model import train

    return train(tmp_path_factory.mktemp("stanza_resources"))


@pytest.fixture
def with_models(tiny_models: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("STANZA_RESOURCES_DIR", str(tiny_models))
    return tiny_models


@pytest.fixture
def without_models(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    pytest.importorskip("stanza")
    monkeypatch.setenv("STANZA_RESOURCES_DIR", str(tmp_path))
    return tmp_path


def test_missing_model_fails_at_once_with_the_fix(without_models: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    started = time.perf_counter()
    assert main(["check", str(SAMPLES / "vi"), "--backend", "stanza"]) == 2
    assert time.perf_counter() - started < 5
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 1
    assert "quotecheck models download vi" in err[0]
    assert "Traceback" not in err[0]


def test_missing_model_with_a_language_fails_before_reading(
        without_models: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(SAMPLES / "en"), "--backend", "stanza", "--lang", "en"]) == 2
    assert "quotecheck models download en" in capsys.readouterr().err


def test_auto_uses_builtin_where_no_model(without_models: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(SAMPLES / "vi"), "--format", "json"]) == 1
    documents = json.loads(capsys.readouterr().out)["documents"]
    assert {d["backend"] for d in documents} == {"builtin"}


def test_models_status_without_models(without_models: Path,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["models", "status"]) == 0
    out = capsys.readouterr().out
    assert "stanza: " in out
    assert f"models folder: {without_models}" in out
    assert "en: no NER model (quotecheck models download en)" in out


def test_models_download_without_network_says_so(without_models: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["models", "download", "en"]) == 2
    assert "could not download stanza models for 'en'" in capsys.readouterr().err


def test_models_status_lists_the_trained_model(with_models: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["models", "status"]) == 0
    out = capsys.readouterr().out
    assert "en: NER en/ner/tiny.pt with pretrain" in out
    assert "vi: no NER model" in out


def _stanza_quotes(text: str) -> Any:
    from quotecheck.backends.stanza_backend import StanzaBackend

    return quotes_of(text, "en", StanzaBackend())


@pytest.mark.parametrize("text", [
    'danah boyd said: "We will publish the study next week."',
    '"We will publish the study next week," said danah boyd.',
])
def test_a_speaker_only_stanza_sees(with_models: Path, text: str) -> None:
    assert quotes_of(text, "en")[0].speaker is None  # no capitalised run: builtin is blind
    quote = _stanza_quotes(text)[0]
    assert quote.speaker == "danah boyd"
    assert text[quote.mention_start : quote.mention_end] == "danah boyd"


def test_report_names_the_backend_of_each_document(with_models: Path, tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "a.txt").write_text('danah boyd said: "We will publish the study next '
                                    'week, and not before."\n', encoding="utf-8")
    assert main(["check", str(tmp_path), "--format", "json", "--lang", "en"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert [d["backend"] for d in report["documents"]] == ["stanza"]  # auto chose stanza
    assert [q["speaker"] for q in report["quotes"]] == ["danah boyd"]


@pytest.mark.parametrize(("text", "needle", "speaker"), EN_CASES + EN_RESOLUTION)
def test_english_cases_through_stanza(with_models: Path, text: str, needle: str,
                                      speaker: str) -> None:
    found = [q for q in _stanza_quotes(text) if needle in q.text]
    assert found
    assert found[0].speaker == speaker
