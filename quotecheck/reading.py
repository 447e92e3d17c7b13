"""Read stage: turn paths into documents, or into skipped inputs with a reason.

Files are found in a sorted, deterministic order. Nothing is dropped silently:
every input that is not checked comes out as a ``Skipped`` record.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from quotecheck.records import Document, Skipped

TEXT_SUFFIXES = (".txt", ".md")
JSONL_SUFFIXES = (".jsonl",)
SUPPORTED = TEXT_SUFFIXES + JSONL_SUFFIXES
METADATA_KEYS = ("source", "url", "date", "lang", "title")
_FRONT_MATTER_RE = re.compile(r"\A---\n(.*?\n)---\n", re.DOTALL)
_FRONT_LINE_RE = re.compile(r"^([A-Za-z_]+)\s*:\s*(.*?)\s*$")

Item = Document | Skipped


def decode(data: bytes) -> str:
    """Decode file bytes as UTF-8 (BOM optional) or BOM-marked UTF-16.

    Newlines are normalised to ``\\n`` as ``open(newline=None)`` does.
    Raises ``ValueError`` with a one-line reason for anything else.
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise ValueError(f"invalid UTF-16 at byte {exc.start}") from None
    else:
        if b"\x00" in data:
            raise ValueError("not text (contains NUL bytes)")
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise ValueError(
                f"not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start}); "
                "re-encode the file as UTF-8"
            ) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def front_matter(text: str) -> tuple[dict[str, str], int]:
    """Metadata from a leading ``---`` block, and where the article body starts."""
    match = _FRONT_MATTER_RE.match(text)
    if not match:
        return {}, 0
    meta: dict[str, str] = {}
    for line in match.group(1).splitlines():
        field = _FRONT_LINE_RE.match(line)
        if field and field.group(1) in METADATA_KEYS:
            meta[field.group(1)] = field.group(2).strip("'\"")
    return meta, match.end()


def expand(paths: Iterable[str | os.PathLike[str]]) -> Iterator[tuple[Path, str | None]]:
    """Files to read, in sorted order, each with a reason when it must be skipped."""
    seen: set[Path] = set()
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            yield from _walk(path, seen)
        elif path.is_file():
            resolved = path.resolve()
            if resolved not in seen:
                seen.add(resolved)
                reason = None if path.suffix.lower() in SUPPORTED else _unsupported(path)
                yield path, reason
        else:
            yield path, "no such file or directory"


def _unsupported(path: Path) -> str:
    kinds = ", ".join(SUPPORTED)
    return f"unsupported file type '{path.suffix or '(none)'}' (quotecheck reads {kinds})"


def _walk(root: Path, seen: set[Path]) -> Iterator[tuple[Path, str | None]]:
    """Supported files under ``root``, sorted; dot-files are left out."""
    found: list[tuple[Path, str | None]] = []

    def on_error(exc: OSError) -> None:
        found.append((Path(exc.filename or root), f"cannot read directory: {exc.strerror}"))

    for folder, dirs, files in os.walk(root, onerror=on_error, followlinks=False):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in files:
            path = Path(folder) / name
            if name.startswith(".") or path.suffix.lower() not in SUPPORTED:
                continue
            resolved = path.resolve()
            if resolved in seen:
                continue
            seen.add(resolved)
            found.append((path, None))
    yield from sorted(found, key=lambda item: str(item[0]))


class _Ids:
    """Hands out document ids, unique within a run ("stem", "stem~2", ...)."""

    def __init__(self) -> None:
        self.used: set[str] = set()

    def take(self, wanted: str) -> str:
        candidate, n = wanted, 1
        while candidate in self.used:
            n += 1
            candidate = f"{wanted}~{n}"
        self.used.add(candidate)
        return candidate


def read(paths: Iterable[str | os.PathLike[str]]) -> Iterator[Item]:
    """Documents and skipped inputs from ``paths``, streaming one at a time."""
    ids = _Ids()
    for path, reason in expand(paths):
        if reason is not None:
            yield Skipped(ids.take(path.stem or str(path)), str(path), reason)
            continue
        try:
            data = path.read_bytes()
        except OSError as exc:
            yield Skipped(ids.take(path.stem), str(path), f"cannot read: {exc.strerror}")
            continue
        if path.suffix.lower() in JSONL_SUFFIXES:
            yield from _read_jsonl(path, data, ids)
        else:
            yield _read_text(path, data, ids)


def _read_text(path: Path, data: bytes, ids: _Ids) -> Item:
    doc_id = ids.take(path.stem)
    try:
        text = decode(data)
    except ValueError as exc:
        return Skipped(doc_id, str(path), str(exc))
    meta, body = front_matter(text)
    if not text[body:].strip():
        return Skipped(doc_id, str(path), "empty (no text)")
    return Document(
        id=doc_id, text=text, path=str(path), source=meta.get("source") or doc_id,
        lang=meta.get("lang"), url=meta.get("url"), date=meta.get("date"),
        title=meta.get("title"), text_offset=body,
    )


def _read_jsonl(path: Path, data: bytes, ids: _Ids) -> Iterator[Item]:
    try:
        text = decode(data)
    except ValueError as exc:
        yield Skipped(ids.take(path.stem), str(path), str(exc))
        return
    first_line: dict[str, int] = {}
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        item = _jsonl_record(path, number, line, first_line)
        if isinstance(item, Skipped):
            yield Skipped(ids.take(item.id), item.path, item.reason, item.line)
        else:
            first_line[item.id] = number
            ids.used.add(item.id)
            yield item


def _jsonl_record(path: Path, number: int, line: str, first: dict[str, int]) -> Item:
    where = f"{path.stem}:{number}"
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        return Skipped(where, str(path), f"line {number}: invalid JSON ({exc.msg})", number)
    if not isinstance(record, dict):
        return Skipped(where, str(path), f"line {number}: not a JSON object", number)
    doc_id, text = record.get("id"), record.get("text")
    if not isinstance(doc_id, str | int) or isinstance(doc_id, bool) or str(doc_id) == "":
        return Skipped(where, str(path), f"line {number}: missing 'id'", number)
    doc_id = str(doc_id)
    if doc_id in first:
        reason = f"line {number}: duplicate id '{doc_id}' (first on line {first[doc_id]})"
        return Skipped(where, str(path), reason, number)
    if not isinstance(text, str):
        what = "missing 'text'" if text is None else "'text' is not a string"
        return Skipped(doc_id, str(path), f"line {number}: {what}", number)
    if not text.strip():
        return Skipped(doc_id, str(path), f"line {number}: empty text", number)
    meta = {k: str(record[k]) for k in METADATA_KEYS if isinstance(record.get(k), str | int)}
    return Document(
        id=doc_id, text=text, path=str(path), source=meta.get("source") or doc_id,
        lang=meta.get("lang"), url=meta.get("url"), date=meta.get("date"),
        title=meta.get("title"), line=number,
    )
