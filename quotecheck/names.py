"""Comparing person names across documents, and the user's aliases file.

Two mentions are the *same person* when they are equal, declared aliases, one is
the other's surname or given name ("Okafor" / "Tomas Okafor", "Hưng" / "Phạm
Quốc Hưng"), or a *spelling variant* ("Helena Marsh" / "Helena Marsch",
"Hùng" / "Hưng"). A variant of a name seen across the corpus outside quotes
must share one word exactly and resemble it in every other word, so two
different people with a common surname (two Kims) are not variants.
"""

from __future__ import annotations

import tomllib
import unicodedata
from collections.abc import Iterable, Mapping
from functools import lru_cache
from pathlib import Path

from rapidfuzz import fuzz

from quotecheck.errors import UsageError
from quotecheck.files import read_small
from quotecheck.lexicon import fold

SPEAKER_WORD = 80.0  # every differing word of a speaker's two spellings
CORPUS_WORD = 55.0  # ... of a name variant found across the corpus
CORPUS_NAME = 75.0  # and the whole name


@lru_cache(maxsize=1 << 16)
def words(name: str) -> tuple[str, ...]:
    return tuple(fold(w) for w in name.split())


def without_marks(word: str) -> str:
    decomposed = unicodedata.normalize("NFD", word)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return bare.replace("đ", "d").replace("Đ", "D")


class Aliases:
    """Names the user declares to be one person (``--aliases FILE``).

    The file is TOML: ``[aliases]`` maps a canonical name to a list of other
    spellings, ``"Antony Blinken" = ["Tony Blinken", "布林肯"]``.
    """

    def __init__(self, groups: Mapping[str, Iterable[str]] | None = None) -> None:
        self.canonical: dict[tuple[str, ...], tuple[str, ...]] = {}
        for name, others in (groups or {}).items():
            for other in (name, *others):
                self.canonical[words(other)] = words(name)

    @classmethod
    def load(cls, path: str | Path) -> Aliases:
        text = read_small(path, "aliases file")  # a regular file, size-capped
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            raise UsageError(f"aliases file {path}: {exc}") from None
        except RecursionError:
            raise UsageError(f"aliases file {path}: not valid TOML (nested too deeply)"
                             ) from None
        table = data.get("aliases")
        if not isinstance(table, dict):
            raise UsageError(f"aliases file {path}: expected an [aliases] table")
        groups: dict[str, list[str]] = {}
        for name, others in table.items():
            others = [others] if isinstance(others, str) else others
            if not isinstance(others, list) or not all(isinstance(o, str) for o in others):
                raise UsageError(f"aliases file {path}: '{name}' must map to a name or a list")
            groups[name] = others
        return cls(groups)

    def key(self, name: str) -> tuple[str, ...]:
        return self.canonical.get(words(name), words(name))

    def declared(self, a: str, b: str) -> bool:
        return words(a) in self.canonical and self.key(a) == self.key(b)


def part_of(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """``a`` is the first or last words of ``b`` (a surname, a given name)."""
    n = len(a)
    return 0 < n < len(b) and (b[:n] == a or b[-n:] == a)


def spelling_variant(a: str, b: str, *, word_floor: float = SPEAKER_WORD) -> bool:
    """Two spellings of one name: same words but for small differences."""
    wa, wb = words(a), words(b)
    if wa == wb or len(wa) != len(wb):
        return False
    for x, y in zip(wa, wb, strict=True):
        if x != y and without_marks(x) != without_marks(y) and fuzz.ratio(x, y) < word_floor:
            return False
    return True


def same_person(a: str, b: str, aliases: Aliases) -> bool:
    ka, kb = aliases.key(a), aliases.key(b)
    return (ka == kb or part_of(ka, kb) or part_of(kb, ka) or spelling_variant(a, b)
            or _shared_names(a, b))


def _shared_names(a: str, b: str) -> bool:
    """The same last name, and one name's first name inside the other: "Hillary Rodham
    Clinton" and a run that kept a title word, "State Hillary Clinton" (but "Nguyễn Quốc
    Khánh" and "Đặng Quốc Khánh" differ in the family name: two people, or an error)."""
    wa, wb = words(a), words(b)
    return (len(wa) >= 2 and len(wb) >= 2 and wa[-1] == wb[-1]
            and (wa[0] in wb[:-1] or wb[0] in wa[:-1]))


def corpus_variant(a: str, b: str) -> bool:
    """A name spelled two ways across documents (``Yoon Seok-yue`` / ``Yoon Suk-yeol``)."""
    wa, wb = words(a), words(b)
    if len(wa) < 2 or len(wa) != len(wb) or wa == wb:
        return False
    if not any(x == y for x, y in zip(wa, wb, strict=True)):
        return False
    if fuzz.ratio(" ".join(wa), " ".join(wb)) < CORPUS_NAME:
        return False
    if any(abs(len(x) - len(y)) > 1 for x, y in zip(wa, wb, strict=True)):
        return False  # John McCain / John Mica: different names, not a misspelling
    return spelling_variant(a, b, word_floor=CORPUS_WORD)
