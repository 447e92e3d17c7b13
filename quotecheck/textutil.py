"""Tokens, sentences and paragraphs: offset-keeping helpers shared by the stages."""

from __future__ import annotations

import re

from quotecheck.records import Span

# A word: letters, digits and combining marks, joined by inner hyphens or
# apostrophes ("Jean-Pierre", "don't"); zero-width joiners stay inside words.
_LETTER = r"[^\W_]|[\u0300-\u036f\u200b-\u200d\u2060]"
WORD_RE = re.compile(rf"(?:{_LETTER})+(?:[-'’.](?:{_LETTER})+)*")
# Words of the built-in tokeniser, and any single other non-space character.
TOKEN_RE = re.compile(rf"(?:{_LETTER})+(?:[-'’.](?:{_LETTER})+)*|[^\s]")


def paragraphs(text: str) -> list[Span]:
    """Non-empty lines of ``text``: news text is one paragraph per line."""
    spans: list[Span] = []
    start = 0
    for match in re.finditer(r"\n", text):
        if text[start : match.start()].strip():
            spans.append(Span(start, match.start()))
        start = match.end()
    if text[start:].strip():
        spans.append(Span(start, len(text)))
    return spans



def last_char_before(text: str, position: int, floor: int = 0) -> str:
    """The last non-space character of ``text[floor:position]``, or ``""``.

    Walks back from ``position`` instead of slicing, so asking once per quote
    costs the gap, not the paragraph.
    """
    i = position - 1
    while i >= floor and text[i].isspace():
        i -= 1
    return text[i] if i >= floor else ""
