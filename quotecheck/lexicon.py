"""Per-language knowledge, loaded from ``quotecheck/lexicons/<lang>.toml``.

Adding a language is adding a data file: the engine reads every list from here.
Phrases are stored as tuples of case-folded words so the attribution engine can
match them against tokens.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from collections.abc import Collection
from dataclasses import dataclass, fields, replace
from functools import cache, lru_cache
from importlib import resources
from typing import Any

from quotecheck.errors import LexiconError

Phrase = tuple[str, ...]
_CODE_RE = re.compile("[a-z]{2,8}")


@lru_cache(maxsize=1 << 16)
def fold(word: str) -> str:
    """The comparison key of a word: NFC, case-folded, without zero-width marks."""
    word = word.replace("\u200b", "").replace("\u200c", "").replace("\u200d", "")
    word = word.replace("\u2060", "").replace("\ufeff", "").replace("’", "'")
    return unicodedata.normalize("NFC", word).casefold()


def phrase(text: str) -> Phrase:
    """Split a lexicon entry into folded words, the way documents are tokenised."""
    return tuple(fold(word) for word in text.split())


@dataclass(frozen=True, slots=True)
class Lexicon:
    code: str
    name: str
    script: str
    common_words: frozenset[str]  # the most frequent words, for quick detection
    apostrophe_words: frozenset[str]
    verbs: frozenset[Phrase]
    inverted: frozenset[Phrase]
    according: frozenset[Phrase]
    quoting: frozenset[Phrase]
    relay_verbs: frozenset[Phrase]
    bylines: frozenset[Phrase]
    modifiers: frozenset[Phrase]
    clause_links: frozenset[str]  # ", and declared", "by saying": the clause's subject speaks
    complementizers: frozenset[str]  # "reported that “…”": the report's own words follow
    noun_markers: frozenset[str]  # "the report", "his answer": a cue word after them is a noun
    titles: frozenset[Phrase]
    honorifics: dict[Phrase, str]  # phrase -> "female" | "male" | "other"
    name_particles: frozenset[str]
    surnames: frozenset[str]  # family names that open a person's name (Vietnamese)
    prepositions: frozenset[str]  # a name after one is an object, not a speaker
    plural_endings: frozenset[str]  # a lone capitalised opener ending so is a common noun
    unnamed_starters: frozenset[str]
    description_stops: frozenset[str]  # "who", "but", "could": a description ends before them
    organisation_heads: frozenset[Phrase]
    outlets: frozenset[Phrase]
    not_names: frozenset[str]
    places: frozenset[Phrase]
    connectors: frozenset[str]
    pronouns: dict[Phrase, str]  # phrase -> "female" | "male" | "other"
    role_nouns: dict[Phrase, frozenset[Phrase]]
    abbreviations: frozenset[str]
    negations: frozenset[Phrase]
    synonyms: dict[Phrase, str]
    cue_words: frozenset[Phrase]  # every cue phrase: verbs, "according to", quoting, relays
    max_phrase: int  # words in the longest phrase of any list: bounds phrase look-ups
    phrase_starts: frozenset[str]  # first words of every phrase of every list
    phrase_ends: frozenset[str]  # and last words: most tokens are neither


def available() -> list[str]:
    """Codes of the languages that have a lexicon file, sorted."""
    folder = resources.files("quotecheck") / "lexicons"
    return sorted(p.name[:-5] for p in folder.iterdir() if p.name.endswith(".toml"))


def _table(data: dict[str, Any], key: str, source: str) -> dict[str, Any]:
    value = data.get(key)
    if not isinstance(value, dict):
        raise LexiconError(f"{source}: missing table [{key}]")
    return value


def _synonyms(matching: dict[str, Any], source: str) -> dict[Phrase, str]:
    """Phrases and the one word that stands for them in matching keys."""
    found: dict[Phrase, str] = {}
    for key, value in _table(matching, "synonyms", source).items():
        if not isinstance(value, str) or len(value.split()) != 1:
            raise LexiconError(f"{source}: synonym '{key}' must map to one word")
        found[phrase(key)] = fold(value)
    return found


def _words(table: dict[str, Any], key: str, source: str) -> list[str]:
    value = table.get(key)
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise LexiconError(f"{source}: '{key}' must be a list of strings")
    return value


def _phrases(table: dict[str, Any], key: str, source: str) -> frozenset[Phrase]:
    return frozenset(p for p in (phrase(w) for w in _words(table, key, source)) if p)


def _gendered(table: dict[str, Any], source: str) -> dict[Phrase, str]:
    return {
        phrase(word): gender
        for gender in ("female", "male", "other")
        for word in _words(table, gender, source)
    }


_VOWELS = frozenset("aeiou")


def _inflect(word: str, rule: str) -> str | None:
    """One form of ``word`` by a "strip>add" rule; "+" doubles the last consonant."""
    strip, add = rule.split(">", 1)
    if strip == "+":
        single = (len(word) >= 3 and word[-1] not in _VOWELS | {"w", "x", "y"}
                  and word[-2] in _VOWELS and word[-3] not in _VOWELS)
        return word + word[-1] + add if single else None
    if strip and not word.endswith(strip):
        return None
    return word[: len(word) - len(strip)] + add


def inflections(base: str, rules: list[str], irregular: dict[str, list[str]]) -> set[str]:
    """A verb phrase's forms: its first word inflected by ``rules`` or listed as irregular."""
    first, *rest = base.split()
    forms = {first, *irregular.get(first, [])} if first in irregular else {first} | {
        form for rule in rules if (form := _inflect(first, rule)) is not None}
    return {" ".join([form, *rest]) for form in forms}


