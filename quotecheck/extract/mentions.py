"""Who a stretch of text names: people, organisations, pronouns, roles, descriptions.

Works on the document's layout and names with the language's lexicon; it knows
nothing of quotes. ``subject_before`` and ``subject_after`` find the speaker of a cue.
"""

from __future__ import annotations

from quotecheck.extract.names import Name, NameReader
from quotecheck.records import Mention

__all__ = ["Context", "Name"]

_MAX_SCAN = 40  # tokens scanned for a subject (appositions included)
_MAX_APPOSITION = 36
_MAX_DESCRIPTION = 9  # words of an unnamed-source description
_APPOSITION_STOP = frozenset(".!?;:“”\"«»„")
_DASHES = frozenset("-–—")
_QUALIFIER_GAP = 3  # lower-case words between a qualifying run and the name
_ROLE_GAP = 4  # words between a role noun and its "of": "vị HLV trưởng của đội"


class Context(NameReader):
    """One document's layout and names, and the mentions around its cues."""

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
            owner = self._person_ending(before - 1, floor) if joined else None
            if owner is not None:  # "HLV Frank Vendel của đội U23 Lào": the person speaks
                return owner
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

    def _person_ending(self, j: int, floor: int) -> Name | None:
        """A person's name that ends at token ``j``."""
        entity = self.entity_ending.get(j) if j >= floor else None
        name = self.name(entity) if entity is not None and entity.first >= floor else None
        return name if name is not None and name.mention.kind == "name" else None

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
        found: int | None = None
        for k in range(j, max(floor - 1, j - _MAX_DESCRIPTION), -1):
            if self.is_stop(k) or self.keys[k] == ",":
                break
            if self.keys[k] in self.lex.unnamed_starters:
                found = k  # "a senior official"; "the port" of "a senior official at the port"
                if k == 0 or (self.keys[k - 1] not in self.lex.prepositions
                              and self.keys[k - 1] not in self.lex.connectors):
                    break
        # a determiner alone ("a written statement") is none
        return self._description(found, j) if found is not None else None

    def _description(self, first: int, last: int) -> Mention | None:
        """The noun phrase of a description in tokens ``[first, last]``: it ends before
        a relative clause, conjunction or auxiliary ("a Democratic strategist who",
        "a spokesman for X could") and not on a preposition or determiner."""
        lex = self.lex
        for m in range(first + 1, last + 1):
            if self.keys[m] in lex.description_stops:
                last = m - 1
                break
        while last > first and (self.keys[last] in lex.prepositions
                                or self.keys[last] in lex.noun_markers
                                or self.keys[last] in lex.connectors):
            last -= 1
        return self._mention(first, last, "description") if last > first else None

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
        return self._description(k, last)
