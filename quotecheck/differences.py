"""What differs between two versions of one statement (the altered-quote rule):
numbers, a negation present in one version only, upper-case words pasted in.

Versions are compared on their matching keys (``Keyed``) and texts; nothing here
reads a corpus, so the rule and its tests can call it on any two versions.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from rapidfuzz import fuzz

from quotecheck.records import Keyed, Quote

NEAR_IDENTICAL = 85.0  # wording this close, a negation changes the meaning


def changes_between(a: Quote, ka: Keyed, b: Quote, kb: Keyed,
                    negations_by_lang: Mapping[str, frozenset[str]]) -> list[str]:
    """What differs between two versions of one statement, as phrases for a message:
    numbers, a negation in one only (when the rest is near-identical), upper-case
    words inserted (a menu item pasted into the quote)."""
    changes: list[str] = []
    na, nb = _numbers(ka), _numbers(kb)
    if na != nb:
        changes.append(f"numbers {_listed(na - nb)} in {a.document} but "
                       f"{_listed(nb - na)} in {b.document}")
    negations = (negations_by_lang.get(a.lang, frozenset())
                 | negations_by_lang.get(b.lang, frozenset()))
    ga = [w for w in ka.words if w in negations]
    gb = [w for w in kb.words if w in negations]
    if len(ga) != len(gb):
        rest_a = " ".join(w for w in ka.words if w not in negations)
        rest_b = " ".join(w for w in kb.words if w not in negations)
        if fuzz.ratio(rest_a, rest_b) >= NEAR_IDENTICAL:
            more = a.document if len(ga) > len(gb) else b.document
            changes.append(f"a negation ({', '.join(ga or gb)}) only in {more}")
    for quote, inserted in ((a, _shouting(a, b)), (b, _shouting(b, a))):
        if inserted:
            changes.append(f"words inserted in {quote.document}: {inserted!r}")
    return changes


def _numbers(keyed: Keyed) -> set[str]:
    if not _DIGIT_RE.search(keyed.key):  # most quotes: no number at all
        return set()
    return set(_NUMBER_RE.findall(keyed.key))


_DIGIT_RE = re.compile(r"\d")
_NUMBER_RE = re.compile(r"(?<![^ ])\d[^ ]*")  # key words that start with a digit ("u23" is a name)


def _listed(items: set[str]) -> str:
    return ", ".join(sorted(items)) if items else "none"


def _shouting(a: Quote, b: Quote) -> str | None:
    """Two or more upper-case words in ``a`` and not in ``b`` (a menu item pasted in)."""
    if sum(map(str.isupper, a.text)) < 4:  # a run needs two words of two capitals
        return None
    upper_b = {w for w in b.text.split() if w.isupper()}
    run: list[str] = []
    for word in [*a.text.split(), ""]:
        bare = word.strip(".,;:!?\"'“”’‘")
        if bare.isupper() and len(bare) >= 2 and bare not in upper_b:
            run.append(bare)
            continue
        if len(run) >= 2:
            return " ".join(run)
        run = []
    return None
