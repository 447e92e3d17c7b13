"""Language of a document, and paragraphs written in another script.

The document language comes from lingua (restricted to the languages that have
a lexicon, so adding a lexicon file adds a detectable language). Paragraphs in a
script the document's language does not use (a Chinese block pasted into a
Vietnamese page) are marked so attribution leaves them alone.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from typing import Any

from quotecheck import lexicon
from quotecheck.records import Span
from quotecheck.textutil import WORD_RE as _WORD_RE

# Script of a letter, from the first word of its Unicode name, for the scripts
# whose paragraphs we must tell apart from Latin-script text.
_SCRIPT_LANG = {"CJK": "zh", "HANGUL": "ko", "HIRAGANA": "ja", "KATAKANA": "ja",
                "CYRILLIC": "ru", "ARABIC": "ar", "THAI": "th", "HEBREW": "he",
                "GREEK": "el", "DEVANAGARI": "hi"}
_SAMPLE = 4000  # characters read to detect a document's language
_SCRIPT_SAMPLE = 2000  # letters read to tell a paragraph's script
# Letters of the scripts above (Greek to Devanagari and Thai; CJK, kana, Hangul
# syllables): a paragraph with none of them is Latin, and is not read letter by letter.
_NON_LATIN_RE = re.compile("[\u0370-\u0e7f\u1100-\u11ff\u2e80-\u9fff\uac00-\ud7af"
                           "\uf900-\ufaff\uff00-\uffef]")


def script_of(char: str) -> str:
    name = unicodedata.name(char, "")
    head = name.split(" ", 1)[0]
    if head in _SCRIPT_LANG:
        return head
    return "LATIN" if char.isalpha() else ""


def paragraph_script(text: str, span: Span) -> str | None:
    """The dominant non-Latin script of a paragraph, or ``None`` if mostly Latin.

    Read from the paragraph's first ``_SCRIPT_SAMPLE`` letters.
    """
    if not _NON_LATIN_RE.search(text, span.start, span.end):
        return None
    counts: dict[str, int] = {}
    letters = 0
    for i in range(span.start, span.end):
        char = text[i]
        if char.isalpha():
            letters += 1
            script = script_of(char) if ord(char) > 0x24F else "LATIN"
            counts[script] = counts.get(script, 0) + 1
            if letters == _SCRIPT_SAMPLE:
                break
    if not letters:
        return None
    script, count = max(counts.items(), key=lambda kv: kv[1])
    if script == "LATIN" or count * 2 < letters:
        return None
    return script


def script_language(script: str) -> str:
    return _SCRIPT_LANG.get(script, "und")


_CLEAR_HITS = 8  # common words of the leading language
_CLEAR_MARGIN = 4  # times as many as of the next one


@cache
def _common_words() -> tuple[tuple[str, frozenset[str]], ...]:
    """Each lexicon language with its most frequent words, read once, not per document."""
    return tuple((code, words) for code in lexicon.available()
                 if (words := lexicon.load(code).common_words))


def _by_common_words(sample: str) -> str | None:
    words = [lexicon.fold(w) for w in _WORD_RE.findall(sample)]
    hits = sorted(((sum(w in common for w in words), code) for code, common in _common_words()),
                  reverse=True)
    if not hits or hits[0][0] < _CLEAR_HITS:
        return None
    runner_up = hits[1][0] if len(hits) > 1 else 0
    return hits[0][1] if hits[0][0] >= _CLEAR_MARGIN * max(runner_up, 1) else None


@cache
def _detector() -> Any:
    from lingua import IsoCode639_1, LanguageDetectorBuilder

    codes = [getattr(IsoCode639_1, code.upper()) for code in lexicon.available()
             if hasattr(IsoCode639_1, code.upper())]
    if len(codes) < 2:
        return None
    return LanguageDetectorBuilder.from_iso_codes_639_1(*codes).build()


def detect(text: str, *, default: str = "en") -> str:
    """The language code of ``text`` among those with a lexicon, or ``default``.

    The lexicons' most frequent words decide a clear case (a short article
    with a dozen of one language's words and few of any other's) at once;
    lingua, which takes a third of a second to load, decides the rest.
    """
    sample = unicodedata.normalize("NFC", text[:_SAMPLE])  # lingua misreads NFD text
    quick = _by_common_words(sample)
    if quick is not None:
        return quick
    try:
        detector = _detector()
    except ImportError:  # lingua is a dependency, but keep working without it
        detector = None
    if detector is None:
        return default
    found = detector.detect_language_of(sample)
    if found is None:
        return default
    return str(found.iso_code_639_1.name).lower()
