"""Where findings and quotes point in the inputs: one Locator for every format."""

from __future__ import annotations

from quotecheck.names import Aliases, same_person
from quotecheck.records import DocumentResult, Finding, Quote, Report


class Locator:
    """Built once per report; answers "which file, line and column" for findings and quotes."""

    def __init__(self, report: Report, aliases: Aliases | None = None) -> None:
        self.documents = {d.id: d for d in report.documents}
        self.quotes = {q.id: q for q in report.quotes}
        self.aliases = aliases or Aliases()
        self.names: dict[tuple[str, str], int] = {}  # (document, name) -> line
        for person in report.people:
            self.names.setdefault((person.document, person.name), person.line)

    def odd(self, quote: Quote, suggested: str | None) -> bool:
        """The quote's speaker is not the suggested one (no speaker counts as odd)."""
        if suggested is None:
            return False
        return quote.speaker is None or not same_person(quote.speaker, suggested, self.aliases)

    def primary(self, finding: Finding) -> Quote | None:
        """The finding's own quote to point at: the first that disagrees with the suggested
        speaker (another person, else another spelling of them), else its first."""
        versions = [self.quotes[q] for q in finding.quotes if q in self.quotes]
        suggested = finding.suggested_speaker
        other_person = [q for q in versions if self.odd(q, suggested)]
        other_spelling = [q for q in versions if suggested and q.speaker != suggested]
        chosen = other_person or other_spelling or versions
        return chosen[0] if chosen else None

    def __call__(self, finding: Finding) -> tuple[DocumentResult | None, int, int | None]:
        """Document, line and column a finding points at: its primary quote, else a name."""
        quote = self.primary(finding)
        if quote is not None:
            return self.documents.get(quote.document), quote.line, quote.column
        for document in finding.documents:
            for name in finding.speakers:
                if (document, name) in self.names:
                    return self.documents.get(document), self.names[document, name], None
        first = finding.documents[0] if finding.documents else None
        return self.documents.get(first) if first else None, 1, 1

    def where(self, quote: Quote) -> str:
        """``path:line:col`` of a quote (``path:line`` inside a JSON Lines record)."""
        doc = self.documents.get(quote.document)
        path = doc.path if doc else quote.document
        return f"{path}:{quote.line}" + (f":{quote.column}" if quote.column else "")

    def where_finding(self, finding: Finding) -> str:
        doc, line, column = self(finding)
        if doc is None:
            return ""
        return f"{doc.path}:{line}" + (f":{column}" if column else "")
