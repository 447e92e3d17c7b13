"""Findings grouped for people: one block per cluster (or quote, or name) with findings.

The same cluster is often the subject of several rules (a misattribution, an
unknown speaker, an altered number); people want it shown once, with every
rule that fires on it, each source's version, and the suggested speaker.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from quotecheck.output import SEVERITY_ORDER
from quotecheck.output.locate import Locator
from quotecheck.records import Finding, Quote, Report

SEVERITY_RANK = {s: n for n, s in enumerate(reversed(SEVERITY_ORDER))}  # error: 0
_WORD_RE = re.compile(r"\S+")
_STRIP = ".,;:!?\"'“”‘’«»()[]"


@dataclass(frozen=True, slots=True)
class Block:
    key: str  # the cluster id, else the first quote id, else "finding-N"
    findings: tuple[Finding, ...]
    versions: tuple[Quote, ...]  # every source's version, in cluster order
    suggested: str | None

    @property
    def severity(self) -> str:
        return min((f.severity for f in self.findings), key=SEVERITY_RANK.__getitem__)


def blocks(report: Report, locate: Locator) -> list[Block]:
    """The report's findings as blocks, most severe first, then in report order."""
    cluster_of = {q: c.id for c in report.clusters for q in c.quotes}
    order = {q: n for n, q in enumerate(q.id for q in report.quotes)}
    grouped: dict[str, list[Finding]] = {}
    for n, finding in enumerate(report.findings):
        first = finding.quotes[0] if finding.quotes else None
        key = cluster_of.get(first, first) if first else f"finding-{n + 1}"
        grouped.setdefault(key, []).append(finding)
    result = []
    for key, findings in grouped.items():
        ids = sorted({q for f in findings for q in f.quotes if q in locate.quotes},
                     key=lambda q: order.get(q, 0))
        suggested = next((f.suggested_speaker for f in findings if f.suggested_speaker), None)
        result.append(Block(key, tuple(findings), tuple(locate.quotes[q] for q in ids),
                            suggested))
    return sorted(result, key=lambda b: SEVERITY_RANK[b.severity])


def words(text: str) -> list[tuple[int, int]]:
    """Spans of the whitespace-separated words of ``text``."""
    return [m.span() for m in _WORD_RE.finditer(text)]


def differing(texts: Sequence[str]) -> list[list[tuple[int, int]]]:
    """For each text, the spans of its words that differ from the first text's."""
    from rapidfuzz.distance import Indel

    spans = [words(t) for t in texts]
    keys = [[t[s:e].casefold().strip(_STRIP) for s, e in sp] for t, sp in zip(texts, spans,
                                                                             strict=True)]
    marked: list[set[int]] = [set() for _ in texts]
    for n in range(1, len(texts)):
        for op in Indel.opcodes(keys[0], keys[n]):
            if op.tag != "equal":
                marked[0].update(range(op.src_start, op.src_end))
                marked[n].update(range(op.dest_start, op.dest_end))
    return [[sp[i] for i in sorted(m)] for sp, m in zip(spans, marked, strict=True)]


def evidence_spans(quote: Quote) -> list[tuple[int, int, str]]:
    """Mention and cue spans relative to the quote's evidence sentence: (start, end, kind)."""
    if quote.sentence is None or quote.sentence_start is None:
        return []
    base, size = quote.sentence_start, len(quote.sentence)
    spans = []
    for start, end, kind in ((quote.mention_start, quote.mention_end, "mention"),
                             (quote.cue_start, quote.cue_end, "cue")):
        if start is not None and end is not None and 0 <= start - base < end - base <= size:
            spans.append((start - base, end - base, kind))
    return sorted(spans)


def pieces(text: str, spans: Sequence[tuple[int, int, str]]) -> list[tuple[str, str | None]]:
    """``text`` cut at non-overlapping sorted spans: (piece, kind or None)."""
    result: list[tuple[str, str | None]] = []
    position = 0
    for start, end, kind in spans:
        if start < position:
            continue  # overlapping: keep the first
        if start > position:
            result.append((text[position:start], None))
        result.append((text[start:end], kind))
        position = end
    if position < len(text):
        result.append((text[position:], None))
    return result
