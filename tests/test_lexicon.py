"""The lexicon files: format, sorting, duplicates, the same keys in every language; detection."""

from __future__ import annotations

import tomllib
from importlib import resources
from typing import Any

import pytest

from quotecheck import language, lexicon
from quotecheck.errors import LexiconError

LANGS = lexicon.available()
DATA_TABLES = ("people.role_nouns.", "matching.synonyms.")  # keyed by words, not by schema


def _raw(code: str) -> dict[str, Any]:
    entry = resources.files("quotecheck") / "lexicons" / f"{code}.toml"
    return tomllib.loads(entry.read_text(encoding="utf-8"))


def _lists(data: dict[str, Any], prefix: str = "") -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for key, value in data.items():
        if isinstance(value, dict):
            found.update(_lists(value, f"{prefix}{key}."))
        elif isinstance(value, list) and prefix not in DATA_TABLES:
            found[prefix + key] = value
    return found


def _keys(data: dict[str, Any], prefix: str = "") -> set[str]:
    keys: set[str] = set()
    for key, value in data.items():
        if isinstance(value, dict) and f"{prefix}{key}." not in DATA_TABLES:
            keys |= _keys(value, f"{prefix}{key}.")
        else:
            keys.add(prefix + key)
    return keys


def test_english_and_vietnamese_are_available() -> None:
    assert {"en", "vi"} <= set(LANGS)


@pytest.mark.parametrize("code", LANGS)
def test_lexicon_loads_and_names_itself(code: str) -> None:
    lex = lexicon.load(code)
    assert lex.code == code
    assert lex.verbs
    assert lex.titles
    assert lex.pronouns


@pytest.mark.parametrize("code", LANGS)
def test_lists_are_sorted_without_duplicates(code: str) -> None:
    for name, items in _lists(_raw(code)).items():
        assert all(isinstance(i, str) and i == i.strip() and i for i in items), name
        assert len(set(items)) == len(items), f"{code}: duplicates in {name}"
        assert items == sorted(items, key=lambda w: (w.casefold(), w)), f"{code}: sort {name}"


@pytest.mark.parametrize("code", LANGS)
def test_same_keys_as_english(code: str) -> None:
    assert _keys(_raw(code)) == _keys(_raw("en"))


@pytest.mark.parametrize("code", LANGS)
def test_role_nouns_point_at_known_titles(code: str) -> None:
    lex = lexicon.load(code)
    for role, titles in lex.role_nouns.items():
        assert titles <= lex.titles, f"{code}: {role} names unknown titles"


def test_missing_language_names_the_fix() -> None:
    with pytest.raises(LexiconError, match=r"no lexicon for language 'pt' \(available: .*en"):
        lexicon.load("pt")


def test_malformed_lexicon_is_a_clear_error() -> None:
    with pytest.raises(LexiconError, match="missing table \\[cues\\]"):
        lexicon.parse({"language": {}, "marks": {}, "people": {}, "text": {}}, "x.toml")


@pytest.mark.parametrize(("text", "lang"), [
    ("Minister Helena Marsh said on Monday that the pier will reopen to ferries in March, "
     "and not a day later, as the council had promised.", "en"),
    ("Bộ trưởng Phạm Quốc Hưng cho biết những người dân trong vùng sẽ được hỗ trợ và chúng "
     "tôi không để ai bị bỏ lại khi mùa mưa đến.", "vi"),
])
def test_common_words_decide_clear_cases_without_lingua(
        text: str, lang: str, monkeypatch: pytest.MonkeyPatch) -> None:
    def no_lingua() -> None:
        raise AssertionError("lingua was loaded for a clear case")

    monkeypatch.setattr(language, "_detector", no_lingua)
    assert language.detect(text) == lang


def test_unclear_text_goes_to_lingua(monkeypatch: pytest.MonkeyPatch) -> None:
    asked: list[str] = []

    class Detector:
        def detect_language_of(self, sample: str) -> None:
            asked.append(sample)

    monkeypatch.setattr(language, "_detector", Detector)
    assert language.detect("Velden, Arnholt, Keswater.", default="vi") == "vi"
    assert asked == ["Velden, Arnholt, Keswater."]
