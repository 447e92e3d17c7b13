"""``--format html``: one self-contained page to share (no external resource at all).

A summary, filters by rule and severity, one card per cluster with findings
(each source's version side by side, differing words marked, the evidence
sentence with its mention and cue, the suggested speaker), then a page per
document: its text with every quote marked and its speaker and cue beside it.

Everything that comes from the corpus goes through ``html_text`` (entities,
quotes, control and bidi characters); ids in the page are generated (``d3``,
``q17``, ``c2``), never taken from the corpus, so no link or attribute is built
from article data. The Content-Security-Policy allows only the page's own
stylesheet and filter script, by hash.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from quotecheck.escape import html_text as h
from quotecheck.names import Aliases
from quotecheck.output import SEVERITY_ORDER, Settings, summary_line
from quotecheck.output.blocks import Block, blocks, differing, evidence_spans, pieces
from quotecheck.output.html_assets import CSP, CSS, SCRIPT
from quotecheck.output.locate import Locator
from quotecheck.records import DocumentResult, Quote, Report

PAGE_SIZE = 100  # cards shown open; the rest in collapsed groups of this size
DOCUMENT_PAGES = 500  # documents that get a page of their own, at most
DOCUMENT_ROWS = 1000  # rows of the document table, at most
SEVERITIES = SEVERITY_ORDER[::-1]  # most severe first


class _Ids:
    """Page anchors for documents and quotes, by position in the report."""

    def __init__(self, report: Report, texts: Mapping[str, str]) -> None:
        self.doc = {d.id: f"d{n}" for n, d in enumerate(report.documents, 1)}
        self.quote = {q.id: f"q{n}" for n, q in enumerate(report.quotes, 1)}
        self.pages = set(texts)
        self.card: dict[str, str] = {}  # quote id -> card anchor


def pages_wanted(report: Report, limit: int = DOCUMENT_PAGES) -> list[str]:
    """Documents to give a page: those findings involve first, then the others."""
    involved = list(dict.fromkeys(d for f in report.findings for d in f.documents))
    others = [d.id for d in report.documents if d.status == "checked" and not d.from_store]
    return list(dict.fromkeys(involved + others))[:limit]


def html_report(report: Report, *, texts: Mapping[str, str] | None = None,
                aliases: Aliases | None = None, summary: str = "",
                page_size: int = PAGE_SIZE) -> str:
    """The whole page; ``texts`` (document id -> text) gives the documents' pages."""
    texts = texts or {}
    locate = Locator(report, aliases)
    ids = _Ids(report, texts)
    grouped = blocks(report, locate)
    for n, block in enumerate(grouped, 1):
        for quote in block.versions:
            ids.card.setdefault(quote.id, f"c{n}")
    cards = [_card(b, n, locate, ids) for n, b in enumerate(grouped, 1)]
    parts = [_head(), _header(report, summary, len(grouped)), _filters(report),
             '<main id="findings">', *_paged(cards, page_size), "</main>",
             _documents(report, ids), *_doc_pages(report, texts, ids),
             f"<script>{SCRIPT}</script>", "</body></html>\n"]
    return "\n".join(parts)


def _head() -> str:
    return ('<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">\n'
            f'<meta http-equiv="Content-Security-Policy" content="{CSP}">\n'
            '<meta name="referrer" content="no-referrer">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>quotecheck report</title>\n<style>{CSS}</style></head>\n"
            '<body id="top">')


def _header(report: Report, summary: str, cards: int) -> str:
    counts = report.count_by_severity()
    items = "".join(f'<li><span class="sev sev-{s}">{s}</span> '
                    f'<span class="count" data-severity="{s}">{counts[s]}</span></li>'
                    for s in SEVERITIES)
    return (f'<header><h1>quotecheck report</h1><p class="summary">{h(summary)}</p>'
            f'<ul class="counts">{items}<li><span id="shown">{cards}</span> of '
            f'<span id="cards">{cards}</span> cards shown</li></ul></header>')


def _filters(report: Report) -> str:
    rules = sorted({f.rule for f in report.findings})
    severity = "".join(f'<label><input type="checkbox" name="severity" value="{s}" checked> '
                       f"{s}</label>" for s in SEVERITIES)
    rule = "".join(f'<label><input type="checkbox" name="rule" value="{h(r)}" checked> '
                   f"{h(r)}</label>" for r in rules)
    return (f'<nav class="filters" aria-label="filters"><fieldset><legend>Severity</legend>'
            f"{severity}</fieldset><fieldset><legend>Rule</legend>{rule}</fieldset></nav>")


def _paged(cards: Sequence[str], size: int) -> list[str]:
    """The first ``size`` cards open, the rest in collapsed groups of ``size``."""
    if not cards:
        return ['<p class="none">No findings.</p>']
    result = list(cards[:size])
    for start in range(size, len(cards), size):
        group = cards[start:start + size]
        result.append(f'<details class="more"><summary>Findings {start + 1}–'
                      f"{start + len(group)} of {len(cards)}</summary>")
        result.extend(group)
        result.append("</details>")
    return result


