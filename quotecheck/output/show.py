"""``quotecheck show``: one document's text with its quotes marked, and beside each
quote (on the lines below it) the speaker, the mention and the cue that gave it.

The view that answers "why did it give this quote to Konda?". Text is shown
line by line as the file has it; control and bidi characters are made visible.
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence

from rich.console import Console
from rich.text import Text

from quotecheck.escape import visible
from quotecheck.output.blocks import pieces
from quotecheck.output.rich_report import PLAIN, STYLE, console, indented
from quotecheck.records import DocumentResult, Quote, Report

DOCUMENTS = 10  # shown without --doc, at most
QUOTE_STYLE = "black on yellow"


def show(report: Report, texts: Mapping[str, str], *, doc_ids: Sequence[str] = (),
         color: bool = False, width: int | None = None, limit: int = DOCUMENTS) -> str:
    """Each wanted document (all checked ones, up to ``limit``, when none is named)."""
    buffer = io.StringIO()
    out = console(buffer, color=color, width=width)
    chosen = [d for d in report.documents if d.id in texts
              and (not doc_ids or d.id in doc_ids)]
    for doc in chosen[:limit]:
        quotes = [q for q in report.quotes if q.document == doc.id]
        _document(out, doc, texts[doc.id], quotes, color)
    if len(chosen) > limit:
        out.print(f"{len(chosen) - limit} more documents not shown; pick one with --doc ID")
    return buffer.getvalue()


def _document(out: Console, doc: DocumentResult, text: str, quotes: list[Quote],
              color: bool) -> None:
    title = Text().append(visible(doc.path), style="bold")
    title.append(visible(f"  id {doc.id} · {doc.source} · {len(quotes)} quotes"), style="dim")
    out.rule(style="dim")
    indented(out, title, 0)
    numbers = {q.id: (n, q.end) for n, q in enumerate(quotes, 1)}
    spans = _spans(quotes, len(text))
    position = 0
    for line in text.split("\n"):
        end = position + len(line)
        indented(out, _line(text, (position, end), spans, numbers, color), 0)
        for number, quote in enumerate(quotes, 1):
            if position <= quote.end <= end:
                indented(out, _beside(quote, number, color), 2)
        position = end + 1
    out.print()


def _spans(quotes: list[Quote], size: int) -> list[tuple[int, int, str]]:
    spans = []
    for q in quotes:
        spans.append((q.start, q.end, f"quote:{q.id}"))
        for start, end, kind in ((q.mention_start, q.mention_end, "mention"),
                                 (q.cue_start, q.cue_end, "cue")):
            if start is not None and end is not None and 0 <= start < end <= size:
                spans.append((start, end, kind))
    return sorted(set(spans))


def _line(text: str, bounds: tuple[int, int], spans: list[tuple[int, int, str]],
          numbers: Mapping[str, tuple[int, int]], color: bool) -> Text:
    """One line of the text, clipped spans styled, each quote followed by its number."""
    start, end = bounds
    clipped = [(max(s, start) - start, min(e, end) - start, kind) for s, e, kind in spans
               if (s < end and e > start) or s == e == start]
    result = Text()
    for piece, kind in pieces(text[start:end], clipped):
        shown = visible(piece, keep_layout=True)
        if kind is None:
            result.append(shown)
        elif kind.startswith("quote:"):
            result.append(shown, style=QUOTE_STYLE if color else "")
            number, quote_end = numbers[kind.removeprefix("quote:")]
            if quote_end <= end:
                result.append(f"[{number}]", style="bold")
        elif color:
            result.append(shown, style=STYLE[kind])
        else:
            result.append(f"{PLAIN[kind][0]}{shown}{PLAIN[kind][1]}")
    return result


def _beside(quote: Quote, number: int, color: bool) -> Text:
    """``  ↳ [n] speaker · mention ⟨…⟩ · cue ⟨…⟩ (rule)``."""
    result = Text(f"↳ [{number}] ")
    result.append(visible(quote.speaker or "no speaker"), style="bold")
    for label, words, kind in (("mention", quote.speaker_mention, "mention"),
                               ("cue", quote.cue, "cue")):
        if words:
            result.append(f" · {label} ")
            shown = visible(words)
            if color:
                result.append(shown, style=STYLE[kind])
            else:
                result.append(f"{PLAIN[kind][0]}{shown}{PLAIN[kind][1]}")
    if quote.speaker is not None and quote.evidence:
        result.append(f" ({quote.evidence})", style="dim")
    result.append(f" · {quote.kind}, line {quote.line}", style="dim")
    return result
