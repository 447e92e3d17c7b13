"""Match stage: the key keeps offsets, the scorer is symmetric, blocking finds the pairs."""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from quotecheck import lexicon
from quotecheck.extract.keys import key_words
from quotecheck.lexicon import fold
from quotecheck.matching import (
    candidate_pairs,
    cluster_keys,
    match,
    same_statement,
    strength,
)
from quotecheck.records import Keyed, Quote
from tests.helpers import quotes_of

WORDS = st.lists(st.sampled_from(["we", "will", "talk", "Hoa", "Kỳ", "Mỹ", "ông", "2+2", "không",
                                  "offer", "United", "States", "US", "—", "“", "”", ","]),
                 min_size=1, max_size=30).map(" ".join)


def _quote(text: str, doc: str = "d", kind: str = "statement") -> Quote:
    return Quote(id=f"{doc}#1", document=doc, start=0, end=len(text), text=text,
                 kind=kind, speaker=None, speaker_mention=None, cue=None,  # type: ignore[arg-type]
                 lang="vi")


@settings(max_examples=200, deadline=None)
@given(WORDS, st.sampled_from(["en", "vi"]))
def test_key_words_keep_their_offsets(text: str, lang: str) -> None:
    lex = lexicon.load(lang)
    for word in key_words(text, _quote(text), lex):
        piece = text[word.start : word.end]
        assert word.word == fold(piece) or word.word in lex.synonyms.values()


@settings(max_examples=200, deadline=None)
@given(WORDS, WORDS)
def test_same_statement_is_symmetric_and_reflexive(a: str, b: str) -> None:
    lex = lexicon.load("vi")
    ka = " ".join(w.word for w in key_words(a, _quote(a), lex))
    kb = " ".join(w.word for w in key_words(b, _quote(b), lex))
    assert same_statement(ka, ka)
    assert same_statement(ka, kb) == same_statement(kb, ka)


def test_synonyms_make_outlets_agree() -> None:
    lex = lexicon.load("vi")
    a = key_words("quân đội Hoa Kỳ", _quote("quân đội Hoa Kỳ"), lex)
    b = key_words("quân đội Mỹ", _quote("quân đội Mỹ"), lex)
    assert [w.word for w in a] == [w.word for w in b] == ["quân", "đội", "mỹ"]


def test_fragment_is_contained_in_its_statement() -> None:
    assert same_statement("resume within a fortnight",
                          "the talks will resume within a fortnight if both sides agree")
    assert not same_statement("rất kỹ", "chúng tôi đang xem xét rất kỹ ý tưởng này hôm nay")


# Should: two outlets quoting overlapping excerpts of one statement share a long run of
# words (15); should not: a shorter shared run (14) between otherwise different quotes.
_RUN = "là trận đấu hấp dẫn và các cầu thủ của tôi phải nỗ lực tối đa ở trận này".split()
_OPENS = ("tôi nghĩ đây sẽ", "trận gặp đội chủ nhà vào tối mai")
_CLOSES = ("tuy nhiên kết quả trận đấu không là điều khiến tôi bận tâm hay cảm thấy áp lực bởi "
           "vì chúng tôi vẫn đang trong quá trình chuẩn bị cho giải đấu lớn vào mùa hè",
           "chúng tôi đã quan sát họ tập luyện trên sân suốt cả tuần qua và thấy họ là một đội "
           "bóng mạnh đồng đều ở mọi tuyến với nhiều thành tích ấn tượng")


def _excerpts(shared: int) -> tuple[str, str]:
    run = " ".join(_RUN[:shared])
    return (f"{_OPENS[0]} {run} {_CLOSES[0]}", f"{_OPENS[1]} {run} {_CLOSES[1]}")


def test_overlapping_excerpts_are_linked_weakly() -> None:
    assert strength(*_excerpts(15)) == "contained"
    run = "we will keep every school in the county open through the winter and hire more"
    english = ("the budget is tight this year and nobody on the board pretends otherwise, yet "
               f"after long talks with the unions {run} nurses so that no child goes without "
               "care during the flu season, which hit the valley hard last year")
    other = ("as the mayor told the council at its meeting last night, with the heating bills "
             f"still unpaid {run} bus drivers before the next term starts in the spring, when "
             "the new routes through the hills open to traffic")
    assert strength(english, other) == "contained"


def test_a_short_shared_run_links_nothing() -> None:
    assert strength(*_excerpts(14)) is None


def test_terms_are_not_clustered() -> None:
    items = [Keyed.of(_quote("2+2", doc, "term"), key_words("2+2", _quote("2+2"), None))
             for doc in ("a", "b")]
    assert match(items) == []


def test_syndicated_versions_form_one_cluster() -> None:
    rng = random.Random(3)
    base = ("the port authority will not accept any deal that cuts overtime pay for the "
            "dock workers this year").split()
    keys, docs = [], []
    for n in range(60):  # sixty outlets, each changing a word or two
        words = list(base)
        for _ in range(rng.randint(0, 2)):
            words[rng.randrange(len(words))] = f"x{rng.randrange(9)}"
        keys.append(" ".join(words))
        docs.append(f"outlet{n}")
    keys += [f"unrelated statement number {n} about something else entirely" for n in range(50)]
    docs += [f"other{n}" for n in range(50)]
    groups = cluster_keys(keys, docs)
    assert any(set(range(60)) <= set(members) for members, _parts in groups)


def test_blocking_finds_planted_near_duplicates() -> None:
    rng = random.Random(7)
    vocab = [f"w{i}" for i in range(3000)]
    keys = [" ".join(rng.choices(vocab, k=rng.randint(10, 30))) for _ in range(2000)]
    planted = []
    for i in range(0, 200):
        words = keys[i].split()
        words[rng.randrange(len(words))] = rng.choice(vocab)  # one word changed
        keys.append(" ".join(words))
        planted.append((i, len(keys) - 1))
    pairs = set(candidate_pairs(keys))
    assert all(p in pairs for p in planted)
    assert len(pairs) < 20 * len(keys)  # no all-pairs blow-up


# A split quote's key is its statement: a later part opened right after a word is a
# fragment inside the writer's clause ('… ông Đại nói, khiến “bà con kiến nghị”'), not
# what other outlets quote; a part after a comma ('"A," X said, "B"') continues it.
@pytest.mark.parametrize(("lang", "text", "kept", "dropped"), [
    ("vi", "“Sân bay nằm giữa đô thị, rất nguy hiểm”, ông Lã Văn Đại nói và cho biết thêm, "
           "máy bay hạ cánh làm tốc mái nhà khiến “bà con kiến nghị rất nhiều”.",
     "nguy hiểm", "kiến nghị"),
    ("en", '"The yard will stay open," Tomas Okafor said, adding that the price of steel had '
           '"cratered" last year.', "stay open", "cratered"),
])
def test_an_embedded_part_is_not_in_the_key(lang: str, text: str, kept: str,
                                            dropped: str) -> None:
    [quote] = quotes_of(text, lang)
    assert len(quote.parts) == 2
    key = " ".join(w.word for w in key_words(text, quote, lexicon.load(lang)))
    assert kept in key
    assert dropped not in key


def test_a_continuing_part_stays_in_the_key() -> None:
    text = '"The yard will stay open," Tomas Okafor said, "and the cranes will stay too."'
    [quote] = quotes_of(text, "en")
    key = " ".join(w.word for w in key_words(text, quote, lexicon.load("en")))
    assert "stay open" in key
    assert "cranes" in key
