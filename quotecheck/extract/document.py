"""One document to its quotes, speakers and matching keys.

The stage order, written out: paragraphs and the backend's analysis, quotation
spans (split quotes joined), names, attribution, resolution in the document,
then one ``Quote`` record per span with its evidence and its matching key.
Imports nothing above it: no pipeline, matching, findings or output.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from quotecheck import language, lexicon
from quotecheck.backends import Analysis, Backend
from quotecheck.extract.attribution import NO_SPEAKER, Attributor
from quotecheck.extract.keys import key_words
from quotecheck.extract.mentions import Name
from quotecheck.extract.quotes import classify, find_quotes
from quotecheck.extract.resolution import People
from quotecheck.records import (
    Attribution,
    Document,
    Keyed,
    PersonName,
    Quote,
    QuoteSpan,
    Span,
)
from quotecheck.textutil import paragraphs


@dataclass(frozen=True, slots=True)
class Extracted:
    """What one document leaves behind once its text is dropped."""

    quotes: list[Quote]
    keyed: list[Keyed]
    people: list[PersonName]
    backend: str | None = None  # the backend that analysed it (None: nothing to analyse)


def extract(document: Document, lex: lexicon.Lexicon, backend: Backend) -> list[Quote]:
    """Find and attribute the quotes of one document."""
    return extract_all(document, lex, backend).quotes


def extract_all(document: Document, lex: lexicon.Lexicon, backend: Backend) -> Extracted:
    """Quotes, their matching keys and the person names of one document."""
    text, body = document.text, document.text_offset
    paras = [p for p in paragraphs(text) if p.end > body]
    if not paras:
        return Extracted([], [], [])
    analysis = backend.analyze(text, lex, start=body)
    attributor = Attributor(text, analysis, lex, paras)
    spans = attributor.split_turns(attributor.merge_split(
        find_quotes(text, start=body, apostrophe_words=lex.apostrophe_words)))
    foreign = _foreign_paragraphs(text, paras, lex.script)
    native = [s for s in spans if attributor.paragraph_index(s.open_start) not in foreign]
    names = _names(attributor, analysis, spans)
    people = People(names)
    attributions = dict(zip(native, attributor.attribute(native, people), strict=True))
    lines = _LineIndex(text)
    quotes: list[Quote] = []
    for number, span in enumerate(spans, start=1):
        para_index = attributor.paragraph_index(span.open_start)
        attribution = attributions.get(span) or NO_SPEAKER
        quote_lang = language.script_language(foreign[para_index]) if (
            para_index in foreign) else lex.code
        quote = _quote(document, number, span, attribution, paras[para_index], quote_lang,
                       people, lines, attributor.sentences, attributor.sentence_starts)
        if quote.speaker is None and span in attributions:
            quote = replace(quote, unsourced=attributor.unsourced(span))
        quotes.append(quote)
    speakers = {q.speaker for q in quotes if q.speaker}
    full_names = _full_names(document, names, lines, people, speakers)
    quotes = _with_document_names(quotes, full_names)
    keyed = [Keyed.of(q, key_words(text, q, lex if q.lang == lex.code else None))
             for q in quotes]
    return Extracted(quotes, keyed, full_names, analysis.backend)


def _with_document_names(quotes: list[Quote], names: list[PersonName]) -> list[Quote]:
    """A speaker read from a pronoun or role noun keeps the people its document names:
    the evidence a finding needs to tell whether "he" may be someone else."""
    given = tuple(sorted({n.name for n in names}))
    if not given:
        return quotes
    return [replace(q, document_names=given) if q.mention_kind in ("pronoun", "role") else q
            for q in quotes]


class _LineIndex:
    """Line and column of an offset, from the newline positions found once."""

    def __init__(self, text: str) -> None:
        self.newlines = [m.start() for m in re.finditer("\n", text)]

    def line(self, offset: int) -> int:
        return bisect_right(self.newlines, offset - 1) + 1

    def column(self, offset: int) -> int:
        line = self.line(offset)
        return offset - (self.newlines[line - 2] if line > 1 else -1)


def _full_names(document: Document, names: list[tuple[Name, bool]], lines: _LineIndex,
                people: People, speakers: set[str]) -> list[PersonName]:
    """Each multi-word person name of the document once, where it first occurs.

    A name is marked introduced when the document gives it (or its short form)
    a title or an honorific, or quotes it as a speaker: the evidence that a
    capitalised run is a person and not a place or a sentence opening.
    """
    titled = {people.fullest(n.mention.text) for n, _inside in names if n.titles or n.gender}
    seen: dict[str, PersonName] = {}
    for name, _inside in names:
        mention = name.mention
        if mention.kind == "name" and len(mention.text.split()) >= 2 and mention.text not in seen:
            line = document.line or lines.line(mention.start)
            person = mention.text in titled or mention.text in speakers
            seen[mention.text] = PersonName(document.id, mention.text, mention.start, line,
                                            person)
    return list(seen.values())


def _quote(document: Document, number: int, span: QuoteSpan, attribution: Attribution,
           paragraph: Span, lang: str, people: People, lines: _LineIndex,
           sentences: Sequence[Span], starts: Sequence[int]) -> Quote:
    text = document.text
    kind = classify(text, span, paragraph, has_cue=attribution.cue is not None
                    or attribution.evidence == "continuation")
    speaker = attribution.speaker if kind != "term" else None
    mention = attribution.mention if kind != "term" else None
    named = mention is not None and mention.kind == "name"
    return Quote(
        id=f"{document.id}#{number}", document=document.id, start=span.start, end=span.end,
        text=text[span.start : span.end], kind=kind, speaker=speaker,
        speaker_mention=mention.text if mention else None,
        cue=attribution.cue_text if kind != "term" else None, lang=lang, closed=span.closed,
        mention_start=mention.start if mention else None,
        mention_end=mention.end if mention else None,
        introduced=people.introduced(speaker) if (named and speaker) else True,
        speaker_kind=attribution.speaker_kind if speaker else None,
        parts=tuple((p.start, p.end) for p in span.parts),
        line=document.line or lines.line(span.start),
        column=None if document.line else lines.column(span.start),
        **_evidence(text, attribution, sentences, starts) if speaker else {},
    )


def _evidence(text: str, attribution: Attribution, sentences: Sequence[Span],
              starts: Sequence[int]) -> dict[str, Any]:
    """The cue's span, the rule and the sentence(s) holding the mention and the cue."""
    cue, mention = attribution.cue, attribution.mention
    points = [s.start for s in (cue, mention) if s is not None]
    found: dict[str, Any] = {"evidence": attribution.evidence,
                             "mention_kind": mention.kind if mention else None}
    if cue is not None:
        found.update(cue_start=cue.start, cue_end=cue.end)
    if points:
        first = sentences[max(0, bisect_right(starts, min(points)) - 1)]
        last = sentences[max(0, bisect_right(starts, max(points)) - 1)]
        start, end = first.start, max(last.end, first.end)
        found.update(sentence_start=start, sentence_end=end, sentence=text[start:end])
    return found


def _foreign_paragraphs(text: str, paras: list[Span], own: str) -> dict[int, str]:
    """Paragraphs in another script than the document's (index -> script)."""
    found: dict[int, str] = {}
    for index, para in enumerate(paras):
        script = language.paragraph_script(text, para)
        if script is not None and script != own.upper():
            found[index] = script
    return found


def _names(attributor: Attributor, analysis: Analysis, spans: list[QuoteSpan]
           ) -> list[tuple[Name, bool]]:
    """Every name entity, read through the lexicon, flagged when inside a quote."""
    starts = [s.start for s in spans]
    names: list[tuple[Name, bool]] = []
    for entity in analysis.entities:
        name = attributor.ctx.name(entity)
        if name is None:
            continue
        i = bisect_right(starts, name.mention.start) - 1
        inside = i >= 0 and spans[i].start <= name.mention.start < spans[i].end
        names.append((name, inside))
    return names
