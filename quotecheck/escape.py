"""Escaping of untrusted text (article text, ids, paths) for every place a person reads it.

Corpora are written by anyone, so nothing from them reaches a terminal, a CI
log, a Markdown summary, an XML file or a URI unescaped. One module, one rule
per destination:

- ``visible(text)``: control characters (C0, DEL, C1, so ESC, CR and LF too),
  bidirectional overrides and isolates, and line/paragraph separators become
  visible escapes (``\\x1b``, ``\\n``, ``\\u202e``). For terminals and log lines:
  no OSC 52 clipboard write, hidden OSC 8 link, screen clear or reversed text.
  ``keep_layout=True`` keeps LF and tab (an article's lines in ``show`` or a page).
- ``html_text(text)``: ``visible`` (layout kept) plus entity escaping, quotes
  included, so the result is safe in HTML element content and quoted attributes.
- ``log_line(text)``: ``visible`` plus what a CI log runner would read as a
  command: a line starting with ``::`` (GitHub workflow commands) or containing
  ``##[`` (the older form) is defused. Use it for every line printed to
  stdout/stderr outside the JSON, SARIF and JUnit formats.
- ``workflow_data`` / ``workflow_property``: the message and property values
  of a GitHub workflow command (``%``, CR, LF; and ``:``, ``,`` in properties),
  after ``visible``.
- ``markdown_cell(text)``: a Markdown table cell that renders as the plain
  text: every ASCII punctuation character becomes an HTML character reference,
  so no link, image, HTML tag, heading, emphasis, autolink or ``|`` survives.
- ``xml_text(text)``: characters XML 1.0 does not allow become visible escapes;
  ElementTree does the ``&<>"`` part.
- ``uri(path)``: a relative or absolute path as a percent-encoded URI reference.
"""

from __future__ import annotations

import html
import re
from urllib.parse import quote

_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
# C0 and C1 controls, DEL; bidi marks, embeddings, overrides and isolates; the
# Unicode line and paragraph separators (some viewers break lines on them).
_UNSAFE_RE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029"
                        "\u202a-\u202e\u2066-\u2069]")
_UNSAFE_BUT_LAYOUT_RE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f"
                                   "\u2028\u2029\u202a-\u202e\u2066-\u2069]")
# What XML 1.0 forbids (besides tab, LF, CR which it allows but we escape too).
_NOT_XML_RE = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff"
                         "\u202a-\u202e\u2066-\u2069]")
_ASCII_PUNCTUATION_RE = re.compile(r"[!-/:-@\[-`{-~]")


def _code(char: str) -> str:
    if char in _NAMED:
        return _NAMED[char]
    point = ord(char)
    return f"\\x{point:02x}" if point < 0x100 else f"\\u{point:04x}"


def visible(text: str, *, keep_layout: bool = False) -> str:
    """``text`` with controls and bidi overrides shown as escapes (``\\x1b``, ``\\u202e``).

    ``keep_layout``: LF and tab stay as they are (text shown over several lines);
    CR never does.
    """
    return (_UNSAFE_BUT_LAYOUT_RE if keep_layout else _UNSAFE_RE).sub(
        lambda m: _code(m.group()), text)


def html_text(text: str) -> str:
    """``text`` for HTML element content or a quoted attribute value."""
    return html.escape(visible(text, keep_layout=True), quote=True)


def log_line(text: str) -> str:
    """One line of a CI log that no runner reads as a command, whatever ``text`` holds."""
    line = visible(text).replace("##[", "#\\x23[")
    stripped = line.lstrip()
    if stripped.startswith("::"):
        indent = len(line) - len(stripped)
        line = f"{line[:indent]}\\x3a{stripped[1:]}"
    return line


def workflow_data(text: str) -> str:
    """The message of a GitHub workflow command (``::error ...::MESSAGE``)."""
    return visible(text).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def workflow_property(text: str) -> str:
    """A property value of a GitHub workflow command (``file=VALUE``)."""
    return workflow_data(text).replace(":", "%3A").replace(",", "%2C")


def markdown_cell(text: str) -> str:
    """A Markdown (GFM) table cell that renders exactly as ``text``, as plain text."""
    return _ASCII_PUNCTUATION_RE.sub(lambda m: f"&#{ord(m.group())};", visible(text))


def xml_text(text: str) -> str:
    """Text that is well-formed in an XML 1.0 attribute or element."""
    return _NOT_XML_RE.sub(lambda m: _code(m.group()), text)


def uri(path: str) -> str:
    """A file path as a URI reference: ``/``-separated, everything else percent-encoded."""
    return quote(path.encode("utf-8", "surrogatepass"), safe="/")
