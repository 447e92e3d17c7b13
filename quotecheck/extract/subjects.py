"""The subject of a cue's clause, when no speaker stands right before the cue.

``"Clinton celebrated in Florida, declaring it …"``, ``"On Friday, Mr. Carson endorsed
Mr. Trump, calling him …"`` and ``"X issued the following statement: …"`` name their
speaker at the start of the clause, not next to the cue. The clause starts at the
sentence start, or after an opening adverbial ("On Friday,", "In an interview with
Y,") that begins with a preposition or a word that never starts a name. Its subject
is the first name among the clause's first few words that is not the object of a
preposition, or the name a title joins it to ("Republican nominee Ivo Brandt").
"""

from __future__ import annotations

from quotecheck.extract.mentions import Context, Name

_OPENING = 16  # tokens of an opening adverbial, up to its comma
_SUBJECT_WORDS = 5  # the subject starts among the clause's first tokens
_OPENERS = 3  # opening adverbial phrases skipped, one after another


def clause_subject(ctx: Context, lo: int, hi: int) -> Name | None:
    """The name that is the subject of the clause in tokens ``[lo, hi)``."""
    start = _clause_start(ctx, lo, hi)
    best: Name | None = None
    for k in range(start, min(hi, start + _SUBJECT_WORDS)):
        if ctx.is_stop(k):
            break
        entity = ctx.entity_starting.get(k)
        if entity is None or entity.last >= hi:
            continue
        if k > 0 and ctx.keys[k - 1] in ctx.lex.prepositions:
            continue
        if best is not None and not ctx.phrase_ending(k - 1, ctx.lex.titles):
            break  # the first name is the subject, unless a title joins it to this one
        name = ctx.name(entity)
        if name is not None and name.mention.kind == "organisation":
            return name if best is None else best  # "the Illinois Board of Elections was"
        if name is not None and name.mention.kind == "name" and ctx.repeated(name):
            best = name
    return best


def _clause_start(ctx: Context, lo: int, hi: int) -> int:
    """After an opening adverbial phrase and its comma, else ``lo``."""
    for _ in range(_OPENERS):  # "On Thursday, after a long wait, Warren said"
        opener = ctx.keys[lo] if lo < hi else ""
        if opener not in ctx.lex.prepositions and opener not in ctx.lex.not_names:
            return lo
        comma = next((k for k in range(lo + 1, min(hi, lo + _OPENING)) if ctx.keys[k] == ","),
                     None)
        if comma is None:
            return lo
        lo = comma + 1
    return lo
