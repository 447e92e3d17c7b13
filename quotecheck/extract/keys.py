"""Matching keys: a quote's folded words, with their spans, synonyms made one."""

from __future__ import annotations

from quotecheck.extract.quotes import MARK_CHARS
from quotecheck.lexicon import Lexicon, fold
from quotecheck.records import KeyWord, Quote
from quotecheck.textutil import WORD_RE

_MAX_SYNONYM = 4


def key_words(text: str, quote: Quote, lexicon: Lexicon | None) -> tuple[KeyWord, ...]:
    """The matching key of ``quote``: folded words with their spans in ``text``."""
    parts = _statement_parts(text, quote)
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


def _statement_parts(text: str, quote: Quote) -> tuple[tuple[int, int], ...]:
    """The parts of a split quote that continue its statement: a later part opened
    right after a word ('…, ông Đại nói, khiến "bà con kiến nghị"', '… had
    "cratered"') is a fragment inside the writer's clause, not the statement
    other outlets quote, so it stays out of the key."""
    if not quote.parts:
        return ((quote.start, quote.end),)
    kept = [quote.parts[0]]
    for start, end in quote.parts[1:]:
        i = start - 1
        while i > 0 and (text[i].isspace() or text[i] in MARK_CHARS):
            i -= 1
        if not text[i].isalnum():
            kept.append((start, end))
    return tuple(kept)