def _verb_forms(cues: dict[str, Any], key: str, source: str) -> frozenset[Phrase]:
    """The phrases of ``cues[key]`` (base forms) with every form the inflection rules make."""
    table = _table(cues, "inflection", source)
    rules = _words(table, "rules", source)
    if any(">" not in rule for rule in rules):
        raise LexiconError(f"{source}: inflection rules are written 'strip>add'")
    irregular = {forms.split()[0]: forms.split()[1:] for forms in _words(table, "irregular",
                                                                          source)}
    return frozenset(phrase(form) for base in _words(cues, key, source)
                     for form in inflections(base, rules, irregular))


def _add_title_roles(roles: dict[Phrase, frozenset[Phrase]], titles: frozenset[Phrase],
                     people: dict[str, Any], source: str) -> None:
    """Every title as a role noun: after a determiner ("the governor"), and alone
    where the language allows it ("Thủ tướng nói")."""
    bare = people.get("bare_titles")
    if not isinstance(bare, bool):
        raise LexiconError(f"{source}: 'bare_titles' must be true or false")
    determiners = [phrase(d) for d in _words(people, "role_determiners", source)]
    by_head: dict[str, set[Phrase]] = {}
    for title in titles:
        by_head.setdefault(title[0], set()).add(title)
    for title in titles:
        # "vị HLV trưởng" may be the person introduced as "HLV X": titles sharing a head
        related = frozenset(by_head[title[0]])
        for role in [d + title for d in determiners] + ([title] if bare else []):
            roles[role] = roles.get(role, frozenset()) | related


