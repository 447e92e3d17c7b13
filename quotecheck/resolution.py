"""In-document resolution: who "he", "ông", "the ambassador" or "Okafor" is.

``People`` holds every person name the document mentions (outside quotes for
recency, everywhere for full names), with titles and gender read around them.
A short name resolves to the fullest compatible name: a surname in English, a
given name in Vietnamese ("ông Hưng" → Phạm Quốc Hưng), a family name in Korean
("ông Kim"): any mention whose words begin or end the longer name.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass

from quotecheck.lexicon import Phrase, fold
from quotecheck.mentions import Name


@dataclass(frozen=True, slots=True)
class Person:
    key: tuple[str, ...]  # folded words of the name
    text: str
    start: int
    titles: frozenset[Phrase]
    gender: str | None
    in_quote: bool


def name_key(text: str) -> tuple[str, ...]:
    return tuple(fold(w) for w in text.replace("-", " ").split())


class People:
    def __init__(self, names: list[tuple[Name, bool]]) -> None:
        self.mentions = [
            Person(name_key(n.mention.text), n.mention.text, n.mention.start, n.titles,
                   n.gender, in_quote)
            for n, in_quote in names if n.mention.kind == "name"
        ]
        self._fullest_cache: dict[tuple[str, ...], tuple[str, ...]] = {}
        self.counts: dict[tuple[str, ...], int] = {}
        for person in self.mentions:
            self.counts[person.key] = self.counts.get(person.key, 0) + 1

    def _compatible(self, short: tuple[str, ...], full: tuple[str, ...]) -> bool:
        n = len(short)
        return len(full) > n and (full[-n:] == short or full[:n] == short)

    def fullest(self, text: str, position: int) -> str:
        """The fullest name in the document for the person called ``text``."""
        short = name_key(text)
        best: Person | None = None
        best_score: tuple[int, int, int, int] | None = None
        for person in self.mentions:
            if not self._compatible(short, person.key):
                continue
            suffix = int(person.key[-len(short):] == short)
            score = (suffix, self.counts[person.key], len(person.key), -abs(person.start - position))
            if best_score is None or score > best_score:
                best, best_score = person, score
        return best.text if best is not None else text

    def introduced(self, text: str) -> bool:
        """Whether the document introduces this name: full, titled or repeated."""
        key = name_key(text)
        if len(key) >= 2:
            return True
        related = [p for p in self.mentions if p.key == key or self._compatible(key, p.key)]
        return len(related) >= 2 or any(p.titles or p.gender for p in related)

    def gender_of(self, text: str) -> str | None:
        """The gender an honorific gave this person anywhere in the document."""
        full = self._full_key(name_key(text))
        for person in self.mentions:
            if person.gender in ("male", "female") and self._full_key(person.key) == full:
                return person.gender
        return None

    def _full_key(self, key: tuple[str, ...]) -> tuple[str, ...]:
        found = self._fullest_cache.get(key)
        if found is None:
            found = self._fullest_cache[key] = name_key(self.fullest(" ".join(key), 0))
        return found

    def by_title(self, titles: frozenset[Phrase], position: int) -> str | None:
        """The nearest person before ``position`` introduced with one of ``titles``."""
        best: Person | None = None
        for person in self.mentions:
            if person.titles & titles and person.start < position:
                best = person if best is None or person.start > best.start else best
        return self.fullest(best.text, best.start) if best else None

    def recent(self, position: int, floor: int, gender: str | None,
               sentence_starts: Sequence[int] = (), subject_from: int | None = None
               ) -> str | None:
        """The most salient person mentioned outside quotes in ``[floor, position)``.

        The nearest sentence with a person wins; in it, a person whose known
        gender fits the pronoun, else the first person (the sentence's subject,
        most often), after ``subject_from`` when the sentence opens with an
        adverbial phrase ("On Tuesday, Clinton criticized …").
        """
        candidates = [p for p in self.mentions if floor <= p.start < position
                      and not p.in_quote and self._person_like(p)]
        if gender in ("male", "female"):
            candidates = [p for p in candidates if self.gender_of(p.text) in (None, gender)]
        if not candidates:
            return None
        last_sentence = bisect_right(sentence_starts, candidates[-1].start)
        same = [p for p in candidates if bisect_right(sentence_starts, p.start) == last_sentence]
        gendered = [p for p in same if gender and self.gender_of(p.text) == gender]
        if subject_from is not None:
            same = [p for p in same if p.start >= subject_from] or same
        found = (gendered or same)[0]
        return self.fullest(found.text, found.start)

    def _person_like(self, person: Person) -> bool:
        return len(person.key) >= 2 or bool(person.titles) or self.counts[person.key] > 1 or any(
            self._compatible(person.key, p.key) for p in self.mentions)
