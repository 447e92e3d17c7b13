"""Match stage: the key keeps offsets, the scorer is symmetric, blocking finds the pairs."""

from __future__ import annotations

import random

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
)
from quotecheck.records import Keyed, Quote

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
