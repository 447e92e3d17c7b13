"""Shared helpers for tests: run the real pipeline on a string."""

from __future__ import annotations

from quotecheck import lexicon
from quotecheck.backends import Backend
from quotecheck.backends.builtin import BuiltinBackend
from quotecheck.extract import extract
from quotecheck.records import Document, Quote


def quotes_of(text: str, lang: str, backend: Backend | None = None) -> list[Quote]:
    document = Document(id="t", text=text, path="t.txt", source="t", lang=lang)
    return extract(document, lexicon.load(lang), backend or BuiltinBackend())


def quote_containing(text: str, lang: str, needle: str) -> Quote:
    found = [q for q in quotes_of(text, lang) if needle in q.text]
    assert found, f"no quote containing {needle!r} in {[q.text for q in quotes_of(text, lang)]}"
    return found[0]
