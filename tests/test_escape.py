"""The escaping of untrusted text, per destination (quotecheck/escape.py)."""

from __future__ import annotations

from xml.etree import ElementTree

import pytest

from quotecheck import escape

OSC52 = "\x1b]52;c;ZWNobyBwd25lZA==\x07"
OSC8 = "\x1b]8;;https://evil.example\x1b\\click\x1b]8;;\x1b\\"


@pytest.mark.parametrize(("text", "expected"), [
    ("plain Nguyễn Văn Hưng “quote”", "plain Nguyễn Văn Hưng “quote”"),
    ("a\nb\rc\td", "a\\nb\\rc\\td"),
    (OSC52, "\\x1b]52;c;ZWNobyBwd25lZA==\\x07"),
    ("\x1b[8mhidden\x1b[0m \x1b[2J", "\\x1b[8mhidden\\x1b[0m \\x1b[2J"),
    ("abc\u202eevil\u2066x\u2069", "abc\\u202eevil\\u2066x\\u2069"),
    ("\x00\x7f\x85\x9b", "\\x00\\x7f\\x85\\x9b"),
    ("line\u2028sep", "line\\u2028sep"),
    ("zero\u200bwidth stays", "zero\u200bwidth stays"),
])
def test_visible(text: str, expected: str) -> None:
    assert escape.visible(text) == expected


def test_visible_can_keep_layout_but_never_carriage_returns() -> None:
    assert escape.visible("a\nb\r\x1b\tc", keep_layout=True) == "a\nb\\r\\x1b\tc"
    assert escape.visible("a\x1b[31mb\u202ec\nd\te", keep_layout=True) == (
        "a\\x1b[31mb\\u202ec\nd\te")


def test_html_text_escapes_entities_quotes_and_controls() -> None:
    assert escape.html_text('<a href="x">&\'') == "&lt;a href=&quot;x&quot;&gt;&amp;&#x27;"
    assert escape.html_text("a\u202eb\x1b\nc") == "a\\u202eb\\x1b\nc"


@pytest.mark.parametrize(("text", "expected"), [
    ("x.txt:1: error", "x.txt:1: error"),
    ("a\n::add-mask::secret", "a\\n::add-mask::secret"),
    ("::error::forged", "\\x3a:error::forged"),
    ("  ::stop-commands::tok", "  \\x3a:stop-commands::tok"),
    ("see ##[error]x", "see #\\x23[error]x"),
    ("100% sure", "100% sure"),
])
def test_log_line(text: str, expected: str) -> None:
    line = escape.log_line(text)
    assert line == expected
    assert "\n" not in line
    assert "\r" not in line
    assert not line.lstrip().startswith("::")


@pytest.mark.parametrize(("text", "data", "prop"), [
    ("50% a:b,c", "50%25 a:b,c", "50%25 a%3Ab%2Cc"),
    ("a\nb", "a\\nb", "a\\nb"),
    ("%0A::error::x", "%250A::error::x", "%250A%3A%3Aerror%3A%3Ax"),
])
def test_workflow_command_values(text: str, data: str, prop: str) -> None:
    assert escape.workflow_data(text) == data
    assert escape.workflow_property(text) == prop


@pytest.mark.parametrize(("text", "expected"), [
    ("Marsh said", "Marsh said"),
    ("a|b", "a&#124;b"),
    ("a\\|b", "a&#92;&#124;b"),
    ("[x](https://e.example)", "&#91;x&#93;&#40;https&#58;&#47;&#47;e&#46;example&#41;"),
    ("<img src=x>", "&#60;img src&#61;x&#62;"),
    ("# head", "&#35; head"),
    ("www.evil.example", "www&#46;evil&#46;example"),
    ("row\rend", "row&#92;rend"),
])
def test_markdown_cell(text: str, expected: str) -> None:
    cell = escape.markdown_cell(text)
    assert cell == expected
    assert not set(cell) & set("|<>[]()\\\r\n")


@pytest.mark.parametrize("text", ["\x00\x01\x1b[31m", "\ud800 lone", "\ufffe\uffff", "a\fb",
                                  "ok & <tag> \"q\""])
def test_xml_text_is_always_well_formed(text: str) -> None:
    element = ElementTree.Element("e", attr=escape.xml_text(text))
    element.text = escape.xml_text(text)
    xml = ElementTree.tostring(element, encoding="unicode")
    parsed = ElementTree.fromstring(xml)  # a strict parser
    assert parsed.text == escape.xml_text(text)


@pytest.mark.parametrize(("path", "expected"), [
    ("samples/vi/001.txt", "samples/vi/001.txt"),
    ("a b/c#d?.txt", "a%20b/c%23d%3F.txt"),
    ("x:y/ü.txt", "x%3Ay/%C3%BC.txt"),
    ("/abs/100%.txt", "/abs/100%25.txt"),
    ("new\nline.txt", "new%0Aline.txt"),
])
def test_uri(path: str, expected: str) -> None:
    assert escape.uri(path) == expected
