"""The Layout of one document: its tokens and name entities, built once, with the
position and phrase look-ups every extraction stage shares.

Tokens are the backend's, in parallel arrays (keys, starts) so a look-up is an index
or a bisect, never a scan; lexicon phrases are matched by token index.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter
from collections.abc import Collection

from quotecheck.backends import Analysis, Entity, Token
from quotecheck.extract.quotes import CLOSING_MARKS
from quotecheck.lexicon import Lexicon, Phrase

# a quote ending in one of these leaves its sentence open: '"We will win," Will Pardo said'
_CONTINUING = frozenset({",", "?", "!", "—", "–", "-", "…"})
_STOP = frozenset(".!?;:“”\"«»„‘’'()[]")


class Layout:
    """Tokens, entities and lexicon of one document, with phrase look-ups."""

    def __init__(self, text: str, analysis: Analysis, lexicon: Lexicon) -> None:
        self.text = text
        self.lex = lexicon
        self.tokens: tuple[Token, ...] = analysis.tokens
        self.keys = [t.key for t in self.tokens]
        self.starts = [t.start for t in self.tokens]
        self.max_phrase = lexicon.max_phrase
        self.entity_ending: dict[int, Entity] = {e.last: e for e in analysis.entities}
        self.entity_starting: dict[int, Entity] = {e.first: e for e in analysis.entities}
        self._lowercase: frozenset[str] | None = None
        self._capitalised: Counter[str] | None = None

    def index_at(self, position: int) -> int:
        """Index of the first token starting at or after ``position``."""
        return bisect_left(self.starts, position)

    def phrase_at(self, i: int, phrases: Collection[Phrase]) -> int:
        """Length of the longest phrase starting at token ``i``, or 0."""
        if self.keys[i] not in self.lex.phrase_starts:
            return 0
        for size in range(min(self.max_phrase, len(self.keys) - i), 0, -1):
            if tuple(self.keys[i : i + size]) in phrases:
                return size
        return 0

    def phrase_ending(self, j: int, phrases: Collection[Phrase]) -> int:
        """Length of the longest phrase ending at token ``j``, or 0."""
        if j < 0 or self.keys[j] not in self.lex.phrase_ends:
            return 0
        for size in range(min(self.max_phrase, j + 1), 0, -1):
            if tuple(self.keys[j - size + 1 : j + 1]) in phrases:
                return size
        return 0

    def span_text(self, first: int, last: int) -> str:
        return self.text[self.tokens[first].start : self.tokens[last].end]

    def inside_name(self, i: int) -> bool:
        """A capitalised word after another: part of a name ("United States"), not a cue."""
        token = self.tokens[i]
        if i == 0 or not token.capitalised:
            return False
        before = self.tokens[i - 1]
        return before.is_word and before.capitalised and before.end + 1 >= token.start

    def is_stop(self, i: int) -> bool:
        return self.keys[i] in _STOP

    def lowercase_words(self) -> frozenset[str]:
        """The words the document writes in lower case somewhere."""
        if self._lowercase is None:
            self._lowercase = frozenset(t.key for t in self.tokens
                                        if t.is_word and not t.capitalised)
        return self._lowercase

    def capitalised_count(self, key: str) -> int:
        """How often the document writes this word capitalised."""
        if self._capitalised is None:
            self._capitalised = Counter(t.key for t in self.tokens if t.capitalised)
        return self._capitalised[key]

    def opens_sentence(self, i: int) -> bool:
        """Token ``i`` opens the text, a sentence, a paragraph or a quote; not after
        a quote that ends in a comma, "?" or "!" ('"We will win," Will Pardo said')."""
        if i == 0:
            return True
        if self.tokens[i - 1].is_word or self.keys[i - 1] in ",(":
            return False
        closing = i >= 2 and self.keys[i - 1] in CLOSING_MARKS
        return not (closing and self.keys[i - 2] in _CONTINUING)
