"""The NLP seam: sentences, tokens and name entities behind one small protocol.

The attribution engine only sees ``Analysis`` records. The built-in backend is
dependency-free and needs no model; other backends (stanza) plug in here and
convert their objects to these records inside their adapter.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, NamedTuple, Protocol

from quotecheck.lexicon import Lexicon
from quotecheck.records import Span

EntityLabel = Literal["PERSON", "ORG", "NAME"]


class Token(NamedTuple):
    """One token. A named tuple, not a frozen dataclass: documents have many
    tokens, and a tuple is built several times faster."""

    start: int
    end: int
    key: str  # folded text, for comparison with lexicon phrases
    is_word: bool
    capitalised: bool


@dataclass(frozen=True, slots=True)
class Entity:
    """A name in the text: ``first``/``last`` are token indices (inclusive)."""

    first: int
    last: int
    label: EntityLabel


@dataclass(frozen=True, slots=True)
class Analysis:
    tokens: tuple[Token, ...]
    sentences: tuple[Span, ...]
    entities: tuple[Entity, ...]


class Backend(Protocol):
    name: str

    def analyze(self, text: str, lexicon: Lexicon, *, start: int = 0) -> Analysis:
        """Analyse ``text[start:]``; all offsets index ``text``."""
        ...


def get_backend(name: str) -> Backend:
    from quotecheck.backends.builtin import BuiltinBackend
    from quotecheck.errors import UsageError

    if name in ("builtin", "auto"):
        return BuiltinBackend()
    raise UsageError(f"unknown backend '{name}' (available: builtin, auto)")
