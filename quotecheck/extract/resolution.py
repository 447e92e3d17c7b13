"""In-document resolution: who "he", "ông", "the ambassador" or "Okafor" is.

``People`` holds every person name the document mentions (outside quotes for
recency, everywhere for full names), with titles and gender read around them.
A short name resolves to the fullest compatible name: a surname in English, a
given name in Vietnamese ("ông Hưng" → Phạm Quốc Hưng), a family name in Korean
("ông Kim"): any mention whose words begin or end the longer name.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass

from quotecheck.extract.mentions import Name
from quotecheck.lexicon import Phrase, fold


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


def _shortens(short: tuple[str, ...], key: tuple[str, ...]) -> bool:
    """``short`` is ``key`` without some of its first words ("Kim Huệ", "Huệ" of
    "Phạm Thị Kim Huệ"), or without middle words ("Phạm Kim Huệ", "John Kerry" of
    "John Forbes Kerry"): the same person written shorter."""
    if key[-len(short) :] == short:
        return True
    if len(short) < 2 or short[0] != key[0] or short[-1] != key[-1]:
        return False
    rest = iter(key[1:-1])
    return all(word in rest for word in short[1:-1])


class People:
    def __init__(self, names: list[tuple[Name, bool]]) -> None:
        self.mentions = [
            Person(name_key(n.mention.text), n.mention.text, n.mention.start, n.titles,
                   n.gender, in_quote)
            for n, in_quote in names if n.mention.kind == "name"
        ]
        self.starts = [p.start for p in self.mentions]
        # Mentions grouped by name, and the distinct names by first and last word:
        # a name mentioned 10,000 times is one entry, so look-ups stay linear.
        self.by_key: dict[tuple[str, ...], list[Person]] = {}
        self.by_edge: dict[str, list[tuple[str, ...]]] = {}
        for person in self.mentions:
            if person.key not in self.by_key:
                self.by_key[person.key] = []
                for word in dict.fromkeys((person.key[0], person.key[-1])):
                    self.by_edge.setdefault(word, []).append(person.key)
            self.by_key[person.key].append(person)
        self._longer_memo: dict[tuple[str, ...], list[tuple[str, ...]]] = {}
        self._fullest: dict[tuple[str, ...], Person | None] = {}
        self._introduced: dict[tuple[str, ...], bool] = {}
        self._gender: dict[tuple[str, ...], str | None] | None = None
        self._titled: dict[Phrase, tuple[list[int], list[Person]]] | None = None

    def _longer(self, short: tuple[str, ...]) -> list[tuple[str, ...]]:
        """Names with more words that begin or end with ``short``."""
        if not short:
            return []
        if short not in self._longer_memo:
            n = len(short)
            found = dict.fromkeys(self.by_edge.get(short[0], []) + self.by_edge.get(short[-1], []))
            self._longer_memo[short] = [k for k in found if len(k) > n
                                        and (k[-n:] == short or k[:n] == short)]
        return self._longer_memo[short]

    def _fullest_person(self, short: tuple[str, ...]) -> Person | None:
        if short not in self._fullest:
            best: Person | None = None
            best_score: tuple[int, int, int, int] | None = None
            longer = self._longer(short)
            for key in longer:
                person = self.by_key[key][0]
                if self._compound(person.text):
                    continue  # "the Obama-Clinton years": two people, not a fuller name
                suffix = int(key[-len(short) :] == short)
                # a name counts the mentions of the shorter names it ends with:
                # "Nguyễn Hữu Thắng" once beats "Hữu Thắng" five times
                mentions = sum(len(self.by_key[k]) for k in longer
                               if len(k) <= len(key) and _shortens(k, key))
                score = (suffix, mentions, len(key), -person.start)
                if best_score is None or score > best_score:
                    best, best_score = person, score
            self._fullest[short] = best
        return self._fullest[short]

    def _compound(self, text: str) -> bool:
        """A hyphenated run whose parts are each a name the document gives."""
        parts = [name_key(part) for part in text.split("-") if part.strip()]
        whole = name_key(text)
        return len(parts) >= 2 and all(
            key in self.by_key or any(k != whole for k in self._longer(key)) for key in parts)

    def fullest(self, text: str, position: int = 0) -> str:
        """The fullest name in the document for the person called ``text``.

        Among longer names that begin or end with it: a surname or given name
        match first, then the most mentioned, the longest, the earliest.
        """
        best = self._fullest_person(name_key(text))
        return best.text if best is not None else text

    def _full_key(self, key: tuple[str, ...]) -> tuple[str, ...]:
        best = self._fullest_person(key)
        return best.key if best is not None else key

    def introduced(self, text: str) -> bool:
        """Whether the document introduces this name: full, titled or repeated."""
        key = name_key(text)
        if len(key) >= 2:
            return True
        if key not in self._introduced:
            related = [p for k in (key, *self._longer(key)) for p in self.by_key.get(k, [])]
            self._introduced[key] = len(related) >= 2 or any(p.titles or p.gender
                                                              for p in related)
        return self._introduced[key]

    def gender_of(self, text: str) -> str | None:
        """The gender an honorific gave this person anywhere in the document."""
        if self._gender is None:
            self._gender = {}
            for person in self.mentions:
                if person.gender in ("male", "female"):
                    self._gender.setdefault(self._full_key(person.key), person.gender)
        return self._gender.get(self._full_key(name_key(text)))

    def by_title(self, titles: frozenset[Phrase], position: int) -> str | None:
        """The nearest person before ``position`` introduced with one of ``titles``."""
        if self._titled is None:
            self._titled = {}
            for person in self.mentions:
                for title in person.titles:
                    self._titled.setdefault(title, ([], []))
                    self._titled[title][0].append(person.start)
                    self._titled[title][1].append(person)
        nearest: Person | None = None
        for title in titles:
            starts, people = self._titled.get(title, ([], []))
            i = bisect_right(starts, position - 1) - 1
            if i >= 0 and (nearest is None or people[i].start > nearest.start):
                nearest = people[i]
        return self.fullest(nearest.text, nearest.start) if nearest else None

    def recent(self, position: int, floor: int, gender: str | None,
               sentence_starts: Sequence[int] = (), subject_from: int | None = None
               ) -> str | None:
        """The most salient person mentioned outside quotes in ``[floor, position)``.

        The nearest sentence with a person wins; in it, a person whose known
        gender fits the pronoun, else the first person (the sentence's subject,
        most often), after ``subject_from`` when the sentence opens with an
        adverbial phrase ("On Tuesday, Clinton criticized …").
        """
        window = self.mentions[bisect_left(self.starts, floor) : bisect_left(self.starts, position)]
        candidates = [p for p in window if not p.in_quote and self._person_like(p)]
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
        return (len(person.key) >= 2 or bool(person.titles)
                or len(self.by_key[person.key]) > 1 or bool(self._longer(person.key)))
