"""Baselines: today's known findings, so a CI check fails only on new ones.

An entry is keyed on what a finding is about, not where it is: the rule, the
matching key of its quote (the smallest among its quotes: words case-folded,
punctuation dropped) and its speakers. Edits elsewhere in an article, moved
paragraphs and reordered inputs leave the key unchanged. The file is JSON,
sorted, one entry per line, written atomically by the CLI.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path

from quotecheck.errors import UsageError
from quotecheck.files import read_small
from quotecheck.lexicon import fold
from quotecheck.records import Finding, Quote, Report
from quotecheck.textutil import WORD_RE

FORMAT = 1
STALE_RULE = "stale-baseline"


@dataclass(frozen=True, slots=True)
class Entry:
    fingerprint: str
    rule: str
    speakers: tuple[str, ...]
    quote: str  # the start of the quote key, for people reading the file


def quote_key(quote: Quote) -> str:
    return " ".join(fold(w) for w in WORD_RE.findall(quote.text))


def entry(finding: Finding, quotes: dict[str, Quote]) -> Entry:
    keys = sorted(quote_key(quotes[q]) for q in finding.quotes if q in quotes)
    key = keys[0] if keys else ""
    material = "\x1f".join([finding.rule, key, *sorted(finding.speakers)])
    digest = hashlib.sha256(material.encode("utf-8", "surrogatepass")).hexdigest()[:20]
    return Entry(digest, finding.rule, tuple(sorted(finding.speakers)), key[:80])


def entries(report: Report) -> list[Entry]:
    quotes = {q.id: q for q in report.quotes}
    found = {e.fingerprint: e for e in (entry(f, quotes) for f in report.findings
                                        if f.rule != STALE_RULE)}
    return sorted(found.values(), key=lambda e: (e.rule, e.fingerprint))


def dumps(items: Iterable[Entry]) -> str:
    lines = [json.dumps({"fingerprint": e.fingerprint, "rule": e.rule,
                         "speakers": list(e.speakers), "quote": e.quote}, ensure_ascii=False)
             for e in items]
    body = ",\n".join(f"    {line}" for line in lines)
    return (f'{{\n  "quotecheck_baseline": {FORMAT},\n  "entries": [\n{body}\n  ]\n}}\n'
            if lines else f'{{\n  "quotecheck_baseline": {FORMAT},\n  "entries": []\n}}\n')


def load(path: str | Path) -> list[Entry]:
    text = read_small(path, "baseline")  # a regular file, size-capped
    try:
        data = json.loads(text)
        if not isinstance(data, dict) or data.get("quotecheck_baseline") != FORMAT:
            raise ValueError(f"not a quotecheck baseline of format {FORMAT}")
        return [Entry(str(e["fingerprint"]), str(e["rule"]), tuple(e.get("speakers", ())),
                      str(e.get("quote", ""))) for e in data["entries"]]
    except RecursionError:
        raise UsageError(f"baseline {path} is not valid: nested too deeply") from None
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise UsageError(f"baseline {path} is not valid: {exc}") from None


def apply(report: Report, baseline: list[Entry], *, seen_in: Report | None = None,
          checked_quotes: set[str] | None = None) -> Report:
    """Findings not in the baseline, and an info finding per entry no longer seen.

    With a reference store, ``seen_in`` is the whole report, findings among
    stored documents included (they still occur, though not shown), and
    ``checked_quotes`` the quote keys of the documents checked: an entry can
    only be stale if it is about one of them, since the rest of the store was
    not looked at.
    """
    quotes = {q.id: q for q in report.quotes}
    known = {e.fingerprint for e in baseline}
    kept = []
    for finding in report.findings:
        if entry(finding, quotes).fingerprint not in known:
            kept.append(finding)
    context = seen_in or report
    context_quotes = {q.id: q for q in context.quotes}
    seen = {entry(f, context_quotes).fingerprint for f in context.findings}
    stale = [Finding(STALE_RULE, "info",
                     f"baseline entry {e.fingerprint} ({e.rule}"
                     f"{': ' + ', '.join(e.speakers) if e.speakers else ''}) no longer occurs",
                     (), (), e.speakers, None)
             for e in baseline if e.fingerprint not in seen
             and (checked_quotes is None or e.quote in checked_quotes)]
    return replace(report, findings=tuple(kept + stale))
