"""A corpus of hostile inputs beside good ones, with what the report must say of each.

Used by tests/test_hostile.py, and runnable to leave the corpus on disk for a
look by hand: ``python -m tests.hostile DIR`` then ``quotecheck check DIR``.
"""

from __future__ import annotations

import json
import os
import random
import sys
import unicodedata
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Expected:
    status: str  # "checked" or "skipped"
    reason: str | None = None  # a part of the skip reason, or of the warning
    speakers: tuple[str, ...] = ()  # speakers of the document's quotes, in order


GOOD_EN = ("Harbour Minister Helena Marsh said on Monday: “The northern pier will reopen "
           "to ferries in March, and not a day later.”\n")
GOOD_VI = ("Bộ trưởng Phạm Quốc Hưng cho biết: “Chúng tôi sẽ mở lại bến phía bắc vào "
           "tháng Ba năm sau.”\n")
NAME_VI = "Ông Nguyễn Văn Hưng nói: “Chúng tôi sẽ tiếp tục đàm phán với các đối tác.”\n"


EXPECTED: dict[str, Expected] = {
    "good-en": Expected("checked", speakers=("Helena Marsh",)),
    "good-vi": Expected("checked", speakers=("Phạm Quốc Hưng",)),
    "utf16": Expected("checked", speakers=("Helena Marsh",)),
    "crlf": Expected("checked", speakers=("Helena Marsh",)),
    "lone-cr": Expected("checked", speakers=("Helena Marsh",)),
    "bad-bytes": Expected("checked", "2 invalid UTF-8 bytes replaced by U+FFFD",
                          ("Phạm Quốc Hưng",)),
    "latin1": Expected("skipped", "probably Latin-1 or Windows-125x"),
    "cp1258": Expected("skipped", "probably Latin-1 or Windows-125x"),
    "nul": Expected("skipped", "not text"),
    "binary": Expected("skipped", "not text"),
    "empty": Expected("skipped", "empty"),
    "whitespace": Expected("skipped", "empty"),
    "only-marks": Expected("checked"),
    "nested": Expected("checked"),
    "unbalanced": Expected("checked"),
    "one-line-5mb": Expected("checked"),
    "nfd": Expected("checked", speakers=(unicodedata.normalize("NFD", "Nguyễn Văn Hưng"),)),
    "nfc": Expected("checked", speakers=("Nguyễn Văn Hưng",)),
    "zero-width": Expected("checked", speakers=("Nguyễn Văn H\u200bưng",)),
    "combining": Expected("checked", speakers=("Jose\u0301 Marti\u0301nez",)),
    "j-good": Expected("checked", speakers=("Helena Marsh",)),
    "records:2": Expected("skipped", "line 2: invalid JSON"),
    "j-no-text": Expected("skipped", "line 3: missing 'text'"),
    "j-number": Expected("skipped", "line 4: 'text' is not a string"),
    "records:5": Expected("skipped", "line 5: duplicate id 'j-good' (first on line 1)"),
    "records:6": Expected("skipped", "line 6: not a JSON object"),
}


def _line(record: object) -> str:
    return json.dumps(record, ensure_ascii=False)


def write_corpus(root: Path) -> dict[str, Expected]:
    """Write the corpus under ``root``; return the expected outcome per document id."""
    root.mkdir(parents=True, exist_ok=True)
    rng = random.Random(7)
    files: dict[str, bytes] = {
        "good-en.txt": GOOD_EN.encode(),
        "good-vi.md": ("---\nsource: Báo Mẫu\nlang: vi\n---\n" + GOOD_VI).encode(),
        "utf16.txt": GOOD_EN.encode("utf-16"),
        "crlf.txt": GOOD_EN.replace("\n", "\r\n").encode() + b"Second line\r\n",
        "lone-cr.txt": b"First line\r" + GOOD_EN.encode().replace(b"\n", b"\r"),
        "bad-bytes.txt": GOOD_VI.encode() + b"Tail \xff\xfe of the page.\n",
        "latin1.txt": "Le ministre a déclaré : « Nous irons à Hanoï. »\n".encode("latin-1"),
        "cp1258.txt": NAME_VI.encode("cp1258", errors="replace"),
        "nul.txt": b"Marsh said \x00\x00 nothing",
        "binary.txt": b"\x89PNG\r\n\x1a\n" + bytes(rng.randrange(256) for _ in range(4096)),
        "empty.txt": b"",
        "whitespace.txt": b" \n\t\n\r\n   ",
        "only-marks.txt": ("“”‘’\"'«»„‚‹›「」『』" * 500).encode(),
        "nested.txt": ("He said: " + "“‘" * 2500 + "deep" + "’”" * 2500 + "\n").encode(),
        "unbalanced.txt": ("“a " * 100_000).encode(),
        "one-line-5mb.txt": _one_line(5_000_000).encode(),
        "nfd.txt": unicodedata.normalize("NFD", NAME_VI).encode(),
        "nfc.txt": NAME_VI.encode(),
        "zero-width.txt": NAME_VI.replace("Hưng", "H\u200bưng").encode(),
        "combining.txt": ("Minister Jose\u0301 Marti\u0301nez said: “We will sign the "
                          "treaty next week in Hanoi.”\n").encode(),
    }
    for name, data in files.items():
        (root / name).write_bytes(data)
    records = [
        _line({"id": "j-good", "text": GOOD_EN, "source": "Wire"}),
        "{not json",
        _line({"id": "j-no-text"}),
        _line({"id": "j-number", "text": 42}),
        _line({"id": "j-good", "text": "A duplicate id."}),
        _line(["a", "list"]),
    ]
    (root / "records.jsonl").write_text("\n".join(records) + "\n", encoding="utf-8")
    return EXPECTED


def _one_line(size: int) -> str:
    """A scraped page with no line breaks: prose with a quote every few sentences."""
    sentence = ("The council met again on Tuesday to discuss the budget for the harbour "
                "and the roads. Councillor Ana Duarte said “the vote will wait until the "
                "audit is done” before leaving. ")
    return (sentence * (size // len(sentence) + 1))[:size]


if __name__ == "__main__":
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "hostile-corpus")
    expected = write_corpus(target)
    print(f"wrote {len(os.listdir(target))} files ({len(expected)} documents) to {target}")