def parse(data: dict[str, Any], source: str) -> Lexicon:
    """Build a ``Lexicon`` from parsed TOML; ``source`` names the file in errors."""
    lang = _table(data, "language", source)
    marks = _table(data, "marks", source)
    cues = _table(data, "cues", source)
    people = _table(data, "people", source)
    text = _table(data, "text", source)
    matching = _table(data, "matching", source)
    pronouns = _gendered(_table(people, "pronouns", source), source)
    honorifics = _gendered(_table(people, "honorifics", source), source)
    role_table = _table(people, "role_nouns", source)
    role_nouns: dict[Phrase, frozenset[Phrase]] = {}
    for role, titles in role_table.items():
        if not isinstance(titles, list):
            raise LexiconError(f"{source}: role noun '{role}' must map to a list of titles")
        role_nouns[phrase(role)] = frozenset(phrase(t) for t in titles)
    _add_title_roles(role_nouns, _phrases(people, "titles", source), people, source)
    lexicon = Lexicon(
        code=str(lang.get("code", "")),
        name=str(lang.get("name", "")),
        script=str(lang.get("script", "Latin")),
        common_words=frozenset(fold(w) for w in _words(lang, "common_words", source)),
        apostrophe_words=frozenset(fold(w) for w in _words(marks, "apostrophe_words", source)),
        verbs=_verb_forms(cues, "verbs", source),
        inverted=_verb_forms(cues, "inverted", source),
        according=_phrases(cues, "according", source),
        quoting=_phrases(cues, "quoting", source),
        relay_verbs=_verb_forms(cues, "relay_verbs", source),
        bylines=_phrases(cues, "bylines", source),
        modifiers=_phrases(cues, "modifiers", source),
        clause_links=frozenset(fold(w) for w in _words(cues, "clause_links", source)),
        complementizers=frozenset(fold(w) for w in _words(cues, "complementizers", source)),
        noun_markers=frozenset(fold(w) for w in _words(cues, "noun_markers", source)),
        titles=_phrases(people, "titles", source),
        honorifics=honorifics,
        name_particles=frozenset(fold(w) for w in _words(people, "name_particles", source)),
        surnames=frozenset(fold(w) for w in _words(people, "surnames", source)),
        prepositions=frozenset(fold(w) for w in _words(people, "prepositions", source)),
        plural_endings=frozenset(fold(w) for w in _words(people, "plural_endings", source)),
        unnamed_starters=frozenset(fold(w) for w in _words(people, "unnamed_starters", source)),
        description_stops=frozenset(fold(w) for w in _words(people, "description_stops",
                                                             source)),
        organisation_heads=_phrases(people, "organisation_heads", source),
        outlets=_phrases(people, "outlets", source),
        not_names=frozenset(fold(w) for w in _words(people, "not_names", source)),
        places=_phrases(people, "places", source),
        connectors=frozenset(fold(w) for w in _words(people, "connectors", source)),
        pronouns=pronouns,
        role_nouns=role_nouns,
        abbreviations=frozenset(fold(w) for w in _words(text, "abbreviations", source)),
        negations=_phrases(matching, "negations", source),
        synonyms=_synonyms(matching, source),
        cue_words=frozenset(),
        max_phrase=1,
        phrase_starts=frozenset(),
        phrase_ends=frozenset(),
    )
    return _with_derived(lexicon)


def _with_derived(lex: Lexicon) -> Lexicon:
    """The lexicon with the fields computed from the others, once, not per look-up."""
    cue_words = lex.verbs | lex.according | lex.quoting | lex.relay_verbs
    lists: list[Collection[Phrase]] = [
        cue_words, lex.titles, lex.organisation_heads, lex.outlets, lex.places,
        lex.honorifics, lex.role_nouns, lex.pronouns, lex.modifiers,
    ]
    longest = max((len(p) for group in lists for p in group), default=1)
    phrases = [p for f in fields(lex) if isinstance(group := getattr(lex, f.name), Collection)
               and not isinstance(group, str) for p in group if isinstance(p, tuple) and p]
    return replace(lex, cue_words=cue_words, max_phrase=longest,
                   phrase_starts=frozenset(p[0] for p in phrases),
                   phrase_ends=frozenset(p[-1] for p in phrases))


def source_bytes(code: str) -> bytes:
    """The raw lexicon file of ``code`` (for the store's settings stamp)."""
    return (resources.files("quotecheck") / "lexicons" / f"{code}.toml").read_bytes()


@cache
def load(code: str) -> Lexicon:
    """The lexicon for language ``code``; raises ``LexiconError`` naming the fix."""
    langs = available()
    if code not in langs:  # a code, never a path: "../../x" must not reach the file system
        shown = code.encode("ascii", "backslashreplace").decode()[:40]
        hint = (f"; add quotecheck/lexicons/{code}.toml" if _CODE_RE.fullmatch(code)
                else " (a language code is 2 to 8 letters)")
        raise LexiconError(f"no lexicon for language '{shown}' (available: "
                           f"{', '.join(langs)}){hint}")
    entry = resources.files("quotecheck") / "lexicons" / f"{code}.toml"
    try:
        data = tomllib.loads(entry.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise LexiconError(f"lexicons/{code}.toml: {exc}") from exc
    return parse(data, f"lexicons/{code}.toml")
