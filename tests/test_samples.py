"""The sample corpus: the attributions the user expects, and golden reports."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import quotecheck
from quotecheck.report import to_json
from tests.conftest import ROOT, SAMPLES

GOLDEN = Path(__file__).parent / "golden"

# (document, words the quote starts with, speaker) from the core issue's acceptance list.
VI_EXPECTED = [
    ("000_577f059b0334975b", "Trước những mối đe dọa", "Daniel Kritenbrink"),
    ("000_577f059b0334975b", "Các cam kết trong hiệp ước", "Daniel Kritenbrink"),
    ("000_577f059b0334975b", "Những cuộc đàm phán 2+2", "Rahm Emanuel"),
    ("000_577f059b0334975b", "Thông qua việc chuyển đổi", "Rahm Emanuel"),
    ("001_689e9db94f201af6", "Đối mặt với các mối đe dọa", "Daniel Kritenbrink"),
    ("001_689e9db94f201af6", "Các cam kết", "Konda"),
    ("001_689e9db94f201af6", "Cuộc đàm phán 2+2", "Rahm Emanuel"),
    ("001_689e9db94f201af6", "Bằng cách thay đổi cơ cấu", "Rahm Emanuel"),
    ("002_f852f40e686e4ddf", "rất kỹ", "Lloyd Austin"),
    ("003_7547b9468bdb06db", "là nền tảng của hòa bình", "Antony Blinken"),
    ("004_4c968fb78eacb91a", "đóng vai trò quan trọng", "Karine Jean-Pierre"),
    ("004_4c968fb78eacb91a", "nhấn mạnh tầm quan trọng", "Karine Jean-Pierre"),
    ("004_4c968fb78eacb91a", "bằng cách triển khai các khả năng", "Lloyd Austin"),
    ("004_4c968fb78eacb91a", "Chúng tôi đang hiện đại hóa", "Joe Biden"),
    ("004_4c968fb78eacb91a", "Các cuộc gặp đã được sắp xếp", "Jose Manuel Romualdez"),
]

EN_EXPECTED = [
    ("velden-courier", "We have listened", "Tomas Okafor"),
    ("velden-courier", "Nobody in this city", "Tomas Okafor"),  # split quote, role noun
    ("velden-courier", "The city has promised", "Helena Marsh"),  # pronoun
    ("velden-courier", "Every week without cargo", "Priya Raman"),  # role noun
    ("velden-courier", "Our members have worked", "Helena Marsh"),  # multi-paragraph
    ("velden-courier", "resume within a fortnight", "Samuel Whitcombe"),  # fragment
    ("harbour-daily", "We have listened", "Helena Marsch"),  # planted misattribution
    ("harbour-daily", "The city has promised", "Helena Marsch"),  # planted spelling
    ("velden-wire", "The city has promised", "Brandt"),  # planted, never introduced
    ("coastline-0304", "We have listened", "Tomas Okafor"),
    ("coastline-0304", "Every week without cargo", None),  # planted unattributed
    ("coastline-0304", "will not accept any deal", "Helena Marsh"),
]


@pytest.fixture(scope="module")
def vi_report() -> dict[str, object]:
    return to_json(quotecheck.check([SAMPLES / "vi"]))


@pytest.fixture(scope="module")
def en_report() -> dict[str, object]:
    return to_json(quotecheck.check([SAMPLES / "en"]))


def _speaker(report: dict[str, object], document: str, start: str) -> str | None:
    quotes = [q for q in report["quotes"]  # type: ignore[attr-defined]
              if q["document"] == document and q["text"].startswith(start)]
    assert len(quotes) == 1, (document, start, quotes)
    return quotes[0]["speaker"]  # type: ignore[no-any-return]


@pytest.mark.parametrize(("document", "start", "speaker"), VI_EXPECTED)
def test_vietnamese_seed_speakers(vi_report: dict[str, object], document: str, start: str,
                                  speaker: str) -> None:
    assert _speaker(vi_report, document, start) == speaker


def test_relay_is_not_the_speaker(vi_report: dict[str, object]) -> None:
    speaker = _speaker(vi_report, "004_4c968fb78eacb91a", "Chúng tôi không thể liên lạc")
    assert speaker is not None
    assert "Nikkei" not in speaker


def test_austin_fragment_kind(vi_report: dict[str, object]) -> None:
    [quote] = [q for q in vi_report["quotes"] if q["text"] == "rất kỹ"]  # type: ignore[attr-defined]
    assert quote["kind"] == "fragment"


@pytest.mark.parametrize(("document", "start", "speaker"), EN_EXPECTED)
def test_english_sample_speakers(en_report: dict[str, object], document: str, start: str,
                                 speaker: str | None) -> None:
    assert _speaker(en_report, document, start) == speaker


def test_samples_are_the_seeds_byte_for_byte() -> None:
    seeds = ROOT.parent / "shared" / "seeds"
    if not seeds.is_dir():
        pytest.skip("the shared seed folder is not beside this checkout")
    for seed in sorted(seeds.glob("*.txt")):
        assert (SAMPLES / "vi" / seed.name).read_bytes() == seed.read_bytes()


@pytest.mark.parametrize("corpus", ["vi", "en"])
def test_golden_json(corpus: str, update_golden: bool) -> None:
    report = to_json(quotecheck.check([SAMPLES / corpus]))
    for doc in report["documents"]:
        doc["path"] = Path(doc["path"]).relative_to(ROOT).as_posix()
    for quote in report["quotes"]:
        assert quote["text"] == _text(quote["document"], corpus)[quote["start"] : quote["end"]]
    golden = GOLDEN / f"samples-{corpus}.json"
    rendered = json.dumps(report, ensure_ascii=False, indent=2) + "\n"
    if update_golden:
        golden.write_text(rendered, encoding="utf-8")
    assert rendered == golden.read_text(encoding="utf-8"), (
        "report changed; review and rerun with --update-golden")


def _text(document: str, corpus: str) -> str:
    from quotecheck.reading import read
    from quotecheck.records import Document

    for item in read([SAMPLES / corpus]):
        if isinstance(item, Document) and item.id == document:
            return item.text
    raise AssertionError(document)
