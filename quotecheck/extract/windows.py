"""Windows of one document for the attribute stage: its paragraphs and sentences,
and the records a cue search returns (``Cue``, ``Found``).

``Labels`` (speaker labels, transcript turns) and ``Attributor`` (cues and their
subjects) read the text through these windows; all positions are offsets into the
original text, token indices into the document's layout.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass

from quotecheck.backends import Analysis
from quotecheck.extract.mentions import Context, Name
from quotecheck.lexicon import Lexicon
from quotecheck.records import Mention, Span
from quotecheck.textutil import last_char_before


@dataclass(frozen=True, slots=True)
class Cue:
    """The tokens of a cue: a speech verb, "according to", a relay verb, a label's colon."""

    first: int
    last: int
    kind: str  # "verb", "relay", "according", "quoting", "byline", "label"


@dataclass(frozen=True, slots=True)
class Found:
    """A speaker found for a cue, and how far the cue stands from the quote."""

    subject: Name | Mention
    cue: Cue
    distance: int

    @property
    def mention(self) -> Mention:
        return self.subject.mention if isinstance(self.subject, Name) else self.subject


class Windows:
    """One document's text, layout, paragraphs and sentences."""

    def __init__(self, text: str, analysis: Analysis, lexicon: Lexicon,
                 paragraphs: list[Span]) -> None:
        self.ctx = Context(text, analysis, lexicon)
        self.text = text
        self.lex = lexicon
        self.paragraphs = paragraphs
        self.para_starts = [p.start for p in paragraphs]
        self.sentences = analysis.sentences
        self.sentence_starts = [s.start for s in analysis.sentences]

    def paragraph_index(self, position: int) -> int:
        return max(0, bisect_right(self.para_starts, position) - 1)

    def sentence_start(self, position: int) -> int:
        i = bisect_right(self.sentence_starts, position) - 1
        return self.sentences[i].start if i >= 0 else 0

    def sentence_end_after(self, position: int) -> int:
        for i in range(max(bisect_right(self.sentence_starts, position) - 1, 0),
                       len(self.sentences)):
            if self.sentences[i].end > position:
                return self.sentences[i].end
        return len(self.text)

    def colon_lead_in(self, para: Span, lo: int) -> int:
        """A paragraph opened by a quote, after one ending "Caddell continued:"."""
        index = self.paragraph_index(para.start)
        if index == 0:
            return lo
        previous = self.paragraphs[index - 1]
        if last_char_before(self.text, previous.end, previous.start) != ":":
            return lo
        return self.ctx.index_at(self.sentence_start(previous.end - 1))
