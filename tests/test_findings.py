"""Findings: should-flag and should-pass examples for every rule, in both languages."""

from __future__ import annotations

from pathlib import Path

import pytest

import quotecheck
from quotecheck.findings import RULES
from quotecheck.names import Aliases
from quotecheck.pipeline import Options
from quotecheck.records import Finding

Corpus = list[tuple[str, str]]  # (document id, text)

EN_STATEMENT = "We will come back to the table with a serious offer for the workers"
VI_STATEMENT = "Các cam kết trong hiệp ước an ninh của chúng tôi với Nhật Bản là vững chắc"

EXAMPLES: dict[str, dict[str, dict[str, list[Corpus]]]] = {
    "misattribution": {
        "en": {
            "flag": [[("a", f'Mayor Tomas Okafor said: "{EN_STATEMENT}."'),
                      ("b", f'Union leader Helena Marsh said: "{EN_STATEMENT}."')]],
            "pass": [[("a", f'Mayor Tomas Okafor said: "{EN_STATEMENT}."'),
                      ("b", f'"{EN_STATEMENT}," Okafor said.')],
                     [("a", 'Tomas Okafor said: "We will talk."'),  # too short to tell
                      ("b", 'Helena Marsh said: "We will talk."')],
                     # words the writer put around a quote name nobody as its speaker
                     [("a", f'Mayor Tomas Okafor said: "{EN_STATEMENT}."'),
                      ("b", f'Helena Marsh mocked the mayor for "{EN_STATEMENT}."')]],
        },
        "vi": {
            "flag": [[("a", f"Trợ lý Ngoại trưởng Daniel Kritenbrink nói: “{VI_STATEMENT}.”"),
                      ("b", f"Konda nhấn mạnh: “{VI_STATEMENT}.”")]],
            "pass": [[("a", f"Bộ trưởng Phạm Quốc Hưng nói: “{VI_STATEMENT}.”"),
                      ("b", f"“{VI_STATEMENT}”, ông Hưng nói.")],
                     [("a", f"Bộ trưởng Phạm Quốc Hưng nói: “{VI_STATEMENT}.”"),
                      ("b", f"Bà Hoàng Thị Mơ nhắc lại việc “{VI_STATEMENT}”.")]],
        },
    },
    "speaker-variant": {
        "en": {
            "flag": [[("a", f'Union leader Helena Marsh said: "{EN_STATEMENT}."'),
                      ("b", f'Union leader Helena Marsch said: "{EN_STATEMENT}."')]],
            "pass": [[("a", f'Union leader Helena Marsh said: "{EN_STATEMENT}."'),
                      ("b", f'"{EN_STATEMENT}," Marsh said.')]],
        },
        "vi": {
            "flag": [[("a", f"Bộ trưởng Phạm Quốc Hùng nói: “{VI_STATEMENT}.”"),
                      ("b", f"Bộ trưởng Phạm Quốc Hưng nói: “{VI_STATEMENT}.”")]],
            "pass": [[("a", f"Bộ trưởng Phạm Quốc Hưng nói: “{VI_STATEMENT}.”"),
                      ("b", f"Bộ trưởng Phạm Quốc Hưng cho biết: “{VI_STATEMENT}.”")]],
        },
    },
    "name-variant": {
        "en": {
            "flag": [[("a", "Mayor Tomas Okafor met Minister Helena Marsh."),
                      ("b", "Mayor Thomas Okafor met Minister Helena Marsh.")]],
            "pass": [[("a", "Mayor Tomas Okafor met the union."),  # nothing relates a and b
                      ("b", "Mayor Thomas Okafor met the union.")],
                     [("a", "First lady Kim Keon-hee visited Seoul."),
                      ("b", "Spokesman Kim Sung-han visited Seoul.")],
                     [("a", "Sen. John McCain spoke on Monday."),
                      ("b", "Rep. John Mica spoke on Monday.")],
                     [("a", "Either Clinton or Trump will win North Carolina."),
                      ("b", "Neither Clinton nor Trump will win South Carolina.")]],
        },
        "vi": {
            "flag": [[("a", "Tổng thống Hàn Quốc Yoon Seok-yue gặp Thủ tướng Fumio Kishida."),
                      ("b", "Tổng thống Hàn Quốc Yoon Suk-yeol gặp Thủ tướng Fumio Kishida.")]],
            "pass": [[("a", "Đệ nhất phu nhân Kim Keon-hee đến thăm."),
                      ("b", "Cố vấn Kim Sung-han đến thăm.")]],
        },
    },
    "unattributed": {
        "en": {
            "flag": [[("a", f'Mayor Tomas Okafor said: "{EN_STATEMENT}."'),
                      ("b", f'Talks resume.\n\n"{EN_STATEMENT}."')]],
            "pass": [[("a", f'Mayor Tomas Okafor said: "{EN_STATEMENT}."'),
                      ("b", f'"{EN_STATEMENT}," Okafor said.')]],
        },
        "vi": {
            "flag": [[("a", f"Rahm Emanuel nói: “{VI_STATEMENT}.”"),
                      ("b", f"Hai nước hội đàm.\n\n“{VI_STATEMENT}.”")]],
            "pass": [[("a", f"Rahm Emanuel nói: “{VI_STATEMENT}.”"),
                      ("b", f"Rahm Emanuel cho biết: “{VI_STATEMENT}.”")]],
        },
    },
    "unknown-speaker": {
        "en": {
            "flag": [[("a", '"We will talk to the union," Brandt said.')]],
            "pass": [[("a", 'Mayor Tomas Okafor spoke. "We will talk," Okafor said.')],
                     [("a", 'Senator Brandt spoke. "We will talk," Brandt said.')]],
        },
        "vi": {
            "flag": [[("a", "Konda nhấn mạnh: “Các cam kết là vững chắc.”")]],
            "pass": [[("a", "Đại sứ Konda nhấn mạnh: “Các cam kết là vững chắc.”")]],
        },
    },
    "altered-quote": {
        "en": {
            "flag": [[("a", f'Tomas Okafor said: "{EN_STATEMENT} and 40 firms."'),
                      ("b", f'Tomas Okafor said: "{EN_STATEMENT} and 400 firms."')],
                     [("a", 'Okafor said: "We will accept the offer from the port today."'),
                      ("b", 'Okafor said: "We will not accept the offer from the port today."')]],
            "pass": [[("a", f'Tomas Okafor said: "{EN_STATEMENT}."'),
                      ("b", f'Tomas Okafor said: "{EN_STATEMENT}!"')],
                     # a fragment lacks the statement's numbers without altering them
                     [("a", f'Tomas Okafor said: "{EN_STATEMENT} and 40 firms."'),
                      ("b", 'Tomas Okafor promised "a serious offer" on Friday.')]],
        },
        "vi": {
            "flag": [[("a", f"Rahm Emanuel nói: “{VI_STATEMENT}.”"),
                      ("b", f"Rahm Emanuel nói: “{VI_STATEMENT}\n\nTHỂ THAO”.")]],
            # a reworded translation with a negation is not an altered quote
            "pass": [[("a", "Rahm Emanuel nói: “Các cam kết của chúng tôi với các đồng minh Nhật "
                            "Bản là cực kỳ vững chắc và chúng tôi sẽ đáp ứng các cam kết đó.”"),
                      ("b", "Rahm Emanuel nói: “Các cam kết của chúng tôi với Nhật Bản là không "
                            "thể phá hủy và chúng tôi sẽ thực hiện các cam kết này.”")],
                     # "U21" names a team: it is no number that changed
                     [("a", f"HLV Marco Vendel nói: “{VI_STATEMENT} trước trận gặp U21 Lào.”"),
                      ("b", f"HLV Marco Vendel nói: “{VI_STATEMENT} trước trận gặp Lào.”")]],
        },
    },
}


