"""Find stage: every quotation style, apostrophes, paragraphs, nesting, bad marks."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from quotecheck.extract.quotes import MARKS, classify, find_quotes
from quotecheck.textutil import paragraphs
from tests.helpers import quotes_of

EN_APOSTROPHES = frozenset({"'n'", "'em"})


def found(text: str) -> list[str]:
    return [text[q.start : q.end] for q in find_quotes(text, apostrophe_words=EN_APOSTROPHES)]


SHOULD_FIND = [
    # (text, quotes expected, in order)
    ("He said “we will win” today.", ["we will win"]),
    ('He said "we will win" today.', ["we will win"]),
    ("Ông nói: \"Các cam kết là vững chắc đó”, vẫn lời ông.", ["Các cam kết là vững chắc đó"]),
    ("She said ‘not yet’ twice.", ["not yet"]),
    ("She said 'not yet' twice.", ["not yet"]),
    ("Il a dit « nous verrons » hier.", ["nous verrons"]),
    ("Er sagte „wir kommen“ gestern.", ["wir kommen"]),
    ("Il a dit ‹ non › hier.", ["non"]),
    ("他说「我们会来」。", ["我们会来"]),
    ("他说『我们会来』。", ["我们会来"]),
    ("''This isn't tax reform,'' said Mr. Holtz-Eakin.", ["This isn't tax reform,"]),
    ("sẽ là ” điểm bước ngoặt” trong quan hệ", ["điểm bước ngoặt"]),
    ('He said "one" and "two".', ["one", "two"]),
    ('"Outer “inner” outer," he said.', ["Outer “inner” outer,"]),
    ("\"It feels like, 'Meh, later,'\" he said.", ["It feels like, 'Meh, later,'"]),
    ("Về \"2+2\" và \"răn đe mở rộng\".", ["2+2", "răn đe mở rộng"]),
]

SHOULD_NOT_FIND = [
    "Don't stop. Hồ's plan. L'État c'est moi.",
    "They played rock 'n' roll all night.",
    "The voters’ choice and the ’90s were fine.",
    "He is 6'3\" tall.",
    "No marks at all here.",
    '"  "',
]


@pytest.mark.parametrize(("text", "expected"), SHOULD_FIND)
def test_finds(text: str, expected: list[str]) -> None:
    assert found(text) == expected


@pytest.mark.parametrize("text", SHOULD_NOT_FIND)
def test_does_not_find(text: str) -> None:
    assert found(text) == []


def test_multi_paragraph_quote_is_one_quote() -> None:
    text = '"First paragraph of the quote.\n\n"Second paragraph," she said.\n'
    [quote] = find_quotes(text)
    assert text[quote.start : quote.end] == 'First paragraph of the quote.\n\n"Second paragraph,'
    assert quote.closed


def test_line_break_inside_quote_reaches_closing_mark() -> None:
    text = "Ông nói: “Liên minh sẽ mạnh hơn\n\nTHỂ THAO”.\n"
    [quote] = find_quotes(text)
    assert text[quote.start : quote.end] == "Liên minh sẽ mạnh hơn\n\nTHỂ THAO"


def test_unclosed_quote_ends_with_its_paragraph() -> None:
    text = 'He said "this never closes.\n\nNext paragraph has no marks.\n'
    [quote] = find_quotes(text)
    assert text[quote.start : quote.end] == "this never closes."
    assert not quote.closed


def test_chinese_corner_quotes_and_curly_in_one_document() -> None:
    text = "中方“将继续坚持劝和促谈”。\n\nÔng nói: “Tốt.”"
    assert found(text) == ["将继续坚持劝和促谈", "Tốt."]


@pytest.mark.parametrize(
    ("text", "lang", "needle", "kind"),
    [
        ('Okafor said: "We will come back to the table."', "en", "We will", "statement"),
        ('Okafor said the talks would "resume within a fortnight" soon.', "en", "resume",
         "fragment"),
        ('The so-called "2+2" talks begin.', "en", "2+2", "term"),
        ('Sanders told MSNBC\'s "Morning Joe" on Friday.', "en", "Morning", "term"),
        ("Đầu tháng này, Bộ trưởng Lloyd Austin cho biết, đang xem xét \"rất kỹ\" ý tưởng.",
         "vi", "rất kỹ", "fragment"),
        ("Mỹ được coi là \"ngọn giáo\" còn Nhật là \"tấm khiên\".", "vi", "ngọn giáo", "term"),
        ("Họ sẽ bàn về “răn đe mở rộng”, một thuật ngữ.", "vi", "răn đe", "term"),
        ("Ông Biden nói: “Chúng tôi đang hiện đại hóa liên minh.”", "vi", "Chúng tôi",
         "statement"),
    ],
)
def test_kind(text: str, lang: str, needle: str, kind: str) -> None:
    [quote] = [q for q in quotes_of(text, lang) if needle in q.text]
    assert quote.kind == kind


def test_classify_without_cue_embedded_short_is_term() -> None:
    text = 'Workers held signs reading "Fair Pay Now" outside.'
    [span] = find_quotes(text)
    assert classify(text, span, paragraphs(text)[0], has_cue=False) == "term"


SINGLE_MARKS = [m for m in MARKS if len(m) == 1]
MARK_TEXT = st.text(
    alphabet=st.sampled_from([*SINGLE_MARKS, " ", "\n", "a", "B", ",", ".", "'", "ế", "\u200b"]),
    max_size=200,
)


@settings(max_examples=300, deadline=None)
@given(st.one_of(MARK_TEXT, st.text(max_size=200)))
def test_spans_are_slices_in_order(text: str) -> None:
    spans = find_quotes(text)
    previous_end = -1
    for span in spans:
        assert 0 <= span.open_start <= span.start < span.end <= span.close_end <= len(text)
        assert span.open_start >= previous_end
        previous_end = span.close_end


def test_nested_five_thousand_deep_and_unbalanced_marks_do_not_fail() -> None:
    deep = "“" * 5000 + "core" + "”" * 5000
    assert found(deep) == ["“" * 4999 + "core" + "”" * 4999]
    assert isinstance(found('"' * 100_001 + " x"), list)
