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
    backend: str = "builtin"  # which backend produced it, for the report


class Backend(Protocol):
    name: str

    def analyze(self, text: str, lexicon: Lexicon, *, start: int = 0) -> Analysis:
        """Analyse ``text[start:]``; all offsets index ``text``."""
        ...


BACKENDS = ("auto", "builtin", "stanza")


def get_backend(name: str) -> Backend:
    """``builtin``; ``stanza`` (its extra and models required); or ``auto``:
    stanza for a document whose language has a model, else built-in."""
    from quotecheck.backends.builtin import BuiltinBackend
    from quotecheck.errors import UsageError

    if name == "builtin":
        return BuiltinBackend()
    if name == "stanza":
        from quotecheck.backends.stanza_backend import StanzaBackend

        return StanzaBackend()
    if name == "auto":
        return AutoBackend()
    raise UsageError(f"unknown backend '{name}' (available: {', '.join(BACKENDS)})")


class AutoBackend:
    """Stanza where the extra is installed and the language has a model; built-in
    everywhere else. Looking costs a file-system check, never an import."""

    name = "auto"

    def __init__(self) -> None:
        from quotecheck.backends.builtin import BuiltinBackend

        self.builtin = BuiltinBackend()
        self.stanza: Backend | None = None
        self.has_model: dict[str, bool] = {}

    def analyze(self, text: str, lexicon: Lexicon, *, start: int = 0) -> Analysis:
        if lexicon.code not in self.has_model:
            from quotecheck.backends import stanza_backend

            self.has_model[lexicon.code] = (stanza_backend.installed() and
                                            stanza_backend.find_model(lexicon.code) is not None)
        if self.has_model[lexicon.code]:
            if self.stanza is None:
                from quotecheck.backends.stanza_backend import StanzaBackend

                self.stanza = StanzaBackend()
            return self.stanza.analyze(text, lexicon, start=start)
        return self.builtin.analyze(text, lexicon, start=start)
