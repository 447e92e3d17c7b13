"""Attribute and resolve stages: speakers before, after and around quotes, in both languages."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.helpers import quote_containing, quotes_of

EN_CASES = [
    # (text, words of the quote, expected speaker)
    ('Tomas Okafor said: "We will talk."', "We will", "Tomas Okafor"),
    ('"We will talk," Tomas Okafor said.', "We will", "Tomas Okafor"),
    ('"We will talk," said Tomas Okafor.', "We will", "Tomas Okafor"),
    ('"We will talk," Tomas Okafor told reporters on Monday.', "We will", "Tomas Okafor"),
    ('"We will talk," Okafor said, "but not today."', "not today", "Okafor"),
    ('According to Helena Marsh, "the offer is late."', "offer", "Helena Marsh"),
    ('Helena Marsh, the union leader, said: "We wait."', "We wait", "Helena Marsh"),
    ("Rep. Gwen Moore (D-Wis.) said: \"It is wrong.\"", "It is wrong", "Gwen Moore"),
    ('"It is wrong," said Mr. Burman, an economist at the center.', "wrong", "Burman"),
    ('"Read it." ― Sonya Herridge', "Read it", "Sonya Herridge"),
    ('"We will talk," a senior official said.', "We will", "a senior official"),
    ('"We will talk," the White House said.', "We will", "White House"),
    ('"We will talk," Okafor told CNN.', "We will", "Okafor"),
    ("Said Ellis: \"I doubt it.\"", "doubt", "Ellis"),
]

EN_RESOLUTION = [
    ('Mayor Tomas Okafor spoke on Tuesday. "We will talk," Okafor said.', "We will",
     "Tomas Okafor"),
    ('Helena Marsh was less hopeful. "We wait," she said.', "We wait", "Helena Marsh"),
    ('Ambassador Rahm Emanuel arrived. "Talks matter," the ambassador said.', "Talks",
     "Rahm Emanuel"),
    ('Tomas Okafor said: "First part."\n\n"Second paragraph, same speaker."', "Second",
     "Tomas Okafor"),
    ('Tomas Okafor met Helena Marsh. Mrs. Marsh left. "No," she said.', "No", "Helena Marsh"),
]

VI_CASES = [
    ("Rahm Emanuel nói: “Chúng tôi sẵn sàng.”", "Chúng tôi", "Rahm Emanuel"),
    ("“Chúng tôi sẵn sàng”, Rahm Emanuel nói.", "Chúng tôi", "Rahm Emanuel"),
    ("Rahm Emanuel, Đại sứ Hoa Kỳ tại Nhật Bản, cho biết: “Chúng tôi sẵn sàng.”",
     "Chúng tôi", "Rahm Emanuel"),
    ("“Chúng tôi sẵn sàng”, Trợ lý Ngoại trưởng Mỹ Daniel Kritenbrink, chuyên trách Đông Á "
     "và Thái Bình Dương, nói.", "Chúng tôi", "Daniel Kritenbrink"),
    ("Theo Ngoại trưởng Antony Blinken, liên minh “là nền tảng của hòa bình”.", "nền tảng",
     "Antony Blinken"),
    ("“Liên minh rất mạnh”, theo lời Bộ trưởng Quốc phòng Mỹ Lloyd Austin.", "Liên minh",
     "Lloyd Austin"),
    ("“Chúng tôi không thể liên lạc”, một quan chức cấp cao của SDF nói với Nikkei Asia.",
     "liên lạc", "một quan chức cấp cao của SDF"),
    ("Nhà Trắng cho biết: “Chuyến thăm rất quan trọng.”", "Chuyến thăm", "Nhà Trắng"),
    ("Konda nhấn mạnh: “Các cam kết là vững chắc.”", "cam kết", "Konda"),
]

VI_RESOLUTION = [
    ("Bộ trưởng Phạm Quốc Hưng đến Hà Nội. “Chúng tôi đồng ý”, ông Hưng nói.", "đồng ý",
     "Phạm Quốc Hưng"),
    ("Tổng thống Mỹ Joe Biden phát biểu. “Chúng tôi đang hiện đại hóa”, ông Biden nói.",
     "hiện đại", "Joe Biden"),
    ("Đại sứ Mỹ tại Nhật Bản Rahm Emanuel nói: “Một.”\n\n“Hai”, vị đại sứ nói tiếp.", "Hai",
     "Rahm Emanuel"),
    ("Người phát ngôn Nhà Trắng, bà Karine Jean-Pierre khẳng định điều đó. "
     "Bà khẳng định chuyến thăm sẽ “nhấn mạnh tầm quan trọng của liên minh”.", "tầm quan trọng",
     "Karine Jean-Pierre"),
    ("Daniel Kritenbrink nói: “Một.”\n\n“Các cam kết là vững chắc”, vẫn lời ông.", "cam kết",
     "Daniel Kritenbrink"),
    ("Đại sứ Philippines Jose Manuel Romualdez phát biểu. “Các cuộc gặp đã được sắp xếp”, "
     "theo Reuters dẫn lời nhà ngoại giao Philippines.", "cuộc gặp", "Jose Manuel Romualdez"),
    ("Rahm Emanuel cho biết: “Cuộc đàm phán sẽ củng cố liên minh.”\n\n“Liên minh sẽ sẵn sàng "
     "ứng phó với những thách thức.”", "sẵn sàng", "Rahm Emanuel"),
]


@pytest.mark.parametrize(("text", "needle", "speaker"), EN_CASES + EN_RESOLUTION)
def test_english_speaker(text: str, needle: str, speaker: str) -> None:
    assert quote_containing(text, "en", needle).speaker == speaker


@pytest.mark.parametrize(("text", "needle", "speaker"), VI_CASES + VI_RESOLUTION)
def test_vietnamese_speaker(text: str, needle: str, speaker: str) -> None:
    assert quote_containing(text, "vi", needle).speaker == speaker


NO_SPEAKER = [
    ("en", 'The report was titled "A Long Road" and ran to 40 pages.'),
    ("en", '"We will talk."'),
    ("vi", "Hãng tin Yonhap đưa tin hai bên nhất trí “duy trì hợp tác chặt chẽ”."),
    ("vi", "Mỹ được coi là “ngọn giáo” còn Nhật là “tấm khiên”."),
]


@pytest.mark.parametrize(("lang", "text"), NO_SPEAKER)
def test_no_speaker(lang: str, text: str) -> None:
    assert [q.speaker for q in quotes_of(text, lang)] == [None] * len(quotes_of(text, lang))


def test_relayed_outlet_is_not_the_speaker() -> None:
    text = "“Chúng tôi không thể liên lạc”, một quan chức của SDF nói với Nikkei Asia."
    assert quote_containing(text, "vi", "liên lạc").speaker != "Nikkei Asia"


def test_speaker_mention_and_cue_are_slices() -> None:
    text = 'Mayor Tomas Okafor spoke. "We will talk," the mayor said.'
    quote = quote_containing(text, "en", "We will")
    assert (quote.speaker, quote.speaker_mention, quote.cue) == ("Tomas Okafor", "the mayor",
                                                                "said")
    assert text[quote.mention_start : quote.mention_end] == "the mayor"


def test_split_quote_is_one_statement_with_parts() -> None:
    text = '"We will talk," Okafor said, "but not today."'
    [quote] = quotes_of(text, "en")
    assert [text[s:e] for s, e in quote.parts] == ["We will talk,", "but not today."]
    assert quote.text == text[quote.start : quote.end]


def test_chinese_paragraph_does_not_disturb_vietnamese() -> None:
    text = ("中方“将继续坚持劝和促谈”,普京表示。\n\n"
            "Rahm Emanuel nói: “Chúng tôi sẵn sàng.”")
    quotes = quotes_of(text, "vi")
    assert [(q.lang, q.speaker) for q in quotes] == [("zh", None), ("vi", "Rahm Emanuel")]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from([*"“”\"' \n,.:aAbBôÔ", "said", "nói", "Ông", " Okafor"]),
                max_size=60).map("".join))
def test_attribution_never_fails_and_mentions_are_slices(text: str) -> None:
    for lang in ("en", "vi"):
        for quote in quotes_of(text, lang):
            assert quote.text == text[quote.start : quote.end]
            if quote.mention_start is not None:
                assert text[quote.mention_start : quote.mention_end] == quote.speaker_mention
