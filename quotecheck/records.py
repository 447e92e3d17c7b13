"""Small immutable records passed between pipeline stages.

Every position is a half-open ``[start, end)`` character offset into the
original document text (a Python ``str``), so any span can be sliced back out.
"""

from __future__ import annotations

from array import array
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal, NamedTuple

QuoteKind = Literal["statement", "fragment", "term"]
Status = Literal["checked", "skipped"]
Severity = Literal["error", "warning", "info"]


@dataclass(frozen=True, slots=True)
class Span:
    start: int
    end: int

    def slice(self, text: str) -> str:
        return text[self.start : self.end]


@dataclass(frozen=True, slots=True)
class Document:
    """One article, read and decoded; ``text`` is what offsets index."""

    id: str
    text: str
    path: str
    source: str
    lang: str | None = None
    url: str | None = None
    date: str | None = None
    title: str | None = None
    line: int | None = None  # line number inside a JSONL file
    text_offset: int = 0  # where ``text`` starts inside the file (front matter)
    warning: str | None = None
    key: str | None = None  # identity in a store: path relative to its root (+ "#" record id)


@dataclass(frozen=True, slots=True)
class Skipped:
    """An input that could not be checked, with a one-line reason."""

    id: str
    path: str
    reason: str
    line: int | None = None


@dataclass(frozen=True, slots=True)
class QuoteSpan:
    """A quotation found by the finder, before attribution.

    ``start``/``end`` delimit the content without the outer marks;
    ``open_start``/``close_end`` include them.
    """

    start: int
    end: int
    open_start: int
    close_end: int
    closed: bool = True
    parts: tuple[QuoteSpan, ...] = ()  # the pieces of a quote split by "X said"


@dataclass(frozen=True, slots=True)
class Mention:
    """Words in the text that name or refer to a speaker."""

    start: int
    end: int
    text: str
    kind: Literal["name", "pronoun", "role", "description", "organisation"]


SpeakerKind = Literal["person", "organisation", "description", "role"]
# Attribution rules that read a cue or a label next to the quote itself.
DIRECT_EVIDENCE = frozenset({"after", "before", "label", "header"})


@dataclass(frozen=True, slots=True)
class Attribution:
    speaker: str | None
    mention: Mention | None
    cue: Span | None
    cue_text: str | None
    evidence: str  # which rule found it: "after", "before", "continuation", ...
    speaker_kind: SpeakerKind | None = None


@dataclass(frozen=True, slots=True)
class Quote:
    id: str
    document: str
    start: int
    end: int
    text: str
    kind: QuoteKind
    speaker: str | None
    speaker_mention: str | None
    cue: str | None
    lang: str
    closed: bool = True
    mention_start: int | None = None
    mention_end: int | None = None
    introduced: bool = True  # the speaker is introduced in the document
    speaker_kind: SpeakerKind | None = None
    parts: tuple[tuple[int, int], ...] = ()  # content spans of a split quote
    line: int = 1  # line of the quote in its input file (for CI annotations)
    column: int | None = 1  # None inside a JSON Lines record
    # The evidence for the speaker: the cue words' span, the rule that found it
    # ("after", "before", "label", "header", "continuation", ...) and the span of
    # the sentence holding the mention and the cue.
    cue_start: int | None = None
    cue_end: int | None = None
    evidence: str | None = None
    sentence_start: int | None = None
    sentence_end: int | None = None
    sentence: str | None = None  # text[sentence_start:sentence_end]
    mention_kind: str | None = None  # "name", "pronoun", "role", ... (Mention.kind)
    # For a speaker read from a pronoun or role noun: the full names its document gives.
    document_names: tuple[str, ...] = ()
    # No speaker, and nothing around the quote (cue, name, lead-in) could give one.
    unsourced: bool = False

    @property
    def direct(self) -> bool:
        """Attributed from direct evidence (a cue or a label), not carried over."""
        return self.speaker is not None and self.evidence in DIRECT_EVIDENCE


class KeyWord(NamedTuple):
    """A word of a matching key and its span in the document text."""

    word: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Keyed:
    """A quote ready for matching: its key (words joined by one space) and the
    start and end of each word in the document text, flattened.

    A string and a packed array rather than a record per word: keys cross
    process boundaries (``--jobs``) and fill memory on large corpora.
    """

    quote: Quote
    key: str
    spans: array[int]

    @classmethod
    def of(cls, quote: Quote, words: Sequence[KeyWord]) -> Keyed:
        return cls(quote, " ".join(w.word for w in words),
                   array("l", [offset for w in words for offset in (w.start, w.end)]))

    @property
    def words(self) -> list[str]:
        return self.key.split(" ") if self.key else []

    def located(self) -> tuple[KeyWord, ...]:
        """The key words with their spans."""
        return tuple(KeyWord(word, self.spans[2 * i], self.spans[2 * i + 1])
                     for i, word in enumerate(self.words))


@dataclass(frozen=True, slots=True)
class DocumentResult:
    id: str
    path: str
    source: str
    lang: str | None
    status: Status
    error: str | None = None
    line: int | None = None
    backend: str | None = None
    warning: str | None = None
    text_offset: int = 0
    from_store: bool = False  # read back from a reference store (--against), not checked now
    key: str | None = None  # identity in a store (see ``Document.key``)


@dataclass(frozen=True, slots=True)
class Cluster:
    id: str
    quotes: tuple[str, ...]
    # quotes joined by full matches, not only as a fragment of a longer quote
    groups: tuple[tuple[str, ...], ...] = ()


@dataclass(frozen=True, slots=True)
class Finding:
    rule: str
    severity: Severity
    message: str
    quotes: tuple[str, ...] = ()
    documents: tuple[str, ...] = ()
    speakers: tuple[str, ...] = ()
    suggested_speaker: str | None = None
    more_quotes: int = 0  # quotes involved beyond those listed (the list is bounded)


@dataclass(frozen=True, slots=True)
class PersonName:
    """A full person name as one document writes it, and where first."""

    document: str
    name: str
    start: int
    line: int = 1
    introduced: bool = False  # given a title or an honorific, or quoted, in this document


@dataclass(frozen=True, slots=True)
class Report:
    documents: tuple[DocumentResult, ...]
    quotes: tuple[Quote, ...]
    clusters: tuple[Cluster, ...] = ()
    findings: tuple[Finding, ...] = ()
    people: tuple[PersonName, ...] = field(default=())

    def count_by_severity(self) -> dict[str, int]:
        counts = {"error": 0, "warning": 0, "info": 0}
        for finding in self.findings:
            counts[finding.severity] += 1
        return counts