def run_rules(tmp_path: Path, lang: str, corpus: Corpus,
              aliases: Aliases | None = None) -> list[Finding]:
    for doc_id, text in corpus:
        (tmp_path / f"{doc_id}.md").write_text(f"---\nlang: {lang}\n---\n{text}\n",
                                              encoding="utf-8")
    report = quotecheck.check([tmp_path], options=Options(aliases=aliases))
    assert all(d.status == "checked" for d in report.documents)
    return list(report.findings)


def test_every_rule_has_examples_both_ways_in_both_languages() -> None:
    for rule in RULES:
        for lang in ("en", "vi"):
            cases = EXAMPLES[rule.id][lang]
            assert cases["flag"], (rule.id, lang)
            assert cases["pass"], (rule.id, lang)


CASES = [(rule, lang, verdict, n) for rule, langs in EXAMPLES.items()
         for lang, verdicts in langs.items() for verdict, corpora in verdicts.items()
         for n in range(len(corpora))]


@pytest.mark.parametrize(("rule", "lang", "verdict", "n"), CASES)
def test_rule_examples(tmp_path: Path, rule: str, lang: str, verdict: str, n: int) -> None:
    findings = run_rules(tmp_path, lang, EXAMPLES[rule][lang][verdict][n])
    flagged = [f for f in findings if f.rule == rule]
    assert bool(flagged) == (verdict == "flag"), findings


def test_misattribution_suggests_the_introduced_speaker(tmp_path: Path) -> None:
    corpus = EXAMPLES["misattribution"]["vi"]["flag"][0]
    [finding] = [f for f in run_rules(tmp_path, "vi", corpus) if f.rule == "misattribution"]
    assert finding.suggested_speaker == "Daniel Kritenbrink"
    assert finding.speakers == ("Daniel Kritenbrink", "Konda")
    assert finding.severity == "error"


def test_misattribution_tie_suggests_nobody(tmp_path: Path) -> None:
    corpus = EXAMPLES["misattribution"]["en"]["flag"][0]
    [finding] = [f for f in run_rules(tmp_path, "en", corpus) if f.rule == "misattribution"]
    assert finding.suggested_speaker is None


def test_aliases_suppress_findings(tmp_path: Path) -> None:
    corpus = [("a", f'Secretary Antony Blinken said: "{EN_STATEMENT}."'),
              ("b", f'Secretary Tony Blinken said: "{EN_STATEMENT}."')]
    aliases = Aliases({"Antony Blinken": ["Tony Blinken"]})
    assert [f.rule for f in run_rules(tmp_path, "en", corpus)] == ["speaker-variant"]
    (tmp_path / "aliased").mkdir()
    assert run_rules(tmp_path / "aliased", "en", corpus, aliases) == []


def test_aliases_file(tmp_path: Path) -> None:
    path = tmp_path / "aliases.toml"
    path.write_text('[aliases]\n"Antony Blinken" = ["Tony Blinken", "布林肯"]\n',
                    encoding="utf-8")
    aliases = Aliases.load(path)
    assert aliases.declared("布林肯", "Antony Blinken")
    assert not aliases.declared("Joe Biden", "Antony Blinken")
