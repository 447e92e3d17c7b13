"""Attribute stage: the speaker of each quote, from cues around it.

For each quote two windows are read: *after* it (to the end of the sentence:
``"…," X said``, ``”, theo lời X``) and *before* it (from the sentence start:
``X nói: “…``, ``according to X, "…``). In each, a cue (speech verb, "according
to", "quoting") is found and its subject read (``mentions``); the nearer cue
wins, relayed speech ("theo Reuters dẫn lời X") beats the outlet relaying it.
A quote with no cue that opens its paragraph continues the previous speaker, and
one opening a sentence after its speaker's reported speech is that speaker's.
Speaker labels and transcript turns are read by ``labels``; names are then
resolved in the document (``resolution``).
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import replace

from quotecheck.backends import Analysis
from quotecheck.extract.labels import Labels
from quotecheck.extract.mentions import Name
from quotecheck.extract.resolution import People
from quotecheck.extract.subjects import clause_subject
from quotecheck.extract.windows import Cue, Found
from quotecheck.lexicon import Lexicon, Phrase, fold
from quotecheck.records import Attribution, Mention, QuoteSpan, Span, SpeakerKind
from quotecheck.textutil import last_char_before

_MAX_INTERRUPTION = 45  # tokens between the parts of a split quote
_RELAY_SLACK = 2  # an after-cue wins over a before-cue unless this much farther
_SENTENCE_ENDS = frozenset(".!?…")  # before a quote that opens a sentence
_REPORTING_CLAUSE = 12  # tokens of "…, Adel Nefzi, the imam, said," before ", adding"
_OPENING_WORDS = 2  # lower-case words between a name after a quote and its verb
NO_SPEAKER = Attribution(None, None, None, None, "none")
_VERBS = ("verb", "relay")  # cue kinds whose subject stands before them


class Attributor(Labels):
    """Attributes the quotes of one document."""

    def __init__(self, text: str, analysis: Analysis, lexicon: Lexicon,
                 paragraphs: list[Span]) -> None:
        super().__init__(text, analysis, lexicon, paragraphs)
        self._sources: dict[int, tuple[int, int] | None] = {}

    # -- cues -----------------------------------------------------------------

    def _cues(self, lo: int, hi: int) -> list[Cue]:
        ctx, lex = self.ctx, self.lex
        cues: list[Cue] = []
        k = lo
        starts = lex.phrase_starts
        while k < hi:
            if ctx.keys[k] not in starts:  # most words start no phrase: one set lookup
                k += 1
                continue
            best = (0, "")
            for group, kind in ((lex.quoting, "quoting"), (lex.according, "according"),
                                (lex.verbs, "verb"), (lex.relay_verbs, "relay"),
                                (lex.bylines, "byline")):
                size = ctx.phrase_at(k, group)
                if size > best[0]:
                    best = (size, kind)
            noun = best[1] in _VERBS and k > 0 and ctx.keys[k - 1] in lex.noun_markers
            if best[0] and k + best[0] <= hi and not ctx.inside_name(k) and not noun:
                cues.append(Cue(k, k + best[0] - 1, best[1]))
                k += best[0]
            else:
                k += 1
        return cues

    def _subject(self, cue: Cue, lo: int, hi: int, *, quote_at_end: bool = False
                 ) -> Name | Mention | None:
        """The speaker of ``cue`` in tokens ``[lo, hi)``. An outlet is the source of
        words it reports ("“…” Fox News reported", "As Politico reported, “…”"), so
        a relay verb counts only with nothing but punctuation before the quote."""
        ctx = self.ctx
        if cue.kind == "byline":  # "” ― Sonya Herridge": only right after a quote
            at_quote = cue.first == lo
            return ctx.subject_after(cue.last + 1, hi) if at_quote else None
        if cue.kind not in _VERBS:
            return ctx.subject_after(cue.last + 1, hi)
        if cue.kind == "relay" and quote_at_end and ctx.keys[hi - 1] not in (
                self.lex.complementizers) and any(
                ctx.tokens[k].is_word for k in range(cue.last + 1, hi)):
            return None  # "Yonhap reported the sides agreed to “…”": the sides' words
        only_punct = all(not ctx.tokens[k].is_word for k in range(lo, cue.first))
        verb: Phrase = tuple(ctx.keys[cue.first : cue.last + 1])
        if only_punct:
            # right after a quote any speech verb may come first: '", fumed Wren'
            after = ctx.subject_after(cue.last + 1, hi)
            if after is not None or verb in self.lex.inverted:
                return after
        linked = cue.first > lo and (ctx.keys[cue.first - 1] == ","
                                     or ctx.keys[cue.first - 1] in self.lex.clause_links)
        reporting = self._reporting_clause(cue, lo) if linked else None
        if reporting is not None:  # "…, Nefzi said, adding, …": the one who said
            return reporting
        clause = clause_subject(ctx, lo, cue.first) if linked else None
        if clause is not None:  # "X endorsed Y, saying …": not the nearest name
            return clause
        subject = ctx.subject_before(cue.first, lo)
        if subject is None and verb in self.lex.inverted and cue.first == lo:
            return ctx.subject_after(cue.last + 1, hi)  # "Said Ellis: ..."
        if subject is None and not quote_at_end:
            return self._opening_subject(cue, lo)
        return subject

    def _opening_subject(self, cue: Cue, lo: int) -> Name | None:
        """Right after a quote, a name then a few lower-case words before the verb:
        '”, HLV Kim Huệ bức xúc cho biết', '," Okafor angrily told reporters'."""
        ctx = self.ctx
        k = lo
        while k < cue.first and not ctx.tokens[k].is_word:
            k += 1
        name = ctx.subject_after(k, cue.first)
        if not isinstance(name, Name) or name.mention.kind != "name":
            return None
        start = ctx.index_at(name.mention.start)
        while k < start and (size := max(ctx.phrase_at(k, self.lex.titles),
                                         ctx.phrase_at(k, self.lex.honorifics))):
            k += size  # "HLV Kim Huệ": only titles before the name
        if k != start or ctx.tokens[name.last].end != name.mention.end:
            return None  # '" until Clinton herself spoke', '" Ryan's office said'
        between = range(ctx.index_at(name.mention.end), cue.first)
        if len(between) > _OPENING_WORDS or any(
                not ctx.tokens[m].is_word or ctx.tokens[m].capitalised
                or ctx.phrase_at(m, self.lex.cue_words) for m in between):
            return None
        return name

    def _reporting_clause(self, cue: Cue, lo: int) -> Name | None:
        """The named speaker of a parenthetical reporting clause that ends just
        before a linked cue: ``…, Nefzi said, adding, "…"`` or ``…, said Nefzi,
        adding``. The clause is only the name and the verb, between commas."""
        ctx = self.ctx
        comma = cue.first - 1
        start = max(lo, comma - _REPORTING_CLAUSE)  # the clause is a name and a verb
        earlier = [c for c in self._cues(start, comma) if c.kind == "verb"]
        if ctx.keys[comma] != "," or not earlier:
            return None
        verb = earlier[-1]
        if verb.last == comma - 1:  # "Nefzi said,"
            name = ctx.subject_before(verb.first, lo)
        elif tuple(ctx.keys[verb.first:verb.last + 1]) in self.lex.inverted:
            name = ctx.subject_after(verb.last + 1, comma)  # "said Nefzi,"
        else:
            return None
        if not isinstance(name, Name) or name.mention.kind != "name":
            return None
        start = ctx.index_at(name.mention.start)
        while start > lo and (size := max(ctx.phrase_ending(start - 1, self.lex.honorifics),
                                          ctx.phrase_ending(start - 1, self.lex.titles))):
            start -= size  # "…, ông Lã Văn Cường cho biết,"
        if start > verb.last:  # "said Nefzi,": the name right after the verb
            first, adjacent = verb.first, start == verb.last + 1
        else:
            first, adjacent = start, True
        last = max(ctx.index_at(name.mention.end), verb.last + 1)  # one past the clause
        opened = first == lo or ctx.keys[first - 1] == ","
        return name if opened and adjacent and last == comma else None

    def _best(self, lo: int, hi: int, *, nearest_end: bool,
              cues: list[Cue] | None = None) -> Found | None:
        """The speaker found in tokens ``[lo, hi)``; ``nearest_end``: cue near ``hi``."""
        found: list[Found] = []
        for cue in self._cues(lo, hi) if cues is None else cues:
            subject = self._subject(cue, lo, hi, quote_at_end=nearest_end)
            if subject is None:
                continue
            distance = hi - cue.last - 1 if nearest_end else cue.first - lo
            found.append(Found(subject, cue, distance))
        if not found:
            return None
        quoting = [f for f in found if f.cue.kind == "quoting"]
        people = [f for f in found if not self._outlet(f)]
        pool = quoting or people or found
        return min(pool, key=lambda f: f.distance)

    def _outlet(self, found: Found) -> bool:
        return tuple(fold(w) for w in found.mention.text.split()) in self.lex.outlets

    # -- split quotes ------------------------------------------------------------

    def merge_split(self, spans: list[QuoteSpan]) -> list[QuoteSpan]:
        """Join ``"A," X said, "B"`` into one quote whose ``parts`` are A and B."""
        merged: list[QuoteSpan] = []
        for span in spans:
            if merged and self._interrupted(merged[-1], span):
                head = merged[-1]
                parts = (head.parts or (head,)) + (span,)
                merged[-1] = QuoteSpan(head.start, span.end, head.open_start, span.close_end,
                                       span.closed, parts)
            else:
                merged.append(span)
        return merged

    def _interrupted(self, first: QuoteSpan, second: QuoteSpan) -> bool:
        if self.paragraph_index(first.close_end) != self.paragraph_index(second.open_start):
            return False
        lo, hi = self.ctx.index_at(first.close_end), self.ctx.index_at(second.open_start)
        if not 0 < hi - lo <= _MAX_INTERRUPTION:
            return False
        last_char = self.text[first.end - 1]
        gap = self.text[first.close_end : second.open_start].lstrip()
        if last_char not in ",!?…—–-" and not gap.startswith((",", "—", "–")):
            return False
        cues = self._cues(lo, hi)
        return any(c.kind == "verb" for c in cues) and self._best(
            lo, hi, nearest_end=False, cues=cues) is not None

    # -- attribution -------------------------------------------------------------

    def attribute(self, quotes: list[QuoteSpan], people: People) -> list[Attribution]:
        results: list[Attribution] = []
        previous: tuple[QuoteSpan, Attribution] | None = None
        for i, quote in enumerate(quotes):
            prev_end = quotes[i - 1].close_end if i else 0
            next_start = quotes[i + 1].open_start if i + 1 < len(quotes) else len(self.text)
            found, evidence = self._find(quote, prev_end, next_start)
            if found is None:
                attribution = self._continuation(quote, people, previous)
            else:
                attribution = self._resolve(found, evidence, people, previous)
            results.append(attribution)
            previous = (quote, attribution)
        return results

    def _find(self, quote: QuoteSpan, prev_end: int, next_start: int
              ) -> tuple[Found | None, str]:
        turn = self.turn_label(quote)
        if turn is not None:  # '"WALLACE: Let's start with …': a quoted transcript turn
            return turn, "label"
        para = self.paragraphs[self.paragraph_index(quote.open_start)]
        last_para = self.paragraphs[self.paragraph_index(quote.close_end)]
        ctx = self.ctx
        after = None
        parts = quote.parts or (quote,)
        for part, following in zip(parts, [*parts[1:], None], strict=True):
            stop = following.open_start if following else min(
                next_start, last_para.end, self.sentence_end_after(part.close_end))
            after = self._best(ctx.index_at(part.close_end), ctx.index_at(stop),
                               nearest_end=False)
            if after is not None:
                break
        begin = max(para.start, prev_end, self.sentence_start(quote.open_start))
        lo, hi = ctx.index_at(begin), ctx.index_at(quote.open_start)
        if lo == hi:
            lo = self.colon_lead_in(para, lo)
        before = self._best(lo, hi, nearest_end=True)
        if after is not None and (before is None
                                  or after.distance <= before.distance + _RELAY_SLACK):
            return after, "after"
        if before is None:
            return self.label(para, quote)
        return before, "embedded" if self._embedded(before, hi) else "before"

    def _embedded(self, found: Found, hi: int) -> bool:
        """A quote inside the clause of its cue, after words that are not the cue,
        its speaker or "that": "said that it was “…”", "attacking Trump for “…”". The
        words are the writer's, so the speaker is weaker evidence than "X said: “…”"."""
        ctx = self.ctx
        k = hi - 1
        if k < 0 or not ctx.tokens[k].is_word or k <= found.cue.last:
            return False  # punctuation ("said: “", "said, “") or the cue itself
        if ctx.keys[k] in self.lex.complementizers:
            return False
        return not (found.mention.start <= ctx.tokens[k].start < found.mention.end)

    def unsourced(self, quote: QuoteSpan) -> bool:
        """Nothing around the quote could name a source: its paragraph, outside the
        quote, has no cue and no capitalised name, and no lead-in ends the one before."""
        ctx = self.ctx
        index = self.paragraph_index(quote.open_start)
        para = self.paragraphs[index]
        sources = self._sources_in(index)
        if sources is not None and (sources[0] < ctx.index_at(quote.open_start)
                                    or sources[1] >= ctx.index_at(quote.close_end)):
            return False  # a cue or name outside this quote
        return self.colon_lead_in(para, -1) == -1

    def _sources_in(self, index: int) -> tuple[int, int] | None:
        """The first and last token of a paragraph that could name a source (a cue or a
        name), found once per paragraph: then each quote is checked in constant time."""
        if index not in self._sources:
            ctx, para = self.ctx, self.paragraphs[index]
            found = [k for k in range(ctx.index_at(para.start), ctx.index_at(para.end))
                     if k in ctx.entity_starting or ctx.phrase_at(k, self.lex.cue_words)]
            self._sources[index] = (found[0], found[-1]) if found else None
        return self._sources[index]

    def _continuation(self, quote: QuoteSpan, people: People,
                      previous: tuple[QuoteSpan, Attribution] | None) -> Attribution:
        para_index = self.paragraph_index(quote.open_start)
        para = self.paragraphs[para_index]
        opens_paragraph = not last_char_before(self.text, quote.open_start, para.start)
        if previous is not None and opens_paragraph:
            prev_quote, prev = previous
            if prev.speaker and self.paragraph_index(prev_quote.close_end) >= para_index - 1:
                return replace(prev, evidence="continuation", cue=None, cue_text=None)
        if opens_paragraph and para_index > 0:
            return self._introduced_before(para_index, people, previous)
        if last_char_before(self.text, quote.open_start, para.start) in _SENTENCE_ENDS:
            return self._previous_sentence(quote, para, people, previous)
        return NO_SPEAKER

    def _previous_sentence(self, quote: QuoteSpan, para: Span, people: People,
                           previous: tuple[QuoteSpan, Attribution] | None) -> Attribution:
        """A quote that opens a sentence after one, in its paragraph, whose speaker
        is named with a cue and holds no quote: "ĐB Lộc cho rằng kẹt xe quá khủng khiếp.
        “Trong khi sân bay kẹt …”", "Okafor said talks would resume. “We are ready.”"""
        start = self.sentence_start(quote.open_start)
        if start <= para.start:
            return NO_SPEAKER
        before = self.sentence_start(start - 1)
        if before < para.start or (previous is not None and previous[0].close_end > before):
            return NO_SPEAKER  # another quote is nearer
        return self._carried(before, start, "previous-sentence", people, previous,
                             pronouns=True)

    def _introduced_before(self, para_index: int, people: People,
                           previous: tuple[QuoteSpan, Attribution] | None) -> Attribution:
        """A quote paragraph after one whose last sentence has a speaker and a cue.

        ``Okafor, the mayor, said the talks would resume.`` then ``"We are ready."``
        """
        last = self.paragraphs[para_index - 1]
        if previous is not None and previous[0].close_end > last.start:
            return NO_SPEAKER  # a quote is nearer
        return self._carried(self.sentence_start(last.end - 1), last.end, "previous-paragraph",
                             people, previous, pronouns=False)

    def _carried(self, start: int, end: int, evidence: str, people: People,
                 previous: tuple[QuoteSpan, Attribution] | None, *, pronouns: bool
                 ) -> Attribution:
        """The speaker a cue in ``text[start:end]`` names (a name, or with ``pronouns``
        also "he"/"ông"), carried to a quote after it."""
        found = self._best(self.ctx.index_at(start), self.ctx.index_at(end), nearest_end=True)
        if found is None or not (isinstance(found.subject, Name)
                                 or (pronouns and found.subject.kind == "pronoun")):
            return NO_SPEAKER
        return self._resolve(found, evidence, people, previous)

    def _resolve(self, found: Found, evidence: str, people: People,
                 previous: tuple[QuoteSpan, Attribution] | None) -> Attribution:
        mention = found.mention
        cue_span = Span(self.ctx.tokens[found.cue.first].start, self.ctx.tokens[found.cue.last].end)
        speaker, kind = self._speaker(mention, people, previous)
        return Attribution(speaker, mention, cue_span, cue_span.slice(self.text), evidence,
                           kind if speaker else None)

    def _speaker(self, mention: Mention, people: People,
                 previous: tuple[QuoteSpan, Attribution] | None
                 ) -> tuple[str | None, SpeakerKind]:
        lex = self.lex
        key = tuple(fold(w) for w in mention.text.split())
        if mention.kind == "name":
            return people.fullest(mention.text, mention.start), "person"
        if mention.kind == "role":
            found = people.by_title(lex.role_nouns.get(key, frozenset()), mention.start)
            return (found, "person") if found else (mention.text, "role")
        if mention.kind == "pronoun":
            return self._pronoun(mention, lex.pronouns.get(key), people, previous), "person"
        if mention.kind == "organisation":
            return mention.text, "organisation"
        return mention.text, "description"

    def _pronoun(self, mention: Mention, gender: str | None, people: People,
                 previous: tuple[QuoteSpan, Attribution] | None) -> str | None:
        if gender not in ("male", "female"):
            return None
        index = self.paragraph_index(mention.start)
        para = self.paragraphs[index]
        here = people.recent(mention.start, para.start, gender, self.sentence_starts,
                             self._subject_from(mention.start))
        if here is not None:
            return here
        if previous is not None:
            prev_quote, prev = previous
            near = self.paragraph_index(prev_quote.close_end) >= index - 2
            if near and prev.speaker and people.gender_of(prev.speaker) in (None, gender):
                return prev.speaker
        floor = self.paragraphs[index - 1].start if index else para.start
        last_sentence = self.paragraphs[index - 1].end - 1 if index else mention.start
        return people.recent(mention.start, floor, gender, self.sentence_starts,
                             self._subject_from(last_sentence))

    def _subject_from(self, position: int) -> int | None:
        """After the opening adverbial of the sentence at ``position``, if it has one."""
        i = bisect_right(self.sentence_starts, position) - 1
        if i < 0:
            return None
        sentence = self.sentences[i]
        lo, hi = self.ctx.index_at(sentence.start), self.ctx.index_at(sentence.end)
        if lo >= hi or self.ctx.keys[lo] not in self.lex.not_names:
            return None
        for k in range(lo, hi):
            if self.ctx.keys[k] == ",":
                return self.ctx.tokens[k].end
        return None
