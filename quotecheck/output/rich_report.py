"""The terminal report: one block per cluster with findings, sized to the terminal.

Each block lists the rules that fire on it, then each source's version with
``path:line:col``, the speaker (the odd one marked), the quote with the
differing words highlighted, and the evidence sentence with the mention and
cue highlighted; the suggested speaker comes last. The summary line ends the
report, and also opens it when the report is long.

Article text is never rich markup: it is put in ``Text`` objects and styled by
span, after control and bidi characters were made visible. Without colour the
highlights are shown with brackets (``⟦400⟧``, ``⟨said⟩``), so a log keeps them.
"""

from __future__ import annotations

import io
import os
from collections.abc import Iterable, Mapping, Sequence

from rich.console import Console
from rich.text import Text

from quotecheck.escape import visible
from quotecheck.names import Aliases
from quotecheck.output import Settings, summary_line
from quotecheck.output.blocks import Block, blocks, differing, evidence_spans, pieces
from quotecheck.output.locate import Locator
from quotecheck.records import Quote, Report

SEVERITY_STYLE = {"error": "bold red", "warning": "bold yellow", "info": "bold cyan"}
STYLE = {"diff": "bold magenta underline", "mention": "bold blue underline",
         "cue": "bold green underline", "odd": "bold red"}
PLAIN = {"diff": ("⟦", "⟧"), "mention": ("⟨", "⟩"), "cue": ("⟨", "⟩")}
LEGEND = "⟦ ⟧ words that differ between sources, ⟨ ⟩ the speaker's mention and cue"
LONG = 40  # lines; a longer report also opens with the summary line


def color_wanted(choice: str, tty: bool, environ: Mapping[str, str] | None = None) -> bool:
    """``--color``: always/never win; auto is off with NO_COLOR, on with FORCE_COLOR,
    else on for a terminal."""
    environ = os.environ if environ is None else environ
    if choice != "auto":
        return choice == "always"
    if environ.get("NO_COLOR"):
        return False
    if environ.get("FORCE_COLOR"):
        return True
    return tty


def console(buffer: io.StringIO, *, color: bool, width: int | None) -> Console:
    """A console writing to ``buffer``; ``width`` None: COLUMNS, the terminal, else 80."""
    return Console(file=buffer, width=width, color_system="standard" if color else None,
                   force_terminal=color, no_color=not color, highlight=False, emoji=False,
                   markup=False, legacy_windows=False, soft_wrap=False)


def rich_report(report: Report, *, color: bool = False, width: int | None = None,
                aliases: Aliases | None = None, summary: str = "") -> str:
    buffer = io.StringIO()
    out = console(buffer, color=color, width=width)
    locate = Locator(report, aliases)
    grouped = blocks(report, locate)
    if grouped and not color:
        indented(out, Text().append(LEGEND, style="dim"), 0)
    for block in grouped:
        out.print()
        _block(out, block, locate, color)
    for doc in report.documents:
        if doc.status == "skipped":
            note = f"skipped {doc.path}: {doc.error}"
        elif doc.warning:
            note = f"read {doc.path} with a warning: {doc.warning}"
        else:
            continue
        indented(out, Text().append(visible(note), style="yellow"), 0)
    out.print()
    indented(out, Text().append(summary, style="bold"), 0)
    body = buffer.getvalue()
    if body.count("\n") > LONG:
        buffer = io.StringIO()
        indented(console(buffer, color=color, width=width),
                  Text().append(summary, style="bold"), 0)
        body = buffer.getvalue() + body
    return body


def _block(out: Console, block: Block, locate: Locator, color: bool) -> None:
    for finding in block.findings:
        head = Text().append(finding.severity.upper(), style=SEVERITY_STYLE[finding.severity])
        head.append(f" {visible(finding.rule)}", style="bold")
        head.append(f"  {visible(finding.message)}")
        indented(out, head, 0)
        if not finding.quotes:
            indented(out, Text(locate.where_finding(finding), style="dim"), 2)
    diffs = differing([q.text for q in block.versions])
    for quote, diff in zip(block.versions, diffs, strict=True):
        _version(out, quote, diff, locate.odd(quote, block.suggested), locate, color)
    if block.suggested:
        indented(out, Text().append("Suggested speaker: ", style="bold").append(
            visible(block.suggested)), 0)


def _version(out: Console, quote: Quote, diff: Sequence[tuple[int, int]], odd: bool,
             locate: Locator, color: bool) -> None:
    doc = locate.documents.get(quote.document)
    where = Text().append(locate.where(quote), style="bold")
    if doc and doc.source != doc.id:
        where.append(f"  {visible(doc.source)}", style="dim")
    indented(out, where, 2)
    speaker = Text("speaker: ").append(visible(quote.speaker or "(no speaker)"),
                                       style=STYLE["odd"] if odd and color else "bold")
    if odd:
        speaker.append("  ✗ differs", style=STYLE["odd"])
    lines = [speaker, Text("quote: ").append_text(_marked(quote.text, [
        (s, e, "diff") for s, e in diff], color))]
    if quote.speaker is not None and quote.sentence is not None:
        label = f"evidence ({quote.evidence}): " if quote.evidence else "evidence: "
        lines.append(Text(label).append_text(_marked(quote.sentence, evidence_spans(quote),
                                                     color)))
    for line in lines:
        indented(out, line, 4)


def indented(out: Console, text: Text, indent: int) -> None:
    """``text`` wrapped to the console less ``indent``, each line indented, no padding."""
    for line in text.wrap(out, max(out.width - indent, 20), overflow="fold"):
        line.rstrip()
        out.print(Text(" " * indent).append_text(line), no_wrap=True, overflow="ignore",
                  crop=False)


def _marked(text: str, spans: Sequence[tuple[int, int, str]], color: bool) -> Text:
    """``text`` on one line, its spans styled (or bracketed without colour)."""
    result = Text()
    for piece, kind in pieces(text, spans):
        shown = visible(piece)
        if kind is None:
            result.append(shown)
        elif color:
            result.append(shown, style=STYLE[kind])
        else:
            result.append(f"{PLAIN[kind][0]}{shown}{PLAIN[kind][1]}")
    return result


def emit(report: Report, settings: Settings) -> Iterable[str]:
    return [rich_report(report, color=settings.color, width=settings.width,
                        aliases=settings.aliases, summary=summary_line(report))]
