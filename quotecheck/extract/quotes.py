"""Find stage: quotation spans in a document, in every common quotation style.

One pass over the quotation marks with a stack, so the cost is linear in the
number of marks whatever their balance. Each mark belongs to a family (double,
single, guillemets, corner brackets) and has a preferred role (open, close or
either); whether it may open or close is read from its neighbours ("flanking",
as CommonMark does for emphasis). Marks of the right family close the innermost
open quote of that family; only outermost quotes are reported, so nested ones
stay inside them.

Paragraphs: a quote still open at the end of a paragraph continues when the next
paragraph opens with a mark of the same family (the multi-paragraph convention),
or when the next mark closes it within a few short paragraphs (a line break
inside a quote); otherwise it ends with its paragraph, marked ``closed=False``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from quotecheck.records import QuoteKind, QuoteSpan, Span
from quotecheck.textutil import WORD_RE, last_char_before, paragraphs

# mark -> (family, preferred role)
MARKS: dict[str, tuple[str, str]] = {
    "“": ("double", "open"), "”": ("double", "close"), '"': ("double", "either"),
    "„": ("double", "open"), "‟": ("double", "open"), "''": ("double", "either"),
    "‘": ("single", "open"), "’": ("single", "close"), "'": ("single", "either"),
    "‚": ("single", "open"), "‛": ("single", "open"),
    "«": ("guillemet", "open"), "»": ("guillemet", "close"),
    "‹": ("single_guillemet", "open"), "›": ("single_guillemet", "close"),
    "「": ("corner", "open"), "」": ("corner", "close"),
    "『": ("white_corner", "open"), "』": ("white_corner", "close"),
}
MARK_RE = re.compile("''|[" + "".join(m for m in MARKS if len(m) == 1) + "]")
MARK_CHARS = frozenset("".join(MARKS))  # every character of a quotation mark
CLOSING_MARKS = frozenset(m for m, (_family, role) in MARKS.items() if role != "open")
_OPEN_AFTER = frozenset("([{—–-/:;,") | MARK_CHARS
_CLOSE_BEFORE = frozenset(".,;:!?)]}—–-…/") | MARK_CHARS
_SENTENCE_PUNCT = frozenset(",.!?…")
_DECADE_RE = re.compile(r"['’]\d0s\b")
_MAX_GAP_PARAGRAPHS = 3  # a closing mark this many paragraphs on still closes
_MAX_GAP_CHARS = 800
_TITLE_WORDS = 6  # a Title-Case quote this short, without closing punctuation, is a title


@dataclass(slots=True)
class _Open:
    family: str
    mark_start: int
    mark_end: int
    paragraph: int


@dataclass(frozen=True, slots=True)
class _Mark:
    start: int
    end: int
    family: str
    can_open: bool
    can_close: bool
    prefer: str


def _is_space(char: str | None) -> bool:
    return char is None or char.isspace()


def _marks(text: str, start: int, end: int, apostrophe_words: frozenset[str]) -> list[_Mark]:
    """Candidate quotation marks between ``start`` and ``end``, apostrophes removed."""
    marks: list[_Mark] = []
    skip_until = -1
    for match in MARK_RE.finditer(text, start, end):
        m0, m1 = match.span()
        if m0 < skip_until:
            continue
        family, prefer = MARKS[match.group()]
        prev = text[m0 - 1] if m0 > 0 else None
        nxt = text[m1] if m1 < len(text) else None
        if family == "single":
            word_end = _apostrophe_word_end(text, m0, prev, apostrophe_words)
            if word_end is not None:
                skip_until = word_end
                continue
            if prev is not None and nxt is not None and prev.isalnum() and nxt.isalnum():
                continue  # don't, Hồ's, l'État
        can_open = not _is_space(nxt) and (_is_space(prev) or prev in _OPEN_AFTER)
        can_close = not _is_space(prev) and (_is_space(nxt) or nxt in _CLOSE_BEFORE)
        if prev in _SENTENCE_PUNCT:
            can_close = True
        marks.append(_Mark(m0, m1, family, can_open, can_close, prefer))
    return marks


def _apostrophe_word_end(
    text: str, pos: int, prev: str | None, words: frozenset[str]
) -> int | None:
    """End of an elided word starting at ``pos`` ('em, 'n', '90s), else ``None``."""
    if prev is not None and prev.isalnum():
        return None
    if _DECADE_RE.match(text, pos):
        return pos + 4
    for word in words:
        piece = text[pos : pos + len(word)].replace("’", "'").casefold()
        after = text[pos + len(word)] if pos + len(word) < len(text) else " "
        if piece == word and not after.isalnum():
            return pos + len(word)
    return None


def _role(mark: _Mark, has_open: bool) -> str | None:
    """``"open"``, ``"close"`` or ``None`` (ignore) for a mark, given the stack."""
    isolated = not mark.can_open and not mark.can_close
    if mark.prefer == "open":
        if mark.can_close and not mark.can_open and has_open:
            return "close"  # „…“ or a closing mark typed as an opening one
        return "open"
    if has_open and (mark.can_close or isolated):
        return "close"
    if mark.can_open or isolated:
        return "open"  # includes a quote opened with a closing mark: ” điểm”
    return None


class _Finder:
    def __init__(self, text: str, start: int, apostrophe_words: frozenset[str]) -> None:
        self.text = text
        self.paras = [p for p in paragraphs(text) if p.end > start]
        self.marks = _marks(text, start, len(text), apostrophe_words)
        self.stack: list[_Open] = []
        self.counts: dict[str, int] = {}
        self.found: list[QuoteSpan] = []

    def run(self) -> list[QuoteSpan]:
        para = 0
        i = 0
        while i < len(self.marks):
            mark = self.marks[i]
            while para < len(self.paras) and self.paras[para].end <= mark.start:
                if self.stack and self._boundary(para, i):
                    i += 1  # the continuation mark was consumed
                    para += 1
                    break
                para += 1
            else:
                self._take(mark, para)
                i += 1
        if self.stack:
            self._close_at_paragraph_end(min(para, len(self.paras) - 1))
        return self.found

    def _take(self, mark: _Mark, para: int) -> None:
        role = _role(mark, self.counts.get(mark.family, 0) > 0)
        if role == "open":
            self.stack.append(_Open(mark.family, mark.start, mark.end, para))
            self.counts[mark.family] = self.counts.get(mark.family, 0) + 1
        elif role == "close":
            opened = self._pop_to(mark.family)
            if not self.stack:
                self._emit(opened.mark_end, mark.start, opened.mark_start, mark.end, True)

    def _pop_to(self, family: str) -> _Open:
        while True:
            top = self.stack.pop()
            self.counts[top.family] -= 1
            if top.family == family:
                return top

    def _boundary(self, para: int, next_index: int) -> bool:
        """Handle a paragraph end with a quote open; True if the next mark was consumed."""
        bottom = self.stack[0]
        self.stack[1:] = []
        self.counts = {bottom.family: 1}
        mark = self.marks[next_index]
        following = self.paras[para + 1] if para + 1 < len(self.paras) else None
        if following is not None and mark.family == bottom.family:
            first = self.text[following.start : following.end]
            indent = len(first) - len(first.lstrip())
            opens_paragraph = mark.start == following.start + indent
            if opens_paragraph and (mark.can_open or mark.prefer != "close"):
                return True  # multi-paragraph quote: the paragraph opens again
            close_only = mark.can_close and not mark.can_open
            near = mark.start - self.paras[para].end <= _MAX_GAP_CHARS
            if close_only and near and self._within_paragraphs(para, mark.start):
                return False  # the quote carries on to its closing mark
        self._close_at_paragraph_end(para)
        return False

    def _within_paragraphs(self, para: int, position: int) -> bool:
        """Whether ``position`` lies at most a few paragraphs after ``para``."""
        last = min(para + _MAX_GAP_PARAGRAPHS, len(self.paras) - 1)
        return any(self.paras[k].start <= position < self.paras[k].end
                   for k in range(para + 1, last + 1))

    def _close_at_paragraph_end(self, para: int) -> None:
        bottom = self.stack[0]
        self.stack.clear()
        self.counts = {}
        if bottom.family != "single":  # an unclosed single mark is most often an apostrophe
            end = self.paras[para].end if para >= 0 else len(self.text)
            self._emit(bottom.mark_end, end, bottom.mark_start, end, False)

    def _emit(self, start: int, end: int, open_start: int, close_end: int, closed: bool) -> None:
        while start < end and self.text[start].isspace():
            start += 1
        while end > start and self.text[end - 1].isspace():
            end -= 1
        if start < end and WORD_RE.search(self.text, start, end):
            self.found.append(QuoteSpan(start, end, open_start, close_end, closed))


def _title_case(text: str, quote: QuoteSpan) -> bool:
    found = [m.group() for m in WORD_RE.finditer(text, quote.start, quote.end)]
    return all(w[0].isupper() or not w[0].isalpha() for w in found) and any(
        w[0].isalpha() for w in found)


def find_quotes(
    text: str, *, start: int = 0, apostrophe_words: frozenset[str] = frozenset()
) -> list[QuoteSpan]:
    """Outermost quotations in ``text[start:]``, in order of position."""
    return _Finder(text, start, apostrophe_words).run()


def classify(text: str, quote: QuoteSpan, paragraph: Span, *, has_cue: bool) -> QuoteKind:
    """Statement, fragment or term, from the quote's shape and its sentence."""
    words = sum(1 for _ in WORD_RE.finditer(text, quote.start, quote.end))
    content = text[quote.start : quote.end].rstrip("\"'”’»›」』 ")
    terminal = content[-1:] in {".", "!", "?", "…", ",", ";", ":"}
    before = last_char_before(text, quote.open_start, paragraph.start)
    standalone = not before or before in ":—–-.!?…" or before in MARK_CHARS
    if has_cue and before == ",":
        standalone = True
    if not (standalone or terminal) and words <= _TITLE_WORDS and _title_case(text, quote):
        return "term"  # a title inside a sentence: told MSNBC's "Morning Joe" on Friday
    if standalone or terminal:
        if words >= 3:
            return "statement"
        return "fragment" if has_cue else "term"
    if has_cue or words > 8:
        return "fragment"
    return "term"
