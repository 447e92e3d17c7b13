"""Read stage: encodings, front matter, JSON Lines, skipped inputs with reasons."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from quotecheck.reading import decode, front_matter, read
from quotecheck.records import Document, Skipped

TEXT = "Okafor said: “We will talk.”\n"


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (TEXT.encode("utf-8"), TEXT),
        (b"\xef\xbb\xbf" + TEXT.encode("utf-8"), TEXT),
        (TEXT.encode("utf-16"), TEXT),  # BOM included by Python's utf-16 codec
        ("Ông nói: “Tốt.”\r\nDòng hai\rDòng ba".encode(), "Ông nói: “Tốt.”\nDòng hai\nDòng ba"),
    ],
)
def test_decode_accepts(data: bytes, expected: str) -> None:
    assert decode(data) == (expected, None)


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"caf\xe9 au lait", "not UTF-8 (byte 0xe9 at offset 3): probably Latin-1"),
        ("Ông Hưng nói".encode("cp1258"), "not UTF-8 (byte 0xd4 at offset 0)"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00", "not text"),
        (b"abc\x00def", "not text"),
    ],
)
def test_decode_refuses_with_reason(data: bytes, reason: str) -> None:
    with pytest.raises(ValueError, match=reason.replace("(", r"\(").replace(")", r"\)")):
        decode(data)


def test_a_few_invalid_bytes_in_utf8_are_replaced_with_a_warning() -> None:
    good = "Ông Hưng nói: “Tốt.” ".encode()
    text, warning = decode(good + b"\xff\xfe tail")
    assert text == "Ông Hưng nói: “Tốt.” \ufffd\ufffd tail"
    assert warning == ("2 invalid UTF-8 bytes replaced by U+FFFD "
                       f"(first at byte offset {len(good)})")


def test_front_matter_is_read_and_body_offset_kept() -> None:
    text = "---\nsource: The Courier\nlang: en\nignored: x\n---\nBody here.\n"
    meta, body = front_matter(text)
    assert meta == {"source": "The Courier", "lang": "en"}
    assert text[body:] == "Body here.\n"


def _items(tmp_path: Path, *names: str) -> list[Document | Skipped]:
    return list(read([tmp_path / n for n in names] if names else [tmp_path]))


def test_folder_is_read_recursively_in_sorted_order(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "z.txt").write_text("Z text", encoding="utf-8")
    (tmp_path / "a.md").write_text("A text", encoding="utf-8")
    (tmp_path / "picture.png").write_bytes(b"\x89PNG")  # not a supported type: not read
    ids = [item.id for item in _items(tmp_path)]
    assert ids == ["a", "z"]


def test_same_stem_gets_unique_ids(tmp_path: Path) -> None:
    for sub in ("x", "y"):
        (tmp_path / sub).mkdir()
        (tmp_path / sub / "story.txt").write_text(f"{sub} text", encoding="utf-8")
    assert [item.id for item in _items(tmp_path)] == ["story", "story~2"]


def test_unreadable_inputs_are_skipped_with_reasons(tmp_path: Path) -> None:
    (tmp_path / "latin1.txt").write_bytes("Café crème".encode("latin-1"))
    (tmp_path / "empty.txt").write_text("  \n ", encoding="utf-8")
    (tmp_path / "notes.pdf").write_bytes(b"%PDF-1.4")
    items = _items(tmp_path, "latin1.txt", "empty.txt", "notes.pdf", "missing.txt")
    reasons = {item.id: item.reason for item in items if isinstance(item, Skipped)}
    assert set(reasons) == {"latin1", "empty", "notes", "missing"}
    assert "not UTF-8" in reasons["latin1"]
    assert reasons["empty"] == "empty (no text)"
    assert "unsupported file type '.pdf'" in reasons["notes"]
    assert reasons["missing"] == "no such file or directory"


def test_jsonl_bad_lines_are_reported_and_good_lines_kept(tmp_path: Path) -> None:
    lines = [
        json.dumps({"id": "a", "text": "First", "source": "S", "gold": {"x": 1}}),
        "{not json",
        json.dumps({"id": "b"}),
        json.dumps({"id": "c", "text": 42}),
        json.dumps({"id": "a", "text": "again"}),
        "",
        json.dumps({"id": "d", "text": "Fourth", "lang": "vi"}),
    ]
    (tmp_path / "c.jsonl").write_text("\n".join(lines), encoding="utf-8")
    items = _items(tmp_path, "c.jsonl")
    docs = [i for i in items if isinstance(i, Document)]
    skipped = [i for i in items if isinstance(i, Skipped)]
    assert [(d.id, d.line, d.source, d.lang) for d in docs] == [
        ("a", 1, "S", None), ("d", 7, "d", "vi")]
    assert [(s.line, s.reason) for s in skipped] == [
        (2, "line 2: invalid JSON (Expecting property name enclosed in double quotes)"),
        (3, "line 3: missing 'text'"),
        (4, "line 4: 'text' is not a string"),
        (5, "line 5: duplicate id 'a' (first on line 1)"),
    ]
    assert len({i.id for i in items}) == len(items)  # ids stay unique in the report
