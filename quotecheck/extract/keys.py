"""Matching keys: a quote's folded words, with their spans, synonyms made one."""

from __future__ import annotations

from quotecheck.lexicon import Lexicon, fold
from quotecheck.records import KeyWord, Quote
from quotecheck.textutil import WORD_RE

_MAX_SYNONYM = 4


def key_words(text: str, quote: Quote, lexicon: Lexicon | None) -> tuple[KeyWord, ...]:
    """The matching key of ``quote``: folded words with their spans in ``text``."""
    parts = quote.parts or ((quote.start, quote.end),)
    raw = [KeyWord(fold(m.group()), m.start(), m.end())
           for start, end in parts for m in WORD_RE.finditer(text, start, end)]
    if lexicon is None or not lexicon.synonyms:
        return tuple(raw)
    words: list[KeyWord] = []
    i = 0
    while i < len(raw):
        if raw[i].word not in lexicon.phrase_starts:
            words.append(raw[i])
            i += 1
            continue
        for size in range(min(_MAX_SYNONYM, len(raw) - i), 0, -1):
            canonical = lexicon.synonyms.get(tuple(w.word for w in raw[i : i + size]))
            if canonical is not None:
                words.append(KeyWord(canonical, raw[i].start, raw[i + size - 1].end))
                i += size
                break
        else:
            words.append(raw[i])
            i += 1
    return tuple(words)