def _card(block: Block, n: int, locate: Locator, ids: _Ids) -> str:
    rules = "".join(
        f'<li class="finding" data-rule="{h(f.rule)}" data-severity="{h(f.severity)}">'
        f'<span class="sev sev-{f.severity}">{f.severity}</span> <b>{h(f.rule)}</b> '
        f'<span class="where">{h(locate.where_finding(f))}</span> {h(f.message)}</li>'
        for f in block.findings)
    diffs = differing([q.text for q in block.versions])
    versions = "".join(_version(q, d, locate.odd(q, block.suggested), locate, ids)
                       for q, d in zip(block.versions, diffs, strict=True))
    suggested = (f'<p class="suggested">Suggested speaker: {h(block.suggested)}</p>'
                 if block.suggested else "")
    return (f'<article class="card card-{block.severity}" id="c{n}">'
            f'<ul class="rules">{rules}</ul><div class="versions">{versions}</div>'
            f"{suggested}</article>")


def _version(quote: Quote, diff: list[tuple[int, int]], odd: bool, locate: Locator,
             ids: _Ids) -> str:
    doc = locate.documents.get(quote.document)
    where = h(locate.where(quote))
    if quote.document in ids.pages:
        where = f'<a href="#{ids.quote[quote.id]}">{where}</a>'
    source = f" · {h(doc.source)}" if doc and doc.source != doc.id else ""
    speaker = h(quote.speaker) if quote.speaker else "<i>no speaker</i>"
    mark = '<span class="oddmark">differs</span>' if odd else ""
    text = _marked(quote.text, [(s, e, "diff") for s, e in diff])
    return (f'<div class="version{" odd" if odd else ""}"><div class="where">{where}{source}'
            f'</div><div><span class="speaker">{speaker}</span>{mark}</div>'
            f"<blockquote>{text}</blockquote>{_evidence(quote)}</div>")


def _evidence(quote: Quote) -> str:
    if quote.speaker is None or quote.sentence is None:
        return ""
    sentence = _marked(quote.sentence, evidence_spans(quote))
    rule = f' <span class="rule-name">({h(quote.evidence)})</span>' if quote.evidence else ""
    return f'<div class="evidence">Evidence: {sentence}{rule}</div>'


def _marked(text: str, spans: Sequence[tuple[int, int, str]]) -> str:
    return "".join(f'<mark class="{kind}">{h(piece)}</mark>' if kind else h(piece)
                   for piece, kind in pieces(text, spans))


def _documents(report: Report, ids: _Ids) -> str:
    rows = []
    for doc in report.documents[:DOCUMENT_ROWS]:
        name = h(doc.path) + (f":{doc.line}" if doc.line else "")
        if doc.id in ids.pages:
            name = f'<a href="#{ids.doc[doc.id]}">{name}</a>'
        detail = h(doc.error or doc.warning or "")
        rows.append(f"<tr><td>{h(doc.id)}</td><td>{name}</td><td>{h(doc.source)}</td>"
                    f"<td>{doc.status}</td><td>{detail}</td></tr>")
    more = len(report.documents) - DOCUMENT_ROWS
    note = f"<p>{more} more documents not listed.</p>" if more > 0 else ""
    return ('<section id="documents"><h2>Documents</h2><table><thead><tr><th>id</th>'
            "<th>file</th><th>source</th><th>status</th><th>note</th></tr></thead><tbody>"
            f'{"".join(rows)}</tbody></table>{note}</section>')


def _doc_pages(report: Report, texts: Mapping[str, str], ids: _Ids) -> list[str]:
    by_doc: dict[str, list[Quote]] = {}
    for quote in report.quotes:
        by_doc.setdefault(quote.document, []).append(quote)
    return [_doc_page(doc, texts[doc.id], by_doc.get(doc.id, []), ids)
            for doc in report.documents if doc.id in texts]


def _doc_page(doc: DocumentResult, text: str, quotes: list[Quote], ids: _Ids) -> str:
    spans = [(q.start, q.end, q.id) for q in quotes if 0 <= q.start <= q.end <= len(text)]
    by_id = {q.id: q for q in quotes}
    body = [_doc_quote(piece, by_id[quote_id], ids) if quote_id else h(piece)
            for piece, quote_id in pieces(text, sorted(spans))]
    return (f'<section class="doc" id="{ids.doc[doc.id]}"><p><a href="#top">← findings</a></p>'
            f"<h2>{h(doc.path)}</h2><p>{h(doc.source)} · {len(quotes)} quotes</p>"
            f'<div class="text">{"".join(body)}</div></section>')


def _doc_quote(piece: str, quote: Quote, ids: _Ids) -> str:
    anchor = ids.quote[quote.id]
    card = ids.card.get(quote.id)
    opening = (f'<a class="q" id="{anchor}" href="#{card}">' if card
               else f'<span class="q" id="{anchor}">')
    closing = "</a>" if card else "</span>"
    who = [h(quote.speaker) if quote.speaker else "no speaker"]
    if quote.speaker_mention:
        who.append(f'mention <mark class="mention">{h(quote.speaker_mention)}</mark>')
    if quote.cue:
        who.append(f'cue <mark class="cue">{h(quote.cue)}</mark>')
    return f'{opening}{h(piece)}{closing}<span class="who">{" · ".join(who)}</span>'


def emit(report: Report, settings: Settings) -> Iterable[str]:
    from quotecheck.output.sources import texts

    found = texts(settings.paths, set(pages_wanted(report)), include=settings.include,
                  exclude=settings.exclude) if settings.paths else {}
    return [html_report(report, texts=found, aliases=settings.aliases,
                        summary=summary_line(report))]
