"""Speaker labels and transcript turns, for the attribute stage.

A label names the speaker of what follows it: "Amara Nwosu: “…”" at a paragraph's
start, a header line "HLV Nguyễn Hữu Thắng (U23 Việt Nam):" before an interview
block, a digest item "HEADLINE - Amara Nwosu: “…”", a quoted transcript turn
'"WALLACE: …' or "“PV: …". A quoted transcript runs on over paragraphs with no
closing marks; ``split_turns`` cuts it where a paragraph opens a new turn.
"""

from __future__ import annotations

from quotecheck.extract.mentions import Name
from quotecheck.extract.subjects import clause_subject
from quotecheck.extract.windows import Cue, Found, Windows
from quotecheck.records import Mention, QuoteSpan, Span

_MAX_LABEL = 16  # tokens of a speaker label or header line, colon included
_MAX_TURN_LABEL = 4  # words of a capitalised speaker label opening a quoted turn
_LABEL_DASHES = frozenset({"-", "--", "–", "—", "―"})  # before a label that ends a headline
_TURN_MARKS = frozenset('"“„«')  # marks that open a paragraph of a quoted transcript


class Labels(Windows):
    """Speaker labels of one document."""

    def label(self, para: Span, quote: QuoteSpan) -> tuple[Found | None, str]:
        """A speaker label: "Amara Nwosu: “…”" opens the quote's paragraph, or a
        header line "HLV Nguyễn Hữu Thắng (U23 Việt Nam):" is the paragraph before."""
        ctx = self.ctx
        lo, hi = ctx.index_at(para.start), ctx.index_at(quote.open_start)
        if lo < hi:
            return self._label_after_dash(lo, hi) or self._label_in(lo, hi), "label"
        index = self.paragraph_index(para.start)
        if index == 0:
            return None, "label"
        previous = self.paragraphs[index - 1]
        return self._label_in(ctx.index_at(previous.start), ctx.index_at(previous.end)), "header"

    def turn_label(self, quote: QuoteSpan) -> Found | None:
        """A transcript turn quoted whole: the quote opens with its speaker's label
        and a colon ("WALLACE: …", "MS. CLINTON: …", "PV: …", "Ông Lã Văn Cường: …")."""
        return self._label_at(quote.start, quote.end)

    def _label_at(self, start: int, end: int) -> Found | None:
        """The speaker label opening ``text[start:end]``: a name in capitals (not a
        word the document also writes in lower case, as "UPDATE:"), or a name with
        its titles, then a colon."""
        ctx = self.ctx
        lo = ctx.index_at(start)
        stop = min(lo + _MAX_LABEL, len(ctx.tokens))
        if ":" not in ctx.keys[lo:stop] or not (lo < stop and ctx.tokens[lo].capitalised):
            return None  # most quotes: no colon near their start
        capitals = True
        for k in range(lo, stop):
            token = ctx.tokens[k]
            if token.start >= end:
                return None
            if ctx.keys[k] == ":":
                if k == lo:
                    return None
                if not capitals:  # "Ông Lã Văn Cường:", not "It's simple:" or "Trump:"
                    found = self._label_in(lo, k + 1, lead_in=False)
                    subject = found.subject if found is not None else None
                    full = isinstance(subject, Name) and (
                        subject.last > subject.first or subject.titles or subject.gender)
                    return found if full else None
                name = lo
                while name < k - 1 and ctx.phrase_at(name, self.lex.honorifics) == 1:
                    name += 1  # "MS. CLINTON": the name after the honorific
                first, last = ctx.tokens[name].start, ctx.tokens[k - 1].end
                mention = Mention(first, last, self.text[first:last], "name")
                return Found(mention, Cue(k, k, "label"), 0)
            word = self.text[token.start:token.end]
            honorific = ctx.phrase_at(k, self.lex.honorifics) == 1
            capitals = capitals and k - lo < _MAX_TURN_LABEL and token.is_word and (
                word.isupper() and (honorific or ctx.keys[k] not in ctx.lowercase_words()))
        return None

    def split_turns(self, spans: list[QuoteSpan]) -> list[QuoteSpan]:
        """Cut a multi-paragraph quote where a paragraph opens a new speaker's turn:
        a quoted transcript runs '"WALLACE: …' / '"PENCE: …' with no closing marks."""
        return [piece for span in spans for piece in self._turns(span)]

    def _turns(self, span: QuoteSpan) -> list[QuoteSpan]:
        first, last = self.paragraph_index(span.start), self.paragraph_index(span.end - 1)
        if span.parts or first == last:
            return [span]
        pieces: list[QuoteSpan] = []
        start, open_start = span.start, span.open_start
        for index in range(first + 1, last + 1):
            para = self.paragraphs[index]
            opening = para.start + len(self.text[para.start:para.end]) - len(
                self.text[para.start:para.end].lstrip())
            if self.text[opening:opening + 1] not in _TURN_MARKS:
                continue
            if self._label_at(opening + 1, span.end) is None:
                continue
            previous = self.paragraphs[index - 1]
            end = previous.end
            while end > start and self.text[end - 1].isspace():
                end -= 1
            pieces.append(QuoteSpan(start, end, open_start, previous.end, False))
            start, open_start = opening + 1, opening
        pieces.append(QuoteSpan(start, span.end, open_start, span.close_end, span.closed))
        return pieces

    def _label_in(self, lo: int, hi: int, *, lead_in: bool = True) -> Found | None:
        """The name of tokens ``[lo, hi)`` that are only a name, its titles and a
        parenthesis, then a colon (or, with ``lead_in``, a clause whose subject is
        named, then a colon)."""
        ctx, lex = self.ctx, self.lex
        if hi - lo < 2 or ctx.keys[hi - 1] != ":":
            return None
        if hi - lo > _MAX_LABEL:  # a lead-in: "X issued the following statement:"
            return self._lead_in(hi) if lead_in else None
        name: Name | None = None
        k = lo
        while k < hi - 1:
            entity = ctx.entity_starting.get(k)
            size = max(ctx.phrase_at(k, lex.titles), ctx.phrase_at(k, lex.honorifics))
            if ctx.keys[k] == "(" and name is not None:
                k = self._after_parenthesis(k, hi - 1)
            elif entity is not None and entity.last < hi - 1:
                name = name or ctx.name(entity)
                k = entity.last + 1
            elif size:
                k += size
            elif name is not None and ctx.keys[k] in lex.clause_links:
                k += 1  # "Mark Blum and Jon Cohen:": the first name stands for both
            else:
                return self._lead_in(hi) if lead_in else None
        if name is None or name.mention.kind != "name":
            return None
        return Found(name, Cue(hi - 1, hi - 1, "label"), 0)

    def _label_after_dash(self, lo: int, hi: int) -> Found | None:
        """A label after a dash that ends a headline or a sentence: "Polls were
        right on turnout - Amara Nwosu: “…”" (a digest names each item's author)."""
        if hi - lo < 3 or self.ctx.keys[hi - 1] != ":":
            return None
        for k in range(hi - 2, max(lo, hi - 1 - _MAX_LABEL), -1):  # a label is short
            if self.ctx.keys[k] in _LABEL_DASHES:
                return self._label_in(k + 1, hi, lead_in=False)
        return None

    def _lead_in(self, hi: int) -> Found | None:
        """A colon after a clause with a named subject is a cue whatever the verb."""
        lo = self.ctx.index_at(self.sentence_start(self.ctx.tokens[hi - 1].start))
        subject = clause_subject(self.ctx, lo, hi - 1)
        return Found(subject, Cue(hi - 1, hi - 1, "verb"), 0) if subject else None

    def _after_parenthesis(self, k: int, hi: int) -> int:
        for m in range(k + 1, hi):
            if self.ctx.keys[m] == ")":
                return m + 1
        return hi
