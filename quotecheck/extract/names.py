"""Reading a capitalised run as a name: a person, an organisation, or nothing.

Titles, honorifics, places and qualifiers are stripped; a Vietnamese name is found by
its structure (a family name from the lexicon, then 1-3 syllables); a lone capitalised
sentence opener that is a common word or plural is no name.
"""

from __future__ import annotations

from dataclasses import dataclass

from quotecheck.backends import Analysis, Entity
from quotecheck.extract.layout import Layout
from quotecheck.lexicon import Lexicon, Phrase
from quotecheck.records import Mention

_HEADLINE_RUN = 4  # a capitalised run this long may be a Title Case headline


@dataclass(frozen=True, slots=True)
class Name:
    """A capitalised run read as a name, with what surrounded it."""

    mention: Mention
    first: int  # token indices of the name proper, titles stripped
    last: int
    titles: frozenset[Phrase]
    gender: str | None


class NameReader(Layout):
    """The document's layout, and its entities read as names (memoised)."""

    def __init__(self, text: str, analysis: Analysis, lexicon: Lexicon) -> None:
        super().__init__(text, analysis, lexicon)
        self._names: dict[Entity, Name | None] = {}

    def name(self, entity: Entity) -> Name | None:
        """Read an entity as a person or organisation name, or ``None`` (memoised)."""
        if entity not in self._names:
            self._names[entity] = self._read_name(entity)
        return self._names[entity]

    def _read_name(self, entity: Entity) -> Name | None:
        lex = self.lex
        first, last = entity.first, entity.last
        honorific = self._honorific_before(first)
        if honorific is not None and first == last and not self._common_word(first):
            # "ông Mỹ": after an honorific one word is a person even if it names a place
            return self._named(first, last, "name", frozenset(self._prefix_titles(first)),
                               honorific)
        while first < last and (self._common_word(first) or (
                self.keys[first] in lex.prepositions and self.opens_sentence(first))) and not (
                self.phrase_at(first, lex.honorifics) or self.phrase_at(first, lex.titles)):
            first += 1  # "Dù Long Nhật …", "Despite George Will": an opener, not the name
        for group in (lex.titles, lex.organisation_heads, lex.places, lex.role_nouns):
            if first + self.phrase_at(first, group) - 1 > last:
                return None  # "Tổng" of "Tổng thống": the start of a title, not a name
        while last >= first and (self.keys[last] in lex.not_names
                                 or self.keys[last] in lex.connectors):
            last -= 1
        outlet = self._outlet_ending(entity.first, last)
        if outlet is not None:  # "The Washington Post": a place does not start it
            return self._named(outlet, last, "organisation", frozenset(), None)
        if first == last and (self._common_word(first) or self._plural_opener(first)):
            return None  # "Just", "Demonstrators": a capitalised opening, not a name
        person = self._surname_start(first, last)
        if person is not None:  # "Bộ Công Thương Phạm Quốc Hưng": the name is the end
            inner = {tuple(self.keys[i : i + size]) for i in range(first, person)
                     if (size := self.phrase_at(i, lex.titles)) and i + size <= person}
            return self._named(person, last, "name", frozenset(
                self._prefix_titles(entity.first) | inner), self._honorific_before(entity.first))
        for i in range(first, last + 1):
            if self.phrase_at(i, lex.titles) > self.phrase_at(i, lex.organisation_heads):
                break  # "Bộ trưởng …" is a title, not the ministry "Bộ"
            if self.phrase_at(i, lex.organisation_heads):
                while first < last and self.keys[first] in lex.not_names:
                    first += 1
                return self._named(first, last, "organisation", frozenset(), None)
        titles: set[Phrase] = set()
        gender: str | None = None
        while first <= last:
            size = self._strip_size(first, last, titles)
            words = tuple(self.keys[first : first + size])
            if size == 0 or (gender is not None and first + size > last):
                break  # "Mr. King": after an honorific the last word is the name
            if words in lex.honorifics:
                gender = lex.honorifics[words]
            first += size
        first = self._after_inner_title(first, last, titles)
        first, last = self._after_connector(first, last)
        if entity.label != "ORG":
            last = self._before_headline_words(first, last)
        if first > last:
            return None
        kind = ("organisation" if entity.label == "ORG" or self._coded(first, last)
                or self._is_outlet(first, last) else "name")
        prefix = self._prefix_titles(entity.first)
        honorific = self._honorific_before(entity.first)
        if honorific is not None:
            gender = gender or honorific
        return self._named(first, last, kind, frozenset(titles | prefix), gender)

    def repeated(self, name: Name) -> bool:
        """Not a lone capitalised opener: several words, a title or honorific, or
        capitalised at least twice in the document."""
        return (name.last > name.first or bool(name.titles) or name.gender is not None
                or self.capitalised_count(self.keys[name.first]) >= 2)

    def _common_word(self, i: int) -> bool:
        """A word the document also writes in lower case, capitalised here only
        because it opens a sentence, paragraph or quote."""
        return (self.tokens[i].capitalised and self.keys[i] in self.lowercase_words()
                and self.opens_sentence(i))

    def _plural_opener(self, i: int) -> bool:
        """A lone capitalised plural opening a sentence ("Demonstrators said"), which the
        document never capitalises again: a common noun, not a name."""
        if not (self.lex.plural_endings and self.tokens[i].capitalised
                and self.opens_sentence(i)):
            return False  # a lower-case name a model found ("bell hooks") is kept
        return (self.capitalised_count(self.keys[i]) < 2
                and self.keys[i].endswith(tuple(self.lex.plural_endings)))

    def _surname_start(self, first: int, last: int) -> int | None:
        """Where a person's name opens a run's last 2-4 words by its structure.

        In languages with a surname list (Vietnamese), a name is a surname then
        one to three middle and given syllables; what stands before it in the
        same capitalised run qualifies it (an organisation, a place, a title
        abbreviation). Only a run with such a qualifier is split here, at the
        first surname that leaves 2-4 words; a two-word name needs a qualifier
        that is not an organisation ("Công ty Mai Linh" stays a company).
        """
        surnames = self.lex.surnames
        if not surnames or last - first < 2:
            return None
        if self.keys[first] in surnames and last - first < 4:
            return None  # the run is itself a name: "Lý Quang Vinh"
        covered = first  # words inside a place or title phrase ("Thái Bình Dương")
        for p in range(first + 1, last):
            for i in range(max(covered, first), p):
                size = max(self.phrase_at(i, self.lex.places), self.phrase_at(i, self.lex.titles))
                covered = max(covered, i + size)
            size = last - p + 1
            if self.keys[p] not in surnames or size > 4 or p < covered:
                continue
            if size == 2 and any(self.phrase_at(i, self.lex.organisation_heads)
                                 for i in range(first, p)):
                return None
            return p
        return None

    def _person_by_structure(self, name: Name) -> bool:
        """A surname and 2-3 more syllables: a person even right after "Công ty"."""
        size = name.last - name.first + 1
        return self.keys[name.first] in self.lex.surnames and 3 <= size <= 4

    def _named(self, first: int, last: int, kind: str, titles: frozenset[Phrase],
               gender: str | None) -> Name:
        start, end = self.tokens[first].start, self.tokens[last].end
        text = self.text[start:end]
        if text.endswith(("'s", "’s")):
            text, end = text[:-2], end - 2
        mention = Mention(start, end, text, kind)  # type: ignore[arg-type]
        return Name(mention, first, last, titles, gender)

    def _strip_size(self, first: int, last: int, titles: set[Phrase]) -> int:
        """Words at ``first`` that are a title, honorific, place or filler."""
        lex = self.lex
        if self.keys[first] in lex.not_names or self.keys[first] in lex.connectors:
            return 1
        title = self.phrase_at(first, lex.titles)
        if title and first + title - 1 <= last:
            titles.add(tuple(self.keys[first : first + title]))
            return title
        for group in (lex.honorifics, lex.places):
            size = self.phrase_at(first, group)
            if size and first + size - 1 <= last:
                return size
        return 0

    def _after_inner_title(self, first: int, last: int, titles: set[Phrase]) -> int:
        """In "Massachusetts Sen. Elizabeth Warren" the name follows the title."""
        for i in range(last - 1, first, -1):
            size = self.phrase_at(i, self.lex.titles) or self.phrase_at(i, self.lex.honorifics)
            if size and i + size <= last:
                titles.add(tuple(self.keys[i : i + size]))
                return i + size
        return first

    def _after_connector(self, first: int, last: int) -> tuple[int, int]:
        """In "Kim Sung-han tại Washington", the name is the part before "tại"."""
        for i in range(last, first - 1, -1):
            if self.keys[i] in self.lex.connectors:
                rest = i + 1
                while rest <= last and self._strip_size(rest, last, set()):
                    rest += self._strip_size(rest, last, set())
                person_first = self._full_name(first, i - 1) or (
                    i > first and self._organisation_like(rest, last)) if rest <= last else True
                if not person_first:
                    return rest, last
                # "HLV Frank Vendel của U23 Lào", "Marc Lasry of Avenue Capital": a full
                # name (or a person of a team) comes first
                return first, i - 1
        return first, last

    def _before_headline_words(self, first: int, last: int) -> int:
        """A Title Case headline is not a name: in "Obama Says African-American Museum
        Will Tell" the name ends before the speech verb, and in a long run with several
        words the document writes in lower case elsewhere ("museum", "will"), before
        the first of them."""
        for i in range(first + 1, last + 1):
            if self.phrase_at(i, self.lex.verbs):
                return i - 1  # "Obama Says …": a speech verb ends the name
        if last - first + 1 < _HEADLINE_RUN:
            return last
        common = [i for i in range(first + 1, last + 1)  # "de la" in a name is no headline
                  if self.tokens[i].capitalised and self.keys[i] in self.lowercase_words()
                  and self.keys[i] not in self.lex.name_particles]
        return common[0] - 1 if len(common) >= 2 else last

    def _full_name(self, first: int, last: int) -> bool:
        """Several capitalised words none of which the document writes in lower case:
        "Marc Lasry", not "Former Security" (a title written wrong) or "Ambassador"."""
        return last > first and not any(self.keys[i] in self.lowercase_words()
                                         for i in range(first, last + 1))

    def _organisation_like(self, first: int, last: int) -> bool:
        """A team, body or acronym rather than a person: "U23 Lào", "VFF", "Bộ Y tế"."""
        return self._coded(first, last) or bool(
            self.phrase_at(first, self.lex.organisation_heads))

    def _coded(self, first: int, last: int) -> bool:
        """An acronym ("VFF") or a run with a digit ("U23 Malaysia"): never a person."""
        text = self.span_text(first, last)
        acronym = first == last and self.keys[first].upper() == text
        return acronym or any(c.isdigit() for c in text)

    def _is_outlet(self, first: int, last: int) -> bool:
        return tuple(self.keys[first : last + 1]) in self.lex.outlets

    def _outlet_ending(self, first: int, last: int) -> int | None:
        """The first token of the longest outlet name that ends the run at ``last``
        ("The New York Times", "the Post" is not one: "post" alone is not listed),
        an article before the run included."""
        start = first - 1 if first > 0 and self.keys[first - 1] == "the" else first
        for i in range(max(start, last + 1 - self.lex.max_phrase), last + 1):
            if self._is_outlet(i, last):
                return i
        return None

    def _prefix_titles(self, first: int) -> set[Phrase]:
        """Titles in the few words before a name ("Đại sứ Mỹ tại Nhật Bản Rahm …")."""
        found: set[Phrase] = set()
        for j in range(first - 1, max(-1, first - 9), -1):
            if self.is_stop(j) or self.keys[j] == ",":
                break
            size = self.phrase_ending(j, self.lex.titles)
            if size:
                found.add(tuple(self.keys[j - size + 1 : j + 1]))
        return found

    def _honorific_before(self, first: int) -> str | None:
        if first == 0:
            return None
        size = self.phrase_ending(first - 1, self.lex.honorifics)
        if not size:
            return None
        return self.lex.honorifics[tuple(self.keys[first - size : first])]
