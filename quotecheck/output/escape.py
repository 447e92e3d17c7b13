"""Article text made safe to show: control and bidi characters made visible.

Corpora are untrusted. A terminal interprets escape sequences, a browser and a
terminal both reorder text around bidi overrides, so every such character is
replaced by a visible escape (``\\x1b``, ``<U+202E>``) before it is shown.
``\\n`` and ``\\t`` stay: they are layout. For HTML, ``html_text`` adds entity
escaping on top (quotes included, so the result is safe inside attributes).
"""

from __future__ import annotations

import html

# Bidi embeddings, overrides and isolates, marks, and the line/paragraph separators.
_INVISIBLE = (0x061C, 0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A),
              0x2028, 0x2029)


def _table() -> dict[int, str]:
    table = {c: f"\\x{c:02x}" for c in (*range(0x00, 0x20), *range(0x7F, 0xA0))}
    del table[ord("\n")], table[ord("\t")]
    table.update({c: f"<U+{c:04X}>" for c in _INVISIBLE})
    return table


_VISIBLE = _table()


def visible(text: str) -> str:
    """``text`` with control and bidi characters shown as escapes (newlines, tabs kept)."""
    return text.translate(_VISIBLE)


def one_line(text: str) -> str:
    """``visible`` and on one line: newlines and tabs shown as ``\\n``, ``\\t`` too."""
    return visible(text).replace("\n", "\\n").replace("\t", "\\t")


def html_text(text: str) -> str:
    """``text`` for HTML element content or a quoted attribute value."""
    return html.escape(visible(text), quote=True)
