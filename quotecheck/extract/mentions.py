"""Who a stretch of text names: people, organisations, pronouns, roles, descriptions.

Works on the backend's tokens and name entities with the language's lexicon; it
knows nothing of quotes. ``Context`` answers phrase look-ups by token index;
``subject_before`` and ``subject_after`` find the speaker of a cue.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass

from quotecheck.backends import Analysis, Entity, Token
from quotecheck.lexicon import Lexicon, Phrase
from quotecheck.records import Mention

_MAX_SCAN = 40  # tokens scanned for a subject (appositions included)
_MAX_APPOSITION = 36
_MAX_DESCRIPTION = 9  # words of an unnamed-source description
_STOP = frozenset(".!?;:“”\"«»„‘’'()[]")
_APPOSITION_STOP = frozenset(".!?;:“”\"«»„")
_DASHES = frozenset("-–—")
_QUALIFIER_GAP = 3  # lower-case words between a qualifying run and the name
_ROLE_GAP = 4  # words between a role noun and its "of": "vị HLV trưởng của đội"


@dataclass(frozen=True, slots=True)
class Name:
    """A capitalised run read as a name, with what surrounded it."""

    mention: Mention
    first: int  # token indices of the name proper, titles stripped
    last: int
    titles: frozenset[Phrase]
    gender: str | None


class Context:
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
        self._names: dict[Entity, Name | None] = {}
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

    # -- names -------------------------------------------------------------

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
        while first < last and self._common_word(first) and not (
                self.phrase_at(first, lex.honorifics) or self.phrase_at(first, lex.titles)):
            first += 1  # "Dù Long Nhật …": a sentence opener, not part of the name
        for group in (lex.titles, lex.organisation_heads, lex.places, lex.role_nouns):
            if first + self.phrase_at(first, group) - 1 > last:
                return None  # "Tổng" of "Tổng thống": the start of a title, not a name
        while last >= first and (self.keys[last] in lex.not_names
                                 or self.keys[last] in lex.connectors):
            last -= 1
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
        if first > last:
            return None
        acronym = first == last and self.keys[first].upper() == self.span_text(first, last)
        numbered = any(c.isdigit() for c in self.span_text(first, last))  # "U23 Malaysia"
        kind = ("organisation" if entity.label == "ORG" or acronym or numbered
                or self._is_outlet(first, last) else "name")
        prefix = self._prefix_titles(entity.first)
        honorific = self._honorific_before(entity.first)
        if honorific is not None:
            gender = gender or honorific
        return self._named(first, last, kind, frozenset(titles | prefix), gender)

    def repeated(self, name: Name) -> bool:
        """Not a lone capitalised opener: several words, a title or honorific, or
        capitalised at least twice in the document."""
        if self._capitalised is None:
            self._capitalised = Counter(t.key for t in self.tokens if t.capitalised)
        return (name.last > name.first or bool(name.titles) or name.gender is not None
                or self._capitalised[self.keys[name.first]] >= 2)

    def _common_word(self, i: int) -> bool:
        """A word the document also writes in lower case, capitalised here only
        because it opens a sentence, paragraph or quote."""
        if self._lowercase is None:
            self._lowercase = frozenset(t.key for t in self.tokens
                                        if t.is_word and not t.capitalised)
        return self.keys[i] in self._lowercase and self._opens_sentence(i)

    def _plural_opener(self, i: int) -> bool:
        """A lone capitalised plural opening a sentence ("Demonstrators said"), which the
        document never capitalises again: a common noun, not a name."""
        if not self.lex.plural_endings or not self._opens_sentence(i):
            return False
        if self._capitalised is None:
            self._capitalised = Counter(t.key for t in self.tokens if t.capitalised)
        return (self._capitalised[self.keys[i]] < 2
                and self.keys[i].endswith(tuple(self.lex.plural_endings)))

    def _opens_sentence(self, i: int) -> bool:
        return i == 0 or (not self.tokens[i - 1].is_word and self.keys[i - 1] not in ",(")

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
                return (rest, last) if rest <= last else (first, i - 1)
        return first, last

    def _is_outlet(self, first: int, last: int) -> bool:
        return tuple(self.keys[first : last + 1]) in self.lex.outlets

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

    # -- subjects of cues ----------------------------------------------------

    def subject_before(self, verb: int, lo: int) -> Name | Mention | None:
        """The speaker named just before the cue at token ``verb`` (not before ``lo``)."""
        j = verb - 1
        floor = max(lo, verb - _MAX_SCAN)
        while j >= floor:
            size = self.phrase_ending(j, self.lex.modifiers)
            if size:
                j -= size
                continue
            if self.keys[j] == ")":
                opening = self._opening_paren(j, floor)
                if opening is None:
                    return None
                j = opening - 1  # "Rep. Gwen Moore (D-Wis.) said"
                continue
            if self.keys[j] == ",":
                skipped = self._skip_apposition(j, floor)
                if skipped is not None:
                    j = skipped
                    continue
                if j - 1 >= floor and self._ends_name(j - 1):
                    return self._mention_ending(j - 1, floor)  # "The mediator, Dr. X, said"
                return None
            found = self._mention_ending(j, floor)
            if found is None:  # "Đại tá X - Trưởng Công an quận Y, Hà Nội cho biết"
                named = self._before_dash(j, floor)
                return self._mention_ending(named, floor) if named is not None else None
            return found
        return None

    def _before_dash(self, j: int, floor: int) -> int | None:
        """The end of a name before a dash apposition that runs up to ``j``."""
        for k in range(j, max(floor - 1, j - _MAX_APPOSITION), -1):
            if self.keys[k] in _APPOSITION_STOP:
                return None
            if self.keys[k] in _DASHES and k > 0 and self._ends_name(k - 1):
                return k - 1
        return None

    def _opening_paren(self, close: int, floor: int) -> int | None:
        for k in range(close - 1, max(floor - 1, close - 8), -1):
            if self.keys[k] == "(":
                return k
        return None

    def _skip_apposition(self, comma: int, floor: int) -> int | None:
        """Index of the token before ", apposition," ending at ``comma``, or None."""
        for k in range(comma - 1, max(floor - 1, comma - _MAX_APPOSITION), -1):
            if self.keys[k] in _APPOSITION_STOP:
                return None
            if self.keys[k] == "," and k > 0 and self._ends_name(k - 1):
                return k - 1
        return None

    def _ends_name(self, j: int) -> bool:
        """A name ends at ``j`` that can be a subject: not after a preposition
        ("in Columbus, Ohio, said" skips to the subject before)."""
        entity = self.entity_ending.get(j)
        if entity is None or self.name(entity) is None:
            return False
        return entity.first == 0 or self.keys[entity.first - 1] not in self.lex.prepositions

    def _mention_ending(self, j: int, floor: int) -> Name | Mention | None:
        lex = self.lex
        entity = self.entity_ending.get(j)
        if entity is not None:
            name = self.name(entity)
            before = entity.first - 1
            if (before - 1 >= floor and self.keys[before - 1] in lex.connectors
                    and self.tokens[before].is_word and not self.tokens[before].capitalised):
                before -= 1  # "của đội U23 Lào": one common noun between
            joined = before >= floor and self.keys[before] in lex.connectors
            if name is not None and joined:  # "vị HLV trưởng của đội U23 Việt Nam"
                return (self._description_ending(j, floor) or self._role_of(before, floor)
                        or name)
            if name is not None:
                return self._office_of(name, floor) or name
            if name is None and before >= floor and not joined:
                return self._mention_ending(before, floor) if self._is_title_end(before) else None
        for group, kind in ((lex.pronouns, "pronoun"), (lex.role_nouns, "role")):
            size = self.phrase_ending(j, group)
            if size and not (kind == "pronoun" and self._names_follow(j)):
                return self._mention(j - size + 1, j, kind)
        return self._description_ending(j, floor)

    def _role_of(self, connector: int, floor: int) -> Mention | None:
        """A role noun a few words before "của"/"of": the person holding it speaks."""
        for k in range(connector - 1, max(floor - 1, connector - _ROLE_GAP), -1):
            if self.is_stop(k) or self.keys[k] == ",":
                return None
            size = self.phrase_ending(k, self.lex.role_nouns)
            if size:
                return self._mention(k - size + 1, k, "role")
        return None

    def _office_of(self, name: Name, floor: int) -> Mention | None:
        """"Văn phòng Tổng thống X": the office speaks, not X."""
        k = name.first - 1
        titled = False  # the office of a title-holder: "Văn phòng Tổng thống X"
        while k >= floor:
            title = self.phrase_ending(k, self.lex.titles)
            size = title or self.phrase_ending(k, self.lex.places)
            if not size:
                break
            titled = titled or bool(title)
            k -= size
        size = self.phrase_ending(k, self.lex.organisation_heads) if k >= floor else 0
        if not size:
            return None
        if not titled and (k != name.first - 1 or self._person_by_structure(name)):
            return None  # "Thống đốc Ngân hàng Nhà nước Lê Minh Hưng" is the person
        start = self.tokens[k - size + 1].start
        return Mention(start, name.mention.end, self.text[start : name.mention.end],
                       "organisation")

    def _is_title_end(self, j: int) -> bool:
        return bool(self.phrase_ending(j, self.lex.titles) or self.phrase_ending(
            j, self.lex.role_nouns))

    def _names_follow(self, j: int) -> bool:
        return j + 1 < len(self.tokens) and (j + 1) in self.entity_starting

    def _description_ending(self, j: int, floor: int) -> Mention | None:
        """An unnamed source ending at ``j``: "một quan chức cấp cao của SDF"."""
        for k in range(j, max(floor - 1, j - _MAX_DESCRIPTION), -1):
            if self.is_stop(k) or self.keys[k] == ",":
                return None
            if self.keys[k] in self.lex.unnamed_starters:
                # "a senior official"; a determiner alone ("a written statement") is none
                return self._mention(k, j, "description") if k < j else None
        return None

    def _mention(self, first: int, last: int, kind: str) -> Mention:
        start, end = self.tokens[first].start, self.tokens[last].end
        return Mention(start, end, self.text[start:end], kind)  # type: ignore[arg-type]

    def subject_after(self, i: int, hi: int) -> Name | Mention | None:
        """The speaker named right after token ``i`` ("said Mr. Okafor", "theo X")."""
        lex = self.lex
        k = i
        limit = min(hi, i + 10)
        while k < limit:
            if self.is_stop(k) or self.keys[k] == ",":
                return None
            size = max(self.phrase_at(k, lex.titles), self.phrase_at(k, lex.honorifics),
                       self.phrase_at(k, lex.role_nouns), self.phrase_at(k, lex.pronouns))
            entity = self.entity_starting.get(k)
            if entity is not None and k + size - 1 <= entity.last:
                name = self.name(entity)  # "Mr. Burman": the run holds the honorific
                if name is not None:
                    # "said Harbour spokesman Ivo Calder": the run qualifies a name
                    return self._qualified(entity.last + 1, limit) or name
            if size:
                if self._name_at(k + size) is None:
                    for group, kind in ((lex.role_nouns, "role"), (lex.pronouns, "pronoun")):
                        if self.phrase_at(k, group) == size:
                            return self._mention(k, k + size - 1, kind)
                    if self.phrase_at(k, lex.titles) != size:
                        return None
                k += size  # a title or honorific before the name
                continue
            entity = self.entity_starting.get(k)
            if entity is not None:
                k = entity.last + 1  # not a name (a title or place run): read on
                continue
            if self.keys[k] in lex.unnamed_starters:
                return self._description_from(k, limit)
            if not self.tokens[k].is_word or self.phrase_at(k, lex.cue_words):
                return None
            k += 1  # "said union leader Helena Marsch"
        return None

    def _qualified(self, k: int, limit: int) -> Name | None:
        """A person's name after a few lower-case words ending in a title ("delegate",
        "spokesman"), when the capitalised run before them only qualified it."""
        for m in range(k, min(limit, k + _QUALIFIER_GAP + 1)):
            entity = self.entity_starting.get(m)
            if entity is not None and m > k:
                if not self.phrase_ending(m - 1, self.lex.titles):
                    return None  # "Leonard Burman of the Tax Policy Center": no title
                name = self.name(entity)
                return name if name is not None and name.mention.kind == "name" else None
            if not self.tokens[m].is_word or self.tokens[m].capitalised or self.phrase_at(
                    m, self.lex.cue_words):
                return None
        return None

    def _name_at(self, k: int) -> Name | None:
        entity = self.entity_starting.get(k)
        return self.name(entity) if entity is not None else None

    def _description_from(self, k: int, hi: int) -> Mention | None:
        last = k
        for m in range(k + 1, min(hi, k + _MAX_DESCRIPTION)):
            if self.is_stop(m) or self.keys[m] == "," or self.phrase_at(m, self.lex.verbs):
                break
            last = m
        return self._mention(k, last, "description") if last > k else None
