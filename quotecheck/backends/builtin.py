"""The built-in backend: rule-based tokens, sentences and capitalised-name runs.

No model, no download: the reference every other backend is compared with.
"""

from __future__ import annotations

import re

from quotecheck.backends import Analysis, Entity, Token
from quotecheck.lexicon import Lexicon, fold
from quotecheck.records import Span
from quotecheck.textutil import TOKEN_RE

_SENTENCE_END = frozenset(".!?…")
_CLOSERS = frozenset("\"'”’»)]")
_OPENERS = frozenset("\"'“‘«„([")
_MAX_RUN = 8  # capitalised words in one name run


def tokenize(text: str, lexicon: Lexicon, start: int = 0) -> list[Token]:
    tokens: list[Token] = []
    for match in TOKEN_RE.finditer(text, start):
        t0, t1 = match.span()
        word = match.group()
        is_word = word[0].isalnum()
        if is_word and t1 < len(text) and text[t1] == ".":
            with_dot = fold(word + ".")
            if with_dot in lexicon.abbreviations or (with_dot,) in lexicon.honorifics or (
                len(word) == 1 and "A" <= word <= "Z"
            ):
                t1 += 1  # "Mr.", "U.S.", the initial in "Donald J. Trump"
        key = fold(text[t0:t1])
        tokens.append(Token(t0, t1, key, is_word, is_word and word[0].isupper()))
    # the dot merged into an abbreviation was matched again as its own token
    return [t for i, t in enumerate(tokens) if not (i and t.start < tokens[i - 1].end)]


def sentences(text: str, tokens: list[Token], start: int = 0) -> list[Span]:
    """Sentence spans: ends at . ! ? … before a capital or a new paragraph."""
    spans: list[Span] = []
    begin = start
    for i, tok in enumerate(tokens):
        if tok.key not in _SENTENCE_END:
            continue
        j = i + 1
        while j < len(tokens) and tokens[j].key in _CLOSERS:
            j += 1
        end = tokens[j - 1].end
        nxt = tokens[j] if j < len(tokens) else None
        opens = nxt is not None and nxt.key in _OPENERS
        if nxt is None or nxt.capitalised or opens or "\n" in text[end : nxt.start]:
            spans.append(Span(begin, end))
            begin = nxt.start if nxt else len(text)
    if begin < len(text) and text[begin:].strip():
        spans.append(Span(begin, len(text)))
    return _split_paragraphs(text, spans)


def _split_paragraphs(text: str, spans: list[Span]) -> list[Span]:
    """A sentence never crosses a line break."""
    out: list[Span] = []
    for span in spans:
        pos = span.start
        for match in re.finditer(r"\n+", text[span.start : span.end]):
            cut = span.start + match.start()
            if text[pos:cut].strip():
                out.append(Span(pos, cut))
            pos = span.start + match.end()
        if text[pos : span.end].strip():
            out.append(Span(pos, span.end))
    return out


def name_runs(text: str, tokens: list[Token], lexicon: Lexicon) -> list[Entity]:
    """Runs of capitalised words (with particles and connectors inside)."""
    runs: list[Entity] = []
    # a cue that may open a sentence before its speaker opens no name ("Said Ellis");
    # other speech verbs may well be names or parts of one ("Lý", "Post")
    never_first = lexicon.not_names | {p[0] for p in (lexicon.inverted | lexicon.according
                                                      | lexicon.quoting)}
    i = 0
    while i < len(tokens):
        if not tokens[i].capitalised or tokens[i].key in never_first:
            i += 1  # "Said Ellis", "Theo Ngoại trưởng Blinken": the cue starts no name
            continue
        last = i
        j = i + 1
        while j < len(tokens) and j - i < _MAX_RUN * 2:
            tok = tokens[j]
            if text[tokens[j - 1].end : tok.start] not in ("", " ", "\u00a0"):
                break
            if tok.capitalised:
                last = j
            elif tok.key in lexicon.name_particles or tok.key in lexicon.connectors:
                pass  # may join two capitalised parts ("Secretary of State John Kerry")
            else:
                break
            j += 1
        runs.append(Entity(i, last, "NAME"))
        i = last + 1
    return runs


class BuiltinBackend:
    name = "builtin"

    def analyze(self, text: str, lexicon: Lexicon, *, start: int = 0) -> Analysis:
        tokens = tokenize(text, lexicon, start)
        return Analysis(
            tokens=tuple(tokens),
            sentences=tuple(sentences(text, tokens, start)),
            entities=tuple(name_runs(text, tokens, lexicon)),
            backend=self.name,
        )
